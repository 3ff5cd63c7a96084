package mock

import (
	"github.com/livemsg/livemsg/contract"
	"github.com/livemsg/livemsg/mock/store"
)

// The operations on a group's band (its muted users and its ban of all):
// mute, unmute, ban, unban, modify and describe it.

// bandWith is the handler of an operation that applies a list of users to
// a group's mute state and answers only its RequestId.
func bandWith(apply func(s *store.Store, app, group string, users []string) error, param string) func(*Emulator, call) (onlyRequestID, *contract.Error) {
	return func(e *Emulator, c call) (onlyRequestID, *contract.Error) {
		p := c.params
		if err := apply(e.store, p.Get("AppId"), p.Get("GroupId"), p.List(param)); err != nil {
			return onlyRequestID{}, e.storeError(err, "group "+p.Get("GroupId"))
		}
		return onlyRequestID{}, nil
	}
}

func (e *Emulator) describeBand(c call) (describeBandAnswer, *contract.Error) {
	p := c.params
	b, err := e.store.Bans(p.Get("AppId"), p.Get("GroupId"))
	if err != nil {
		return describeBandAnswer{}, e.storeError(err, "group "+p.Get("GroupId"))
	}
	return describeBandAnswer{GroupID: b.GroupID, IsbannedAll: b.BannedAll, BannedUserList: b.Banned, UnbannedUserList: b.Unbanned}, nil
}

func (e *Emulator) unbanGroup(c call) (onlyRequestID, *contract.Error) {
	p := c.params
	if err := e.store.UnbanGroup(p.Get("AppId"), p.Get("GroupId")); err != nil {
		return onlyRequestID{}, e.storeError(err, "group "+p.Get("GroupId"))
	}
	return onlyRequestID{}, nil
}

func (e *Emulator) modifyBand(c call) (onlyRequestID, *contract.Error) {
	p := c.params
	if err := e.store.SetBans(p.Get("AppId"), p.Get("GroupId"), p.Bool("BannedAll"), p.List("BannnedUsers"), p.List("ExceptUsers")); err != nil {
		return onlyRequestID{}, e.storeError(err, "group "+p.Get("GroupId"))
	}
	return onlyRequestID{}, nil
}

type describeBandAnswer struct {
	GroupID          string   `json:"GroupId"`
	IsbannedAll      bool     `json:"IsbannedAll"`
	BannedUserList   []string `json:"BannedUserList"`
	UnbannedUserList []string `json:"UnbannedUserList"`
}
