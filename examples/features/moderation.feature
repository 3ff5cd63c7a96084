# An example of a feature file of your own, run on livemsg's steps:
#
#   livemsg contract --features examples/features                    # with the built-in scenarios
#   livemsg contract --features examples/features --builtin=false    # this file alone
#   livemsg contract --features examples/features --tags @team:chat  # its scenarios only
#
# `livemsg steps` lists every step you may write, each with an example.
# A quoted name such as "lobby" is an alias: the step gives the group a
# unique id (so scenarios may run at once and never meet on a real account)
# and later steps find it by the alias. Every group a scenario creates is
# deleted after it, pass or fail.
#
# Tags work as in the built-in features: @op:NAME and @code:CODE feed the
# report's coverage matrix, @mock marks a scenario that needs the
# emulator's admin API (skipped on a real target). Tags of your own
# (@team:chat) select scenarios with --tags.
@team:chat
Feature: Moderating a chat room
  Our app mutes spammers in a group and lets them speak again once a
  moderator has looked at the case.

  Background:
    Given an app

  @op:RemoveLiveMessageGroupBand
  Scenario: A moderator lets two muted users speak again
    Given a group "lobby" where users "spam1,spam2,quiet" are muted
    When I unmute users "spam1,spam2" in group "lobby"
    Then the call succeeds
    And in group "lobby" users "quiet" are muted and users "spam1,spam2" are not

  @op:DeleteLiveMessageGroup
  Scenario: Closing a room keeps it recoverable
    Given a group "lobby"
    When I delete group "lobby" as operator "moderator1"
    Then the call succeeds
    And group "lobby" is deleted by "moderator1"
    When I recover group "lobby"
    Then the call succeeds
    And group "lobby" is active

  @op:RecoverLiveMessageDeletedGroup @code:ResourceNotExist
  Scenario: A room that was never opened cannot be recovered
    When I recover group "never-opened"
    Then the call fails with "ResourceNotExist"
