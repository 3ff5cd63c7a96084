package load

import (
	"context"
	"fmt"
	"strconv"
	"sync"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/contract"
)

// Journal records every group a run creates before the request goes, and
// every group it deletes, so that a crashed run can be cleaned up
// (steps.Journal, journal.jsonl, what `livemsg cleanup --journal` reads).
type Journal interface {
	Created(app, group string)
	Deleted(app, group string)
}

// JoinFunc makes users members of a group. The emulator does it through
// its admin API (EmulatorJoin); on a real target users join through the
// messaging client SDK, which livemsg is not.
type JoinFunc func(ctx context.Context, app, group string, users ...string) error

// PoolStats counts what the pool did, so that a run says how realistic its
// traffic was.
type PoolStats struct {
	GroupsCreated   int `json:"groups_created"`   // served creates, setup included
	GroupsDeleted   int `json:"groups_deleted"`   // served deletes of groups the run created
	GroupsRecovered int `json:"groups_recovered"` // served recovers of groups the run deleted
	UsersMuted      int `json:"users_muted"`      // served mutes
	UsersUnmuted    int `json:"users_unmuted"`    // served unmutes of users the run muted
	MembersJoined   int `json:"members_joined"`   // groups a member joined (emulator)
	// Arrivals that found nothing in the pool to work on, sent as the
	// harmless form of their operation (see pool.prepare).
	DeletesWithoutGroup   int `json:"deletes_without_group"`
	RecoversWithoutGroup  int `json:"recovers_without_group"`
	UnmutesWithoutMute    int `json:"unmutes_without_mute"`
	CleanupDeleted        int `json:"cleanup_deleted"`           // groups deleted after the run
	CleanupLeft           int `json:"cleanup_left"`              // groups the cleanup could not delete (in the journal)
	JoinsFailed           int `json:"joins_failed,omitempty"`    // members that could not join (emulator)
	UnknownAnswers        int `json:"unknown_answers,omitempty"` // creates, deletes or recovers without an answer
	SendGroupsFromProfile int `json:"send_groups_from_profile,omitempty"`
}

// pool is the resources the traffic works on: the groups the run created
// and has not deleted (each with the users muted in it), the groups it
// deleted (recoverable), and the requests in flight. It makes traffic
// realistic: a group is created before it is deleted, muted before it is
// unmuted, and messages go to groups that exist and have a joined member.
// Every request is prepared under its lock and settled by its answer.
type pool struct {
	mu      sync.Mutex
	app     string
	prefix  string
	seq     int
	live    []*group // in creation order
	deleted []string // groups the run deleted, most recent last
	unknown []string // groups whose create, delete or recover got no answer: deleted after the run
	sendTo  []string // the profile's send_groups: the only targets of sends when set
	sendSeq int
	readSeq int
	flight  map[string]*flight // by request URL
	journal Journal
	join    JoinFunc
	joins   sync.WaitGroup
	ctx     context.Context // of the joins
	stats   PoolStats
}

// group is a group of the run that exists.
type group struct {
	id       string
	busy     int  // requests in flight naming it
	deleting bool // a delete is in flight: nothing else may pick it
	joined   bool // a member joined: messages may go to it
	muted    []string
}

// flight is a request in flight: what it was, so that its answer settles
// the pool.
type flight struct {
	op     string
	g      *group // the live group it names (nil: none, or a group id only)
	id     string // the group id it names
	user   string // the user muted or unmuted
	served []string
}

// The operations whose models the pool knows, by their contract roles.
var (
	opCreate       = contract.Action(contract.RoleCreateGroup)
	opDelete       = contract.Action(contract.RoleDeleteGroup)
	opRecover      = contract.Action(contract.RoleRecoverGroup)
	opMute         = contract.Action(contract.RoleMute)
	opUnmute       = contract.Action(contract.RoleUnmute)
	opSend         = contract.Action(contract.RoleSendGroup)
	opDescribe     = contract.Action(contract.RoleDescribeGroup)
	opDescribeBand = contract.Action(contract.RoleDescribeBand)
	opList         = contract.Action(contract.RoleListGroups)
	opListMessages = contract.Action(contract.RoleListMessages)
)

func newPool(ctx context.Context, app, prefix string, j Journal, join JoinFunc, sendTo []string) *pool {
	return &pool{ctx: context.WithoutCancel(ctx), app: app, prefix: prefix, journal: j, join: join, sendTo: sendTo,
		flight: map[string]*flight{}, stats: PoolStats{SendGroupsFromProfile: len(sendTo)}}
}

// name returns a fresh name of the run: prefix, kind, counter.
func (pl *pool) name(kind string) string {
	pl.seq++
	return pl.prefix + kind + strconv.Itoa(pl.seq)
}

// prepare builds the request of one arrival of op and notes it in flight.
// An arrival that finds nothing to work on is sent in its harmless form,
// which the service serves, and counted: a delete of a group that does not
// exist (answered with its id), a recover of a group never created
// (ResourceNotExist, counted as served for that request), an unmute of a
// user who is not muted. A delete never takes the last group, so that
// sends, mutes and reads always have one.
func (pl *pool) prepare(op string) (aliyun.Request, *flight) {
	pl.mu.Lock()
	defer pl.mu.Unlock()
	f := &flight{op: op}
	params := map[string]string{"AppId": pl.app}
	var lists map[string][]string
	switch op {
	case opCreate:
		f.id = pl.name("g")
		pl.journalCreated(f.id)
		params["CreatorId"] = pl.prefix + "creator"
	case opDelete:
		if g := pl.deletable(); g != nil {
			g.deleting = true
			f.g, f.id = g, g.id
		} else {
			f.id, f.served = pl.prefix+"absent", []string{contract.CodeResourceNotExist}
			pl.stats.DeletesWithoutGroup++
		}
	case opRecover:
		if n := len(pl.deleted); n > 0 {
			f.id, pl.deleted = pl.deleted[n-1], pl.deleted[:n-1]
			pl.journalCreated(f.id)
		} else {
			f.id, f.served = pl.prefix+"absent", []string{contract.CodeResourceNotExist}
			pl.stats.RecoversWithoutGroup++
		}
	case opMute:
		f.g = pl.any(false)
		f.user = pl.name("u")
		lists = map[string][]string{"BannedUsers": {f.user}}
	case opUnmute:
		f.g = pl.mutedGroup()
		if f.g != nil {
			n := len(f.g.muted)
			f.user, f.g.muted = f.g.muted[n-1], f.g.muted[:n-1]
		} else {
			f.g, f.user = pl.any(false), pl.prefix+"notmuted"
			pl.stats.UnmutesWithoutMute++
		}
		lists = map[string][]string{"UnbannedUsers": {f.user}}
	case opSend:
		if len(pl.sendTo) > 0 {
			f.id = pl.sendTo[pl.sendSeq%len(pl.sendTo)]
			pl.sendSeq++
		} else if f.g = pl.any(pl.join != nil); f.g == nil {
			f.g = pl.any(false) // no group has a member yet: the service will say so
		}
		params["SenderId"] = pl.prefix + "sender"
		params["Body"] = "livemsg load profile"
	case opDescribe, opDescribeBand:
		f.g = pl.any(false)
	case opListMessages:
		f.g = pl.any(false)
		params["SortType"], params["PageSize"] = "1", "10"
	case opList:
		params["SortType"] = "1"
	}
	if f.g != nil {
		f.g.busy++
		f.id = f.g.id
	}
	if f.id != "" {
		params["GroupId"] = f.id
	}
	return aliyun.Request{Action: op, Params: params, Lists: lists}, f
}

// sent notes a prepared request under the URL it went with.
func (pl *pool) sent(url string, f *flight) {
	pl.mu.Lock()
	pl.flight[url] = f
	pl.mu.Unlock()
}

// take returns the request sent with url (nil when it is not the pool's).
func (pl *pool) take(url string) *flight {
	pl.mu.Lock()
	defer pl.mu.Unlock()
	f := pl.flight[url]
	delete(pl.flight, url)
	return f
}

// settle applies the answer to a request: answered is false when no
// answer came (the request's fate is unknown).
func (pl *pool) settle(f *flight, class Class, answered bool) {
	pl.mu.Lock()
	defer pl.mu.Unlock()
	if f.g != nil {
		f.g.busy--
	}
	served := class == Served
	switch f.op {
	case opCreate:
		switch {
		case served:
			g := &group{id: f.id}
			pl.live = append(pl.live, g)
			pl.stats.GroupsCreated++
			pl.joinLater(g)
		case !answered:
			pl.unknown = append(pl.unknown, f.id)
			pl.stats.UnknownAnswers++
		default: // refused: it never existed
			pl.journalDeleted(f.id)
		}
	case opDelete:
		if f.g == nil {
			break
		}
		switch {
		case served:
			pl.remove(f.g)
			pl.deleted = append(pl.deleted, f.id)
			pl.journalDeleted(f.id)
			pl.stats.GroupsDeleted++
		case !answered:
			pl.remove(f.g)
			pl.unknown = append(pl.unknown, f.id)
			pl.stats.UnknownAnswers++
		default:
			f.g.deleting = false
		}
	case opRecover:
		if f.served != nil { // the harmless form
			break
		}
		switch {
		case served:
			g := &group{id: f.id}
			pl.live = append(pl.live, g)
			pl.stats.GroupsRecovered++
			pl.joinLater(g)
		case !answered:
			pl.unknown = append(pl.unknown, f.id)
			pl.stats.UnknownAnswers++
		default:
			pl.deleted = append(pl.deleted, f.id)
			pl.journalDeleted(f.id)
		}
	case opMute:
		if served && f.g != nil && !f.g.deleting {
			f.g.muted = append(f.g.muted, f.user)
			pl.stats.UsersMuted++
		}
	case opUnmute:
		switch {
		case f.user == pl.prefix+"notmuted" || f.g == nil:
		case served:
			pl.stats.UsersUnmuted++
		default:
			f.g.muted = append(f.g.muted, f.user) // still muted
		}
	}
}

// deletable is the oldest group nothing is in flight on, unless it is the
// last group that exists or the last a member has joined.
func (pl *pool) deletable() *group {
	left, joined := 0, 0
	for _, g := range pl.live {
		if !g.deleting {
			left++
			if g.joined {
				joined++
			}
		}
	}
	for _, g := range pl.live {
		if !g.deleting && g.busy == 0 && left > 1 && (!g.joined || joined > 1 || pl.join == nil) {
			return g
		}
	}
	return nil
}

// any is a group not being deleted, in turn (joined: only one a member has
// joined); nil when there is none.
func (pl *pool) any(joined bool) *group {
	n := len(pl.live)
	for i := range n {
		g := pl.live[(pl.readSeq+i)%n]
		if !g.deleting && (!joined || g.joined) {
			pl.readSeq += i + 1
			return g
		}
	}
	return nil
}

// mutedGroup is a group not being deleted with a user the run muted.
func (pl *pool) mutedGroup() *group {
	for _, g := range pl.live {
		if !g.deleting && len(g.muted) > 0 {
			return g
		}
	}
	return nil
}

func (pl *pool) remove(g *group) {
	for i, x := range pl.live {
		if x == g {
			pl.live = append(pl.live[:i], pl.live[i+1:]...)
			return
		}
	}
}

// joinLater makes a member join a new or recovered group (the emulator's
// admin API), after which messages may go to it. Without a JoinFunc the
// group takes no messages (a real target sends to the profile's
// send_groups).
func (pl *pool) joinLater(g *group) {
	if pl.join == nil {
		return
	}
	pl.joins.Add(1)
	go func() {
		defer pl.joins.Done()
		err := pl.join(pl.ctx, pl.app, g.id, pl.prefix+"member")
		pl.mu.Lock()
		defer pl.mu.Unlock()
		if err != nil {
			pl.stats.JoinsFailed++
			return
		}
		g.joined = true
		pl.stats.MembersJoined++
	}()
}

func (pl *pool) journalCreated(id string) {
	if pl.journal != nil {
		pl.journal.Created(pl.app, id)
	}
}

func (pl *pool) journalDeleted(id string) {
	if pl.journal != nil {
		pl.journal.Deleted(pl.app, id)
	}
}

// leftovers are the groups to delete after the run: those that exist and
// those whose fate is unknown.
func (pl *pool) leftovers() []string {
	pl.joins.Wait()
	pl.mu.Lock()
	defer pl.mu.Unlock()
	var out []string
	for _, g := range pl.live {
		out = append(out, g.id)
	}
	return append(out, pl.unknown...)
}

func (pl *pool) snapshot() PoolStats {
	pl.mu.Lock()
	defer pl.mu.Unlock()
	return pl.stats
}

// String describes the pool in a line.
func (s PoolStats) String() string {
	return fmt.Sprintf("%d groups created, %d deleted, %d recovered; %d users muted, %d unmuted; %d groups joined by a member",
		s.GroupsCreated, s.GroupsDeleted, s.GroupsRecovered, s.UsersMuted, s.UsersUnmuted, s.MembersJoined)
}
