package breakage

import (
	"bytes"
	"regexp"
	"strconv"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/contract"
)

func inGroup(users ...string) Call {
	return call(contract.OpCheckLiveMessageUsersInGroup, "GroupId", "g1").list("UserIds", aliyun.ListRepeated, users...)
}

func groupUsers(sort string) Call {
	return call(contract.OpListLiveMessageGroupUsers, "GroupId", "g1", "SortType", sort, "PageSize", strconv.FormatInt(minInt(contract.OpListLiveMessageGroupUsers, "PageSize"), 10))
}

func byPage(kv ...string) Call {
	return call(contract.OpListLiveMessageGroupByPage, append([]string{"SortType", "1"}, kv...)...)
}

// listBreaks break list semantics: filters, sort orders, paging and counts.
func listBreaks() []Provider {
	lg, bp, lm := contract.OpListLiveMessageGroups, contract.OpListLiveMessageGroupByPage, contract.OpListLiveMessageGroupMessages
	pageSize := contract.Default().Limits().GroupPageSize
	return []Provider{
		{Name: "GroupStatus=1 also lists deleted groups", Op: lg, Rewrite: swapParam(lg, "GroupStatus", "1", "0"),
			Witness: Witness{Calls: seq(group("g1"), group("g2"), call(contract.OpDeleteLiveMessageGroup, "GroupId", "g2"), call(lg, "SortType", "1", "GroupStatus", "1")), Faithful: answers("GroupList.#", "1")}},
		{Name: "the next page of groups skips one (a gap)", Op: lg, Reply: number(lg, "NextpageToken", func(n int64, _ []byte) int64 { return n + 1 }),
			Witness: Witness{Calls: seq(groups(pageSize+1), call(lg, "SortType", "1")), Faithful: answers("NextpageToken", strconv.Itoa(pageSize))}},
		{Name: "GroupStatus=2 also lists existing groups", Op: bp, Rewrite: swapParam(bp, "GroupStatus", "2", "0"),
			Witness: Witness{Calls: seq(group("g1"), group("g2"), call(contract.OpDeleteLiveMessageGroup, "GroupId", "g2"), byPage("GroupStatus", "2")), Faithful: answers("GroupList.#", "1")}},
		{Name: "ListLiveMessageGroupByPage sort order ignored", Op: bp, Rewrite: swapParam(bp, "SortType", "2", "1"),
			Witness: Witness{Calls: seq(group("g1"), group("g2"), byPage().with(func(r *aliyun.Request) { r.Params["SortType"] = "2" })), Faithful: answers("GroupList.0.GroupId", "g2")}},
		{Name: "a page holds one group fewer than PageSize (pages overlap)", Op: bp, Rewrite: shiftParam(bp, "PageSize", -1, func(n int64) bool { return n >= minInt(bp, "PageSize") }),
			Reply: replyOn(bp, func(x *Exchange) {
				if n, err := strconv.ParseInt(x.Params.Get("PageSize"), 10, 64); err == nil && n-1 >= minInt(bp, "PageSize") {
					x.Body = pageSizeField.ReplaceAll(x.Body, []byte(`${1}`+strconv.FormatInt(n, 10)))
				}
			}), Witness: Witness{Calls: seq(groups(3), byPage("PageSize", "2")), Faithful: answers("GroupList.#", "2")}},
		{Name: "TotalCount is the count of the page, not of every group", Op: bp, Reply: number(bp, "TotalCount", func(_ int64, body []byte) int64 {
			return int64(bytes.Count(body, []byte(`"GroupId":`)) + bytes.Count(body, []byte(`<GroupId>`)))
		}), Witness: Witness{Calls: seq(groups(2), byPage("PageSize", "1")), Faithful: answers("TotalCount", "2")}},
		{Name: "ListLiveMessageGroupMessages sort order ignored", Op: lm, Rewrite: swapParam(lm, "SortType", "2", "1"),
			Witness: Witness{Calls: seq(group(), joined("u1"), send("m1"), send("m2"), messages().with(func(r *aliyun.Request) { r.Params["SortType"] = "2" })), Faithful: answers("MessageList.0.MsgTid", "m2")}},
		{Name: "the MsgType filter of the message list is ignored", Op: lm, Rewrite: dropParam(lm, "MsgType"),
			Witness: Witness{Calls: seq(group(), joined("u1"), send("m1", "MsgType", "1"), send("m2", "MsgType", "2"), messages("MsgType", "2")), Faithful: answers("MessageList.#", "1")}},
		{Name: "a message page holds one message more than PageSize", Op: lm, Rewrite: shiftParam(lm, "PageSize", 1, func(n int64) bool { return n <= maxInt(lm, "PageSize") }),
			Witness: Witness{Calls: seq(group(), joined("u1"), sends(int(minInt(lm, "PageSize"))+1), messages()), Faithful: answers("MessageList.#", strconv.FormatInt(minInt(lm, "PageSize"), 10))}},
		{Name: "ListLiveMessageGroupUsers sort order ignored", Op: contract.OpListLiveMessageGroupUsers, Rewrite: swapParam(contract.OpListLiveMessageGroupUsers, "SortType", "2", "1"),
			Witness: Witness{Calls: seq(group(), joined("u1"), joined("u2"), groupUsers("2")), Faithful: answers("UserList.0.UserId", "u2")}},
		{Name: "ListLiveMessageApps sort order ignored", Op: contract.OpListLiveMessageApps, Rewrite: swapParam(contract.OpListLiveMessageApps, "SortType", "2", "1"),
			Witness: Witness{Calls: seq(call(contract.OpCreateLiveMessageApp, "AppName", "second"), call(contract.OpListLiveMessageApps, "SortType", "2")), Faithful: answers("AppList.0.AppName", "second")}},
		{Name: "ListLiveMessageApps ignores DataCenter (lists every data center)", Op: contract.OpListLiveMessageApps, Rewrite: dropParam(contract.OpListLiveMessageApps, "DataCenter"),
			Witness: Witness{Calls: seq(call(contract.OpCreateLiveMessageApp, "AppName", "second", "DataCenter", "ap-southeast-1"), call(contract.OpListLiveMessageApps, "SortType", "1", "DataCenter", "ap-southeast-1")), Faithful: answers("AppList.#", "1")}},
	}
}

var pageSizeField = regexp.MustCompile(`("PageSize":|<PageSize>)\d+`)

func sends(n int) []Call {
	out := make([]Call, n)
	for i := range out {
		out[i] = send("m" + strconv.Itoa(i+1))
	}
	return out
}
