package aliyun

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// timestampLayout is the RPC timestamp format (UTC, seconds).
const timestampLayout = "2006-01-02T15:04:05Z"

// Build signs a request with a fresh nonce and the current time.
func (c *Client) Build(req Request) (*Prepared, error) {
	if req.Action == "" {
		return nil, fmt.Errorf("build: no Action")
	}
	biz, err := req.businessValues()
	if err != nil {
		return nil, fmt.Errorf("build %s: %w", req.Action, err)
	}
	if req.Signature == SignV3Version {
		return c.buildV3(req, biz)
	}
	return c.buildV1(req, biz)
}

func (c *Client) buildV1(req Request, biz url.Values) (*Prepared, error) {
	common := url.Values{}
	common.Set("Action", req.Action)
	common.Set("Version", req.version())
	common.Set("Format", req.format())
	common.Set("AccessKeyId", c.creds.AccessKeyID)
	common.Set("SignatureMethod", "HMAC-SHA1")
	common.Set("SignatureVersion", "1.0")
	common.Set("SignatureNonce", c.nonce())
	common.Set("Timestamp", c.now().UTC().Format(timestampLayout))
	if c.creds.SecurityToken != "" {
		common.Set(ParamSecurityToken, c.creds.SecurityToken)
	}
	for k, v := range req.Overrides {
		common.Set(k, v)
	}
	for _, o := range req.Omit {
		common.Del(o)
	}
	all := url.Values{}
	for _, src := range []url.Values{common, biz} {
		for k, v := range src {
			all[k] = v
		}
	}
	method := req.method()
	sig := SignV1(c.creds.AccessKeySecret, StringToSignV1(method, all))
	if req.TamperSignature {
		sig = tamper(sig)
	}
	p := &Prepared{Method: method, Header: http.Header{}}
	query := common
	if req.Form && method == http.MethodPost {
		common.Set("Signature", sig)
		p.Body = []byte(biz.Encode())
		p.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else {
		all.Set("Signature", sig)
		query = all
		if method == http.MethodPost {
			p.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
	}
	p.URL = c.endpoint + "/?" + encodeQuery(query)
	return p, nil
}

func (c *Client) buildV3(req Request, biz url.Values) (*Prepared, error) {
	method := req.method()
	u, err := url.Parse(c.endpoint)
	if err != nil {
		return nil, fmt.Errorf("build %s: endpoint: %w", req.Action, err)
	}
	query, body := biz, []byte(nil)
	headers := map[string]string{
		"host":                  u.Host,
		"x-acs-action":          req.Action,
		"x-acs-version":         req.version(),
		"x-acs-date":            c.now().UTC().Format(timestampLayout),
		"x-acs-signature-nonce": c.nonce(),
	}
	if req.Form && method == http.MethodPost {
		body, query = []byte(biz.Encode()), url.Values{}
		headers["content-type"] = "application/x-www-form-urlencoded"
	}
	if c.creds.SecurityToken != "" {
		headers[HeaderSecurityToken] = c.creds.SecurityToken
	}
	authOverride := ""
	for k, v := range req.Overrides {
		switch lk := strings.ToLower(k); {
		case lk == "authorization":
			authOverride = v
		case lk == "host" || lk == "content-type" || strings.HasPrefix(lk, "x-acs-"):
			headers[lk] = v
		default:
			query.Set(k, v)
		}
	}
	for _, o := range req.Omit {
		delete(headers, strings.ToLower(o))
	}
	if _, ok := headers["x-acs-content-sha256"]; !ok {
		headers["x-acs-content-sha256"] = HashPayload(body)
	}
	signed := make([]string, 0, len(headers))
	for k := range headers {
		signed = append(signed, k)
	}
	cr := CanonicalRequestV3(method, "/", query, headers, signed, headers["x-acs-content-sha256"])
	sig := SignV3(c.creds.AccessKeySecret, StringToSignV3(cr))
	if req.TamperSignature {
		sig = tamper(sig)
	}
	p := &Prepared{Method: method, Header: http.Header{}, Body: body}
	for k, v := range headers {
		p.Header.Set(k, v)
	}
	auth := fmt.Sprintf("%s Credential=%s,SignedHeaders=%s,Signature=%s", AlgorithmV3, c.creds.AccessKeyID, signedList(signed), sig)
	if authOverride != "" {
		auth = authOverride
	}
	p.Header.Set("Authorization", auth)
	p.URL = c.endpoint + "/"
	if len(query) > 0 {
		p.URL += "?" + encodeQuery(query)
	}
	return p, nil
}

func signedList(names []string) string {
	cr := CanonicalRequestV3("", "", nil, nil, names, "")
	lines := strings.Split(cr, "\n")
	return lines[len(lines)-2]
}

// encodeQuery encodes with the RPC percent-encoding (space as %20).
func encodeQuery(v url.Values) string {
	return CanonicalQuery(v) + signatureSuffix(v)
}

// signatureSuffix appends Signature, which CanonicalQuery leaves out.
func signatureSuffix(v url.Values) string {
	s := v.Get("Signature")
	if s == "" {
		return ""
	}
	return "&Signature=" + PercentEncode(s)
}
