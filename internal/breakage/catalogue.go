package breakage

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/contract"
	"github.com/livemsg/livemsg/mock"
)

// skew is the documented clock skew of a signed timestamp (docs/fidelity.md
// row 21).
const skew = 15 * time.Minute

// All returns the broken providers that explore and parity are tested
// against (explore/explore_test.go, parity/parity_test.go): each is found
// by today's explore within its default budget.
func All() []Provider {
	return []Provider{
		{Name: fmt.Sprintf("%d users accepted when comma-separated", contract.Default().Limits().UsersPerCall+1), Class: Boundary, Op: contract.OpAddLiveMessageGroupBand, Rewrite: truncateCommaLists,
			Witness: Witness{Calls: seq(group(), call(contract.OpAddLiveMessageGroupBand, "GroupId", "g1").list("BannedUsers", aliyun.ListComma, ids(contract.Default().Limits().UsersPerCall+1)...)), Faithful: refused(contract.CodeInputInvalid)}},
		{Name: contract.OpListLiveMessageGroups + " sort order ignored", Class: List, Op: contract.OpListLiveMessageGroups, Rewrite: swapParam(contract.OpListLiveMessageGroups, "SortType", "2", "1"),
			Witness: Witness{Calls: seq(group("g1"), group("g2"), call(contract.OpListLiveMessageGroups, "SortType", "2")), Faithful: answers("GroupList.0.GroupId", "g2")}},
		{Name: "answers without HostId", Class: Envelope, Answer: func(_ http.Header, b []byte) []byte {
			b = jsonHostID.ReplaceAll(b, nil)
			return xmlHostID.ReplaceAll(b, nil)
		}, Witness: Witness{Calls: seq(describe("nosuch")), Faithful: Check{Has: `"HostId"`}}},
		{Name: "JSON answered to Format=XML", Class: Envelope, Rewrite: func(_ string, p url.Values) {
			if strings.EqualFold(p.Get("Format"), "XML") {
				p.Set("Format", "JSON")
			}
		}, Witness: Witness{Calls: seq(describeApp().with(xmlFormat)), Faithful: Check{Has: "<?xml"}}},
		{Name: "one RequestId for every answer", Class: Envelope, Answer: func(h http.Header, b []byte) []byte {
			const rid = "5B1C0A55-7E3A-4C1D-9F00-000000000001"
			if h.Get("X-Acs-Request-Id") != "" {
				h.Set("X-Acs-Request-Id", rid)
			}
			b = jsonRequestID.ReplaceAll(b, []byte(`"RequestId":"`+rid+`"`))
			return xmlRequestID.ReplaceAll(b, []byte(`<RequestId>`+rid+`</RequestId>`))
		}, Witness: Witness{Calls: seq(describeApp(), describeApp()), Faithful: Check{Func: func(prev, last *aliyun.Response) error {
			if prev.RequestID == last.RequestID {
				return fmt.Errorf("two answers share the RequestId %s", last.RequestID)
			}
			return nil
		}}}},
		{Name: "Timestamp more than 15 minutes off accepted", Class: Auth, Options: []mock.Option{func(c *mock.Config) { c.MaxSkew = 48 * time.Hour }},
			Witness: Witness{Calls: seq(describeApp().with(skewed(-2 * skew))), Faithful: refused(contract.CodeInvalidTimeStampExpired)}},
		{Name: "Content-Type text/plain", Class: Envelope, Answer: func(h http.Header, b []byte) []byte {
			h.Set("Content-Type", "text/plain;charset=utf-8")
			return b
		}, Witness: Witness{Calls: seq(describeApp()), Faithful: Check{Header: "Content-Type", HeaderValue: "application/json"}}},
	}
}

var (
	jsonHostID    = regexp.MustCompile(`"HostId":"[^"]*",?`)
	xmlHostID     = regexp.MustCompile(`<HostId>[^<]*</HostId>`)
	jsonRequestID = regexp.MustCompile(`"RequestId":"[^"]*"`)
	xmlRequestID  = regexp.MustCompile(`<RequestId>[^<]*</RequestId>`)
)

// truncateCommaLists keeps the first MaxItems (UsersPerCall) items of a
// list sent comma-separated: the provider silently accepts one user more.
func truncateCommaLists(action string, p url.Values) {
	op, ok := contract.Default().Operation(action)
	if !ok {
		return
	}
	for _, prm := range op.Params {
		v := p.Get(prm.Name)
		if !prm.List || prm.MaxItems == 0 || strings.HasPrefix(strings.TrimSpace(v), "[") {
			continue
		}
		if items := strings.Split(v, ","); len(items) > prm.MaxItems {
			p.Set(prm.Name, strings.Join(items[:prm.MaxItems], ","))
		}
	}
}

func xmlFormat(r *aliyun.Request) { r.Format = "XML" }

// skewed signs a call with a timestamp d from now.
func skewed(d time.Duration) func(r *aliyun.Request) {
	return func(r *aliyun.Request) { r.Overrides["Timestamp"] = "{now" + d.String() + "}" }
}

// Catalogue returns every broken provider: All, then the catalogue of
// issue 19 across the 29 operations and the six classes.
func Catalogue() []Provider {
	out := append(All(), catalogue()...)
	for i := range out {
		out[i].Explained = explained[out[i].Name]
	}
	return out
}

func catalogue() []Provider {
	var out []Provider
	parts := map[Class][]Provider{State: stateBreaks(), List: listBreaks(), Encoding: encodingBreaks(),
		Boundary: boundaryBreaks(), Envelope: envelopeBreaks(), Auth: authBreaks()}
	for _, c := range Classes() {
		for _, p := range parts[c] {
			p.Class = c
			out = append(out, p)
		}
	}
	return out
}
