package jmzs

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
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
	logger           *slog.Logger
	maxResponseBytes int64
	userAgent        string
}

// NewClient returns a client configured by opts. Exactly one way to
// authenticate is required: WithAppCode, WithAppKey or WithAuthenticator.
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
		return nil, errors.New("jmzs: no credentials: use WithAppCode, WithAppKey or WithAuthenticator")
	}
	if c.hc == nil {
		c.hc = newDefaultHTTPClient()
	}
	return c, nil
}

func (c *Client) setAuth(a Authenticator) error {
	if c.auth != nil {
		return errors.New("jmzs: more than one authentication option; the gateway takes exactly one of AppCode or AppKey")
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
// Retries follow the client's policy; ctx bounds every attempt and wait.
func Do[T any](ctx context.Context, c *Client, req *Request) (*Response[T], error) {
	if c == nil {
		return nil, errors.New("jmzs: nil *Client")
	}
	e, err := req.encode()
	if err != nil {
		return nil, err
	}
	o, err := c.do(ctx, e)
	if err != nil {
		return nil, err
	}
	return response[T](o)
}

// do runs the attempt loop and returns the last attempt's outcome, whose
// err is wrapped with the attempt count when retries ran out.
func (c *Client) do(ctx context.Context, e *encoded) (*outcome, error) {
	skewFixed := false
	for attempt := 1; ; attempt++ {
		start := time.Now()
		o, retry, err := c.attempt(ctx, e)
		c.logAttempt(ctx, e, attempt, start, o, err)
		if err == nil && o.err == nil {
			return o, nil
		}
		if err != nil && ctx.Err() != nil {
			return nil, err // the transport's error wraps ctx.Err()
		}
		if err == nil && !skewFixed && isSignatureExpired(o) && c.learnServerTime(o.header) {
			skewFixed = true // one extra attempt, not counted as a retry
			attempt--
			continue
		}
		if err == nil {
			retry = shouldRetry(o)
		}
		if !retry || attempt > c.maxRetries {
			if attempt > 1 {
				if err != nil {
					err = fmt.Errorf("jmzs: gave up after %d attempts: %w", attempt, err)
				} else {
					o.err = fmt.Errorf("jmzs: gave up after %d attempts: %w", attempt, o.err)
				}
			}
			return o, err
		}
		var header http.Header
		if o != nil {
			header = o.header
		}
		wait := retryDelay(attempt, header, c.retryBase, c.retryMax)
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) < wait {
			// Waiting would outlive the caller's deadline: report now.
			return o, err
		}
		c.logRetry(ctx, e, attempt, wait, o, err)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, fmt.Errorf("jmzs: %s: %w", e.describe(), ctx.Err())
		case <-t.C:
		}
	}
}

// learnServerTime teaches an APIGSigner the gateway's clock from a Date
// header. It reports whether there was anything to learn.
func (c *Client) learnServerTime(h http.Header) bool {
	s, ok := c.auth.(*APIGSigner)
	if !ok {
		return false
	}
	t, err := http.ParseTime(h.Get("Date"))
	if err != nil {
		return false
	}
	s.ObserveServerTime(t)
	return true
}

// attempt sends one signed request. A transport error before any response
// is retryable; errors after that are not, since the call may have been
// billed.
func (c *Client) attempt(ctx context.Context, e *encoded) (o *outcome, retry bool, err error) {
	req := e.newHTTPRequest(ctx, c.userAgent)
	if err := c.auth.Authenticate(req); err != nil {
		return nil, false, err
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, ctx.Err() == nil, err
	}
	defer resp.Body.Close()
	body, err := readBody(resp, c.maxResponseBytes)
	if err != nil {
		return nil, false, err
	}
	return classify(resp.StatusCode, resp.Header, body), false, nil
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

func (c *Client) logAttempt(ctx context.Context, e *encoded, attempt int, start time.Time, o *outcome, err error) {
	if c.logger == nil || !c.logger.Enabled(ctx, slog.LevelDebug) {
		return
	}
	attrs := []slog.Attr{
		slog.String("method", e.method),
		slog.String("host", e.url.Host),
		slog.String("path", e.url.Path),
		slog.Int("attempt", attempt),
		slog.Duration("latency", time.Since(start)),
	}
	if o != nil {
		attrs = append(attrs, slog.Int("status", o.status), slog.String("request_id", o.requestID))
		if o.env.Code != nil {
			attrs = append(attrs, slog.Int("code", int(*o.env.Code)), slog.String("task_no", string(o.env.TaskNo)))
		}
		if o.env.ErrorCode != "" {
			attrs = append(attrs, slog.String("error_code", o.env.ErrorCode))
		}
	}
	if err != nil {
		attrs = append(attrs, slog.String("error", err.Error()))
	}
	c.logger.LogAttrs(ctx, slog.LevelDebug, "jmzs attempt", attrs...)
}

func (c *Client) logRetry(ctx context.Context, e *encoded, attempt int, wait time.Duration, o *outcome, err error) {
	if c.logger == nil {
		return
	}
	if err == nil && o != nil {
		err = o.err
	}
	c.logger.LogAttrs(ctx, slog.LevelInfo, "jmzs retry",
		slog.String("method", e.method), slog.String("host", e.url.Host), slog.String("path", e.url.Path),
		slog.Int("attempt", attempt), slog.Duration("wait", wait), slog.String("error", err.Error()))
}
