package e2e_test

import (
	"context"
	jmzs "github.com/jmzs-sdk/jmzs-go"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestDefaultClientPoolsConnections makes 3,200 calls from 64 goroutines
// sharing one default client and counts the connections the server saw.
//
// About 64 are opened. A few more can be: when a connection frees up
// while a caller's dial is still in flight, net/http hands the caller the
// free connection and keeps the dialed one idle. The pool keeps up to 128
// idle connections per host, so none is ever closed and dialed again. The
// same load through the standard transport, which keeps 2 idle
// connections per host, opens connections by the hundred.
func TestDefaultClientPoolsConnections(t *testing.T) {
	const goroutines, calls = 64, 3200
	pooled, closed := countConnections(t, goroutines, calls)
	t.Logf("default client: %d calls from %d goroutines opened %d connections and closed %d", calls, goroutines, pooled, closed)
	require.LessOrEqual(t, pooled, 2*goroutines)
	require.Zero(t, closed, "no connection was dropped from the pool")

	if testing.Short() {
		return
	}
	std := &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
	defer std.CloseIdleConnections()
	unpooled, _ := countConnections(t, goroutines, calls, jmzs.WithHTTPClient(std))
	t.Logf("standard transport: %d connections", unpooled)
	require.Greater(t, unpooled, 4*goroutines, "the comparison shows what the test detects")
}

// countConnections runs calls calls from goroutines goroutines against a
// fresh server and returns how many connections it accepted and closed.
func countConnections(t *testing.T, goroutines, calls int, opts ...jmzs.Option) (opened, closed int) {
	var nOpened, nClosed atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(okEnvelope))
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		switch s {
		case http.StateNew:
			nOpened.Add(1)
		case http.StateClosed:
			nClosed.Add(1)
		}
	}
	srv.Start()
	defer srv.Close()

	c, err := jmzs.NewClient(append([]jmzs.Option{jmzs.WithAppCode(testAppCode)}, opts...)...)
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var wg sync.WaitGroup
	var failed atomic.Int32
	for range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range calls / goroutines {
				if _, err := jmzs.Do[person](ctx, c, &jmzs.Request{URL: srv.URL + "/express/query-v2"}); err != nil {
					failed.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	require.Zero(t, failed.Load())
	return int(nOpened.Load()), int(nClosed.Load())
}
