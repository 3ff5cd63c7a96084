package mock_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/live"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/mock"
)

// point aims an SDK request at the emulator.
func point(srv *mock.Server, r interface {
	SetDomain(string)
	SetScheme(string)
}) {
	r.SetDomain(strings.TrimPrefix(srv.URL, "http://"))
	r.SetScheme("http")
}

// TestOfficialSDKLifecycle drives the emulator with the official Alibaba
// Cloud SDK for Go, unmodified: create, mute, unmute, send, delete,
// recover, list messages, and the error paths.
func TestOfficialSDKLifecycle(t *testing.T) {
	srv := mock.NewServer()
	defer srv.Close()
	c, err := live.NewClientWithAccessKey("cn-shanghai", mock.DefaultKeyID, mock.DefaultKeySecret)
	require.NoError(t, err)

	appReq := live.CreateCreateLiveMessageAppRequest()
	point(srv, appReq) // AppName is optional (the metadata): none is sent
	appReq.AuditType, appReq.AuditUrl = requests.NewInteger(2), "https://audit.example.com/check"
	app, err := c.CreateLiveMessageApp(appReq)
	require.NoError(t, err)
	require.NotEmpty(t, app.AppId)
	assert.Equal(t, "cn-shanghai", app.DataCenter)

	gReq := live.CreateCreateLiveMessageGroupRequest()
	point(srv, gReq)
	gReq.AppId, gReq.GroupId = app.AppId, "sdkgroup" // CreatorId is optional (the metadata)
	gReq.Administrators = &[]string{"admin1"}
	g, err := c.CreateLiveMessageGroup(gReq)
	require.NoError(t, err)
	assert.False(t, g.AlreadyExists)

	require.NoError(t, srv.Emulator.Store().Join(app.AppId, "sdkgroup", "u1", "u2"))

	ban := live.CreateAddLiveMessageGroupBandRequest()
	point(srv, ban)
	ban.AppId, ban.GroupId, ban.BannedUsers = app.AppId, "sdkgroup", &[]string{"u1", "u2"}
	_, err = c.AddLiveMessageGroupBand(ban)
	require.NoError(t, err)

	unban := live.CreateRemoveLiveMessageGroupBandRequest()
	point(srv, unban)
	unban.AppId, unban.GroupId, unban.UnbannedUsers = app.AppId, "sdkgroup", &[]string{"u1"}
	_, err = c.RemoveLiveMessageGroupBand(unban)
	require.NoError(t, err)

	band := live.CreateDescribeLiveMessageGroupBandRequest()
	point(srv, band)
	band.AppId, band.GroupId = app.AppId, "sdkgroup"
	b, err := c.DescribeLiveMessageGroupBand(band)
	require.NoError(t, err)
	assert.Equal(t, []string{"u2"}, b.BannedUserList, "u1 unmuted, u2 still muted")

	send := live.CreateSendLiveMessageGroupRequest()
	point(srv, send)
	send.AppId, send.GroupId, send.SenderId, send.Body, send.MsgType = app.AppId, "sdkgroup", "u1", "hello", requests.NewInteger(1)
	send.Weight = requests.NewInteger(1000000)
	sent, err := c.SendLiveMessageGroup(send)
	require.NoError(t, err)
	assert.Equal(t, sent.RequestId, sent.GetHttpHeaders()["X-Acs-Request-Id"][0], "x-acs-request-id is the RequestId")
	assert.NotEmpty(t, sent.GetHttpHeaders()["X-Acs-Trace-Id"], "x-acs-trace-id")

	noType := live.CreateSendLiveMessageGroupRequest()
	point(srv, noType) // MsgType is optional (the metadata)
	noType.AppId, noType.GroupId, noType.SenderId, noType.Body, noType.NoStorage = app.AppId, "sdkgroup", "u1", "untyped", requests.NewBoolean(true)
	_, err = c.SendLiveMessageGroup(noType)
	require.NoError(t, err)

	now := time.Now().Unix()
	active := live.CreateDescribeLiveMessageGroupRequest()
	point(srv, active)
	active.AppId, active.GroupId = app.AppId, "sdkgroup"
	ag, err := c.DescribeLiveMessageGroup(active)
	require.NoError(t, err)
	assert.InDelta(t, now, ag.Createtime, 60, "Createtime in UNIX seconds")
	assert.Equal(t, int64(2), ag.OnlineUserCounts, "the counters of an existing group")
	assert.Equal(t, map[string]interface{}{"0": float64(1), "1": float64(1)}, ag.MsgAmount)

	del := live.CreateDeleteLiveMessageGroupRequest()
	point(srv, del)
	del.AppId, del.GroupId, del.OperatorId = app.AppId, "sdkgroup", "ops1"
	d, err := c.DeleteLiveMessageGroup(del)
	require.NoError(t, err)
	assert.Equal(t, "sdkgroup", d.GroupId)

	desc := live.CreateDescribeLiveMessageGroupRequest()
	point(srv, desc)
	desc.AppId, desc.GroupId = app.AppId, "sdkgroup"
	dg, err := c.DescribeLiveMessageGroup(desc)
	require.NoError(t, err)
	assert.True(t, dg.Delete)
	assert.Equal(t, "ops1", dg.Deletor)
	assert.InDelta(t, now, dg.Deletatime, 60, "Deletatime in UNIX seconds")
	assert.Zero(t, dg.OnlineUserCounts, "no counters once deleted")
	assert.Nil(t, dg.MsgAmount, "no counters once deleted")
	assert.Equal(t, []string{"admin1"}, dg.AdminList)

	rec := live.CreateRecoverLiveMessageDeletedGroupRequest()
	point(srv, rec)
	rec.AppId, rec.GroupId = app.AppId, "sdkgroup"
	_, err = c.RecoverLiveMessageDeletedGroup(rec)
	require.NoError(t, err)

	list := live.CreateListLiveMessageGroupMessagesRequest()
	point(srv, list)
	list.AppId, list.GroupId, list.SortType, list.PageSize = app.AppId, "sdkgroup", requests.NewInteger(1), requests.NewInteger(10)
	msgs, err := c.ListLiveMessageGroupMessages(list)
	require.NoError(t, err)
	require.Len(t, msgs.MessageList, 1, "the message sent before the deletion is back")
	assert.Equal(t, "hello", msgs.MessageList[0].Body)
	assert.Equal(t, "u1", msgs.MessageList[0].Sender.UserId)
	assert.InDelta(t, now, msgs.MessageList[0].Timestamp, 60, "Timestamp in UNIX seconds")

	groups := live.CreateListLiveMessageGroupsRequest()
	point(srv, groups)
	groups.AppId, groups.SortType = app.AppId, requests.NewInteger(1)
	groups.NextPageToken = requests.NewInteger(-1) // the first page
	gl, err := c.ListLiveMessageGroups(groups)
	require.NoError(t, err)
	require.Len(t, gl.GroupList, 1)
	assert.InDelta(t, now, gl.GroupList[0].Createtime, 60, "Createtime in UNIX seconds")

	// Error paths, as the SDK sees them.
	missing := live.CreateRecoverLiveMessageDeletedGroupRequest()
	point(srv, missing)
	missing.AppId, missing.GroupId = app.AppId, "nosuchgroup"
	_, err = c.RecoverLiveMessageDeletedGroup(missing)
	assertSDKError(t, err, 404, "ResourceNotExist")

	many := live.CreateRemoveLiveMessageGroupBandRequest()
	point(srv, many)
	users := make([]string, 31)
	for i := range users {
		users[i] = "u" + strings.Repeat("x", i+1)
	}
	many.AppId, many.GroupId, many.UnbannedUsers = app.AppId, "sdkgroup", &users
	_, err = c.RemoveLiveMessageGroupBand(many)
	assertSDKError(t, err, 400, "InputInvalid")

	bad, err := live.NewClientWithAccessKey("cn-shanghai", mock.DefaultKeyID, "wrongsecret")
	require.NoError(t, err)
	_, err = bad.DescribeLiveMessageGroup(desc)
	assertSDKError(t, err, 400, "SignatureDoesNotMatch")
}

func assertSDKError(t *testing.T, err error, status int, code string) {
	t.Helper()
	var se *sdkerrors.ServerError
	require.True(t, errors.As(err, &se), "want an SDK server error, got %v", err)
	assert.Equal(t, status, se.HttpStatus())
	assert.Equal(t, code, se.ErrorCode())
	assert.NotEmpty(t, se.RequestId())
}
