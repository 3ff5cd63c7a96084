// Package contract is the single source of truth for the Live
// interactive-messaging API: it loads livemessage.graphql with gqlparser and
// gives the operations, their parameters and constraints, their QPS limits
// and error codes, a parameter validator and a response checker.
package contract

import (
	_ "embed"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Version is the API version every operation of the contract belongs to.
const Version = "2016-11-01"

//go:embed livemessage.graphql
var embeddedSDL string

// SDL returns the embedded contract source.
func SDL() string { return embeddedSDL }

// Contract is the loaded API description.
type Contract struct {
	ops    []*Operation
	byName map[string]*Operation
	codes  []*ErrorCode
	byCode map[string]*ErrorCode

	limits    Limits
	limitList []Limit
	wildcard  string
}

// Operation is one API action.
type Operation struct {
	Name        string
	Description string
	Read        bool // on type Query
	QPS         int
	QPSPer      string // "ACCOUNT" or "USER"
	QPSSource   string
	Errors      []string // wire codes the operation's page documents
	RAMAction   string
	RAMResource string // with {accountId} and {AppId} placeholders; "*" = All Resources
	RAMAccess   string // create, list, get, update, delete or none
	// SDKDrift explains why the operation departs from SDK v1 as a whole;
	// SDKOnly names SDK v1 parameters or fields the contract leaves out.
	SDKDrift string
	SDKOnly  []string
	Probe    *Probe // the harmless load probe; nil when none
	AppLevel bool   // reads or changes the app itself (@appLevel)
	// Idempotent: safe to repeat (@idempotent); a call that got no answer,
	// or a transient one, may be resent. Every read is.
	Idempotent bool
	// ReadBack settles a lost answer of a call not safe to repeat
	// (@readBack); nil: its outcome stays unknown.
	ReadBack *ReadBack
	Params   []*Param
	Result   []*Field
	params   map[string]*Param
}

// Kind is the type of a parameter or response field.
type Kind int

// The kinds the contract uses.
const (
	KindString Kind = iota
	KindInt
	KindLong
	KindBool
	KindObject
	KindCounts // a JSON object of integer counters
	KindTime   // a UNIX timestamp; its Unit says seconds or milliseconds
)

var kindNames = [...]string{"string", "int", "long", "bool", "object", "counts", "time"}

func (k Kind) String() string {
	if k < 0 || int(k) >= len(kindNames) {
		return "Kind(" + strconv.Itoa(int(k)) + ")"
	}
	return kindNames[k]
}

// Param is one request parameter and its constraints.
type Param struct {
	Name      string
	Kind      Kind // the item kind for a list
	List      bool
	Required  bool
	MaxLength int // 0 = none; in bytes, or in characters when LengthInChars
	MinLength int
	// LengthInChars: the length bounds count characters (Unicode code
	// points), as the docs say of AppName, rather than bytes of UTF-8.
	LengthInChars bool
	MaxItems      int // 0 = none
	Pattern       *regexp.Regexp
	Says          string // what the pattern means, for messages
	OneOf         []string
	Min, Max      *int64
	Wildcard      string   // a list item that stands for every item
	Unit          TimeUnit // of a KindTime parameter
	// RequiredWhen makes an optional parameter required when another
	// parameter has a value (AuditUrl when AuditType is 2).
	RequiredWhen *Condition
	// MissingInvalid: a required parameter the API metadata marks optional,
	// so the gateway lets a request without it through and the service
	// refuses it with InputInvalid rather than Missing{Param}; the value
	// is the source (@requiredInPractice).
	MissingInvalid string
	URL            *URLRule // the value must be such a URL
	SDKDrift       string   // a known difference from SDK v1, explained
}

// Condition is a parameter having a value.
type Condition struct{ Param, Value string }

// URLRule is what a URL parameter must be: one of Schemes (lower case,
// written scheme://), with a host, and unless allowed no port and no host
// that is a private, loopback, link-local or unspecified IP address.
type URLRule struct {
	Schemes        []string
	AllowPort      bool
	AllowPrivateIP bool
}

// Field is one response field.
type Field struct {
	Name     string
	Kind     Kind
	Unit     TimeUnit // of a KindTime field
	List     bool
	Optional bool
	Fields   []*Field // for KindObject
	XMLItem  string   // the element of each item of a list in XML
	SDKDrift string   // a known difference from SDK v1, explained
}

// ErrorCode is a documented error code with its HTTP status.
type ErrorCode struct {
	Name   string // the GraphQL enum value
	Code   string // the wire code; may hold {Param}
	Status int
	// Message is the fixed wire text of a gateway code; empty for a product
	// code, whose wire message is dynamic (the tables give "%s.").
	Message string
	// Description is the Description column of the operations' error
	// tables, for a product code.
	Description string
	Gateway     bool // common to every operation
	// Envelope: caused by what a recording does not keep (the key, nonce,
	// signature, or the rate of sending); the refused request changed
	// nothing, and a replay does not resend it.
	Envelope bool
	// Transient: the gateway failed for a while (a 5xx such as
	// ServiceUnavailable); a call safe to repeat is resent on it.
	Transient bool
}

// Dynamic reports a code whose wire message says what was wrong rather
// than a fixed text.
func (ec *ErrorCode) Dynamic() bool { return ec.Message == "" }

var (
	defaultOnce sync.Once
	defaultC    *Contract
	defaultErr  error
)

// Default returns the embedded contract, loaded once. The embedded file is
// checked by the package tests, so an error here means a broken build.
func Default() *Contract {
	defaultOnce.Do(func() { defaultC, defaultErr = Parse("livemessage.graphql", embeddedSDL) })
	if defaultErr != nil {
		panic(fmt.Sprintf("contract: embedded SDL does not load: %v", defaultErr))
	}
	return defaultC
}

// Operations returns the operations in the order of the SDL.
func (c *Contract) Operations() []*Operation { return c.ops }

// Operation returns the named operation.
func (c *Contract) Operation(name string) (*Operation, bool) {
	op, ok := c.byName[name]
	return op, ok
}

// OperationNames returns the names of every operation, sorted.
func (c *Contract) OperationNames() []string {
	names := make([]string, 0, len(c.ops))
	for _, op := range c.ops {
		names = append(names, op.Name)
	}
	sort.Strings(names)
	return names
}

// Codes returns every error code of the contract in SDL order.
func (c *Contract) Codes() []*ErrorCode { return c.codes }

// Code returns the error code with this wire code. Templated codes such as
// Missing{Param} match any concrete code of their shape (MissingGroupId).
func (c *Contract) Code(wire string) (*ErrorCode, bool) {
	if ec, ok := c.byCode[wire]; ok {
		return ec, true
	}
	for _, ec := range c.codes {
		if ec.matches(wire) {
			return ec, true
		}
	}
	return nil, false
}

// Resource is the RAM resource a call is checked on: RAMResource with the
// account and the AppId filled in (an absent AppId is "*").
func (op *Operation) Resource(account, appID string) string {
	if appID == "" {
		appID = "*"
	}
	return strings.NewReplacer("{accountId}", account, "{AppId}", appID).Replace(op.RAMResource)
}

// Param returns the named parameter of the operation.
func (op *Operation) Param(name string) (*Param, bool) {
	p, ok := op.params[name]
	return p, ok
}

// Documents reports whether the operation documents the wire code, either on
// its own page or as a gateway code common to all operations.
func (c *Contract) Documents(op *Operation, wire string) bool {
	ec, ok := c.Code(wire)
	if !ok {
		return false
	}
	if ec.Gateway {
		return true
	}
	for _, code := range op.Errors {
		if code == ec.Code {
			return true
		}
	}
	return false
}

// FieldAt returns the result field of an operation at a path of names
// (FieldAt("ListLiveMessageGroupMessages", "MessageList", "Timestamp")), or
// nil.
func (c *Contract) FieldAt(opName string, path ...string) *Field {
	op, ok := c.Operation(opName)
	if !ok || len(path) == 0 {
		return nil
	}
	fields := op.Result
	var f *Field
	for _, name := range path {
		f = nil
		for _, cand := range fields {
			if cand.Name == name {
				f = cand
				break
			}
		}
		if f == nil {
			return nil
		}
		fields = f.Fields
	}
	return f
}
