package steps

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/contract"
)

// fillThroughAPI brings the app to n active groups through the API alone:
// it counts the active groups, then creates the rest with a few workers,
// retrying throttled calls so the run stays near the documented QPS. Every
// group is journaled before its create is sent, and recorded for cleanup.
func (w *World) fillThroughAPI(ctx context.Context, n int) error {
	have, err := w.countActive(ctx)
	if err != nil {
		return err
	}
	ids := make(chan string)
	errc := make(chan error, 1)
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for id := range ids {
				if err := w.createRetrying(ctx, id); err != nil {
					select {
					case errc <- err:
					default:
					}
				}
			}
		}()
	}
	prefix := w.s.name("fill")
feed:
	for i := have; i < n; i++ {
		select {
		case ids <- fmt.Sprintf("%s%d", prefix, i):
		case err = <-errc:
			break feed
		}
	}
	close(ids)
	wg.Wait()
	if err == nil {
		select {
		case err = <-errc:
		default:
		}
	}
	return err
}

func (w *World) createRetrying(ctx context.Context, id string) error {
	req := w.op(contract.OpCreateLiveMessageGroup, map[string]string{"GroupId": id, "CreatorId": "livemsg"})
	resp, err := w.createJournaled(ctx, req, func(r aliyun.Request) (*aliyun.Response, error) {
		// a throttled create made nothing and is resent; one whose answer
		// was lost is read back (the group made: resp nil; not made: sent
		// again), or stays maybe in the journal when the read is lost too
		return w.filling().Do(ctx, r)
	})
	if err == nil && resp != nil {
		err = w.answerDeparts(req, resp)
	}
	switch {
	case err != nil:
		return err
	case resp == nil:
		return nil // made: read back after its answer was lost
	case !resp.OK():
		return fmt.Errorf("create %s: %d %s: %s", id, resp.Status, resp.Code, resp.Message)
	}
	return nil
}

// filling is the scenario's client for the calls of a fill: a few workers
// run at the documented QPS on purpose, so a throttled call is resent
// rather than failed.
func (w *World) filling() *aliyun.Client {
	return w.client.With(aliyun.RetryThrottled(fillThrottledTries, fillThrottledWait, contract.IsThrottling))
}

// A fill's call is resent this many times after a throttle, this long
// after each: 5 s in all, several windows of any per-second limiter.
const (
	fillThrottledTries = 50
	fillThrottledWait  = 100 * time.Millisecond
)

// countActive pages through the app's active groups.
func (w *World) countActive(ctx context.Context) (int, error) {
	count, token := 0, ""
	c := w.filling()
	for page := 0; page < 10000; page++ {
		p := map[string]string{"AppId": w.appID, "SortType": "1", "GroupStatus": "1"}
		if token != "" {
			p["NextPageToken"] = token
		}
		req := aliyun.Request{Action: contract.OpListLiveMessageGroups, Params: p}
		resp, err := c.Do(ctx, req)
		if err != nil {
			return 0, err
		}
		if err := w.answerDeparts(req, resp); err != nil {
			return 0, err
		}
		if !resp.OK() {
			return 0, fmt.Errorf("count groups: %d %s: %s", resp.Status, resp.Code, resp.Message)
		}
		list, _ := resp.Fields["GroupList"].([]any)
		count += len(list)
		token, _ = resp.Fields["NextpageToken"].(string)
		if more, _ := resp.Fields["Hasmore"].(bool); !more || token == "" {
			return count, nil
		}
	}
	return count, nil
}
