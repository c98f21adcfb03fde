// Package testsrv is a recording loopback HTTP server for the product
// packages' tests: it answers every request with one canned response and
// keeps what it received, so a test can check where each parameter went
// and that a refused call sent nothing.
package testsrv

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
)

// Request is what the server received.
type Request struct {
	Method      string
	Path        string
	Query       url.Values
	ContentType string
	Header      http.Header
	Body        []byte
	Form        url.Values // the body parsed as x-www-form-urlencoded
}

// Server is a recording httptest server, closed by t.Cleanup.
type Server struct {
	*httptest.Server
	mu     sync.Mutex
	reqs   []Request
	status int
	header http.Header
	body   string
}

// New starts a server that answers every request with status and body
// (Content-Type application/json unless header says otherwise).
func New(t testing.TB, status int, body string, header ...http.Header) *Server {
	t.Helper()
	s := &Server{status: status, body: body, header: http.Header{"Content-Type": {"application/json;charset=UTF-8"}}}
	for _, h := range header {
		for k, v := range h {
			s.header[http.CanonicalHeaderKey(k)] = v
		}
	}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	form, _ := url.ParseQuery(string(body))
	s.mu.Lock()
	s.reqs = append(s.reqs, Request{
		Method:      r.Method,
		Path:        r.URL.Path,
		Query:       r.URL.Query(),
		ContentType: r.Header.Get("Content-Type"),
		Header:      r.Header.Clone(),
		Body:        body,
		Form:        form,
	})
	s.mu.Unlock()
	for k, v := range s.header {
		w.Header()[k] = v
	}
	w.WriteHeader(s.status)
	io.WriteString(w, s.body)
}

// Requests returns what the server has received so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.reqs...)
}
