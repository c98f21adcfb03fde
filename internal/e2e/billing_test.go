package e2e_test

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	jmzs "github.com/jmzs-sdk/jmzs-go"
)

// Each case below is a backend that runs the call (it reads the whole
// request) and then fails to answer, or answers that the call may have
// been billed. The backend must run it exactly once.

// readThen reads the whole request, then hands the raw connection to
// finish.
func readThen(finish func(conn net.Conn, buf *bufio.ReadWriter)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		conn, buf, err := http.NewResponseController(w).Hijack()
		if err != nil {
			panic(err)
		}
		defer conn.Close()
		finish(conn, buf)
	}
}

var (
	// readThenClose closes the connection in an orderly way (FIN).
	readThenClose = readThen(func(net.Conn, *bufio.ReadWriter) {})
	// readThenReset resets the connection (RST).
	readThenReset = readThen(func(conn net.Conn, _ *bufio.ReadWriter) {
		conn.(*net.TCPConn).SetLinger(0)
	})
	// readThenGarble answers with a malformed status line.
	readThenGarble = readThen(func(_ net.Conn, buf *bufio.ReadWriter) {
		writeRaw(buf, "HTTP/1.1 2OO OK\r\nContent-Length: 0\r\n\r\n")
	})
	// readThenCut sends the headers, with a request id, and part of the
	// body, then drops the connection.
	readThenCut = readThen(func(_ net.Conn, buf *bufio.ReadWriter) {
		writeRaw(buf, "HTTP/1.1 200 OK\r\nX-Request-Id: rid-cut\r\nContent-Length: 500\r\n\r\n{\"code\":200,")
	})
)

func TestNeverBilledTwice(t *testing.T) {
	const (
		charged500    = `{"data":{},"msg":"系统维护","success":false,"code":500,"charge":true}`
		charged501    = `{"data":{},"msg":"数据源维护","success":false,"code":"501","charge":true}`
		envelope504   = `{"data":{},"msg":"系统繁忙","success":false,"code":500}`
		uncharged500  = `{"data":{},"msg":"系统维护","success":false,"code":500,"charge":false}`
		maybeBilled   = "may have been processed"
		retriedToLast = 3
	)
	ok := reply(200, okEnvelope)
	tests := []struct {
		name     string
		script   []http.HandlerFunc
		wantRuns int
		wantErr  []string // in the error; nil: the call succeeds
	}{
		// The backend ran the call: never sent again.
		{"read, then close", []http.HandlerFunc{readThenClose, ok}, 1, []string{maybeBilled, "EOF"}},
		{"read, then reset", []http.HandlerFunc{readThenReset, ok}, 1, []string{maybeBilled}},
		{"read, then a malformed status line", []http.HandlerFunc{readThenGarble, ok}, 1, []string{maybeBilled, "malformed HTTP status code"}},
		{"read, then the body cut short", []http.HandlerFunc{readThenCut, ok}, 1, []string{maybeBilled, "request id rid-cut", "unexpected EOF"}},
		{"business 500 charged", []http.HandlerFunc{reply(200, charged500), ok}, 1, []string{"business code 500"}},
		{"business 501 charged", []http.HandlerFunc{reply(200, charged501), ok}, 1, []string{"business code 501"}},
		{"504 with an envelope", []http.HandlerFunc{reply(504, envelope504), ok}, 1, []string{"business code 500"}},
		{"504 with an APIG body", []http.HandlerFunc{reply(504, timeoutBody), ok}, 1, []string{"APIG.0203"}},

		// Controls: retried where the call cannot have been billed.
		{"business 500 not charged", []http.HandlerFunc{reply(200, uncharged500), ok}, 2, nil},
		{"business 500 silent on charge", []http.HandlerFunc{reply(200, maintenance500), ok}, 2, nil},
		{"429 with Retry-After", []http.HandlerFunc{reply(429, throttledBody, "Retry-After: 1"), ok}, 2, nil},
		{"502 from the gateway", []http.HandlerFunc{reply(502, unavailableBody), ok}, 2, nil},
		{"503 from the gateway", []http.HandlerFunc{reply(503, nginx503), ok}, 2, nil},
		{"503 every time", []http.HandlerFunc{reply(503, nginx503)}, retriedToLast, []string{"gave up after 3 attempts", "HTTP 503"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newScriptServer(t, tt.script...)
			c, err := jmzs.NewClient(jmzs.WithAppCode(testAppCode), fastRetries())
			require.NoError(t, err)
			resp, err := callPerson(c, srv.URL, nil)
			require.Equal(t, tt.wantRuns, srv.count(), "times the backend ran the call")
			if tt.wantErr == nil {
				require.NoError(t, err)
				require.Equal(t, "张三", resp.Data.Name)
				return
			}
			require.Error(t, err)
			for _, s := range tt.wantErr {
				require.ErrorContains(t, err, s)
			}
			unknown := slices.Contains(tt.wantErr, maybeBilled) || strings.HasPrefix(tt.name, "504")
			require.Equal(t, unknown, errors.Is(err, jmzs.ErrOutcomeUnknown), "matches ErrOutcomeUnknown")
			require.NotContains(t, err.Error(), "YT1234567890", "the query may hold personal data")
		})
	}
}

// TestRetryWhenNothingWasSent is the control for connections: a refused
// dial sends nothing, so it is retried.
func TestRetryWhenNothingWasSent(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())

	var attempts atomic.Int32
	count := func(req *http.Request, next func(*http.Request) (*http.Response, error)) (*http.Response, error) {
		attempts.Add(1)
		return next(req)
	}
	for _, hc := range []*http.Client{nil, {}} {
		attempts.Store(0)
		opts := []jmzs.Option{jmzs.WithAppCode(testAppCode), fastRetries(), jmzs.WithMiddleware(count)}
		if hc != nil {
			opts = append(opts, jmzs.WithHTTPClient(hc))
		}
		c, err := jmzs.NewClient(opts...)
		require.NoError(t, err)
		_, err = callPerson(c, "http://"+addr, nil)
		require.ErrorIs(t, err, syscall.ECONNREFUSED)
		require.ErrorContains(t, err, "gave up after 3 attempts")
		require.NotContains(t, err.Error(), "may have been processed")
		require.NotErrorIs(t, err, jmzs.ErrOutcomeUnknown)
		require.EqualValues(t, 3, attempts.Load())
	}
}

// TestHTTP2StreamResetAfterReading runs over HTTP/2: the backend reads the
// call and resets its stream (RST_STREAM) instead of answering.
func TestHTTP2StreamResetAfterReading(t *testing.T) {
	var runs atomic.Int32
	var firstAnswer atomic.Value // the handler of the first run
	firstAnswer.Store(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		panic(http.ErrAbortHandler) // the server resets the stream
	}))
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		if r.ProtoMajor != 2 {
			http.Error(w, "HTTP/2 expected", http.StatusHTTPVersionNotSupported)
			return
		}
		if runs.Add(1) == 1 {
			firstAnswer.Load().(http.HandlerFunc)(w, r)
			return
		}
		reply(200, okEnvelope)(w, r)
	}))
	srv.EnableHTTP2 = true
	srv.StartTLS()
	t.Cleanup(srv.Close)

	c, err := jmzs.NewClient(jmzs.WithAppCode(testAppCode), fastRetries(), jmzs.WithHTTPClient(srv.Client()))
	require.NoError(t, err)
	_, err = callPerson(c, srv.URL, &jmzs.Request{JSON: map[string]string{"name": "张三"}})
	require.Error(t, err)
	require.ErrorContains(t, err, "may have been processed")
	require.EqualValues(t, 1, runs.Load(), "times the backend ran the call")

	// The control: over the same HTTP/2 client, a 503 is retried.
	firstAnswer.Store(reply(503, nginx503))
	runs.Store(0)
	_, err = callPerson(c, srv.URL, nil)
	require.NoError(t, err)
	require.EqualValues(t, 2, runs.Load())
}

// TestTLSHandshakeFailureIsRetried: a server that hangs up during the TLS
// handshake has received nothing of the request.
func TestTLSHandshakeFailureIsRetried(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { ln.Close() })
	var accepted atomic.Int32
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			accepted.Add(1)
			conn.Close()
		}
	}()
	hc := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
	c, err := jmzs.NewClient(jmzs.WithAppCode(testAppCode), fastRetries(), jmzs.WithHTTPClient(hc))
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err = jmzs.Do[person](ctx, c, &jmzs.Request{URL: "https://" + ln.Addr().String() + "/q"})
	require.Error(t, err)
	require.ErrorContains(t, err, "gave up after 3 attempts")
	require.False(t, strings.Contains(err.Error(), "may have been processed"), err.Error())
	require.EqualValues(t, 3, accepted.Load())
}
