package main

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livemsg/livemsg/mock"
)

// TestCallOutputJSON: what docs/cli.md shows, as a program would run it:
// create an app, read its AppId from stdout as JSON, create a group in it
// and describe the group, against one emulator started beforehand.
func TestCallOutputJSON(t *testing.T) {
	t.Parallel()
	srv := mock.NewServer()
	defer srv.Close()
	call := func(args ...string) (int, string, string) {
		return run(t, append([]string{"call", "--endpoint", srv.URL}, args...)...)
	}
	code, stdout, stderr := call("--output", "json", "CreateLiveMessageApp", "AppName=demo")
	require.Equal(t, exitOK, code, stderr)
	var app map[string]any
	require.NoError(t, json.Unmarshal([]byte(stdout), &app), "stdout is the JSON body alone: %q", stdout)
	appID, _ := app["AppId"].(string)
	require.NotEmpty(t, appID, "the body holds the AppId: %s", stdout)

	code, _, stderr = call("--output", "json", "CreateLiveMessageGroup", "AppId="+appID, "GroupId=g1", "CreatorId=me")
	require.Equal(t, exitOK, code, stderr)
	code, stdout, stderr = call("--output", "json", "DescribeLiveMessageGroup", "AppId="+appID, "GroupId=g1")
	require.Equal(t, exitOK, code, stderr)
	var group map[string]any
	require.NoError(t, json.Unmarshal([]byte(stdout), &group), stdout)
	assert.Equal(t, "g1", group["GroupId"], "the group just created is described: %s", stdout)

	// an API error still prints its JSON body, and exits 1
	code, stdout, _ = call("--output", "json", "DescribeLiveMessageGroup", "AppId="+appID, "GroupId=nope")
	assert.Equal(t, exitFailed, code)
	var apiErr map[string]any
	require.NoError(t, json.Unmarshal([]byte(stdout), &apiErr), stdout)
	assert.NotEmpty(t, apiErr["Code"], "the error body names its code: %s", stdout)
}

func TestCallOutputExchangeJSON(t *testing.T) {
	t.Parallel()
	srv := mock.NewServer()
	defer srv.Close()
	code, stdout, stderr := run(t, "call", "--endpoint", srv.URL, "--output", "exchange-json", "DescribeLiveMessageGroup", "AppId=demo", "GroupId=g1")
	require.Equal(t, exitFailed, code, stderr)
	var ex struct {
		Request struct {
			Method, URL string
			Body        string
		}
		Status    int
		Headers   map[string][]string
		Body      map[string]any
		RequestID string `json:"request_id"`
		Code      string
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &ex), "one JSON object: %q", stdout)
	assert.Equal(t, 404, ex.Status)
	assert.Equal(t, "POST", ex.Request.Method)
	assert.Contains(t, ex.Request.URL+ex.Request.Body, "Signature=REDACTED", "the request is redacted as in the text form")
	assert.NotContains(t, stdout, mock.DefaultKeySecret)
	assert.NotEmpty(t, ex.Headers["Content-Type"], "response headers are there")
	assert.Equal(t, ex.Code, ex.Body["Code"], "the body is JSON, not a string")
	assert.NotEmpty(t, ex.RequestID)
	assert.Equal(t, ex.RequestID, ex.Body["RequestId"])
}

func TestCallOutputUsage(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"unknown form", []string{"call", "--output", "yaml", "CreateLiveMessageApp", "AppName=demo"}, "--output must be text, json or exchange-json"},
		{"json body of an XML answer", []string{"call", "--output", "json", "--format", "XML", "CreateLiveMessageApp", "AppName=demo"}, "drop --format XML"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := run(t, tc.args...)
			assert.Equal(t, exitUsage, code)
			assert.Contains(t, stderr, tc.want)
			assert.Empty(t, stdout, "nothing sent, nothing printed")
		})
	}
}
