package jmzs

import (
	"errors"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Default retry timing.
const (
	defaultMaxRetries = 2
	defaultRetryBase  = 500 * time.Millisecond
	defaultRetryMax   = 8 * time.Second
)

// shouldRetry reports whether an attempt that ended in o (a response) may
// be repeated without risking a second billed call.
func shouldRetry(o *outcome) bool {
	var ge *GatewayError
	var ae *APIError
	switch {
	case errors.As(o.err, &ge):
		switch ge.HTTPStatus {
		case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable:
			return true
		}
		return ge.ErrorCode == "APIG.0308"
	case errors.As(o.err, &ae):
		return ae.Code == 500 || ae.Code == 501
	}
	return false
}

// isSignatureExpired reports whether o is the gateway's answer to a
// signature dated outside its 15-minute window.
func isSignatureExpired(o *outcome) bool {
	var ge *GatewayError
	return errors.As(o.err, &ge) && ge.HTTPStatus == http.StatusUnauthorized &&
		strings.Contains(strings.ToLower(ge.ErrorMsg), "signature expired")
}

// retryDelay is how long to wait before retry n (1-based): the server's
// Retry-After when given, else capped exponential backoff with jitter.
func retryDelay(n int, header http.Header, base, max time.Duration) time.Duration {
	if d, ok := parseRetryAfter(header, time.Now()); ok {
		return min(d, max)
	}
	d := base << (n - 1)
	if d <= 0 || d > max {
		d = max
	}
	// Take off up to a quarter at random so a fleet does not retry in step.
	return d - time.Duration(rand.Int64N(int64(d)/4+1))
}

// parseRetryAfter reads Retry-After as seconds or as an HTTP date.
func parseRetryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if s, err := strconv.Atoi(v); err == nil {
		if s < 0 {
			return 0, false
		}
		return time.Duration(s) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}
