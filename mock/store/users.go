package store

import (
	"errors"
	"slices"
	"sort"
	"time"
)

// ErrSuperGroup: a super group's members cannot be listed.
var ErrSuperGroup = errors.New("a super group's members cannot be listed")

// Member is a member of a group, as ListLiveMessageGroupUsers shows it.
type Member struct {
	UserID, Info string
	joined       int64
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
