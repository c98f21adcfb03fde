package jmzs

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"time"
)

// Version is the SDK version, sent in the default User-Agent.
const Version = "0.1.0"

const defaultMaxResponseBytes = 10 << 20

// Client calls the vendor's APIs through the gateway. Build it with
// NewClient; it is safe for concurrent use by many goroutines.
type Client struct {
	hc               *http.Client
	auth             Authenticator
	maxRetries       int
	retryBase        time.Duration
	retryMax         time.Duration
	attemptTimeout   time.Duration
	limiter          RateLimiter
	pacing           *pacing // learned pacing (pacing.go); nil unless WithLearnedPacing
	middleware       []Middleware
	roundTrip        func(*http.Request) (*http.Response, error) // middleware around send
	logger           *slog.Logger
	maxResponseBytes int64
	userAgent        string
}

// NewClient returns a client configured by opts. Exactly one way to
// authenticate is required: WithAppKey, WithAppCode (Huawei Cloud
// KooGallery), WithAliyunAppKey, WithAliyunAppCode (Alibaba Cloud's API
// market) or WithAuthenticator.
// A bad option is an error, never a panic.
func NewClient(opts ...Option) (*Client, error) {
	c := &Client{
		maxRetries:       defaultMaxRetries,
		retryBase:        defaultRetryBase,
		retryMax:         defaultRetryMax,
		maxResponseBytes: defaultMaxResponseBytes,
		userAgent:        "jmzs-go/" + Version,
	}
	for _, opt := range opts {
		if opt == nil {
			return nil, errors.New("jmzs: nil Option")
		}
		if err := opt(c); err != nil {
			return nil, err
		}
	}
	if c.auth == nil {
		return nil, errors.New("jmzs: no credentials: use WithAppKey, WithAppCode, WithAliyunAppKey, WithAliyunAppCode or WithAuthenticator")
	}
	if c.hc == nil {
		c.hc = newDefaultHTTPClient()
	}
	if c.pacing != nil {
		c.limiter = c.pacing.limiter(c.limiter, c.logger) // learned pacing in front of the caller's limiter
	}
	c.roundTrip = chain(c.send, c.middleware)
	return c, nil
}

func (c *Client) setAuth(a Authenticator) error {
	if c.auth != nil {
		return errors.New("jmzs: more than one authentication option; a call carries exactly one credential")
	}
	c.auth = a
	return nil
}

// String describes the client without its credentials.
func (c *Client) String() string {
	if c == nil {
		return "jmzs.Client(nil)"
	}
	return fmt.Sprintf("jmzs.Client{auth:%s, maxRetries:%d}", describeAuth(c.auth), c.maxRetries)
}

// GoString is String, so %#v is masked too.
func (c *Client) GoString() string { return c.String() }

// LogValue lets a client be logged with slog without its credentials.
func (c *Client) LogValue() slog.Value { return slog.StringValue(c.String()) }

func describeAuth(a Authenticator) string {
	if s, ok := a.(fmt.Stringer); ok {
		return s.String()
	}
	return fmt.Sprintf("%T", a) // never the fields: they may hold secrets
}

// Do sends req and decodes the envelope's data into T.
//
// It returns an error for anything but business code 200: *APIError for
// another business code, *GatewayError for a gateway refusal, *DecodeError
// for a body it cannot read, or the transport's error. For *APIError and
// *GatewayError the Response is returned too, holding what was decoded.
//
// A failed attempt is retried (see WithMaxRetries, or req.MaxRetries for
// one call) only when it cannot have been billed: a connection refused or
// dropped before any response, 429 or APIG.0308, 502, 503, or business
// code 500/501. Never 504, 401/403, other business codes, a timeout after
// the request went out, or a body that cannot be replayed. Every attempt
// is signed afresh; Retry-After is honoured, else capped exponential
// backoff with jitter. When retries run out the last error is returned,
// saying how many attempts were made. A 401 "signature expired" teaches an
// APIGSigner the gateway's clock and is signed once more, without using a
// retry.
//
// ctx bounds every attempt and every wait: when it ends, or when its
// deadline leaves no time for the next retry, Do returns at once with an
// error that matches context.Canceled or context.DeadlineExceeded.
func Do[T any](ctx context.Context, c *Client, req *Request) (*Response[T], error) {
	if c == nil {
		return nil, errors.New("jmzs: nil *Client")
	}
	e, err := req.encode()
	if err != nil {
		return nil, err
	}
	e.newData = func() any { return new(T) }
	retries := c.maxRetries
	if req.MaxRetries != nil {
		if retries = *req.MaxRetries; retries < 0 {
			return nil, fmt.Errorf("jmzs: Request.MaxRetries: negative count %d", retries)
		}
	}
	o, err := c.do(ctx, e, retries)
	if err != nil {
		return nil, err
	}
	return response[T](o)
}

// do runs the attempt loop and returns the last attempt's outcome. When
// more than one attempt was made, the error says how many.
func (c *Client) do(ctx context.Context, e *encoded, maxRetries int) (*outcome, error) {
	retries, resigned := 0, false
	for attempt := 1; ; attempt++ {
		if err := c.waitTurn(ctx); err != nil {
			return nil, gaveUp(attempt-1, err)
		}
		start := time.Now()
		o, retry, err := c.attempt(ctx, e)
		c.logAttempt(ctx, e, attempt, time.Since(start), o, err)
		if err == nil {
			c.pacing.observe(ctx, o.err, o.header) // learned pacing; a no-op unless WithLearnedPacing
		}
		if err == nil && o.err == nil {
			return o, nil
		}
		if err != nil && ctx.Err() != nil {
			return nil, gaveUp(attempt, err) // err wraps ctx.Err()
		}
		if err == nil && !resigned && isSignatureExpired(o) && c.learnServerTime(ctx, e, o) {
			resigned = true // one more attempt, not counted as a retry
			continue
		}
		var header http.Header
		if err == nil {
			err, header = o.err, o.header
		}
		if !retry || retries >= maxRetries {
			return o.withErr(gaveUp(attempt, err))
		}
		wait, ok := retryDelay(retries+1, header, c.retryBase, c.retryMax)
		if !ok {
			return o.withErr(gaveUp(attempt, fmt.Errorf("jmzs: not retrying: the server asks to wait %v: %w", wait, err)))
		}
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) < wait {
			return o.withErr(gaveUp(attempt, fmt.Errorf(
				"jmzs: not retrying: waiting %v would pass the context deadline (%w): %w", wait, context.DeadlineExceeded, err)))
		}
		c.logRetry(ctx, e, attempt, wait, err)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return o.withErr(gaveUp(attempt, fmt.Errorf("jmzs: %s %s: waiting to retry: %w; last error: %w", e.method, e.endpoint(), ctx.Err(), err)))
		case <-t.C:
		}
		retries++
	}
}

// gaveUp adds the attempt count to err when there was more than one.
func gaveUp(attempts int, err error) error {
	if attempts <= 1 {
		return err
	}
	return fmt.Errorf("jmzs: gave up after %d attempts: %w", attempts, err)
}

// withErr returns o, carrying err when o is a response, or err alone.
func (o *outcome) withErr(err error) (*outcome, error) {
	if o == nil {
		return nil, err
	}
	o.err = err
	return o, nil
}

// learnServerTime teaches an APIGSigner the gateway's clock from a
// response. It reports whether there was anything to learn.
func (c *Client) learnServerTime(ctx context.Context, e *encoded, o *outcome) bool {
	s, ok := c.auth.(*APIGSigner)
	if !ok {
		return false
	}
	t, ok := serverTime(o)
	if !ok {
		return false
	}
	s.ObserveServerTime(t)
	c.logClockSkew(ctx, e, s.ClockOffset())
	return true
}

// attempt sends one signed request and reads its response. retry reports
// whether the failure may be retried: never when the body sent cannot be
// replayed, nor after an error reading the body, since the call may have
// been billed.
func (c *Client) attempt(ctx context.Context, e *encoded) (o *outcome, retry bool, err error) {
	actx := ctx
	if c.attemptTimeout > 0 {
		var cancel context.CancelFunc
		actx, cancel = context.WithTimeout(ctx, c.attemptTimeout)
		defer cancel()
	}
	var st *attemptState // only where a middleware or the attempt timeout needs it
	if len(c.middleware) > 0 || c.attemptTimeout > 0 {
		st = &attemptState{traced: c.attemptTimeout > 0}
		actx = st.attach(actx)
	}
	req := e.newHTTPRequest(actx, c.userAgent)
	if err := c.auth.Authenticate(req); err != nil {
		return nil, false, err
	}
	replayable := !oneShotBody(req)
	resp, err := c.roundTrip(req)
	replayable = replayable && !st.sentOneShotBody()
	if err != nil {
		err = c.transportError(ctx, actx, e, err)
		return nil, ctx.Err() == nil && replayable && shouldRetryTransport(err, st.mayHaveReachedServer()), err
	}
	defer resp.Body.Close()
	body, err := readBody(resp, c.maxResponseBytes)
	if err != nil {
		return nil, false, c.transportError(ctx, actx, e, err)
	}
	o = classify(resp.StatusCode, resp.Header, body, e.newData)
	return o, o.err != nil && replayable && shouldRetry(o), nil
}

// transportError drops the query from a *url.Error, since it may hold
// personal data, and says when the attempt timeout rather than ctx ended
// the attempt.
func (c *Client) transportError(ctx, actx context.Context, e *encoded, err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		ue.URL = e.endpoint()
	}
	if ctx.Err() == nil && actx.Err() != nil {
		return fmt.Errorf("jmzs: attempt timed out after %v: %w", c.attemptTimeout, err)
	}
	return err
}

// readBody reads at most limit bytes of resp's body.
func readBody(resp *http.Response, limit int64) ([]byte, error) {
	var buf bytes.Buffer
	if n := resp.ContentLength; n > 0 && n <= limit {
		buf.Grow(int(n))
	} else {
		buf.Grow(512)
	}
	_, err := buf.ReadFrom(io.LimitReader(resp.Body, limit+1))
	if int64(buf.Len()) > limit {
		return nil, &DecodeError{HTTPStatus: resp.StatusCode, RequestID: resp.Header.Get("X-Request-Id"),
			Err: fmt.Errorf("%w: more than %d bytes", ErrResponseTooLarge, limit)}
	}
	if err != nil {
		return nil, fmt.Errorf("jmzs: reading response body (HTTP %d): %w", resp.StatusCode, err)
	}
	return buf.Bytes(), nil
}
