package reports

import (
	"encoding/json"
	"fmt"
	"io"
)

// WriteJSON writes s as summary.json: indented, snake_case keys, with a
// trailing newline.
func WriteJSON(w io.Writer, s Summary) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false) // exchanges stay readable: <, > and & as they are
	if err := enc.Encode(s); err != nil {
		return fmt.Errorf("write summary.json: %w", err)
	}
	return nil
}
