@encodings
Feature: List parameters in every encoding, user ids matched exactly
  A list parameter is accepted in each encoding the clients send: Name.N
  (SDK v1), one comma-joined value (the docs, darabonba) and a JSON array
  (newer generated SDKs): shared/reference/live-message-api.md. Each item
  is one whole user id: "u1" names u1 only, never u10 or u100 whose ids it
  begins.

  Background:
    Given an app
    And a group "g1" where users "u10,u100" are muted

  @op:AddLiveMessageGroupBand
  Scenario Outline: AddLiveMessageGroupBand mutes the users of a list sent as <encoding>, each exactly
    When I call "AddLiveMessageGroupBand" on group "g1" with BannedUsers "u1,u2" sent as <encoding>
    Then the call succeeds
    And in group "g1" users "u1,u2,u10,u100" are muted and users "u,u3" are not

    Examples:
      | encoding |
      | repeated |
      | comma    |
      | json     |

  @op:RemoveLiveMessageGroupBand
  Scenario Outline: RemoveLiveMessageGroupBand unmutes the users of a list sent as <encoding>, not those their ids begin
    Given a group "g1" where users "u1,u10,u100,u2" are muted
    When I call "RemoveLiveMessageGroupBand" on group "g1" with UnbannedUsers "u1,u2" sent as <encoding>
    Then the call succeeds
    And in group "g1" users "u10,u100" are muted and users "u1,u2" are not

    Examples:
      | encoding |
      | repeated |
      | comma    |
      | json     |

  @op:BanLiveMessageGroup
  Scenario Outline: BanLiveMessageGroup spares the users of a list sent as <encoding>, each exactly
    When I call "BanLiveMessageGroup" on group "g1" with ExceptUsers "u1,u2" sent as <encoding>
    Then the call succeeds
    When I call "DescribeLiveMessageGroupBand" on group "g1"
    Then the response field "IsbannedAll" reads "true"
    And the response list "UnbannedUserList" has the item values "u1,u2"

    Examples:
      | encoding |
      | repeated |
      | comma    |
      | json     |

  @op:ModifyLiveMessageGroupBand
  Scenario Outline: ModifyLiveMessageGroupBand sets the mute list sent as <encoding>, each exactly
    When I call "ModifyLiveMessageGroupBand" on group "g1" with BannnedUsers "u1,u2" sent as <encoding>
    Then the call succeeds
    When I call "DescribeLiveMessageGroupBand" on group "g1"
    Then the response list "BannedUserList" has the item values "u1,u2"

    Examples:
      | encoding |
      | repeated |
      | comma    |
      | json     |

  @op:CheckLiveMessageUsersInGroup @members
  Scenario Outline: CheckLiveMessageUsersInGroup answers for each user of a list sent as <encoding>, exactly
    Given users "u10" have joined group "g1"
    When I call "CheckLiveMessageUsersInGroup" on group "g1" with UserIds "u1,u10,u100" sent as <encoding>
    Then the response list "Users" has the UserId values "u1,u10,u100"
    And the response list "Users" has the Online values "false,true,false"

    Examples:
      | encoding |
      | repeated |
      | comma    |
      | json     |

  @op:CheckLiveMessageUsersOnline @members
  Scenario Outline: CheckLiveMessageUsersOnline answers for each user of a list sent as <encoding>, exactly
    Given users "u10" have joined group "g1"
    When I call "CheckLiveMessageUsersOnline" on group "g1" with UserIds "u1,u10,u100" sent as <encoding>
    Then the response list "UserList" has the UserId values "u1,u10,u100"
    And the response list "UserList" has the Online values "false,true,false"

    Examples:
      | encoding |
      | repeated |
      | comma    |
      | json     |
