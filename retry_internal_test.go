package jmzs

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"net/http"
	"syscall"
	"testing"
	"time"
)

// Unit tests of the retry policy's parts; the behaviour against real
// servers is tested in internal/e2e.

func TestRetryDelayBackoff(t *testing.T) {
	base, max := 100*time.Millisecond, time.Second
	for n, want := range map[int]time.Duration{1: 100 * time.Millisecond, 2: 200 * time.Millisecond, 3: 400 * time.Millisecond,
		4: 800 * time.Millisecond, 5: time.Second, 64: time.Second, 1000: time.Second} {
		for range 50 {
			d, ok := retryDelay(n, http.Header{}, base, max)
			if !ok || d > want || d < want*3/4 {
				t.Fatalf("retry %d: waited %v (ok %v), want %v less at most a quarter", n, d, ok, want)
			}
		}
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		value string
		want  time.Duration
		ok    bool
	}{
		{"0", 0, true},
		{"7", 7 * time.Second, true},
		{" 30 ", 30 * time.Second, true},
		{"99999999999999999", 1 << 32 * time.Second, true}, // capped, not overflowed
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second, true},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0, true}, // in the past: now
		{"-1", 0, false},
		{"soon", 0, false},
		{"1.5", 0, false},
		{"", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseRetryAfter(http.Header{"Retry-After": {tt.value}}, now)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Retry-After %q: got %v, %v; want %v, %v", tt.value, got, ok, tt.want, tt.ok)
		}
	}
	if _, ok := retryDelay(1, http.Header{"Retry-After": {"61"}}, time.Millisecond, time.Millisecond); ok {
		t.Error("a Retry-After over a minute is not waited for")
	}
	if d, ok := retryDelay(1, http.Header{"Retry-After": {"60"}}, time.Millisecond, time.Millisecond); !ok || d != time.Minute {
		t.Errorf("Retry-After 60 beyond the backoff cap: got %v, %v; want 1m, true", d, ok)
	}
}

// TestDecide covers the retry policy verdict by verdict. The behaviour
// against real servers, counting what the backend ran, is tested in
// internal/e2e.
func TestDecide(t *testing.T) {
	gw := func(status int, code, msg string) *verdict {
		ge := &GatewayError{HTTPStatus: status, ErrorCode: code, ErrorMsg: msg}
		return &verdict{status: status, gateway: ge, err: ge, decoded: true}
	}
	business := func(status, code int, charged bool) *verdict {
		return &verdict{status: status, code: code, hasCode: true, charged: charged, err: errors.New("business"), decoded: true}
	}
	dialErr := &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
	tests := []struct {
		name string
		v    *verdict
		want action
	}{
		{"success", &verdict{status: 200, hasCode: true, code: 200}, finish},

		// No response: retried only when no connection took the request.
		{"refused", &verdict{err: dialErr}, retry},
		{"DNS server failure", &verdict{err: &net.DNSError{Err: "server misbehaving", Name: "x", IsTemporary: true}}, retry},
		{"timed out connecting", &verdict{err: &net.OpError{Op: "dial", Err: timeoutError{}}}, retry},
		{"attempt timeout before a connection", &verdict{err: context.DeadlineExceeded}, retry},
		{"TLS handshake reset", &verdict{err: &net.OpError{Op: "read", Err: syscall.ECONNRESET}}, retry},
		{"TLS handshake hang-up", &verdict{err: io.EOF}, retry},
		{"no such host", &verdict{err: &net.DNSError{Err: "no such host", Name: "x.invalid", IsNotFound: true}}, finish},
		{"certificate", &verdict{err: &tls.CertificateVerificationError{Err: x509.UnknownAuthorityError{}}}, finish},
		{"not TLS", &verdict{err: tls.RecordHeaderError{Msg: "first record does not look like a TLS handshake"}}, finish},
		{"header the transport refuses", &verdict{err: errors.New(`net/http: invalid header field value for "X-Trace"`)}, finish},
		{"dropped after sending", &verdict{err: io.EOF, sent: true}, finish},
		{"reset after sending", &verdict{err: &net.OpError{Op: "read", Err: syscall.ECONNRESET}, sent: true}, finish},
		{"timed out after sending", &verdict{err: context.DeadlineExceeded, sent: true}, finish},
		{"dial error, but final", &verdict{err: dialErr, final: true}, finish},
		{"redirect", &verdict{status: 307, err: errors.New("redirect"), final: true, sent: true}, finish},

		// Business codes.
		{"500", business(200, 500, false), retry},
		{"501", business(200, 501, false), retry},
		{"500 charged", business(200, 500, true), finish},
		{"501 charged", business(200, 501, true), finish},
		{"500 on HTTP 503", business(503, 500, false), retry},
		{"500 on HTTP 504", business(504, 500, false), finish},
		{"400", business(200, 400, false), finish},
		{"999", business(200, 999, false), finish},
		{"502 as a business code", business(200, 502, false), finish},
		{"unknown code on HTTP 503", business(503, 411, false), finish},

		// Gateway refusals.
		{"429", gw(429, "", ""), retry},
		{"APIG.0308", gw(429, "APIG.0308", "The throttling threshold has been reached"), retry},
		{"APIGW.0308", gw(403, "APIGW.0308", "throttled"), retry},
		{"Aliyun throttled", gw(403, "Throttled by APP Flow Control", "Throttled by APP Flow Control"), retry},
		{"Aliyun quota", gw(403, "", "Quota Exhausted"), finish},
		{"Aliyun arrears", gw(403, "", "User Arrears"), finish},
		{"Aliyun bad signature", gw(400, "", "Invalid Signature, Server StringToSign:GET#…"), finish},
		{"Aliyun unavailable", gw(503, "", "Service Unavailable"), retry},
		{"Aliyun async service", gw(504, "", "Async Service"), finish},
		{"502", gw(502, "APIG.0202", "Backend unavailable"), retry},
		{"503 HTML", gw(503, "", "<html>"), retry},
		{"504", gw(504, "APIG.0203", "Backend timeout"), finish},
		{"500 gateway", gw(500, "APIG.0601", "internal"), finish},
		{"401", gw(401, "APIG.0303", "app not found"), finish},
		{"403", gw(403, "APIG.0304", "not authorized"), finish},
		{"signature expired", gw(401, "APIG.0303", "Incorrect app authentication information: signature expired, signature time:20230527T000431Z,server time:20230527T020608Z"), resign},
		{"APIGW signature expired", gw(401, "APIGW.0303", "signature expired"), resign},
		{"Aliyun timestamp expired", gw(400, "", "Timestamp Expired"), resign},
		{"malformed 200", &verdict{status: 200, err: errors.New("decode"), decoded: true}, finish},
	}
	for _, tt := range tests {
		if got := decide(tt.v); got != tt.want {
			t.Errorf("%s: decide = %v, want %v", tt.name, got, tt.want)
		}
	}
}

type timeoutError struct{}

func (timeoutError) Error() string   { return "i/o timeout" }
func (timeoutError) Timeout() bool   { return true }
func (timeoutError) Temporary() bool { return true }

func TestDefaultTransportHasNoTimeout(t *testing.T) {
	c, err := NewClient(WithAppCode("c0ffee5ecre7appc0de0123456789abcdef"))
	if err != nil {
		t.Fatal(err)
	}
	if c.hc != nil {
		t.Fatal("without WithHTTPClient the client sends through the default transport")
	}
	tr, ok := pooledTransport().(*http.Transport)
	if !ok {
		t.Skip("http.DefaultTransport was replaced")
	}
	if tr.ResponseHeaderTimeout != 0 {
		t.Fatalf("ResponseHeaderTimeout = %v; the caller's context alone bounds a call", tr.ResponseHeaderTimeout)
	}
}
