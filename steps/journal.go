package steps

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/contract"
)

// Journal records, on a real target, every group a run creates, so that
// `livemsg cleanup` can delete what a crashed or interrupted run left.
type Journal struct {
	mu sync.Mutex
	f  *os.File
}

type journalEntry struct {
	Time    time.Time `json:"time"`
	Op      string    `json:"op"` // created or deleted
	AppID   string    `json:"app_id"`
	GroupID string    `json:"group_id"`
}

// OpenJournal appends to (or creates) the journal file.
func OpenJournal(path string) (*Journal, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return nil, fmt.Errorf("journal: %w", err)
	}
	return &Journal{f: f}, nil
}

// Created records a creation (written and synced before the test goes on).
func (j *Journal) Created(app, group string) { j.write("created", app, group) }

// Deleted records a cleanup deletion.
func (j *Journal) Deleted(app, group string) { j.write("deleted", app, group) }

func (j *Journal) write(op, app, group string) {
	j.mu.Lock()
	defer j.mu.Unlock()
	b, _ := json.Marshal(journalEntry{Time: time.Now().UTC(), Op: op, AppID: app, GroupID: group})
	_, _ = j.f.Write(append(b, '\n'))
	_ = j.f.Sync()
}

// Close closes the file.
func (j *Journal) Close() error { return j.f.Close() }

// Leftovers reads a journal and returns the groups created and not deleted
// afterwards, as app -> group ids.
func Leftovers(path string) (map[string][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("journal: %w", err)
	}
	defer f.Close()
	live := map[[2]string]bool{}
	var order [][2]string
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		var e journalEntry
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			return nil, fmt.Errorf("journal %s:%d: %w", path, line, err)
		}
		k := [2]string{e.AppID, e.GroupID}
		if e.Op == "created" {
			if !live[k] {
				order = append(order, k)
			}
			live[k] = true
		} else {
			delete(live, k)
		}
	}
	out := map[string][]string{}
	for _, k := range order {
		if live[k] {
			out[k[0]] = append(out[k[0]], k[1])
		}
	}
	return out, sc.Err()
}

// Cleanup deletes every group the journal shows as left behind, retrying
// throttled calls, and records each deletion in the journal. It returns how
// many groups it deleted.
func Cleanup(ctx context.Context, c *aliyun.Client, path string) (int, error) {
	left, err := Leftovers(path)
	if err != nil {
		return 0, err
	}
	j, err := OpenJournal(path)
	if err != nil {
		return 0, err
	}
	defer j.Close()
	n := 0
	var errs []error
	for app, groups := range left {
		for _, g := range groups {
			if err := deleteWithRetry(ctx, c, app, g); err != nil {
				errs = append(errs, err)
				continue
			}
			j.Deleted(app, g)
			n++
		}
	}
	return n, errors.Join(errs...)
}

func deleteWithRetry(ctx context.Context, c *aliyun.Client, app, group string) error {
	req := aliyun.Request{Action: contract.Action(contract.RoleDeleteGroup), Params: map[string]string{"AppId": app, "GroupId": group}}
	for try := 0; ; try++ {
		resp, err := c.Do(ctx, req)
		if err != nil {
			return fmt.Errorf("delete %s/%s: %w", app, group, err)
		}
		switch {
		case resp.OK():
			return nil
		case strings.HasPrefix(resp.Code, "Throttling") && try < 10:
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(200 * time.Millisecond):
			}
		default:
			return fmt.Errorf("delete %s/%s: %d %s", app, group, resp.Status, resp.Code)
		}
	}
}
