package jmzs_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/jmzs-sdk/jmzs-go"
)

// TestAPIGSignerRefusesUndefinedShapes sends requests that Huawei's own
// signers sign differently (an escape that is not valid UTF-8, an empty
// query key) to a loopback server that counts what reaches it: each must
// be an error naming the part, and nothing may be sent.
func TestAPIGSignerRefusesUndefinedShapes(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Write([]byte(`{"code":200,"msg":"成功","taskNo":"1","data":{}}`))
	}))
	defer srv.Close()
	c, err := jmzs.NewClient(jmzs.WithAppKey("4f5a0c8e2b7d4e1f9a3c6b8d0e2f4a6c", "9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b"), jmzs.WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	const secret = "110101199003071234" // an ID number: must not appear in the error
	for _, tt := range []struct {
		name  string
		req   *jmzs.Request
		error string
	}{
		{"path %FF", &jmzs.Request{URL: srv.URL + "/v1/%FF?id=" + secret}, "path segment 2: %FF is not valid UTF-8"},
		{"path %E6%B5", &jmzs.Request{URL: srv.URL + "/v1/ok/a%E6%B5"}, "path segment 3: %E6%B5 is not valid UTF-8"},
		{"URL query value %FE", &jmzs.Request{URL: srv.URL + "/v1/x?id=" + secret + "&name=%FE"}, "query parameter 2 value: %FE is not valid UTF-8"},
		{"Query value not UTF-8", &jmzs.Request{URL: srv.URL + "/v1/x", Query: url.Values{"name": {secret + "\xff"}}}, "query parameter 1 value: %FF is not valid UTF-8"},
		{"URL query empty key", &jmzs.Request{URL: srv.URL + "/v1/x?id=" + secret + "&=" + secret}, "query parameter 2: empty key"},
		{"Query empty key", &jmzs.Request{URL: srv.URL + "/v1/x", Query: url.Values{"": {secret}}}, "query parameter 1: empty key"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := jmzs.Do[map[string]any](context.Background(), c, tt.req)
			if err == nil || !strings.Contains(err.Error(), tt.error) {
				t.Fatalf("error %v, want one containing %q", err, tt.error)
			}
			if strings.Contains(err.Error(), secret) {
				t.Fatalf("error quotes a query value: %v", err)
			}
		})
	}
	if n := hits.Load(); n != 0 {
		t.Fatalf("%d requests reached the server", n)
	}

	// The same server does answer a well-formed request, with %2F.
	if _, err := jmzs.Do[map[string]any](context.Background(), c, &jmzs.Request{URL: srv.URL + "/v1/a%2Fb"}); err != nil {
		t.Fatal(err)
	}
	if hits.Load() != 1 {
		t.Fatal("the well-formed request did not arrive")
	}
}

// TestAPIGSignerEncodedSlash signs /v1/a%2Fb as Huawei's own signers do,
// /v1/a/b/, and leaves the path sent as it was.
func TestAPIGSignerEncodedSlash(t *testing.T) {
	req, err := http.NewRequest("GET", "https://api.example.com/v1/a%2Fb/%E6%B5%8B?q=a+b", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-Sdk-Date", "20240102T030405Z")
	s := jmzs.NewAPIGSigner("4f5a0c8e2b7d4e1f9a3c6b8d0e2f4a6c", "9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b")
	canonical, _, err := s.Explain(req)
	if err != nil {
		t.Fatal(err)
	}
	if want := "GET\n/v1/a/b/%E6%B5%8B/\nq=a%20b\n"; !strings.HasPrefix(canonical, want) {
		t.Fatalf("canonical request %q, want it to start %q", canonical, want)
	}
	if got := req.URL.EscapedPath(); got != "/v1/a%2Fb/%E6%B5%8B" {
		t.Fatalf("path sent %q", got)
	}

	bad, _ := http.NewRequest("GET", "https://api.example.com/v1/x?a=1&b=%FF", nil)
	err = s.Authenticate(bad)
	var fe interface{ Unwrap() error }
	if err == nil || !errors.As(err, &fe) || bad.Header.Get("Authorization") != "" || bad.URL.RawQuery != "a=1&b=%FF" {
		t.Fatalf("error %v, Authorization %q, query %q: want an error and the request untouched", err, bad.Header.Get("Authorization"), bad.URL.RawQuery)
	}
}
