package breakage

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/contract"
	"github.com/livemsg/livemsg/mock"
)

// encodingBreaks break the list encodings (Name.N, comma-joined, a JSON
// array) and the exact matching of user ids.
func encodingBreaks() []Provider {
	return []Provider{
		{Name: "a comma-separated BannedUsers mutes only its first user", Op: contract.OpAddLiveMessageGroupBand, Rewrite: firstOnly(contract.OpAddLiveMessageGroupBand, "BannedUsers", styleComma),
			Witness: Witness{Calls: seq(group(), call(contract.OpAddLiveMessageGroupBand, "GroupId", "g1").list("BannedUsers", aliyun.ListComma, "u1", "u2"), band()), Faithful: answers("BannedUserList.#", "2")}},
		{Name: "a repeated UnbannedUsers (Name.N) unmutes only its first user", Op: contract.OpRemoveLiveMessageGroupBand, Rewrite: firstOnly(contract.OpRemoveLiveMessageGroupBand, "UnbannedUsers", styleRepeated),
			Witness: Witness{Calls: seq(group(), call(contract.OpAddLiveMessageGroupBand, "GroupId", "g1").list("BannedUsers", aliyun.ListComma, "u1", "u2"),
				call(contract.OpRemoveLiveMessageGroupBand, "GroupId", "g1").list("UnbannedUsers", aliyun.ListRepeated, "u1", "u2"), band()), Faithful: answers("BannedUserList.#", "0")}},
		{Name: "ExceptUsers sent as a JSON array is ignored", Op: contract.OpBanLiveMessageGroup, Rewrite: ignoreList(contract.OpBanLiveMessageGroup, "ExceptUsers", styleJSON),
			Witness: Witness{Calls: seq(group(), call(contract.OpBanLiveMessageGroup, "GroupId", "g1").list("ExceptUsers", aliyun.ListJSON, "u1"), band()), Faithful: answers("UnbannedUserList.#", "1")}},
		{Name: "a repeated UserIds (Name.N) is answered for its first user only", Op: contract.OpCheckLiveMessageUsersOnline, Rewrite: firstOnly(contract.OpCheckLiveMessageUsersOnline, "UserIds", styleRepeated),
			Witness: Witness{Calls: seq(call(contract.OpCheckLiveMessageUsersOnline).list("UserIds", aliyun.ListRepeated, "u1", "u2")), Faithful: answers("UserList.#", "2")}},
		{Name: "comma-separated Administrators keep only the first", Op: contract.OpCreateLiveMessageGroup, Rewrite: firstOnly(contract.OpCreateLiveMessageGroup, "Administrators", styleComma),
			Witness: Witness{Calls: seq(group().list("Administrators", aliyun.ListComma, "a1", "a2"), describe("g1")), Faithful: answers("AdminList.#", "2")}},
		{Name: "an AdminList sent as a JSON array is ignored", Op: contract.OpModifyLiveMessageGroup, Rewrite: ignoreList(contract.OpModifyLiveMessageGroup, "AdminList", styleJSON),
			Witness: Witness{Calls: seq(group(), call(contract.OpModifyLiveMessageGroup, "GroupId", "g1", "ModifyAdmin", "true").list("AdminList", aliyun.ListJSON, "a1"), describe("g1")), Faithful: answers("AdminList.#", "1")}},
		{Name: "a comma-separated UserIds is answered for its first user only", Op: contract.OpCheckLiveMessageUsersInGroup, Rewrite: firstOnly(contract.OpCheckLiveMessageUsersInGroup, "UserIds", styleComma),
			Witness: Witness{Calls: seq(group(), joined("u1", "u2"), call(contract.OpCheckLiveMessageUsersInGroup, "GroupId", "g1").list("UserIds", aliyun.ListComma, "u1", "u2")), Faithful: answers("Users.#", "2")}},
		{Name: "a user id is matched by prefix: u1 is in the group when u12 is", Op: contract.OpCheckLiveMessageUsersInGroup, Reply: replyOn(contract.OpCheckLiveMessageUsersInGroup, prefixInGroup),
			Witness: Witness{Calls: seq(group(), joined("u12"), inGroup("u1")), Faithful: answers("Users.0.Online", "false")}},
		{Name: "a kick of u1 removes u12 (prefix match)", Op: contract.OpKickLiveMessageGroupUser, Route: prefixKick,
			Witness: Witness{Calls: seq(group(), joined("u12"), call(contract.OpKickLiveMessageGroupUser, "GroupId", "g1", "KickoffUser", "u1"), inGroup("u12")), Faithful: answers("Users.0.Online", "true")}},
	}
}

// members are the users in a group, from the emulator's admin API.
func members(x *Exchange) []string {
	var out struct{ Members []string }
	path := "/groups/" + url.PathEscape(x.Params.Get("AppId")) + "/" + url.PathEscape(x.Params.Get("GroupId")) + "/members"
	if err := mock.NewAdmin(x.Backend).Send(context.Background(), http.MethodGet, path, nil, &out); err != nil {
		return nil
	}
	return out.Members
}

func prefixOf(users []string, id string) bool {
	for _, u := range users {
		if u != id && strings.HasPrefix(u, id) {
			return true
		}
	}
	return false
}

var (
	jsonPresence = regexp.MustCompile(`\{[^{}]*\}`)
	xmlPresence  = regexp.MustCompile(`<users>.*?</users>`)
	userIDValue  = regexp.MustCompile(`"UserId":"([^"]*)"|<UserId>([^<]*)</UserId>`)
)

// prefixInGroup answers a user as in the group when a member's id starts
// with it.
func prefixInGroup(x *Exchange) {
	if x.Status != http.StatusOK {
		return
	}
	ms := members(x)
	flip := func(b []byte) []byte {
		m := userIDValue.FindSubmatch(b)
		if m == nil || !prefixOf(ms, string(m[1])+string(m[2])) {
			return b
		}
		b = bytes.ReplaceAll(b, []byte(`"Online":false`), []byte(`"Online":true`))
		return bytes.ReplaceAll(b, []byte(`<Online>false</Online>`), []byte(`<Online>true</Online>`))
	}
	x.Body = jsonPresence.ReplaceAllFunc(x.Body, flip)
	x.Body = xmlPresence.ReplaceAllFunc(x.Body, flip)
}

// prefixKick kicks the first member whose id starts with the one named,
// when the one named is not a member.
func prefixKick(x *Exchange) {
	if x.Action != contract.OpKickLiveMessageGroupUser {
		return
	}
	k := x.Params.Get("KickoffUser")
	ms := members(x)
	for _, m := range ms {
		if m == k {
			return
		}
	}
	for _, m := range ms {
		if strings.HasPrefix(m, k) {
			x.Params.Set("KickoffUser", m)
			return
		}
	}
}

// The list encodings of a list parameter (docs/fidelity.md row 12).
const (
	styleNone = iota
	styleRepeated
	styleComma
	styleJSON
)

// listOf reads a list parameter and the encoding it came in.
func listOf(p url.Values, name string) ([]string, int) {
	if p.Has(name) {
		v := p.Get(name)
		if strings.HasPrefix(strings.TrimSpace(v), "[") {
			var items []string
			if json.Unmarshal([]byte(v), &items) == nil {
				return items, styleJSON
			}
		}
		return strings.Split(v, ","), styleComma
	}
	var items []string
	for i := 1; p.Has(name + "." + strconv.Itoa(i)); i++ {
		items = append(items, p.Get(name+"."+strconv.Itoa(i)))
	}
	if items == nil {
		return nil, styleNone
	}
	return items, styleRepeated
}

// setList writes a list parameter in an encoding (nil items: left out).
func setList(p url.Values, name string, items []string, style int) {
	p.Del(name)
	for i := 1; p.Has(name + "." + strconv.Itoa(i)); i++ {
		p.Del(name + "." + strconv.Itoa(i))
	}
	if items == nil {
		return
	}
	switch style {
	case styleRepeated:
		for i, it := range items {
			p.Set(name+"."+strconv.Itoa(i+1), it)
		}
	case styleJSON:
		b, _ := json.Marshal(items)
		p.Set(name, string(b))
	default:
		p.Set(name, strings.Join(items, ","))
	}
}

// firstOnly keeps the first item of a list sent in one encoding: the
// provider reads that encoding wrong.
func firstOnly(action, name string, style int) func(string, url.Values) {
	return on(action, func(p url.Values) {
		if items, st := listOf(p, name); st == style && len(items) > 1 {
			setList(p, name, items[:1], st)
		}
	})
}

// ignoreList leaves out a list sent in one encoding.
func ignoreList(action, name string, style int) func(string, url.Values) {
	return on(action, func(p url.Values) {
		if _, st := listOf(p, name); st == style {
			setList(p, name, nil, st)
		}
	})
}
