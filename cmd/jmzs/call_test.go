package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/jmzs-sdk/jmzs-go/jmzstest"
)

const (
	testAppCode   = "5f1e2d3c4b5a69788796a5b4c3d2e1f0"
	testAppKey    = "4f5a0c8e2b7d4e1f9a3c6b8d0e2f4a6c"
	testAppSecret = "9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b"
)

// newGateway starts the kit's fake gateway, accepting the test credentials.
func newGateway(t *testing.T) *jmzstest.Gateway {
	return jmzstest.NewGateway(t, jmzstest.WithAppCode(testAppCode), jmzstest.WithAppKey(testAppKey, testAppSecret))
}

var (
	withAppCode = []string{"JMZS_APPCODE=" + testAppCode}
	withAppKey  = []string{"JMZS_APP_KEY=" + testAppKey, "JMZS_APP_SECRET=" + testAppSecret}
)

// envelope is the part of a response envelope the tests read.
type envelope struct {
	Code   int             `json:"code"`
	Msg    string          `json:"msg"`
	TaskNo string          `json:"taskNo"`
	Data   json.RawMessage `json:"data"`
}

func TestCallSuccess(t *testing.T) {
	gw := newGateway(t)
	gw.Reply("/express/query-v2", 200, "成功", map[string]any{"expressNo": "YT1234567890", "state": 3})
	endpoint := gw.URL() + "/express/query-v2"

	tests := []struct {
		name string
		env  []string
		args []string
		// what the gateway must have received
		query, contentType, body string
	}{
		{"AppCode from the environment, query", withAppCode,
			[]string{"call", "-q", "expressNo=YT1234567890", "-q", "mobile=1234", endpoint},
			"expressNo=YT1234567890&mobile=1234", "application/json", ""},
		{"AppCode flag", nil,
			[]string{"call", "-appcode", testAppCode, "-q", "expressNo=YT1234567890", endpoint},
			"expressNo=YT1234567890", "application/json", ""},
		{"AppKey from the environment, form body, flags after the URL", withAppKey,
			[]string{"call", endpoint, "-f", "name=张三", "-f", "a=b c"},
			"", "application/x-www-form-urlencoded; charset=UTF-8", "a=b+c&name=%E5%BC%A0%E4%B8%89"},
		{"AppKey flags, JSON body, header, query with spaces", nil,
			[]string{"call", "-appkey", testAppKey, "-appsecret", testAppSecret, "-json", `{"expressNo":"YT1234567890"}`,
				"-H", "X-Stage: RELEASE", "-q", "q=a b+c", endpoint},
			"q=a%20b%2Bc", "application/json", `{"expressNo":"YT1234567890"}`},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runJMZS(t, tt.env, tt.args...)
			require.Equal(t, 0, r.code, r.stderr)
			require.Empty(t, r.stderr)

			var env envelope
			require.NoError(t, json.Unmarshal([]byte(r.stdout), &env), r.stdout)
			require.Equal(t, 200, env.Code)
			require.Equal(t, "成功", env.Msg)
			require.NotEmpty(t, env.TaskNo)
			require.JSONEq(t, `{"expressNo":"YT1234567890","state":3}`, string(env.Data))
			require.Contains(t, r.stdout, "\n  \"code\": 200", "indented JSON")

			reqs := gw.Requests()
			require.Len(t, reqs, i+1)
			got := reqs[i]
			require.Equal(t, "POST", got.Method)
			require.Equal(t, tt.query, got.RawQuery)
			require.Equal(t, tt.contentType, got.Header.Get("Content-Type"))
			require.Equal(t, tt.body, string(got.Body))
		})
	}
}

func TestCallBusinessError(t *testing.T) {
	gw := newGateway(t)
	gw.Reply("/express/query-v2", 400, "参数错误:expressNo不能为空", nil)

	r := runJMZS(t, withAppCode, "call", gw.URL()+"/express/query-v2")
	require.Equal(t, 1, r.code, r.stderr)
	var env envelope
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &env), "the envelope is still printed")
	require.Equal(t, 400, env.Code)
	require.NotEmpty(t, env.TaskNo)
	require.Contains(t, r.stderr, "business error")
	require.Regexp(t, `code: +400\n`, r.stderr)
	require.Regexp(t, `msg: +参数错误:expressNo不能为空\n`, r.stderr)
	require.Regexp(t, `taskNo: +`+env.TaskNo+`\n`, r.stderr)
	require.Regexp(t, `request id: +[0-9a-f]{32}\n`, r.stderr)
	require.Len(t, gw.Requests(), 1, "400 is not retried")
}

func TestCallGatewayErrors(t *testing.T) {
	gw := newGateway(t)
	gw.Reply("/ok", 200, "成功", nil)

	tests := []struct {
		name    string
		env     []string
		args    []string
		code    string
		stderr  []string
		without []string
	}{
		{"unknown API", withAppCode, []string{"call", gw.URL() + "/nope"}, "APIG.0101", nil, nil},
		{"wrong AppCode", []string{"JMZS_APPCODE=wrong-code"}, []string{"call", gw.URL() + "/ok"}, "APIG.0303", nil,
			[]string{"Signature diagnosis"}},
		{"unknown AppKey", []string{"JMZS_APP_KEY=nobody", "JMZS_APP_SECRET=x"}, []string{"call", gw.URL() + "/ok"}, "APIG.0303",
			[]string{"Hint: The gateway knows no app with this AppKey"}, []string{"Signature diagnosis"}},
		{"wrong AppSecret", []string{"JMZS_APP_KEY=" + testAppKey, "JMZS_APP_SECRET=not-the-secret"},
			[]string{"call", "-q", "a=1", gw.URL() + "/ok"}, "APIG.0303",
			[]string{"Signature diagnosis", "  = query", "a=1", "No difference.", "AppSecret is wrong"}, []string{"not-the-secret"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runJMZS(t, tt.env, tt.args...)
			require.Equal(t, 1, r.code, r.stderr)
			require.Contains(t, r.stderr, "gateway error")
			require.Regexp(t, `error_code: +`+tt.code+`\n`, r.stderr)
			require.Regexp(t, `request id: +[0-9a-f]{32}\n`, r.stderr)
			require.Contains(t, r.stdout, `"error_code": "`+tt.code+`"`, "the gateway's body is printed")
			for _, s := range tt.stderr {
				require.Contains(t, r.stderr, s)
			}
			for _, s := range tt.without {
				require.NotContains(t, r.stderr, s)
			}
		})
	}
}

// A proxy that drops Content-Type makes the gateway's canonical request
// differ from ours: the diagnosis must point at it.
func TestCallDiagnosesWhatChangedOnTheWay(t *testing.T) {
	gw := newGateway(t)
	gw.Reply("/ok", 200, "成功", nil)
	target, err := url.Parse(gw.URL())
	require.NoError(t, err)
	tests := []struct {
		name   string
		change func(*http.Request)
		first  string
		hint   string
	}{
		{"content-type dropped", func(r *http.Request) { r.Header.Del("Content-Type") }, "header content-type", "signed but not sent"},
		{"query rewritten", func(r *http.Request) { r.URL.RawQuery = "a=1&b=2" }, "query", "query encoding"},
		{"host rewritten", func(r *http.Request) { r.Host = "10.0.0.1" }, "header host", "Host"},
		{"body changed", func(r *http.Request) {
			r.Body = io.NopCloser(strings.NewReader(`{"a": 1}`))
			r.ContentLength = 8
		}, "payload hash", "body changed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			proxy := httputil.NewSingleHostReverseProxy(target)
			director := proxy.Director
			proxy.Director = func(r *http.Request) { director(r); tt.change(r) }
			srv := httptest.NewServer(proxy)
			defer srv.Close()

			r := runJMZS(t, withAppKey, "call", "-q", "a=1", "-json", `{"a":1}`, srv.URL+"/ok")
			require.Equal(t, 1, r.code, r.stderr)
			require.Regexp(t, `error_code: +APIG.0303\n`, r.stderr)
			require.Contains(t, r.stderr, "Signature diagnosis")
			require.Contains(t, r.stderr, "First difference: "+tt.first+" (line ")
			require.Contains(t, r.stderr, tt.hint)
		})
	}
}

func TestCallVerboseMasksSecrets(t *testing.T) {
	gw := newGateway(t)
	gw.Reply("/ok", 200, "成功", map[string]string{"name": "x"})

	for _, tt := range []struct {
		name string
		args []string
	}{
		{"AppCode", []string{"call", "-v", "-appcode", testAppCode, "-q", "idCard=110101199001011234", gw.URL() + "/ok"}},
		{"AppKey", []string{"call", "-v", "-appkey", testAppKey, "-appsecret", testAppSecret, "-q", "idCard=110101199001011234", gw.URL() + "/ok"}},
		{"wrong secret", []string{"call", "-v", "-appkey", testAppKey, "-appsecret", testAppSecret + "x", gw.URL() + "/ok"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := runJMZS(t, nil, tt.args...)
			require.Contains(t, r.stderr, "attempt=1")
			require.Contains(t, r.stderr, "latency=")
			require.Regexp(t, `request_id=[0-9a-f]{32}`, r.stderr)
			require.Contains(t, r.stderr, "> POST "+gw.URL()+"/ok")
			if r.code == 0 {
				require.Regexp(t, `task_no=\d+`, r.stderr)
				require.Regexp(t, `taskNo=\d+`, r.stderr)
			}

			sent := gw.Requests()[len(gw.Requests())-1]
			secrets := []string{testAppCode, testAppSecret, "110101199001011234"}
			if a := sent.Header.Get("Authorization"); a != "" {
				_, sig, ok := strings.Cut(a, "Signature=")
				require.True(t, ok)
				secrets = append(secrets, sig)
			}
			for _, s := range secrets {
				require.NotContains(t, r.stderr, s)
				require.NotContains(t, r.stdout, s)
			}
		})
	}
}

func TestCallUsageErrors(t *testing.T) {
	u := "http://127.0.0.1:1/x"
	tests := []struct {
		name string
		env  []string
		args []string
		msg  string
	}{
		{"no URL", withAppCode, []string{"call"}, "want one argument"},
		{"two URLs", withAppCode, []string{"call", u, u}, "want one argument"},
		{"not a URL", withAppCode, []string{"call", "example.com/x"}, "argument 1 is not a URL: want http(s)://host/path"},
		{"no credentials", nil, []string{"call", u}, "no credentials"},
		{"AppCode and AppKey", nil, []string{"call", "-appcode", "c", "-appkey", "k", "-appsecret", "s", u}, "give one credential per market, not both -appcode and -appkey and -appsecret"},
		{"AppKey without AppSecret", nil, []string{"call", "-appkey", "k", u}, "go together"},
		{"Aliyun AppKey without AppSecret", nil, []string{"call", "-aliyun-appkey", "k", u}, "-aliyun-appkey and -aliyun-appsecret go together"},
		{"both markets, the host tells none", nil, []string{"call", "-appcode", "c", "-aliyun-appcode", "c", u}, "credentials for both markets, and the host 127.0.0.1 does not tell which to send: give -market huawei or -market aliyun"},
		{"bad -market", nil, []string{"call", "-appcode", "c", "-market", "tencent", u}, "-market: want huawei or aliyun"},
		{"Aliyun host, Huawei credential", nil, []string{"call", "-appcode", "c", "https://jmidcardv1.market.alicloudapi.com/idcard/validate"},
			"jmidcardv1.market.alicloudapi.com is on Alibaba Cloud's API market, and no credential for it is given: give -aliyun-appcode, or -aliyun-appkey and -aliyun-appsecret"},
		{"-market Huawei, Aliyun credential", nil, []string{"call", "-aliyun-appcode", "c", "-market", "huawei", u},
			"127.0.0.1 is on Huawei Cloud KooGallery, and no credential for it is given: give -appcode, or -appkey and -appsecret"},
		{"bad method", withAppCode, []string{"call", "-X", "G T", u}, "-X at argument 2: not an HTTP method"},
		{"form and JSON", withAppCode, []string{"call", "-f", "a=1", "-json", "{}", u}, "send one"},
		{"bad -q", withAppCode, []string{"call", "-q", "a=1", "-q", "novalue", u}, "-q at argument 4: want key=value"},
		{"bad -f", withAppCode, []string{"call", "-f=novalue", u}, "-f at argument 1: want key=value"},
		{"bad -H", withAppCode, []string{"call", "-H", "NoColon", u}, "-H at argument 2: want 'Name: value'"},
		{"invalid JSON", withAppCode, []string{"call", "-json", "{", u}, "not valid JSON"},
		{"missing JSON file", withAppCode, []string{"call", "-json", "@/nonexistent/body.json", u}, "/nonexistent/body.json"},
		{"negative retries", withAppCode, []string{"call", "-retries", "-1", u}, "-retries must be 0 or more"},
		{"zero timeout", withAppCode, []string{"call", "-timeout", "0s", u}, "-timeout positive"},
		{"unknown flag", withAppCode, []string{"call", "-nope", u}, "flag provided but not defined: -nope"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runJMZS(t, tt.env, tt.args...)
			require.Equal(t, 2, r.code, r.stderr)
			require.Contains(t, r.stderr, tt.msg)
			require.Contains(t, r.stderr, "Run 'jmzs call -h' for usage.")
			require.Empty(t, r.stdout)
		})
	}
}

func TestCallNetworkErrorExitsOne(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	addr := srv.URL
	srv.Close() // nothing listens there any more
	r := runJMZS(t, withAppCode, "call", "-retries", "0", addr+"/x")
	require.Equal(t, 1, r.code, r.stderr)
	require.Contains(t, r.stderr, "jmzs call: ")
	require.Empty(t, r.stdout)
}
