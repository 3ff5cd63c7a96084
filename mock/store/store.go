// Package store is the emulator's state: apps, groups, members, mute
// lists, bans, messages, app settings and the event log, on a clock tests
// move. It knows nothing of HTTP, signatures or error codes: package mock
// (the wire) validates requests, calls the store and maps its errors
// (ErrGroupNotFound, ErrTooManyGroups...) to the contract's codes. Its
// limits and retentions are the contract's.
package store

import (
	"crypto/rand"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/livemsg/livemsg/contract"
)

// Documented limits, read from the contract (enum Limit in
// contract/livemessage.graphql, each with its source).
var (
	limits              = contract.Default().Limits()
	MaxGroupsPerApp     = limits.GroupsPerApp     // groups not deleted, per AppId
	MaxAppsPerAccount   = limits.AppsPerAccount   // apps per account
	RecoverWindow       = limits.RecoverWindow    // a deleted group is recoverable this long, then purged
	MessageRetention    = limits.MessageRetention // messages are kept this long (MsgLifeCycle 0)
	MaxMsgTypesPerGroup = limits.MsgTypesPerGroup // distinct MsgType values per group
)

const (
	// DefaultAccount is the owner of an app created without one (the
	// emulator's default key belongs to it).
	DefaultAccount = "1234567890123456"
	// DefaultDataCenter is the data center of an app created without one.
	DefaultDataCenter = "cn-shanghai"
	// MaxEvents is how many events the event log keeps.
	MaxEvents = 10000
)

// Store errors, compared with errors.Is; the HTTP layer maps them to
// contract codes.
var (
	ErrAppNotFound     = errors.New("app not found")
	ErrGroupNotFound   = errors.New("group not found")
	ErrGroupDeleted    = errors.New("group is deleted")
	ErrGroupNotDeleted = errors.New("group is not deleted")
	ErrTooManyGroups   = fmt.Errorf("at most %d groups per app", MaxGroupsPerApp)
	ErrTooManyApps     = fmt.Errorf("at most %d apps per account", MaxAppsPerAccount)
	ErrNoMembers       = errors.New("no user has joined the group")
	ErrTooManyMsgTypes = fmt.Errorf("at most %d message types per group", MaxMsgTypesPerGroup)
	ErrDataCenter      = errors.New("DataCenter does not match the app's")
	ErrAppExists       = errors.New("AppId in use")
)

// Store is the emulator's state: apps, and in each app its groups. The apps
// map has one lock; each app has its own, held across every check-and-act
// (the 5000 cap) and never across I/O.
type Store struct {
	clock  Clock
	events *eventLog
	mu     sync.RWMutex
	apps   map[string]*app
	owners map[string]int // apps per account
}

// App is an interactive-messaging app.
type App struct {
	ID, Key, Sign, Name, DataCenter, Owner string
	MsgLifeCycle                           int
	CreatedAt                              time.Time
}

// AppSpec describes an app to create; DataCenter "" is DefaultDataCenter,
// Owner "" is DefaultAccount (the account of the default key), ID "" a
// random AppId.
type AppSpec struct {
	ID, Name, DataCenter, Owner string
	MsgLifeCycle                int
	Settings                    AppSettings // moderation and callbacks
}

// NewStore makes an empty store on a clock. When the clock can tell the
// time of one account (OffsetClock), each app lives on its owner's time.
func NewStore(clock Clock) *Store {
	if clock == nil {
		clock = NewOffsetClock(nil)
	}
	return &Store{clock: clock, events: newEventLog(MaxEvents), apps: map[string]*app{}, owners: map[string]int{}}
}

// Reset forgets every app, group, message and event. Event sequence
// numbers keep counting, so a reader polling with since misses nothing new.
func (s *Store) Reset() {
	s.mu.Lock()
	s.apps, s.owners = map[string]*app{}, map[string]int{}
	s.mu.Unlock()
	s.events.reset()
}

// CreateApp creates an app for an account with the spec's AppId or a
// random one (8 lower-case letters and digits), a random AppKey and AppSign.
func (s *Store) CreateApp(spec AppSpec) (App, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if spec.Owner == "" {
		spec.Owner = DefaultAccount
	}
	if s.owners[spec.Owner] >= MaxAppsPerAccount {
		return App{}, ErrTooManyApps
	}
	if spec.ID != "" && s.apps[spec.ID] != nil {
		return App{}, ErrAppExists
	}
	if spec.DataCenter == "" {
		spec.DataCenter = DefaultDataCenter
	}
	info := App{ID: spec.ID, Key: randomID(16), Sign: randomID(32), Name: spec.Name,
		DataCenter: spec.DataCenter, Owner: spec.Owner, MsgLifeCycle: spec.MsgLifeCycle, CreatedAt: s.now(spec.Owner)}
	for info.ID == "" || s.apps[info.ID] != nil {
		info.ID = randomID(8)
	}
	s.apps[info.ID] = &app{info: info, groups: map[string]*group{}, settings: spec.Settings}
	s.owners[spec.Owner]++
	return info, nil
}

// App returns an app by id, whoever owns it.
func (s *Store) App(appID string) (App, bool) {
	a := s.app(appID)
	if a == nil {
		return App{}, false
	}
	return a.info, true
}

// AppFor returns the app if it exists and belongs to owner (else
// ErrAppNotFound), and dataCenter is "" or the app's (else ErrDataCenter).
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

// app is an app and its groups; mu guards everything but info, which
// never changes.
type app struct {
	mu       sync.Mutex
	info     App
	groups   map[string]*group
	active   int        // groups not deleted
	purges   purgeQueue // deleted groups, soonest purge first
	byCreate []*group   // every group by (CreatedAt, ID); nil when stale

	settings   AppSettings
	modifiedAt time.Time
	userMsgs   map[string][]UserMessage // by receiver
}

// retention is how long the app keeps messages: MsgLifeCycle 0 (and any
// unknown value) 30 days, 1 90 days, 2 180 days.
func (a *app) retention() time.Duration {
	switch a.info.MsgLifeCycle {
	case 1:
		return 3 * MessageRetention
	case 2:
		return 6 * MessageRetention
	}
	return MessageRetention
}

func (s *Store) app(appID string) *app {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.apps[appID]
}

// withApp runs fn with the app locked, after purging what expired, so
// every check and the act that follows it see one state.
func (s *Store) withApp(appID string, fn func(a *app, now time.Time) error) error {
	a := s.app(appID)
	if a == nil {
		return ErrAppNotFound
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	now := s.now(a.info.Owner)
	s.purge(a, now)
	return fn(a, now)
}

// withGroup runs fn on an active group of an app, locked as withApp
// locks it; a group deleted or never made is ErrGroupDeleted or
// ErrGroupNotFound, and fn does not run.
func (s *Store) withGroup(appID, groupID string, fn func(a *app, g *group, now time.Time) error) error {
	return s.withApp(appID, func(a *app, now time.Time) error {
		g, err := a.activeGroup(groupID)
		if err != nil {
			return err
		}
		return fn(a, g, now)
	})
}

// now is the time of an account.
func (s *Store) now(owner string) time.Time {
	if c, ok := s.clock.(accountClock); ok {
		return c.NowFor(owner)
	}
	return s.clock.Now()
}

const idAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789"

// randomID is n random characters of idAlphabet, without modulo bias.
func randomID(n int) string {
	out := make([]byte, 0, n)
	var buf [64]byte
	for len(out) < n {
		_, _ = rand.Read(buf[:])
		for _, b := range buf {
			if int(b) < 252 && len(out) < n { // 252 = 7 * 36
				out = append(out, idAlphabet[int(b)%len(idAlphabet)])
			}
		}
	}
	return string(out)
}

// purge forgets the groups deleted RecoverWindow ago or more, with their
// messages, mute lists and members; their ids are free again. The queue
// is a heap on deletion time, so a call that purges nothing is O(1).
func (s *Store) purge(a *app, now time.Time) {
	for len(a.purges) > 0 && !now.Before(a.purges[0].deletedAt.Add(RecoverWindow)) {
		g := a.purges[0]
		a.purges.remove(g)
		delete(a.groups, g.id)
		a.byCreate = nil
		s.events.add(now, EventGroupPurged, a.info.ID, g.id, "", "")
	}
}

// purgeQueue is a min-heap of deleted groups on deletedAt; each group
// knows its index (purgeAt, -1 when not queued), so a recovery leaves no
// stale entry behind.
type purgeQueue []*group

func (q *purgeQueue) push(g *group) {
	g.purgeAt = len(*q)
	*q = append(*q, g)
	q.up(g.purgeAt)
}

func (q *purgeQueue) remove(g *group) {
	h, i, last := *q, g.purgeAt, len(*q)-1
	if i < 0 || i > last || h[i] != g {
		return
	}
	h.swap(i, last)
	h[last] = nil
	*q = h[:last]
	g.purgeAt = -1
	if i < last {
		q.down(i)
		q.up(i)
	}
}

func (q purgeQueue) less(i, j int) bool { return q[i].deletedAt.Before(q[j].deletedAt) }

func (q purgeQueue) swap(i, j int) {
	q[i], q[j] = q[j], q[i]
	q[i].purgeAt, q[j].purgeAt = i, j
}

func (q purgeQueue) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !q.less(i, p) {
			return
		}
		q.swap(i, p)
		i = p
	}
}

func (q purgeQueue) down(i int) {
	for {
		l, small := 2*i+1, i
		if l < len(q) && q.less(l, small) {
			small = l
		}
		if r := l + 1; r < len(q) && q.less(r, small) {
			small = r
		}
		if small == i {
			return
		}
		q.swap(i, small)
		i = small
	}
}
