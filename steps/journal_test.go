package steps_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/mock"
	"github.com/livemsg/livemsg/mock/store"
	"github.com/livemsg/livemsg/steps"
)

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
	n, err := steps.Cleanup(context.Background(), c, path)
	require.NoError(t, err)
	assert.Equal(t, 2, n)
	for g, deleted := range map[string]bool{"left1": true, "left2": true, "done1": false} {
		v, err := st.Group(app.ID, g)
		require.NoError(t, err)
		assert.Equal(t, deleted, v.Deleted, g)
	}
	left, err = steps.Leftovers(path)
	require.NoError(t, err)
	assert.Empty(t, left, "a second cleanup has nothing to do")
}
