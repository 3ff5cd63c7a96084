package verify

import (
	"fmt"
	"io"
	"time"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/explore"
)

// Differs reports whether any exchange's real answer differs from the
// one the application was tested against.
func (r *Result) Differs() bool { return r.Report.Differs() }

// WriteText prints, per recording and per exchange, whether the real
// answer matches; each difference with what differs and the livemsg call
// line that sends the request again (flags: the target's, e.g.
// "--target real"); then the counts and what the cleanup left.
func (r *Result) WriteText(w io.Writer, flags string) {
	matched, differ, notSent := 0, 0, 0
	for _, c := range r.Report.Cassettes {
		fmt.Fprintf(w, "%s %q (recorded on %s, %s, %s)\n", c.Meta.Kind, c.Meta.Name, c.Meta.Target, c.Meta.Endpoint,
			c.Meta.Recorded.UTC().Format(time.RFC3339))
		for _, e := range c.Exchanges {
			switch {
			case e.NotResent != "":
				notSent++
				fmt.Fprintf(w, "  #%d %s: not sent: %s\n", e.Index+1, e.Op, e.NotResent)
			case e.Error != "":
				differ++
				fmt.Fprintf(w, "  #%d %s: NO ANSWER: %s\n", e.Index+1, e.Op, e.Error)
			case len(e.Differences) > 0:
				differ++
				fmt.Fprintf(w, "  #%d %s: DIFFERS from the answer the application was tested against\n", e.Index+1, e.Op)
				for _, d := range e.Differences {
					fmt.Fprintf(w, "    - %s\n", d.Describe("tested against", "real"))
				}
				fmt.Fprintf(w, "    %s\n", callLine(e.Sent, flags))
			default:
				matched++
				fmt.Fprintf(w, "  #%d %s: matches\n", e.Index+1, e.Op)
			}
			for _, l := range e.LeftOut {
				fmt.Fprintf(w, "    left out of the comparison: %s\n", l)
			}
		}
	}
	fmt.Fprintf(w, "\n%d exchanges: %d match, %d differ, %d not sent; %d requests sent\n", matched+differ+notSent, matched, differ, notSent, r.Sent)
	for _, g := range r.Left {
		fmt.Fprintf(w, "left on the account: group %s\n", g)
	}
}

// callLine is the livemsg call line that sends a request again.
func callLine(r aliyun.Request, flags string) string {
	return explore.Step{Op: r.Action, Params: r.Params, Method: r.Method, Format: r.Format, V3: r.Signature == aliyun.SignV3Version}.CommandLine(flags, "")
}
