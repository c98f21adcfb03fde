package e2e_test

import (
	jmzs "github.com/jmzs-sdk/jmzs-go"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jmzs-sdk/jmzs-go/jmzstest"
)

// Test credentials, long enough that mask shows their first characters.
const (
	testAppCode   = "c0ffee5ecre7appc0de0123456789abcdef"
	testAppKey    = "4f5a0c8e2b7d4e1f9a3c6b8d0e2f4a6c"
	testAppSecret = "9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b"
)

// fastRetries keeps backoff short so that retry tests take milliseconds.
func fastRetries() jmzs.Option { return jmzs.WithRetryBackoff(time.Millisecond, 4*time.Millisecond) }

const okEnvelope = `{"code":200,"msg":"成功","taskNo":"912345678901234567890","data":{"name":"张三"}}`

// hit is one request as a test server saw it.
type hit struct {
	header http.Header
	body   []byte
	at     time.Time
	sigErr error // result of verifying the APIG signature, when checked
}

// scriptServer answers its n-th request (0-based) with script[n], or the
// last entry once the script runs out, and records every request.
type scriptServer struct {
	*httptest.Server
	verifier *jmzstest.Gateway // the kit's gateway checks signatures as Huawei APIG does
	mu       sync.Mutex
	hits     []hit
	n        atomic.Int32
}

func newScriptServer(t *testing.T, script ...http.HandlerFunc) *scriptServer {
	t.Helper()
	verifier, err := jmzstest.StartGateway(jmzstest.WithAppKey(testAppKey, testAppSecret))
	if err != nil {
		t.Fatal(err)
	}
	s := &scriptServer{verifier: verifier}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(strings.NewReader(string(body)))
		h := hit{header: r.Header.Clone(), body: body, at: time.Now()}
		if r.Header.Get("Authorization") != "" {
			h.sigErr = verifier.Verify(r)
		}
		s.mu.Lock()
		s.hits = append(s.hits, h)
		s.mu.Unlock()
		i := int(s.n.Add(1)) - 1
		script[min(i, len(script)-1)](w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

// Close stops the server and its verifier; it may be called more than once.
func (s *scriptServer) Close() {
	s.Server.Close()
	s.verifier.Close()
}

func (s *scriptServer) count() int { return int(s.n.Load()) }

func (s *scriptServer) recorded() []hit {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]hit(nil), s.hits...)
}

// reply answers with status, headers given as "Name: value" pairs, and body.
func reply(status int, body string, headers ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		for _, h := range headers {
			k, v, _ := strings.Cut(h, ": ")
			w.Header().Set(k, v)
		}
		if strings.HasPrefix(body, "{") || strings.HasPrefix(body, "[") {
			w.Header().Set("Content-Type", "application/json;charset=UTF-8")
		} else if body != "" {
			w.Header().Set("Content-Type", "text/html")
		}
		w.WriteHeader(status)
		io.WriteString(w, body)
	}
}

// hangUp closes the connection before sending any response.
func hangUp(w http.ResponseWriter, r *http.Request) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(err)
	}
	conn.Close()
}
