package contract

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTimeUnits(t *testing.T) {
	at := time.Date(2023, 10, 26, 7, 31, 11, 500_000_000, time.UTC)
	assert.Equal(t, UnixSeconds(1698305471), SecondsOf(at), "seconds drop the fraction")
	assert.Equal(t, UnixMillis(1698305471500), MillisOf(at), "milliseconds keep it")
	assert.True(t, SecondsOf(at).Time().Equal(at.Truncate(time.Second)), "round trip in seconds")
	assert.True(t, MillisOf(at).Time().Equal(at), "round trip in milliseconds")
	assert.Equal(t, "UNIX seconds", Seconds.String())
	assert.Equal(t, "UNIX milliseconds", Millis.String())
	assert.Equal(t, "no unit", NoUnit.String())
}

func TestCheckTime(t *testing.T) {
	tests := []struct {
		unit TimeUnit
		v    int64
		want string // "" = a time in that unit
	}{
		{Seconds, 1698305471, ""},
		{Seconds, 0, ""},
		{Seconds, 99_999_999_999, ""}, // year 5138
		{Seconds, 1698305471000, "looks like UNIX milliseconds"},
		{Seconds, -1, "is negative"},
		{Millis, 1698305471000, ""},
		{Millis, 1698305471, "looks like UNIX seconds"},
		{Millis, 0, ""},
	}
	for _, tc := range tests {
		err := CheckTime(tc.unit, tc.v)
		if tc.want == "" {
			assert.NoError(t, err, "%d in %s", tc.v, tc.unit)
			continue
		}
		require.Error(t, err, "%d in %s", tc.v, tc.unit)
		assert.Contains(t, err.Error(), tc.want)
		assert.Contains(t, err.Error(), "want "+tc.unit.String(), "the message names the unit the contract states")
	}
}

// TestContractTimesAreTyped checks that every time of the contract states
// its unit: the fields and parameters the metadata gives as UNIX seconds
// are UnixSeconds, and nothing else is a time.
func TestContractTimesAreTyped(t *testing.T) {
	seconds := map[string]bool{
		"DescribeLiveMessageGroup.Createtime": true, "DescribeLiveMessageGroup.Deletatime": true,
		"ListLiveMessageGroups.GroupList.Createtime": true, "ListLiveMessageGroupMessages.MessageList.Timestamp": true,
		"ListLiveMessageGroupMessages(BeginTime)": true, "ListLiveMessageGroupMessages(EndTime)": true,
		"DescribeLiveMessageApp.CreateTime": true, "DescribeLiveMessageApp.ModifyTime": true,
		"ListLiveMessageApps.AppList.CreateTime": true, "ListLiveMessageApps.AppList.ModifyTime": true,
		"ListLiveMessageGroupByPage.GroupList.Createtime": true,
	}
	got := map[string]bool{}
	var walk func(prefix string, fs []*Field)
	walk = func(prefix string, fs []*Field) {
		for _, f := range fs {
			if f.Kind == KindTime {
				assert.Equal(t, Seconds, f.Unit, "%s%s", prefix, f.Name)
				got[prefix+f.Name] = true
			}
			walk(prefix+f.Name+".", f.Fields)
		}
	}
	for _, op := range Default().Operations() {
		walk(op.Name+".", op.Result)
		for _, p := range op.Params {
			if p.Kind == KindTime {
				assert.Equal(t, Seconds, p.Unit, "%s(%s)", op.Name, p.Name)
				got[op.Name+"("+p.Name+")"] = true
			}
		}
	}
	assert.Equal(t, seconds, got, "the times of the contract, all in UNIX seconds")
}
