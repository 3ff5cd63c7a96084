package mock

import (
	"strconv"

	"github.com/livemsg/livemsg/contract"
	"github.com/livemsg/livemsg/mock/store"
)

// The operations on groups: create, delete, recover, describe, list
// (whole and by page) and modify; their handlers and answers.

func (e *Emulator) createGroup(c call) (createGroupAnswer, *contract.Error) {
	p := c.params
	res, err := e.store.CreateGroup(p.Get("AppId"), store.GroupSpec{ID: p.Get("GroupId"), Name: p.Get("GroupName"),
		Info: p.Get("GroupInfo"), CreatorID: p.Get("CreatorId"), Admins: p.List("Administrators")})
	if err != nil {
		return createGroupAnswer{}, e.storeError(err, "group "+p.Get("GroupId"))
	}
	return createGroupAnswer{GroupID: p.Get("GroupId"), AlreadyExists: res.AlreadyExists, AlreadyDelete: res.AlreadyDeleted}, nil
}

func (e *Emulator) deleteGroup(c call) (deleteGroupAnswer, *contract.Error) {
	p := c.params
	if _, err := e.store.DeleteGroup(p.Get("AppId"), p.Get("GroupId"), p.Get("OperatorId")); err != nil {
		return deleteGroupAnswer{}, e.storeError(err, "group "+p.Get("GroupId"))
	}
	return deleteGroupAnswer{GroupID: p.Get("GroupId")}, nil
}

func (e *Emulator) recoverGroup(c call) (recoverGroupAnswer, *contract.Error) {
	p := c.params
	if err := e.store.RecoverGroup(p.Get("AppId"), p.Get("GroupId")); err != nil {
		return recoverGroupAnswer{}, e.storeError(err, "deleted group "+p.Get("GroupId"))
	}
	return recoverGroupAnswer{GroupID: p.Get("GroupId")}, nil
}

func (e *Emulator) describeGroup(c call) (describeGroupAnswer, *contract.Error) {
	p := c.params
	g, err := e.store.Group(p.Get("AppId"), p.Get("GroupId"))
	if err != nil {
		return describeGroupAnswer{}, e.storeError(err, "group "+p.Get("GroupId"))
	}
	// The counters are "returned only if the group exists", Deletatime and
	// Deletor "only if the group was deleted" ([meta]
	// describe_live_message_group_response_body_model.go): a deleted group
	// (until it is purged) has the second, not the first.
	a := describeGroupAnswer{groupSummary: summaryOf(g), SuperLargeGroup: g.SuperLarge}
	if g.Deleted {
		a.groupDeletion = &groupDeletion{Deletatime: contract.SecondsOf(g.DeletedAt), Deletor: g.DeletedBy}
	} else {
		a.groupCounters = &groupCounters{TotalTimes: g.TotalTimes, OnlineUserCounts: g.OnlineUsers, MsgAmount: g.MsgTypes}
	}
	return a, nil
}

func summaryOf(g store.GroupView) groupSummary {
	return groupSummary{GroupID: g.ID, GroupName: g.Name, GroupInfo: g.Info, CreatorID: g.CreatorID,
		Createtime: contract.SecondsOf(g.CreatedAt), Delete: g.Deleted, AdminList: g.Admins}
}

func summariesOf(page []store.GroupView) []groupSummary {
	list := make([]groupSummary, 0, len(page))
	for _, g := range page {
		list = append(list, summaryOf(g))
	}
	return list
}

func (e *Emulator) listGroups(c call) (listGroupsAnswer, *contract.Error) {
	p := c.params
	// An empty NextPageToken, or -1, is the first page ([doc], [meta]).
	page, next, more, err := e.store.ListGroups(p.Get("AppId"), store.GroupQuery{Status: int(p.Int("GroupStatus", 0)),
		Sort: int(p.Int("SortType", 1)), Token: int(max(p.Int("NextPageToken", 0), 0)), PageSize: e.c.Limits().GroupPageSize})
	if err != nil {
		return listGroupsAnswer{}, e.storeError(err, "app")
	}
	a := listGroupsAnswer{Hasmore: more, GroupList: summariesOf(page)}
	if more {
		a.NextpageToken = new(strconv.Itoa(next))
	}
	return a, nil
}

func (e *Emulator) listGroupsByPage(c call) (listGroupsByPageAnswer, *contract.Error) {
	p := c.params
	// [meta]: PageNumber default 1, PageSize default 20.
	number, size := int(p.Int("PageNumber", 1)), int(p.Int("PageSize", int64(e.c.Limits().GroupPageSize)))
	status := int(p.Int("GroupStatus", 0))
	page, _, _, err := e.store.ListGroups(p.Get("AppId"), store.GroupQuery{Status: status, Sort: int(p.Int("SortType", 1)),
		Token: (number - 1) * size, PageSize: size})
	if err != nil {
		return listGroupsByPageAnswer{}, e.storeError(err, "app")
	}
	total, err := e.store.CountGroups(p.Get("AppId"), status)
	if err != nil {
		return listGroupsByPageAnswer{}, e.storeError(err, "app")
	}
	return listGroupsByPageAnswer{TotalCount: total, PageNumber: number, PageSize: size, GroupList: summariesOf(page)}, nil
}

func (e *Emulator) modifyGroup(c call) (onlyRequestID, *contract.Error) {
	p := c.params
	var info *string
	if p.Bool("ModifyInfo") {
		v := p.Get("GroupInfo")
		info = &v
	}
	if err := e.store.ModifyGroup(p.Get("AppId"), p.Get("GroupId"), p.List("AdminList"), p.Bool("ModifyAdmin"), info); err != nil {
		return onlyRequestID{}, e.storeError(err, "group "+p.Get("GroupId"))
	}
	return onlyRequestID{}, nil
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

type listGroupsByPageAnswer struct {
	TotalCount int            `json:"TotalCount"`
	PageNumber int            `json:"PageNumber"`
	PageSize   int            `json:"PageSize"`
	GroupList  []groupSummary `json:"GroupList"`
}
