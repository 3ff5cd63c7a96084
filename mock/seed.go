package mock

import (
	"errors"
	"fmt"
	"slices"

	"github.com/livemsg/livemsg/mock/store"
)

// AppSeed is an app to create, with its groups, without any call: the
// default account owns it unless Owner says otherwise, so the default key
// sees it.
type AppSeed struct {
	ID         string // AppId (required)
	Name       string // "" = the ID
	DataCenter string // "" = DefaultDataCenter
	Owner      string // account; "" = DefaultAccount
	Groups     []GroupSeed
}

// GroupSeed is a group of a seeded app.
type GroupSeed struct {
	ID        string // GroupId (required)
	Name      string
	CreatorID string // "" = "creator"
	Admins    []string
	Members   []string // users who joined: they may send, and are notified when the group is deleted
	Muted     []string // muted users; "*" mutes the whole group (as BanLiveMessageGroup does)
}

// Seed creates apps with their groups, members and muted users. It stops
// at the first that cannot be created (an AppId in use, a cap).
func (e *Emulator) Seed(apps ...AppSeed) error {
	for _, a := range apps {
		if err := e.seedApp(a); err != nil {
			return fmt.Errorf("seed app %q: %w", a.ID, err)
		}
	}
	return nil
}

func (e *Emulator) seedApp(a AppSeed) error {
	if a.ID == "" {
		return errors.New("an AppSeed needs an ID")
	}
	if _, err := e.store.CreateApp(store.AppSpec{ID: a.ID, Name: firstOf(a.Name, a.ID), DataCenter: a.DataCenter, Owner: a.Owner}); err != nil {
		return err
	}
	for _, g := range a.Groups {
		if err := e.seedGroup(a.ID, g); err != nil {
			return fmt.Errorf("group %q: %w", g.ID, err)
		}
	}
	return nil
}

func (e *Emulator) seedGroup(appID string, g GroupSeed) error {
	if g.ID == "" {
		return errors.New("a GroupSeed needs an ID")
	}
	res, err := e.store.CreateGroup(appID, store.GroupSpec{ID: g.ID, Name: g.Name, CreatorID: firstOf(g.CreatorID, "creator"), Admins: g.Admins})
	switch {
	case err != nil:
		return err
	case res.AlreadyExists || res.AlreadyDeleted:
		return errors.New("seeded twice")
	}
	if len(g.Members) > 0 {
		if err := e.store.Join(appID, g.ID, g.Members...); err != nil {
			return err
		}
	}
	users := slices.DeleteFunc(slices.Clone(g.Muted), func(u string) bool { return u == store.Wildcard })
	if len(users) < len(g.Muted) {
		// the whole group, as BanLiveMessageGroup mutes it
		if err := e.store.BanGroup(appID, g.ID, nil); err != nil {
			return err
		}
	}
	if len(users) > 0 {
		return e.store.AddBans(appID, g.ID, users)
	}
	return nil
}
