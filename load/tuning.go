package load

import "time"

// Tuning holds every constant of the limit probe: its rates, its timing,
// its margins and the thresholds of its classifiers, each with why it has
// the value it has. DefaultTuning is what the probe uses; the values were
// set against the emulator's throttling shapes (TestProbeMatrix) and at a
// distance through toxiproxy (TestProbeAtADistance, make probe-distance),
// so changing one means running both.
type Tuning struct {
	// Default rates, as multiples of the documented limit D.

	// StartOver is the onset's rate over D (LimitOptions.Start): at 3D a
	// one-second window of up to 3D throws within a second, and a token
	// bucket of twice the rate empties within one.
	StartOver float64
	// TopOver and TopFloor bound the probe's rate (LimitOptions.MaxRate):
	// 8D, at least TopFloor/s, so a limit of several times the documented
	// one is still found, and a tiny limit has room to be raised.
	TopOver, TopFloor float64

	// The onset.

	// ExtendAfter is how long the onset stays at its starting rate
	// without a throttle before it goes to the top rate (without Ramp):
	// more than a second, so a one-second window has surely thrown.
	ExtendAfter time.Duration
	// RampEvery and RampBy: with Ramp the onset raises its rate by
	// RampBy every RampEvery until the first throttle (find-limit).
	RampEvery time.Duration
	RampBy    float64
	// FarCap: at a distance the onset never goes over FarCap×D, since a
	// round trip's worth goes out blind and a smooth limiter throttles
	// every request of the excess.
	FarCap float64
	// BlindExcess is the most the onset sends over D in one blind round
	// trip at a distance (an evenly spaced limiter throttles all of it, and
	// the budget is 30): the onset's rate is D + BlindExcess/blind time.
	BlindExcess float64
	// TrainExtra: at a distance the onset is a train of D and this many,
	// so a window that holds D has thrown by its end with few sent blind.
	TrainExtra int

	// The tail, right after the first throttle.

	// TailShare is the tail's rate as a share of the onset's: lower, so
	// a smooth limiter serves some of it and throttles some, and no more
	// than the onset spends.
	TailShare float64
	// ReorderShare: at loopback, requests answered within ReorderShare of
	// an onset interval (and ReorderMax at most) after the first throttle
	// may have been overtaken by it, and say nothing of the shape.
	ReorderShare float64
	ReorderMax   time.Duration
	// TurnRun is how many served in a row after the first throttle say a
	// window turned (fewer may be the limiter's rounding); the run must
	// also reach a TurnBurstDivisor-th of the burst and last
	// TurnIntervals of the tail's intervals, or a bucket's trickle would
	// pass for a turn.
	TurnRun          int
	TurnBurstDivisor int
	TurnIntervals    float64
	// TailBursty: this many throttled in a row right after the first
	// throttle say a window (a smooth limiter would have served one).
	TailBursty int
	// TailMaxThrottled is the most the tail spends before it decides.
	TailMaxThrottled int
	// TailBatch: at a distance the tail reads what went out blind first,
	// then sends batches of this many, TailBatches at most.
	TailBatch   int
	TailBatches int
	// SmoothEvidence is how many answers after the first throttle a smooth
	// limiter is told from at a distance, at least: with fewer, a
	// window's turn blurred by the network's reordering looks the same.
	SmoothEvidence int
	// Served shares that classify a tail at a distance (see tailShapeFar):
	// TurnShare served in its second half says served again (a turn);
	// TurnJump more than in its first half says the turn is in it; a
	// smooth limiter serves between SmoothLow and SmoothHigh in both
	// halves, the two within TurnJump, and no jump of SmoothJump at the
	// change point.
	TurnShare, TurnJump, SmoothLow, SmoothHigh, SmoothJump float64

	// Pilots: single requests that find when the provider serves again.

	// PilotOffsets are when pilots go after a throttle: dense in the first
	// second (a one-second window turns within it), then PilotEvery.
	PilotOffsets []time.Duration
	// PilotEvery: in a long window, pilots under half a second apart, so
	// its length rounds to whole seconds right.
	PilotEvery time.Duration
	// PilotGrowth: past the offsets, before a turn is seen, the spacing
	// grows by a quarter each pilot: a window of 10 s costs about 8 more
	// throttled requests, not 20 (the budget is 30).
	PilotGrowth float64
	// PilotSlack: a pilot is told from what was sent before it by its
	// offset less this.
	PilotSlack time.Duration
	// MaxPilotSkip: at a distance the pilots whose time has passed are
	// skipped, this many at most.
	MaxPilotSkip int
	// PerSecondGap: served again within this of the throttle, the window
	// is a second (a turn within a second, plus a pilot's spacing).
	PerSecondGap time.Duration

	// Cycles of a one-second window.

	// CycleShift: the second cycle starts this much more than a second
	// after the first, so a fixed window (it keeps its phase) is told
	// from a sliding one (it follows the sender).
	CycleShift time.Duration
	// CheckAfter: the fixed-or-sliding pilot goes this long after the
	// second boundary of the first cycle; CheckFor is how long after it a
	// request counts as that pilot.
	CheckAfter, CheckFor time.Duration
	// CycleLead: later cycles start this much after a whole second, so
	// their credit has surely come back.
	CycleLead time.Duration
	// CycleRaise: a cycle served a whole second without a throttle goes
	// up by this factor (it was under the limit).
	CycleRaise float64
	// MaxCycles bounds the cycles (and, at a distance, the trains, one
	// more) before the probe says they do not agree.
	MaxCycles int
	// LateAnswers: a cycle's served requests count up to this after its
	// first throttle, for answers that came late.
	LateAnswers time.Duration
	// CreditSlack: a cycle never sends before the credit of the request
	// it follows came back, and this more.
	CreditSlack time.Duration
	// AgreeShare: two counts agree within 1 or this share of the larger.
	AgreeShare float64

	// Cycles at a distance: trains of a set size.

	// CycleExtra: a train sends what the last one served and this many;
	// CycleExtraMin when the budget holds no more (the straddling train
	// still tells a sliding window, throttled, from a fixed one, served
	// in full).
	CycleExtra, CycleExtraMin int
	// TrainGrowth: a train served in full is followed by one this much
	// larger (its credit is at least its size).
	TrainGrowth float64
	// QuietFrom: a quiet train starts this long after the window's period
	// turns; StraddleFrom (negative) the shape's train this long before
	// it, spread over StraddleFor (the turn may be off by 0.4 s).
	QuietFrom, StraddleFrom, StraddleFor time.Duration
	// QuietMargin is added to a window and the jitter after the last
	// served request before a train is quiet; NowMargin is the earliest a
	// train may start from now.
	QuietMargin, NowMargin time.Duration
	// RefillChecks single requests follow the first quiet train,
	// RefillEvery apart; RefillServed of them served means the credit
	// comes back continuously (a smooth limiter, see refillVerdict).
	RefillChecks, RefillServed int
	RefillEvery                time.Duration
	// SentBefore and SentAfter widen a train's span on the sender's
	// clock, for the clock's granularity.
	SentBefore, SentAfter time.Duration

	// Gap trains: a smooth limiter at a distance (see gapsPhase).

	// GapFirst and GapSecond are the idle gaps before the two trains.
	GapFirst, GapSecond time.Duration
	// GapRate is the trains' rate: well over any bucket's, so the train
	// is compact and the bucket earns little while it goes out.
	GapRate float64
	// GapExtra: a train is sized for the rate it expects and this many
	// more, so it is throttled (else it measures nothing).
	GapExtra int
	// GapFirstExtra: the first train is sized for the documented rate,
	// over any limit that throttled; it needs fewer more.
	GapFirstExtra int
	// GapRiskShare: the budget counts a train's GapExtra as at risk, and
	// what it expects the bucket to earn less this share (the rate it
	// was sized for may be that much too high).
	GapRiskShare float64
	// GapFirstRiskShare: the first train is sized for the documented
	// rate, and a bucket of 37/s throttles 12 of a train of 34 sized for
	// 50/s: it counts at risk what a bucket of this share of the
	// documented rate would not serve.
	GapFirstRiskShare float64
	// GapAgree: the two trains' rates agree within this share.
	GapAgree float64
	// GapsFrom: from this blind time (round trip and spread) on, a smooth
	// limiter the tail finds is measured in gap trains, not held (the
	// hold goes over the limit blind for a round trip).
	GapsFrom time.Duration
	// GapBurstShare: the gap trains follow only a throttled train that
	// served this share of the documented rate or more (a bucket's burst,
	// as the hold's token-or-even verdict at loopback).
	GapBurstShare float64

	// The hold of a smooth limiter.

	// HoldFirst: the hold starts at HoldFirst×estimate + HoldExtra, well
	// over the tail's estimate, which counts a limiter's trickle short.
	HoldFirst float64
	// HoldRaise: not throttled within HoldWait, the rate goes up by this
	// factor + HoldExtra (the estimate was low).
	HoldRaise float64
	HoldWait  time.Duration
	// HoldOver: after the calibration the hold sends at HoldOver×estimate
	// + HoldExtra + one request of the calibration's count (which may be
	// one short): over the limit all along, with few throttled.
	HoldOver  float64
	HoldExtra float64
	// Calibration is how long the limiter is held over its rate from the
	// hold's first throttle; what it serves in that time sets the rate.
	Calibration time.Duration
	// HoldMargin is the throttled requests kept in reserve when the hold
	// decides how many whole seconds it counts (HoldSeconds, up to
	// HoldMaxSeconds when one stalled).
	HoldMargin     int
	HoldSeconds    int
	HoldMaxSeconds int
	// StallIntervals: a pause of this many of the hold's intervals (and
	// StallFloor at least) is a stall, as is sending less than StallShare
	// of the rate held: that second measured the sender.
	StallIntervals float64
	StallFloor     time.Duration
	StallShare     float64

	// Budget and distance.

	// InFlightAtRisk: at loopback, at most this many requests in flight
	// may still come back throttled.
	InFlightAtRisk int
	// FaultShare of FaultsJudgedFrom answers or more being transport
	// faults stops the probe: it measures the network, not the limiter.
	FaultShare       float64
	FaultsJudgedFrom int
	// LateIntervals: the pacer more than this many intervals late goes
	// on from now rather than send the missed requests in a bunch.
	LateIntervals float64
	// RangingPings measure the round trip before the onset.
	RangingPings int
	// FarRoundTrip: from this round trip on the probe works at a
	// distance, accounting for what is sent while answers travel.
	FarRoundTrip time.Duration
	// AnswerPoll: a phase waiting for its last answers looks again this
	// often (an answer wakes the pacer sooner).
	AnswerPoll time.Duration
	// CompanionChecks: the shared-bucket check sends this many requests of
	// the companion operation, one right after each throttle: one can be
	// a coincidence, two throttled (or two served) agree.
	CompanionChecks int
	// EvenFirst, EvenServed, EvenWithin: at a distance, the first throttle
	// among the probe's first EvenFirst requests (in sending order, the
	// ranging's included) and EvenServed served after it among the first
	// EvenWithin, EvenShare of those after it at least, are an evenly
	// spaced limiter's signature: a window or a bucket of EvenFirst or
	// more serves its first burst in full (the onset at a distance is
	// close to the documented rate, so the limiter serves most of it).
	EvenFirst, EvenServed, EvenWithin int
	EvenShare                         float64
	// JitterSpread: an answer's place in time may be off by this many
	// spreads of the measured round trips, at a distance.
	JitterSpread float64
}

// DefaultTuning is the tuning the probe uses.
func DefaultTuning() Tuning {
	return Tuning{
		StartOver: 3, TopOver: 8, TopFloor: 16,

		ExtendAfter: 1500 * time.Millisecond, RampEvery: 500 * time.Millisecond, RampBy: 1.5,
		FarCap: 2, BlindExcess: 8, TrainExtra: 3,

		TailShare: 0.75, ReorderShare: 0.4, ReorderMax: 2 * time.Millisecond,
		TurnRun: 3, TurnBurstDivisor: 4, TurnIntervals: 1.5,
		TailBursty: 5, TailMaxThrottled: 12,
		TailBatch: 6, TailBatches: 3, SmoothEvidence: 6 + 4,
		TurnShare: 0.7, TurnJump: 0.35, SmoothLow: 0.2, SmoothHigh: 0.85, SmoothJump: 0.5,

		PilotOffsets: []time.Duration{40 * time.Millisecond, 100 * time.Millisecond, 150 * time.Millisecond,
			250 * time.Millisecond, 400 * time.Millisecond, 550 * time.Millisecond, 700 * time.Millisecond,
			850 * time.Millisecond, 1000 * time.Millisecond, 1150 * time.Millisecond, 1300 * time.Millisecond},
		PilotEvery: 450 * time.Millisecond, PilotGrowth: 1.25, PilotSlack: 5 * time.Millisecond, MaxPilotSkip: 64,
		PerSecondGap: 1300 * time.Millisecond,

		CycleShift: 300 * time.Millisecond, CheckAfter: 150 * time.Millisecond, CheckFor: 40 * time.Millisecond,
		CycleLead: 50 * time.Millisecond, CycleRaise: 1.5, MaxCycles: 5,
		LateAnswers: 50 * time.Millisecond, CreditSlack: 5 * time.Millisecond, AgreeShare: 0.03,

		CycleExtra: 3, CycleExtraMin: 2, TrainGrowth: 1.25,
		QuietFrom: 250 * time.Millisecond, StraddleFrom: -450 * time.Millisecond, StraddleFor: 900 * time.Millisecond,
		QuietMargin: 20 * time.Millisecond, NowMargin: 10 * time.Millisecond,
		RefillChecks: 3, RefillServed: 2, RefillEvery: 100 * time.Millisecond,
		SentBefore: 2 * time.Millisecond, SentAfter: 5 * time.Millisecond,

		GapFirst: 300 * time.Millisecond, GapSecond: 900 * time.Millisecond, GapRate: 600, GapExtra: 5, GapFirstExtra: 2,
		GapRiskShare: 0.9, GapFirstRiskShare: 0.6, GapAgree: 0.2, GapBurstShare: 0.5, GapsFrom: 100 * time.Millisecond,

		HoldFirst: 1.25, HoldRaise: 1.3, HoldWait: 600 * time.Millisecond,
		HoldOver: 1.1, HoldExtra: 2, Calibration: 400 * time.Millisecond,
		HoldMargin: 4, HoldSeconds: 2, HoldMaxSeconds: 3,
		StallIntervals: 3, StallFloor: 20 * time.Millisecond, StallShare: 0.9,

		InFlightAtRisk: 3, FaultShare: 0.8, FaultsJudgedFrom: 10, LateIntervals: 2,
		RangingPings: 3, FarRoundTrip: 20 * time.Millisecond, JitterSpread: 1.5,
		EvenFirst: 16, EvenServed: 3, EvenWithin: 24, EvenShare: 0.3, CompanionChecks: 2, AnswerPoll: 5 * time.Millisecond,
	}
}
