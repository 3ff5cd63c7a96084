package mock_test

import (
	"context"
	"fmt"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	"github.com/alibabacloud-go/tea/dara"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/live"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/mock"
)

// An emulator for a test: start it on a free loopback port, call it with
// its ready client (the default key), close it. In a test,
// mock.NewTestServer(t) closes it when the test ends.
func ExampleNewServer() {
	srv := mock.NewServer()
	defer srv.Close()
	resp, err := srv.Client().Do(context.Background(), aliyun.Request{
		Action: "RecoverLiveMessageDeletedGroup",
		Params: map[string]string{"AppId": "noapp", "GroupId": "g1"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(resp.Status, resp.Code)
	// Output: 404 ResourceNotExist
}

// The official SDK for Go (v1) against a seeded emulator: Domain is all
// it needs (its default scheme is HTTP).
func ExampleNewServer_sdkV1() {
	srv := mock.NewServer(mock.WithApps(mock.AppSeed{ID: "app1",
		Groups: []mock.GroupSeed{{ID: "g1", Members: []string{"u1", "u2"}, Muted: []string{"u2"}}}}))
	defer srv.Close()

	client, _ := live.NewClientWithAccessKey("cn-shanghai", mock.DefaultKeyID, mock.DefaultKeySecret)
	client.Domain = srv.Host()

	req := live.CreateDescribeLiveMessageGroupBandRequest()
	req.AppId, req.GroupId = "app1", "g1"
	resp, err := client.DescribeLiveMessageGroupBand(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(resp.BannedUserList)
	// Output: [u2]
}

// The new SDK (darabonba OpenAPI, v3 signatures) against a seeded
// emulator: Endpoint is the host, Protocol http.
func ExampleNewServer_darabonba() {
	srv := mock.NewServer(mock.WithApps(mock.AppSeed{ID: "app1", Groups: []mock.GroupSeed{{ID: "g1", CreatorID: "alice"}}}))
	defer srv.Close()

	client, _ := openapi.NewClient(&openapi.Config{AccessKeyId: dara.String(mock.DefaultKeyID),
		AccessKeySecret: dara.String(mock.DefaultKeySecret), Endpoint: dara.String(srv.Host()), Protocol: dara.String("http")})
	params := &openapi.Params{Action: dara.String("DescribeLiveMessageGroup"), Version: dara.String("2016-11-01"),
		Protocol: dara.String("HTTP"), Pathname: dara.String("/"), Method: dara.String("POST"), AuthType: dara.String("AK"),
		Style: dara.String("RPC"), ReqBodyType: dara.String("formData"), BodyType: dara.String("json")}
	query := map[string]*string{"AppId": dara.String("app1"), "GroupId": dara.String("g1")}
	out, err := client.CallApi(params, &openapi.OpenApiRequest{Query: query}, &dara.RuntimeOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(out["body"].(map[string]any)["CreatorId"])
	// Output: alice
}

// Faults are armed from Go as through the admin API: here a ServerError
// for the next call only.
func ExampleEmulator_ArmFault() {
	srv := mock.NewServer(mock.WithApps(mock.AppSeed{ID: "app1", Groups: []mock.GroupSeed{{ID: "g1"}}}))
	defer srv.Close()
	if err := srv.ArmFault(mock.Fault{Operation: "DescribeLiveMessageGroup", Code: "ServerError", Times: 1}); err != nil {
		fmt.Println(err)
		return
	}
	describe := aliyun.Request{Action: "DescribeLiveMessageGroup", Params: map[string]string{"AppId": "app1", "GroupId": "g1"}}
	for range 2 {
		resp, err := srv.Client().Do(context.Background(), describe)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(resp.Status, resp.Code)
	}
	// Output:
	// 500 ServerError
	// 200
}
