package jmzstest_test

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/jmzstest"
)

const (
	aliyunKey    = "203753385"
	aliyunSecret = "aliyun-s3cr3t-do-not-log-me"
)

func TestGatewayAliyunAppCode(t *testing.T) {
	const code = "aliyun-0123456789abcdef"
	g := jmzstest.NewGateway(t, jmzstest.WithAliyunAppCode(code), jmzstest.WithFixtureRoutes())
	req := func() *jmzs.Request {
		return &jmzs.Request{URL: g.URL() + "/idcard/validate", Form: url.Values{"name": {"张三"}, "idCardNo": {"11010519491231002X"}}}
	}

	resp, err := jmzs.Do[map[string]any](context.Background(), newClient(t, g, jmzs.WithAliyunAppCode(code)), req())
	require.NoError(t, err)
	require.Equal(t, "一致", resp.Data["desc"], "the idcard/ok fixture is a match")
	require.Equal(t, "APPCODE "+code, g.Requests()[0].Header.Get("Authorization"))
	require.Equal(t, resp.RequestID, resp.Header.Get(jmzstest.HeaderAliyunRequestID), "every answer to an Aliyun request carries X-Ca-Request-Id")

	// A wrong Aliyun AppCode is refused as Aliyun's gateway does.
	resp, err = jmzs.Do[map[string]any](context.Background(), newClient(t, g, jmzs.WithAliyunAppCode("wrong-code")), req())
	var ge *jmzs.GatewayError
	require.ErrorAs(t, err, &ge)
	require.Equal(t, 400, ge.HTTPStatus)
	require.Equal(t, "Invalid AppCode", ge.ErrorMsg)
	require.Equal(t, "A400AC", resp.Header.Get(jmzstest.HeaderAliyunErrorCode))
	require.Equal(t, "Invalid AppCode", resp.Header.Get(jmzstest.HeaderAliyunErrorMessage))
	require.Empty(t, resp.Raw, "an Aliyun refusal has no body")
	require.NotContains(t, err.Error(), code)

	// Huawei's AppCode header is no Aliyun credential: refused as APIG refuses it.
	_, err = jmzs.Do[map[string]any](context.Background(), newClient(t, g, jmzs.WithAppCode(code)), req())
	require.ErrorAs(t, err, &ge)
	require.Equal(t, 401, ge.HTTPStatus)

	_, err = jmzstest.StartGateway(jmzstest.WithAliyunAppCode(""))
	require.Error(t, err)
	_, err = jmzstest.StartGateway(jmzstest.WithAliyunAppKey("k", ""))
	require.Error(t, err)
}

// A consumer's test: requests signed by jmzs.WithAliyunAppKey reach the
// fixtures over real HTTP (and HTTPS); the kit checks them on its own.
func TestGatewayAcceptsAliyunSignedRequests(t *testing.T) {
	for _, tls := range []bool{false, true} {
		opts := []jmzstest.GatewayOption{jmzstest.WithAliyunAppKey(aliyunKey, aliyunSecret), jmzstest.WithFixtureRoutes()}
		if tls {
			opts = append(opts, jmzstest.WithTLS())
		}
		g := jmzstest.NewGateway(t, opts...)
		c := newClient(t, g, jmzs.WithAliyunAppKey(aliyunKey, aliyunSecret))
		for _, req := range []*jmzs.Request{
			{URL: g.URL() + "/idcard/validate", Form: url.Values{"name": {"张三"}, "idCardNo": {"11010519491231002X"}}},
			{URL: g.URL() + "/sms/send", Query: url.Values{"mobile": {"13800000000"}, "templateId": {"JM1000372"}, "value": {"12 34+%"}}},
			{URL: g.URL() + "/exchange-rate/convert?fromCode=USD", Form: url.Values{"fromCode": {"EUR"}, "toCode": {"CNY"}, "money": {"0"}}},
			{URL: g.URL() + "/bankcard/info", JSON: map[string]string{"bankcard": "6222020000000000000"},
				Header: http.Header{"X-Ca-Stage": {"RELEASE"}, "Accept": {"*/*"}, "Date": {time.Now().UTC().Format(http.TimeFormat)}}},
			{Method: "GET", URL: g.URL() + "/mobile/area?mobile_number=13800000000&%F0%9F%98%80=x&%EF%BC%A1=y"},
		} {
			_, err := jmzs.Do[json.RawMessage](context.Background(), c, req)
			require.NoError(t, err, "%s %s", req.Method, req.URL)
		}
		for _, rec := range g.Requests() {
			require.Equal(t, 200, rec.Status)
			require.Equal(t, aliyunKey, rec.Header.Get("X-Ca-Key"))
		}
	}
}

// aliyunRefusal sends req through a client whose middleware may tamper
// with the signed request, and returns the gateway's answer.
func aliyunRefusal(t *testing.T, g *jmzstest.Gateway, opt jmzs.Option, tamper func(*http.Request), req *jmzs.Request, more ...jmzs.Option) (*jmzs.GatewayError, http.Header) {
	t.Helper()
	var header http.Header
	mw := jmzs.WithMiddleware(func(r *http.Request, next func(*http.Request) (*http.Response, error)) (*http.Response, error) {
		if tamper != nil {
			tamper(r)
		}
		resp, err := next(r)
		if resp != nil {
			header = resp.Header
		}
		return resp, err
	})
	_, err := jmzs.Do[json.RawMessage](context.Background(), newClient(t, g, append([]jmzs.Option{opt, mw}, more...)...), req)
	var ge *jmzs.GatewayError
	require.ErrorAs(t, err, &ge)
	require.NotContains(t, err.Error(), aliyunSecret)
	require.NotEmpty(t, header.Get(jmzstest.HeaderAliyunRequestID))
	require.Equal(t, ge.ErrorMsg, header.Get(jmzstest.HeaderAliyunErrorMessage))
	return ge, header
}

func TestGatewayRefusesAliyunAsAliyunDoes(t *testing.T) {
	g := jmzstest.NewGateway(t, jmzstest.WithAliyunAppKey(aliyunKey, aliyunSecret), jmzstest.WithFixtureRoutes())
	signed := jmzs.WithAliyunAppKey(aliyunKey, aliyunSecret)
	form := func() *jmzs.Request {
		return &jmzs.Request{URL: g.URL() + "/idcard/validate", Form: url.Values{"name": {"张三"}, "idCardNo": {"11010519491231002X"}}}
	}
	setBody := func(r *http.Request, body string) {
		r.Body = io.NopCloser(strings.NewReader(body))
		r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(body)), nil }
		r.ContentLength = int64(len(body))
	}

	t.Run("tampered form", func(t *testing.T) {
		ge, h := aliyunRefusal(t, g, signed, func(r *http.Request) { setBody(r, "idCardNo=110105194912310000&name=%E5%BC%A0%E4%B8%89") }, form())
		require.Equal(t, 400, ge.HTTPStatus)
		require.Equal(t, "A403IS", h.Get(jmzstest.HeaderAliyunErrorCode))
		sts, ok := strings.CutPrefix(ge.ErrorMsg, "Invalid Signature, Server StringToSign:")
		require.True(t, ok, ge.ErrorMsg)
		require.True(t, strings.HasPrefix(sts, "POST#application/json##application/x-www-form-urlencoded; charset=UTF-8##x-ca-key:"+aliyunKey+"#"), sts)
		require.True(t, strings.HasSuffix(sts, "#/idcard/validate?idCardNo=110105194912310000&name=张三"), "the gateway signs what it received: %s", sts)
	})

	t.Run("wrong secret: the server's string is ours", func(t *testing.T) {
		var ours string
		signer := jmzs.NewAliyunSigner(aliyunKey, "wrong-secret")
		explain := jmzs.WithAuthenticator(authFunc(func(r *http.Request) error {
			var err error
			ours, err = signer.Explain(r)
			return err
		}))
		req := form()
		req.URL += "?b=x+y&a="
		req.Header = http.Header{"X-Ca-Custom": {" padded "}, "Date": {"Sun, 30 Nov 2025 00:00:00 GMT"}}
		ge, _ := aliyunRefusal(t, g, explain, nil, req)
		require.Equal(t, "Invalid Signature, Server StringToSign:"+strings.ReplaceAll(ours, "\n", "#"), ge.ErrorMsg)
	})

	t.Run("body changed under Content-MD5", func(t *testing.T) {
		req := &jmzs.Request{URL: g.URL() + "/bankcard/info", JSON: map[string]string{"bankcard": "6222020000000000000"}}
		ge, _ := aliyunRefusal(t, g, signed, func(r *http.Request) { setBody(r, `{"bankcard":"6222020000000000001"}`) }, req)
		require.Equal(t, 400, ge.HTTPStatus)
		require.Equal(t, "Invalid Content-MD5", ge.ErrorMsg)
	})

	t.Run("unknown AppKey", func(t *testing.T) {
		ge, h := aliyunRefusal(t, g, jmzs.WithAliyunAppKey("999999999", aliyunSecret), nil, form())
		require.Equal(t, 400, ge.HTTPStatus)
		require.Equal(t, "Invalid AppKey", ge.ErrorMsg)
		require.Equal(t, "A400IK", h.Get(jmzstest.HeaderAliyunErrorCode))
	})

	t.Run("no signature", func(t *testing.T) {
		ge, _ := aliyunRefusal(t, g, signed, func(r *http.Request) { r.Header.Del("X-Ca-Signature") }, form())
		require.Equal(t, 401, ge.HTTPStatus)
		require.Equal(t, "Empty Signature", ge.ErrorMsg)
	})

	t.Run("timestamp out of the window", func(t *testing.T) {
		g.SetClockSkew(16 * time.Minute)
		defer g.SetClockSkew(0)
		// An Authenticator that cannot learn the gateway's clock is refused.
		signer := jmzs.NewAliyunSigner(aliyunKey, aliyunSecret)
		ge, _ := aliyunRefusal(t, g, jmzs.WithAuthenticator(authFunc(signer.Authenticate)), nil, form())
		require.Equal(t, "Timestamp Expired", ge.ErrorMsg)

		// The SDK's signer learns it from the refusal's Date and signs once more.
		g.ClearRequests()
		_, err := jmzs.Do[json.RawMessage](context.Background(), newClient(t, g, signed), form())
		require.NoError(t, err)
		require.Len(t, g.Requests(), 2, "refused once, then signed with the gateway's clock")
	})

	t.Run("replayed nonce", func(t *testing.T) {
		replay := jmzs.WithMiddleware(func(r *http.Request, next func(*http.Request) (*http.Response, error)) (*http.Response, error) {
			first, err := next(r.Clone(r.Context()))
			require.NoError(t, err)
			first.Body.Close()
			require.Equal(t, 200, first.StatusCode)
			body, _ := r.GetBody()
			r.Body = body
			return next(r) // the same signed request again
		})
		ge, _ := aliyunRefusal(t, g, signed, nil, form(), replay)
		require.Equal(t, "Nonce Used", ge.ErrorMsg)
	})
}

// The published vectors (see internal/aliyunsign) are accepted as they
// stand, and the kit's string to sign is the published one.
func TestGatewayAcceptsPublishedAliyunVectors(t *testing.T) {
	g := jmzstest.NewGateway(t, jmzstest.WithAliyunAppKey("appKey", "appSecret"))
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"code":200,"msg":"成功","data":{}}`)
	})
	for _, v := range []struct {
		method, path, contentType, body, ts, nonce, signature, sts string
	}{
		{"GET", "/Third/Tools/checkSign", "application/json", "", "1646365291734", "787dd0c2-7bd8-41cd-9c19-62c05ea524a2", "EdJSFAMOWyXZOpXhevZnjuS0ZafnwnCqaSk5hz+tXo8=",
			"GET#application/json##application/json##x-ca-key:appKey#x-ca-nonce:787dd0c2-7bd8-41cd-9c19-62c05ea524a2#x-ca-timestamp:1646365291734#/Third/Tools/checkSign"},
		{"POST", "/Third/User/getNyAccessToken", "application/x-www-form-urlencoded", "nickname=nickname&room_id=6893&uuid=uuid&photo=photo", "1646646682418", "ca5a6753-b76c-4fff-a9d9-e5bb643e8cdf", "gmf9xq0hc95Hmt+7G+OocS009ka3v1v0rvfshKzYc3w=",
			"POST#application/json##application/x-www-form-urlencoded##x-ca-key:appKey#x-ca-nonce:ca5a6753-b76c-4fff-a9d9-e5bb643e8cdf#x-ca-timestamp:1646646682418#/Third/User/getNyAccessToken?nickname=nickname&photo=photo&room_id=6893&uuid=uuid"},
	} {
		g.Handle(v.path, ok)
		send := func(signature string) *http.Response {
			req, err := http.NewRequest(v.method, g.URL()+v.path, strings.NewReader(v.body))
			require.NoError(t, err)
			req.Header = http.Header{"Accept": {"application/json"}, "Content-Type": {v.contentType}, "X-Ca-Key": {"appKey"},
				"X-Ca-Nonce": {v.nonce}, "X-Ca-Timestamp": {v.ts}, "X-Ca-Signature-Headers": {"x-ca-key,x-ca-nonce,x-ca-timestamp"},
				"X-Ca-Signature": {signature}}
			resp, err := g.HTTPClient().Do(req)
			require.NoError(t, err)
			resp.Body.Close()
			return resp
		}
		var ms int64
		require.NoError(t, json.Unmarshal([]byte(v.ts), &ms))
		g.SetClockSkew(time.Until(time.UnixMilli(ms)))
		resp := send("AAAA" + v.signature[4:])
		require.Equal(t, 400, resp.StatusCode)
		require.Equal(t, "Invalid Signature, Server StringToSign:"+v.sts, resp.Header.Get(jmzstest.HeaderAliyunErrorMessage))
		require.Equal(t, 200, send(v.signature).StatusCode, v.path)
	}
}

// Requests made by Alibaba Cloud's own Node.js SDK (the corpus of
// internal/aliyunsign) are checked over real HTTP: accepted, except those
// the SDK signs wrongly (a padded header value, which HTTP trims; several
// values of one key, joined by ',' where the gateway signs the first).
func TestGatewayJudgesNodeSDKCorpus(t *testing.T) {
	f, err := os.ReadFile(filepath.Join("..", "internal", "interop", "gen", "aliyun", "node-corpus.jsonl"))
	if os.IsNotExist(err) {
		t.Skip("not a repository checkout: the corpus lives in the internal/interop module")
	}
	require.NoError(t, err)
	type record struct {
		Method  string            `json:"method"`
		Path    string            `json:"path"`
		Header  map[string]string `json:"header"`
		Key     string            `json:"key"`
		Secret  string            `json:"secret"`
		TS      int64             `json:"ts"`
		Nonce   string            `json:"nonce"`
		Body    string            `json:"body"`
		BodyB64 string            `json:"body_b64"`
		Notes   []string          `json:"notes"`
		Node    struct {
			Signature        string `json:"signature"`
			SignatureHeaders string `json:"signature_headers"`
			ContentMD5       string `json:"content_md5"`
		} `json:"node"`
	}
	var recs []record
	var opts []jmzstest.GatewayOption
	for _, line := range bytes.Split(bytes.TrimSpace(f), []byte("\n")) {
		var r record
		require.NoError(t, json.Unmarshal(line, &r))
		recs = append(recs, r)
		opts = append(opts, jmzstest.WithAliyunAppKey(r.Key, r.Secret))
	}
	g := jmzstest.NewGateway(t, opts...)
	ok := http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})
	counts := map[string]int{}
	for _, r := range recs {
		u, err := url.Parse(g.URL() + r.Path)
		require.NoError(t, err)
		g.Handle(u.Path, ok)
		body := []byte(r.Body)
		if r.BodyB64 != "" {
			body, err = base64.StdEncoding.DecodeString(r.BodyB64)
			require.NoError(t, err)
		}
		req, err := http.NewRequest(r.Method, u.String(), bytes.NewReader(body))
		require.NoError(t, err)
		for k, v := range r.Header {
			req.Header.Set(k, v)
		}
		if req.Header.Get("Accept") == "" {
			req.Header.Set("Accept", "application/json") // the SDK's default
		}
		req.Header.Set("X-Ca-Key", r.Key)
		req.Header.Set("X-Ca-Timestamp", strconv.FormatInt(r.TS, 10))
		req.Header.Set("X-Ca-Nonce", r.Nonce)
		req.Header.Set("X-Ca-Signature", r.Node.Signature)
		req.Header.Set("X-Ca-Signature-Headers", r.Node.SignatureHeaders)
		if r.Node.ContentMD5 != "" {
			req.Header.Set("Content-MD5", r.Node.ContentMD5)
		}
		g.SetClockSkew(time.Until(time.UnixMilli(r.TS)))
		resp, err := g.HTTPClient().Do(req)
		require.NoError(t, err)
		resp.Body.Close()

		wrong := ""
		for _, n := range r.Notes {
			kind, key, _ := strings.Cut(n, ":")
			switch {
			case kind == "padded-header":
				wrong = kind
			case kind == "repeated-key" && !formHas(req.Header.Get("Content-Type"), body, key):
				wrong = kind // else the form's single value replaces the query's several
			}
		}
		msg := resp.Header.Get(jmzstest.HeaderAliyunErrorMessage)
		if wrong == "" {
			require.Equal(t, 200, resp.StatusCode, "%s %s notes %q: %s", r.Method, r.Path, r.Notes, msg)
			counts["accepted"]++
			continue
		}
		require.Equal(t, 400, resp.StatusCode, "%s %s notes %q", r.Method, r.Path, r.Notes)
		require.True(t, strings.HasPrefix(msg, "Invalid Signature, Server StringToSign:"), msg)
		counts["refused "+wrong]++
	}
	t.Logf("Node SDK corpus through the kit: %d requests, %d accepted, %d refused for a padded header, %d for a repeated key",
		len(recs), counts["accepted"], counts["refused padded-header"], counts["refused repeated-key"])
}

// formHas reports whether body is a form with a field key.
func formHas(contentType string, body []byte, key string) bool {
	if !strings.HasPrefix(contentType, "application/x-www-form-urlencoded") {
		return false
	}
	v, err := url.ParseQuery(string(body))
	return err == nil && len(v[key]) == 1
}

// A nonce may not come back within 15 minutes, and may after. The
// request carries no X-Ca-Timestamp (it is optional), so only the nonce
// decides.
func TestGatewayForgetsNoncesAfterTheWindow(t *testing.T) {
	g := jmzstest.NewGateway(t, jmzstest.WithAliyunAppKey(aliyunKey, aliyunSecret))
	g.Handle("/p", http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	sts := "GET\napplication/json\n\n\n\nx-ca-key:" + aliyunKey + "\nx-ca-nonce:n-1\n/p"
	mac := hmac.New(sha256.New, []byte(aliyunSecret))
	mac.Write([]byte(sts))
	send := func() *http.Response {
		req, err := http.NewRequest("GET", g.URL()+"/p", nil)
		require.NoError(t, err)
		req.Header = http.Header{"Accept": {"application/json"}, "X-Ca-Key": {aliyunKey}, "X-Ca-Nonce": {"n-1"},
			"X-Ca-Signature-Headers": {"x-ca-key,x-ca-nonce"}, "X-Ca-Signature": {base64.StdEncoding.EncodeToString(mac.Sum(nil))}}
		resp, err := g.HTTPClient().Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		return resp
	}
	require.Equal(t, 200, send().StatusCode)
	g.SetClockSkew(14 * time.Minute)
	require.Equal(t, "Nonce Used", send().Header.Get(jmzstest.HeaderAliyunErrorMessage))
	g.SetClockSkew(16 * time.Minute)
	require.Equal(t, 200, send().StatusCode)
}
