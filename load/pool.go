package load

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"sync"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/contract"
)

// Journal records every group a run creates, written ahead: the create
// as intended before the request goes (the provider may make the group
// and lose the answer), then its answer; and every delete answered with
// success of a group known to exist. A crashed or lossy run can so be
// cleaned up (steps.Journal, journal.jsonl, what `livemsg cleanup
// --journal` reads).
type Journal interface {
	// Intended records a create (or recover) about to be sent; when it
	// fails, the request must not go.
	Intended(app, group string) error
	Created(app, group string)
	NotCreated(app, group string)
	Deleted(app, group string)
}

// JoinFunc makes users members of a group. The emulator does it through
// its admin API (mock.Admin.Join); on a real target users join through the
// messaging client SDK, which livemsg is not.
type JoinFunc func(ctx context.Context, app, group string, users ...string) error

// PoolStats counts what the pool did, so that a run says how realistic its
// traffic was.
type PoolStats struct {
	GroupsCreated   int `json:"groups_created"`             // served creates, setup included
	GroupsDeleted   int `json:"groups_deleted"`             // served deletes of groups the run created
	GroupsRecovered int `json:"groups_recovered"`           // served recovers of groups the run deleted
	UsersMuted      int `json:"users_muted"`                // served mutes
	UsersUnmuted    int `json:"users_unmuted"`              // served unmutes of users the run muted
	GroupsBanned    int `json:"groups_banned,omitempty"`    // served whole-group mutes
	GroupsUnbanned  int `json:"groups_unbanned,omitempty"`  // served unbans of groups the run banned
	UsersKicked     int `json:"users_kicked,omitempty"`     // served kicks of a guest who had joined (emulator)
	MessagesDeleted int `json:"messages_deleted,omitempty"` // served deletes of messages the run sent
	MembersJoined   int `json:"members_joined"`             // groups a member joined (emulator)
	// Arrivals that found nothing in the pool to work on, sent as the
	// harmless form of their operation (see pool.prepare).
	DeletesWithoutGroup   int `json:"deletes_without_group"`
	RecoversWithoutGroup  int `json:"recovers_without_group"`
	UnmutesWithoutMute    int `json:"unmutes_without_mute"`
	UnbansWithoutBan      int `json:"unbans_without_ban,omitempty"`
	KicksWithoutMember    int `json:"kicks_without_member,omitempty"`
	DeletesWithoutMessage int `json:"deletes_without_message,omitempty"`
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
	unknown []string // groups whose delete got no answer: deleted after the run
	maybe   []string // groups whose create or recover got no answer: deleted after the run
	sendTo  []string // the profile's send_groups: the only targets of sends when set
	sendSeq int
	users   []string // the profile's send_users: the only receivers of user messages when set
	userSeq int
	c       *contract.Contract
	guests  bool     // a guest joins each group with the member, for kicks to remove
	sentMsg []msgRef // messages the run sent that it has not deleted, most recent last
	// appSettings are the app's moderation and callback settings read at
	// setup, which the app-level writes set again (emulator only).
	appSettings map[string]string
	readSeq     int
	flight      map[string]*flight // by request URL
	journal     Journal
	join        JoinFunc
	joins       sync.WaitGroup
	ctx         context.Context // of the joins
	stats       PoolStats
}

// group is a group of the run that exists.
type group struct {
	id       string
	busy     int  // requests in flight naming it
	deleting bool // a delete is in flight: nothing else may pick it
	joined   bool // a member joined: messages may go to it
	guest    bool // the guest joined and was not kicked (emulator)
	banned   bool // the run muted it as a whole
	muted    []string
}

// msgRef is a message the run sent: to a group (g, or a send_groups id)
// or to a user (receiver).
type msgRef struct {
	g        *group
	group    string
	receiver string
	tid      string
}

// flight is a request in flight: what it was, so that its answer settles
// the pool.
type flight struct {
	op       string
	g        *group   // the live group it names (nil: none, or a group id only)
	id       string   // the group id it names
	user     string   // the user muted, unmuted, kicked or sent to
	harmless bool     // sent in its harmless form: nothing in the pool to work on
	muted    []string // the users a band modification leaves muted
	msg      *msgRef  // the message sent or deleted
	served   []string
}

// The operations whose traffic models the pool knows (the others have the
// generic one), by shorter names.
var (
	opCreate       = contract.OpCreateLiveMessageGroup
	opDelete       = contract.OpDeleteLiveMessageGroup
	opRecover      = contract.OpRecoverLiveMessageDeletedGroup
	opMute         = contract.OpAddLiveMessageGroupBand
	opUnmute       = contract.OpRemoveLiveMessageGroupBand
	opSend         = contract.OpSendLiveMessageGroup
	opDescribe     = contract.OpDescribeLiveMessageGroup
	opDescribeBand = contract.OpDescribeLiveMessageGroupBand
	opList         = contract.OpListLiveMessageGroups
	opListMessages = contract.OpListLiveMessageGroupMessages

	opCreateApp      = contract.OpCreateLiveMessageApp
	opBan            = contract.OpBanLiveMessageGroup
	opUnban          = contract.OpUnbanLiveMessageGroup
	opModifyBand     = contract.OpModifyLiveMessageGroupBand
	opDeleteGroupMsg = contract.OpDeleteLiveMessageGroupMessage
	opDeleteUserMsg  = contract.OpDeleteLiveMessageUserMessage
	opDescribeApp    = contract.OpDescribeLiveMessageApp
	opKick           = contract.OpKickLiveMessageGroupUser
	opModifyAudit    = contract.OpModifyLiveMessageAppAudit
	opModifyCallback = contract.OpModifyLiveMessageAppCallback
	opModifyDisable  = contract.OpModifyLiveMessageAppDisable
	opModifyGroup    = contract.OpModifyLiveMessageGroup
	opSendUser       = contract.OpSendLiveMessageUser
)

func newPool(ctx context.Context, c *contract.Contract, app, prefix string, j Journal, join JoinFunc, p *Profile) *pool {
	pl := &pool{ctx: context.WithoutCancel(ctx), c: c, app: app, prefix: prefix, journal: j, join: join,
		sendTo: p.SendGroups, users: p.SendUsers, flight: map[string]*flight{},
		stats: PoolStats{SendGroupsFromProfile: len(p.SendGroups)}}
	for _, m := range p.Mix {
		pl.guests = pl.guests || m.Operation == opKick
	}
	return pl
}

// member is the user who joins each group of the run (emulator); guest
// the one a kick removes.
func (pl *pool) member() string { return pl.prefix + "member" }
func (pl *pool) guest() string  { return pl.prefix + "guest" }

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
// A create or recover is journaled as intended before it goes; when the
// journal cannot be written it is not sent and prepare fails.
func (pl *pool) prepare(op string) (aliyun.Request, *flight, error) {
	pl.mu.Lock()
	defer pl.mu.Unlock()
	f := &flight{op: op}
	params := map[string]string{"AppId": pl.app}
	var lists map[string][]string
	var set map[string]string // the operations built from the contract's minimal request
	switch op {
	case opCreate:
		f.id = pl.name("g")
		if err := pl.journalIntended(f.id); err != nil {
			return aliyun.Request{}, nil, err
		}
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
			if err := pl.journalIntended(pl.deleted[n-1]); err != nil {
				return aliyun.Request{}, nil, err
			}
			f.id, pl.deleted = pl.deleted[n-1], pl.deleted[:n-1]
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
		params["Body"] = info
		params["MsgTid"] = pl.name("m")
		f.msg = &msgRef{g: f.g, group: f.id, tid: params["MsgTid"]}
		if f.g != nil {
			f.msg.group = f.g.id
		}
	case opDescribe, opDescribeBand:
		f.g = pl.any(false)
	case opListMessages:
		f.g = pl.any(false)
		params["SortType"], params["PageSize"] = "1", "10"
	case opList:
		params["SortType"] = "1"
	default:
		set, lists = pl.prepareFamily(op, f)
	}
	return pl.request(op, f, params, set, lists), f, nil
}

// request is the request of a prepared flight: the group it names marked
// busy and put in; an operation built from the contract's minimal request
// (set not nil) has its required parameters filled from the contract, the
// lists prepare gave kept.
func (pl *pool) request(op string, f *flight, params, set map[string]string, lists map[string][]string) aliyun.Request {
	if f.g != nil {
		f.g.busy++
		f.id = f.g.id
	}
	if f.id != "" {
		params["GroupId"] = f.id
	}
	if set != nil {
		set["AppId"], set["GroupId"] = pl.app, f.id
		var minLists map[string][]string
		params, minLists = pl.operation(op).Minimal(set)
		for k, v := range minLists {
			if _, given := lists[k]; !given {
				if lists == nil {
					lists = map[string][]string{}
				}
				lists[k] = v
			}
		}
	}
	return aliyun.Request{Action: op, Params: params, Lists: lists}
}

// operation is op in the run's contract (the default one when it lacks op).
func (pl *pool) operation(op string) *contract.Operation {
	if o, ok := pl.c.Operation(op); ok {
		return o
	}
	o, _ := contract.Default().Operation(op)
	return o
}

// prepareFamily is prepare for the operations whose requests are the
// contract's minimal ones (Operation.Minimal) with the values set gives:
// the parameters the contract requires are filled from its constraints,
// and only the resources come from the pool. It sets f.g (or f.id) to the
// group the request names, if any.
func (pl *pool) prepareFamily(op string, f *flight) (set map[string]string, lists map[string][]string) {
	set = map[string]string{}
	switch op {
	case opBan:
		if f.g = pl.pick(func(g *group) bool { return !g.banned }); f.g == nil {
			f.g = pl.any(false)
		}
	case opUnban:
		if f.g = pl.pick(func(g *group) bool { return g.banned }); f.g != nil {
			f.g.banned = false
		} else {
			f.g, f.harmless, f.served = pl.any(false), true, []string{contract.CodeResourceNotExist}
			pl.stats.UnbansWithoutBan++
		}
	case opModifyBand:
		// The group's mute state as the run made it, and a fresh user:
		// the modification replaces the state, so it keeps what the run
		// muted (up to the list's bound in the contract).
		f.g, f.user = pl.any(false), pl.name("u")
		if f.g != nil {
			f.muted = append(slices.Clone(f.g.muted), f.user)
			set["BannedAll"] = strconv.FormatBool(f.g.banned)
		} else {
			f.muted = []string{f.user}
		}
		if p, ok := pl.operation(op).Param("BannnedUsers"); ok && p.MaxItems > 0 && len(f.muted) > p.MaxItems {
			f.muted = f.muted[len(f.muted)-p.MaxItems:]
		}
		lists = map[string][]string{"BannnedUsers": f.muted}
	case opModifyGroup:
		f.g = pl.any(false)
		set["ModifyInfo"], set["GroupInfo"] = "true", info
	case opKick:
		if f.g = pl.pick(func(g *group) bool { return g.guest }); f.g != nil {
			f.g.guest, f.user = false, pl.guest()
		} else {
			f.g, f.user, f.harmless = pl.any(false), pl.prefix+"nobody", true
			f.served = []string{contract.CodeResourceNotExist} // a provider may say the user is not there
			pl.stats.KicksWithoutMember++
		}
		set["KickoffUser"] = f.user
	case opSendUser, opDeleteGroupMsg, opDeleteUserMsg:
		pl.prepareMessage(op, f, set)
	case opModifyAudit, opModifyCallback, opModifyDisable:
		// The app's settings as they were when the run began (read at
		// setup): the app ends as it began. Never on a real target (Plan).
		maps.Copy(set, pl.appSettings)
		set["Disable"] = "false" // the run's groups were just created in it: it is enabled
	default:
		pl.generic(op, f, set)
	}
	return set, lists
}

// generic is the traffic model of an operation that needs none of its
// own: the contract's minimal request, on a group of the run when the
// operation names one, about the run's own member when it names users
// (UserId, UserIds). On a real target that member is in no group: a check
// finds it absent, a change of its info changes nothing of anyone's.
func (pl *pool) generic(op string, f *flight, set map[string]string) {
	o := pl.operation(op)
	if _, ok := o.Param("GroupId"); ok {
		f.g = pl.any(false)
	}
	for _, name := range []string{"UserId", "UserIds"} {
		if _, ok := o.Param(name); ok {
			set[name] = pl.member()
		}
	}
}

// prepareMessage is prepareFamily for the operations on messages: a send
// to a member, a delete of a message the run sent (or, when none is left,
// of one that does not exist, which the service refuses harmlessly).
func (pl *pool) prepareMessage(op string, f *flight, set map[string]string) {
	switch op {
	case opSendUser:
		f.user = pl.member()
		if len(pl.users) > 0 {
			f.user = pl.users[pl.userSeq%len(pl.users)]
			pl.userSeq++
		}
		f.msg = &msgRef{receiver: f.user, tid: pl.name("m")}
		set["SenderId"], set["ReceiverId"], set["Body"], set["MsgTid"] = pl.prefix+"sender", f.user, info, f.msg.tid
	case opDeleteGroupMsg:
		if f.msg = pl.takeMessage(false); f.msg != nil {
			f.g, f.id = f.msg.g, f.msg.group
			set["MessageId"] = f.msg.tid
		} else {
			f.g, f.harmless, f.served = pl.any(false), true, []string{contract.CodeResourceNotExist}
			set["MessageId"] = pl.prefix + "absent"
			pl.stats.DeletesWithoutMessage++
		}
	case opDeleteUserMsg:
		if f.msg = pl.takeMessage(true); f.msg != nil {
			set["MessageId"], set["ReceiverId"] = f.msg.tid, f.msg.receiver
		} else {
			f.harmless, f.served = true, []string{contract.CodeResourceNotExist}
			set["MessageId"], set["ReceiverId"] = pl.prefix+"absent", pl.member()
			pl.stats.DeletesWithoutMessage++
		}
	}
}

// info is what a profile writes where a text is asked (group info, a
// user's meta info, a message body).
const info = "livemsg load profile"

// takeMessage is the most recent message the run sent to a user (user)
// or to a group that exists and is not being deleted, taken off the list.
func (pl *pool) takeMessage(user bool) *msgRef {
	for i := len(pl.sentMsg) - 1; i >= 0; i-- {
		m := pl.sentMsg[i]
		if (m.receiver != "") == user && (m.g == nil || !m.g.deleting) {
			pl.sentMsg = slices.Delete(pl.sentMsg, i, i+1)
			return &m
		}
	}
	return nil
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
			pl.journalCreated(f.id)
			pl.joinLater(g)
		case !answered:
			pl.maybe = append(pl.maybe, f.id)
			pl.stats.UnknownAnswers++
		default: // refused: it never existed
			pl.journalNotCreated(f.id)
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
			pl.journalCreated(f.id)
			pl.joinLater(g)
		case !answered:
			pl.maybe = append(pl.maybe, f.id)
			pl.stats.UnknownAnswers++
		default: // refused: it stays deleted
			pl.deleted = append(pl.deleted, f.id)
			pl.journalNotCreated(f.id)
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
	default:
		pl.settleFamily(f, served, answered)
	}
}

// settleFamily is settle for the rest of the family.
func (pl *pool) settleFamily(f *flight, served, answered bool) {
	switch f.op {
	case opSend, opSendUser:
		if served {
			pl.sentMsg = append(pl.sentMsg, *f.msg)
		}
	case opDeleteGroupMsg, opDeleteUserMsg:
		switch {
		case f.harmless:
		case served:
			pl.stats.MessagesDeleted++
		case answered:
			pl.sentMsg = append(pl.sentMsg, *f.msg) // still there
		}
	case opBan:
		if served && f.g != nil {
			f.g.banned = true
			pl.stats.GroupsBanned++
		}
	case opUnban:
		switch {
		case f.harmless || f.g == nil:
		case served:
			pl.stats.GroupsUnbanned++
		default:
			f.g.banned = true // still banned, or unknown: an unban may follow
		}
	case opModifyBand:
		if served && f.g != nil {
			f.g.muted = f.muted
			pl.stats.UsersMuted++
		}
	case opKick:
		switch {
		case f.harmless || f.g == nil:
		case served:
			pl.stats.UsersKicked++
		case answered:
			f.g.guest = true // refused: still a member
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
	return pl.pick(func(g *group) bool { return !joined || g.joined })
}

// pick is a group not being deleted for which ok holds, in turn; nil when
// there is none.
func (pl *pool) pick(ok func(*group) bool) *group {
	n := len(pl.live)
	for i := range n {
		g := pl.live[(pl.readSeq+i)%n]
		if !g.deleting && ok(g) {
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
		users := []string{pl.member()}
		if pl.guests {
			users = append(users, pl.guest())
		}
		err := pl.join(pl.ctx, pl.app, g.id, users...)
		pl.mu.Lock()
		defer pl.mu.Unlock()
		if err != nil {
			pl.stats.JoinsFailed++
			return
		}
		g.joined, g.guest = true, pl.guests
		pl.stats.MembersJoined++
	}()
}

func (pl *pool) journalIntended(id string) error {
	if pl.journal != nil {
		return pl.journal.Intended(pl.app, id)
	}
	return nil
}

func (pl *pool) journalCreated(id string) {
	if pl.journal != nil {
		pl.journal.Created(pl.app, id)
	}
}

func (pl *pool) journalNotCreated(id string) {
	if pl.journal != nil {
		pl.journal.NotCreated(pl.app, id)
	}
}

func (pl *pool) journalDeleted(id string) {
	if pl.journal != nil {
		pl.journal.Deleted(pl.app, id)
	}
}

// leftovers are the groups to delete after the run: those that exist
// (known, with those whose delete got no answer) and those whose create or
// recover got no answer (maybe: a delete of one proves nothing, the
// read-back after the run settles it).
func (pl *pool) leftovers() (known, maybe []string) {
	pl.joins.Wait()
	pl.mu.Lock()
	defer pl.mu.Unlock()
	for _, g := range pl.live {
		known = append(known, g.id)
	}
	return append(known, pl.unknown...), slices.Clone(pl.maybe)
}

func (pl *pool) snapshot() PoolStats {
	pl.mu.Lock()
	defer pl.mu.Unlock()
	return pl.stats
}

// String describes the pool in a line.
func (s PoolStats) String() string {
	line := fmt.Sprintf("%d groups created, %d deleted, %d recovered; %d users muted, %d unmuted; %d groups joined by a member",
		s.GroupsCreated, s.GroupsDeleted, s.GroupsRecovered, s.UsersMuted, s.UsersUnmuted, s.MembersJoined)
	if s.GroupsBanned+s.UsersKicked+s.MessagesDeleted > 0 {
		line += fmt.Sprintf("; %d groups banned, %d unbanned; %d guests kicked; %d of the run's messages deleted",
			s.GroupsBanned, s.GroupsUnbanned, s.UsersKicked, s.MessagesDeleted)
	}
	return line
}
