package contract

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The limit rule (issue 14: "grep finds no operation name, limit or error
// code outside contract/"). A documented limit is written once, in the
// contract (enum Limit and @qps), and read through contract.Limits() and
// Operation.QPS. Bare numbers are everywhere, so the rule does not ban a
// value: it bans a literal equal to a limit value where it would stand for
// the limit.
//
//   - The values and their names come from the contract: every Limit
//     (COUNT or DAYS) and every operation's QPS figure.
//   - A COUNT value (5000 groups, 300 apps, 30 users, 20 a page, 2000
//     users, 50 or 10 calls a second) is suspect as an operand of a
//     comparison (len(users) > 30), a bound of make or of a slice
//     (users[:30]), a constant's value, the value given to a name that
//     reads as a limit (pageSize := 20, Freq: 50, maxUsers = 30), or an
//     argument of a call whose name reads as one (NewLimiter(50)). A literal
//     that is a multiple of a time unit (10*time.Second) is a duration, not
//     a count, and passes.
//   - A DAYS value (30 days of retention and of the recover window) is
//     suspect as a number of days: in a product with time.Hour or a name
//     that says day (30*24*time.Hour, days*30), and in AddDate.
//
// What still matches and is not a limit goes in limitAllowed with its
// reason. Scanned: every non-test .go file of the module outside contract/
// (the handlers included: they read limits from the contract too).

// limitAllowed lists, with the reason, literals that match the rule and are
// not the contract's limit. Keyed by "file: the expression around the
// literal" (so a moved line keeps its entry); keep it short.
var limitAllowed = map[string]string{
	"aliyun/client.go: b[8:10]":                           "the byte ranges of a UUID's text form",
	"aliyun/client.go: b[10:]":                            "the byte ranges of a UUID's text form",
	"mock/wire.go: i == 10":                               "where a UUID's text form takes a dash",
	"load/limit.go: DefaultMaxThrottled = 30":             "the probe's budget of throttled calls it may spend, not a documented limit",
	"load/tally.go: maxOtherCodes = 10":                   "how many distinct other answers a step lists",
	"mock/shape.go: DefaultWindowSeconds = 10":            "the length of the long-window throttling shape, an emulator option",
	"mock/store/messages.go: size = 10":                   "a store caller's missing page size; the handler always passes the required PageSize, whose 10-50 range is the contract's",
	"steps/fill.go: fillThrottledTries = 50":              "resends of a throttled call filling an app",
	"cmd/livemsg/targetflags.go: defaultRetryBudget = 20": "the resends a run may make (--retry-budget), not a documented limit",
	"aliyun/budget.go: RetryBudgetPer = 20":               "the calls that earn a growing retry budget one more resend (5%), not a documented limit",
}

// limitUse is what a value stands for in the contract.
type limitUse struct {
	names []string
	count bool // a COUNT limit or a QPS figure
	days  bool // a DAYS limit
}

// limitValues maps each limit value of c to the limits it stands for.
func limitValues(c *Contract) map[int64]*limitUse {
	out := map[int64]*limitUse{}
	use := func(v int64) *limitUse {
		if out[v] == nil {
			out[v] = &limitUse{}
		}
		return out[v]
	}
	for _, l := range c.LimitList() {
		u := use(int64(l.Value))
		u.names = append(u.names, l.Name)
		if l.Unit == "DAYS" {
			u.days = true
		} else {
			u.count = true
		}
	}
	qps := map[int64][]string{}
	for _, op := range c.Operations() {
		qps[int64(op.QPS)] = append(qps[int64(op.QPS)], op.Name)
	}
	for v, ops := range qps {
		u := use(v)
		u.count = true
		u.names = append(u.names, fmt.Sprintf("the QPS of %d operations", len(ops)))
	}
	for _, u := range out {
		sort.Strings(u.names)
	}
	return out
}

// limitish: a name that reads as a limit, a rate or a size.
var limitish = regexp.MustCompile(`(?i)(limit|qps|rate|freq|page|max|cap|size|quota|retention|window|days?$|perapp|peraccount|pergroup|percall)`)

// httpStatus: a name that holds an HTTP status.
var httpStatus = regexp.MustCompile(`^(Status|StatusCode|Code|status|statusCode|code)$`)

type limitHit struct {
	pos     token.Position
	rel     string
	value   int64
	context string // the expression around the literal, as written
	why     string
}

func (h limitHit) key() string { return h.rel + ": " + h.context }

func (h limitHit) String() string {
	return fmt.Sprintf("%s: %d in %q %s", h.pos, h.value, h.context, h.why)
}

// limitLiterals returns the literals of f that stand for a limit of vals.
func limitLiterals(fset *token.FileSet, rel string, f *ast.File, vals map[int64]*limitUse) []limitHit {
	var hits []limitHit
	src := func(n ast.Node) string {
		var b strings.Builder
		_ = printer.Fprint(&b, fset, n)
		return strings.Join(strings.Fields(b.String()), " ")
	}
	var stack []ast.Node
	var err error
	ast.Inspect(f, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		stack = append(stack, n)
		lit, ok := n.(*ast.BasicLit)
		if !ok || (lit.Kind != token.INT && lit.Kind != token.STRING) {
			return true
		}
		text := lit.Value
		if lit.Kind == token.STRING {
			// A number in a string ("PageSize": "50") counts as the value
			// of a limit-like key only.
			if text, err = strconv.Unquote(lit.Value); err != nil || !stringValueOfLimitKey(stack) {
				return true
			}
		}
		v, err := strconv.ParseInt(text, 10, 64)
		if lit.Kind == token.INT {
			v, err = strconv.ParseInt(text, 0, 64)
		}
		if err != nil {
			return true
		}
		u := vals[v]
		if u == nil {
			return true
		}
		ctx, why := limitContext(stack, u)
		if ctx != nil {
			hits = append(hits, limitHit{pos: fset.Position(lit.Pos()), rel: rel, value: v, context: src(ctx),
				why: why + " (the contract's " + strings.Join(u.names, ", ") + ": use contract.Limits() or Operation.QPS)"})
		}
		return true
	})
	return hits
}

// limitContext tells whether the literal on top of stack stands for a limit
// of u, and returns the node that shows it.
func limitContext(stack []ast.Node, u *limitUse) (ast.Node, string) {
	lit := stack[len(stack)-1]
	// Climb through parentheses, unary minus and conversions (int64(30)).
	i := len(stack) - 2
	child := lit
	for ; i >= 0; i-- {
		switch p := stack[i].(type) {
		case *ast.ParenExpr, *ast.UnaryExpr:
			child = p
			continue
		case *ast.CallExpr:
			if len(p.Args) == 1 && isConversion(p.Fun) {
				child = p
				continue
			}
		}
		break
	}
	if i < 0 {
		return nil, ""
	}
	parent := stack[i]
	if b, ok := parent.(*ast.BinaryExpr); ok && b.Op == token.MUL {
		root := b
		for j := i - 1; j >= 0; j-- {
			if pb, ok := stack[j].(*ast.BinaryExpr); ok && pb.Op == token.MUL {
				root = pb
				continue
			}
			break
		}
		hour, day, unit := timeFactors(root)
		if u.days && (hour || day) {
			return root, "is a number of days"
		}
		if unit {
			return nil, "" // a duration, not a count
		}
	}
	if !u.count {
		if c, ok := parent.(*ast.CallExpr); ok && calleeName(c.Fun) == "AddDate" {
			return c, "is a number of days"
		}
		return nil, ""
	}
	switch p := parent.(type) {
	case *ast.BinaryExpr:
		switch p.Op {
		case token.SHL, token.SHR:
			return nil, "" // a size in bits or bytes (1 << 20), not a limit
		case token.LSS, token.LEQ, token.GTR, token.GEQ, token.EQL, token.NEQ:
			other := p.X
			if other == child {
				other = p.Y
			}
			if httpStatus.MatchString(exprName(other)) {
				return nil, "" // an HTTP status class (r.Code < 300), not a limit
			}
			return p, "is compared with"
		}
	case *ast.SliceExpr:
		if p.Low == child || p.High == child || p.Max == child {
			return p, "bounds a slice"
		}
	case *ast.CallExpr:
		name := calleeName(p.Fun)
		if name == "make" && len(p.Args) > 1 && p.Args[0] != child {
			return p, "sizes a make"
		}
		if name == "AddDate" && u.days {
			return p, "is a number of days"
		}
		if name != "make" && limitish.MatchString(name) {
			return p, "is given to " + name
		}
	case *ast.KeyValueExpr:
		if k := keyName(p.Key); p.Value == child && limitish.MatchString(k) {
			return p, "is the value of " + k
		}
	case *ast.AssignStmt:
		for j, r := range p.Rhs {
			if r == child && j < len(p.Lhs) && limitish.MatchString(exprName(p.Lhs[j])) {
				return p, "is assigned to " + exprName(p.Lhs[j])
			}
		}
	case *ast.ValueSpec:
		if isConstSpec(stack[:i+1]) {
			return p, "is a constant"
		}
		for j, r := range p.Values {
			if r == child && j < len(p.Names) && limitish.MatchString(p.Names[j].Name) {
				return p, "is the value of " + p.Names[j].Name
			}
		}
	}
	// A constant whose value holds the literal deeper (const x = 30 + 1).
	for j := i; j >= 0; j-- {
		if vs, ok := stack[j].(*ast.ValueSpec); ok && isConstSpec(stack[:j+1]) {
			return vs, "is part of a constant"
		}
		if _, ok := stack[j].(*ast.FuncDecl); ok {
			break
		}
	}
	return nil, ""
}

// timeFactors looks at the factors of a product: time.Hour (or
// time.Duration of hours), a name that says day, any time unit.
func timeFactors(e ast.Expr) (hour, day, unit bool) {
	ast.Inspect(e, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.SelectorExpr:
			if id, ok := x.X.(*ast.Ident); ok && id.Name == "time" {
				switch x.Sel.Name {
				case "Hour":
					hour, unit = true, true
				case "Nanosecond", "Microsecond", "Millisecond", "Second", "Minute":
					unit = true
				}
			}
			if strings.Contains(strings.ToLower(x.Sel.Name), "day") {
				day = true
			}
		case *ast.Ident:
			if strings.Contains(strings.ToLower(x.Name), "day") {
				day = true
			}
		}
		return true
	})
	return hour, day, unit
}

// keyName is the name a key of a composite literal gives: Freq, or
// "PageSize" in a map.
func keyName(e ast.Expr) string {
	if l, ok := e.(*ast.BasicLit); ok && l.Kind == token.STRING {
		s, _ := strconv.Unquote(l.Value)
		return s
	}
	return exprName(e)
}

// stringValueOfLimitKey: the string literal on top of stack is the value of
// a limit-like key ({"PageSize": "50"}).
func stringValueOfLimitKey(stack []ast.Node) bool {
	if len(stack) < 2 {
		return false
	}
	kv, ok := stack[len(stack)-2].(*ast.KeyValueExpr)
	return ok && kv.Value == stack[len(stack)-1] && limitish.MatchString(keyName(kv.Key))
}

func isConversion(fun ast.Expr) bool {
	switch f := fun.(type) {
	case *ast.Ident:
		switch f.Name {
		case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64", "float32", "float64":
			return true
		}
	case *ast.SelectorExpr:
		return f.Sel.Name == "Duration"
	}
	return false
}

func calleeName(fun ast.Expr) string {
	switch f := fun.(type) {
	case *ast.Ident:
		return f.Name
	case *ast.SelectorExpr:
		return f.Sel.Name
	}
	return ""
}

func exprName(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.Ident:
		return x.Name
	case *ast.SelectorExpr:
		return x.Sel.Name
	case *ast.IndexExpr:
		return exprName(x.X)
	}
	return ""
}

func isConstSpec(stack []ast.Node) bool {
	for j := len(stack) - 1; j >= 0; j-- {
		if g, ok := stack[j].(*ast.GenDecl); ok {
			return g.Tok == token.CONST
		}
	}
	return false
}

// scanLimits runs the rule over a file.
func scanLimits(t *testing.T, path, rel string, vals map[int64]*limitUse) []limitHit {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
	require.NoError(t, err)
	return limitLiterals(fset, rel, f, vals)
}

// TestNoLimitOutsideContract scans every non-test Go file of the module
// outside contract/ for a literal that stands for one of the contract's
// limits.
func TestNoLimitOutsideContract(t *testing.T) {
	vals := limitValues(Default())
	require.NotEmpty(t, vals)
	var found []string
	used := map[string]bool{}
	scanned := moduleSources(t, func(path, rel string) error {
		if strings.HasPrefix(rel, "contract/") {
			return nil
		}
		for _, h := range scanLimits(t, path, rel, vals) {
			if _, ok := limitAllowed[h.key()]; ok {
				used[h.key()] = true
				continue
			}
			found = append(found, h.String())
		}
		return nil
	})
	require.Greater(t, scanned, 50, "the scan must reach the module's packages")
	assert.Empty(t, found, "limits belong to the contract: read contract.Limits() or Operation.QPS (or allow the literal in limitAllowed, with the reason)")
	for k := range limitAllowed {
		assert.True(t, used[k], "limitAllowed entry %q matches nothing any more: remove it", k)
	}
}

// TestLimitRuleCatchesALimit runs the rule on testdata snippets: the
// limits written as literals in steps/ and mock/ are found, each for the
// right reason, and the everyday numbers around them are not.
func TestLimitRuleCatchesALimit(t *testing.T) {
	vals := limitValues(Default())
	var got []string
	for _, name := range []string{"steps_bad.go", "mock_bad.go"} {
		for _, h := range scanLimits(t, filepath.Join("testdata", "limits", name), name, vals) {
			got = append(got, fmt.Sprintf("%s:%d %d %s", name, h.pos.Line, h.value, h.context))
		}
	}
	want, err := os.ReadFile(filepath.Join("testdata", "limits", "want.txt"))
	require.NoError(t, err)
	assert.Equal(t, strings.TrimSpace(string(want)), strings.Join(got, "\n"))
	// The everyday numbers: nothing to report.
	assert.Empty(t, scanLimits(t, filepath.Join("testdata", "limits", "ok.go"), "ok.go", vals))
}

// TestLimitValuesFromContract: the values come from the contract, so a
// changed limit changes what the rule looks for.
func TestLimitValuesFromContract(t *testing.T) {
	vals := limitValues(Default())
	for _, v := range []int64{5000, 300, 30, 2000, 20, 50, 10} {
		require.Contains(t, vals, v)
	}
	assert.True(t, vals[30].days && vals[30].count, "30: days (RecoverWindow, MessageRetention) and a count (UsersPerCall, MsgTypesPerGroup)")
	assert.Contains(t, vals[30].names, "UsersPerCall")
	assert.Contains(t, vals[5000].names, "GroupsPerApp")
	assert.False(t, vals[5000].days)

	src, _ := mutateSDL(t, `GroupsPerApp @limit(value: 5000,`, `GroupsPerApp @limit(value: 4321,`)
	c, err := Parse("changed.graphql", src)
	require.NoError(t, err)
	changed := limitValues(c)
	assert.Contains(t, changed, int64(4321))
	assert.NotContains(t, changed, int64(5000))
}
