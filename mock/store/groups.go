package store

import (
	"cmp"
	"slices"
	"strconv"
	"time"
)

// GroupSpec describes a group to create.
type GroupSpec struct {
	ID, Name, Info, CreatorID string
	Admins                    []string
}

// CreateResult says whether the id was taken (and nothing changed).
type CreateResult struct{ AlreadyExists, AlreadyDeleted bool }

// GroupView is a group as the API shows it.
type GroupView struct {
	ID, Name, Info, CreatorID string
	Admins                    []string
	CreatedAt                 time.Time
	Deleted                   bool
	DeletedAt                 time.Time
	DeletedBy                 string
	TotalTimes                int64            // joins since creation
	OnlineUsers               int64            // members now
	MsgAmount                 int64            // messages sent, stored or not
	MsgTypes                  map[string]int64 // messages sent, by MsgType (never nil)
	SuperLarge                bool             // a super group (SuperLargeGroup)
}

// GroupQuery selects and pages groups.
type GroupQuery struct {
	Status   int // 0 all, 1 active, 2 deleted
	Sort     int // 1 ascending, 2 descending, by CreatedAt then ID
	Token    int // offset of the page
	PageSize int // 0 = limits.GroupPageSize
}

// group is one group; its app's lock guards it. Members, mute lists and
// messages live in state, allocated on first use, so an idle group is small.
type group struct {
	id, name, info, creator string
	admins                  []string
	createdAt               time.Time
	deletedAt               time.Time
	deletedBy               string
	deleted                 bool
	purgeAt                 int // index in the app's purge queue while deleted
	state                   *groupState
}

// CreateGroup creates a group. An id in use is reported and left as it is:
// active -> AlreadyExists, deleted (not yet purged) -> AlreadyDeleted. The
// cap is checked and the group added under one lock.
func (s *Store) CreateGroup(appID string, g GroupSpec) (CreateResult, error) {
	var res CreateResult
	err := s.withApp(appID, func(a *app, now time.Time) error {
		if old := a.groups[g.ID]; old != nil {
			res = CreateResult{AlreadyExists: !old.deleted, AlreadyDeleted: old.deleted}
			return nil
		}
		if a.active >= MaxGroupsPerApp {
			return ErrTooManyGroups
		}
		a.add(&group{id: g.ID, name: g.Name, info: g.Info, creator: g.CreatorID,
			admins: slices.Clone(g.Admins), createdAt: now})
		s.events.add(now, EventGroupCreated, appID, g.ID, "", g.CreatorID)
		return nil
	})
	return res, err
}

// SeedGroups creates count groups named prefix0, prefix1, ... (skipping ids
// in use) and stops at the cap with ErrTooManyGroups. It is the admin API's
// way to fill an app for the 5000-group scenarios; it logs no events.
func (s *Store) SeedGroups(appID, prefix string, count int) (made int, err error) {
	err = s.withApp(appID, func(a *app, now time.Time) error {
		for i := 0; made < count; i++ {
			if a.active >= MaxGroupsPerApp {
				return ErrTooManyGroups
			}
			id := prefix + strconv.Itoa(i)
			if a.groups[id] == nil {
				a.add(&group{id: id, creator: "seed", createdAt: now})
				made++
			}
		}
		return nil
	})
	return made, err
}

// DeleteGroup closes an active group: it records the operator and time,
// notifies every member (one member.notified event each), then empties
// the member list; messages and mute lists are kept. A group that does
// not exist is no error: existed is false (the service answers with the
// id of a "deleted or non-existent group"). A deleted group stays as it is.
func (s *Store) DeleteGroup(appID, groupID, operator string) (existed bool, err error) {
	err = s.withApp(appID, func(a *app, now time.Time) error {
		g := a.groups[groupID]
		if g == nil {
			return nil
		}
		existed = true
		if g.deleted {
			return nil
		}
		g.deleted, g.deletedAt, g.deletedBy = true, now, operator
		a.active--
		a.purges.push(g)
		s.events.add(now, EventGroupClosed, appID, groupID, "", operator)
		if st := g.state; st != nil {
			for _, u := range sortedKeys(st.members) {
				s.events.add(now, EventMemberNotified, appID, groupID, u, "group closed")
			}
			st.members, st.joinedAt, st.info, st.superLarge = nil, nil, nil, false
		}
		return nil
	})
	return existed, err
}

// RecoverGroup makes a group deleted less than RecoverWindow ago active
// again, with its messages. A group never created or purged is
// ErrGroupNotFound, an active one ErrGroupNotDeleted, and at the cap it is
// ErrTooManyGroups; none of them changes anything.
func (s *Store) RecoverGroup(appID, groupID string) error {
	return s.withApp(appID, func(a *app, now time.Time) error {
		g := a.groups[groupID]
		switch {
		case g == nil:
			return ErrGroupNotFound
		case !g.deleted:
			return ErrGroupNotDeleted
		case a.active >= MaxGroupsPerApp:
			return ErrTooManyGroups
		}
		a.purges.remove(g)
		g.deleted, g.deletedAt, g.deletedBy = false, time.Time{}, ""
		a.active++
		s.events.add(now, EventGroupRecovered, appID, groupID, "", "")
		return nil
	})
}

// Group describes a group; a deleted one is shown (Deleted=true) until it
// is purged.
func (s *Store) Group(appID, groupID string) (GroupView, error) {
	var v GroupView
	err := s.withApp(appID, func(a *app, _ time.Time) error {
		g := a.groups[groupID]
		if g == nil {
			return ErrGroupNotFound
		}
		v = g.view()
		return nil
	})
	return v, err
}

// ListGroups pages through an app's groups; next is the offset of the next
// page when hasMore.
func (s *Store) ListGroups(appID string, q GroupQuery) (page []GroupView, next int, hasMore bool, err error) {
	size := cmp.Or(max(q.PageSize, 0), limits.GroupPageSize)
	skip := max(q.Token, 0)
	err = s.withApp(appID, func(a *app, _ time.Time) error {
		all := a.sorted()
		for k := range all {
			i := k
			if q.Sort == 2 {
				i = len(all) - 1 - k
			}
			g := all[i]
			if (q.Status == 1 && g.deleted) || (q.Status == 2 && !g.deleted) {
				continue
			}
			switch {
			case skip > 0:
				skip--
			case len(page) == size:
				next, hasMore = max(q.Token, 0)+size, true
				return nil
			default:
				page = append(page, g.view())
			}
		}
		return nil
	})
	return page, next, hasMore, err
}

// ActiveGroups counts an app's groups that are not deleted (0 for an
// unknown app).
func (s *Store) ActiveGroups(appID string) int {
	n := 0
	_ = s.withApp(appID, func(a *app, _ time.Time) error { n = a.active; return nil })
	return n
}

// add puts a new active group in the app.
func (a *app) add(g *group) {
	g.purgeAt = -1
	a.groups[g.id] = g
	a.active++
	if n := len(a.byCreate); n > 0 && byCreation(a.byCreate[n-1], g) < 0 {
		a.byCreate = append(a.byCreate, g) // the usual case: time only goes forward
	} else {
		a.byCreate = nil
	}
}

// sorted is every group of the app by (CreatedAt, ID), kept between calls.
func (a *app) sorted() []*group {
	if a.byCreate == nil && len(a.groups) > 0 {
		a.byCreate = make([]*group, 0, len(a.groups))
		for _, g := range a.groups {
			a.byCreate = append(a.byCreate, g)
		}
		slices.SortFunc(a.byCreate, byCreation)
	}
	return a.byCreate
}

func byCreation(x, y *group) int {
	return cmp.Or(x.createdAt.Compare(y.createdAt), cmp.Compare(x.id, y.id))
}

// activeGroup returns a group that exists and is not deleted.
func (a *app) activeGroup(id string) (*group, error) {
	g := a.groups[id]
	switch {
	case g == nil:
		return nil, ErrGroupNotFound
	case g.deleted:
		return nil, ErrGroupDeleted
	}
	return g, nil
}

func (g *group) view() GroupView {
	v := GroupView{ID: g.id, Name: g.name, Info: g.info, CreatorID: g.creator, Admins: slices.Clone(g.admins),
		CreatedAt: g.createdAt, Deleted: g.deleted, DeletedAt: g.deletedAt, DeletedBy: g.deletedBy,
		MsgTypes: map[string]int64{}}
	if st := g.state; st != nil {
		v.TotalTimes, v.OnlineUsers, v.MsgAmount, v.SuperLarge = st.joins, int64(len(st.members)), st.sent, st.superLarge
		for _, c := range st.msgTypes {
			v.MsgTypes[strconv.Itoa(c.msgType)] = c.sent
		}
	}
	return v
}

// CountGroups counts an app's groups of a status (0 all, 1 active, 2 deleted).
func (s *Store) CountGroups(appID string, status int) (int, error) {
	n := 0
	err := s.withApp(appID, func(a *app, _ time.Time) error {
		for _, g := range a.groups {
			if status == 0 || (status == 1) != g.deleted {
				n++
			}
		}
		return nil
	})
	return n, err
}

// ModifyGroup changes an active group's admins and/or info (nil = keep).
func (s *Store) ModifyGroup(appID, groupID string, admins []string, setAdmins bool, info *string) error {
	return s.withGroup(appID, groupID, func(a *app, g *group, _ time.Time) error {
		if setAdmins {
			g.admins = slices.Clone(admins)
		}
		if info != nil {
			g.info = *info
		}
		return nil
	})
}
