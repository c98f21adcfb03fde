package jmzs

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
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

// BenchmarkDo is one AppCode call through the SDK on loopback.
func BenchmarkDo(b *testing.B) {
	srv := benchServer(b)
	c, err := NewClient(WithAppCode("bench-appcode-0123456789"))
	if err != nil {
		b.Fatal(err)
	}
	req := &Request{URL: srv.URL + "/express/query-v2", Query: benchQuery}
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		resp, err := Do[okData](ctx, c, req)
		if err != nil || resp.Data.N != 2 {
			b.Fatal(err)
		}
	}
}

// BenchmarkDoHandWritten is the same call written by hand with net/http
// and encoding/json: the baseline BenchmarkDo is measured against.
func BenchmarkDoHandWritten(b *testing.B) {
	srv := benchServer(b)
	hc := &http.Client{Transport: pooledTransport()}
	u := srv.URL + "/express/query-v2?" + benchQuery.Encode()
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
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
