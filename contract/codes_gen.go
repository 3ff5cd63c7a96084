// Code generated from livemessage.graphql by TestCodesGenerated; DO NOT EDIT.
// Regenerate: go test ./contract -run TestCodesGenerated -update

package contract

// The wire codes of the contract's error codes (enum ErrorCode). Err panics on
// a code the contract does not have, so use these.
const (
	CodeInputInvalid               = "InputInvalid"
	CodeErrorTooManyGroups         = "ErrorTooManyGroups"
	CodeNoAuth                     = "NoAuth"
	CodeResourceNotExist           = "ResourceNotExist"
	CodeServerError                = "ServerError"
	CodeInvalidApiNotFound         = "InvalidApi.NotFound"
	CodeInvalidActionNotFound      = "InvalidAction.NotFound"
	CodeInvalidVersion             = "InvalidVersion"
	CodeInvalidAccessKeyIdNotFound = "InvalidAccessKeyId.NotFound"
	CodeInvalidAccessKeyIdInactive = "InvalidAccessKeyId.Inactive"
	CodeInvalidTimeStampFormat     = "InvalidTimeStamp.Format"
	CodeInvalidTimeStampExpired    = "InvalidTimeStamp.Expired"
	CodeSignatureNonceUsed         = "SignatureNonceUsed"
	CodeInvalidSignatureMethod     = "InvalidSignatureMethod"
	CodeSignatureDoesNotMatch      = "SignatureDoesNotMatch"
	CodeIncompleteSignature        = "IncompleteSignature"
	CodeThrottlingUser             = "Throttling.User"
	CodeThrottlingApi              = "Throttling.Api"
	CodeInternalError              = "InternalError"
	CodeServiceUnavailable         = "ServiceUnavailable"
)
