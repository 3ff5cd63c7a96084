package steps

import (
	"bytes"
	"io"
)

// plainWriter removes the colour sequences (ESC [ parameters final-byte)
// godog's formatters write, so the suite runs godog with colours on and
// strips them here. With colours off godog writes its output one rune per
// Write, to stdout and to cucumber.json alike: some 650,000 writes for a
// run's cucumber.json, seconds of a run spent in syscalls. A sequence cut
// between two writes is held until the next.
type plainWriter struct {
	w    io.Writer
	held []byte // the start of a sequence the last write cut
	out  []byte
}

func (p *plainWriter) Write(b []byte) (int, error) {
	data := b
	if len(p.held) > 0 {
		data = append(p.held, b...)
		p.held = nil
	}
	p.out = p.out[:0]
	for len(data) > 0 {
		i := bytes.IndexByte(data, 0x1b)
		if i < 0 {
			p.out = append(p.out, data...)
			break
		}
		p.out = append(p.out, data[:i]...)
		end := csiEnd(data[i:])
		switch {
		case end < 0: // cut short: wait for the rest
			p.held = append([]byte(nil), data[i:]...)
			data = nil
		case end == 0: // an ESC that starts no sequence: kept
			p.out = append(p.out, 0x1b)
			data = data[i+1:]
		default:
			data = data[i+end:]
		}
	}
	if len(p.out) == 0 {
		return len(b), nil
	}
	if _, err := p.w.Write(p.out); err != nil {
		return 0, err
	}
	return len(b), nil
}

// csiEnd is the length of the control sequence b starts with (ESC [
// parameters, then a final byte 0x40-0x7e), 0 when b starts none, -1
// when b ends before the sequence does.
func csiEnd(b []byte) int {
	if len(b) < 2 {
		return -1
	}
	if b[1] != '[' {
		return 0
	}
	for i := 2; i < len(b); i++ {
		if 0x40 <= b[i] && b[i] <= 0x7e {
			return i + 1
		}
	}
	return -1
}
