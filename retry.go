package jmzs

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/jmzs-sdk/jmzs-go/internal/apigsign"
)

// Default retry timing (see WithRetryBackoff).
const (
	defaultMaxRetries = 2
	defaultRetryBase  = 500 * time.Millisecond
	defaultRetryMax   = 8 * time.Second
)

// maxRetryAfter is the longest Retry-After the client waits for. A gateway
// asking for more (a daily quota, say) gets the error back at once, since
// retrying sooner would only be refused again.
const maxRetryAfter = time.Minute

// shouldRetry reports whether an attempt that ended in o (a response) may
// be repeated without risking a second billed call: the gateway refused it
// (429, APIG.0308) or could not reach the backend (502, 503), or the vendor
// answered 500/501 (maintenance). A 504 may have run the backend, and any
// other business code is final.
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

// shouldRetryTransport reports whether a transport error, which came
// before any response, may be retried. sent tells whether the request may
// have reached the server. Refused and dropped connections are retried,
// and so are failures to connect; a timeout after the request may have
// gone out is not, since like a 504 the backend may be running the call;
// nor are errors that a retry cannot fix.
func shouldRetryTransport(err error, sent bool) bool {
	var (
		certErr     *tls.CertificateVerificationError
		authErr     x509.UnknownAuthorityError
		hostErr     x509.HostnameError
		invalidErr  x509.CertificateInvalidError
		notTLSErr   tls.RecordHeaderError
		notFoundErr *net.DNSError
		opErr       *net.OpError
		netErr      net.Error
	)
	switch {
	case errors.As(err, &certErr), errors.As(err, &authErr), errors.As(err, &hostErr),
		errors.As(err, &invalidErr), errors.As(err, &notTLSErr):
		return false
	case errors.As(err, &notFoundErr) && notFoundErr.IsNotFound:
		return false
	case errors.As(err, &opErr) && opErr.Op == "dial":
		return true // nothing was sent
	case sent && (errors.Is(err, context.DeadlineExceeded) || errors.As(err, &netErr) && netErr.Timeout()):
		return false
	}
	return true
}

// isSignatureExpired reports whether o is the gateway's answer to a
// signature dated outside its 15-minute window (401 APIG.0303).
func isSignatureExpired(o *outcome) bool {
	var ge *GatewayError
	return errors.As(o.err, &ge) && ge.HTTPStatus == http.StatusUnauthorized &&
		strings.Contains(strings.ToLower(ge.ErrorMsg), "signature expired")
}

// serverTime reads the gateway's clock from a response: its Date header,
// else the "server time:20230527T020608Z" in an APIG.0303 message.
func serverTime(o *outcome) (time.Time, bool) {
	if t, err := http.ParseTime(o.header.Get("Date")); err == nil {
		return t, true
	}
	var ge *GatewayError
	if !errors.As(o.err, &ge) {
		return time.Time{}, false
	}
	_, after, ok := strings.Cut(ge.ErrorMsg, "server time:")
	if !ok || len(after) < len(apigsign.DateFormat) {
		return time.Time{}, false
	}
	t, err := time.Parse(apigsign.DateFormat, after[:len(apigsign.DateFormat)])
	return t, err == nil
}

// retryDelay is how long to wait before retry n (1-based): the server's
// Retry-After when given, else capped exponential backoff with jitter.
// ok is false when the server asks for more than maxRetryAfter.
func retryDelay(n int, header http.Header, base, max time.Duration) (d time.Duration, ok bool) {
	if d, ok := parseRetryAfter(header, time.Now()); ok {
		return d, d <= maxRetryAfter
	}
	d = base << (n - 1)
	if d <= 0 || d > max || n > 62 {
		d = max
	}
	// Take off up to a quarter at random so a fleet does not retry in step.
	return d - time.Duration(rand.Int64N(int64(d)/4+1)), true
}

// parseRetryAfter reads Retry-After as seconds or as an HTTP date.
func parseRetryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if s, err := strconv.ParseInt(v, 10, 64); err == nil {
		if s < 0 {
			return 0, false
		}
		return time.Duration(min(s, 1<<32)) * time.Second, true // capped: no overflow
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}
