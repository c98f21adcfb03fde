package e2e_test

import (
	"context"
	"io"
	"net/http"
	"runtime"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	jmzs "github.com/jmzs-sdk/jmzs-go"
)

// TestMemoryGrowsWithBytesReceived: 50 responses declare 10 MiB each and
// stall after a few bytes. The client's buffers grow with what arrives,
// never with what the server declares, so the heap stays far below the
// 500 MiB declared.
func TestMemoryGrowsWithBytesReceived(t *testing.T) {
	const (
		calls    = 50
		declared = 10 << 20
		budget   = 64 << 20
	)
	release := make(chan struct{})
	srv := newScriptServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "10485760")
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(200)
		io.WriteString(w, `{"code":200,"data":{"name":"`)
		http.NewResponseController(w).Flush()
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})

	// The client reads the body only after its buffer is made: a
	// middleware tells when each call has read its first bytes.
	var firstRead sync.WaitGroup
	firstRead.Add(calls)
	signal := func(req *http.Request, next func(*http.Request) (*http.Response, error)) (*http.Response, error) {
		resp, err := next(req)
		if err == nil {
			resp.Body = &signalOnRead{ReadCloser: resp.Body, once: new(sync.Once), wg: &firstRead}
		}
		return resp, err
	}
	c, err := jmzs.NewClient(jmzs.WithAppCode(testAppCode), jmzs.WithMaxRetries(0), jmzs.WithMiddleware(signal),
		jmzs.WithHTTPClient(&http.Client{Transport: &http.Transport{MaxConnsPerHost: calls}}))
	require.NoError(t, err)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var done sync.WaitGroup
	for range calls {
		done.Add(1)
		go func() {
			defer done.Done()
			jmzs.Do[person](ctx, c, &jmzs.Request{URL: srv.URL + "/ocr/express-bill"})
		}()
	}
	firstRead.Wait()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	cancel()
	close(release)
	done.Wait()
	t.Logf("heap: %.1f MiB with %d stalled responses declaring %d MiB each", float64(m.HeapAlloc)/(1<<20), calls, declared>>20)
	require.Less(t, m.HeapAlloc, uint64(budget))
}

// signalOnRead marks wg done at the first Read.
type signalOnRead struct {
	io.ReadCloser
	once *sync.Once
	wg   *sync.WaitGroup
}

func (s *signalOnRead) Read(p []byte) (int, error) {
	s.once.Do(s.wg.Done)
	return s.ReadCloser.Read(p)
}
