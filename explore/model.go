package explore

import (
	"maps"
	"slices"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/contract"
)

// The model is what the explorer believes exists in its app: the groups of
// the sequence's pool and their state (created, deleted and recoverable),
// their mutes, bans and members, the messages sent, the app's settings.
// Drawing from it (the preconditions of a QuickCheck state machine, the
// bundles of live resources of a Hypothesis rule-based machine, RESTler's
// producer-consumer links) makes most calls valid and act on what exists,
// so that one group meets a chain of writes and reads. It follows the
// oracle's answers: a write the oracle carried out changes the model.

type groupState int

const (
	groupNone groupState = iota // never created (or not by this sequence)
	groupActive
	groupDeleted // deleted, recoverable
)

// The GroupStatus filter of the group lists ([meta]: 0 all, 1 existing,
// 2 deleted).
const (
	statusAll = iota
	statusActive
	statusDeleted
)

type groupModel struct {
	state     groupState
	muted     map[string]bool
	bannedAll bool
	// bandModified: the band was set whole (ModifyBand): the mutes the
	// model follows no longer say the band.
	bandModified bool
	members      map[string]bool
	messages     []string // the MsgTids of the messages kept
	touched      bool     // a call of the sequence created it
}

type userMessage struct{ receiver, tid string }

// nonceUse is a nonce label a call of op was signed with.
type nonceUse struct{ label, op string }

type appModel struct {
	dataCenter string
	disabled   bool
}

type model struct {
	pool     []string
	groups   map[string]*groupModel
	userMsgs []userMessage
	app      appModel
	nonces   []nonceUse // the nonces the sequence used
	last     string     // the group the last call acted on: chains favour it
	ids      int        // ids handed out (MsgTid, nonce labels)
	slow     int        // calls drawn of the slow operations
}

func newModel(pool []string, dataCenter string) *model {
	m := &model{pool: pool, groups: map[string]*groupModel{}, app: appModel{dataCenter: dataCenter}}
	for _, g := range pool {
		m.groups[g] = &groupModel{muted: map[string]bool{}, members: map[string]bool{}}
	}
	return m
}

// in lists the pool's groups in a state, in pool order.
func (m *model) in(state groupState) []string {
	var out []string
	for _, g := range m.pool {
		if m.groups[g].state == state {
			out = append(out, g)
		}
	}
	return out
}

// withMembers lists the active groups that have members.
func (m *model) withMembers() []string {
	var out []string
	for _, g := range m.in(groupActive) {
		if len(m.groups[g].members) > 0 {
			out = append(out, g)
		}
	}
	return out
}

// any reports whether an active group of the pool is as f says.
func (m *model) any(f func(g *groupModel) bool) bool {
	for _, g := range m.in(groupActive) {
		if f(m.groups[g]) {
			return true
		}
	}
	return false
}

// online lists the users who are members of an active group.
func (m *model) online() []string {
	seen := map[string]bool{}
	for _, g := range m.in(groupActive) {
		for u := range m.groups[g].members {
			seen[u] = true
		}
	}
	return slices.Sorted(maps.Keys(seen))
}

// statusOf is the GroupStatus a group of the model is listed under.
func (m *model) statusOf(g string) int {
	switch m.groups[g].state {
	case groupActive:
		return statusActive
	case groupDeleted:
		return statusDeleted
	}
	return -1
}

// apply changes the model by a step the oracle answered.
func (m *model) apply(c *contract.Contract, s Step, oracle *aliyun.Response) {
	if s.Join != nil {
		if g := m.groups[s.Params["GroupId"]]; g != nil && g.state == groupActive && oracle.OK() {
			for _, u := range s.Join {
				g.members[u] = true
			}
		}
		return
	}
	if !oracle.OK() {
		return
	}
	op, ok := c.Operation(s.Op)
	if !ok {
		return
	}
	id := s.Params["GroupId"]
	g := m.groups[id]
	if g != nil {
		m.last = id
	}
	if g != nil {
		g.apply(op, s)
	}
	switch op.Name {
	case contract.OpSendLiveMessageUser:
		if s.Params["MsgTid"] != "" {
			m.userMsgs = append(m.userMsgs, userMessage{receiver: s.Params["ReceiverId"], tid: s.Params["MsgTid"]})
		}
	case contract.OpDeleteLiveMessageUserMessage:
		m.userMsgs = slices.DeleteFunc(m.userMsgs, func(u userMessage) bool {
			return u.tid == s.Params["MessageId"] && u.receiver == s.Params["ReceiverId"]
		})
	case contract.OpModifyLiveMessageAppDisable:
		m.app.disabled = s.Params["Disable"] == "true"
	}
}

// apply updates a group of the model by a call on it the oracle served.
func (g *groupModel) apply(op *contract.Operation, s Step) {
	switch op.Name {
	case contract.OpCreateLiveMessageGroup:
		if g.state == groupNone {
			g.state, g.touched = groupActive, true
		}
	case contract.OpDeleteLiveMessageGroup:
		if g.state == groupActive {
			g.state = groupDeleted
			clear(g.members) // a deleted group has no members
		}
	case contract.OpRecoverLiveMessageDeletedGroup:
		if g.state == groupDeleted {
			g.state = groupActive
		}
	case contract.OpAddLiveMessageGroupBand:
		for _, u := range s.Lists["BannedUsers"] {
			g.muted[u] = true
		}
	case contract.OpRemoveLiveMessageGroupBand:
		for _, u := range s.Lists["UnbannedUsers"] {
			if p, _ := op.Param("UnbannedUsers"); p != nil && p.Wildcard == u {
				clear(g.muted)
			}
			delete(g.muted, u)
		}
	case contract.OpBanLiveMessageGroup:
		g.bannedAll = true
	case contract.OpModifyLiveMessageGroupBand:
		g.bandModified = true
	case contract.OpUnbanLiveMessageGroup:
		g.bannedAll = false
	case contract.OpKickLiveMessageGroupUser:
		delete(g.members, s.Params["KickoffUser"])
	case contract.OpSendLiveMessageGroup:
		if s.Params["MsgTid"] != "" && s.Params["NoStorage"] != "true" {
			g.messages = append(g.messages, s.Params["MsgTid"])
		}
	case contract.OpDeleteLiveMessageGroupMessage:
		g.messages = slices.DeleteFunc(g.messages, func(t string) bool { return t == s.Params["MessageId"] })
	}
}
