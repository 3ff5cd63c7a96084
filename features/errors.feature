Feature: Errors every operation can answer
  The product error codes that need a provider-side cause (a permission
  denied, an internal error) and the gateway's own codes.

  Background:
    Given an app

  @mock @code:NoAuth @op:DeleteLiveMessageGroup
  Scenario: A key whose policy does not allow the action gets NoAuth
    Given a group "g1"
    And a key whose policy allows only "live:DescribeLiveMessageGroup"
    When I delete group "g1" with that key
    Then the call fails with "NoAuth"
    And group "g1" is active

  @mock @code:NoAuth @op:RecoverLiveMessageDeletedGroup
  Scenario: NoAuth on recovery leaves the group deleted
    Given a deleted group "g1"
    And a key whose policy allows only "live:DescribeLiveMessageGroup"
    When I recover group "g1" with that key
    Then the call fails with "NoAuth"
    And group "g1" is still deleted

  @mock @code:NoAuth @op:RemoveLiveMessageGroupBand
  Scenario: NoAuth on unmute leaves the users muted
    Given a group "g1" where users "u1" are muted
    And a key whose policy allows only "live:DescribeLiveMessageGroupBand"
    When I unmute users "u1" in group "g1" with that key
    Then the call fails with "NoAuth"
    And in group "g1" users "u1" are muted and users "" are not

  @mock @code:ServerError
  Scenario Outline: An internal error on <operation> changes nothing
    Given a group "g1" where users "u1" are muted
    And the provider fails the next "<operation>" with "ServerError"
    When I call "<operation>" on group "g1"
    Then the call fails with "ServerError"
    And group "g1" is active
    And in group "g1" users "u1" are muted and users "" are not

    @op:DeleteLiveMessageGroup
    Examples: delete
      | operation              |
      | DeleteLiveMessageGroup |

    @op:RemoveLiveMessageGroupBand
    Examples: unmute
      | operation                  |
      | RemoveLiveMessageGroupBand |

  @mock @code:ServerError @op:RecoverLiveMessageDeletedGroup
  Scenario: An internal error on recovery leaves the group deleted
    Given a deleted group "g1"
    And the provider fails the next "RecoverLiveMessageDeletedGroup" with "ServerError"
    When I recover group "g1"
    Then the call fails with "ServerError"
    And group "g1" is still deleted

  @code:InvalidAction.NotFound
  Scenario: An action the API does not have
    When I call the action "DeleteLiveMessageGroupX"
    Then the call fails with "InvalidAction.NotFound"

  @code:InvalidVersion
  Scenario: A version the API does not have
    When I call "DescribeLiveMessageGroup" with version "2099-01-01"
    Then the call fails with "InvalidVersion"

  @assumption @code:InvalidFormat
  Scenario: A response format other than JSON and XML
    When I call "DescribeLiveMessageGroup" with format "YAML"
    Then the call fails with "InvalidFormat"
