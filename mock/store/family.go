package store

import (
	"cmp"
	"errors"
	"slices"
	"sort"
	"time"
)

// Store errors of the rest of the family.
var (
	ErrAppDisabled = errors.New("the app is disabled")
	ErrSuperGroup  = errors.New("a super group's members cannot be listed")
	ErrNotOnline   = errors.New("the receiver is not online")
)

// AppSettings are what the Modify*App operations change.
type AppSettings struct {
	AuditType   int
	AuditURL    string
	CallbackURL string
	Disabled    bool
}

// AppDetails is an app with its settings, as DescribeLiveMessageApp shows it.
type AppDetails struct {
	App
	AppSettings
	ModifiedAt time.Time
}

// Member is a member of a group, as ListLiveMessageGroupUsers shows it.
type Member struct {
	UserID, Info string
	joined       int64
}

// UserMessage is a message sent to one user (SendLiveMessageUser).
type UserMessage struct {
	SenderID, SenderInfo, ReceiverID, Body, MsgTid string
	MsgType                                        int
	Timestamp                                      time.Time
}

// AppDetails returns an app with its settings.
func (s *Store) AppDetails(appID string) (AppDetails, error) {
	var d AppDetails
	err := s.withApp(appID, func(a *app, _ time.Time) error {
		d = a.details()
		return nil
	})
	return d, err
}

func (a *app) details() AppDetails {
	return AppDetails{App: a.info, AppSettings: a.settings, ModifiedAt: cmp.Or(a.modifiedAt, a.info.CreatedAt)}
}

// ModifyApp changes an app's settings and returns the app as it is now.
func (s *Store) ModifyApp(appID string, change func(*AppSettings)) (AppDetails, error) {
	var d AppDetails
	err := s.withApp(appID, func(a *app, now time.Time) error {
		change(&a.settings)
		a.modifiedAt = now
		d = a.details()
		return nil
	})
	return d, err
}

// Disabled reports whether an app is disabled (false for an unknown app).
func (s *Store) Disabled(appID string) bool {
	off := false
	_ = s.withApp(appID, func(a *app, _ time.Time) error { off = a.settings.Disabled; return nil })
	return off
}

// ListApps pages through the apps of an owner in a data center ("" =
// every one), by creation time (sort 2 = newest first); token is the offset
// of the page, next that of the following one when more.
func (s *Store) ListApps(owner, dataCenter string, sortType, token, size int) (page []AppDetails, next int, more bool) {
	s.mu.RLock()
	var apps []*app
	for _, a := range s.apps {
		if a.info.Owner == owner && (dataCenter == "" || a.info.DataCenter == dataCenter) {
			apps = append(apps, a)
		}
	}
	s.mu.RUnlock()
	slices.SortFunc(apps, func(x, y *app) int {
		return cmp.Or(x.info.CreatedAt.Compare(y.info.CreatedAt), cmp.Compare(x.info.ID, y.info.ID))
	})
	if sortType == 2 {
		slices.Reverse(apps)
	}
	token = max(token, 0)
	for i := token; i < len(apps) && len(page) < size; i++ {
		a := apps[i]
		a.mu.Lock()
		page = append(page, a.details())
		a.mu.Unlock()
	}
	if token+size < len(apps) {
		next, more = token+size, true
	}
	return page, next, more
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

// UnbanGroup lifts a whole-group mute: the exempt list goes, users muted
// one by one stay muted.
func (s *Store) UnbanGroup(appID, groupID string) error {
	return s.withGroup(appID, groupID, func(a *app, g *group, now time.Time) error {
		st := stateOf(g)
		st.bannedAll, st.unbanned = false, nil
		s.events.add(now, EventUsersUnmuted, appID, groupID, "", Wildcard)
		return nil
	})
}

// SetBans replaces a group's mute state: muted as a whole or not, the users
// muted one by one, and (while muted as a whole) the exempt.
func (s *Store) SetBans(appID, groupID string, all bool, banned, except []string) error {
	return s.withGroup(appID, groupID, func(a *app, g *group, now time.Time) error {
		st := stateOf(g)
		st.bannedAll, st.banned, st.unbanned = all, nil, nil
		for _, u := range banned {
			st.banned = addTo(st.banned, u)
		}
		if all {
			for _, u := range except {
				st.unbanned = addTo(st.unbanned, u)
			}
		}
		s.events.add(now, EventUsersMuted, appID, groupID, "", joinUsers(banned))
		return nil
	})
}

// GroupUsers pages through the members of an active group by join order
// (sort 2 = latest first); token is the 1-based position to start from (0
// = the first page), next that of the following page, 0 when none. A super
// group is ErrSuperGroup.
func (s *Store) GroupUsers(appID, groupID string, sortType int, token int64, size int) (page []Member, next int64, err error) {
	err = s.withGroup(appID, groupID, func(a *app, g *group, _ time.Time) error {
		st := g.state
		if st == nil {
			return nil
		}
		if st.superLarge {
			return ErrSuperGroup
		}
		all := make([]Member, 0, len(st.members))
		for u := range st.members {
			all = append(all, Member{UserID: u, Info: st.info[u], joined: st.joinedAt[u]})
		}
		sort.Slice(all, func(i, j int) bool { return all[i].joined < all[j].joined })
		if sortType == 2 {
			slices.Reverse(all)
		}
		start := max(token-1, 0)
		for i := start; i < int64(len(all)) && len(page) < size; i++ {
			page = append(page, all[i])
		}
		if start+int64(size) < int64(len(all)) {
			next = start + int64(size) + 1
		}
		return nil
	})
	return page, next, err
}

// Kick removes a user from an active group; a user who is not a member is
// no error (the group is as asked).
func (s *Store) Kick(appID, groupID, user string) error {
	return s.withGroup(appID, groupID, func(a *app, g *group, now time.Time) error {
		s.leave(a, g, now, []string{user})
		return nil
	})
}

// InGroup tells, for each user, whether the user is a member of an active
// group.
func (s *Store) InGroup(appID, groupID string, users []string) ([]bool, error) {
	out := make([]bool, len(users))
	err := s.withGroup(appID, groupID, func(_ *app, g *group, _ time.Time) error {
		if g.state == nil {
			return nil
		}
		for i, u := range users {
			_, out[i] = g.state.members[u]
		}
		return nil
	})
	return out, err
}

// Online tells, for each user, whether the user is online in the app: a
// member of a group that is not deleted.
func (s *Store) Online(appID string, users []string) ([]bool, error) {
	out := make([]bool, len(users))
	err := s.withApp(appID, func(a *app, _ time.Time) error {
		for i, u := range users {
			out[i] = a.online(u)
		}
		return nil
	})
	return out, err
}

func (a *app) online(user string) bool {
	for _, g := range a.groups {
		if g.deleted || g.state == nil {
			continue
		}
		if _, in := g.state.members[user]; in {
			return true
		}
	}
	return false
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

// SetUserInfo sets a user's information in every active group the user is
// a member of, and returns those groups, sorted.
func (s *Store) SetUserInfo(appID, user, info string) ([]string, error) {
	var groups []string
	err := s.withApp(appID, func(a *app, _ time.Time) error {
		for id, g := range a.groups {
			if g.deleted || g.state == nil {
				continue
			}
			if _, in := g.state.members[user]; !in {
				continue
			}
			if g.state.info == nil {
				g.state.info = map[string]string{}
			}
			g.state.info[user] = info
			groups = append(groups, id)
		}
		return nil
	})
	sort.Strings(groups)
	return groups, err
}

// DeleteGroupMessage deletes (recalls) a stored message of an active group
// by its MsgTid; a message that is not there is no error ("the ID of the
// deleted or non-existent message").
func (s *Store) DeleteGroupMessage(appID, groupID, msgTid string) (deleted bool, err error) {
	err = s.withGroup(appID, groupID, func(_ *app, g *group, _ time.Time) error {
		if g.state == nil {
			return nil
		}
		n := len(g.state.messages)
		g.state.messages = slices.DeleteFunc(g.state.messages, func(m Message) bool { return m.MsgTid == msgTid })
		deleted = len(g.state.messages) < n
		return nil
	})
	return deleted, err
}

// SendUser sends a message to one user, who must be online (ErrNotOnline);
// it assigns a MsgTid when the sender gave none.
func (s *Store) SendUser(appID string, m UserMessage) (UserMessage, error) {
	err := s.withApp(appID, func(a *app, now time.Time) error {
		if !a.online(m.ReceiverID) {
			return ErrNotOnline
		}
		m.Timestamp = now
		if m.MsgTid == "" {
			m.MsgTid = randomID(16)
		}
		if a.userMsgs == nil {
			a.userMsgs = map[string][]UserMessage{}
		}
		a.userMsgs[m.ReceiverID] = append(a.userMsgs[m.ReceiverID], m)
		return nil
	})
	return m, err
}

// UserMessages returns the messages sent to a user that are not deleted.
func (s *Store) UserMessages(appID, receiver string) ([]UserMessage, error) {
	var out []UserMessage
	err := s.withApp(appID, func(a *app, _ time.Time) error {
		out = slices.Clone(a.userMsgs[receiver])
		return nil
	})
	return out, err
}

// DeleteUserMessage deletes a message sent to a user; one that is not
// there is no error.
func (s *Store) DeleteUserMessage(appID, receiver, msgTid string) (deleted bool, err error) {
	err = s.withApp(appID, func(a *app, _ time.Time) error {
		list := a.userMsgs[receiver]
		n := len(list)
		list = slices.DeleteFunc(list, func(m UserMessage) bool { return m.MsgTid == msgTid })
		deleted = len(list) < n
		if len(list) == 0 {
			delete(a.userMsgs, receiver)
		} else {
			a.userMsgs[receiver] = list
		}
		return nil
	})
	return deleted, err
}
