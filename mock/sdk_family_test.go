package mock_test

import (
	"errors"

	"testing"

	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/live"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/mock"
)

// TestOfficialSDKFamily drives the 18 operations of the rest of the family
// with the official SDK v1, unmodified, and checks each documented answer
// and the state it leaves: whole-group bans with exceptions, the misspelt
// BannnedUsers, members, kicks, presence, per-user messages and their
// deletion, recall, app settings, a disabled app, group and user info.
func TestOfficialSDKFamily(t *testing.T) {
	srv := mock.NewTestServer(t, mock.WithApps(mock.AppSeed{ID: "sdkapp", Groups: []mock.GroupSeed{
		{ID: "room", Members: []string{"u1", "u2", "u3"}},
		{ID: "other", Members: []string{"u1"}},
	}}))
	c, err := live.NewClientWithAccessKey("cn-shanghai", mock.DefaultKeyID, mock.DefaultKeySecret)
	require.NoError(t, err)
	const app = "sdkapp"
	bans := func() *live.DescribeLiveMessageGroupBandResponse {
		r := live.CreateDescribeLiveMessageGroupBandRequest()
		point(srv, r)
		r.AppId, r.GroupId = app, "room"
		b, err := c.DescribeLiveMessageGroupBand(r)
		require.NoError(t, err)
		return b
	}

	// A whole-group ban with exceptions; a user muted one by one stays
	// muted when it is lifted.
	add := live.CreateAddLiveMessageGroupBandRequest()
	point(srv, add)
	add.AppId, add.GroupId, add.BannedUsers = app, "room", &[]string{"u3"}
	_, err = c.AddLiveMessageGroupBand(add)
	require.NoError(t, err)
	ban := live.CreateBanLiveMessageGroupRequest()
	point(srv, ban)
	ban.AppId, ban.GroupId, ban.ExceptUsers = app, "room", &[]string{"u1"}
	_, err = c.BanLiveMessageGroup(ban)
	require.NoError(t, err)
	b := bans()
	assert.True(t, b.IsbannedAll)
	assert.Equal(t, []string{"u1"}, b.UnbannedUserList, "the exception")
	assert.Equal(t, []string{"u3"}, b.BannedUserList)
	unban := live.CreateUnbanLiveMessageGroupRequest()
	point(srv, unban)
	unban.AppId, unban.GroupId = app, "room"
	_, err = c.UnbanLiveMessageGroup(unban)
	require.NoError(t, err)
	b = bans()
	assert.False(t, b.IsbannedAll)
	assert.Empty(t, b.UnbannedUserList)
	assert.Equal(t, []string{"u3"}, b.BannedUserList, "muted one by one: still muted")

	// ModifyLiveMessageGroupBand, with its parameter spelt BannnedUsers.
	mod := live.CreateModifyLiveMessageGroupBandRequest()
	point(srv, mod)
	mod.AppId, mod.GroupId, mod.BannedAll = app, "room", requests.NewBoolean(true)
	mod.BannnedUsers, mod.ExceptUsers = &[]string{"u2"}, &[]string{"u1"}
	_, err = c.ModifyLiveMessageGroupBand(mod)
	require.NoError(t, err)
	b = bans()
	assert.True(t, b.IsbannedAll)
	assert.Equal(t, []string{"u2"}, b.BannedUserList)
	assert.Equal(t, []string{"u1"}, b.UnbannedUserList)

	// Members, presence, kicks.
	in := live.CreateCheckLiveMessageUsersInGroupRequest()
	point(srv, in)
	in.AppId, in.GroupId, in.UserIds = app, "room", &[]string{"u1", "nobody"}
	inr, err := c.CheckLiveMessageUsersInGroup(in)
	require.NoError(t, err)
	require.Len(t, inr.Users, 2)
	assert.Equal(t, live.UsersItem{UserId: "u1", Online: true}, inr.Users[0])
	assert.Equal(t, live.UsersItem{UserId: "nobody", Online: false}, inr.Users[1])

	users := live.CreateListLiveMessageGroupUsersRequest()
	point(srv, users)
	users.AppId, users.GroupId, users.SortType, users.PageSize = app, "room", requests.NewInteger(1), requests.NewInteger(10)
	ur, err := c.ListLiveMessageGroupUsers(users)
	require.NoError(t, err)
	assert.Equal(t, []string{"u1", "u2", "u3"}, userIDs(ur.UserList), "by join order")
	assert.False(t, ur.Hasmore)
	assert.Equal(t, int64(0), ur.NextPageToken)

	kick := live.CreateKickLiveMessageGroupUserRequest()
	point(srv, kick)
	kick.AppId, kick.GroupId, kick.KickoffUser = app, "room", "u2"
	_, err = c.KickLiveMessageGroupUser(kick)
	require.NoError(t, err)
	ur, err = c.ListLiveMessageGroupUsers(users)
	require.NoError(t, err)
	assert.Equal(t, []string{"u1", "u3"}, userIDs(ur.UserList), "u2 kicked")

	online := live.CreateCheckLiveMessageUsersOnlineRequest()
	point(srv, online)
	online.AppId, online.UserIds = app, &[]string{"u1", "u2"}
	or, err := c.CheckLiveMessageUsersOnline(online)
	require.NoError(t, err)
	require.Len(t, or.UserList, 2)
	assert.True(t, or.UserList[0].Online, "u1 is in two groups")
	assert.False(t, or.UserList[1].Online, "u2 was kicked from its only group")

	// User info, in every group the user is in.
	info := live.CreateModifyLiveMessageUserInfoRequest()
	point(srv, info)
	info.AppId, info.UserId, info.UserMetaInfo = app, "u1", "nick"
	ir, err := c.ModifyLiveMessageUserInfo(info)
	require.NoError(t, err)
	require.Len(t, ir.SuccessList, 2)
	assert.Equal(t, live.SuccessGroups{GroupId: "other", Success: true}, ir.SuccessList[0])
	assert.Empty(t, ir.FailList)
	ur, err = c.ListLiveMessageGroupUsers(users)
	require.NoError(t, err)
	assert.Equal(t, "nick", ur.UserList[0].UserInfo)

	// Per-user messages: to an online user, deleted by MsgTid; to an
	// offline one refused.
	su := live.CreateSendLiveMessageUserRequest()
	point(srv, su)
	su.AppId, su.SenderId, su.ReceiverId, su.Body, su.MsgTid = app, "u3", "u1", "hi", "direct1"
	_, err = c.SendLiveMessageUser(su)
	require.NoError(t, err)
	msgs, err := srv.Store().UserMessages(app, "u1")
	require.NoError(t, err)
	require.Len(t, msgs, 1)
	assert.Equal(t, "hi", msgs[0].Body)
	du := live.CreateDeleteLiveMessageUserMessageRequest()
	point(srv, du)
	du.AppId, du.ReceiverId, du.MessageId = app, "u1", "direct1"
	_, err = c.DeleteLiveMessageUserMessage(du)
	assert.Equal(t, "InputInvalid", sdkCode(t, err), "DeleterId is required in practice (fidelity row 59)")
	du.DeleterId = "u2"
	_, err = c.DeleteLiveMessageUserMessage(du)
	require.NoError(t, err)
	msgs, err = srv.Store().UserMessages(app, "u1")
	require.NoError(t, err)
	assert.Empty(t, msgs)
	su.ReceiverId = "u2"
	_, err = c.SendLiveMessageUser(su)
	assert.Equal(t, "InputInvalid", sdkCode(t, err), "u2 is not online")

	// Recall of a group message by its MsgTid.
	send := live.CreateSendLiveMessageGroupRequest()
	point(srv, send)
	send.AppId, send.GroupId, send.SenderId, send.Body, send.MsgTid = app, "room", "u1", "oops", "recall1"
	_, err = c.SendLiveMessageGroup(send)
	require.NoError(t, err)
	dm := live.CreateDeleteLiveMessageGroupMessageRequest()
	point(srv, dm)
	dm.AppId, dm.GroupId, dm.MessageId = app, "room", "recall1"
	dr, err := c.DeleteLiveMessageGroupMessage(dm)
	require.NoError(t, err)
	assert.Equal(t, "room", dr.GroupId)
	assert.Equal(t, "recall1", dr.MessageId)
	lm := live.CreateListLiveMessageGroupMessagesRequest()
	point(srv, lm)
	lm.AppId, lm.GroupId, lm.SortType, lm.PageSize = app, "room", requests.NewInteger(1), requests.NewInteger(10)
	lr, err := c.ListLiveMessageGroupMessages(lm)
	require.NoError(t, err)
	assert.Empty(t, lr.MessageList, "the recalled message is gone")

	// Group admins and info.
	mg := live.CreateModifyLiveMessageGroupRequest()
	point(srv, mg)
	mg.AppId, mg.GroupId, mg.ModifyAdmin, mg.AdminList = app, "room", requests.NewBoolean(true), &[]string{"u1"}
	mg.ModifyInfo, mg.GroupInfo = requests.NewBoolean(true), "new info"
	_, err = c.ModifyLiveMessageGroup(mg)
	require.NoError(t, err)
	byPage := live.CreateListLiveMessageGroupByPageRequest()
	point(srv, byPage)
	byPage.AppId, byPage.SortType, byPage.PageSize, byPage.PageNumber = app, requests.NewInteger(2), requests.NewInteger(1), requests.NewInteger(2)
	bp, err := c.ListLiveMessageGroupByPage(byPage)
	require.NoError(t, err)
	assert.Equal(t, 2, bp.TotalCount)
	assert.Equal(t, 2, bp.PageNumber)
	assert.Equal(t, 1, bp.PageSize)
	require.Len(t, bp.GroupList, 1)
	assert.Equal(t, "room", bp.GroupList[0].GroupId, "newest first: other, then room")
	assert.Equal(t, "new info", bp.GroupList[0].GroupInfo)
	assert.Equal(t, []string{"u1"}, bp.GroupList[0].AdminList)

	// App settings, listed and described; a disabled app answers its own
	// operations and refuses group ones.
	audit := live.CreateModifyLiveMessageAppAuditRequest()
	point(srv, audit)
	audit.AppId, audit.AuditType, audit.AuditUrl = app, requests.NewInteger(2), "https://audit.example.com/x"
	ar, err := c.ModifyLiveMessageAppAudit(audit)
	require.NoError(t, err)
	assert.Equal(t, 2, ar.AuditType)
	assert.True(t, ar.AuditNeedAuthentication)
	audit = live.CreateModifyLiveMessageAppAuditRequest() // SDK v1 keeps a sent request's parameters
	point(srv, audit)
	audit.AppId, audit.AuditType = app, requests.NewInteger(2)
	_, err = c.ModifyLiveMessageAppAudit(audit)
	assert.Equal(t, "InputInvalid", sdkCode(t, err), "AuditType 2 needs AuditUrl")
	cb := live.CreateModifyLiveMessageAppCallbackRequest()
	point(srv, cb)
	cb.AppId, cb.EventCallbackUrl = app, "https://cb.example.com/events"
	cr, err := c.ModifyLiveMessageAppCallback(cb)
	require.NoError(t, err)
	assert.Equal(t, "https://cb.example.com/events", cr.EventCallbackUrl)
	assert.True(t, cr.EventCallbackNeedAuthentication)
	cb.EventCallbackUrl = "http://10.0.0.1/events"
	_, err = c.ModifyLiveMessageAppCallback(cb)
	assert.Equal(t, "InputInvalid", sdkCode(t, err), "no private IP address")

	dis := live.CreateModifyLiveMessageAppDisableRequest()
	point(srv, dis)
	dis.AppId, dis.Disable = app, requests.NewBoolean(true)
	disr, err := c.ModifyLiveMessageAppDisable(dis)
	require.NoError(t, err)
	assert.True(t, disr.Disable)
	desc := live.CreateDescribeLiveMessageAppRequest()
	point(srv, desc)
	desc.AppId = app
	d, err := c.DescribeLiveMessageApp(desc)
	require.NoError(t, err)
	assert.True(t, d.Disable)
	assert.Equal(t, 2, d.AuditType)
	assert.Equal(t, "https://audit.example.com/x", d.AuditUrl)
	assert.Equal(t, "https://cb.example.com/events", d.EventCallbackUrl)
	assert.InDelta(t, d.CreateTime, d.ModifyTime, 5, "UNIX seconds, both")
	_, err = c.KickLiveMessageGroupUser(kick)
	assert.Equal(t, "InputInvalid", sdkCode(t, err), "a disabled app refuses group operations")

	apps := live.CreateListLiveMessageAppsRequest()
	point(srv, apps)
	apps.SortType = requests.NewInteger(1)
	al, err := c.ListLiveMessageApps(apps)
	require.NoError(t, err)
	require.Len(t, al.AppList, 1)
	assert.Equal(t, "sdkapp", al.AppList[0].AppId)
	assert.Equal(t, "true", al.AppList[0].Disable, "a string in this list")
	assert.False(t, al.HasMore)

	dis.Disable = requests.NewBoolean(false)
	_, err = c.ModifyLiveMessageAppDisable(dis)
	require.NoError(t, err)
	_, err = c.KickLiveMessageGroupUser(kick)
	assert.NoError(t, err, "enabled again")
}

func userIDs(list []live.Users) []string {
	out := []string{}
	for _, u := range list {
		out = append(out, u.UserId)
	}
	return out
}

// sdkCode is the error code of an SDK v1 server error.
func sdkCode(t *testing.T, err error) string {
	t.Helper()
	var se *sdkerrors.ServerError
	require.True(t, errors.As(err, &se), "want an SDK server error, got %v", err)
	return se.ErrorCode()
}
