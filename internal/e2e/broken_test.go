package e2e_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	jmzs "github.com/jmzs-sdk/jmzs-go"
)

// TestBrokenPartsAreErrors: parts that do not keep their contract give an
// error, never a panic, and are not retried.
func TestBrokenPartsAreErrors(t *testing.T) {
	srv := newScriptServer(t, reply(200, okEnvelope))
	answer := func(resp *http.Response, err error) jmzs.Middleware {
		return func(*http.Request, func(*http.Request) (*http.Response, error)) (*http.Response, error) {
			return resp, err
		}
	}
	tests := []struct {
		name    string
		opts    []jmzs.Option
		wantErr string // "": the call succeeds
	}{
		{"middleware returns nil, nil", []jmzs.Option{jmzs.WithMiddleware(answer(nil, nil))}, "neither a response nor an error"},
		{"response without a body", []jmzs.Option{jmzs.WithMiddleware(answer(&http.Response{StatusCode: 200}, nil))}, "malformed response"},
		{"response without a body but a length", []jmzs.Option{jmzs.WithMiddleware(answer(&http.Response{StatusCode: 200, ContentLength: 10}, nil))}, "no Body"},
		{"response without a header", []jmzs.Option{jmzs.WithMiddleware(answer(&http.Response{StatusCode: 200,
			Body: io.NopCloser(strings.NewReader(okEnvelope))}, nil))}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logs bytes.Buffer
			opts := append([]jmzs.Option{jmzs.WithAppCode(testAppCode), jmzs.WithLogger(slog.New(slog.NewJSONHandler(&logs, nil)))}, tt.opts...)
			c, err := jmzs.NewClient(opts...)
			require.NoError(t, err)
			require.NotPanics(t, func() { _, err = callPerson(c, srv.URL, nil) })
			if tt.wantErr == "" {
				require.NoError(t, err)
				return
			}
			require.ErrorContains(t, err, tt.wantErr)
			require.NotContains(t, logs.String(), "jmzs retry", "no retry")
		})
	}

	t.Run("zero Client", func(t *testing.T) {
		var err error
		require.NotPanics(t, func() { _, err = jmzs.Do[person](context.Background(), &jmzs.Client{}, &jmzs.Request{URL: srv.URL}) })
		require.ErrorContains(t, err, "NewClient")
		require.NotPanics(t, func() { _ = (&jmzs.Client{}).String() })
	})
	t.Run("nil context", func(t *testing.T) {
		c, err := jmzs.NewClient(jmzs.WithAppCode(testAppCode))
		require.NoError(t, err)
		var ctx context.Context // a nil context, as a caller might pass by mistake
		require.NotPanics(t, func() { _, err = jmzs.Do[person](ctx, c, &jmzs.Request{URL: srv.URL}) })
		require.ErrorContains(t, err, "nil context")
	})
	require.Zero(t, srv.count(), "nothing reached the server")
}

// badHeaderAuth sets a header value that net/http refuses to send.
type badHeaderAuth struct{}

func (badHeaderAuth) Authenticate(req *http.Request) error {
	req.Header.Set("X-Token", "a\nb")
	return nil
}

// TestUnfixableInputs: input that no retry can fix is refused at once,
// naming the part and never the value, with no retry and no backoff.
func TestUnfixableInputs(t *testing.T) {
	srv := newScriptServer(t, reply(200, okEnvelope))
	setHeader := func(req *http.Request, next func(*http.Request) (*http.Response, error)) (*http.Response, error) {
		req.Header["X-Trace"] = []string{"t\r\nX-Evil: 1"}
		return next(req)
	}
	tests := []struct {
		name     string
		opts     []jmzs.Option
		req      jmzs.Request
		wantErr  string
		mustHide string
	}{
		{"header value with a newline", nil, jmzs.Request{Header: http.Header{"X-Name": {"张三\n"}}}, "header X-Name holds a control character", "张三"},
		{"header name with a space", nil, jmzs.Request{Header: http.Header{"X Name": {"v"}}}, "not a valid header name", ""},
		{"method with a space", nil, jmzs.Request{Method: "GE T"}, "not an HTTP method", ""},
		{"header the transport refuses, set by a middleware", []jmzs.Option{jmzs.WithMiddleware(setHeader)}, jmzs.Request{}, "invalid header field value", "X-Evil"},
		{"header the transport refuses, set by an Authenticator", []jmzs.Option{jmzs.WithAuthenticator(badHeaderAuth{})}, jmzs.Request{}, "invalid header field value", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var attempts atomic.Int32
			count := func(req *http.Request, next func(*http.Request) (*http.Response, error)) (*http.Response, error) {
				attempts.Add(1)
				return next(req)
			}
			var logs bytes.Buffer
			opts := []jmzs.Option{jmzs.WithMiddleware(count), jmzs.WithLogger(slog.New(slog.NewJSONHandler(&logs, nil))), fastRetries()}
			if len(tt.opts) == 0 || !isAuth(tt.name) {
				opts = append(opts, jmzs.WithAppCode(testAppCode))
			}
			c, err := jmzs.NewClient(append(opts, tt.opts...)...)
			require.NoError(t, err)
			_, err = callPerson(c, srv.URL, &tt.req)
			require.ErrorContains(t, err, tt.wantErr)
			if tt.mustHide != "" {
				require.NotContains(t, err.Error(), tt.mustHide)
			}
			require.LessOrEqual(t, attempts.Load(), int32(1), "no second attempt")
			require.NotContains(t, logs.String(), "jmzs retry")
		})
	}

	// Credentials with a newline or padding are refused by NewClient,
	// without the value.
	for _, opt := range []jmzs.Option{jmzs.WithAppCode("zq9x\n"), jmzs.WithAppKey(" zq9x", "zq8y"),
		jmzs.WithAppKey("zq9x", "zq\n8y"), jmzs.WithAliyunAppCode("zq9x\r")} {
		_, err := jmzs.NewClient(opt)
		require.Error(t, err)
		require.NotContains(t, err.Error(), "zq")
	}
	require.Zero(t, srv.count(), "nothing reached the server")
}

func isAuth(name string) bool { return strings.Contains(name, "Authenticator") }
