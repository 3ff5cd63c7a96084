package store

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStoreAppSettingsAndList(t *testing.T) {
	s, clock := storeWithTwoGroups(t)
	clock.Advance(time.Minute)
	_, err := s.CreateApp(AppSpec{ID: "b", Owner: "acct", DataCenter: "ap-southeast-1"})
	require.NoError(t, err)
	_, err = s.CreateApp(AppSpec{ID: "c", Owner: "other"})
	require.NoError(t, err)
	d, err := s.ModifyApp("a", func(st *AppSettings) { st.Disabled, st.AuditType = true, 2 })
	require.NoError(t, err)
	assert.True(t, d.Disabled)
	assert.True(t, s.Disabled("a"))
	assert.False(t, s.Disabled("b"))
	page, next, more := s.ListApps("acct", "", 2, 0, 1)
	require.Len(t, page, 1)
	assert.Equal(t, "b", page[0].ID, "newest first")
	assert.True(t, more)
	page, _, more = s.ListApps("acct", "", 2, next, 1)
	assert.Equal(t, "a", page[0].ID)
	assert.False(t, more)
	page, _, _ = s.ListApps("acct", "ap-southeast-1", 1, 0, 10)
	require.Len(t, page, 1, "one app in that data center; another account's never")
	n, err := s.CountGroups("a", 1)
	require.NoError(t, err)
	assert.Equal(t, 2, n)
}
