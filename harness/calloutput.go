package harness

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/livemsg/livemsg/aliyun"
)

// The forms `livemsg call --output` prints (Call.Output).
const (
	OutputText         = "text"          // the exchange as people read it, "> " and "< " prefixed
	OutputJSON         = "json"          // the response body alone
	OutputExchangeJSON = "exchange-json" // request, status, headers and body as one JSON object
)

// CheckOutput refuses, before anything is sent, a form that cannot be
// printed: json needs a JSON answer.
func CheckOutput(output, format string) error {
	switch output {
	case OutputText, OutputExchangeJSON:
		return nil
	case OutputJSON:
		if strings.EqualFold(format, "XML") {
			return fmt.Errorf("--output json prints a JSON body: drop --format XML (or use --output exchange-json)")
		}
		return nil
	}
	return fmt.Errorf("--output must be text, json or exchange-json, not %q", output)
}

// exchangeJSON is what --output exchange-json prints: the exchange,
// redacted like the text form, with the body as JSON when it is JSON.
type exchangeJSON struct {
	Request struct {
		Method string      `json:"method"`
		URL    string      `json:"url"`
		Header http.Header `json:"headers"`
		Body   string      `json:"body,omitempty"`
	} `json:"request"`
	Status     int             `json:"status"`
	Header     http.Header     `json:"headers"`
	Body       json.RawMessage `json:"body"`
	RequestID  string          `json:"request_id,omitempty"`
	Code       string          `json:"code,omitempty"`
	Message    string          `json:"message,omitempty"`
	DurationMS float64         `json:"duration_ms"`
}

// printResponse writes resp in the chosen form, one document ending with a
// newline.
func printResponse(w io.Writer, output string, resp *aliyun.Response) error {
	ex := resp.Exchange
	switch output {
	case OutputJSON:
		body := bytes.TrimSpace([]byte(ex.ResponseBody))
		if !json.Valid(body) {
			return fmt.Errorf("the answer (%d) is not JSON, so --output json has nothing to print; try --output exchange-json", resp.Status)
		}
		_, err := fmt.Fprintf(w, "%s\n", body)
		return err
	case OutputExchangeJSON:
		var out exchangeJSON
		out.Request.Method, out.Request.URL, out.Request.Header, out.Request.Body = ex.Method, ex.URL, ex.RequestHeader, ex.RequestBody
		out.Status, out.Header, out.RequestID, out.Code, out.Message = ex.Status, ex.ResponseHeader, resp.RequestID, resp.Code, resp.Message
		out.DurationMS = float64(ex.Duration.Microseconds()) / 1000
		body := bytes.TrimSpace([]byte(ex.ResponseBody))
		if json.Valid(body) && len(body) > 0 {
			out.Body = body
		} else {
			out.Body, _ = json.Marshal(ex.ResponseBody) // XML or anything else, as a string
		}
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		return enc.Encode(out)
	}
	_, err := fmt.Fprintln(w, ex.String())
	return err
}
