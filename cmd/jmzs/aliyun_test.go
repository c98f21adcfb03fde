package main

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/jmzstest"
)

const (
	testAliyunAppCode   = "a1b2c3d4e5f60718293a4b5c6d7e8f90"
	testAliyunAppKey    = "203753385"
	testAliyunAppSecret = "aliyunSecret0123456789abcdefDONOTLOG"
)

var withAliyunAppKey = []string{"JMZS_ALIYUN_APP_KEY=" + testAliyunAppKey, "JMZS_ALIYUN_APP_SECRET=" + testAliyunAppSecret}

func newAliyunGateway(t *testing.T) *jmzstest.Gateway {
	gw := jmzstest.NewGateway(t, jmzstest.WithAliyunAppCode(testAliyunAppCode), jmzstest.WithAliyunAppKey(testAliyunAppKey, testAliyunAppSecret))
	gw.Reply("/mobile/area", 200, "成功", map[string]string{"area": "浙江杭州"})
	return gw
}

func TestCallAliyun(t *testing.T) {
	gw := newAliyunGateway(t)
	endpoint := gw.URL() + "/mobile/area"
	for _, tt := range []struct {
		name string
		env  []string
		args []string
	}{
		{"AppKey from the environment, form", withAliyunAppKey, []string{"call", "-f", "mobile_number=13800000000", endpoint}},
		{"AppKey flags, query and JSON", nil, []string{"call", "-aliyun-appkey", testAliyunAppKey, "-aliyun-appsecret", testAliyunAppSecret,
			"-q", "b=x y", "-json", `{"mobile_number":"13800000000"}`, "-H", "X-Ca-Stage: RELEASE", endpoint}},
		{"AppCode flag", nil, []string{"call", "-aliyun-appcode", testAliyunAppCode, "-f", "mobile_number=13800000000", endpoint}},
		{"AppCode from the environment", []string{"JMZS_ALIYUN_APPCODE=" + testAliyunAppCode}, []string{"call", endpoint}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := runJMZS(t, tt.env, tt.args...)
			require.Equal(t, 0, r.code, r.stderr)
			var env envelope
			require.NoError(t, json.Unmarshal([]byte(r.stdout), &env), r.stdout)
			require.JSONEq(t, `{"area":"浙江杭州"}`, string(env.Data))
		})
	}
	for _, rec := range gw.Requests() {
		require.Equal(t, 200, rec.Status)
	}
}

func TestCallAliyunWrongSecret(t *testing.T) {
	gw := newAliyunGateway(t)
	r := runJMZS(t, []string{"JMZS_ALIYUN_APP_KEY=" + testAliyunAppKey, "JMZS_ALIYUN_APP_SECRET=not-the-secret"},
		"call", "-f", "mobile_number=13800000000", "-q", "a=", gw.URL()+"/mobile/area")
	require.Equal(t, 1, r.code, r.stderr)
	require.Contains(t, r.stderr, "gateway error")
	require.Regexp(t, `HTTP status: 400\n`, r.stderr)
	require.Contains(t, r.stderr, "Invalid Signature, Server StringToSign:POST#application/json#")
	for _, s := range []string{"Signature diagnosis", "  = parameters", "a&mobile_number=13800000000", "  = header x-ca-nonce", "No difference.", "the AppSecret is wrong"} {
		require.Contains(t, r.stderr, s)
	}
	require.NotContains(t, r.stderr+r.stdout, "not-the-secret")
}

// A proxy changes the request after signing: the diagnosis names the part.
func TestCallAliyunDiagnosesWhatChangedOnTheWay(t *testing.T) {
	gw := newAliyunGateway(t)
	target, err := url.Parse(gw.URL())
	require.NoError(t, err)
	for _, tt := range []struct {
		name   string
		change func(*http.Request)
		first  string
		hint   string
	}{
		{"Accept replaced", func(r *http.Request) { r.Header.Set("Accept", "*/*") }, "Accept", "another Accept"},
		{"Content-Type changed", func(r *http.Request) { r.Header.Set("Content-Type", "application/x-www-form-urlencoded") }, "Content-Type", "charset"},
		{"stage header rewritten", func(r *http.Request) { r.Header.Set("X-Ca-Stage", "TEST") }, "header x-ca-stage", "another value"},
		{"query rewritten", func(r *http.Request) { r.URL.RawQuery = "a=2" }, "parameters", "query and form parameters together"},
		{"path rewritten", func(r *http.Request) { r.URL.Path = "/mobile/area/"; r.URL.RawPath = "" }, "path", "another path"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			proxy := httputil.NewSingleHostReverseProxy(target)
			director := proxy.Director
			proxy.Director = func(r *http.Request) { director(r); tt.change(r) }
			srv := httptest.NewServer(proxy)
			defer srv.Close()
			gw.Handle("/mobile/area/", http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))

			r := runJMZS(t, withAliyunAppKey, "call", "-q", "a=1", "-H", "X-Ca-Stage: RELEASE", "-f", "mobile_number=13800000000", srv.URL+"/mobile/area")
			require.Equal(t, 1, r.code, r.stderr)
			require.Contains(t, r.stderr, "Signature diagnosis")
			require.Contains(t, r.stderr, "First difference: "+tt.first+".\n")
			require.Contains(t, r.stderr, tt.hint)
		})
	}
}

func TestCallAliyunVerboseMasksSecrets(t *testing.T) {
	gw := newAliyunGateway(t)
	r := runJMZS(t, withAliyunAppKey, "call", "-v", "-f", "mobile_number=13800000000", gw.URL()+"/mobile/area")
	require.Equal(t, 0, r.code, r.stderr)
	require.Contains(t, r.stderr, "> X-Ca-Signature: ****")
	sent := gw.Requests()[0]
	for _, s := range []string{testAliyunAppSecret, sent.Header.Get("X-Ca-Signature")} {
		require.NotContains(t, r.stderr+r.stdout, s)
	}
}

// With both markets' credentials in the environment, the host picks one.
func TestCallPicksTheMarketByHost(t *testing.T) {
	for k, v := range map[string]string{
		"JMZS_APPCODE": testAppCode, "JMZS_APP_KEY": "", "JMZS_APP_SECRET": "", "JMZS_ALIYUN_APPCODE": "",
		"JMZS_ALIYUN_APP_KEY": testAliyunAppKey, "JMZS_ALIYUN_APP_SECRET": testAliyunAppSecret,
	} {
		t.Setenv(k, v)
	}
	for host, want := range map[string]string{
		"jumcvit.market.alicloudapi.com":          "*jmzs.AliyunSigner",
		"expressqueryv2.apistore.huaweicloud.com": "*jmzs.AppCodeAuth",
	} {
		var c credentials
		auth, err := c.authenticator(host)
		require.NoError(t, err)
		require.Equal(t, want, typeName(auth))
	}
	var c credentials
	_, err := c.authenticator("127.0.0.1")
	require.ErrorContains(t, err, "give -market huawei or -market aliyun")
	require.NotContains(t, err.Error(), testAliyunAppSecret)
	for market, want := range map[string]string{"huawei": "*jmzs.AppCodeAuth", "aliyun": "*jmzs.AliyunSigner"} {
		c := credentials{market: market}
		auth, err := c.authenticator("127.0.0.1")
		require.NoError(t, err)
		require.Equal(t, want, typeName(auth), "-market %s", market)
	}
}

// jmzs mock serves each market to its own credentials; jmzs call with
// both markets' credentials picks by -market on loopback.
func TestMockAndCallByMarket(t *testing.T) {
	url, stop := startMock(t, "-appcode", testAppCode, "-aliyun-appcode", testAliyunAppCode)
	both := []string{"call", "-appcode", testAppCode, "-aliyun-appcode", testAliyunAppCode}
	idcard := []string{"-f", "idCardNo=11010519491231002X", "-f", "name=张三", url + "/idcard/validate"}

	r := runJMZS(t, nil, append(append(both, "-market", "aliyun"), idcard...)...)
	require.Equal(t, 0, r.code, r.stderr)
	require.Contains(t, r.stdout, `"desc": "一致"`)

	// The Huawei credential on the Aliyun route: refused as Alibaba Cloud refuses it.
	r = runJMZS(t, nil, append(append(both, "-market", "huawei"), idcard...)...)
	require.Equal(t, 1, r.code, r.stderr)
	require.Contains(t, r.stderr, "Empty Signature")

	// One path, two markets: each credential gets its own market's method.
	for _, market := range []string{"huawei", "aliyun"} {
		r = runJMZS(t, nil, append(both, "-market", market, url+"/invoice/validate")...)
		require.Equal(t, 0, r.code, "%s: %s", market, r.stderr)
	}
	code, stdout, stderr := stop()
	require.Equal(t, 0, code, stderr)
	for _, secret := range []string{testAppCode, testAliyunAppCode} {
		require.NotContains(t, stdout+stderr, secret)
	}
}

func typeName(a jmzs.Authenticator) string {
	switch a.(type) {
	case *jmzs.AliyunSigner:
		return "*jmzs.AliyunSigner"
	case *jmzs.AppCodeAuth:
		return "*jmzs.AppCodeAuth"
	}
	return "other"
}

// The published form POST (Higress hmac-auth tests) signed by jmzs sign:
// the string is the published one plus the x-ca-signature-method line
// jmzs always sends, and the signature is its HMAC.
func TestSignAliyunPublishedVector(t *testing.T) {
	r := runJMZS(t, nil, "sign", "-aliyun", "-appkey", "appKey", "-appsecret", "appSecret", "-timestamp", "1646646682418",
		"-nonce", "ca5a6753-b76c-4fff-a9d9-e5bb643e8cdf", "-H", "Content-Type: application/x-www-form-urlencoded",
		"-d", "nickname=nickname&room_id=6893&uuid=uuid&photo=photo", "-explain", "POST", "http://example.com/Third/User/getNyAccessToken")
	require.Equal(t, 0, r.code, r.stderr)
	sts := "POST\napplication/json\n\napplication/x-www-form-urlencoded\n\nx-ca-key:appKey\nx-ca-nonce:ca5a6753-b76c-4fff-a9d9-e5bb643e8cdf\n" +
		"x-ca-signature-method:HmacSHA256\nx-ca-timestamp:1646646682418\n/Third/User/getNyAccessToken?nickname=nickname&photo=photo&room_id=6893&uuid=uuid"
	mac := hmac.New(sha256.New, []byte("appSecret"))
	mac.Write([]byte(sts))
	require.Equal(t, "POST http://example.com/Third/User/getNyAccessToken\n"+
		"Host: example.com\n"+
		"Accept: application/json\n"+
		"Content-Type: application/x-www-form-urlencoded\n"+
		"X-Ca-Key: appKey\n"+
		"X-Ca-Nonce: ca5a6753-b76c-4fff-a9d9-e5bb643e8cdf\n"+
		"X-Ca-Signature-Headers: x-ca-key,x-ca-nonce,x-ca-signature-method,x-ca-timestamp\n"+
		"X-Ca-Signature-Method: HmacSHA256\n"+
		"X-Ca-Timestamp: 1646646682418\n"+
		"X-Ca-Signature: "+base64.StdEncoding.EncodeToString(mac.Sum(nil))+"\n"+
		"\nString to sign:\n"+sts+"\n", r.stdout)
}

// jmzs sign -aliyun makes requests the mock accepts; a changed one is
// refused, and -compare with the refusal names what changed.
func TestSignAliyunAgainstMock(t *testing.T) {
	base, stop := startMock(t, "-aliyun-appkey", testAliyunAppKey, "-aliyun-appsecret", testAliyunAppSecret)
	endpoint := base + "/mobile/area?a=1"
	body := "mobile_number=13800000000"
	r := runJMZS(t, withAliyunAppKey, "sign", "-aliyun", "-H", "Content-Type: application/x-www-form-urlencoded; charset=UTF-8", "-d", body, "POST", endpoint)
	require.Equal(t, 0, r.code, r.stderr)
	resp, err := http.DefaultClient.Do(parseHead(t, r.stdout, body))
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)

	// The same request again: the nonce is used.
	resp, err = http.DefaultClient.Do(parseHead(t, r.stdout, body))
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, "Nonce Used", resp.Header.Get("X-Ca-Error-Message"))

	// Re-signed, then sent with another form value.
	r = runJMZS(t, withAliyunAppKey, "sign", "-aliyun", "-H", "Content-Type: application/x-www-form-urlencoded; charset=UTF-8", "-d", body, "POST", endpoint)
	require.Equal(t, 0, r.code, r.stderr)
	resp, err = http.DefaultClient.Do(parseHead(t, r.stdout, "mobile_number=13900000000"))
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusBadRequest, resp.StatusCode)
	msg := resp.Header.Get("X-Ca-Error-Message")
	require.True(t, strings.HasPrefix(msg, "Invalid Signature, Server StringToSign:"), msg)

	ts, nonce := headerOf(t, r.stdout, "X-Ca-Timestamp"), headerOf(t, r.stdout, "X-Ca-Nonce")
	for _, compare := range []string{msg, "X-Ca-Error-Message: " + msg, strings.ReplaceAll(msg, "#", "")} {
		c := runJMZS(t, withAliyunAppKey, "sign", "-aliyun", "-timestamp", ts, "-nonce", nonce,
			"-H", "Content-Type: application/x-www-form-urlencoded; charset=UTF-8", "-d", body, "-compare", compare, "POST", endpoint)
		require.Equal(t, 1, c.code, c.stdout+c.stderr)
		require.Contains(t, c.stdout, "First difference: parameters.")
		require.Contains(t, c.stdout, "13900000000")
	}
	// Compared with the string of the request as sent: no difference.
	c := runJMZS(t, withAliyunAppKey, "sign", "-aliyun", "-timestamp", ts, "-nonce", nonce,
		"-H", "Content-Type: application/x-www-form-urlencoded; charset=UTF-8", "-d", "mobile_number=13900000000", "-compare", msg, "POST", endpoint)
	require.Equal(t, 0, c.code, c.stdout+c.stderr)
	require.Contains(t, c.stdout, "No difference.")

	code, stdout, stderr := stop()
	require.Equal(t, 0, code, stderr)
	require.NotContains(t, stdout+stderr, testAliyunAppSecret)
}

func headerOf(t *testing.T, head, name string) string {
	t.Helper()
	for _, line := range strings.Split(head, "\n") {
		if v, ok := strings.CutPrefix(line, name+": "); ok {
			return v
		}
	}
	t.Fatalf("no %s in\n%s", name, head)
	return ""
}

// No argument is echoed in an error: any may be a secret typed in the
// wrong place. The errors name the flag and the position instead.
func TestNoArgumentEchoed(t *testing.T) {
	const secret = "S3CRETvalue0123456789abcdefXYZ"
	u := "https://jumcvit.market.alicloudapi.com/mobile/area"
	for _, tt := range []struct {
		name string
		args []string
		msg  string
	}{
		{"forgotten -appsecret", []string{"call", "-appkey", "KEY0123456789", secret, u}, "arguments 3 and 4"},
		{"forgotten -appsecret, no URL", []string{"call", "-appkey", "KEY0123456789", secret}, "argument 3 is not a URL"},
		{"forgotten -aliyun-appsecret", []string{"call", "-aliyun-appkey", "203753385", secret, u}, "is -aliyun-appsecret missing"},
		{"secret as -q", []string{"call", "-appcode", "c", "-q", secret, u}, "-q at argument 4: want key=value"},
		{"secret as -f", []string{"call", "-appcode", "c", "-f", secret, u}, "-f at argument 4: want key=value"},
		{"secret as -H", []string{"call", "-appcode", "c", "-H", secret, u}, "-H at argument 4: want 'Name: value'"},
		{"secret as -X", []string{"call", "-appcode", "c", "-X", secret + " x", u}, "-X at argument 4: not an HTTP method"},
		{"secret as -retries", []string{"call", "-appcode", "c", "-retries", secret, u}, "invalid value for -retries at argument 3"},
		{"secret as -timeout", []string{"call", "-appcode", "c", "-timeout", secret, u}, "invalid value for -timeout at argument 3"},
		{"secret as a flag", []string{"call", "-" + secret, u}, "unknown flag at argument 1"},
		{"secret as -v=", []string{"call", "-v=" + secret, u}, "invalid value for -v at argument 1"},
		{"sign: forgotten -appsecret", []string{"sign", "-appkey", "KEY0123456789", secret, "GET", u}, "arguments 3, 4 and 5"},
		{"sign: secret as METHOD", []string{"sign", "-appkey", "k", "-appsecret", "s", secret, u}, "argument 5 is not an HTTP method"},
		{"sign: secret as URL", []string{"sign", "-appkey", "k", "-appsecret", "s", "GET", secret}, "argument 6 is not a URL"},
		{"sign: secret as -H", []string{"sign", "-appkey", "k", "-appsecret", "s", "-H", secret, "GET", u}, "-H at argument 6"},
		{"sign: secret as -date", []string{"sign", "-appkey", "k", "-appsecret", "s", "-date", secret, "GET", u}, "-date at argument 6"},
		{"sign: secret as -timestamp", []string{"sign", "-aliyun", "-appkey", "k", "-appsecret", "s", "-timestamp", secret, "GET", u}, "invalid value for -timestamp"},
		{"batch: forgotten -appsecret", []string{"batch", "-appkey", "KEY0123456789", secret, "-in", "in", "-out", "out", u}, "arguments 3 and 8"},
		{"batch: secret as URL", []string{"batch", "-appcode", "c", "-in", "in", "-out", "out", secret}, "argument 7 is not a URL"},
		{"mock: forgotten -appsecret", []string{"mock", "-appkey", "KEY0123456789", secret}, "want no arguments; got 1 (argument 3;"},
		{"version: an argument", []string{"version", secret}, "takes no arguments"},
		{"a command", []string{secret}, "unknown command (not shown"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := runJMZS(t, nil, tt.args...)
			require.Equal(t, 2, r.code, r.stderr)
			require.Contains(t, r.stderr, tt.msg)
			require.NotContains(t, r.stdout+r.stderr, secret)
			require.NotContains(t, r.stdout+r.stderr, secret[:12], "not even a part")
		})
	}
}

func TestAliyunServerStringToSign(t *testing.T) {
	for in, want := range map[string]string{
		"Invalid Signature, Server StringToSign:GET#a":                                                                     "GET#a",
		"Invalid Signature, Server StringToSign:`GET#a`":                                                                   "GET#a",
		"X-Ca-Error-Message: Invalid Signature, Server StringToSign:GET#a\r":                                               "GET#a",
		"HTTP/1.1 400 Bad Request\nX-Ca-Error-Message: Invalid Signature, Server StringToSign:GET#a\nX-Ca-Request-Id: 1\n": "GET#a",
	} {
		got, ok := aliyunServerStringToSign(in)
		require.True(t, ok, in)
		require.Equal(t, want, got, in)
	}
	_, ok := aliyunServerStringToSign("Nonce Used")
	require.False(t, ok)
}

func TestParseAliyunSTS(t *testing.T) {
	p, err := parseAliyunSTS("POST#*/*##text/plain##x-ca-a:1#x-ca-b:v#with#hash#x-ca-c:#/p/a%20b?k=v#1&z", "#")
	require.NoError(t, err)
	require.Equal(t, aliyunParts{method: "POST", accept: "*/*", contentType: "text/plain",
		headers: []string{"x-ca-a:1", "x-ca-b:v#with#hash", "x-ca-c:"}, path: "/p/a%20b", params: "k=v#1&z"}, p)
	_, err = parseAliyunSTS("GET#a#b", "#")
	require.Error(t, err)
	_, err = parseAliyunSTS("GET#a#b#c#d#x-ca-a:1", "#")
	require.ErrorContains(t, err, "no path")
}

func TestWriteAliyunDiagnosisHeaderSets(t *testing.T) {
	ours := "GET\napplication/json\n\n\n\nx-ca-key:k\nx-ca-stage:RELEASE\n/p"
	var b strings.Builder
	differ, err := writeAliyunDiagnosis(&b, ours, "Invalid Signature, Server StringToSign:GET#application/json####x-ca-key:k#/p")
	require.NoError(t, err)
	require.True(t, differ)
	require.Contains(t, b.String(), "! header x-ca-stage")
	require.Contains(t, b.String(), "gateway: (absent)")
	require.Contains(t, b.String(), "First difference: header x-ca-stage.")
	require.Contains(t, b.String(), "did not sign this header")
	_, err = writeAliyunDiagnosis(io.Discard, ours, "Quota Exhausted")
	require.Error(t, err)
}
