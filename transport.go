package jmzs

import (
	"net/http"
	"sync"
	"time"
)

// stdTransport is http.DefaultTransport as the program started with it.
var stdTransport = http.DefaultTransport

// pooledTransport is a copy of the standard transport that keeps enough
// idle connections for many concurrent callers to one gateway host (the
// standard one keeps 2 per host, so bursts open and close connections).
var pooledTransport = sync.OnceValue(func() http.RoundTripper {
	t, ok := stdTransport.(*http.Transport)
	if !ok {
		return stdTransport
	}
	t = t.Clone()
	t.MaxIdleConns = 256
	t.MaxIdleConnsPerHost = 128
	t.IdleConnTimeout = 90 * time.Second
	t.ResponseHeaderTimeout = 60 * time.Second
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

// newDefaultHTTPClient has no Timeout: the caller's context bounds a call.
func newDefaultHTTPClient() *http.Client {
	return &http.Client{Transport: defaultTransport{}}
}
