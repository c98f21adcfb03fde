package jmzs_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"time"

	jmzs "github.com/jmzs-sdk/jmzs-go"
)

func ExampleWithLearnedPacing() {
	// A stand-in for the gateway that throttles the first call, as APIG
	// does over the app's limit of 20 calls a second.
	var calls atomic.Int32
	gw := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			w.WriteHeader(http.StatusTooManyRequests)
			io.WriteString(w, `{"error_code":"APIG.0308","error_msg":"The throttling threshold has been reached: policy user over ratelimit,limit:20,time:1 second","request_id":"r1"}`)
			return
		}
		io.WriteString(w, trackingBody)
	}))
	defer gw.Close()

	c, _ := jmzs.NewClient(jmzs.WithAppCode("your-appcode"), jmzs.WithLearnedPacing(),
		jmzs.WithRetryBackoff(time.Millisecond, time.Millisecond))
	_, err := jmzs.Do[Tracking](context.Background(), c, &jmzs.Request{URL: gw.URL + "/express/query-v2"})
	fmt.Println(err)
	// From now on the client starts at most 20 attempts a second.
	fmt.Println(c.LearnedRate())
	// Output:
	// <nil>
	// 20/1s true
}
