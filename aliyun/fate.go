package aliyun

import "errors"

// Fate is what the end of a call proves about whether the provider
// carried it out. A journal of creations needs it: an answer lost after
// the provider acted leaves a group on the account that nobody named.
type Fate int

// The fates of a call.
const (
	// MaybeCarried: no Alibaba answer came after the request may have
	// reached the provider (a connection reset or an answer cut short, a
	// timeout, a cancellation, a proxy's error page): it may have been
	// carried out, and only reading the state back can tell.
	MaybeCarried Fate = iota
	// Carried: the provider answered with success.
	Carried
	// NotCarried: the provider answered with an Alibaba error (a refused
	// call changes nothing, throttled ones included) to the only copy of
	// the request it got, or no connection could be made, so the request
	// never left.
	NotCarried
)

func (f Fate) String() string {
	switch f {
	case Carried:
		return "carried out"
	case NotCarried:
		return "not carried out"
	}
	return "maybe carried out"
}

// FateOf reads the fate of a call from what Client.Do returned. An
// answer, when there is one, decides, whatever error came with it (a
// caller may return one with its own, such as a contract check's).
func FateOf(resp *Response, err error) Fate {
	switch {
	case resp == nil:
		var te *TransportError
		switch {
		case !errors.As(err, &te):
			return MaybeCarried
		case te.Unreachable:
			return NotCarried
		}
		return te.ReadBack // MaybeCarried unless read back
	case resp.OK():
		return Carried
	case resp.Resent:
		// the refusal may be the resent copy's (its nonce already used)
		// while the first copy was carried out
		return MaybeCarried
	}
	return NotCarried
}
