@lists
Feature: Lists hold every item once, only what a filter asks, in the order asked
  Every list operation of the family read page after page: by PageNumber
  (ListLiveMessageGroupByPage) or by NextPageToken (ListLiveMessageGroups,
  ListLiveMessageApps, and of a group ListLiveMessageGroupUsers and
  ListLiveMessageGroupMessages). Together the pages hold each item once, with no gap
  and no overlap, as many as the answers count (TotalCount); a GroupStatus
  filter returns only that status (1 existing, 2 deleted: the metadata's
  request models); SortType 1 is ascending and 2 descending by creation.
  The app may hold other groups (a real account): the checks hold whatever
  else the pages list.

  Background:
    Given an app
    And a group "g1"
    And a group "g2"
    And a deleted group "g3"

  Scenario Outline: <op> filtered by GroupStatus <status> lists only <which> groups
    When I read every page of "<op>" with <params>
    Then the pages hold every item once, as many as the answers count
    And every item of the pages has Delete "<deleted>"
    And the pages hold groups "<held>"
    And the pages do not hold groups "<not held>"

    @op:ListLiveMessageGroupByPage
    Examples:
      | op                         | params                                                | status | which    | deleted | held  | not held |
      | ListLiveMessageGroupByPage | SortType "1", GroupStatus "1" and PageSize "1"        | 1      | existing | false   | g1,g2 | g3       |
      | ListLiveMessageGroupByPage | SortType "2", GroupStatus "2" and PageSize "1"        | 2      | deleted  | true    | g3    | g1,g2    |

    @op:ListLiveMessageGroups
    Examples:
      | op                    | params                             | status | which    | deleted | held  | not held |
      | ListLiveMessageGroups | SortType "1" and GroupStatus "1"   | 1      | existing | false   | g1,g2 | g3       |
      | ListLiveMessageGroups | SortType "2" and GroupStatus "2"   | 2      | deleted  | true    | g3    | g1,g2    |

  Scenario Outline: <op> with SortType <sort> lists every group once, <order> by creation
    Given a second has passed
    And a group "g4"
    When I read every page of "<op>" with <params>
    Then the pages hold every item once, as many as the answers count
    And the pages hold groups "g1,g2,g3,g4"
    And the pages are sorted by Createtime <order>

    @op:ListLiveMessageGroupByPage
    Examples:
      | op                         | sort | order      | params                                         |
      | ListLiveMessageGroupByPage | 1    | ascending  | SortType "1", GroupStatus "0" and PageSize "2" |
      | ListLiveMessageGroupByPage | 2    | descending | SortType "2", GroupStatus "0" and PageSize "2" |

    @op:ListLiveMessageGroups
    Examples:
      | op                    | sort | order      | params                           |
      | ListLiveMessageGroups | 1    | ascending  | SortType "1" and GroupStatus "0" |
      | ListLiveMessageGroups | 2    | descending | SortType "2" and GroupStatus "0" |

  @op:ListLiveMessageApps
  Scenario Outline: ListLiveMessageApps with SortType <sort> lists every app once, <order> by creation
    When I read every page of "ListLiveMessageApps" with SortType "<sort>"
    Then the pages hold every item once, as many as the answers count
    And the pages are sorted by CreateTime <order>

    Examples:
      | sort | order      |
      | 1    | ascending  |
      | 2    | descending |

  # Members and their messages come through the client SDK: on the
  # emulator only.
  @members @op:ListLiveMessageGroupUsers
  Scenario Outline: ListLiveMessageGroupUsers with SortType <sort> lists every member once, page after page
    Given users "m1,m2,m3,m4,m5,m6,m7,m8,m9,m10,m11,m12" have joined group "g1"
    When I read every page of "ListLiveMessageGroupUsers" of group "g1" with SortType "<sort>" and PageSize "10"
    Then the pages hold every item once, as many as the answers count
    And the response list "UserList" has the UserId values "<last page>"

    Examples:
      | sort | last page |
      | 1    | m11,m12   |
      | 2    | m2,m1     |

  @members @op:ListLiveMessageGroupMessages
  Scenario Outline: ListLiveMessageGroupMessages with SortType <sort> lists every message once, <order> by time
    Given users "u1" have joined group "g1"
    And user "u1" sent the messages "a1,a2,a3,a4,a5,a6" to group "g1"
    And a second has passed
    And user "u1" sent the messages "b1,b2,b3,b4,b5,b6" to group "g1"
    When I read every page of "ListLiveMessageGroupMessages" of group "g1" with SortType "<sort>" and PageSize "10"
    Then the pages hold every item once, as many as the answers count
    And the pages are sorted by Timestamp <order>

    Examples:
      | sort | order      |
      | 1    | ascending  |
      | 2    | descending |

  # One message more than the smallest page the contract allows: the first
  # page holds exactly PageSize, the second the one left, and together
  # they hold every message sent, each once.
  @members @op:ListLiveMessageGroupMessages
  Scenario Outline: A group holding one message more than the smallest page lists a full page, then the one left (SortType <sort>)
    Given users "u1" have joined group "g1"
    And user "u1" sent one message more than the smallest page of "ListLiveMessageGroupMessages" to group "g1"
    When I read every page of "ListLiveMessageGroupMessages" of group "g1" on its smallest page with SortType "<sort>"
    Then the pages hold every item once, as many as the answers count
    And the pages hold the messages sent, each once

    Examples:
      | sort |
      | 1    |
      | 2    |
