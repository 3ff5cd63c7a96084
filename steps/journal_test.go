package steps_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/mock"
	"github.com/livemsg/livemsg/mock/store"
	"github.com/livemsg/livemsg/steps"
)

// TestJournalResolution: what a journal's entries, in order, say of each
// group: created, maybe created, or gone. The lines are the file format,
// older journals' (no "by", no write-ahead entries) included.
func TestJournalResolution(t *testing.T) {
	line := func(op, g string) string { return `{"op":"` + op + `","app_id":"a","group_id":"` + g + `"}` }
	readBack := func(op, g string) string {
		return `{"op":"` + op + `","app_id":"a","group_id":"` + g + `","by":"read-back"}`
	}
	for _, tc := range []struct {
		name  string
		lines []string
		want  string // the group's state, "" for gone
	}{
		{"intended, answered with success", []string{line("intended", "g"), line("created", "g")}, steps.StateCreated},
		{"intended, refused", []string{line("intended", "g"), line("not-created", "g")}, ""},
		{"intended, no answer", []string{line("intended", "g")}, steps.StateMaybe},
		{"a lost create, then a refused one: the first may have made it",
			[]string{line("intended", "g"), line("intended", "g"), line("not-created", "g")}, steps.StateMaybe},
		{"a refused create, then a lost one", []string{line("intended", "g"), line("not-created", "g"), line("intended", "g")}, steps.StateMaybe},
		{"created, then deleted", []string{line("intended", "g"), line("created", "g"), line("deleted", "g")}, ""},
		{"a delete whose answer was lost: no entry, still created", []string{line("intended", "g"), line("created", "g")}, steps.StateCreated},
		{"deleted, then a recover with no answer",
			[]string{line("intended", "g"), line("created", "g"), line("deleted", "g"), line("intended", "g")}, steps.StateMaybe},
		{"a refused create of a group that exists keeps it",
			[]string{line("intended", "g"), line("created", "g"), line("intended", "g"), line("not-created", "g")}, steps.StateCreated},
		{"maybe, read back absent", []string{line("intended", "g"), readBack("not-created", "g")}, ""},
		{"maybe, read back active", []string{line("intended", "g"), readBack("created", "g")}, steps.StateCreated},
		{"created, read back deleted", []string{line("created", "g"), readBack("deleted", "g")}, ""},
		{"two lost creates, read back absent", []string{line("intended", "g"), line("intended", "g"), readBack("not-created", "g")}, ""},
		{"an older journal: created", []string{line("created", "g")}, steps.StateCreated},
		{"an older journal: created, deleted", []string{line("created", "g"), line("deleted", "g")}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "journal.jsonl")
			require.NoError(t, os.WriteFile(path, []byte(strings.Join(tc.lines, "\n")+"\n"), 0o644))
			got, err := steps.Unresolved(path)
			require.NoError(t, err)
			if tc.want == "" {
				assert.Empty(t, got, "the group is gone")
				return
			}
			assert.Equal(t, []steps.Group{{AppID: "a", GroupID: "g", State: tc.want}}, got)
		})
	}
}

// TestJournalRefusesWhatItDoesNotKnow: an entry of an unknown kind is an
// error with its line, never read as a deletion.
func TestJournalRefusesWhatItDoesNotKnow(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.jsonl")
	require.NoError(t, os.WriteFile(path, []byte(`{"op":"created","app_id":"a","group_id":"g"}`+"\n"+
		`{"op":"forgotten","app_id":"a","group_id":"g"}`+"\n"), 0o644))
	_, err := steps.Unresolved(path)
	assert.ErrorContains(t, err, `journal.jsonl:2: unknown entry "forgotten"`)
}

// TestJournalResolvesByFate: Resolve turns the fate of a create into the
// journal's entry; a create with no answer stays maybe.
func TestJournalResolvesByFate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.jsonl")
	j, err := steps.OpenJournal(path)
	require.NoError(t, err)
	for g, f := range map[string]aliyun.Fate{"made": aliyun.Carried, "refused": aliyun.NotCarried, "lost": aliyun.MaybeCarried} {
		require.NoError(t, j.Intended("a", g))
		j.Resolve("a", g, f)
	}
	require.NoError(t, j.Close())
	got, err := steps.Unresolved(path)
	require.NoError(t, err)
	assert.ElementsMatch(t, []steps.Group{{AppID: "a", GroupID: "made", State: steps.StateCreated},
		{AppID: "a", GroupID: "lost", State: steps.StateMaybe}}, got)
}

// TestCleanupFromJournal: what a crashed run created and did not delete is
// found in its journal and deleted; what it deleted is left alone.
func TestCleanupFromJournal(t *testing.T) {
	srv := mock.NewServer()
	defer srv.Close()
	st := srv.Emulator.Store()
	app, err := st.CreateApp(store.AppSpec{Name: "j", Owner: mock.DefaultAccount})
	require.NoError(t, err)
	for _, g := range []string{"left1", "left2", "done1"} {
		_, err := st.CreateGroup(app.ID, store.GroupSpec{ID: g, CreatorID: "c"})
		require.NoError(t, err)
	}
	path := filepath.Join(t.TempDir(), "journal.jsonl")
	j, err := steps.OpenJournal(path)
	require.NoError(t, err)
	j.Created(app.ID, "left1")
	j.Created(app.ID, "done1")
	j.Created(app.ID, "left2")
	j.Deleted(app.ID, "done1")
	require.NoError(t, j.Close())

	left, err := steps.Leftovers(path)
	require.NoError(t, err)
	assert.Equal(t, map[string][]string{app.ID: {"left1", "left2"}}, left)

	c := aliyun.NewClient(srv.URL, aliyun.Credentials{AccessKeyID: mock.DefaultKeyID, AccessKeySecret: mock.DefaultKeySecret})
	res, err := steps.Cleanup(context.Background(), c, path)
	require.NoError(t, err)
	assert.Len(t, res.Deleted, 2)
	assert.Equal(t, 2, res.Found())
	for g, deleted := range map[string]bool{"left1": true, "left2": true, "done1": false} {
		v, err := st.Group(app.ID, g)
		require.NoError(t, err)
		assert.Equal(t, deleted, v.Deleted, g)
	}
	left, err = steps.Leftovers(path)
	require.NoError(t, err)
	assert.Empty(t, left, "a second cleanup has nothing to do")
}
