package harness

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/livemsg/livemsg/mock"
)

// Serve runs the emulator configured by cfg on the address listen and
// prints its URL on one line, until ctx ends (then it shuts down within
// 5 s), as livemsg mock does.
func Serve(ctx context.Context, e Output, cfg mock.Config, listen, record string) error {
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		return fail(e, StatusCouldNotRun, "cannot listen on %s: %v", listen, err)
	}
	srv := mock.New(cfg).HTTPServer() // its timeouts cut idle and slow connections
	finish, err := recordTraffic(e, record, "http://"+ln.Addr().String(), srv, cfg.Keys)
	if err != nil {
		return err
	}
	defer finish()
	fmt.Fprintf(e.Stdout, "http://%s\n", ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case <-ctx.Done():
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := srv.Shutdown(sctx); err != nil {
			return fail(e, StatusFailed, "shutdown: %v", err)
		}
		return nil
	case err := <-errc:
		if errors.Is(err, http.ErrServerClosed) {
			return nil
		}
		return fail(e, StatusFailed, "serve: %v", err)
	}
}
