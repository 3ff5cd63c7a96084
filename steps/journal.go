package steps

import (
	"encoding/json"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/livemsg/livemsg/aliyun"
)

// Journal records, on a real target, every group a run creates, so that
// the run and `livemsg cleanup` can name and delete what it left. It is
// written ahead: a create is journaled as intended before it is sent,
// since a provider may make the group and lose the answer, and resolved
// by the answer when one comes. The file is JSON lines, one entry a line.
type Journal struct {
	mu sync.Mutex
	f  *os.File
}

// The operations of a journal entry. Journals written before the
// write-ahead entries hold only "created" and "deleted", which read as
// they always did.
const (
	opIntended   = "intended"    // a create (or a recover) is about to be sent
	opCreated    = "created"     // the provider answered that the group exists
	opNotCreated = "not-created" // the provider refused that create: it made nothing
	opDeleted    = "deleted"     // a delete of a group known to exist was answered with success
)

// byReadBack marks an entry that states what reading the group back found
// on the account; it settles the group whatever the entries before it say.
const byReadBack = "read-back"

type journalEntry struct {
	Time    time.Time `json:"time"`
	Op      string    `json:"op"`
	AppID   string    `json:"app_id"`
	GroupID string    `json:"group_id"`
	By      string    `json:"by,omitempty"`
}

// OpenJournal appends to (or creates) the journal file.
func OpenJournal(path string) (*Journal, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return nil, fmt.Errorf("journal: %w", err)
	}
	return &Journal{f: f}, nil
}

// Intended records a create (or recover) about to be sent. The caller
// must not send it when this fails: the group could then be made and
// never named.
func (j *Journal) Intended(app, group string) error {
	return j.write(journalEntry{Op: opIntended, AppID: app, GroupID: group})
}

// Created records that the provider answered a create with success.
func (j *Journal) Created(app, group string) { j.record(opCreated, app, group) }

// NotCreated records that the provider refused a create.
func (j *Journal) NotCreated(app, group string) { j.record(opNotCreated, app, group) }

// Deleted records a delete answered with success of a group the journal
// shows as created. A delete of a group that may never have been made
// proves nothing (the service answers it with success too): leave that
// one to a read-back.
func (j *Journal) Deleted(app, group string) { j.record(opDeleted, app, group) }

// Resolve records what the end of a create proves: created, not
// created, or nothing when no answer came (the group stays "maybe").
func (j *Journal) Resolve(app, group string, f aliyun.Fate) {
	switch f {
	case aliyun.Carried:
		j.Created(app, group)
	case aliyun.NotCarried:
		j.NotCreated(app, group)
	}
}

// readBack records what reading g back found: active is created (news
// only of a maybe-created group); deleted is deleted; absent is not
// created when g may never have been made, and deleted (purged, or its
// app is gone) when it was.
func (j *Journal) readBack(g Group, p Presence) {
	op := ""
	switch {
	case p == PresenceActive && g.State == StateCreated:
		return
	case p == PresenceActive:
		op = opCreated
	case p == PresenceDeleted, p == PresenceAbsent && g.State == StateCreated:
		op = opDeleted
	case p == PresenceAbsent:
		op = opNotCreated
	default:
		return
	}
	_ = j.write(journalEntry{Op: op, AppID: g.AppID, GroupID: g.GroupID, By: byReadBack})
}

// Close closes the file.
func (j *Journal) Close() error { return j.f.Close() }

// record writes a resolution. A resolution that cannot be written leaves
// its group unresolved, which the read-back settles: no error to act on.
func (j *Journal) record(op, app, group string) {
	_ = j.write(journalEntry{Op: op, AppID: app, GroupID: group})
}

// write appends an entry and syncs it, so that it survives a crash of the
// run right after.
func (j *Journal) write(e journalEntry) error {
	e.Time = time.Now().UTC()
	b, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	if _, err := j.f.Write(append(b, '\n')); err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	if err := j.f.Sync(); err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	return nil
}
