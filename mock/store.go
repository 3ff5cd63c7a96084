package mock

import (
	"crypto/rand"
	"errors"
	"sync"
	"time"
)

// Documented limits.
const (
	MaxGroupsPerApp     = 5000                // groups not deleted, per AppId
	MaxAppsPerAccount   = 300                 // apps per account
	RecoverWindow       = 30 * 24 * time.Hour // a deleted group is recoverable this long, then purged
	MessageRetention    = 30 * 24 * time.Hour // messages are kept this long
	MaxMsgTypesPerGroup = 30                  // distinct MsgType values per group
	defaultDataCenter   = "cn-shanghai"
)

// Store errors; the HTTP layer maps them to contract codes.
var (
	ErrAppNotFound     = errors.New("app not found")
	ErrGroupNotFound   = errors.New("group not found")
	ErrGroupDeleted    = errors.New("group is deleted")
	ErrGroupNotDeleted = errors.New("group is not deleted")
	ErrTooManyGroups   = errors.New("at most 5000 groups per app")
	ErrTooManyApps     = errors.New("at most 300 apps per account")
	ErrNoMembers       = errors.New("no user has joined the group")
	ErrTooManyMsgTypes = errors.New("at most 30 message types per group")
	ErrDataCenter      = errors.New("DataCenter does not match the app's")
)

// Store is the emulator's state: apps, and in each app its groups. The
// apps map has one lock; each app has its own, held across every
// check-and-act (the 5000 cap) and never across I/O.
type Store struct {
	clock  Clock
	events *eventLog
	mu     sync.RWMutex
	apps   map[string]*app
}

// App is an interactive-messaging app.
type App struct {
	ID, Key, Sign, Name, DataCenter, Owner string
	MsgLifeCycle                           int
	CreatedAt                              time.Time
}

type app struct {
	mu        sync.Mutex
	info      App
	groups    map[string]*group
	active    int
	deletions []deletion // in deletion order, for purging
}

// NewStore makes an empty store on a clock.
func NewStore(clock Clock) *Store {
	return &Store{clock: clock, events: newEventLog(10000), apps: map[string]*app{}}
}

// Reset forgets every app, group and event.
func (s *Store) Reset() {
	s.mu.Lock()
	s.apps = map[string]*app{}
	s.mu.Unlock()
	s.events.reset()
}

// AppSpec describes an app to create.
type AppSpec struct {
	Name, DataCenter, Owner string
	MsgLifeCycle            int
}

// CreateApp creates an app for an account.
func (s *Store) CreateApp(spec AppSpec) (App, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, a := range s.apps {
		if a.info.Owner == spec.Owner {
			n++
		}
	}
	if n >= MaxAppsPerAccount {
		return App{}, ErrTooManyApps
	}
	dc := spec.DataCenter
	if dc == "" {
		dc = defaultDataCenter
	}
	info := App{ID: randomID(8), Key: randomID(16), Sign: randomID(32), Name: spec.Name, DataCenter: dc,
		Owner: spec.Owner, MsgLifeCycle: spec.MsgLifeCycle, CreatedAt: s.clock.NowFor(spec.Owner)}
	for s.apps[info.ID] != nil {
		info.ID = randomID(8)
	}
	s.apps[info.ID] = &app{info: info, groups: map[string]*group{}}
	return info, nil
}

// App returns an app.
func (s *Store) App(appID string) (App, bool) {
	a := s.app(appID)
	if a == nil {
		return App{}, false
	}
	return a.info, true
}

// AppFor returns the app when it exists, belongs to owner and, when
// dataCenter is given, lives there.
func (s *Store) AppFor(owner, appID, dataCenter string) (App, error) {
	a := s.app(appID)
	if a == nil || a.info.Owner != owner {
		return App{}, ErrAppNotFound
	}
	if dataCenter != "" && dataCenter != a.info.DataCenter {
		return App{}, ErrDataCenter
	}
	return a.info, nil
}

func (s *Store) app(appID string) *app {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.apps[appID]
}

// withApp runs fn with the app locked, after purging what expired.
func (s *Store) withApp(appID string, fn func(a *app, now time.Time) error) error {
	a := s.app(appID)
	if a == nil {
		return ErrAppNotFound
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	now := s.clock.NowFor(a.info.Owner)
	s.purge(a, now)
	return fn(a, now)
}

const idAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789"

func randomID(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = idAlphabet[int(b[i])%len(idAlphabet)]
	}
	return string(b)
}
