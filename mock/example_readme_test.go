package mock_test

import (
	"fmt"
	"strings"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/live"

	"github.com/livemsg/livemsg/mock"
)

// ExampleNewServer_readme is the README's Go example, this whole file
// (TestReadmeExampleIsThisFile keeps the two the same): a seeded emulator,
// the official SDK v1 pointed at it, a fault armed for one call. In a
// test, mock.NewTestServer(t, ...) starts the same server and closes it
// when the test ends.
func ExampleNewServer_readme() {
	srv := mock.NewServer(mock.WithApps(mock.AppSeed{ID: "app1",
		Groups: []mock.GroupSeed{{ID: "g1", Members: []string{"u1"}, Muted: []string{"u2"}}}}))
	defer srv.Close() // mock.NewTestServer(t, ...) closes it when the test ends

	client, _ := live.NewClientWithAccessKey("cn-shanghai", mock.DefaultKeyID, mock.DefaultKeySecret)
	client.Domain = srv.Host() // or srv.Client(): this project's client, ready to sign with the default key
	_ = srv.ArmFault(mock.Fault{Operation: "DescribeLiveMessageGroup", Code: "ServerError", Times: 1})

	req := live.CreateDescribeLiveMessageGroupRequest()
	req.AppId, req.GroupId = "app1", "g1"
	if _, err := client.DescribeLiveMessageGroup(req); err != nil {
		fmt.Println("first call: ServerError armed:", strings.Contains(err.Error(), "ServerError"))
	}
	resp, err := client.DescribeLiveMessageGroup(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("second call:", resp.GroupId)
	// Output:
	// first call: ServerError armed: true
	// second call: g1
}
