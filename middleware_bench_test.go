package jmzs

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkDoMiddlewareLogger measures what a metrics middleware and an
// info-level logger add to a retry-free call on loopback: compare the
// two sub-benchmarks of one run (the goal is at most 5%).
func BenchmarkDoMiddlewareLogger(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json;charset=UTF-8")
		w.Header().Set("X-Request-Id", "bench")
		io.WriteString(w, `{"code":200,"msg":"成功","taskNo":"912345678901234567890","data":{"name":"张三"}}`)
	}))
	defer srv.Close()

	var calls, nanos atomic.Int64
	metrics := func(req *http.Request, next func(*http.Request) (*http.Response, error)) (*http.Response, error) {
		start := time.Now()
		resp, err := next(req)
		calls.Add(1)
		nanos.Add(int64(time.Since(start)))
		return resp, err
	}
	logger := slog.New(slog.NewJSONHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelInfo}))

	for _, bc := range []struct {
		name string
		opts []Option
	}{
		{"plain", nil},
		{"middleware+logger", []Option{WithMiddleware(metrics), WithLogger(logger)}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			c, err := NewClient(append([]Option{WithAppKey("4f5a0c8e2b7d4e1f9a3c6b8d0e2f4a6c", "9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b")}, bc.opts...)...)
			if err != nil {
				b.Fatal(err)
			}
			req := &Request{URL: srv.URL + "/express/query-v2", Query: url.Values{"number": {"YT1234567890"}, "mobile": {"1380000"}}}
			ctx := context.Background()
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				if _, err := Do[struct{ Name string }](ctx, c, req); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
