package jmzstest_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/jmzs-sdk/jmzs-go/jmzstest"
)

// signedByHand is a request whose signature the test computes itself, over
// a canonical request written out in full, so that the gateway is checked
// against Huawei's rules and not against the SDK's signer.
type signedByHand struct {
	method, target, host string // target: escaped path and query, sent as is
	header               http.Header
	body                 string
	signedHeaders        string
	canonical            string // the canonical request the signature covers
}

const handDate = "20240102T030405Z"

func (s signedByHand) send(t *testing.T, g *jmzstest.Gateway) (int, string) {
	t.Helper()
	sum := sha256.Sum256([]byte(s.canonical))
	mac := hmac.New(sha256.New, []byte(testAppSecret))
	mac.Write([]byte("SDK-HMAC-SHA256\n" + handDate + "\n" + hex.EncodeToString(sum[:])))
	req, err := http.NewRequest(s.method, g.URL()+s.target, strings.NewReader(s.body))
	require.NoError(t, err)
	require.Equal(t, s.target, req.URL.RequestURI(), "Go would not send the target as written")
	req.Host = s.host
	for k, v := range s.header {
		req.Header[k] = v
	}
	req.Header.Set("X-Sdk-Date", handDate)
	req.Header.Set("Authorization", "SDK-HMAC-SHA256 Access="+testAppKey+", SignedHeaders="+s.signedHeaders+", Signature="+hex.EncodeToString(mac.Sum(nil)))
	resp, err := g.HTTPClient().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(b)
}

const emptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

func TestVerifyReadsRequestAsReceived(t *testing.T) {
	g := jmzstest.NewGateway(t, jmzstest.WithAppKey(testAppKey, testAppSecret))
	signedAt, err := time.Parse("20060102T150405Z", handDate)
	require.NoError(t, err)
	g.SetClockSkew(time.Until(signedAt))
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, `{"code":200}`) })
	for _, p := range []string{"/v1/a/b", "/v1/./a/../b", "//v1//x/", "/v1/\xff", "/v1/测 试+~", "/q"} {
		g.Handle(p, ok)
	}
	line := func(s ...string) string { return strings.Join(s, "\n") }
	// get is a GET of target signing host and x-sdk-date, whose canonical
	// request has the URI uri and the query query.
	get := func(target, uri, query string) signedByHand {
		return signedByHand{
			method: "GET", target: target, host: "api.example.com", signedHeaders: "host;x-sdk-date",
			canonical: line("GET", uri, query, "host:api.example.com", "x-sdk-date:"+handDate, "", "host;x-sdk-date", emptyHash),
		}
	}
	for _, tt := range []struct {
		name   string
		req    signedByHand
		status int
		msg    string
	}{
		{"encoded slash signs as a slash", get("/v1/a%2Fb", "/v1/a/b/", ""), 200, ""},
		{"encoded slash signed split-first is refused", get("/v1/a%2Fb", "/v1/a%2Fb/", ""), 401, "canonicalRequest:GET|/v1/a/b/||host:api.example.com|"},
		{"dot segments and // as written", get("/v1/./a/../b", "/v1/./a/../b/", ""), 200, ""},
		{"empty segments", get("//v1//x/", "//v1//x/", ""), 200, ""},
		{"unicode, space, plus and tilde in the path", get("/v1/%E6%B5%8B%20%e8%af%95+~", "/v1/%E6%B5%8B%20%E8%AF%95%2B~/", ""), 200, ""},
		{"query parsed from the raw query", get("/q?b=a+b&a=%2a&a=x;y&k&e=&c=%20", "/q/", "a=%2A&a=x%3By&b=a%20b&c=%20&e=&k="), 200, ""},
		{"headers as received, trimmed, mixed case", signedByHand{
			method: "POST", target: "/q", host: "api.example.com", body: `{"a":1}`, signedHeaders: "content-type;host;x-custom;x-sdk-date",
			header:    http.Header{"Content-Type": {"application/json"}, "X-CUSTOM": {"  a  b  "}},
			canonical: line("POST", "/q/", "", "content-type:application/json", "host:api.example.com", "x-custom:a  b", "x-sdk-date:"+handDate, "", "content-type;host;x-custom;x-sdk-date", sha(`{"a":1}`)),
		}, 200, ""},
		{"signed unsigned payload", signedByHand{
			method: "POST", target: "/q", host: "api.example.com", body: "anything", signedHeaders: "host;x-sdk-content-sha256;x-sdk-date",
			header:    http.Header{"X-Sdk-Content-Sha256": {"UNSIGNED-PAYLOAD"}},
			canonical: line("POST", "/q/", "", "host:api.example.com", "x-sdk-content-sha256:UNSIGNED-PAYLOAD", "x-sdk-date:"+handDate, "", "host;x-sdk-content-sha256;x-sdk-date", "UNSIGNED-PAYLOAD"),
		}, 200, ""},
		{"X-Sdk-Content-Sha256 sent but not signed", signedByHand{
			method: "POST", target: "/q", host: "api.example.com", body: "anything", signedHeaders: "host;x-sdk-date",
			header:    http.Header{"X-Sdk-Content-Sha256": {"UNSIGNED-PAYLOAD"}},
			canonical: line("POST", "/q/", "", "host:api.example.com", "x-sdk-date:"+handDate, "", "host;x-sdk-date", "UNSIGNED-PAYLOAD"),
		}, 401, "x-sdk-content-sha256 is sent but not signed"},
		{"host not signed", signedByHand{
			method: "GET", target: "/q", host: "api.example.com", signedHeaders: "x-sdk-date",
			canonical: line("GET", "/q/", "", "x-sdk-date:"+handDate, "", "x-sdk-date", emptyHash),
		}, 401, "host is not signed"},
		{"path escape not UTF-8", get("/v1/%FF", "/v1/%FF/", ""), 401, "path: escapes that are not valid UTF-8"},
		{"query escape not UTF-8", get("/q?a=%FF", "/q/", "a=%FF"), 401, "query: escapes that are not valid UTF-8"},
		{"empty query key", get("/q?=v", "/q/", "=v"), 401, "query: a parameter with an empty key"},
		{"upper-case SignedHeaders", signedByHand{
			method: "GET", target: "/q", host: "api.example.com", signedHeaders: "Host;x-sdk-date",
			canonical: line("GET", "/q/", "", "host:api.example.com", "x-sdk-date:"+handDate, "", "host;x-sdk-date", emptyHash),
		}, 401, "Authorization format incorrect"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			status, body := tt.req.send(t, g)
			require.Equal(t, tt.status, status, body)
			if tt.status != 200 {
				require.Contains(t, body, `"error_code":"APIG.0303"`)
				require.Contains(t, body, tt.msg)
			}
		})
	}
}

func sha(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}
