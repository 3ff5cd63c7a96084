package mock_test

import (
	"encoding/json"
	"testing"
	"time"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	"github.com/alibabacloud-go/tea/dara"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/mock"
	"github.com/livemsg/livemsg/mock/store"
)

// TestDarabonbaV3Call makes a generic CallApi with the new SDK's default v3
// (ACS3-HMAC-SHA256) signature, lists sent comma-separated.
func TestDarabonbaV3Call(t *testing.T) {
	srv := mock.NewServer()
	defer srv.Close()
	app, err := srv.Emulator.Store().CreateApp(store.AppSpec{Name: "v3app", Owner: mock.DefaultAccount})
	require.NoError(t, err)
	_, err = srv.Emulator.Store().CreateGroup(app.ID, store.GroupSpec{ID: "v3group", CreatorID: "c"})
	require.NoError(t, err)

	client, err := openapi.NewClient(&openapi.Config{
		AccessKeyId:     dara.String(mock.DefaultKeyID),
		AccessKeySecret: dara.String(mock.DefaultKeySecret),
		Endpoint:        dara.String(srv.Host()),
		Protocol:        dara.String("http"),
	})
	require.NoError(t, err)
	call := func(action string, query map[string]*string) (map[string]any, error) {
		params := &openapi.Params{
			Action: dara.String(action), Version: dara.String("2016-11-01"), Protocol: dara.String("HTTP"),
			Pathname: dara.String("/"), Method: dara.String("POST"), AuthType: dara.String("AK"),
			Style: dara.String("RPC"), ReqBodyType: dara.String("formData"), BodyType: dara.String("json"),
		}
		return client.CallApi(params, &openapi.OpenApiRequest{Query: query}, &dara.RuntimeOptions{})
	}
	_, err = call("AddLiveMessageGroupBand", map[string]*string{
		"AppId": dara.String(app.ID), "GroupId": dara.String("v3group"), "BannedUsers": dara.String("u1,u2,u3")})
	require.NoError(t, err)
	out, err := call("DescribeLiveMessageGroupBand", map[string]*string{"AppId": dara.String(app.ID), "GroupId": dara.String("v3group")})
	require.NoError(t, err)
	body, _ := out["body"].(map[string]any)
	assert.Equal(t, []any{"u1", "u2", "u3"}, body["BannedUserList"], "the comma-separated list was decoded")

	// The generated SDK's model of DescribeLiveMessageGroup has SuperLargeGroup
	// and times in seconds; the answer carries the request and trace ids.
	out, err = call("DescribeLiveMessageGroup", map[string]*string{"AppId": dara.String(app.ID), "GroupId": dara.String("v3group")})
	require.NoError(t, err)
	body, _ = out["body"].(map[string]any)
	assert.Equal(t, false, body["SuperLargeGroup"])
	created, _ := body["Createtime"].(json.Number)
	sec, _ := created.Int64()
	assert.InDelta(t, time.Now().Unix(), sec, 60, "Createtime in UNIX seconds: %v", body["Createtime"])
	headers, _ := out["headers"].(map[string]any)
	assert.Equal(t, body["RequestId"], headers["x-acs-request-id"], "x-acs-request-id is the RequestId: %v", headers)
	assert.Regexp(t, `^[0-9a-f]{32}$`, headers["x-acs-trace-id"])

	require.NoError(t, srv.Emulator.Store().Join(app.ID, "v3group", "u1"))
	out, err = call("SendLiveMessageGroup", map[string]*string{
		"AppId": dara.String(app.ID), "GroupId": dara.String("v3group"), "SenderId": dara.String("u1"), "MsgTid": dara.String("t9")})
	require.NoError(t, err, "MsgType is optional")
	body, _ = out["body"].(map[string]any)
	assert.Equal(t, "t9", body["MsgTid"], "the answer carries MsgTid")

	_, err = call("DescribeLiveMessageGroup", map[string]*string{"AppId": dara.String(app.ID), "GroupId": dara.String("nosuch")})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "ResourceNotExist")
}
