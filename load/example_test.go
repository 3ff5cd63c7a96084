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

func ExampleParseRates() {
	rates, _ := load.ParseRates("0.5x,1x,1.5x,2x")
	fmt.Println(load.Ladder(rates, 50))
	rates, _ = load.ParseRates("25,50,75")
	fmt.Println(load.Ladder(rates, 10))
	// Output:
	// [25 50 75 100]
	// [25 50 75]
}

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

// ExampleRun probes the delete operation over a short ladder and writes the
// vegeta result files and summary.json under out/load.
func ExampleRun() {
	srv := mock.NewServer(mock.WithQPS("DeleteLiveMessageGroup", 37))
	defer srv.Close()
	c := aliyun.NewClient(srv.URL, aliyun.Credentials{AccessKeyID: mock.DefaultKeyID, AccessKeySecret: mock.DefaultKeySecret})
	sum, err := load.Run(context.Background(), load.Config{
		Client: c, Target: "emulator", Operations: []string{"DeleteLiveMessageGroup"},
		Rates: []load.Rate{{Multiple: 0.5}, {Multiple: 1.5}}, Duration: 4 * time.Second,
		OutDir: "out", Progress: os.Stderr,
	})
	if err != nil {
		fmt.Println(err) // a configuration the run refused: nothing was sent
		return
	}
	for _, op := range sum.Operations {
		fmt.Printf("%s: documented %d, measured %.1f: %s %s\n", op.Operation, op.DocumentedQPS, op.MeasuredQPS, op.Verdict, op.Note)
	}
}
