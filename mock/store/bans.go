package store

import (
	"sort"
	"strings"
	"time"

	"github.com/livemsg/livemsg/contract"
)

// Wildcard in an unmute list stands for every muted user (@wildcard of
// the contract).
var Wildcard = contract.Default().Wildcard()

// SuperGroupUsers: a group with more members than this becomes a super
// group (Limit SuperGroupUsers of the contract), and stays one until every
// user has left.
var SuperGroupUsers = limits.SuperGroupUsers

// BanView is the mute state of a group.
type BanView struct {
	GroupID   string
	BannedAll bool
	Banned    []string // muted one by one, sorted
	Unbanned  []string // exempt while the whole group is muted, sorted
}

// AddBans mutes users of an active group one by one; a user is muted and
// loses any exemption. "*" is no one special here: the contract refuses it
// (muting a whole group is BanLiveMessageGroup, see BanGroup).
func (s *Store) AddBans(appID, groupID string, users []string) error {
	return s.withGroup(appID, groupID, func(a *app, g *group, now time.Time) error {
		st := stateOf(g)
		for _, u := range users {
			st.banned = addTo(st.banned, u)
			delete(st.unbanned, u)
		}
		s.events.add(now, EventUsersMuted, appID, groupID, "", joinUsers(users))
		return nil
	})
}

// BanGroup mutes an active group as a whole, except the given users
// (BanLiveMessageGroup). Users muted one by one stay muted.
func (s *Store) BanGroup(appID, groupID string, except []string) error {
	return s.withGroup(appID, groupID, func(a *app, g *group, now time.Time) error {
		st := stateOf(g)
		st.bannedAll, st.unbanned = true, nil
		for _, u := range except {
			st.unbanned = addTo(st.unbanned, u)
		}
		s.events.add(now, EventUsersMuted, appID, groupID, "", "*")
		return nil
	})
}

// RemoveBans unmutes users of an active group. "*" lifts the whole-group
// mute and unmutes everybody (the muted and exempt lists are emptied). A
// user leaves the muted list and, while the whole group is muted, goes on
// the exempt (Unbanned) list.
func (s *Store) RemoveBans(appID, groupID string, users []string) error {
	return s.withGroup(appID, groupID, func(a *app, g *group, now time.Time) error {
		st := stateOf(g)
		for _, u := range users {
			if u == Wildcard {
				st.bannedAll, st.banned, st.unbanned = false, nil, nil
				continue
			}
			delete(st.banned, u)
			if st.bannedAll {
				st.unbanned = addTo(st.unbanned, u)
			}
		}
		s.events.add(now, EventUsersUnmuted, appID, groupID, "", joinUsers(users))
		return nil
	})
}

// Bans reads the mute state of an active group.
func (s *Store) Bans(appID, groupID string) (BanView, error) {
	v := BanView{GroupID: groupID, Banned: []string{}, Unbanned: []string{}}
	err := s.withGroup(appID, groupID, func(a *app, g *group, _ time.Time) error {
		if st := g.state; st != nil {
			v.BannedAll, v.Banned, v.Unbanned = st.bannedAll, sortedKeys(st.banned), sortedKeys(st.unbanned)
		}
		return nil
	})
	return v, err
}

// Join makes users members of an active group (in reality users join
// through the client SDK). Each user not yet a member counts in TotalTimes.
func (s *Store) Join(appID, groupID string, users ...string) error {
	return s.withGroup(appID, groupID, func(a *app, g *group, now time.Time) error {
		st := stateOf(g)
		for _, u := range users {
			if _, in := st.members[u]; in {
				continue
			}
			st.members = addTo(st.members, u)
			st.joins++
			if st.joinedAt == nil {
				st.joinedAt = map[string]int64{}
			}
			st.joinedAt[u] = st.joins
			if len(st.members) > SuperGroupUsers {
				st.superLarge = true
			}
			s.events.add(now, EventMemberJoined, appID, groupID, u, "")
		}
		return nil
	})
}

// Leave removes members from a group; on a deleted group, whose members
// were cleared by the deletion, it does nothing.
func (s *Store) Leave(appID, groupID string, users ...string) error {
	return s.withApp(appID, func(a *app, now time.Time) error {
		g := a.groups[groupID]
		if g == nil {
			return ErrGroupNotFound
		}
		s.leave(a, g, now, users)
		return nil
	})
}

// leave takes users out of a group's members, with their join times and
// info; a group left empty is no longer a super group.
func (s *Store) leave(a *app, g *group, now time.Time, users []string) {
	if g.state == nil {
		return
	}
	for _, u := range users {
		if _, in := g.state.members[u]; in {
			delete(g.state.members, u)
			delete(g.state.joinedAt, u)
			delete(g.state.info, u)
			s.events.add(now, EventMemberLeft, a.info.ID, g.id, u, "")
		}
	}
	if len(g.state.members) == 0 {
		g.state.superLarge = false
	}
}

// Members lists the members of a group, sorted (none once it is deleted).
func (s *Store) Members(appID, groupID string) ([]string, error) {
	out := []string{}
	err := s.withApp(appID, func(a *app, _ time.Time) error {
		g := a.groups[groupID]
		if g == nil {
			return ErrGroupNotFound
		}
		if g.state != nil {
			out = sortedKeys(g.state.members)
		}
		return nil
	})
	return out, err
}

func addTo(m map[string]struct{}, u string) map[string]struct{} {
	if m == nil {
		m = map[string]struct{}{}
	}
	m[u] = struct{}{}
	return m
}

// sortedKeys is the keys of m, sorted; never nil.
func sortedKeys(m map[string]struct{}) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// joinUsers is an event's detail: the users, comma-separated, bounded.
func joinUsers(users []string) string {
	const limit = 512
	s := strings.Join(users, ",")
	if len(s) > limit {
		s = s[:limit] + "..."
	}
	return s
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
