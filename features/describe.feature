Feature: Describe and list groups as the API metadata documents them
  Times are UNIX seconds; a description carries SuperLargeGroup, the
  counters only while the group exists and Deletatime and Deletor only once
  it was deleted; CreatorId is optional; an empty or -1 NextPageToken lists
  the first page (describe_live_message_group_response_body_model.go,
  create_live_message_group_request_model.go, the ListLiveMessageGroups
  page).

  Background:
    Given an app

  @op:CreateLiveMessageGroup
  Scenario: A group can be created without a CreatorId
    When I create group "g1" without a CreatorId
    Then the call succeeds
    And group "g1" is active

  @op:DescribeLiveMessageGroup
  Scenario: Createtime is the time of creation in UNIX seconds
    Given a group "g1"
    Then group "g1" was created within the last 10 minutes, read in the unit the contract states

  @op:DescribeLiveMessageGroup
  Scenario: An active group is described with its counters and without deletion fields
    Given a group "g1"
    When I describe group "g1"
    Then the call succeeds
    And the response has the fields "TotalTimes,OnlineUserCounts,MsgAmount,SuperLargeGroup"
    And the response has none of the fields "Deletatime,Deletor"
    And the response field "SuperLargeGroup" is false

  # "Returned only if the group exists" is read as "while it is not
  # deleted": a deleted group is still described until it is purged.
  @op:DescribeLiveMessageGroup @assumption
  Scenario: A deleted group is described with Deletatime and Deletor and without counters
    Given a deleted group "g1"
    When I describe group "g1"
    Then the call succeeds
    And the response has the fields "Deletatime,Deletor"
    And the response has none of the fields "TotalTimes,OnlineUserCounts,MsgAmount"

  @op:DescribeLiveMessageGroup @members
  Scenario: A group that more than 2,000 users joined is a super group
    Given a group "g1" that 2001 users have joined
    When I describe group "g1"
    Then the call succeeds
    And the response field "SuperLargeGroup" is true

  @op:ListLiveMessageGroups
  Scenario Outline: Listing from NextPageToken "<token>" starts at the first page
    Given a group "g1"
    When I list the existing groups newest first from NextPageToken "<token>"
    Then the call succeeds
    And the listed groups include group "g1"

    Examples:
      | token |
      | -1    |
      |       |

  @op:AddLiveMessageGroupBand @code:InputInvalid
  Scenario: "*" is not a user id to mute: muting a whole group is BanLiveMessageGroup
    Given a group "g1"
    When I mute users "*" in group "g1"
    Then the call fails with "InputInvalid"
    And the error message names "BannedUsers"
    And group "g1" is not muted as a whole
