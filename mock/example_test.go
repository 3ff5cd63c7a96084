package mock_test

import (
	"context"
	"fmt"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/mock"
)

// An emulator for a test: start it on a free loopback port, call it with
// the default key, close it.
func ExampleNewServer() {
	srv := mock.NewServer()
	defer srv.Close()
	c := aliyun.NewClient(srv.URL, aliyun.Credentials{AccessKeyID: mock.DefaultKeyID, AccessKeySecret: mock.DefaultKeySecret})
	resp, err := c.Do(context.Background(), aliyun.Request{
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
