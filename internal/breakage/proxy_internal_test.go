package breakage

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/livemsg/livemsg/aliyun"
	"github.com/livemsg/livemsg/contract"
	"github.com/livemsg/livemsg/mock"
)

// TestRewriteKeepsBadSignaturesRefused: the proxy signs a rewritten
// request again only when its own signature held, so a provider that
// rewrites parameters does not also accept a wrong signature.
func TestRewriteKeepsBadSignaturesRefused(t *testing.T) {
	p := All()[3] // JSON answered to Format=XML: rewrites Format
	if !assert.NotNil(t, p.Rewrite) {
		return
	}
	srv := p.Start()
	defer srv.Close()
	r := aliyun.Request{Action: contract.OpDescribeLiveMessageApp, Params: map[string]string{"AppId": "any"}, Format: "XML"}
	c := aliyun.NewClient(srv.URL, aliyun.Credentials{AccessKeyID: mock.DefaultKeyID, AccessKeySecret: mock.DefaultKeySecret})
	resp, err := c.Do(t.Context(), r)
	if !assert.NoError(t, err) {
		return
	}
	assert.Equal(t, contract.CodeResourceNotExist, resp.Code, "a good signature: rewritten, signed again, served")
	assert.Contains(t, resp.Header.Get("Content-Type"), "json", "the rewrite took effect")
	r.TamperSignature = true
	resp, err = c.Do(t.Context(), r)
	if !assert.NoError(t, err) {
		return
	}
	assert.Equal(t, contract.CodeSignatureDoesNotMatch, resp.Code, "a wrong signature stays refused through a rewriting proxy")
}
