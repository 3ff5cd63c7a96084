package breakage

// Why neither the suite (real-target mode) nor explore (default budget,
// seed 1) catches a provider: measured by make detection
// (docs/detection.md). An entry goes when the break is caught: the
// detection run fails on one that is caught and still explained.
//
// The reason recurs: the scenarios that need members joined through the
// emulator's admin API (@members: a successful send) are skipped on a
// real target; explore joins members and reads a group's messages back
// after every sequence, but in 100 sequences at seed 1 does not draw
// these sends.
const (
	whySends = "suite: successful sends need a member (send.feature, @members, emulator only); explore: "
	notDrawn = " is not drawn at seed 1"
)

var explained = map[string]string{
	"a message page holds one message more than PageSize":        whySends + "a group holding more messages than the smallest page (10)" + notDrawn,
	"a user message Body of exactly the maximum size is refused": whySends + "a user message whose Body is exactly the maximum size" + notDrawn,
	"a SenderId one byte over the maximum is accepted":           whySends + "a 65-byte SenderId to a group with a member" + notDrawn + " (without a member both answers are InputInvalid)",
}
