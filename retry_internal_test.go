package jmzs

import (
	"context"
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

func TestShouldRetryTransport(t *testing.T) {
	tests := []struct {
		name string
		err  error
		sent bool
		want bool
	}{
		{"refused", syscall.ECONNREFUSED, false, true},
		{"dropped before headers", io.EOF, true, true},
		{"timed out before sending", context.DeadlineExceeded, false, true},
		{"timed out waiting for the backend", context.DeadlineExceeded, true, false},
		{"net timeout after sending", &net.OpError{Op: "read", Err: timeoutError{}}, true, false},
		{"timed out connecting", &net.OpError{Op: "dial", Err: timeoutError{}}, true, true},
		{"no such host", &net.DNSError{Err: "no such host", Name: "x.invalid", IsNotFound: true}, false, false},
		{"DNS server failure", &net.DNSError{Err: "server misbehaving", Name: "x", IsTemporary: true}, false, true},
	}
	for _, tt := range tests {
		if got := shouldRetryTransport(tt.err, tt.sent); got != tt.want {
			t.Errorf("%s: shouldRetryTransport = %v, want %v", tt.name, got, tt.want)
		}
	}
}

type timeoutError struct{}

func (timeoutError) Error() string   { return "i/o timeout" }
func (timeoutError) Timeout() bool   { return true }
func (timeoutError) Temporary() bool { return true }

func TestDefaultHTTPClientHasNoTimeout(t *testing.T) {
	c, err := NewClient(WithAppCode("c0ffee5ecre7appc0de0123456789abcdef"))
	if err != nil {
		t.Fatal(err)
	}
	if c.hc.Timeout != 0 {
		t.Fatalf("default http.Client.Timeout = %v; the caller's context bounds a call", c.hc.Timeout)
	}
}
