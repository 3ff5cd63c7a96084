package mock

import "time"

// Wildcard in a mute list stands for every user.
const Wildcard = "*"

// BanView is the mute state of a group.
type BanView struct {
	GroupID   string
	BannedAll bool
	Banned    []string // muted one by one
	Unbanned  []string // exempt while the whole group is muted
}

// AddBans mutes users; "*" mutes the whole group.
func (s *Store) AddBans(appID, groupID string, users []string) error {
	return s.withApp(appID, func(a *app, now time.Time) error {
		g, err := activeGroup(a, groupID)
		if err != nil {
			return err
		}
		for _, u := range users {
			if u == Wildcard {
				g.bannedAll = true
				g.unbanned = nil
				continue
			}
			g.banned = addTo(g.banned, u)
			delete(g.unbanned, u)
		}
		s.events.add(now, "users.muted", appID, groupID, "", joinUsers(users))
		return nil
	})
}

// RemoveBans unmutes users; "*" unmutes every muted user and lifts a
// whole-group mute. Unmuting a user while the whole group is muted exempts
// that user.
func (s *Store) RemoveBans(appID, groupID string, users []string) error {
	return s.withApp(appID, func(a *app, now time.Time) error {
		g, err := activeGroup(a, groupID)
		if err != nil {
			return err
		}
		for _, u := range users {
			if u == Wildcard {
				g.bannedAll, g.banned, g.unbanned = false, nil, nil
				continue
			}
			delete(g.banned, u)
			if g.bannedAll {
				g.unbanned = addTo(g.unbanned, u)
			}
		}
		s.events.add(now, "users.unmuted", appID, groupID, "", joinUsers(users))
		return nil
	})
}

// Bans reads the mute state of an active group.
func (s *Store) Bans(appID, groupID string) (BanView, error) {
	var v BanView
	err := s.withApp(appID, func(a *app, _ time.Time) error {
		g, err := activeGroup(a, groupID)
		if err != nil {
			return err
		}
		v = BanView{GroupID: groupID, BannedAll: g.bannedAll, Banned: sortedKeys(g.banned), Unbanned: sortedKeys(g.unbanned)}
		return nil
	})
	return v, err
}

// Join makes users members of an active group (the client SDK's part).
func (s *Store) Join(appID, groupID string, users ...string) error {
	return s.withApp(appID, func(a *app, now time.Time) error {
		g, err := activeGroup(a, groupID)
		if err != nil {
			return err
		}
		for _, u := range users {
			g.members = addTo(g.members, u)
			s.events.add(now, "member.joined", appID, groupID, u, "")
		}
		return nil
	})
}

// Leave removes members.
func (s *Store) Leave(appID, groupID string, users ...string) error {
	return s.withApp(appID, func(a *app, _ time.Time) error {
		g, err := activeGroup(a, groupID)
		if err != nil {
			return err
		}
		for _, u := range users {
			delete(g.members, u)
		}
		return nil
	})
}

// Members lists the members of an active group.
func (s *Store) Members(appID, groupID string) ([]string, error) {
	var out []string
	err := s.withApp(appID, func(a *app, _ time.Time) error {
		g, err := activeGroup(a, groupID)
		if err != nil {
			return err
		}
		out = sortedKeys(g.members)
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

func joinUsers(users []string) string {
	out := ""
	for i, u := range users {
		if i > 0 {
			out += ","
		}
		out += u
	}
	return out
}
