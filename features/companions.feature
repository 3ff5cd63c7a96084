Feature: The companion operations answer their documented errors
  The operations the scenarios use around the three of the brief (create,
  describe, list, mute, send) document the same product codes on their
  pages: ResourceNotExist, InputInvalid, NoAuth and ServerError. A refused
  call changes nothing.

  Background:
    Given an app

  @code:ResourceNotExist
  Scenario Outline: <operation> on a group never created is ResourceNotExist
    When I call "<operation>" on group "never"
    Then the call fails with "ResourceNotExist"

    @op:DescribeLiveMessageGroup
    Examples: describe
      | operation                |
      | DescribeLiveMessageGroup |

    @op:DescribeLiveMessageGroupBand
    Examples: describe band
      | operation                    |
      | DescribeLiveMessageGroupBand |

    @op:AddLiveMessageGroupBand
    Examples: mute
      | operation               |
      | AddLiveMessageGroupBand |

    @op:SendLiveMessageGroup
    Examples: send
      | operation            |
      | SendLiveMessageGroup |

    @op:ListLiveMessageGroupMessages
    Examples: list messages
      | operation                    |
      | ListLiveMessageGroupMessages |

  @code:ResourceNotExist
  Scenario Outline: <operation> in an app that does not exist is ResourceNotExist
    When I call "<operation>" in an app that does not exist
    Then the call fails with "ResourceNotExist"

    @op:ListLiveMessageGroups
    Examples: list groups
      | operation             |
      | ListLiveMessageGroups |

    @op:CreateLiveMessageGroup
    Examples: create group
      | operation              |
      | CreateLiveMessageGroup |

  @code:InputInvalid
  Scenario Outline: <operation> with a data center the API does not have is InputInvalid
    Given a group "g1"
    When I call "<operation>" on group "g1" with DataCenter "eu-central-1"
    Then the call fails with "InputInvalid"
    And the error message names "DataCenter"
    And group "g1" is active

    @op:DescribeLiveMessageGroup
    Examples: describe
      | operation                |
      | DescribeLiveMessageGroup |

    @op:ListLiveMessageGroups
    Examples: list groups
      | operation             |
      | ListLiveMessageGroups |

    @op:DescribeLiveMessageGroupBand
    Examples: describe band
      | operation                    |
      | DescribeLiveMessageGroupBand |

    @op:ListLiveMessageGroupMessages
    Examples: list messages
      | operation                    |
      | ListLiveMessageGroupMessages |

    @op:CreateLiveMessageApp
    Examples: create app
      | operation            |
      | CreateLiveMessageApp |

    @op:CreateLiveMessageGroup
    Examples: create group
      | operation              |
      | CreateLiveMessageGroup |

    @op:AddLiveMessageGroupBand
    Examples: mute
      | operation               |
      | AddLiveMessageGroupBand |

    @op:SendLiveMessageGroup
    Examples: send
      | operation            |
      | SendLiveMessageGroup |

  @mock @code:NoAuth
  Scenario Outline: <operation> with a key whose policy does not allow it is NoAuth
    Given a group "g1"
    And a key whose policy allows only "live:DeleteLiveMessageGroup"
    When I call "<operation>" on group "g1" with that key
    Then the call fails with "NoAuth"
    And group "g1" is active

    @op:DescribeLiveMessageGroup
    Examples: describe
      | operation                |
      | DescribeLiveMessageGroup |

    @op:ListLiveMessageGroups
    Examples: list groups
      | operation             |
      | ListLiveMessageGroups |

    @op:DescribeLiveMessageGroupBand
    Examples: describe band
      | operation                    |
      | DescribeLiveMessageGroupBand |

    @op:ListLiveMessageGroupMessages
    Examples: list messages
      | operation                    |
      | ListLiveMessageGroupMessages |

    @op:CreateLiveMessageApp
    Examples: create app
      | operation            |
      | CreateLiveMessageApp |

    @op:CreateLiveMessageGroup
    Examples: create group
      | operation              |
      | CreateLiveMessageGroup |

    @op:AddLiveMessageGroupBand
    Examples: mute
      | operation               |
      | AddLiveMessageGroupBand |

    @op:SendLiveMessageGroup
    Examples: send
      | operation            |
      | SendLiveMessageGroup |

  @mock @code:ServerError
  Scenario Outline: An internal error on <operation> changes nothing
    Given a group "g1"
    And the provider fails the next "<operation>" with "ServerError"
    When I call "<operation>" on group "g1"
    Then the call fails with "ServerError"
    And group "g1" is active

    @op:DescribeLiveMessageGroup
    Examples: describe
      | operation                |
      | DescribeLiveMessageGroup |

    @op:ListLiveMessageGroups
    Examples: list groups
      | operation             |
      | ListLiveMessageGroups |

    @op:DescribeLiveMessageGroupBand
    Examples: describe band
      | operation                    |
      | DescribeLiveMessageGroupBand |

    @op:ListLiveMessageGroupMessages
    Examples: list messages
      | operation                    |
      | ListLiveMessageGroupMessages |

    @op:CreateLiveMessageApp
    Examples: create app
      | operation            |
      | CreateLiveMessageApp |

    @op:CreateLiveMessageGroup
    Examples: create group
      | operation              |
      | CreateLiveMessageGroup |

    @op:AddLiveMessageGroupBand
    Examples: mute
      | operation               |
      | AddLiveMessageGroupBand |

    @op:SendLiveMessageGroup
    Examples: send
      | operation            |
      | SendLiveMessageGroup |
