Feature: Throttling at each operation's documented QPS
  Above its documented limit an operation answers Throttling.User (400) and
  changes nothing; below it nothing is throttled. The bursts are driven by
  the load package (vegeta) and never resent: each request counts once, as
  it was answered; one the network lost (no Alibaba answer) is counted
  apart as unanswered and judges nothing (--retries is for the calls
  around the bursts).

  Background:
    Given an app
    And a group "g1"

  @code:Throttling.User
  Scenario Outline: A burst over the limit of <operation> is throttled; below it nothing is
    When I send "<operation>" at <below> requests per second for 1 second
    Then no request was throttled
    When I send "<operation>" at <over> requests per second for 1 second
    Then some requests were throttled with "Throttling.User"
    And the served rate was at most <limit> requests per second

    @op:DeleteLiveMessageGroup
    Examples: delete
      | operation              | limit | below | over |
      | DeleteLiveMessageGroup | 50    | 25    | 100  |

    @op:RecoverLiveMessageDeletedGroup
    Examples: recover
      | operation                      | limit | below | over |
      | RecoverLiveMessageDeletedGroup | 50    | 25    | 100  |

    @op:RemoveLiveMessageGroupBand
    Examples: unmute
      | operation                  | limit | below | over |
      | RemoveLiveMessageGroupBand | 10    | 5     | 20   |

  @op:DeleteLiveMessageGroup
  Scenario: A throttled delete changes nothing
    Given the operation "DeleteLiveMessageGroup" is saturated
    When I delete group "g1"
    Then the call fails with "Throttling.User"
    And group "g1" is active
