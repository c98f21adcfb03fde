package e2e_test

import (
	"bufio"
	"context"
	"errors"
	jmzs "github.com/jmzs-sdk/jmzs-go"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

// TestHostileResponses sends bodies that a broken gateway, proxy or
// backend might. Each must end in an error, typed where it can be,
// within the context's deadline and with no goroutine left behind.
func TestHostileResponses(t *testing.T) {
	deep := strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000)
	isDecode := func(target error) func(*testing.T, error) {
		return func(t *testing.T, err error) {
			var de *jmzs.DecodeError
			require.ErrorAs(t, err, &de)
			require.ErrorIs(t, err, target)
			// A body over the limit is too large, not malformed.
			tooLarge := target == jmzs.ErrResponseTooLarge
			require.Equal(t, !tooLarge, errors.Is(err, jmzs.ErrMalformedResponse), "%v", err)
			require.Equal(t, tooLarge, errors.Is(err, jmzs.ErrResponseTooLarge), "%v", err)
		}
	}
	tests := []struct {
		name    string
		handler http.HandlerFunc
		opts    []jmzs.Option
		timeout time.Duration
		check   func(*testing.T, error)
	}{
		{name: "over the limit", handler: reply(200, okEnvelope+strings.Repeat(" ", 4096)),
			opts: []jmzs.Option{jmzs.WithMaxResponseBytes(1024)}, check: isDecode(jmzs.ErrResponseTooLarge)},
		{name: "endless body", handler: endless, opts: []jmzs.Option{jmzs.WithMaxResponseBytes(64 << 10)}, check: isDecode(jmzs.ErrResponseTooLarge)},
		{name: "truncated JSON", handler: reply(200, `{"code":200,"msg":"成功","data":{"name":"张`), check: isDecode(jmzs.ErrMalformedResponse)},
		{name: "HTML 200", handler: reply(200, "<!DOCTYPE html><html><body>维护中</body></html>"), check: isDecode(jmzs.ErrMalformedResponse)},
		{name: "empty 200", handler: reply(200, ""), check: isDecode(jmzs.ErrMalformedResponse)},
		{name: "JSON null", handler: reply(200, "null"), check: isDecode(jmzs.ErrMalformedResponse)},
		{name: "JSON array", handler: reply(200, `[{"code":200,"data":{"name":"x"}}]`), check: isDecode(jmzs.ErrMalformedResponse)},
		{name: "missing code", handler: reply(200, `{"msg":"成功","data":{"name":"x"}}`), check: isDecode(jmzs.ErrMalformedResponse)},
		{name: "null code", handler: reply(200, `{"code":null,"data":{"name":"x"}}`), check: isDecode(jmzs.ErrMalformedResponse)},
		{name: "fractional code", handler: reply(200, `{"code":200.5,"data":{"name":"x"}}`), check: isDecode(jmzs.ErrMalformedResponse)},
		{name: "data of the wrong type", handler: reply(200, `{"code":200,"data":["张三"]}`), check: isDecode(jmzs.ErrMalformedResponse)},
		{name: "field of the wrong type", handler: reply(200, `{"code":200,"data":{"name":{"first":"三"}}}`), check: isDecode(jmzs.ErrMalformedResponse)},
		{name: "invalid UTF-8", handler: reply(200, "{\"code\":200,\"data\":{\"name\":\"\xff\xfe\xc0\"}}"), check: isDecode(jmzs.ErrMalformedResponse)},
		{name: "nested 100,000 deep", handler: reply(200, deep), check: isDecode(jmzs.ErrMalformedResponse)},
		{name: "data nested 100,000 deep", handler: reply(200, `{"code":200,"data":`+deep+`}`), check: isDecode(jmzs.ErrMalformedResponse)},
		{name: "stalls mid-body", handler: stallMidBody, timeout: 300 * time.Millisecond, check: func(t *testing.T, err error) {
			require.ErrorIs(t, err, context.DeadlineExceeded)
		}},
		{name: "reset mid-body", handler: resetMidBody, check: func(t *testing.T, err error) {
			require.ErrorIs(t, err, io.ErrUnexpectedEOF)
		}},
		{name: "HTML 502 from a proxy", handler: reply(502, "<html><body><h1>502</h1>"+strings.Repeat("x", 1000)+"</body></html>"),
			opts: []jmzs.Option{jmzs.WithMaxRetries(0)}, check: func(t *testing.T, err error) {
				var ge *jmzs.GatewayError
				require.ErrorAs(t, err, &ge)
				require.Equal(t, 502, ge.HTTPStatus)
				require.LessOrEqual(t, len(ge.ErrorMsg), 200, "only a snippet of the page")
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
			done := make(chan struct{})
			srv := newScriptServer(t, func(w http.ResponseWriter, r *http.Request) {
				select {
				case <-done:
				default:
					tt.handler(w, r)
				}
			})
			defer srv.Close()
			defer close(done)

			c, err := jmzs.NewClient(append([]jmzs.Option{jmzs.WithAppCode(testAppCode), fastRetries()}, tt.opts...)...)
			require.NoError(t, err)
			timeout := tt.timeout
			if timeout == 0 {
				timeout = 10 * time.Second
			}
			ctx, cancel := context.WithTimeout(context.Background(), timeout)
			defer cancel()
			resp, err := jmzs.Do[person](ctx, c, &jmzs.Request{URL: srv.URL + "/q"})
			require.Error(t, err)
			tt.check(t, err)
			require.Equal(t, 1, srv.count(), "an answer that may have been billed is not sent again")
			if resp != nil {
				require.Empty(t, resp.Data.Name)
			}
		})
	}
}

// endless streams a body with no end, until the client hangs up (or 256
// MiB, so that a broken client cannot keep the test busy forever).
func endless(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	io.WriteString(w, `{"code":200,"data":{"name":"`)
	chunk := []byte(strings.Repeat("张", 1024))
	for range 256 << 20 / len(chunk) {
		if _, err := w.Write(chunk); err != nil {
			return
		}
	}
}

// stallMidBody promises 1000 bytes, sends 30 and waits for the client to leave.
func stallMidBody(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Length", "1000")
	w.WriteHeader(200)
	io.WriteString(w, `{"code":200,"data":{"name":"张`)
	http.NewResponseController(w).Flush()
	<-r.Context().Done()
}

// resetMidBody promises 1000 bytes, sends a few and drops the connection.
func resetMidBody(w http.ResponseWriter, r *http.Request) {
	conn, buf, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(err)
	}
	defer conn.Close()
	writeRaw(buf, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"code\":200,\"data\":{")
}

func writeRaw(buf *bufio.ReadWriter, s string) {
	buf.WriteString(s)
	buf.Flush()
}
