@op:DescribeLiveMessageGroup
Feature: Authentication
  Every call is signed (v1 HMAC-SHA1 or v3 ACS3-HMAC-SHA256); the gateway
  refuses a wrong signature, an unknown or disabled key, a timestamp that is
  malformed or more than 15 minutes off, and a nonce used twice.

  Background:
    Given an app
    And a group "g1"

  Scenario Outline: A correctly signed <signature> call is served
    When I describe group "g1" signed with <signature>
    Then the call succeeds

    Examples:
      | signature |
      | v1        |
      | v3        |

  @code:SignatureDoesNotMatch
  Scenario Outline: A wrong secret is refused (<signature>)
    When I describe group "g1" signed with <signature> and a wrong secret
    Then the call fails with "SignatureDoesNotMatch"

    Examples:
      | signature |
      | v1        |
      | v3        |

  @code:InvalidAccessKeyId.NotFound
  Scenario: An unknown AccessKeyId is refused
    When I describe group "g1" with an unknown AccessKeyId
    Then the call fails with "InvalidAccessKeyId.NotFound"

  @mock @code:InvalidAccessKeyId.Inactive
  Scenario: A disabled key is refused
    Given a disabled key
    When I describe group "g1" with that key
    Then the call fails with "InvalidAccessKeyId.Inactive"

  @code:InvalidTimeStamp.Format
  Scenario: A malformed timestamp is refused
    When I describe group "g1" with the timestamp "yesterday"
    Then the call fails with "InvalidTimeStamp.Format"

  @code:InvalidTimeStamp.Expired
  Scenario: A timestamp 20 minutes old is refused
    When I describe group "g1" with a timestamp 20 minutes old
    Then the call fails with "InvalidTimeStamp.Expired"

  @code:SignatureNonceUsed
  Scenario: A nonce used twice is refused the second time
    When I describe group "g1" twice with the same nonce
    Then the first call succeeds and the second fails with "SignatureNonceUsed"

  @code:InvalidSignatureMethod
  Scenario: A signature method other than HMAC-SHA1 is refused
    When I describe group "g1" with the signature method "HMAC-MD5"
    Then the call fails with "InvalidSignatureMethod"

  @code:IncompleteSignature
  Scenario: A v3 Authorization header without its parts is refused
    When I describe group "g1" with the Authorization header "ACS3-HMAC-SHA256 Credential=testid"
    Then the call fails with "IncompleteSignature"
