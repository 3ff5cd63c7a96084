package mock

import "github.com/livemsg/livemsg/contract"

// The operations on users: who is in a group or online, a group's
// members, kick one, change one's meta info.

func presence(users []string, in []bool) []userPresence {
	out := make([]userPresence, len(users))
	for i, u := range users {
		out[i] = userPresence{UserID: u, Online: in[i]}
	}
	return out
}

func (e *Emulator) usersInGroup(c call) (usersInGroupAnswer, *contract.Error) {
	p := c.params
	users := p.List("UserIds")
	in, err := e.store.InGroup(p.Get("AppId"), p.Get("GroupId"), users)
	if err != nil {
		return usersInGroupAnswer{}, e.storeError(err, "group "+p.Get("GroupId"))
	}
	return usersInGroupAnswer{Users: presence(users, in)}, nil
}

func (e *Emulator) usersOnline(c call) (usersOnlineAnswer, *contract.Error) {
	p := c.params
	users := p.List("UserIds")
	in, err := e.store.Online(p.Get("AppId"), users)
	if err != nil {
		return usersOnlineAnswer{}, e.storeError(err, "app")
	}
	return usersOnlineAnswer{UserList: presence(users, in)}, nil
}

func (e *Emulator) groupUsers(c call) (groupUsersAnswer, *contract.Error) {
	p := c.params
	page, next, err := e.store.GroupUsers(p.Get("AppId"), p.Get("GroupId"), int(p.Int("SortType", 1)),
		p.Int("NextPageToken", 0), int(p.Int("PageSize", 10)))
	if err != nil {
		return groupUsersAnswer{}, e.storeError(err, "group "+p.Get("GroupId"))
	}
	list := make([]groupUser, 0, len(page))
	for _, m := range page {
		list = append(list, groupUser{UserID: m.UserID, UserInfo: m.Info})
	}
	return groupUsersAnswer{GroupID: p.Get("GroupId"), NextPageToken: next, Hasmore: next != 0, UserList: list}, nil
}

func (e *Emulator) kick(c call) (onlyRequestID, *contract.Error) {
	p := c.params
	if err := e.store.Kick(p.Get("AppId"), p.Get("GroupId"), p.Get("KickoffUser")); err != nil {
		return onlyRequestID{}, e.storeError(err, "group "+p.Get("GroupId"))
	}
	return onlyRequestID{}, nil
}

func (e *Emulator) modifyUserInfo(c call) (modifyUserInfoAnswer, *contract.Error) {
	p := c.params
	groups, err := e.store.SetUserInfo(p.Get("AppId"), p.Get("UserId"), p.Get("UserMetaInfo"))
	if err != nil {
		return modifyUserInfoAnswer{}, e.storeError(err, "app")
	}
	success := make([]userInfoSuccess, 0, len(groups))
	for _, g := range groups {
		success = append(success, userInfoSuccess{GroupID: g, Success: true})
	}
	return modifyUserInfoAnswer{SuccessList: success, FailList: []userInfoFailure{}}, nil
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
