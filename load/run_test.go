package load

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/aliyun"
)

func TestPlan(t *testing.T) {
	c := aliyun.NewClient("http://127.0.0.1:1", aliyun.Credentials{})
	real := Config{Client: c, Real: true, AllowReal: true, AppID: "app", MaxRequests: 10000}
	for _, tc := range []struct {
		name    string
		cfg     Config
		planned int
		err     string
	}{
		{"emulator defaults: app, two ladders of 50, one of 10 with its group", Config{Client: c}, 1 + 2*(101+201+301+401) + 2 + (21 + 41 + 61 + 81), ""},
		{"one op, absolute", Config{Client: c, AppID: "a", Operations: []string{"DeleteLiveMessageGroup"}, Rates: []Rate{{Absolute: 75}}, Duration: 4 * time.Second}, 301, ""},
		{"unmute: setup and teardown", Config{Client: c, AppID: "a", Operations: []string{"RemoveLiveMessageGroupBand"}, Rates: []Rate{{Multiple: 1.5}}, Duration: 2 * time.Second}, 2 + 31, ""},
		{"real without the flag", Config{Client: c, Real: true}, 0, "--i-know-this-calls-the-real-service"},
		{"real without a cap", Config{Client: c, Real: true, AllowReal: true, AppID: "a"}, 0, "--max-requests"},
		{"real without an app", Config{Client: c, Real: true, AllowReal: true, MaxRequests: 100000}, 0, "--app-id"},
		{"real over the cap", Config{Client: c, Real: true, AllowReal: true, AppID: "a", MaxRequests: 10}, 0, "over --max-requests 10"},
		{"real within the cap", real, 2*(101+201+301+401) + 2 + (21 + 41 + 61 + 81), ""},
		{"unknown operation", Config{Client: c, Operations: []string{"Nope"}}, 0, `unknown operation "Nope"`},
		{"operation without a probe", Config{Client: c, Operations: []string{"SendLiveMessageGroup"}}, 0, "no harmless probe"},
		{"no client", Config{}, 0, "no client"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n, err := tc.cfg.Plan()
			if tc.err != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.planned, n)
		})
	}
}
