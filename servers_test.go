package jmzs

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jmzs-sdk/jmzs-go/internal/apigsign"
)

// Test credentials, long enough that mask shows their first characters.
const (
	testAppCode   = "c0ffee5ecre7appc0de0123456789abcdef"
	testAppKey    = "4f5a0c8e2b7d4e1f9a3c6b8d0e2f4a6c"
	testAppSecret = "9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b"
)

// fastRetries keeps backoff short so that retry tests take milliseconds.
func fastRetries() Option { return WithRetryBackoff(time.Millisecond, 4*time.Millisecond) }

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
	mu   sync.Mutex
	hits []hit
	n    atomic.Int32
}

func newScriptServer(t *testing.T, script ...http.HandlerFunc) *scriptServer {
	t.Helper()
	s := &scriptServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(strings.NewReader(string(body)))
		h := hit{header: r.Header.Clone(), body: body, at: time.Now()}
		if r.Header.Get("Authorization") != "" {
			h.sigErr = verifyAPIGRequest(r, body, testAppSecret)
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

// verifyAPIGRequest checks r's SDK-HMAC-SHA256 signature against secret
// as the gateway does, using the shared canonical form.
func verifyAPIGRequest(r *http.Request, body []byte, secret string) error {
	auth, err := apigsign.ParseAuthorization(r.Header.Get("Authorization"))
	if err != nil {
		return err
	}
	headers := make([]apigsign.Header, 0, len(auth.SignedHeaders))
	for _, name := range auth.SignedHeaders {
		v := r.Header.Get(name)
		if name == "host" {
			v = r.Host
		}
		if v == "" && name != "host" {
			return fmt.Errorf("signed header %s is missing", name)
		}
		headers = append(headers, apigsign.Header{Name: name, Value: v})
	}
	if !slices.Contains(auth.SignedHeaders, "x-sdk-date") {
		return errors.New("x-sdk-date is not signed")
	}
	query, err := apigsign.CanonicalQuery(r.URL.RawQuery)
	if err != nil {
		return err
	}
	sum := sha256.Sum256(body)
	canonical, _, _, err := apigsign.AppendCanonicalRequest(nil, &apigsign.Request{
		Method: r.Method, EscapedPath: r.URL.EscapedPath(), Query: query,
		Headers: headers, PayloadHash: hex.EncodeToString(sum[:]),
	})
	if err != nil {
		return err
	}
	sts := apigsign.AppendStringToSign(nil, r.Header.Get(apigsign.HeaderDate), canonical)
	if !apigsign.NewKey(secret).Equal(sts, auth.Signature) {
		return errors.New("signature mismatch")
	}
	return nil
}

// steppingClock returns a clock that moves by step on every reading.
func steppingClock(start time.Time, step time.Duration) func() time.Time {
	var mu sync.Mutex
	t := start
	return func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		t = t.Add(step)
		return t
	}
}
