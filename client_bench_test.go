package jmzs

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"
)

// benchServer answers every call with a typical success envelope.
func benchServer(b *testing.B) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Request-Id", "0a1b2c3d4e5f")
		io.WriteString(w, okBody)
	}))
	b.Cleanup(srv.Close)
	return srv
}

const okBody = `{"data":{"name":"张三","n":2},"msg":"成功","success":true,"code":200,"taskNo":"438349168196884244029961","charge":true}`

type okData struct {
	Name string `json:"name"`
	N    int    `json:"n"`
}

var benchQuery = url.Values{"number": {"YT1234567890123"}, "expressCode": {"YTO"}, "mobile": {"1234"}}

// sdkCall returns one AppCode call through the SDK to srv.
func sdkCall(b *testing.B, srv *httptest.Server) func() {
	c, err := NewClient(WithAppCode("bench-appcode-0123456789"))
	if err != nil {
		b.Fatal(err)
	}
	req := &Request{URL: srv.URL + "/express/query-v2", Query: benchQuery}
	ctx := context.Background()
	return func() {
		resp, err := Do[okData](ctx, c, req)
		if err != nil || resp.Data.N != 2 {
			b.Fatal(err)
		}
	}
}

// handWrittenCall returns the same call written by hand with net/http and
// encoding/json: the baseline the SDK is measured against.
func handWrittenCall(b *testing.B, srv *httptest.Server) func() {
	hc := &http.Client{Transport: pooledTransport()}
	u := srv.URL + "/express/query-v2?" + benchQuery.Encode()
	ctx := context.Background()
	return func() {
		req, err := http.NewRequestWithContext(ctx, "POST", u, nil)
		if err != nil {
			b.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Apig-AppCode", "bench-appcode-0123456789")
		resp, err := hc.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		var env struct {
			Code   int    `json:"code"`
			Msg    string `json:"msg"`
			TaskNo string `json:"taskNo"`
			Data   okData `json:"data"`
		}
		err = json.NewDecoder(resp.Body).Decode(&env)
		resp.Body.Close()
		if err != nil || env.Code != 200 || env.Data.N != 2 {
			b.Fatal(err)
		}
	}
}

// BenchmarkDo is one AppCode call through the SDK on loopback.
func BenchmarkDo(b *testing.B) {
	call := sdkCall(b, benchServer(b))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		call()
	}
}

// BenchmarkDoHandWritten is the same call written by hand: the baseline
// BenchmarkDo is measured against.
func BenchmarkDoHandWritten(b *testing.B) {
	call := handWrittenCall(b, benchServer(b))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		call()
	}
}

// BenchmarkDoVsHandWritten alternates the two calls in blocks of 10 within
// one loop, starting each round with the other, and reports the ratio of
// their total times: on a shared, noisy machine, load then falls on both
// alike. ns/op counts one call of each.
func BenchmarkDoVsHandWritten(b *testing.B) {
	srv := benchServer(b)
	calls := [2]func(){sdkCall(b, srv), handWrittenCall(b, srv)}
	var spent [2]time.Duration
	const block = 10
	b.ResetTimer()
	for i, round := 0, 0; i < b.N; i, round = i+block, round+1 {
		n := min(block, b.N-i)
		for k := range 2 {
			which := (round + k) % 2
			start := time.Now()
			for range n {
				calls[which]()
			}
			spent[which] += time.Since(start)
		}
	}
	b.ReportMetric(float64(spent[0])/float64(spent[1]), "Do/hand")
}
