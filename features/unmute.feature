@op:RemoveLiveMessageGroupBand
Feature: Unmute users of a group
  RemoveLiveMessageGroupBand unmutes at most 30 users per call; "*"
  unmutes every muted user.

  Background:
    Given an app

  Scenario: Unmuting one user leaves the others muted
    Given a group "g1" where users "u1,u2" are muted
    When I unmute users "u1" in group "g1"
    Then the call succeeds
    And in group "g1" users "u2" are muted and users "u1" are not

  Scenario Outline: Unmuting exactly 30 users at once, sent as <form>
    Given a group "g1" where 30 users are muted
    When I unmute those 30 users in group "g1" sent as <form>
    Then the call succeeds
    And nobody is muted in group "g1"

    # SDK v1 sends Name.1..Name.N; the generated SDKs send the list comma-joined.
    Examples:
      | form     |
      | repeated |
      | comma    |

    # No official client sends a JSON array: that the service takes one is assumed.
    @assumption
    Examples: a JSON array
      | form |
      | json |

  @code:InputInvalid
  Scenario: Unmuting 31 users is refused and unmutes nobody
    Given a group "g1" where 31 users are muted
    When I unmute those 31 users in group "g1"
    Then the call fails with "InputInvalid"
    And the error message names "UnbannedUsers"
    And 31 users are still muted in group "g1"

  Scenario: "*" unmutes every muted user
    Given a group "g1" where users "u1,u2,u3" are muted
    When I unmute users "*" in group "g1"
    Then the call succeeds
    And nobody is muted in group "g1"

  @code:ResourceNotExist
  Scenario: Unmuting in a group that does not exist
    When I unmute users "u1" in group "never1"
    Then the call fails with "ResourceNotExist"

  @code:ResourceNotExist @assumption
  Scenario: Unmuting in a deleted group
    Given a deleted group "g1"
    When I unmute users "u1" in group "g1"
    Then the call fails with "ResourceNotExist"

  @code:InputInvalid
  Scenario: A user id with characters other than letters and digits is refused
    Given a group "g1" where users "u1" are muted
    When I unmute users "u-1" in group "g1"
    Then the call fails with "InputInvalid"
    And in group "g1" users "u1" are muted and users "" are not

  @code:MissingUnbannedUsers
  Scenario: Unmuting without a list of users
    When I call "RemoveLiveMessageGroupBand" without "UnbannedUsers"
    Then the call fails with "MissingUnbannedUsers"
