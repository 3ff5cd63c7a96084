package mock

import (
	"sort"
	"time"
)

type group struct {
	id, name, info, creator string
	admins                  []string
	createdAt               time.Time
	deleted                 bool
	deletedAt               time.Time
	deletedBy               string
	members                 map[string]struct{}
	bannedAll               bool
	banned, unbanned        map[string]struct{}
	messages                []Message
	seq, msgAmount          int64
	msgTypes                map[int]int64 // messages sent, by MsgType
}

// deletion is an entry of an app's deletion order, for purging.
type deletion struct {
	id string
	at time.Time
}

// GroupSpec describes a group to create.
type GroupSpec struct {
	ID, Name, Info, CreatorID string
	Admins                    []string
}

// CreateResult says whether the id was taken.
type CreateResult struct{ AlreadyExists, AlreadyDeleted bool }

// GroupView is a group as the API shows it.
type GroupView struct {
	ID, Name, Info, CreatorID string
	Admins                    []string
	CreatedAt                 time.Time
	Deleted                   bool
	DeletedAt                 time.Time
	DeletedBy                 string
	OnlineUsers, MsgAmount    int64
	MsgTypes                  map[string]int64 // messages sent, by MsgType
}

// CreateGroup creates a group. An id in use, active or deleted, is
// reported and left as it is; the cap is checked and the group added under
// one lock.
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
		a.groups[g.ID] = &group{id: g.ID, name: g.Name, info: g.Info, creator: g.CreatorID,
			admins: append([]string(nil), g.Admins...), createdAt: now}
		a.active++
		s.events.add(now, "group.created", appID, g.ID, "", "")
		return nil
	})
	return res, err
}

// SeedGroups creates count groups named prefix0, prefix1, ... up to the cap
// (admin API: fills an app for the 5000-group scenarios).
func (s *Store) SeedGroups(appID, prefix string, count int) (int, error) {
	made := 0
	err := s.withApp(appID, func(a *app, now time.Time) error {
		for i := 0; made < count; i++ {
			if a.active >= MaxGroupsPerApp {
				return ErrTooManyGroups
			}
			id := prefix + itoa(i)
			if a.groups[id] != nil {
				continue
			}
			a.groups[id] = &group{id: id, creator: "seed", createdAt: now}
			a.active++
			made++
		}
		return nil
	})
	return made, err
}

// DeleteGroup closes a group: it records the operator and time, notifies
// the members and keeps the messages. A group that does not exist is no
// error (existed is false): the service answers with its id.
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
		a.deletions = append(a.deletions, deletion{id: groupID, at: now})
		s.events.add(now, "group.closed", appID, groupID, "", operator)
		for _, u := range sortedKeys(g.members) {
			s.events.add(now, "member.notified", appID, groupID, u, "group closed")
		}
		g.members = nil
		return nil
	})
	return existed, err
}

// RecoverGroup restores a group deleted less than RecoverWindow ago.
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
		g.deleted, g.deletedAt, g.deletedBy = false, time.Time{}, ""
		a.active++
		s.events.add(now, "group.recovered", appID, groupID, "", "")
		return nil
	})
}

// Group describes a group; a deleted one shows until it is purged.
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

// ActiveGroups counts an app's groups that are not deleted.
func (s *Store) ActiveGroups(appID string) (int, error) {
	n := 0
	err := s.withApp(appID, func(a *app, _ time.Time) error { n = a.active; return nil })
	return n, err
}

// GroupQuery selects and pages groups.
type GroupQuery struct {
	Status   int // 0 all, 1 existing, 2 deleted
	Sort     int // 1 oldest first, 2 newest first
	Token    int // offset of the page
	PageSize int
}

// ListGroups pages through an app's groups.
func (s *Store) ListGroups(appID string, q GroupQuery) (page []GroupView, next int, hasMore bool, err error) {
	if q.PageSize <= 0 {
		q.PageSize = 20
	}
	err = s.withApp(appID, func(a *app, _ time.Time) error {
		sel := make([]*group, 0, len(a.groups))
		for _, g := range a.groups {
			if q.Status == 0 || (q.Status == 1) == !g.deleted {
				sel = append(sel, g)
			}
		}
		sort.Slice(sel, func(i, j int) bool {
			if !sel[i].createdAt.Equal(sel[j].createdAt) {
				return sel[i].createdAt.Before(sel[j].createdAt) == (q.Sort != 2)
			}
			return (sel[i].id < sel[j].id) == (q.Sort != 2)
		})
		for i := q.Token; i < len(sel) && len(page) < q.PageSize; i++ {
			page = append(page, sel[i].view())
		}
		if end := q.Token + len(page); end < len(sel) {
			next, hasMore = end, true
		}
		return nil
	})
	return page, next, hasMore, err
}

// purge forgets groups deleted RecoverWindow ago or more, with their
// messages; deletions are kept in time order, so this is amortised O(1).
func (s *Store) purge(a *app, now time.Time) {
	for len(a.deletions) > 0 && !now.Before(a.deletions[0].at.Add(RecoverWindow)) {
		d := a.deletions[0]
		a.deletions = a.deletions[1:]
		if g := a.groups[d.id]; g != nil && g.deleted && g.deletedAt.Equal(d.at) {
			delete(a.groups, d.id)
			s.events.add(now, "group.purged", a.info.ID, d.id, "", "")
		}
	}
}

func (g *group) view() GroupView {
	return GroupView{ID: g.id, Name: g.name, Info: g.info, CreatorID: g.creator, Admins: g.admins,
		CreatedAt: g.createdAt, Deleted: g.deleted, DeletedAt: g.deletedAt, DeletedBy: g.deletedBy,
		OnlineUsers: int64(len(g.members)), MsgAmount: g.msgAmount, MsgTypes: g.typeCounts()}
}

func (g *group) typeCounts() map[string]int64 {
	out := make(map[string]int64, len(g.msgTypes))
	for t, n := range g.msgTypes {
		out[itoa(t)] = n
	}
	return out
}

// activeGroup returns a group that exists and is not deleted.
func activeGroup(a *app, id string) (*group, error) {
	g := a.groups[id]
	switch {
	case g == nil:
		return nil, ErrGroupNotFound
	case g.deleted:
		return nil, ErrGroupDeleted
	}
	return g, nil
}

func sortedKeys(m map[string]struct{}) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b [20]byte
	n := len(b)
	for i > 0 {
		n--
		b[n] = byte('0' + i%10)
		i /= 10
	}
	return string(b[n:])
}
