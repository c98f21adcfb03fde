package e2e_test

import (
	"context"
	"fmt"
	jmzs "github.com/jmzs-sdk/jmzs-go"
	"net"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

// longWait is far longer than any test here may take; each test asserts
// that the call returns well before it.
const longWait = 30 * time.Second

// stall never answers; it returns when the client goes away or the test ends.
func stall(done <-chan struct{}) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-done:
		}
	}
}

func TestDeadlineShorterThanRetryAfter(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	srv := newScriptServer(t, reply(429, throttledBody, "Retry-After: 30"), reply(200, okEnvelope))
	defer srv.Close()
	c, err := jmzs.NewClient(jmzs.WithAppCode(testAppCode))
	require.NoError(t, err)

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	start := time.Now()
	resp, err := jmzs.Do[person](ctx, c, &jmzs.Request{URL: srv.URL + "/q"})
	require.Less(t, time.Since(start), longWait, "returned before the 30 s Retry-After")
	require.ErrorIs(t, err, context.DeadlineExceeded)
	require.ErrorIs(t, err, jmzs.ErrThrottled, "the gateway's answer is kept")
	require.NotNil(t, resp, "the gateway's answer comes with a Response")
	require.Equal(t, 429, resp.HTTPStatus)
	require.Equal(t, 1, srv.count())
}

func TestCancelDuringBackoff(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	srv := newScriptServer(t, reply(503, nginx503, "Retry-After: 30"), reply(200, okEnvelope))
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// Cancel once the first answer is in, while the client waits to retry.
	cancelSoon := func(req *http.Request, next func(*http.Request) (*http.Response, error)) (*http.Response, error) {
		resp, err := next(req)
		time.AfterFunc(20*time.Millisecond, cancel)
		return resp, err
	}
	c, err := jmzs.NewClient(jmzs.WithAppCode(testAppCode), jmzs.WithMiddleware(cancelSoon))
	require.NoError(t, err)

	start := time.Now()
	_, err = jmzs.Do[person](ctx, c, &jmzs.Request{URL: srv.URL + "/q"})
	require.Less(t, time.Since(start), longWait, "returned before the 30 s Retry-After")
	require.ErrorIs(t, err, context.Canceled)
	var ge *jmzs.GatewayError
	require.ErrorAs(t, err, &ge, "the last answer is kept")
	require.Equal(t, 503, ge.HTTPStatus)
	require.Equal(t, 1, srv.count())
}

func TestDeadlineWhileServerStalls(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	done := make(chan struct{})
	srv := newScriptServer(t, stall(done))
	defer srv.Close()
	defer close(done)
	c, err := jmzs.NewClient(jmzs.WithAppCode(testAppCode))
	require.NoError(t, err)

	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err = jmzs.Do[person](ctx, c, &jmzs.Request{URL: srv.URL + "/q"})
	require.Less(t, time.Since(start), longWait)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	require.ErrorIs(t, err, jmzs.ErrOutcomeUnknown, "the request was sent: the backend may be running it")
	require.Equal(t, 1, srv.count(), "an expired context is not retried")
}

func TestContextDoneBeforeCall(t *testing.T) {
	srv := newScriptServer(t, reply(200, okEnvelope))
	c, err := jmzs.NewClient(jmzs.WithAppCode(testAppCode))
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = jmzs.Do[person](ctx, c, &jmzs.Request{URL: srv.URL + "/q"})
	require.ErrorIs(t, err, context.Canceled)
	require.Zero(t, srv.count())
}

func TestAttemptTimeout(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	done := make(chan struct{})
	srv := newScriptServer(t, stall(done), reply(200, okEnvelope))
	defer srv.Close()
	defer close(done)
	c, err := jmzs.NewClient(jmzs.WithAppCode(testAppCode), fastRetries(), jmzs.WithAttemptTimeout(300*time.Millisecond))
	require.NoError(t, err)

	ctx, cancel := context.WithTimeout(context.Background(), longWait)
	defer cancel()
	_, err = jmzs.Do[person](ctx, c, &jmzs.Request{URL: srv.URL + "/q"})
	require.ErrorIs(t, err, context.DeadlineExceeded)
	require.ErrorContains(t, err, "attempt timed out after 300ms")
	require.ErrorIs(t, err, jmzs.ErrOutcomeUnknown)
	require.NoError(t, ctx.Err(), "the attempt, not the call, timed out")
	require.Equal(t, 1, srv.count(), "the backend may be running the call: not sent again")
}

// TestAttemptTimeoutBeforeSending shows that an attempt that timed out
// before its request went out (here, a hung dial) is retried.
func TestAttemptTimeoutBeforeSending(t *testing.T) {
	srv := newScriptServer(t, reply(200, okEnvelope))
	var dials atomic.Int32
	var d net.Dialer
	tr := &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		if dials.Add(1) == 1 {
			<-ctx.Done() // the first dial hangs until the attempt gives up
			return nil, ctx.Err()
		}
		return d.DialContext(ctx, network, addr)
	}}
	defer tr.CloseIdleConnections()
	c, err := jmzs.NewClient(jmzs.WithAppCode(testAppCode), fastRetries(), jmzs.WithAttemptTimeout(100*time.Millisecond),
		jmzs.WithHTTPClient(&http.Client{Transport: tr}))
	require.NoError(t, err)
	resp, err := callPerson(c, srv.URL, nil)
	require.NoError(t, err)
	require.Equal(t, "张三", resp.Data.Name)
	require.Equal(t, int32(2), dials.Load())
	require.Equal(t, 1, srv.count())
}

// TestSlowBackendWithinTheContext: nothing but the context bounds a call,
// so a 65 s backend (a large OCR image, say) answers within a 90 s
// context, with the SDK's transport and with a caller's client. It takes
// 65 s: skipped with -short, run in CI.
func TestSlowBackendWithinTheContext(t *testing.T) {
	if testing.Short() {
		t.Skip("a 65 s backend: run without -short")
	}
	t.Parallel()
	const backend = 65 * time.Second
	var runs atomic.Int32
	srv := newScriptServer(t, func(w http.ResponseWriter, r *http.Request) {
		runs.Add(1)
		select {
		case <-time.After(backend):
		case <-r.Context().Done():
			return
		}
		reply(200, okEnvelope)(w, r)
	})
	t.Cleanup(func() { require.EqualValues(t, 2, runs.Load(), "each call ran once") })
	for _, withClient := range []bool{false, true} {
		t.Run(fmt.Sprintf("WithHTTPClient %v", withClient), func(t *testing.T) {
			t.Parallel()
			opts := []jmzs.Option{jmzs.WithAppCode(testAppCode)}
			if withClient {
				opts = append(opts, jmzs.WithHTTPClient(&http.Client{}))
			}
			c, err := jmzs.NewClient(opts...)
			require.NoError(t, err)
			ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
			defer cancel()
			resp, err := jmzs.Do[person](ctx, c, &jmzs.Request{URL: srv.URL + "/ocr/express-bill"})
			require.NoError(t, err)
			require.Equal(t, "张三", resp.Data.Name)
		})
	}
}

// TestContextDeadlineMatches: when the context's deadline ends a call
// whose request was sent, the error matches context.DeadlineExceeded and
// the call is not retried.
func TestContextDeadlineMatches(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	done := make(chan struct{})
	srv := newScriptServer(t, stall(done))
	defer srv.Close()
	defer close(done)
	for _, hc := range []*http.Client{nil, {}} {
		opts := []jmzs.Option{jmzs.WithAppCode(testAppCode), fastRetries()}
		if hc != nil {
			opts = append(opts, jmzs.WithHTTPClient(hc))
		}
		c, err := jmzs.NewClient(opts...)
		require.NoError(t, err)
		before := srv.count()
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		_, err = jmzs.Do[person](ctx, c, &jmzs.Request{URL: srv.URL + "/q?idcard=110101199003071234"})
		cancel()
		require.ErrorIs(t, err, context.DeadlineExceeded)
		require.NotContains(t, err.Error(), "110101199003071234")
		require.Equal(t, before+1, srv.count())
	}
}
