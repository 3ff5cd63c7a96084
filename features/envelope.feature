@envelope
Feature: Every answer in the format asked, its envelope whole
  Every call of every scenario is checked whole before its step judges it
  (steps/envelope.go): x-acs-request-id and x-acs-trace-id; a Content-Type
  of the Format asked (application/json for JSON, the default; text/xml for
  XML); an error body with RequestId, HostId, Code, Message and Recommend,
  each a string, as the SDKs read them; a RequestId that is an upper-case
  UUID and unique across the run. These outlines ask each format of reads
  and errors across the family, so that the XML path is exercised too.

  Background:
    Given an app

  Scenario Outline: <op> answers in <format> when asked
    Given a group "g1"
    When I call "<op>" with format "<format>"
    Then the call succeeds

    @op:DescribeLiveMessageGroup
    Examples:
      | op | format |
      | DescribeLiveMessageGroup | JSON |
      | DescribeLiveMessageGroup | XML |

    @op:DescribeLiveMessageGroupBand
    Examples:
      | op | format |
      | DescribeLiveMessageGroupBand | JSON |
      | DescribeLiveMessageGroupBand | XML |

    @op:ListLiveMessageGroups
    Examples:
      | op | format |
      | ListLiveMessageGroups | JSON |
      | ListLiveMessageGroups | XML |

    @op:ListLiveMessageGroupByPage
    Examples:
      | op | format |
      | ListLiveMessageGroupByPage | JSON |
      | ListLiveMessageGroupByPage | XML |

    @op:ListLiveMessageGroupMessages
    Examples:
      | op | format |
      | ListLiveMessageGroupMessages | JSON |
      | ListLiveMessageGroupMessages | XML |

    @op:ListLiveMessageGroupUsers
    Examples:
      | op | format |
      | ListLiveMessageGroupUsers | JSON |
      | ListLiveMessageGroupUsers | XML |

    @op:DescribeLiveMessageApp
    Examples:
      | op | format |
      | DescribeLiveMessageApp | JSON |
      | DescribeLiveMessageApp | XML |

    @op:ListLiveMessageApps
    Examples:
      | op | format |
      | ListLiveMessageApps | JSON |
      | ListLiveMessageApps | XML |

  @code:ResourceNotExist
  Scenario Outline: <op> refuses a group that does not exist, in <format>
    When I call "<op>" with format "<format>"
    Then the call fails with "ResourceNotExist"

    @op:DescribeLiveMessageGroup
    Examples:
      | op | format |
      | DescribeLiveMessageGroup | JSON |
      | DescribeLiveMessageGroup | XML |

    @op:DescribeLiveMessageGroupBand
    Examples:
      | op | format |
      | DescribeLiveMessageGroupBand | JSON |
      | DescribeLiveMessageGroupBand | XML |

    @op:ListLiveMessageGroupMessages
    Examples:
      | op | format |
      | ListLiveMessageGroupMessages | JSON |
      | ListLiveMessageGroupMessages | XML |

    @op:ListLiveMessageGroupUsers
    Examples:
      | op | format |
      | ListLiveMessageGroupUsers | JSON |
      | ListLiveMessageGroupUsers | XML |

    @op:DeleteLiveMessageGroupMessage
    Examples:
      | op | format |
      | DeleteLiveMessageGroupMessage | JSON |
      | DeleteLiveMessageGroupMessage | XML |

    @op:RecoverLiveMessageDeletedGroup
    Examples:
      | op | format |
      | RecoverLiveMessageDeletedGroup | JSON |
      | RecoverLiveMessageDeletedGroup | XML |
