package jmzs

import (
	"context"
	"net/http"
	"net/http/httptrace"
	"sync/atomic"
)

// Middleware wraps the sending of one attempt, for metrics, tracing or
// extra headers. It runs on every attempt, after the request is signed,
// so it sees the request as it goes on the wire; it calls next to send
// it and returns next's response, or its own. A middleware that changes a
// signed part of the request (URL, signed headers, body) breaks the
// signature. Register it with WithMiddleware.
type Middleware func(req *http.Request, next func(*http.Request) (*http.Response, error)) (*http.Response, error)

// chain returns send wrapped in ms, the first outermost.
func chain(send func(*http.Request) (*http.Response, error), ms []Middleware) func(*http.Request) (*http.Response, error) {
	for i := len(ms) - 1; i >= 0; i-- {
		m, next := ms[i], send
		send = func(req *http.Request) (*http.Response, error) { return m(req, next) }
	}
	return send
}

// attemptState is what one attempt learns on its way to the wire.
type attemptState struct {
	traced       bool        // wrote is tracked
	wrote        atomic.Bool // the whole request was written to a connection
	unreplayable atomic.Bool // the body sent cannot be read again
}

type attemptStateKey struct{}

// attach returns ctx carrying st and, when st is traced, a trace that
// marks when the request has been written.
func (st *attemptState) attach(ctx context.Context) context.Context {
	ctx = context.WithValue(ctx, attemptStateKey{}, st)
	if !st.traced {
		return ctx
	}
	return httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		WroteRequest: func(i httptrace.WroteRequestInfo) {
			if i.Err == nil {
				st.wrote.Store(true)
			}
		},
	})
}

// mayHaveReachedServer reports whether the request may have reached the
// server: true unless tracked and not fully written.
func (st *attemptState) mayHaveReachedServer() bool {
	return st == nil || !st.traced || st.wrote.Load()
}

// sentOneShotBody reports whether a Middleware sent a body that cannot be
// read again.
func (st *attemptState) sentOneShotBody() bool {
	return st != nil && st.unreplayable.Load()
}

// oneShotBody reports whether req's body cannot be read again.
func oneShotBody(req *http.Request) bool {
	return req.Body != nil && req.Body != http.NoBody && req.GetBody == nil
}

// send is the innermost step of every attempt: it notes a body that a
// Middleware made unreplayable, then sends.
func (c *Client) send(req *http.Request) (*http.Response, error) {
	if oneShotBody(req) {
		if st, ok := req.Context().Value(attemptStateKey{}).(*attemptState); ok {
			st.unreplayable.Store(true)
		}
	}
	return c.hc.Do(req)
}
