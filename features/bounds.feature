@bounds
Feature: Every parameter at its documented maximum, and one over
  Each length and item count the contract states (@maxLength, @maxItems in
  contract/livemessage.graphql, from the API metadata and the pages) is
  accepted at exactly that value and refused one over, with InputInvalid
  naming the parameter. The values come from the contract, not from these
  files: the steps build a value of the maximum length (letters and digits,
  unique in the run) or a list of the maximum count.

  Background:
    Given an app
    And a group "g1"

  @code:InputInvalid
  Scenario Outline: <op> takes <param> of its maximum length, and refuses one more
    When I call "<op>" on group "g1" with <param> at its maximum length
    Then the call succeeds
    When I call "<op>" on group "g1" with <param> one over its maximum length
    Then the call fails with "InputInvalid"
    And the error message names "<param>"

    @op:CreateLiveMessageGroup
    Examples:
      | op                     | param     |
      | CreateLiveMessageGroup | GroupId   |
      | CreateLiveMessageGroup | CreatorId |
      | CreateLiveMessageGroup | GroupName |
      | CreateLiveMessageGroup | GroupInfo |

    @op:DeleteLiveMessageGroup
    Examples:
      | op                     | param      |
      | DeleteLiveMessageGroup | OperatorId |

    @op:AddLiveMessageGroupBand
    Examples:
      | op                      | param       |
      | AddLiveMessageGroupBand | BannedUsers |

    @op:RemoveLiveMessageGroupBand
    Examples:
      | op                         | param         |
      | RemoveLiveMessageGroupBand | UnbannedUsers |

    @op:BanLiveMessageGroup
    Examples:
      | op                  | param       |
      | BanLiveMessageGroup | ExceptUsers |

    @op:ModifyLiveMessageGroupBand
    Examples:
      | op                         | param        |
      | ModifyLiveMessageGroupBand | BannnedUsers |
      | ModifyLiveMessageGroupBand | ExceptUsers  |

    @op:CheckLiveMessageUsersInGroup
    Examples:
      | op                           | param   |
      | CheckLiveMessageUsersInGroup | UserIds |

    @op:CheckLiveMessageUsersOnline
    Examples:
      | op                          | param   |
      | CheckLiveMessageUsersOnline | UserIds |

    @op:ModifyLiveMessageGroup
    Examples:
      | op                     | param     |
      | ModifyLiveMessageGroup | GroupInfo |

    @op:ModifyLiveMessageUserInfo
    Examples:
      | op                        | param        |
      | ModifyLiveMessageUserInfo | UserId       |
      | ModifyLiveMessageUserInfo | UserMetaInfo |

    @op:DeleteLiveMessageGroupMessage
    Examples:
      | op                            | param       |
      | DeleteLiveMessageGroupMessage | MessageId   |
      | DeleteLiveMessageGroupMessage | DeleterId   |
      | DeleteLiveMessageGroupMessage | DeleterInfo |

    @op:KickLiveMessageGroupUser
    Examples:
      | op                       | param       |
      | KickLiveMessageGroupUser | KickoffUser |

    @op:DeleteLiveMessageUserMessage
    Examples:
      | op                           | param       |
      | DeleteLiveMessageUserMessage | MessageId   |
      | DeleteLiveMessageUserMessage | DeleterId   |
      | DeleteLiveMessageUserMessage | DeleterInfo |

  @code:InputInvalid
  Scenario Outline: <op> takes <param> of its maximum count sent as <encoding>, and refuses one more
    When I call "<op>" on group "g1" with <param> at its maximum count sent as <encoding>
    Then the call succeeds
    When I call "<op>" on group "g1" with <param> one over its maximum count sent as <encoding>
    Then the call fails with "InputInvalid"
    And the error message names "<param>"

    @op:CreateLiveMessageGroup
    Examples:
      | op                     | param          | encoding |
      | CreateLiveMessageGroup | Administrators | repeated |
      | CreateLiveMessageGroup | Administrators | comma    |
      | CreateLiveMessageGroup | Administrators | json     |

    @op:AddLiveMessageGroupBand
    Examples:
      | op                      | param       | encoding |
      | AddLiveMessageGroupBand | BannedUsers | repeated |
      | AddLiveMessageGroupBand | BannedUsers | comma    |
      | AddLiveMessageGroupBand | BannedUsers | json     |

    @op:RemoveLiveMessageGroupBand
    Examples:
      | op                         | param         | encoding |
      | RemoveLiveMessageGroupBand | UnbannedUsers | repeated |
      | RemoveLiveMessageGroupBand | UnbannedUsers | comma    |
      | RemoveLiveMessageGroupBand | UnbannedUsers | json     |

    @op:BanLiveMessageGroup
    Examples:
      | op                  | param       | encoding |
      | BanLiveMessageGroup | ExceptUsers | repeated |
      | BanLiveMessageGroup | ExceptUsers | comma    |
      | BanLiveMessageGroup | ExceptUsers | json     |

    @op:ModifyLiveMessageGroupBand
    Examples:
      | op                         | param        | encoding |
      | ModifyLiveMessageGroupBand | BannnedUsers | repeated |
      | ModifyLiveMessageGroupBand | BannnedUsers | comma    |
      | ModifyLiveMessageGroupBand | BannnedUsers | json     |
      | ModifyLiveMessageGroupBand | ExceptUsers  | repeated |
      | ModifyLiveMessageGroupBand | ExceptUsers  | comma    |
      | ModifyLiveMessageGroupBand | ExceptUsers  | json     |

    @op:CheckLiveMessageUsersInGroup
    Examples:
      | op                           | param   | encoding |
      | CheckLiveMessageUsersInGroup | UserIds | repeated |
      | CheckLiveMessageUsersInGroup | UserIds | comma    |
      | CheckLiveMessageUsersInGroup | UserIds | json     |

    @op:CheckLiveMessageUsersOnline
    Examples:
      | op                          | param   | encoding |
      | CheckLiveMessageUsersOnline | UserIds | repeated |
      | CheckLiveMessageUsersOnline | UserIds | comma    |
      | CheckLiveMessageUsersOnline | UserIds | json     |

    @op:ModifyLiveMessageGroup
    Examples:
      | op                     | param     | encoding |
      | ModifyLiveMessageGroup | AdminList | repeated |
      | ModifyLiveMessageGroup | AdminList | comma    |
      | ModifyLiveMessageGroup | AdminList | json     |

  # A message needs members (the client SDK's part): a group nobody
  # joined, a receiver not online. Without them, as on a real target, a
  # send is refused whatever its parameters, yet a bound still shows: at
  # the maximum the refusal is for the members, not for the parameter;
  # one over, it names the parameter. Each string of the message
  # operations, so that a bound moved by one either way is caught anywhere.
  @code:InputInvalid
  Scenario Outline: <op> does not refuse <param> at its maximum length, and refuses one more, even without members
    When I call "<op>" on group "g1" with <param> at its maximum length
    Then the call is not refused for its <param>
    When I call "<op>" on group "g1" with <param> one over its maximum length
    Then the call fails with "InputInvalid"
    And the error message names "<param>"

    @op:SendLiveMessageGroup
    Examples:
      | op                   | param          |
      | SendLiveMessageGroup | SenderId       |
      | SendLiveMessageGroup | Body           |
      | SendLiveMessageGroup | SenderMetaInfo |
      | SendLiveMessageGroup | MsgTid         |

    @op:SendLiveMessageUser
    Examples:
      | op                  | param      |
      | SendLiveMessageUser | SenderId   |
      | SendLiveMessageUser | ReceiverId |
      | SendLiveMessageUser | SenderInfo |
      | SendLiveMessageUser | Body       |
      | SendLiveMessageUser | MsgTid     |

  # Between members (on the emulator only) the send at the maximum
  # succeeds. "livemsg" is the receiver the contract's minimal request
  # names (contract.MinimalUser): joined, it is online. A ReceiverId at
  # its maximum names a user nobody joined: the outline above has it.
  @members @code:InputInvalid
  Scenario Outline: <op> takes <param> of its maximum length, and refuses one more, between members
    Given users "u1,u2,livemsg" have joined group "g1"
    When I call "<op>" on group "g1" with <param> at its maximum length
    Then the call succeeds
    When I call "<op>" on group "g1" with <param> one over its maximum length
    Then the call fails with "InputInvalid"
    And the error message names "<param>"

    @op:SendLiveMessageGroup
    Examples:
      | op                   | param          |
      | SendLiveMessageGroup | SenderId       |
      | SendLiveMessageGroup | Body           |
      | SendLiveMessageGroup | SenderMetaInfo |
      | SendLiveMessageGroup | MsgTid         |

    @op:SendLiveMessageUser
    Examples:
      | op                  | param      |
      | SendLiveMessageUser | SenderId   |
      | SendLiveMessageUser | SenderInfo |
      | SendLiveMessageUser | Body       |
      | SendLiveMessageUser | MsgTid     |

  @op:CreateLiveMessageGroup @op:DescribeLiveMessageGroup @op:DeleteLiveMessageGroup @op:RecoverLiveMessageDeletedGroup
  Scenario: A group whose id is of the maximum length is made, read, deleted and recovered
    When I call "CreateLiveMessageGroup" on group "g1" with GroupId at its maximum length
    Then the call succeeds
    And group "g1" is active
    When I delete group "g1"
    Then the call succeeds
    And group "g1" is deleted by ""
    When I recover group "g1"
    Then the call succeeds
    And group "g1" is active
