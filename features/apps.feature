@op:CreateLiveMessageApp
Feature: Create an interactive-messaging app as the API metadata documents it
  CreateLiveMessageApp takes an optional AppName (2 to 16 characters when
  given), a moderation type 0, 1 or 2 (2 is custom moderation, which needs an
  AuditUrl) and URLs that start with http:// or https://, with no private IP
  address and no port; no length bound on the URLs is documented (the
  metadata: create_live_message_app_request_model.go). A real-target run
  never creates apps, so the scenarios where a creation succeeds need the
  emulator (@mock); a refused creation creates nothing and runs anywhere.

  @mock
  Scenario: An app can be created without an AppName
    When I create an app without an AppName
    Then the call succeeds
    And the response field "AppId" is not empty

  @mock
  Scenario Outline: An app with moderation type <type> is created
    When I create an app with AuditType "<type>" and AuditUrl "https://audit.example.com/check"
    Then the call succeeds

    Examples:
      | type |
      | 0    |
      | 1    |
      | 2    |

  @mock
  Scenario: A callback URL longer than 1024 bytes is accepted: no bound is documented
    When I create an app with an EventCallbackUrl of 1500 bytes
    Then the call succeeds

  # The metadata says AuditUrl is required when AuditType is 2, not which
  # code a call without it gets: InputInvalid naming AuditUrl is the
  # emulator's choice (the gateway's Missing{Param} is for parameters the
  # metadata marks required).
  @code:InputInvalid @assumption
  Scenario: Custom moderation without an AuditUrl is refused
    When I create an app with AuditType "2"
    Then the call fails with "InputInvalid"
    And the error message names "AuditUrl"

  @code:InputInvalid
  Scenario: A moderation type other than 0, 1 and 2 is refused
    When I create an app with AuditType "3"
    Then the call fails with "InputInvalid"
    And the error message names "AuditType"

  @code:InputInvalid
  Scenario Outline: A <param> <what> is refused
    When I create an app with <param> "<url>"
    Then the call fails with "InputInvalid"
    And the error message names "<param>"

    Examples:
      | param            | what                      | url                                  |
      | AuditUrl         | that is not http or https | ftp://audit.example.com/check        |
      | AuditUrl         | with a port               | https://audit.example.com:8443/check |
      | AuditUrl         | on a private IP address   | http://192.168.10.2/check            |
      | EventCallbackUrl | without a scheme          | cb.example.com/events                |
      | EventCallbackUrl | with a port               | http://cb.example.com:8080/events    |
      | EventCallbackUrl | on a private IP address   | http://10.1.2.3/events               |

  @code:InputInvalid
  Scenario: An AppName of one character is refused
    When I create an app with AppName "a"
    Then the call fails with "InputInvalid"
    And the error message names "AppName"
