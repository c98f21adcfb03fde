package jmzs

import (
	"context"
	"errors"
	"fmt"
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
	hc               *http.Client                 // a copy of WithHTTPClient's client that never follows redirects; nil: the default transport
	creds            [MarketAliyun + 1]credential // by Market; 0 holds WithAuthenticator's, trusted for every market
	maxRetries       int
	retryBase        time.Duration
	retryMax         time.Duration
	attemptTimeout   time.Duration
	limiter          RateLimiter
	pacing           *pacing // learned pacing (pacing.go); nil unless WithLearnedPacing
	middleware       []Middleware
	roundTrip        func(*http.Request) (*http.Response, error) // send, inside the middleware
	logger           *slog.Logger
	maxResponseBytes int64
	userAgent        []string // the User-Agent header's value, or nil
}

// NewClient returns a client configured by opts. A bad option is an
// error, never a panic.
//
// The client needs a credential for each market whose APIs it calls (see
// Market), and holds at most one per market: WithAppKey or WithAppCode
// for Huawei Cloud KooGallery, WithAliyunAppKey or WithAliyunAppCode for
// Alibaba Cloud's API market. A service that bought on both markets gives
// one client both, and each call carries the credential of its own
// market; two credentials for one market are an error naming both
// options. WithAuthenticator instead gives the client's only credential,
// sent as given on every call whatever its market.
func NewClient(opts ...Option) (*Client, error) {
	c := &Client{
		maxRetries:       defaultMaxRetries,
		retryBase:        defaultRetryBase,
		retryMax:         defaultRetryMax,
		maxResponseBytes: defaultMaxResponseBytes,
		userAgent:        []string{"jmzs-go/" + Version},
	}
	for _, opt := range opts {
		if opt == nil {
			return nil, errors.New("jmzs: nil Option")
		}
		if err := opt(c); err != nil {
			return nil, err
		}
	}
	if c.creds == ([len(c.creds)]credential{}) {
		return nil, errors.New("jmzs: no credentials: use WithAppKey or WithAppCode (Huawei Cloud KooGallery), WithAliyunAppKey or WithAliyunAppCode (Alibaba Cloud's API market), or WithAuthenticator")
	}
	if c.hc != nil {
		c.hc = noRedirects(c.hc)
	}
	c.roundTrip = c.send
	if len(c.middleware) > 0 {
		c.roundTrip = chain(c.sendPastMiddleware, c.middleware)
	}
	if c.pacing != nil {
		c.limiter = c.pacing.limiter(c.limiter, c.logger) // learned pacing in front of the caller's limiter
	}
	return c, nil
}

// String describes the client with its credentials masked, by market:
// jmzs.Client{huawei:APIGSigner{…}, aliyun:AliyunAppCodeAuth{…}, maxRetries:2}.
func (c *Client) String() string {
	if c == nil {
		return "jmzs.Client(nil)"
	}
	return fmt.Sprintf("jmzs.Client{%s, maxRetries:%d}", c.describeCredentials(), c.maxRetries)
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

// ServerTimeObserver is implemented by an Authenticator that dates what
// it signs and can correct its clock: APIGSigner does. When the gateway
// refuses a signature as expired (Huawei APIG.0303 "signature expired",
// Alibaba Cloud "Timestamp Expired"), the client passes it the gateway's
// time, from the response's Date header, and signs the call once more.
// An Authenticator that wraps another should forward the call.
type ServerTimeObserver interface {
	ObserveServerTime(server time.Time)
}

// Do sends req and decodes the envelope's data into T. opts change this
// call only (see CallOption).
//
// It returns an error for anything but business code 200: *APIError for
// another business code, *GatewayError for a gateway refusal, *DecodeError
// for a body it cannot read, or an error from the transport. For *APIError,
// *GatewayError and *DecodeError the Response is returned too, holding
// what was decoded.
//
// Calls are billed, so a failed attempt is retried (see WithMaxRetries and
// CallMaxRetries) only when it cannot have been billed: the request
// provably never left (the connection, DNS lookup or TLS handshake failed
// before a connection took it), the gateway throttled it (429, APIG.0308,
// Alibaba Cloud "Throttled by … Flow Control") or could not reach the
// backend (502, 503), or the vendor answered 500 or 501 (maintenance)
// without "charge": true. Never a 504 whatever its body, a connection lost
// after the request was sent (the error then says the call may have been
// processed), 400, 401/403, 999, other codes, a used-up quota, a redirect,
// or a request the transport refuses to send. Every attempt is signed
// afresh; Retry-After is honoured, else capped exponential backoff with
// jitter. When retries run out the last error is returned, saying how
// many attempts were made.
//
// Redirects are never followed: Do returns an error naming the host the
// gateway points to, and sends nothing there. When the gateway refuses a
// signature as expired and the Authenticator is a ServerTimeObserver, the
// call is signed once more with the gateway's time, without using a retry.
//
// ctx bounds every attempt and every wait: when it ends, or when its
// deadline leaves no time for the next retry, Do returns at once with an
// error that matches context.Canceled or context.DeadlineExceeded.
func Do[T any](ctx context.Context, c *Client, req *Request, opts ...CallOption) (*Response[T], error) {
	cl, err := c.newCall(ctx, req, opts)
	if err != nil {
		return nil, err
	}
	return run[T](ctx, c, cl)
}

// newCall checks the client, the context and the request, and renders
// them into a call.
func (c *Client) newCall(ctx context.Context, req *Request, opts []CallOption) (*call, error) {
	switch {
	case c == nil:
		return nil, errors.New("jmzs: nil *Client")
	case c.roundTrip == nil:
		return nil, errors.New("jmzs: the Client was not made by NewClient")
	case ctx == nil:
		return nil, errors.New("jmzs: nil context.Context")
	}
	cl := &call{callOptions: callOptions{maxRetries: c.maxRetries, attemptTimeout: c.attemptTimeout}}
	if err := cl.encode(req); err != nil {
		return nil, err
	}
	if req.MaxRetries != nil {
		if cl.maxRetries = *req.MaxRetries; cl.maxRetries < 0 {
			return nil, fmt.Errorf("jmzs: Request.MaxRetries: negative count %d", cl.maxRetries)
		}
	}
	for _, opt := range opts {
		if opt == nil {
			return nil, errors.New("jmzs: nil CallOption")
		}
		if err := opt(&cl.callOptions); err != nil {
			return nil, err
		}
	}
	cl.applyHeaders()
	auth, err := c.authFor(req, cl)
	if err != nil {
		return nil, err
	}
	cl.auth = auth
	cl.track(ctx, len(c.middleware) > 0)
	return cl, nil
}

// run is the attempt loop: it makes attempts until decide says to stop,
// retries run out, or ctx ends.
func run[T any](ctx context.Context, c *Client, cl *call) (*Response[T], error) {
	retries, resigned := 0, false
	for attempt := 1; ; attempt++ {
		if err := c.waitTurn(ctx); err != nil {
			return nil, gaveUp(attempt-1, err)
		}
		o := new(outcome[T])
		if c.logger == nil {
			attemptOnce(ctx, c, cl, attempt, o)
		} else {
			start := time.Now()
			attemptOnce(ctx, c, cl, attempt, o)
			c.logAttempt(ctx, cl, attempt, time.Since(start), &o.v, o.resp.RequestID, o.resp.TaskNo)
		}

		if o.v.throttled() {
			c.pacing.observe(ctx, o.v.gateway, o.v.header) // learned pacing; a no-op unless WithLearnedPacing
		}
		switch decide(&o.v) {
		case finish:
			return o.result(attempt)
		case resign:
			if resigned || !c.learnServerTime(ctx, cl, &o.v) {
				return o.result(attempt)
			}
			resigned = true // one more attempt, not counted as a retry
			continue
		}
		// A retry.
		err := o.v.err
		if ctx.Err() != nil {
			o.v.err = contextError(ctx, err)
			return o.result(attempt)
		}
		if retries >= cl.maxRetries {
			return o.result(attempt)
		}
		wait, ok := retryDelay(retries+1, o.v.header, c.retryBase, c.retryMax)
		if !ok {
			o.v.err = fmt.Errorf("jmzs: not retrying: the server asks to wait %v: %w", wait, err)
			return o.result(attempt)
		}
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) < wait {
			o.v.err = fmt.Errorf("jmzs: not retrying: waiting %v would pass the context deadline (%w): %w", wait, context.DeadlineExceeded, err)
			return o.result(attempt)
		}
		c.logRetry(ctx, cl, attempt, wait, err)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			o.v.err = fmt.Errorf("jmzs: %s %s: waiting to retry: %w; last error: %w", cl.method, cl.endpoint(), ctx.Err(), err)
			return o.result(attempt)
		case <-t.C:
		}
		retries++
	}
}

// result is what Do returns for the attempt o, the attempts-th: the
// Response when one was decoded, and the error, saying how many attempts
// were made when there was more than one.
func (o *outcome[T]) result(attempts int) (*Response[T], error) {
	var r *Response[T]
	if o.v.decoded {
		r = &o.resp
	}
	if o.v.err == nil {
		return r, nil
	}
	return r, gaveUp(attempts, o.v.err)
}

// gaveUp adds the attempt count to err when there was more than one.
func gaveUp(attempts int, err error) error {
	if attempts <= 1 {
		return err
	}
	return fmt.Errorf("jmzs: gave up after %d attempts: %w", attempts, err)
}

// attemptOnce sends one signed request, reads its response and fills o:
// the Response as decoded, and the verdict.
func attemptOnce[T any](ctx context.Context, c *Client, cl *call, attempt int, o *outcome[T]) {
	actx := cl.ctx
	if cl.attemptTimeout > 0 {
		var cancel context.CancelFunc
		actx, cancel = context.WithTimeout(actx, cl.attemptTimeout)
		defer cancel()
	}
	cl.startAttempt()
	req := cl.newHTTPRequest(actx, attempt, c.userAgent)
	if err := cl.auth.Authenticate(req); err != nil {
		o.v.err, o.v.final = err, true
		return
	}
	resp, err := c.roundTrip(req)
	o.v.sent = cl.mayHaveBeenSent(len(c.middleware) > 0)
	if err != nil {
		if resp != nil && resp.Body != nil {
			resp.Body.Close()
		}
		o.v.err = c.transportError(ctx, actx, cl, o.v.sent, nil, err)
		return
	}
	if resp == nil {
		o.v.err, o.v.final = errNoResponse, true
		return
	}
	if resp.Body == nil {
		// As net/http's Client does for a RoundTripper's response.
		if resp.ContentLength > 0 {
			o.v.err, o.v.final = fmt.Errorf("jmzs: a Middleware or RoundTripper returned a response with no Body but Content-Length %d", resp.ContentLength), true
			return
		}
		resp.Body = http.NoBody
	}
	defer resp.Body.Close()
	if resp.Header == nil {
		resp.Header = http.Header{}
	}
	if isRedirect(resp) {
		o.v.status, o.v.err, o.v.final = resp.StatusCode, redirectError(cl, resp), true
		return
	}
	body, tooLarge, err := readBody(resp.Body, c.maxResponseBytes)
	switch {
	case tooLarge:
		o.v.status, o.v.final = resp.StatusCode, true
		o.v.err = &DecodeError{HTTPStatus: resp.StatusCode, RequestID: requestID(resp.Header),
			Err: fmt.Errorf("%w: more than %d bytes", ErrResponseTooLarge, c.maxResponseBytes)}
	case err != nil:
		o.v.status, o.v.final = resp.StatusCode, true
		o.v.err = c.transportError(ctx, actx, cl, true, resp, err)
	default:
		classify(o, resp.StatusCode, resp.Header, body, true)
		o.v.decoded = true
	}
}

// requestID is the gateway's request id in h.
func requestID(h http.Header) string {
	if id := h.Get("X-Request-Id"); id != "" {
		return id
	}
	return h.Get("X-Ca-Request-Id")
}

// transportError describes err, a failure to send the request or to read
// resp's body, with the method and the URL but neither the user
// information nor the query. Once the request may have reached the server
// it says that the call may have been processed. It says when the attempt
// timeout rather than ctx ended the attempt, and matches ctx's error when
// ctx has ended.
func (c *Client) transportError(ctx, actx context.Context, cl *call, sent bool, resp *http.Response, err error) error {
	// A *url.Error, from an http.Client, quotes the whole URL.
	if ue, ok := err.(*url.Error); ok {
		err = ue.Err // this error names the endpoint instead
	} else if errors.As(err, &ue) {
		ue.URL = cl.endpoint()
	}
	if ctx.Err() == nil && actx.Err() != nil {
		err = fmt.Errorf("attempt timed out after %v: %w", cl.attemptTimeout, err)
	}
	var what string
	switch {
	case resp != nil:
		what = fmt.Sprintf("reading the response (HTTP %d", resp.StatusCode)
		if id := requestID(resp.Header); id != "" {
			what += ", request id " + id
		}
		what += ") failed; the call may have been processed and billed, so it is not sent again: "
	case sent:
		what = "the connection failed after the request was sent; the call may have been processed and billed, so it is not sent again: "
	}
	err = fmt.Errorf("jmzs: %s %s: %s%w", cl.method, cl.endpoint(), what, err)
	if what != "" {
		err = &outcomeUnknown{err}
	}
	return contextError(ctx, err)
}

// learnServerTime passes the gateway's clock to an Authenticator that
// dates its signatures. It reports whether there was anything to learn.
func (c *Client) learnServerTime(ctx context.Context, cl *call, v *verdict) bool {
	obs, ok := cl.auth.(ServerTimeObserver)
	if !ok {
		return false
	}
	t, ok := serverTime(v)
	if !ok {
		return false
	}
	obs.ObserveServerTime(t)
	c.logClockSkew(ctx, cl, time.Until(t))
	return true
}
