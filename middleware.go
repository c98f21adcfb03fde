package jmzs

import "net/http"

// Middleware wraps the sending of one attempt, for metrics, tracing or
// extra headers. It runs on every attempt, after the request is signed,
// so it sees the request as it goes on the wire; it calls next to send
// it and returns next's response, or its own. A middleware that changes a
// signed part of the request (URL, signed headers, body) breaks the
// signature. Register it with WithMiddleware.
//
// Pass next the request, or a copy, with its context (or one derived from
// it): the client learns from that context whether the request reached a
// connection. Sent on another context, a failed attempt counts as one
// that may have reached the server, and is not retried.
type Middleware func(req *http.Request, next func(*http.Request) (*http.Response, error)) (*http.Response, error)

// chain returns send wrapped in ms, the first outermost.
func chain(send func(*http.Request) (*http.Response, error), ms []Middleware) func(*http.Request) (*http.Response, error) {
	for i := len(ms) - 1; i >= 0; i-- {
		m, next := ms[i], send
		send = func(req *http.Request) (*http.Response, error) { return m(req, next) }
	}
	return send
}
