package steps

import (
	"context"
	"strconv"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/contract"
)

// The steps of a list one item longer than its smallest page: the page
// size comes from the contract (the lower bound of PageSize), never from a
// feature, so that the list is exactly one over whatever the bound is.
func (w *World) registerPagingSteps(sc stepTable) {
	sc.Given(`^user "([^"]*)" sent one message more than the smallest page of "([^"]*)" to group "([^"]*)"$`, w.sentPagePlusOne)
	sc.When(`^I read every page of "([^"]*)" of group "([^"]*)" on its smallest page with ((?:\w+ "[^"]*"(?:, | and )?)+)$`, w.readSmallestPages)
	sc.Then(`^the pages hold the messages sent, each once$`, w.pagesHoldSent)
}

// smallestPage is the lower bound of an operation's PageSize.
func (w *World) smallestPage(ctx context.Context, op string) int {
	o, ok := w.s.contract.Operation(op)
	require.True(w.t(ctx), ok, "%s is not an operation of the contract", op)
	p, ok := o.Param("PageSize")
	require.True(w.t(ctx), ok && p.Min != nil, "the contract gives %s no lower bound of PageSize", op)
	return int(*p.Min)
}

// sentPagePlusOne sends the smallest page of op and one message more to
// the group, each with a body of its own, kept for pagesHoldSent.
func (w *World) sentPagePlusOne(ctx context.Context, user, op, alias string) error {
	n := w.smallestPage(ctx, op) + 1
	w.sent = w.sent[:0]
	for i := range n {
		body := "page" + strconv.Itoa(i+1)
		if _, err := w.mustOK(ctx, w.op(contract.OpSendLiveMessageGroup, map[string]string{
			"GroupId": w.group(alias), "SenderId": user, "MsgType": "1", "Body": body,
		})); err != nil {
			return err
		}
		w.sent = append(w.sent, body)
	}
	return nil
}

// readSmallestPages reads every page of a group's list with PageSize at
// the contract's lower bound.
func (w *World) readSmallestPages(ctx context.Context, op, alias, params string) error {
	return w.readEveryPage(ctx, op, alias, params+` and PageSize "`+strconv.Itoa(w.smallestPage(ctx, op))+`"`)
}

// pagesHoldSent: the pages together hold every message the scenario sent
// and nothing else, each once: no gap, no overlap.
func (w *World) pagesHoldSent(ctx context.Context) error {
	t, p := w.pagesRead(ctx)
	require.NotEmpty(t, w.sent, "no message was sent")
	var got []string
	for _, it := range p.items {
		b, _ := it["Body"].(string)
		got = append(got, b)
	}
	assert.ElementsMatch(t, w.sent, got, "%s: the pages (sizes %v, PageSize %d) hold each message sent once", p.op, p.sizes, p.pageSize)
	return nil
}
