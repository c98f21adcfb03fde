package jmzs

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"syscall"
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

// verdict is what one attempt tells the retry policy: what came back, and
// whether the request may have reached the server.
type verdict struct {
	status  int           // HTTP status; 0 when no response came
	header  http.Header   // response headers (Retry-After, Date)
	code    int           // business code, when hasCode
	hasCode bool          // the body was a vendor envelope
	charged bool          // the envelope says "charge": true
	gateway *GatewayError // the gateway's refusal, when that is what came
	decoded bool          // a response was read and decoded
	sent    bool          // a connection took the request: it may have reached the backend
	final   bool          // a failure no retry can fix: a redirect, a broken part, a body cut short
	err     error         // what went wrong; nil for business code 200
}

// action is what the client does after an attempt.
type action int

const (
	finish action = iota // return the attempt's result, success or failure
	retry                // send again, after a pause, if retries remain
	resign               // sign again with the gateway's clock, once
)

// decide is the retry policy: it repeats an attempt only when the call
// cannot have been billed. A call is billed when the backend runs it, so
// the request must provably not have left (a failure to connect), or the
// answer must say the backend did not run it (throttled, 502 or 503 from
// the gateway, or maintenance codes 500 and 501 without "charge": true).
// A 504, a connection lost after sending, and every other answer are
// final.
func decide(v *verdict) action {
	switch {
	case v.err == nil:
		return finish
	case v.final:
		return finish
	case v.status == 0: // no response
		if !v.sent && connectionFailed(v.err) {
			return retry
		}
		return finish
	case v.status == http.StatusGatewayTimeout:
		return finish // the backend may still be running the call, whatever the body says
	case v.hasCode:
		if (v.code == 500 || v.code == 501) && !v.charged {
			return retry
		}
		return finish
	case v.gateway != nil:
		switch {
		case v.throttled():
			return retry
		case v.gateway.signatureExpired():
			return resign
		case v.gateway.kind() != refusalOther: // quota, credentials
			return finish
		}
		if v.status == http.StatusBadGateway || v.status == http.StatusServiceUnavailable {
			return retry
		}
	}
	return finish
}

// throttled reports whether the gateway refused the attempt for its rate
// limit.
func (v *verdict) throttled() bool {
	return v.gateway != nil && v.gateway.kind() == refusalThrottled
}

// connectionFailed reports whether err, which came before any response
// and before a connection took the request, is a failure to connect that
// a new attempt may not meet: refused, reset or timed out while dialling
// or in the TLS handshake, or a DNS server failure. Not a host that does
// not exist, a certificate that does not verify, a server that does not
// speak TLS, nor a request the transport refuses to send (a bad header
// or method), since the same would happen again.
func connectionFailed(err error) bool {
	var (
		certErr    *tls.CertificateVerificationError
		authErr    x509.UnknownAuthorityError
		hostErr    x509.HostnameError
		invalidErr x509.CertificateInvalidError
		notTLSErr  tls.RecordHeaderError
		dnsErr     *net.DNSError
		netErr     net.Error
		errno      syscall.Errno
	)
	switch {
	case errors.As(err, &certErr), errors.As(err, &authErr), errors.As(err, &hostErr),
		errors.As(err, &invalidErr), errors.As(err, &notTLSErr):
		return false
	case errors.As(err, &dnsErr):
		return !dnsErr.IsNotFound
	case errors.As(err, &netErr), errors.As(err, &errno):
		return true // net.OpError (dial, TLS handshake), timeouts
	}
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) // the server hung up in the handshake
}

// serverTime reads the gateway's clock from a response: its Date header,
// else the "server time:20230527T020608Z" in an APIG.0303 message.
func serverTime(v *verdict) (time.Time, bool) {
	if t, err := http.ParseTime(v.header.Get("Date")); err == nil {
		return t, true
	}
	if v.gateway == nil {
		return time.Time{}, false
	}
	_, after, ok := strings.Cut(v.gateway.ErrorMsg, "server time:")
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

// contextError returns err, made to match ctx's error too when ctx has
// ended and err does not say so already.
func contextError(ctx context.Context, err error) error {
	if cerr := ctx.Err(); cerr != nil && !errors.Is(err, cerr) {
		return fmt.Errorf("%w (%w)", err, cerr)
	}
	return err
}
