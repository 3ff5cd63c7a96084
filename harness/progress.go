package harness

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/livemsg/livemsg/aliyun"
)

// progressWriter shows load progress: as it comes on a terminal, as whole
// lines elsewhere (a CI log), with a line at least every heartbeat while a
// step runs, so a pipeline never sits silent for a minute. Close stops the
// heartbeat.
func progressWriter(e Output) io.WriteCloser {
	if f, ok := e.TTY.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			return nopCloser{redactEach{f}} // progress lines end in \r, not \n: each write is whole
		}
	}
	return newLineProgress(e.Stderr, 5*time.Second)
}

type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }

// lineProgress turns progress written in pieces ("step 2/4 ..." now, "served
// 40" when the step ends) into whole lines. While a piece waits for the end
// of its line, every heartbeat it prints that piece as a line of its own,
// marked "(running, 12s)".
type lineProgress struct {
	mu      sync.Mutex
	w       io.Writer
	pending bytes.Buffer
	since   time.Time // when the pending piece began
	stop    chan struct{}
	done    chan struct{}
}

func newLineProgress(w io.Writer, heartbeat time.Duration) *lineProgress {
	p := &lineProgress{w: w, stop: make(chan struct{}), done: make(chan struct{})}
	go p.beat(heartbeat)
	return p
}

func (p *lineProgress) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.pending.Len() == 0 {
		p.since = time.Now()
	}
	p.pending.Write(b)
	if i := bytes.LastIndexByte(p.pending.Bytes(), '\n'); i >= 0 {
		if _, err := p.w.Write(p.pending.Next(i + 1)); err != nil {
			return len(b), err
		}
		p.since = time.Now()
	}
	return len(b), nil
}

func (p *lineProgress) beat(every time.Duration) {
	defer close(p.done)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-p.stop:
			return
		case <-t.C:
			p.mu.Lock()
			if p.pending.Len() > 0 && time.Since(p.since) >= every {
				fmt.Fprintf(p.w, "%s (running, %s)\n", bytes.TrimRight(p.pending.Bytes(), "\n"), time.Since(p.since).Round(time.Second))
			}
			p.mu.Unlock()
		}
	}
}

// Close stops the heartbeat and writes what is left as a last line.
func (p *lineProgress) Close() error {
	close(p.stop)
	<-p.done
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.pending.Len() > 0 {
		_, err := fmt.Fprintf(p.w, "%s\n", p.pending.Bytes())
		p.pending.Reset()
		return err
	}
	return nil
}

// redactEach redacts each write on its own.
type redactEach struct{ w io.Writer }

func isTerminal(e Output) bool {
	f, ok := e.TTY.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func (r redactEach) Write(p []byte) (int, error) {
	if _, err := io.WriteString(r.w, aliyun.RedactText(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}
