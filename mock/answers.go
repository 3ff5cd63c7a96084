package mock

import "github.com/livemsg/livemsg/contract"

// The answers of the operations, one struct per result type of the
// contract (contract/livemessage.graphql) and per object type nested in
// one. Each field carries its wire name in its json tag; a field the
// contract marks @optional, when the handler may leave it out, is a pointer
// tagged omitempty (or sits in an embedded pointer); times are
// contract.UnixSeconds. RequestId is the wire layer's (write), in no
// answer. TestAnswerTypesMatchContract holds the answer type of every
// handler of the route table to its operation's result type, both ways;
// json.go says which shapes an answer may hold.

// onlyRequestID is the answer of an operation whose result is its
// RequestId alone.
type onlyRequestID struct{}

type createAppAnswer struct {
	AppID      string `json:"AppId"`
	AppKey     string `json:"AppKey"`
	AppSign    string `json:"AppSign"`
	DataCenter string `json:"DataCenter"`
}

type createGroupAnswer struct {
	GroupID       string `json:"GroupId"`
	AlreadyExists bool   `json:"AlreadyExists"`
	AlreadyDelete bool   `json:"AlreadyDelete"`
}

type deleteGroupAnswer struct {
	GroupID string `json:"GroupId"`
}

type recoverGroupAnswer struct {
	GroupID string `json:"GroupId"`
}

// groupSummary is a GroupSummary: a group in a list, and the first fields
// of a group's description.
type groupSummary struct {
	GroupID    string               `json:"GroupId"`
	GroupName  string               `json:"GroupName"`
	GroupInfo  string               `json:"GroupInfo"`
	CreatorID  string               `json:"CreatorId"`
	Createtime contract.UnixSeconds `json:"Createtime"`
	Delete     bool                 `json:"Delete"`
	AdminList  []string             `json:"AdminList"`
}

type describeGroupAnswer struct {
	groupSummary
	SuperLargeGroup bool `json:"SuperLargeGroup"`
	*groupCounters       // "returned only if the group exists"
	*groupDeletion       // "only if the group was deleted"
}

type groupCounters struct {
	TotalTimes       int64            `json:"TotalTimes"`
	OnlineUserCounts int64            `json:"OnlineUserCounts"`
	MsgAmount        map[string]int64 `json:"MsgAmount"`
}

type groupDeletion struct {
	Deletatime contract.UnixSeconds `json:"Deletatime"`
	Deletor    string               `json:"Deletor"`
}

type listGroupsAnswer struct {
	Hasmore       bool           `json:"Hasmore"`
	NextpageToken *string        `json:"NextpageToken,omitempty"` // when there is more
	GroupList     []groupSummary `json:"GroupList"`
}

type describeBandAnswer struct {
	GroupID          string   `json:"GroupId"`
	IsbannedAll      bool     `json:"IsbannedAll"`
	BannedUserList   []string `json:"BannedUserList"`
	UnbannedUserList []string `json:"UnbannedUserList"`
}

type sendAnswer struct {
	MsgTid string `json:"MsgTid"`
}

type messageSender struct {
	UserID   string `json:"UserId"`
	UserInfo string `json:"UserInfo"`
}

type groupMessage struct {
	Body          string               `json:"Body"`
	Timestamp     contract.UnixSeconds `json:"Timestamp"`
	MsgTid        string               `json:"MsgTid"`
	MsgType       int                  `json:"MsgType"`
	SeqNumber     int64                `json:"SeqNumber"`
	TotalMessages int64                `json:"TotalMessages"`
	Sender        messageSender        `json:"Sender"`
}

type listMessagesAnswer struct {
	GroupID       string         `json:"GroupId"`
	NextPageToken int64          `json:"NextPageToken"`
	Hasmore       bool           `json:"Hasmore"`
	MessageList   []groupMessage `json:"MessageList"`
}

type userPresence struct {
	UserID string `json:"UserId"`
	Online bool   `json:"Online"`
}

type usersInGroupAnswer struct {
	Users []userPresence `json:"Users"`
}

type usersOnlineAnswer struct {
	UserList []userPresence `json:"UserList"`
}

type deleteGroupMessageAnswer struct {
	GroupID   string `json:"GroupId"`
	MessageID string `json:"MessageId"`
}

type describeAppAnswer struct {
	AppID            string               `json:"AppId"`
	AppName          string               `json:"AppName"`
	AppKey           string               `json:"AppKey"`
	AppSign          string               `json:"AppSign"`
	AuditType        int                  `json:"AuditType"`
	AuditURL         *string              `json:"AuditUrl,omitempty"` // when AuditType is 2
	EventCallbackURL string               `json:"EventCallbackUrl"`
	Disable          bool                 `json:"Disable"`
	CreateTime       contract.UnixSeconds `json:"CreateTime"`
	ModifyTime       contract.UnixSeconds `json:"ModifyTime"`
	MsgLifeCycle     int                  `json:"MsgLifeCycle"`
	DataCenter       string               `json:"DataCenter"`
}

type appSummary struct {
	AppID        string               `json:"AppId"`
	AppKey       string               `json:"AppKey"`
	AppSign      string               `json:"AppSign"`
	Disable      string               `json:"Disable"` // a string in this list ([meta], [sdk1])
	AppName      string               `json:"AppName"`
	CreateTime   contract.UnixSeconds `json:"CreateTime"`
	ModifyTime   contract.UnixSeconds `json:"ModifyTime"`
	MsgLifeCycle int                  `json:"MsgLifeCycle"`
	DataCenter   string               `json:"DataCenter"`
}

type listAppsAnswer struct {
	HasMore       bool         `json:"HasMore"`
	NextPageToken *int64       `json:"NextPageToken,omitempty"` // when there is more
	AppList       []appSummary `json:"AppList"`
}

type listGroupsByPageAnswer struct {
	TotalCount int            `json:"TotalCount"`
	PageNumber int            `json:"PageNumber"`
	PageSize   int            `json:"PageSize"`
	GroupList  []groupSummary `json:"GroupList"`
}

type groupUser struct {
	UserID   string `json:"UserId"`
	UserInfo string `json:"UserInfo"`
}

type groupUsersAnswer struct {
	GroupID       string      `json:"GroupId"`
	NextPageToken int64       `json:"NextPageToken"`
	Hasmore       bool        `json:"Hasmore"`
	UserList      []groupUser `json:"UserList"`
}

type modifyAuditAnswer struct {
	AppID                   string  `json:"AppId"`
	AppSign                 string  `json:"AppSign"`
	AuditType               int     `json:"AuditType"`
	AuditURL                *string `json:"AuditUrl,omitempty"` // when AuditType is 2
	AuditNeedAuthentication bool    `json:"AuditNeedAuthentication"`
}

type modifyCallbackAnswer struct {
	AppID                           string  `json:"AppId"`
	AppSign                         string  `json:"AppSign"`
	EventCallbackURL                *string `json:"EventCallbackUrl,omitempty"` // "not returned if it has an empty value"
	EventCallbackNeedAuthentication bool    `json:"EventCallbackNeedAuthentication"`
}

type modifyDisableAnswer struct {
	AppID   string `json:"AppId"`
	AppSign string `json:"AppSign"`
	Disable bool   `json:"Disable"`
}

type sendUserAnswer struct {
	MsgTid string `json:"MsgTid"`
}

type userInfoSuccess struct {
	GroupID string `json:"GroupId"`
	Success bool   `json:"Success"`
}

type userInfoFailure struct {
	Code    int    `json:"Code"`
	GroupID string `json:"GroupId"`
	Reason  string `json:"Reason"`
	Success bool   `json:"Success"`
}

type modifyUserInfoAnswer struct {
	SuccessList []userInfoSuccess `json:"SuccessList"`
	FailList    []userInfoFailure `json:"FailList"`
}

// errorBody is Alibaba's error body (with the RequestId of write).
type errorBody struct {
	Code      string `json:"Code"`
	HostID    string `json:"HostId"`
	Message   string `json:"Message"`
	Recommend string `json:"Recommend"`
}
