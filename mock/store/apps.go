package store

import (
	"cmp"
	"errors"
	"slices"
	"time"
)

// ErrAppDisabled: the app is disabled (ModifyLiveMessageAppDisable).
var ErrAppDisabled = errors.New("the app is disabled")

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
