package steps

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The steps of list semantics, for any list operation of the contract: read
// every page, then check what the pages hold together (each item once, as
// many as the answers count, only what a filter asks, in the order asked).
func (w *World) registerListSteps(sc stepTable) {
	sc.When(`^I read every page of "([^"]*)"(?: of group "([^"]*)")? with ((?:\w+ "[^"]*"(?:, | and )?)+)$`, w.readEveryPage)
	sc.Given(`^a second has passed$`, w.aSecondPassed)
	sc.Then(`^the pages hold every item once, as many as the answers count$`, w.pagesWhole)
	sc.Then(`^every item of the pages has (\w+) "([^"]*)"$`, w.pagesOnly)
	sc.Then(`^the pages (do not )?hold groups "([^"]*)"$`, w.pagesHoldGroups)
	sc.Then(`^the pages are sorted by (\w+) (ascending|descending)$`, w.pagesSorted)
}

// pages is what reading every page of a list found.
type pages struct {
	op       string
	list     string           // the answer's list field: GroupList, AppList, UserList
	items    []map[string]any // every page's items, in order
	sizes    []int            // items per page
	totals   []string         // each answer's TotalCount, where it has one
	numbers  []string         // each answer's PageNumber, where it has one
	more     []bool           // each answer's Hasmore, where it has one
	pageSize int              // the PageSize asked (0 = none)
}

// maxPages bounds a read of every page: a list that never ends is a
// departure too, and the step must stop (a guard, far above any page
// count a real app reaches at the page sizes the features ask).
const maxPages = 1 << 14

// readEveryPage calls a list operation (of a group, for the lists of one)
// page after page, by PageNumber when
// the operation takes one and by NextPageToken otherwise, until the answers
// say there is no more; every answer is checked as any other call.
func (w *World) readEveryPage(ctx context.Context, op, alias, params string) error {
	o, ok := w.s.contract.Operation(op)
	require.True(w.t(ctx), ok, "%s is not an operation of the contract", op)
	base := w.minimal(op, alias)
	for _, m := range paramPair.FindAllStringSubmatch(params, -1) {
		base.Params[m[1]] = m[2]
	}
	p := &pages{op: op}
	p.pageSize, _ = strconv.Atoi(base.Params["PageSize"])
	_, byNumber := o.Param("PageNumber")
	token := ""
	for n := 1; ; n++ {
		require.LessOrEqual(w.t(ctx), n, maxPages, "%s: still more after %d pages", op, maxPages)
		req := base
		req.Params = maps.Clone(base.Params)
		switch {
		case byNumber:
			req.Params["PageNumber"] = strconv.Itoa(n)
		case token != "":
			req.Params["NextPageToken"] = token
		}
		resp, err := w.mustOK(ctx, req)
		if err != nil {
			return err
		}
		more := p.add(resp.Fields)
		if byNumber {
			total, _ := strconv.Atoi(p.totals[len(p.totals)-1])
			more = len(p.items) < total && p.sizes[len(p.sizes)-1] > 0
		} else {
			token = fieldFold(resp.Fields, "NextPageToken")
			if more && (token == "" || token == "0") {
				return fmt.Errorf("%s: page %d says there is more but gives no NextPageToken", op, n)
			}
		}
		if !more {
			break
		}
	}
	w.pages = p
	return nil
}

// aSecondPassed makes the next creation a second later than the last, so
// that a sort by creation (in seconds) has an order to show: the
// emulator's clock moves, a real target's time passes.
func (w *World) aSecondPassed(ctx context.Context) error {
	if w.admin != nil {
		return w.timePasses(ctx, time.Second)
	}
	select {
	case <-time.After(time.Second):
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// add keeps one answer's page and reports whether it says there is more.
func (p *pages) add(fields map[string]any) bool {
	if p.list == "" {
		for k, v := range fields {
			if _, ok := v.([]any); ok && strings.HasSuffix(k, "List") {
				p.list = k
			}
		}
	}
	items, _ := fields[p.list].([]any)
	for _, it := range items {
		m, _ := it.(map[string]any)
		p.items = append(p.items, m)
	}
	p.sizes = append(p.sizes, len(items))
	if v, ok := fields["TotalCount"]; ok {
		p.totals = append(p.totals, fmt.Sprint(v))
	}
	if v, ok := fields["PageNumber"]; ok {
		p.numbers = append(p.numbers, fmt.Sprint(v))
	}
	more := fieldFold(fields, "Hasmore") == "true"
	p.more = append(p.more, more)
	return more
}

// pagesWhole: no item twice, no page short but the last, and the counts
// the answers give agree with what the pages hold.
func (w *World) pagesWhole(ctx context.Context) error {
	t, p := w.pagesRead(ctx)
	seen := map[string]int{}
	for i, it := range p.items {
		id := itemID(it)
		if j, dup := seen[id]; dup {
			assert.Failf(t, "an item twice", "%s lists %s at positions %d and %d of the pages: pages overlap", p.op, id, j+1, i+1)
		}
		seen[id] = i
	}
	for i, n := range p.sizes {
		switch {
		case p.pageSize > 0 && n > p.pageSize:
			assert.Failf(t, "a page over its size", "%s: page %d of %d holds %d items, PageSize %d", p.op, i+1, len(p.sizes), n, p.pageSize)
		case p.pageSize > 0 && i < len(p.sizes)-1:
			assert.Equal(t, p.pageSize, n, "%s: page %d of %d holds %d items, PageSize %d: a gap", p.op, i+1, len(p.sizes), n, p.pageSize)
		}
	}
	for i, total := range p.totals {
		assert.Equal(t, strconv.Itoa(len(p.items)), total, "%s: page %d says TotalCount %s; the pages hold %d items", p.op, i+1, total, len(p.items))
	}
	for i, n := range p.numbers {
		assert.Equal(t, strconv.Itoa(i+1), n, "%s: the answer to PageNumber %d says PageNumber %s", p.op, i+1, n)
	}
	for i, more := range p.more[:len(p.more)-1] {
		assert.True(t, more || len(p.totals) > 0, "%s: page %d says no more, yet another followed", p.op, i+1)
	}
	return nil
}

// pagesOnly: a filter returns only what it asks for.
func (w *World) pagesOnly(ctx context.Context, field, want string) error {
	t, p := w.pagesRead(ctx)
	for _, it := range p.items {
		assert.Equal(t, want, fmt.Sprint(it[field]), "%s: %s of %s, a filter asked for %s %s", p.op, field, itemID(it), field, want)
	}
	return nil
}

func (w *World) pagesHoldGroups(ctx context.Context, not, aliases string) error {
	t, p := w.pagesRead(ctx)
	ids := make([]string, 0, len(p.items))
	for _, it := range p.items {
		ids = append(ids, itemID(it))
	}
	for _, alias := range splitUsers(aliases) {
		if not == "" {
			assert.Contains(t, ids, w.group(alias), "%s should list group %s", p.op, alias)
		} else {
			assert.NotContains(t, ids, w.group(alias), "%s should not list group %s", p.op, alias)
		}
	}
	return nil
}

// pagesSorted: the pages together are in the order asked (equal keys in
// any order).
func (w *World) pagesSorted(ctx context.Context, field, order string) error {
	t, p := w.pagesRead(ctx)
	keys := make([]float64, 0, len(p.items))
	for _, it := range p.items {
		f, err := strconv.ParseFloat(fmt.Sprint(it[field]), 64)
		require.NoError(t, err, "%s: %s of %s is not a number", p.op, field, itemID(it))
		keys = append(keys, f)
	}
	if order == "descending" {
		slices.Reverse(keys)
	}
	assert.True(t, slices.IsSorted(keys), "%s: the pages are not sorted by %s %s: %v", p.op, field, order, keys)
	return nil
}

// pagesRead is the step's checker and the pages a read found; it fails the
// step when no read came first.
func (w *World) pagesRead(ctx context.Context) (checkT, *pages) {
	t := w.t(ctx)
	require.NotNil(t, w.pages, "no pages were read")
	return t, w.pages
}

// paramPair is one `Name "value"` of a step's parameter list.
var paramPair = regexp.MustCompile(`(\w+) "([^"]*)"`)

// itemID is an item's identity: its GroupId, AppId or UserId.
func itemID(it map[string]any) string {
	for _, k := range []string{"GroupId", "AppId", "UserId"} {
		if v, ok := it[k]; ok {
			return fmt.Sprint(v)
		}
	}
	b, _ := json.Marshal(it)
	return string(b)
}

// fieldFold reads a field whatever the case of its name (the service
// spells Hasmore and HasMore, NextpageToken and NextPageToken).
func fieldFold(fields map[string]any, name string) string {
	for k, v := range fields {
		if strings.EqualFold(k, name) {
			if f, ok := v.(float64); ok {
				return strconv.FormatFloat(f, 'f', -1, 64) // a page token of 13 digits is no 1.7e+12
			}
			return fmt.Sprint(v)
		}
	}
	return ""
}
