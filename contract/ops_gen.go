// Code generated from livemessage.graphql by TestOpsGenerated; DO NOT EDIT.
// Regenerate: go test ./contract -run TestOpsGenerated -update

package contract

// The operations of the contract (type Query), by their wire names: code
// names an operation with these, never with a string of its own.
const (
	OpDescribeLiveMessageGroup       = "DescribeLiveMessageGroup"
	OpListLiveMessageGroups          = "ListLiveMessageGroups"
	OpDescribeLiveMessageGroupBand   = "DescribeLiveMessageGroupBand"
	OpListLiveMessageGroupMessages   = "ListLiveMessageGroupMessages"
	OpDescribeLiveMessageApp         = "DescribeLiveMessageApp"
	OpListLiveMessageApps            = "ListLiveMessageApps"
	OpListLiveMessageGroupByPage     = "ListLiveMessageGroupByPage"
	OpListLiveMessageGroupUsers      = "ListLiveMessageGroupUsers"
	OpCheckLiveMessageUsersInGroup   = "CheckLiveMessageUsersInGroup"
	OpCheckLiveMessageUsersOnline    = "CheckLiveMessageUsersOnline"
	OpCreateLiveMessageApp           = "CreateLiveMessageApp"
	OpCreateLiveMessageGroup         = "CreateLiveMessageGroup"
	OpDeleteLiveMessageGroup         = "DeleteLiveMessageGroup"
	OpRecoverLiveMessageDeletedGroup = "RecoverLiveMessageDeletedGroup"
	OpAddLiveMessageGroupBand        = "AddLiveMessageGroupBand"
	OpRemoveLiveMessageGroupBand     = "RemoveLiveMessageGroupBand"
	OpSendLiveMessageGroup           = "SendLiveMessageGroup"
	OpBanLiveMessageGroup            = "BanLiveMessageGroup"
	OpUnbanLiveMessageGroup          = "UnbanLiveMessageGroup"
	OpModifyLiveMessageGroupBand     = "ModifyLiveMessageGroupBand"
	OpDeleteLiveMessageGroupMessage  = "DeleteLiveMessageGroupMessage"
	OpDeleteLiveMessageUserMessage   = "DeleteLiveMessageUserMessage"
	OpKickLiveMessageGroupUser       = "KickLiveMessageGroupUser"
	OpModifyLiveMessageAppAudit      = "ModifyLiveMessageAppAudit"
	OpModifyLiveMessageAppCallback   = "ModifyLiveMessageAppCallback"
	OpModifyLiveMessageAppDisable    = "ModifyLiveMessageAppDisable"
	OpModifyLiveMessageGroup         = "ModifyLiveMessageGroup"
	OpSendLiveMessageUser            = "SendLiveMessageUser"
	OpModifyLiveMessageUserInfo      = "ModifyLiveMessageUserInfo"
)
