package interop

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"math/rand"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	jmzs "github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/internal/apigsign"
	"github.com/jmzs-sdk/jmzs-go/jmzstest"
)

// The fake gateway of package jmzstest must accept what an independent
// implementation signs: here requests signed by huaweicloud-sdk-go-v3
// alone, from the random samples of newSample, in two wire forms.
//
//   - v3: the request as v3's ConvertRequest makes it (see corpus.V3Input.Wire): Go's
//     own escaping of the decoded path, and v3's query encoding, with keys
//     sorted by url.Values.Encode, repeated values in the order given,
//     '+' rewritten to %20 and a bare "k" for an empty value
//     (huaweicloud-sdk-go-v3 core/request/default_http_request.go,
//     fillQueryParams). This is what a v3 client really sends.
//   - canonical: the path as v3 escaped it for signing and the canonical
//     query, which is what our SDK sends.
//
// The gateway's clock is set to each sample's X-Sdk-Date, so the random
// dates stay inside its 15-minute window.

const (
	wireV3        = "v3"
	wireCanonical = "canonical"
)

// gatewayRequest is s signed by v3 alone, in the given wire form, aimed at
// base.
func gatewayRequest(t *testing.T, s *sample, form string, base *url.URL) *http.Request {
	t.Helper()
	req, v3req, err := s.v3.Wire(s.ak, s.sk)
	require.NoError(t, err)
	if form == wireCanonical {
		req.URL.RawPath = escapePath(v3req.GetPath())
		require.Equal(t, req.URL.RawPath, req.URL.EscapedPath(), "Go would not send the path v3 signed")
		req.URL.RawQuery, err = v3CanonicalQuery(v3req)
		require.NoError(t, err)
	}
	req.URL.Scheme, req.URL.Host = base.Scheme, base.Host
	return req
}

// escapePath escapes each '/'-separated segment of a decoded path, as v3
// does for signing.
func escapePath(path string) string {
	segs := strings.Split(path, "/")
	for i, seg := range segs {
		segs[i] = apigsign.Escape(seg)
	}
	return strings.Join(segs, "/")
}

// setClock puts gw's clock at req's X-Sdk-Date.
func setClock(t *testing.T, gw *jmzstest.Gateway, req *http.Request) {
	t.Helper()
	signedAt, err := time.Parse(apigsign.DateFormat, req.Header.Get(apigsign.HeaderDate))
	require.NoError(t, err)
	gw.SetClockSkew(time.Until(signedAt))
}

// send sends req to gw over loopback and returns the HTTP status, the
// APIG error code and message of the answer (no message for HEAD, whose
// answer has no body), and what gw recorded.
func send(t *testing.T, gw *jmzstest.Gateway, req *http.Request) (int, string, string, jmzstest.RecordedRequest) {
	t.Helper()
	gw.ClearRequests()
	resp, err := gw.HTTPClient().Do(req)
	require.NoError(t, err)
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.NoError(t, err)
	recs := gw.Requests()
	require.Len(t, recs, 1)
	var e struct {
		Code string `json:"error_code"`
		Msg  string `json:"error_msg"`
	}
	if resp.StatusCode != http.StatusOK && req.Method != http.MethodHead {
		require.NoError(t, json.Unmarshal(body, &e), "answer %d %q", resp.StatusCode, body)
		require.Equal(t, recs[0].ErrorCode, e.Code)
	}
	return resp.StatusCode, recs[0].ErrorCode, e.Msg, recs[0]
}

// countV3Wire counts the ways req, in v3's wire form, differs from the
// canonical form.
func countV3Wire(t *testing.T, wire map[string]int, req *http.Request) {
	t.Helper()
	if path, err := url.PathUnescape(req.URL.EscapedPath()); err == nil && req.URL.EscapedPath() != escapePath(path) {
		wire["path not canonical"]++
	}
	canonical, err := apigsign.CanonicalQuery(req.URL.RawQuery)
	require.NoError(t, err)
	if canonical == req.URL.RawQuery {
		return
	}
	wire["query not canonical"]++
	pairs := strings.Split(req.URL.RawQuery, "&")
	for _, p := range pairs {
		if !strings.Contains(p, "=") {
			wire["query bare key"]++
			break
		}
	}
	q, err := url.ParseQuery(req.URL.RawQuery)
	require.NoError(t, err)
	for _, vs := range q {
		if !slices.IsSorted(vs) {
			wire["query values unsorted"]++
			break
		}
	}
}

// newGateway returns n samples with distinct AppKeys, and a gateway that
// knows their keys and answers 200 on each of their paths, for any method.
func newGateway(t *testing.T, r *rand.Rand, n int) ([]sample, *jmzstest.Gateway, *url.URL) {
	t.Helper()
	samples := make([]sample, 0, n)
	keys := map[string]bool{}
	var opts []jmzstest.GatewayOption
	for len(samples) < n {
		s := newSample(r)
		if keys[s.ak] {
			continue
		}
		keys[s.ak] = true
		samples = append(samples, s)
		opts = append(opts, jmzstest.WithAppKey(s.ak, s.sk))
	}
	gw := jmzstest.NewGateway(t, opts...)
	backend := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") })
	for _, s := range samples {
		path := s.v3.Path
		if path == "" {
			path = "/" // what Go's client sends for an empty path
		}
		gw.Handle(path, backend)
	}
	base, err := url.Parse(gw.URL())
	require.NoError(t, err)
	return samples, gw, base
}

// TestGatewayAcceptsV3Signatures is issue 4's "done when": the fake
// gateway accepts requests signed by an independent implementation.
func TestGatewayAcceptsV3Signatures(t *testing.T) {
	const (
		n    = 2000 // checked with gw.Verify, in both wire forms
		sent = 500  // of those, also sent over loopback HTTP, in both wire forms
	)
	samples, gw, base := newGateway(t, rand.New(rand.NewSource(20261127)), n)
	coverage := map[string]int{}
	wire := map[string]int{} // how v3's wire form differs from the canonical one
	verified, overHTTP := 0, 0
	for i := range samples {
		s := &samples[i]
		for _, c := range s.classes {
			coverage[c]++
		}
		for _, form := range []string{wireV3, wireCanonical} {
			req := gatewayRequest(t, s, form, base)
			if form == wireV3 {
				countV3Wire(t, wire, req)
			}
			setClock(t, gw, req)
			require.NoError(t, gw.Verify(req), "sample %d, %s wire: %s (Host %q)\nheader %q", i, form, req.URL, req.Host, req.Header)
			verified++
			if i >= sent {
				continue
			}
			req = gatewayRequest(t, s, form, base)
			status, code, msg, rec := send(t, gw, req)
			require.Equal(t, http.StatusOK, status, "sample %d, %s wire: %s %s (Host %q): %s %s", i, form, req.Method, req.URL, req.Host, code, msg)
			// The request arrived as v3 signed it.
			path := req.URL.EscapedPath()
			if path == "" {
				path = "/"
			}
			require.Equal(t, path, rec.Path, "sample %d", i)
			require.Equal(t, req.URL.RawQuery, rec.RawQuery, "sample %d", i)
			require.Equal(t, req.Host, rec.Host, "sample %d", i)
			require.Equal(t, s.body, string(rec.Body), "sample %d", i)
			overHTTP++
		}
	}
	requireCoverage(t, coverage, 20)
	for _, c := range []string{"path not canonical", "query not canonical", "query bare key", "query values unsorted"} {
		require.GreaterOrEqual(t, wire[c], 20, "too few v3 wire forms with %q: %v", c, wire)
		t.Logf("v3 wire: %-22s %d", c, wire[c])
	}
	t.Logf("accepted: %d with Verify, %d over HTTP", verified, overHTTP)
}

// A tamper changes a signed request after v3 signed it. It returns false
// when it does not apply to req.
type tamper func(r *rand.Rand, req *http.Request) bool

var tampers = []struct {
	name string
	fn   tamper
	// detected is whether the gateway must reject the result: a body
	// sent with X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD is not signed.
	detected bool
}{
	{"body byte", tamperBody(false), true},
	{"unsigned body byte", tamperBody(true), false},
	{"query value", tamperQuery, true},
	{"signed header value", tamperHeader, true},
	{"signature hex digit", tamperSignature, true},
}

func tamperBody(unsigned bool) tamper {
	return func(r *rand.Rand, req *http.Request) bool {
		if req.Body == nil || req.Body == http.NoBody || (req.Header.Get(apigsign.HeaderContentSHA256) != "") != unsigned {
			return false
		}
		b, err := io.ReadAll(req.Body)
		if err != nil || len(b) == 0 {
			return false
		}
		b[r.Intn(len(b))] ^= byte(1 + r.Intn(255))
		req.Body = io.NopCloser(bytes.NewReader(b))
		req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil }
		return true
	}
}

func tamperQuery(r *rand.Rand, req *http.Request) bool {
	if req.URL.RawQuery == "" {
		return false
	}
	pairs := strings.Split(req.URL.RawQuery, "&")
	i := r.Intn(len(pairs))
	if strings.Contains(pairs[i], "=") {
		pairs[i] += "z"
	} else {
		pairs[i] += "=z" // v3's bare "k": the value was ""
	}
	req.URL.RawQuery = strings.Join(pairs, "&")
	return true
}

func tamperHeader(r *rand.Rand, req *http.Request) bool {
	a, err := apigsign.ParseAuthorization(req.Header.Get("Authorization"))
	if err != nil {
		return false
	}
	switch name := a.SignedHeaders[r.Intn(len(a.SignedHeaders))]; name {
	case "host":
		req.Host = "x" + req.Host
	case "x-sdk-date": // a second later: still inside the gateway's window
		d, err := time.Parse(apigsign.DateFormat, req.Header.Get(name))
		if err != nil {
			return false
		}
		req.Header.Set(name, d.Add(time.Second).Format(apigsign.DateFormat))
	default:
		req.Header.Set(name, req.Header.Get(name)+"x")
	}
	return true
}

func tamperSignature(r *rand.Rand, req *http.Request) bool {
	const digits = "0123456789abcdef"
	auth := req.Header.Get("Authorization")
	i := strings.LastIndex(auth, "Signature=")
	if i < 0 || len(auth)-i != len("Signature=")+64 {
		return false
	}
	i += len("Signature=") + r.Intn(64)
	d := digits[(strings.IndexByte(digits, auth[i])+1+r.Intn(15))%16]
	req.Header.Set("Authorization", auth[:i]+string(d)+auth[i+1:])
	return true
}

// TestGatewayRejectsTamperedV3Signatures changes v3-signed requests after
// signing; the gateway must answer 401 APIG.0303, except for a body v3
// sent as UNSIGNED-PAYLOAD.
func TestGatewayRejectsTamperedV3Signatures(t *testing.T) {
	const (
		n    = 300 // tampered in every way that applies, checked with gw.Verify
		sent = 100 // of those, also sent over loopback HTTP
	)
	r := rand.New(rand.NewSource(20261128))
	samples, gw, base := newGateway(t, r, n)
	counts := map[string]int{}
	check := func(i int, s *sample, form, name string, fn tamper, detected bool, seed int64, overHTTP bool) bool {
		req := gatewayRequest(t, s, form, base)
		setClock(t, gw, req)
		if !fn(rand.New(rand.NewSource(seed)), req) {
			return false
		}
		what := []any{"sample %d, %s wire, %s: %s %s (Host %q)", i, form, name, req.Method, req.URL, req.Host}
		status, code, msg := http.StatusOK, "", ""
		if overHTTP {
			status, code, msg, _ = send(t, gw, req)
		} else if err := gw.Verify(req); err != nil {
			var ge *jmzs.GatewayError
			require.True(t, errors.As(err, &ge), what...)
			status, code, msg = ge.HTTPStatus, ge.ErrorCode, ge.ErrorMsg
		}
		if !detected {
			require.Equal(t, http.StatusOK, status, what...)
			return true
		}
		require.Equal(t, http.StatusUnauthorized, status, what...)
		require.Equal(t, "APIG.0303", code, what...)
		if req.Method != http.MethodHead {
			require.Contains(t, msg, "verify signature fail", what...)
		}
		return true
	}
	for i := range samples {
		s := &samples[i]
		form := []string{wireV3, wireCanonical}[i%2]
		for _, tt := range tampers {
			seed := r.Int63()
			if !check(i, s, form, tt.name, tt.fn, tt.detected, seed, false) {
				continue
			}
			counts[tt.name]++
			if i < sent {
				require.True(t, check(i, s, form, tt.name, tt.fn, tt.detected, seed, true))
				counts[tt.name+" (HTTP)"]++
			}
		}
	}
	for _, tt := range tampers {
		require.GreaterOrEqual(t, counts[tt.name], 20, "too few samples tampered with: %v", counts)
		require.NotZero(t, counts[tt.name+" (HTTP)"], "no tampered sample sent: %v", counts)
		t.Logf("%-20s %d, %d of them also over HTTP", tt.name, counts[tt.name], counts[tt.name+" (HTTP)"])
	}
}
