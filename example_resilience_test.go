package jmzs_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"time"

	jmzs "github.com/jmzs-sdk/jmzs-go"
)

func ExampleWithMiddleware() {
	gw := exampleGateway(200, trackingBody)
	defer gw.Close()

	// A middleware sees every attempt as signed and sent: here, a metric.
	var attempts atomic.Int32
	count := func(req *http.Request, next func(*http.Request) (*http.Response, error)) (*http.Response, error) {
		attempts.Add(1)
		resp, err := next(req)
		if err == nil {
			fmt.Println(req.Method, req.URL.Path, resp.StatusCode)
		}
		return resp, err
	}
	c, _ := jmzs.NewClient(jmzs.WithAppCode("your-appcode"), jmzs.WithMiddleware(count))
	_, err := jmzs.Do[Tracking](context.Background(), c, &jmzs.Request{URL: gw.URL + "/express/query-v2"})
	fmt.Println(attempts.Load(), err)
	// Output:
	// POST /express/query-v2 200
	// 1 <nil>
}

// tokens is a RateLimiter that lets one call through per token. A
// *rate.Limiter from golang.org/x/time/rate fits as well.
type tokens chan struct{}

func (t tokens) Wait(ctx context.Context) error {
	select {
	case <-t:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func ExampleWithRateLimiter() {
	gw := exampleGateway(200, trackingBody)
	defer gw.Close()

	quota := make(tokens, 1)
	quota <- struct{}{} // one call's worth
	c, _ := jmzs.NewClient(jmzs.WithAppCode("your-appcode"), jmzs.WithRateLimiter(quota))
	req := &jmzs.Request{URL: gw.URL + "/express/query-v2"}

	_, err := jmzs.Do[Tracking](context.Background(), c, req)
	fmt.Println(err)

	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err = jmzs.Do[Tracking](ctx, c, req) // waits for a token that does not come
	fmt.Println(errors.Is(err, context.DeadlineExceeded))
	// Output:
	// <nil>
	// true
}

func ExampleCallMaxRetries() {
	var calls atomic.Int32
	gw := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer gw.Close()

	c, _ := jmzs.NewClient(jmzs.WithAppCode("your-appcode"), jmzs.WithRetryBackoff(time.Millisecond, 10*time.Millisecond))
	ctx := context.Background()

	_, err := jmzs.Do[Tracking](ctx, c, &jmzs.Request{URL: gw.URL + "/express/query-v2"})
	fmt.Println(calls.Load(), err)

	// This call must never be sent twice.
	calls.Store(0)
	_, err = jmzs.Do[Tracking](ctx, c, &jmzs.Request{URL: gw.URL + "/express/query-v2"}, jmzs.CallMaxRetries(0))
	fmt.Println(calls.Load(), err)
	// Output:
	// 3 jmzs: gave up after 3 attempts: jmzs: gateway error (HTTP 503)
	// 1 jmzs: gateway error (HTTP 503)
}

func ExampleWithAttemptTimeout() {
	var calls atomic.Int32
	gw := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		select { // a backend that hangs
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
		io.WriteString(w, trackingBody)
	}))
	defer gw.Close()

	c, _ := jmzs.NewClient(jmzs.WithAppCode("your-appcode"), jmzs.WithAttemptTimeout(50*time.Millisecond))
	_, err := jmzs.Do[Tracking](context.Background(), c, &jmzs.Request{URL: gw.URL + "/express/query-v2"})
	// The request went out, so the backend may be running it: no retry.
	fmt.Println(calls.Load(), errors.Is(err, context.DeadlineExceeded))
	// Output: 1 true
}

// tenantSigner wraps the APIG signer to add a header to every call. It
// forwards ObserveServerTime, so the client can still correct the
// signer's clock when the gateway says a signature has expired.
type tenantSigner struct{ *jmzs.APIGSigner }

func (s tenantSigner) Authenticate(req *http.Request) error {
	req.Header.Set("X-Tenant", "shop-1")
	return s.APIGSigner.Authenticate(req)
}

func ExampleServerTimeObserver() {
	var calls atomic.Int32
	gw := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 { // the gateway's clock is an hour ahead
			w.Header().Set("Date", time.Now().Add(time.Hour).UTC().Format(http.TimeFormat))
			w.WriteHeader(http.StatusUnauthorized)
			io.WriteString(w, `{"error_code":"APIG.0303","error_msg":"Incorrect app authentication information: signature expired"}`)
			return
		}
		io.WriteString(w, trackingBody)
	}))
	defer gw.Close()

	signer := jmzs.NewAPIGSigner("your-appkey", "your-appsecret")
	var _ jmzs.ServerTimeObserver = tenantSigner{signer} // ObserveServerTime comes with the embedded signer
	c, _ := jmzs.NewClient(jmzs.WithAuthenticator(tenantSigner{signer}))
	_, err := jmzs.Do[Tracking](context.Background(), c, &jmzs.Request{URL: gw.URL + "/express/query-v2"})
	fmt.Println(calls.Load(), err, signer.ClockOffset().Round(time.Hour))
	// Output: 2 <nil> 1h0m0s
}
