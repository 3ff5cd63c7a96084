package explore

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/contract"
	"github.com/livemsg/livemsg/parity"
)

// maxPages bounds the pages of one read-back listing (an app crowded with
// other runs' groups has many).
const maxPages = 5

// readBack reads the state back after the drawn steps: each group the
// sequence touched (described, its mutes), then the group list filtered
// by each GroupStatus, every page, in both sort orders; every answer is
// compared and its invariants checked, and the pages together must hold
// each group of the model in that status exactly once.
func (q *sequence) readBack(ctx context.Context) (*Divergence, error) {
	mk := func(op string, p map[string]string) Step {
		p["AppId"] = AppToken
		return Step{Op: op, Params: p, Lists: map[string][]string{}, Method: "POST", Format: "JSON", ReadBack: true}
	}
	if q.model.app.disabled {
		// a disabled app refuses every call: enabled again, it can be read
		op := q.x.c.Op(contract.OpModifyLiveMessageAppDisable)
		if div, err := q.run(ctx, mk(op.Name, map[string]string{"Disable": "false"})); div != nil || err != nil {
			return div, err
		}
	}
	var touched []string
	for _, g := range q.groups {
		if q.model.groups[g].touched || q.created[g] {
			touched = append(touched, g)
		}
	}
	for _, g := range touched {
		for _, op := range []string{contract.OpDescribeLiveMessageGroup, contract.OpDescribeLiveMessageGroupBand} {
			if div, err := q.run(ctx, mk(op, map[string]string{"GroupId": g})); div != nil || err != nil {
				return div, err
			}
		}
	}
	if div, err := q.readMore(ctx, mk, touched); div != nil || err != nil {
		return div, err
	}
	if len(touched) == 0 {
		return nil, nil
	}
	list := q.x.c.Op(contract.OpListLiveMessageGroups)
	p, ok := list.Param("GroupStatus")
	if !ok || p.Min == nil || p.Max == nil {
		return nil, nil
	}
	type listing struct {
		status int64
		sort   string
	}
	var listings []listing
	for status := *p.Min; status <= *p.Max; status++ {
		for _, sort := range []string{"1", "2"} {
			listings = append(listings, listing{status, sort})
		}
	}
	if q.x.cfg.Real {
		// paced, on an app that may hold many groups: one listing a
		// sequence, each in turn
		listings = listings[q.n%len(listings):][:1]
	} else {
		// each status, in one order or the other by turns
		var each []listing
		for i := 0; i < len(listings); i += 2 {
			each = append(each, listings[i+q.n%2])
		}
		listings = each
	}
	for _, l := range listings {
		if div, err := q.listAll(ctx, mk(contract.OpListLiveMessageGroups, map[string]string{"SortType": l.sort, "GroupStatus": fmt.Sprint(l.status)}), int(l.status)); div != nil || err != nil {
			return div, err
		}
	}
	return nil, nil
}

// readMore reads back, on the emulator or a proxy in front of it (not on
// a real target, whose plan counts the reads above only), what the group
// reads do not see (groupReads, appReads), the messages also filtered by
// each message type listed.
func (q *sequence) readMore(ctx context.Context, mk func(string, map[string]string) Step, touched []string) (*Divergence, error) {
	if q.x.cfg.Real {
		return nil, nil
	}
	reads := append(q.groupReads(mk, touched), q.appReads(mk)...)
	for _, s := range reads {
		if div, err := q.run(ctx, s); div != nil || err != nil {
			return div, err
		}
		if s.Op == contract.OpListLiveMessageGroupMessages && s.Params["SortType"] == "1" {
			if div, err := q.byType(ctx, s); div != nil || err != nil {
				return div, err
			}
		}
	}
	return nil, nil
}

// groupReads are the reads of readMore on the groups: each touched active
// group's members and messages, in both orders on the smallest page, who
// of its members (and of ids one character shorter: a prefix) is in it,
// and the group pages on the smallest page size (ascending, or descending
// every other sequence).
func (q *sequence) groupReads(mk func(string, map[string]string) Step, touched []string) []Step {
	var reads []Step
	for _, g := range touched {
		grp := q.model.groups[g]
		if grp.state != groupActive {
			continue
		}
		for _, sort := range []string{"1", "2"} {
			for _, op := range []string{contract.OpListLiveMessageGroupUsers, contract.OpListLiveMessageGroupMessages} {
				reads = append(reads, mk(op, map[string]string{"GroupId": g, "SortType": sort, "PageSize": q.smallest(op)}))
			}
		}
		if len(grp.members) > 0 {
			check := mk(contract.OpCheckLiveMessageUsersInGroup, map[string]string{"GroupId": g})
			check.Lists["UserIds"] = q.membersAndPrefixes(grp)
			reads = append(reads, check)
		}
	}
	if len(touched) > 0 {
		// in one order or the other by turns: an order ignored shows
		op := contract.OpListLiveMessageGroupByPage
		sort := []string{"1", "2"}[q.n%2]
		for _, page := range []string{"1", "2"} {
			reads = append(reads, mk(op, map[string]string{"SortType": sort, "PageNumber": page, "PageSize": q.smallest(op)}))
		}
	}
	return reads
}

// membersAndPrefixes lists a group's members and each one's id without
// its last character, at most as many as a membership check takes.
func (q *sequence) membersAndPrefixes(grp *groupModel) []string {
	limit := q.x.c.Limits().UsersPerCall
	if p, ok := q.x.c.Op(contract.OpCheckLiveMessageUsersInGroup).Param("UserIds"); ok && p.MaxItems > 0 {
		limit = p.MaxItems
	}
	var out []string
	for _, u := range slices.Sorted(maps.Keys(grp.members)) {
		out = append(out, u)
		if len(u) > 1 {
			out = append(out, u[:len(u)-1])
		}
	}
	slices.Sort(out)
	out = slices.Compact(out)
	return out[:min(len(out), limit)]
}

// appReads are the reads of readMore on the app after an app-level write:
// its description and the app list in both orders, the second in a data
// center other than the app's.
func (q *sequence) appReads(mk func(string, map[string]string) Step) []Step {
	if q.x.app.unread || !q.appSet {
		return nil
	}
	reads := []Step{mk(contract.OpDescribeLiveMessageApp, map[string]string{})}
	for _, sort := range []string{"1", "2"} {
		s := mk(contract.OpListLiveMessageApps, map[string]string{"SortType": sort})
		delete(s.Params, "AppId")
		if p, ok := q.x.c.Op(s.Op).Param("DataCenter"); ok && sort == "2" {
			for _, dc := range p.OneOf {
				if dc != q.model.app.dataCenter {
					s.Params["DataCenter"] = dc // a list without the app
					break
				}
			}
		}
		reads = append(reads, s)
	}
	return reads
}

// byType lists a group's messages again filtered by each type the
// oracle's listing (just read) holds, when it holds two or more.
func (q *sequence) byType(ctx context.Context, list Step) (*Divergence, error) {
	types := map[string]bool{}
	for _, it := range items(q.lastOracle, "MessageList") {
		if v, ok := it["MsgType"].(float64); ok {
			types[strconv.FormatInt(int64(v), 10)] = true
		}
	}
	if len(types) < 2 {
		return nil, nil
	}
	for _, typ := range slices.Sorted(maps.Keys(types)) {
		s := pageStep(list, "")
		delete(s.Params, "NextPageToken")
		s.Params["MsgType"] = typ
		if div, err := q.run(ctx, s); div != nil || err != nil {
			return div, err
		}
	}
	return nil, nil
}

// smallest is the smallest PageSize op takes, as a parameter value.
func (q *sequence) smallest(op string) string {
	if p, ok := q.x.c.Op(op).Param("PageSize"); ok && p.Min != nil {
		return strconv.FormatInt(*p.Min, 10)
	}
	return "1"
}

// listAll reads every page of a group listing (each side with its own page
// token) and checks that the pages concatenate to the listing: no group
// twice, each of the model's groups in the status listed once, none of
// its groups in another status.
func (q *sequence) listAll(ctx context.Context, first Step, status int) (*Divergence, error) {
	seen := map[string]int{}
	ts, os := first, first
	complete := false
	for page := 0; page < maxPages; page++ {
		if div, err := q.runPair(ctx, ts, os); div != nil || err != nil {
			return div, err
		}
		ta, oa := q.lastTarget, q.lastOracle
		if !ta.OK() {
			return nil, nil // compared with the oracle's; nothing to list
		}
		for _, id := range groupIDs(ta) {
			seen[id]++
			if seen[id] == 2 {
				return q.diverged([]parity.Difference{invariant("body.GroupList", "group "+id+" on two pages", "each group once")}), nil
			}
		}
		tNext, tMore := nextToken(ta)
		oNext, _ := nextToken(oa)
		if !tMore {
			complete = true
			break
		}
		ts, os = pageStep(first, tNext), pageStep(first, oNext)
	}
	if !complete {
		return nil, nil
	}
	if !q.x.cfg.Real {
		// the app holds the seeded groups (active) and the model's: the
		// pages hold every one of them, and nothing else
		want := 0
		if status != statusDeleted {
			want = q.crowd
		}
		for _, g := range q.groups {
			if st := q.model.groups[g].state; st != groupNone && (status == statusAll || q.model.statusOf(g) == status) {
				want++
			}
		}
		if len(seen) != want {
			return q.diverged([]parity.Difference{invariant("body.GroupList", fmt.Sprintf("%d groups over the pages", len(seen)), fmt.Sprintf("%d groups under GroupStatus %d", want, status))}), nil
		}
	}
	for _, g := range q.groups {
		want := status == statusAll && q.model.groups[g].state != groupNone || q.model.statusOf(g) == status
		if !q.model.groups[g].touched {
			continue
		}
		switch {
		case want && seen[g] == 0:
			return q.diverged([]parity.Difference{invariant("body.GroupList", "group "+g+" missing from every page", "listed under GroupStatus "+strconv.Itoa(status))}), nil
		case !want && seen[g] > 0:
			return q.diverged([]parity.Difference{invariant("body.GroupList", "group "+g+" listed", "not under GroupStatus "+strconv.Itoa(status))}), nil
		}
	}
	return nil, nil
}

func pageStep(first Step, token string) Step {
	s := first
	s.Params = map[string]string{}
	for k, v := range first.Params {
		s.Params[k] = v
	}
	s.Params["NextPageToken"] = token
	return s
}

// nextToken reads where the next page of a group listing starts.
func nextToken(r *aliyun.Response) (string, bool) {
	if r == nil || r.Fields == nil {
		return "", false
	}
	more, _ := r.Fields["Hasmore"].(bool)
	switch v := r.Fields["NextpageToken"].(type) {
	case string:
		return v, more && v != ""
	case float64:
		return strconv.FormatInt(int64(v), 10), more
	}
	return "", false
}

func groupIDs(r *aliyun.Response) []string {
	var out []string
	for _, it := range items(r, "GroupList") {
		if id, ok := it["GroupId"].(string); ok {
			out = append(out, id)
		}
	}
	return out
}

func items(r *aliyun.Response, field string) []map[string]any {
	if r == nil || r.Fields == nil {
		return nil
	}
	list, _ := r.Fields[field].([]any)
	var out []map[string]any
	for _, it := range list {
		if m, ok := it.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

func invariant(where, got, want string) parity.Difference {
	return parity.Difference{Where: where, What: "invariant: " + want, A: got, B: want}
}

// invariants checks what holds of the target's answer whatever the
// oracle says: a read after a write reflects it (a deleted group reads as
// deleted, a muted user as muted), a list filtered by a status holds only
// that status, sorted as asked.
func (q *sequence) invariants(op *contract.Operation, s Step, ta *aliyun.Response) []parity.Difference {
	if op == nil || !ta.OK() || ta.Fields == nil || s.Fault != "" {
		return nil
	}
	var out []parity.Difference
	g := q.model.groups[s.Params["GroupId"]]
	switch op.Name {
	case contract.OpDescribeLiveMessageGroup:
		if g != nil && g.state != groupNone {
			deleted, _ := ta.Fields["Delete"].(bool)
			if want := g.state == groupDeleted; deleted != want {
				out = append(out, invariant("body.Delete", strconv.FormatBool(deleted), "Delete "+strconv.FormatBool(want)+" after the writes"))
			}
		}
	case contract.OpDescribeLiveMessageGroupBand:
		if g != nil && g.state == groupActive && !g.bandModified {
			banned := map[string]bool{}
			if l, ok := ta.Fields["BannedUserList"].([]any); ok {
				for _, u := range l {
					if s, ok := u.(string); ok {
						banned[s] = true
					}
				}
			}
			for u := range g.muted {
				if !banned[u] {
					out = append(out, invariant("body.BannedUserList", "without "+u, u+" muted"))
					break
				}
			}
		}
	case contract.OpListLiveMessageGroups, contract.OpListLiveMessageGroupByPage:
		status, _ := strconv.Atoi(s.Params["GroupStatus"])
		var last float64
		for i, it := range items(ta, "GroupList") {
			deleted, _ := it["Delete"].(bool)
			if status == statusActive && deleted || status == statusDeleted && !deleted {
				out = append(out, invariant(fmt.Sprintf("body.GroupList[%d].Delete", i), strconv.FormatBool(deleted), "only GroupStatus "+s.Params["GroupStatus"]))
				break
			}
			at, _ := it["Createtime"].(float64)
			if i > 0 && (s.Params["SortType"] == "1" && at < last || s.Params["SortType"] == "2" && at > last) {
				out = append(out, invariant(fmt.Sprintf("body.GroupList[%d].Createtime", i), "out of order", "sorted by SortType "+s.Params["SortType"]))
				break
			}
			last = at
		}
	}
	return slices.Clip(out)
}
