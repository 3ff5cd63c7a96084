Feature: The rest of the interactive-messaging family: each operation's error codes
  Every operation of the family documents InputInvalid, NoAuth,
  ResourceNotExist and ServerError. These outlines run each one of the 18
  operations added with issue 14 into each code, with the request the
  contract generates (the coverage matrix grows from the contract), and
  check that a refused call changed nothing.

  Background:
    Given an app
    And a group "g1"

  @code:InputInvalid
  Scenario Outline: <operation> refuses a data center the API does not have
    When I call "<operation>" on group "g1" with DataCenter "mars"
    Then the call fails with "InputInvalid"
    And the error message names "DataCenter"
    And group "g1" is active

    @op:BanLiveMessageGroup
    Examples:
      | operation |
      | BanLiveMessageGroup |

    @op:UnbanLiveMessageGroup
    Examples:
      | operation |
      | UnbanLiveMessageGroup |

    @op:ModifyLiveMessageGroupBand
    Examples:
      | operation |
      | ModifyLiveMessageGroupBand |

    @op:CheckLiveMessageUsersInGroup
    Examples:
      | operation |
      | CheckLiveMessageUsersInGroup |

    @op:CheckLiveMessageUsersOnline
    Examples:
      | operation |
      | CheckLiveMessageUsersOnline |

    @op:DeleteLiveMessageGroupMessage
    Examples:
      | operation |
      | DeleteLiveMessageGroupMessage |

    @op:DeleteLiveMessageUserMessage
    Examples:
      | operation |
      | DeleteLiveMessageUserMessage |

    @op:DescribeLiveMessageApp
    Examples:
      | operation |
      | DescribeLiveMessageApp |

    @op:ListLiveMessageApps
    Examples:
      | operation |
      | ListLiveMessageApps |

    @op:ListLiveMessageGroupByPage
    Examples:
      | operation |
      | ListLiveMessageGroupByPage |

    @op:ListLiveMessageGroupUsers
    Examples:
      | operation |
      | ListLiveMessageGroupUsers |

    @op:KickLiveMessageGroupUser
    Examples:
      | operation |
      | KickLiveMessageGroupUser |

    @op:ModifyLiveMessageAppAudit
    Examples:
      | operation |
      | ModifyLiveMessageAppAudit |

    @op:ModifyLiveMessageAppCallback
    Examples:
      | operation |
      | ModifyLiveMessageAppCallback |

    @op:ModifyLiveMessageAppDisable
    Examples:
      | operation |
      | ModifyLiveMessageAppDisable |

    @op:ModifyLiveMessageGroup
    Examples:
      | operation |
      | ModifyLiveMessageGroup |

    @op:SendLiveMessageUser
    Examples:
      | operation |
      | SendLiveMessageUser |

    @op:ModifyLiveMessageUserInfo
    Examples:
      | operation |
      | ModifyLiveMessageUserInfo |

  @code:ResourceNotExist
  Scenario Outline: <operation> in an app that does not exist
    When I call "<operation>" in an app that does not exist
    Then the call fails with "ResourceNotExist"

    @op:BanLiveMessageGroup
    Examples:
      | operation |
      | BanLiveMessageGroup |

    @op:UnbanLiveMessageGroup
    Examples:
      | operation |
      | UnbanLiveMessageGroup |

    @op:ModifyLiveMessageGroupBand
    Examples:
      | operation |
      | ModifyLiveMessageGroupBand |

    @op:CheckLiveMessageUsersInGroup
    Examples:
      | operation |
      | CheckLiveMessageUsersInGroup |

    @op:CheckLiveMessageUsersOnline
    Examples:
      | operation |
      | CheckLiveMessageUsersOnline |

    @op:DeleteLiveMessageGroupMessage
    Examples:
      | operation |
      | DeleteLiveMessageGroupMessage |

    @op:DeleteLiveMessageUserMessage
    Examples:
      | operation |
      | DeleteLiveMessageUserMessage |

    @op:DescribeLiveMessageApp
    Examples:
      | operation |
      | DescribeLiveMessageApp |

    @op:ListLiveMessageGroupByPage
    Examples:
      | operation |
      | ListLiveMessageGroupByPage |

    @op:ListLiveMessageGroupUsers
    Examples:
      | operation |
      | ListLiveMessageGroupUsers |

    @op:KickLiveMessageGroupUser
    Examples:
      | operation |
      | KickLiveMessageGroupUser |

    @op:ModifyLiveMessageAppAudit
    Examples:
      | operation |
      | ModifyLiveMessageAppAudit |

    @op:ModifyLiveMessageAppCallback
    Examples:
      | operation |
      | ModifyLiveMessageAppCallback |

    @op:ModifyLiveMessageAppDisable
    Examples:
      | operation |
      | ModifyLiveMessageAppDisable |

    @op:ModifyLiveMessageGroup
    Examples:
      | operation |
      | ModifyLiveMessageGroup |

    @op:SendLiveMessageUser
    Examples:
      | operation |
      | SendLiveMessageUser |

    @op:ModifyLiveMessageUserInfo
    Examples:
      | operation |
      | ModifyLiveMessageUserInfo |

  @mock @code:NoAuth
  Scenario Outline: <operation> with a key whose policy does not allow it
    Given a key whose policy allows only "live:DescribeLiveMessageGroup"
    When I call "<operation>" on group "g1" with that key
    Then the call fails with "NoAuth"
    And group "g1" is active

    @op:BanLiveMessageGroup
    Examples:
      | operation |
      | BanLiveMessageGroup |

    @op:UnbanLiveMessageGroup
    Examples:
      | operation |
      | UnbanLiveMessageGroup |

    @op:ModifyLiveMessageGroupBand
    Examples:
      | operation |
      | ModifyLiveMessageGroupBand |

    @op:CheckLiveMessageUsersInGroup
    Examples:
      | operation |
      | CheckLiveMessageUsersInGroup |

    @op:CheckLiveMessageUsersOnline
    Examples:
      | operation |
      | CheckLiveMessageUsersOnline |

    @op:DeleteLiveMessageGroupMessage
    Examples:
      | operation |
      | DeleteLiveMessageGroupMessage |

    @op:DeleteLiveMessageUserMessage
    Examples:
      | operation |
      | DeleteLiveMessageUserMessage |

    @op:DescribeLiveMessageApp
    Examples:
      | operation |
      | DescribeLiveMessageApp |

    @op:ListLiveMessageApps
    Examples:
      | operation |
      | ListLiveMessageApps |

    @op:ListLiveMessageGroupByPage
    Examples:
      | operation |
      | ListLiveMessageGroupByPage |

    @op:ListLiveMessageGroupUsers
    Examples:
      | operation |
      | ListLiveMessageGroupUsers |

    @op:KickLiveMessageGroupUser
    Examples:
      | operation |
      | KickLiveMessageGroupUser |

    @op:ModifyLiveMessageAppAudit
    Examples:
      | operation |
      | ModifyLiveMessageAppAudit |

    @op:ModifyLiveMessageAppCallback
    Examples:
      | operation |
      | ModifyLiveMessageAppCallback |

    @op:ModifyLiveMessageAppDisable
    Examples:
      | operation |
      | ModifyLiveMessageAppDisable |

    @op:ModifyLiveMessageGroup
    Examples:
      | operation |
      | ModifyLiveMessageGroup |

    @op:SendLiveMessageUser
    Examples:
      | operation |
      | SendLiveMessageUser |

    @op:ModifyLiveMessageUserInfo
    Examples:
      | operation |
      | ModifyLiveMessageUserInfo |

  @mock @code:ServerError
  Scenario Outline: An internal error on <operation> changes nothing
    Given the provider fails the next "<operation>" with "ServerError"
    When I call "<operation>" on group "g1"
    Then the call fails with "ServerError"
    And group "g1" is active

    @op:BanLiveMessageGroup
    Examples:
      | operation |
      | BanLiveMessageGroup |

    @op:UnbanLiveMessageGroup
    Examples:
      | operation |
      | UnbanLiveMessageGroup |

    @op:ModifyLiveMessageGroupBand
    Examples:
      | operation |
      | ModifyLiveMessageGroupBand |

    @op:CheckLiveMessageUsersInGroup
    Examples:
      | operation |
      | CheckLiveMessageUsersInGroup |

    @op:CheckLiveMessageUsersOnline
    Examples:
      | operation |
      | CheckLiveMessageUsersOnline |

    @op:DeleteLiveMessageGroupMessage
    Examples:
      | operation |
      | DeleteLiveMessageGroupMessage |

    @op:DeleteLiveMessageUserMessage
    Examples:
      | operation |
      | DeleteLiveMessageUserMessage |

    @op:DescribeLiveMessageApp
    Examples:
      | operation |
      | DescribeLiveMessageApp |

    @op:ListLiveMessageApps
    Examples:
      | operation |
      | ListLiveMessageApps |

    @op:ListLiveMessageGroupByPage
    Examples:
      | operation |
      | ListLiveMessageGroupByPage |

    @op:ListLiveMessageGroupUsers
    Examples:
      | operation |
      | ListLiveMessageGroupUsers |

    @op:KickLiveMessageGroupUser
    Examples:
      | operation |
      | KickLiveMessageGroupUser |

    @op:ModifyLiveMessageAppAudit
    Examples:
      | operation |
      | ModifyLiveMessageAppAudit |

    @op:ModifyLiveMessageAppCallback
    Examples:
      | operation |
      | ModifyLiveMessageAppCallback |

    @op:ModifyLiveMessageAppDisable
    Examples:
      | operation |
      | ModifyLiveMessageAppDisable |

    @op:ModifyLiveMessageGroup
    Examples:
      | operation |
      | ModifyLiveMessageGroup |

    @op:SendLiveMessageUser
    Examples:
      | operation |
      | SendLiveMessageUser |

    @op:ModifyLiveMessageUserInfo
    Examples:
      | operation |
      | ModifyLiveMessageUserInfo |
