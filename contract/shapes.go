package contract

// The shapes a throttle may have: the one vocabulary of the emulator
// (livemsg mock --throttle OP=SHAPE), the load probe's verdict
// (summary.json "shape"), the docs and the report. The API documents a
// limit per second, not how the gateway counts it, so each is a
// hypothesis the probe tells apart and the emulator can enforce; a shape
// the probe measured can be fed back to the emulator as it is.
const (
	// ShapeSliding: at most N admitted in any second.
	ShapeSliding = "sliding"
	// ShapeFixed: a counter reset at each whole second of the clock.
	ShapeFixed = "fixed"
	// ShapeToken: a token bucket, N a second, up to a burst at once.
	ShapeToken = "token"
	// ShapeGCRA: evenly spaced (the generic cell rate algorithm), one
	// request every 1/N s with a tolerance of a few.
	ShapeGCRA = "gcra"
	// ShapeWindow: a long fixed window of several seconds.
	ShapeWindow = "window"
	// ShapeShared: one bucket per account across several operations.
	ShapeShared = "shared"
)

// Shapes lists the shapes in the order the documentation gives them.
var Shapes = []string{ShapeSliding, ShapeFixed, ShapeToken, ShapeGCRA, ShapeWindow, ShapeShared}

// ShapeMeaning says in a few words what a shape is, for a reader who does
// not know the names ("" for a name that is not a shape).
func ShapeMeaning(shape string) string {
	return map[string]string{
		ShapeSliding: "a sliding one-second window",
		ShapeFixed:   "a fixed window reset each second",
		ShapeToken:   "a token bucket",
		ShapeGCRA:    "evenly spaced (GCRA)",
		ShapeWindow:  "a long window of several seconds",
		ShapeShared:  "one bucket shared across operations",
	}[shape]
}
