package steps

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
)

// Group is a group a journal shows as possibly on the account: created
// and not deleted since, or maybe created.
type Group struct {
	AppID   string
	GroupID string
	State   string // StateCreated or StateMaybe
}

// The states of a group a journal has not settled.
const (
	// StateCreated: the provider answered that it made the group (or a
	// read-back found it), and no delete of it was answered since.
	StateCreated = "created"
	// StateMaybe: a create was sent and no answer came: the provider may
	// or may not have made the group.
	StateMaybe = "maybe"
)

// Unresolved reads a journal and returns the groups it does not show as
// gone, in the order they first appear.
func Unresolved(path string) ([]Group, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("journal: %w", err)
	}
	defer f.Close()
	states := map[[2]string]*groupState{}
	var order [][2]string
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		var e journalEntry
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			return nil, fmt.Errorf("journal %s:%d: %w", path, line, err)
		}
		k := [2]string{e.AppID, e.GroupID}
		s := states[k]
		if s == nil {
			s = &groupState{}
			states[k] = s
			order = append(order, k)
		}
		if err := s.apply(e); err != nil {
			return nil, fmt.Errorf("journal %s:%d: %w", path, line, err)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("journal %s: %w", path, err)
	}
	var out []Group
	for _, k := range order {
		if st := states[k].state(); st != "" {
			out = append(out, Group{AppID: k[0], GroupID: k[1], State: st})
		}
	}
	return out, nil
}

// Leftovers reads a journal and returns the groups it shows as created or
// maybe created and not deleted since, as app -> group ids. What is really
// on the account takes a read-back (Settle, Cleanup).
func Leftovers(path string) (map[string][]string, error) {
	groups, err := Unresolved(path)
	if err != nil {
		return nil, err
	}
	out := map[string][]string{}
	for _, g := range groups {
		out[g.AppID] = append(out[g.AppID], g.GroupID)
	}
	return out, nil
}

// groupState is what a journal's entries, in order, say of one group.
type groupState struct {
	created bool
	// pending counts creates sent whose answer never came. A refusal
	// settles one of them, not the others: the provider may have made the
	// group on an earlier attempt whose answer was lost.
	pending int
}

func (s *groupState) apply(e journalEntry) error {
	if e.By == byReadBack {
		switch e.Op {
		case opCreated, opNotCreated, opDeleted:
			*s = groupState{created: e.Op == opCreated}
			return nil
		}
		return fmt.Errorf("unknown read-back entry %q", e.Op)
	}
	switch e.Op {
	case opIntended:
		s.pending++
	case opCreated:
		s.created, s.pending = true, max(s.pending-1, 0)
	case opNotCreated:
		s.pending = max(s.pending-1, 0)
	case opDeleted:
		*s = groupState{}
	default:
		return fmt.Errorf("unknown entry %q", e.Op)
	}
	return nil
}

// state is StateCreated, StateMaybe, or "" for a group that is gone.
func (s *groupState) state() string {
	switch {
	case s.created:
		return StateCreated
	case s.pending > 0:
		return StateMaybe
	}
	return ""
}
