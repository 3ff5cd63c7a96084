package mock_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/mock"
)

// TestV3MissingDate: a v3 call without x-acs-date gets the gateway's
// MissingHeader (400) naming the header, not a code built from the header
// name ("Missingx-acs-date").
func TestV3MissingDate(t *testing.T) {
	srv := mock.NewServer()
	defer srv.Close()
	c := aliyun.NewClient(srv.URL, aliyun.Credentials{AccessKeyID: mock.DefaultKeyID, AccessKeySecret: mock.DefaultKeySecret})
	resp, err := c.Do(context.Background(), aliyun.Request{Action: "DescribeLiveMessageGroup", Signature: aliyun.SignV3Version,
		Params: map[string]string{"AppId": "a", "GroupId": "g"}, Omit: []string{"x-acs-date"}})
	require.NoError(t, err)
	assert.Equal(t, 400, resp.Status)
	assert.Equal(t, "MissingHeader", resp.Code)
	assert.Equal(t, "Specified header x-acs-date is mandatory for this action.", resp.Message)
}
