package main

import (
	"encoding/json"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/jmzs-sdk/jmzs-go/internal/signvectors"

	"github.com/stretchr/testify/require"
)

// signArgs is the jmzs sign command line for v: its date, its headers
// as -H and its body as -d.
func signArgs(v signvectors.Vector, extra ...string) []string {
	args := []string{"sign", "-appkey", v.AK, "-appsecret", v.SK, "-date", v.Date}
	for k, val := range v.Headers {
		args = append(args, "-H", k+": "+val)
	}
	if v.Body != "" {
		args = append(args, "-d", v.Body)
	}
	args = append(args, extra...)
	return append(args, v.Method, v.URL)
}

// Huawei's published example (API Request Signing Guide) reproduced byte
// for byte.
func TestSignHuaweiPublishedExample(t *testing.T) {
	v := signvectors.Named(t, "doc_kat_vpcs_list")
	require.Equal(t, "SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, SignedHeaders=content-type;host;x-sdk-date, Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe",
		v.ExpectedAuthorization)

	r := runJMZS(t, nil, signArgs(v)...)
	require.Equal(t, 0, r.code, r.stderr)
	require.Empty(t, r.stderr)
	require.Equal(t, "GET "+v.URL+"\n"+
		"Host: service.region.example.com\n"+
		"Content-Type: application/json\n"+
		"X-Sdk-Date: 20191115T033655Z\n"+
		"Authorization: "+v.ExpectedAuthorization+"\n", r.stdout)

	// -explain adds the canonical request and the string to sign; the
	// Host from the URL alone gives the same signature.
	r = runJMZS(t, nil, "sign", "-appkey", v.AK, "-appsecret", v.SK, "-date", v.Date,
		"-H", "Content-Type: application/json", "-explain", v.Method, v.URL)
	require.Equal(t, 0, r.code, r.stderr)
	require.Contains(t, r.stdout, "Authorization: "+v.ExpectedAuthorization+"\n")
	require.Contains(t, r.stdout, "\nCanonical request:\n"+v.ExpectedCanonicalRequest+"\n")
	require.Contains(t, r.stdout, "\nString to sign:\n"+v.ExpectedStringToSign+"\n")
}

// Every vector whose header set the SDK's policy signs as given (Host
// present, no '_' in a name) comes out as published.
func TestSignVectors(t *testing.T) {
	checked := 0
	for _, v := range signvectors.Load(t) {
		if !v.FitsSignerPolicy() {
			continue
		}
		checked++
		t.Run(v.Name, func(t *testing.T) {
			r := runJMZS(t, nil, signArgs(v, "-explain")...)
			require.Equal(t, 0, r.code, r.stderr)
			require.Contains(t, r.stdout, "\nAuthorization: "+v.ExpectedAuthorization+"\n")
			require.Contains(t, r.stdout, "\nCanonical request:\n"+v.ExpectedCanonicalRequest+"\n")
			require.Contains(t, r.stdout, "\nString to sign:\n"+v.ExpectedStringToSign+"\n")
		})
	}
	require.GreaterOrEqual(t, checked, 14)
}

func TestSignCompare(t *testing.T) {
	msgPath := t.TempDir() + "/msg.json"
	require.NoError(t, os.WriteFile(msgPath, []byte(`{"error_msg":"`+faqMessage+`","error_code":"APIG.0303","request_id":"cb141a91c945e68950a14a8eff5d62dc"}`), 0o600))
	faqURL := "https://d7da6fe436fb48f2af3c5c2e5b203df7.example.com/test"
	tests := []struct {
		name    string
		args    []string
		code    int
		contain []string
	}{
		{"same request: the key is wrong", []string{"-compare", faqMessage, "GET", faqURL}, 0,
			[]string{"Canonical request:\n" + faqOurs + "\n", "No difference.", "AppSecret is wrong"}},
		{"message from a file", []string{"-compare", "@" + msgPath, "GET", faqURL}, 0, []string{"No difference."}},
		{"content-type signed by us only", []string{"-H", "Content-Type: application/json", "-compare", faqMessage, "GET", faqURL}, 1,
			[]string{"  ! header content-type  ours:    content-type:application/json\n", "gateway: (absent)", "First difference: header content-type"}},
		{"another host", []string{"-compare", faqMessage, "GET", "https://api.example.com/test"}, 1,
			[]string{"First difference: header host (line 4 of the canonical request).", "Hint: The gateway received another Host"}},
		{"another method", []string{"-d", `{"a":1}`, "-compare", faqMessage, "POST", faqURL}, 1,
			[]string{"First difference: method"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"sign", "-appkey", "k", "-appsecret", "s", "-date", "20230527T015431Z"}, tt.args...)
			r := runJMZS(t, nil, args...)
			require.Equal(t, tt.code, r.code, r.stdout+r.stderr)
			require.Contains(t, r.stdout, "Signature diagnosis")
			for _, s := range tt.contain {
				require.Contains(t, r.stdout, s)
			}
		})
	}
}

// A request signed by jmzs sign and sent by another client is accepted
// by the gateway.
func TestSignedRequestIsAccepted(t *testing.T) {
	gw := newGateway(t)
	gw.Reply("/express/query-v2", 200, "成功", map[string]string{"state": "3"})

	for _, curl := range []bool{false, true} {
		args := []string{"sign", "-H", "Content-Type: application/json", "-d", `{"expressNo":"YT1"}`}
		if curl {
			args = append(args, "-curl")
		}
		r := runJMZS(t, withAppKey, append(args, "POST", gw.URL()+"/express/query-v2?b=x y&a=1")...)
		require.Equal(t, 0, r.code, r.stderr)
		if curl {
			require.Contains(t, r.stdout, "curl -X POST '"+gw.URL()+"/express/query-v2?a=1&b=x%20y'")
			require.Contains(t, r.stdout, "--data-binary '{\"expressNo\":\"YT1\"}'")
			continue
		}
		req := parseHead(t, r.stdout, `{"expressNo":"YT1"}`)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		var env envelope
		require.NoError(t, json.NewDecoder(resp.Body).Decode(&env))
		resp.Body.Close()
		require.Equal(t, http.StatusOK, resp.StatusCode)
		require.Equal(t, 200, env.Code)
	}
}

// parseHead turns the output of jmzs sign into a request to send.
func parseHead(t *testing.T, head, body string) *http.Request {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(head, "\n"), "\n")
	method, target, ok := strings.Cut(lines[0], " ")
	require.True(t, ok, lines[0])
	req, err := http.NewRequest(method, target, strings.NewReader(body))
	require.NoError(t, err)
	for _, line := range lines[1:] {
		k, v, ok := strings.Cut(line, ": ")
		require.True(t, ok, line)
		if k == "Host" {
			req.Host = v
			continue
		}
		req.Header.Set(k, v)
	}
	return req
}

func TestSignUsageErrors(t *testing.T) {
	u := "https://api.example.com/x"
	tests := []struct {
		name string
		args []string
		msg  string
	}{
		{"no arguments", []string{"sign", "-appkey", "k", "-appsecret", "s"}, "want two arguments"},
		{"no method", []string{"sign", "-appkey", "k", "-appsecret", "s", u}, "want two arguments"},
		{"no credentials", []string{"sign", "GET", u}, "-appkey and -appsecret are required"},
		{"bad date", []string{"sign", "-appkey", "k", "-appsecret", "s", "-date", "2024-01-02T03:04:05Z", "GET", u}, "-date at argument 6: want the form 20060102T150405Z"},
		{"dates disagree", []string{"sign", "-appkey", "k", "-appsecret", "s", "-date", "20240102T030405Z", "-H", "X-Sdk-Date: 20240102T030406Z", "GET", u}, "disagree"},
		{"bad URL", []string{"sign", "-appkey", "k", "-appsecret", "s", "GET", "api.example.com/x"}, "argument 6 is not a URL: want http(s)://host/path"},
		{"bad method", []string{"sign", "-appkey", "k", "-appsecret", "s", "FETCH", u}, "argument 5 is not an HTTP method"},
		{"bad header", []string{"sign", "-appkey", "k", "-appsecret", "s", "-H", "X", "GET", u}, "-H at argument 6: want 'Name: value'"},
		{"Aliyun without credentials", []string{"sign", "-aliyun", "GET", u}, "(or JMZS_ALIYUN_APP_KEY and JMZS_ALIYUN_APP_SECRET)"},
		{"Aliyun with -date", []string{"sign", "-aliyun", "-appkey", "k", "-appsecret", "s", "-date", "20240102T030405Z", "GET", u}, "with -aliyun give -timestamp"},
		{"nonce without -aliyun", []string{"sign", "-appkey", "k", "-appsecret", "s", "-nonce", "n", "GET", u}, "-timestamp and -nonce are for -aliyun"},
		{"Aliyun compare without a string", []string{"sign", "-aliyun", "-appkey", "k", "-appsecret", "s", "-compare", "Nonce Used", "GET", u}, "quotes no string to sign"},
		{"compare without a canonical request", []string{"sign", "-appkey", "k", "-appsecret", "s", "-compare", "signature expired", "GET", u}, "quotes no canonical request"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runJMZS(t, nil, tt.args...)
			require.Equal(t, 2, r.code, r.stderr)
			require.Contains(t, r.stderr, tt.msg)
			require.Contains(t, r.stderr, "Run 'jmzs sign -h' for usage.")
			require.Empty(t, r.stdout)
		})
	}
}

// The canonical URI is built as Huawei's own signers build it (decode,
// then split), and a path they disagree on is refused.
func TestSignPathShapes(t *testing.T) {
	base := []string{"sign", "-appkey", "k", "-appsecret", "s", "-date", "20240102T030405Z"}
	r := runJMZS(t, nil, append(base, "-explain", "GET", "https://api.example.com/v1/a%2Fb/./c")...)
	require.Equal(t, 0, r.code, r.stderr)
	require.True(t, strings.HasPrefix(r.stdout, "GET https://api.example.com/v1/a%2Fb/./c\n"), "the path is sent as given:\n%s", r.stdout)
	require.Contains(t, r.stdout, "\nCanonical request:\nGET\n/v1/a/b/./c/\n")

	// A gateway that quotes the decoded path agrees; one quoting the
	// split-first form shows where the difference is.
	same := "canonicalRequest:GET|/v1/a/b/./c/||host:api.example.com|x-sdk-date:20240102T030405Z||host;x-sdk-date|e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
	r = runJMZS(t, nil, append(base, "-compare", same, "GET", "https://api.example.com/v1/a%2Fb/./c")...)
	require.Equal(t, 0, r.code, r.stdout+r.stderr)
	require.Contains(t, r.stdout, "No difference.")
	r = runJMZS(t, nil, append(base, "-compare", strings.Replace(same, "/v1/a/b/", "/v1/a%252Fb/", 1), "GET", "https://api.example.com/v1/a%2Fb/./c")...)
	require.Equal(t, 1, r.code, r.stdout+r.stderr)
	require.Contains(t, r.stdout, "First difference: canonical URI (line 2 of the canonical request).")
	require.Contains(t, r.stdout, "an encoded slash (%2F) counts as a slash")

	for _, tt := range []struct{ url, msg string }{
		{"https://api.example.com/v1/%FF", "path segment 2: %FF is not valid UTF-8"},
		{"https://api.example.com/v1/x?id=110101199003071234&name=%E6%B5", "query parameter 2 value: %E6%B5 is not valid UTF-8"},
		{"https://api.example.com/v1/x?=110101199003071234", "query parameter 1: empty key"},
	} {
		r = runJMZS(t, nil, append(base, "GET", tt.url)...)
		require.Equal(t, 1, r.code, r.stderr)
		require.Contains(t, r.stderr, tt.msg)
		require.NotContains(t, r.stderr, "110101199003071234")
		require.Empty(t, r.stdout)
	}
}
