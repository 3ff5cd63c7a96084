package load_test

import (
	"context"
	"fmt"
	"math"
	"os"
	"time"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/load"
	"github.com/livemsg/livemsg/mock"
)

// ExampleBurst drives the unmute probe at twice its documented limit for
// one second, as the contract suite's throttling scenarios do.
func ExampleBurst() {
	srv := mock.NewServer()
	defer srv.Close()
	c := aliyun.NewClient(srv.URL, aliyun.Credentials{AccessKeyID: mock.DefaultKeyID, AccessKeySecret: mock.DefaultKeySecret})
	ctx := context.Background()
	resp, _ := c.Do(ctx, aliyun.Request{Action: "CreateLiveMessageApp", Params: map[string]string{"AppName": "example"}})
	app, _ := resp.Fields["AppId"].(string)

	p, _ := load.NewProbe("RemoveLiveMessageGroupBand", load.Env{AppID: app, GroupID: "examplegroup"})
	_ = p.Setup(ctx, c) // creates the group
	defer p.Teardown(ctx, c)

	res, err := load.Burst(ctx, c, p, 20, time.Second, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("sent:", res.Sent)
	fmt.Println("served about 10/s:", math.Abs(res.AcceptedQPS-10) <= 1)
	fmt.Println("throttled:", res.Throttled > 0)
	// Output:
	// sent: 20
	// served about 10/s: true
	// throttled: true
}

// ExampleRun measures the limit of the delete operation on an emulator
// that enforces 37 per second with a token bucket of twice that, and
// judges it against the documented 50.
func ExampleRun() {
	srv := mock.NewServer(mock.WithQPS("DeleteLiveMessageGroup", 37),
		mock.WithThrottle("", mock.Throttle{Shape: mock.ShapeToken, BurstX: 2}))
	defer srv.Close()
	c := aliyun.NewClient(srv.URL, aliyun.Credentials{AccessKeyID: mock.DefaultKeyID, AccessKeySecret: mock.DefaultKeySecret})
	sum, err := load.Run(context.Background(), load.Config{
		Client: c, Target: "emulator", Operations: []string{"DeleteLiveMessageGroup"},
		OutDir: os.TempDir(), Progress: nil,
	})
	if err != nil {
		fmt.Println(err) // a configuration the run refused: nothing was sent
		return
	}
	op := sum.Operations[0]
	fmt.Println("shape:", op.Shape)
	fmt.Println("sustained about 37:", math.Abs(op.SustainedQPS-37) <= 1)
	fmt.Println("burst of at least the bucket:", op.Burst >= 74)
	fmt.Println("verdict:", op.Verdict)
	fmt.Println("at most 30 throttled:", op.Throttled <= 30)
	// Output:
	// shape: token
	// sustained about 37: true
	// burst of at least the bucket: true
	// verdict: fail
	// at most 30 throttled: true
}
