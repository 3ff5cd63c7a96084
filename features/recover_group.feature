@op:RecoverLiveMessageDeletedGroup
Feature: Recover a deleted group
  RecoverLiveMessageDeletedGroup restores a group deleted less than 30 days
  ago; the messages stored before the deletion can be queried again.

  Background:
    Given an app

  Scenario: A deleted group is active again after recovery
    Given a deleted group "g1"
    When I recover group "g1"
    Then the call succeeds
    And the response field "GroupId" is the id of group "g1"
    And group "g1" is active

  @members
  Scenario: Messages sent before the deletion are queryable again after recovery
    Given a group "g1" that users "u1" have joined
    And user "u1" sent the messages "hello,world" to group "g1"
    And group "g1" was deleted
    When I recover group "g1"
    Then the call succeeds
    And group "g1" lists the messages "hello,world"

  @mock
  Scenario: Recovery just before the 30-day boundary succeeds
    Given a deleted group "g1"
    And 30 days less 1 minute have passed
    When I recover group "g1"
    Then the call succeeds
    And group "g1" is active

  @mock @code:ResourceNotExist
  Scenario: Recovery just after the 30-day boundary fails and the group is gone
    Given a deleted group "g1"
    And 30 days and 1 minute have passed
    When I recover group "g1"
    Then the call fails with "ResourceNotExist"
    And describing group "g1" fails with "ResourceNotExist"

  @code:ResourceNotExist
  Scenario: Recovering a group that was never created
    When I recover group "never1"
    Then the call fails with "ResourceNotExist"

  @code:InputInvalid @assumption
  Scenario: Recovering a group that is not deleted is refused
    Given a group "g1"
    When I recover group "g1"
    Then the call fails with "InputInvalid"
    And group "g1" is active

  @code:ErrorTooManyGroups @expensive
  Scenario: Recovery is refused when the app already holds 5000 groups
    Given a deleted group "g1"
    And the app holds 5000 active groups
    When I recover group "g1"
    Then the call fails with "ErrorTooManyGroups"
    And group "g1" is still deleted
    And the app still holds 5000 active groups

  @code:InputInvalid
  Scenario: Recovering with an invalid DataCenter
    Given a deleted group "g1"
    When I recover group "g1" with DataCenter "mars-1"
    Then the call fails with "InputInvalid"
    And the error message names "DataCenter"
    And group "g1" is still deleted

  @code:MissingAppId
  Scenario: Recovering without an AppId
    When I call "RecoverLiveMessageDeletedGroup" without "AppId"
    Then the call fails with "MissingAppId"
