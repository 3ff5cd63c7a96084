@op:DeleteLiveMessageGroup
Feature: Delete a group
  DeleteLiveMessageGroup makes a group unavailable, records who deleted it
  and when, notifies its members and keeps its messages for 30 days.

  Background:
    Given an app

  Scenario: Deleting a group makes it unavailable and records the operator
    Given a group "g1"
    When I delete group "g1" as operator "ops1"
    Then the call succeeds
    And the response field "GroupId" is the id of group "g1"
    And group "g1" is deleted by "ops1"
    And group "g1" is listed among the deleted groups
    And group "g1" is not listed among the existing groups

  @mock
  Scenario: The members of a deleted group are notified that it closed
    Given a group "g1" that users "u1,u2" have joined
    When I delete group "g1"
    Then the call succeeds
    And users "u1,u2" were notified that group "g1" closed

  @assumption
  Scenario: Deleting a group that does not exist answers with its id
    When I delete group "never1"
    Then the call succeeds
    And the response field "GroupId" is the id of group "never1"

  @code:ResourceNotExist @assumption
  Scenario: Deleting a group of an app that does not exist
    When I delete group "g1" of app "noapp0000"
    Then the call fails with "ResourceNotExist"

  @code:InputInvalid
  Scenario Outline: Deleting with an invalid <param> is refused and changes nothing
    Given a group "g1"
    When I delete group "g1" with <param> "<value>"
    Then the call fails with "InputInvalid"
    And the error message names "<param>"
    And group "g1" is active

    Examples:
      | param      | value                                                             |
      | OperatorId | ops-1                                                             |
      | OperatorId | o12345678901234567890123456789012345678901234567890123456789012345 |
      | DataCenter | eu-central-1                                                      |

  @code:MissingGroupId
  Scenario: Deleting without a GroupId
    When I call "DeleteLiveMessageGroup" without "GroupId"
    Then the call fails with "MissingGroupId"
