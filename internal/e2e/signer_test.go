package e2e_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	jmzs "github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/internal/signvectors"
)

// TestAPIGSignerVectors signs each vector whose header set fits the
// signer's policy and requires its canonical request, string to sign and
// Authorization byte for byte.
func TestAPIGSignerVectors(t *testing.T) {
	checked := 0
	for _, v := range signvectors.Load(t) {
		if !v.FitsSignerPolicy() {
			continue
		}
		checked++
		t.Run(v.Name, func(t *testing.T) {
			req := v.Request(t)
			canonical, sts, err := jmzs.NewAPIGSigner(v.AK, v.SK).Explain(req)
			require.NoError(t, err)
			require.Equal(t, v.ExpectedAuthorization, req.Header.Get("Authorization"))
			require.Equal(t, v.ExpectedCanonicalRequest, canonical)
			require.Equal(t, v.ExpectedStringToSign, sts)
			// The wire query is the canonical one (third line).
			require.Equal(t, strings.Split(v.ExpectedCanonicalRequest, "\n")[2], req.URL.RawQuery)

			// The body is still there to send.
			got, err := io.ReadAll(req.Body)
			require.NoError(t, err)
			require.Equal(t, v.Body, string(got))
		})
	}
	// 19 of the 22: the two v3 unit-test vectors have no Host and an '_'
	// header, header_whitespace_and_underscore has an '_' header. The four
	// path vectors (encoded slash, dot segments, //, unicode) all fit.
	require.Equal(t, 19, checked)
}

func TestAPIGSignerRewritesQueryToCanonical(t *testing.T) {
	req, err := http.NewRequest("POST", "https://h.example.com/p?b=2&a=x+y&a=%21", nil)
	require.NoError(t, err)
	require.NoError(t, jmzs.NewAPIGSigner("k", "s").Authenticate(req))
	require.Equal(t, "a=%21&a=x%20y&b=2", req.URL.RawQuery)
}

func TestAPIGSignerHeaderPolicy(t *testing.T) {
	req, err := http.NewRequest("POST", "https://gw.example.com/x", bytes.NewReader([]byte(`{"a":1}`)))
	require.NoError(t, err)
	req.Host = "api.example.com"
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "ua")
	req.Header.Set("X-Stage", "RELEASE")
	req.Header["X_Under"] = []string{"u"}
	req.Header.Set("Accept-Encoding", "gzip")
	require.NoError(t, jmzs.NewAPIGSigner("key", "secret").Authenticate(req))
	auth := req.Header.Get("Authorization")
	require.Contains(t, auth, "SignedHeaders=content-type;host;x-sdk-date;x-stage, ")
	require.Regexp(t, `^SDK-HMAC-SHA256 Access=key, SignedHeaders=[a-z;-]+, Signature=[0-9a-f]{64}$`, auth)
}

func TestAPIGSignerKeepsGivenDateAndStampsOtherwise(t *testing.T) {
	s := jmzs.NewAPIGSigner("key", "secret")
	req, _ := http.NewRequest("POST", "https://h.example.com/", nil)
	req.Header.Set("X-Sdk-Date", "20240102T030405Z")
	require.NoError(t, s.Authenticate(req))
	require.Equal(t, "20240102T030405Z", req.Header.Get("X-Sdk-Date"))

	req, _ = http.NewRequest("POST", "https://h.example.com/", nil)
	req.Header.Set("X-Sdk-Date", "not a date")
	before := time.Now().UTC().Add(-time.Second)
	require.NoError(t, s.Authenticate(req))
	stamped, err := time.Parse("20060102T150405Z", req.Header.Get("X-Sdk-Date"))
	require.NoError(t, err)
	require.False(t, stamped.Before(before.Truncate(time.Second)))

	s.ObserveServerTime(time.Now().Add(time.Hour))
	require.InDelta(t, time.Hour.Seconds(), s.ClockOffset().Seconds(), 5)
	req, _ = http.NewRequest("POST", "https://h.example.com/", nil)
	require.NoError(t, s.Authenticate(req))
	stamped, _ = time.Parse("20060102T150405Z", req.Header.Get("X-Sdk-Date"))
	require.WithinDuration(t, time.Now().Add(time.Hour), stamped, 5*time.Second)
}

func TestAPIGSignerBodyWithoutGetBody(t *testing.T) {
	body := `{"k":"v"}`
	req, _ := http.NewRequest("POST", "https://h.example.com/", io.NopCloser(strings.NewReader(body)))
	req.GetBody = nil
	require.NoError(t, jmzs.NewAPIGSigner("key", "secret").Authenticate(req))
	got, _ := io.ReadAll(req.Body)
	require.Equal(t, body, string(got), "the body is restored after hashing")
	require.NotNil(t, req.GetBody)
}

func TestAPIGSignerRefusesRepeatedHeaderAndBadQuery(t *testing.T) {
	req, _ := http.NewRequest("POST", "https://h.example.com/", nil)
	req.Header.Add("X-Twice", "1")
	req.Header.Add("X-Twice", "2")
	require.ErrorContains(t, jmzs.NewAPIGSigner("key", "secret").Authenticate(req), "X-Twice")

	req, _ = http.NewRequest("POST", "https://h.example.com/", nil)
	req.URL.RawQuery = "a=%zz"
	require.Error(t, jmzs.NewAPIGSigner("key", "secret").Authenticate(req))
	require.Error(t, (&jmzs.APIGSigner{}).Authenticate(req), "a zero signer refuses")
}

func TestAPIGSignerNeverShowsSecret(t *testing.T) {
	const key, secret = "4f5a0c8e2b7d4e1f9a3c6b8d0e2f4a6c", "9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b"
	s := jmzs.NewAPIGSigner(key, secret)
	for _, out := range []string{
		fmt.Sprintf("%v %+v %#v %s", s, s, s, s),
		fmt.Sprintf("%v %+v %#v", *s, *s, *s),
	} {
		require.NotContains(t, out, secret)
		require.NotContains(t, out, key)
	}
}
