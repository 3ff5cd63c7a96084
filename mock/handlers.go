package mock

import (
	"errors"
	"reflect"
	"strconv"

	"github.com/livemsg/livemsg/contract"
	"github.com/livemsg/livemsg/mock/store"
)

// handler runs one operation of the contract: the store decides, the
// handler translates.
type handler struct {
	run func(e *Emulator, c call) result
	// answer is the codec of the handler's answer type, the A of its
	// function (route): TestAnswerTypesMatchContract holds it to the
	// operation's result type.
	answer *structCodec
	// noApp: the operation names no existing app (it creates one, or lists
	// the account's); every other runs only on an app of the caller's.
	noApp bool
}

// route makes the handler of an operation from its function, which
// answers a struct (A, beside the function in apps.go, groups.go...) or an error. The codec of A is built
// here, when the package loads: an answer type no encoder can write stops
// the emulator at start.
func route[A any](run func(e *Emulator, c call) (A, *contract.Error)) handler {
	codec := codecOf(reflect.TypeFor[A]())
	return handler{answer: codec, run: func(e *Emulator, c call) result {
		a, err := run(e, c)
		if err != nil {
			return fail(err)
		}
		return result{answer: a, codec: codec}
	}}
}

// appless marks an operation that names no existing app.
func (h handler) appless() handler {
	h.noApp = true
	return h
}

// handlers is the emulator's route table, keyed by the contract's
// operations: TestEveryOperationHasAHandler holds it to the contract both
// ways, and New refuses a contract with an operation it cannot serve.
// Adding an operation is its SDL, one entry here with its function and
// answer struct, and one feature file (docs/adding-an-operation.md).
var handlers = map[string]handler{
	contract.OpCreateLiveMessageApp:           route((*Emulator).createApp).appless(),
	contract.OpCreateLiveMessageGroup:         route((*Emulator).createGroup),
	contract.OpDeleteLiveMessageGroup:         route((*Emulator).deleteGroup),
	contract.OpRecoverLiveMessageDeletedGroup: route((*Emulator).recoverGroup),
	contract.OpDescribeLiveMessageGroup:       route((*Emulator).describeGroup),
	contract.OpListLiveMessageGroups:          route((*Emulator).listGroups),
	contract.OpAddLiveMessageGroupBand:        route(bandWith((*store.Store).AddBans, "BannedUsers")),
	contract.OpRemoveLiveMessageGroupBand:     route(bandWith((*store.Store).RemoveBans, "UnbannedUsers")),
	contract.OpDescribeLiveMessageGroupBand:   route((*Emulator).describeBand),
	contract.OpSendLiveMessageGroup:           route((*Emulator).send),
	contract.OpListLiveMessageGroupMessages:   route((*Emulator).listMessages),
	contract.OpBanLiveMessageGroup:            route(bandWith((*store.Store).BanGroup, "ExceptUsers")),
	contract.OpUnbanLiveMessageGroup:          route((*Emulator).unbanGroup),
	contract.OpModifyLiveMessageGroupBand:     route((*Emulator).modifyBand),
	contract.OpCheckLiveMessageUsersInGroup:   route((*Emulator).usersInGroup),
	contract.OpCheckLiveMessageUsersOnline:    route((*Emulator).usersOnline),
	contract.OpDeleteLiveMessageGroupMessage:  route((*Emulator).deleteGroupMessage),
	contract.OpDeleteLiveMessageUserMessage:   route((*Emulator).deleteUserMessage),
	contract.OpDescribeLiveMessageApp:         route((*Emulator).describeApp),
	contract.OpListLiveMessageApps:            route((*Emulator).listApps).appless(),
	contract.OpListLiveMessageGroupByPage:     route((*Emulator).listGroupsByPage),
	contract.OpListLiveMessageGroupUsers:      route((*Emulator).groupUsers),
	contract.OpKickLiveMessageGroupUser:       route((*Emulator).kick),
	contract.OpModifyLiveMessageAppAudit:      route((*Emulator).modifyAudit),
	contract.OpModifyLiveMessageAppCallback:   route((*Emulator).modifyCallback),
	contract.OpModifyLiveMessageAppDisable:    route((*Emulator).modifyDisable),
	contract.OpModifyLiveMessageGroup:         route((*Emulator).modifyGroup),
	contract.OpSendLiveMessageUser:            route((*Emulator).sendUser),
	contract.OpModifyLiveMessageUserInfo:      route((*Emulator).modifyUserInfo),
}

// unserved returns the operations of a contract the route table has no
// handler for.
func unserved(c *contract.Contract) []string {
	var out []string
	for _, op := range c.Operations() {
		if _, ok := handlers[op.Name]; !ok {
			out = append(out, op.Name)
		}
	}
	return out
}

// dispatch runs an operation through its handler, after checking that the
// app exists, is the caller's, is in the data center asked and, unless the
// operation is about the app itself, is not disabled.
func (e *Emulator) dispatch(c call) result {
	h, found := handlers[c.action]
	if !found {
		return fail(e.c.Err(contract.CodeInvalidActionNotFound, "Specified api "+clip(c.action)+" is not served."))
	}
	if !h.noApp {
		p := c.params
		if _, err := e.store.AppFor(c.key.Account, p.Get("AppId"), p.Get("DataCenter")); err != nil {
			return fail(e.storeError(err, "AppId "+clip(p.Get("AppId"))))
		}
		// An @appLevel operation answers on a disabled app; every other
		// refuses it.
		if !c.op.AppLevel && e.store.Disabled(p.Get("AppId")) {
			return fail(e.storeError(store.ErrAppDisabled, "AppId "+clip(p.Get("AppId"))))
		}
	}
	return h.run(e, c)
}

// storeError maps a store error to the documented code. A product code's
// message is dynamic (the error tables give "%s."): it says what was wrong
// and with what, never only the table's description.
func (e *Emulator) storeError(err error, what string) *contract.Error {
	switch {
	case errors.Is(err, store.ErrAppNotFound), errors.Is(err, store.ErrGroupNotFound), errors.Is(err, store.ErrGroupDeleted):
		return e.c.Err(contract.CodeResourceNotExist, "The specified resource does not exist: "+what+" ("+err.Error()+").")
	case errors.Is(err, store.ErrTooManyGroups):
		return e.c.Err(contract.CodeErrorTooManyGroups, "The app already holds "+strconv.Itoa(store.MaxGroupsPerApp)+
			" groups that are not deleted, the most an AppId may hold at the same time: "+what+" was not added.")
	case errors.Is(err, store.ErrDataCenter):
		return e.c.Invalid("DataCenter", "the app is not in that data center")
	case errors.Is(err, store.ErrGroupNotDeleted), errors.Is(err, store.ErrNoMembers), errors.Is(err, store.ErrTooManyMsgTypes), errors.Is(err, store.ErrTooManyApps),
		errors.Is(err, store.ErrAppDisabled), errors.Is(err, store.ErrSuperGroup), errors.Is(err, store.ErrNotOnline):
		return e.c.Err(contract.CodeInputInvalid, "Illegal input parameters: "+what+": "+err.Error()+".")
	}
	return e.c.Err(contract.CodeServerError, "An unknown error occurred on "+what+": "+err.Error()+".")
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// The answers of the operations, one struct per result type of the
// contract (contract/livemessage.graphql) and per object type nested in
// one. Each field carries its wire name in its json tag; a field the
// contract marks @optional, when the handler may leave it out, is a pointer
// tagged omitempty (or sits in an embedded pointer); times are
// contract.UnixSeconds. RequestId is the wire layer's (write), in no
// answer. TestAnswerTypesMatchContract holds the answer type of every
// handler of the route table to its operation's result type, both ways;
// json.go says which shapes an answer may hold. The handlers and their
// answers sit together by what they act on: apps.go, groups.go, bans.go,
// messages.go, users.go.

// onlyRequestID is the answer of an operation whose result is its
// RequestId alone.
type onlyRequestID struct{}

// errorBody is Alibaba's error body (with the RequestId of write).
type errorBody struct {
	Code      string `json:"Code"`
	HostID    string `json:"HostId"`
	Message   string `json:"Message"`
	Recommend string `json:"Recommend"`
}
