package jmzs

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptrace"
	"sync"
	"time"
)

// stdTransport is http.DefaultTransport as the program started with it.
var stdTransport = http.DefaultTransport

// pooledTransport is a copy of the standard transport that keeps enough
// idle connections for many concurrent callers to one gateway host (the
// standard one keeps 2 per host, so bursts open and close connections).
// It sets no response timeout: the caller's context, and
// WithAttemptTimeout, bound a call.
var pooledTransport = sync.OnceValue(func() http.RoundTripper {
	t, ok := stdTransport.(*http.Transport)
	if !ok {
		return stdTransport
	}
	t = t.Clone()
	t.MaxIdleConns = 256
	t.MaxIdleConnsPerHost = 128
	t.IdleConnTimeout = 90 * time.Second
	return t
})

// defaultTransport is the RoundTripper of a client made without
// WithHTTPClient. It defers to http.DefaultTransport whenever that has been
// replaced, so httpmock.Activate() intercepts the SDK's calls whether it
// runs before or after NewClient.
type defaultTransport struct{}

func (defaultTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if rt := http.DefaultTransport; rt != stdTransport {
		return rt.RoundTrip(req)
	}
	return pooledTransport().RoundTrip(req)
}

// noRedirects returns a copy of hc that returns a redirect instead of
// following it; hc itself is left as it is.
func noRedirects(hc *http.Client) *http.Client {
	c := *hc
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &c
}

// send is the innermost step of every attempt. Without WithHTTPClient it
// hands the request straight to the transport, which never follows a
// redirect; with it, to a copy of the caller's client that does not.
func (c *Client) send(req *http.Request) (*http.Response, error) {
	if c.hc != nil {
		return c.hc.Do(req)
	}
	return defaultTransport{}.RoundTrip(req)
}

// sendPastMiddleware is send when Middleware runs around it: it notes
// that the attempt's request got through, with the call's context, so
// that what the transport reports about it can be trusted.
func (c *Client) sendPastMiddleware(req *http.Request) (*http.Response, error) {
	if cl, ok := req.Context().Value(callKey{}).(*call); ok {
		cl.reached.Store(true)
	}
	return c.send(req)
}

type callKey struct{}

// track makes the transport report, on cl, when a connection takes an
// attempt's request: net/http calls GotConn, for HTTP/1 and HTTP/2 alike,
// before it writes a byte. Until then the request has provably not left.
func (cl *call) track(ctx context.Context, middleware bool) {
	cl.trace.GotConn = cl.gotConn
	cl.ctx = httptrace.WithClientTrace(ctx, &cl.trace)
	if middleware {
		cl.ctx = context.WithValue(cl.ctx, callKey{}, cl)
	}
}

func (cl *call) gotConn(httptrace.GotConnInfo) { cl.sent.Store(true) }

// startAttempt forgets what the transport reported of the last attempt.
// A report that comes late, from a transport that calls GotConn after
// returning, can only make a later attempt look sent: the safe side.
func (cl *call) startAttempt() {
	cl.sent.Store(false)
	cl.reached.Store(false)
}

// mayHaveBeenSent reports whether the attempt's request may have reached
// the server: a connection took it, or a Middleware sent it on a context
// that does not carry the call's trace, so that nothing could tell.
func (cl *call) mayHaveBeenSent(middleware bool) bool {
	return cl.sent.Load() || middleware && !cl.reached.Load()
}

// redirectError is the error for a redirect, which is never followed: the
// gateway never redirects an API call, and following one would carry the
// credential and the request to another origin. It names the target's
// host, never its path or query.
func redirectError(cl *call, resp *http.Response) error {
	target := "an unreadable Location"
	if u, err := cl.pristine.Parse(resp.Header.Get("Location")); err == nil {
		target = u.Scheme + "://" + u.Host
	}
	return fmt.Errorf("jmzs: %s %s: HTTP %d redirects to %s: not followed, since the credential and the request would go there (the gateway never redirects an API call; check the endpoint)",
		cl.method, cl.endpoint(), resp.StatusCode, target)
}

// isRedirect reports whether resp is a redirect.
func isRedirect(resp *http.Response) bool {
	return resp.StatusCode >= 300 && resp.StatusCode <= 399 && resp.Header.Get("Location") != ""
}

var errNoResponse = errors.New("jmzs: a Middleware or RoundTripper returned neither a response nor an error")
