package load

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"
)

// EmulatorJoin makes users members of a group through the emulator's admin
// API at admin (the target's admin base URL, ending in /_mock): what users
// do through the messaging client SDK on a real target.
func EmulatorJoin(admin string) JoinFunc {
	hc := &http.Client{Timeout: 5 * time.Second}
	return func(ctx context.Context, app, group string, users ...string) error {
		body, _ := json.Marshal(map[string]any{"join": users})
		u := admin + "/groups/" + url.PathEscape(app) + "/" + url.PathEscape(group) + "/members"
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, bytes.NewReader(body))
		if err != nil {
			return err
		}
		req.Header.Set("Content-Type", "application/json")
		resp, err := hc.Do(req)
		if err != nil {
			return fmt.Errorf("join %s: %w", group, err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 1024))
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("join %s: %d %s", group, resp.StatusCode, bytes.TrimSpace(b))
		}
		return nil
	}
}
