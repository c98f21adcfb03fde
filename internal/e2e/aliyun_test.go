package e2e_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	jmzs "github.com/jmzs-sdk/jmzs-go"
)

const aliyunCode = "aliyun-appcode-0123456789abcdef"

func aliyunClient(t *testing.T, opts ...jmzs.Option) *jmzs.Client {
	t.Helper()
	c, err := jmzs.NewClient(append([]jmzs.Option{jmzs.WithAliyunAppCode(aliyunCode), jmzs.WithMaxRetries(0)}, opts...)...)
	require.NoError(t, err)
	return c
}

func TestAliyunAppCodeHeader(t *testing.T) {
	u, got := newServer(t, writeJSON(200, okBody))
	_, err := jmzs.Do[okData](context.Background(), aliyunClient(t), &jmzs.Request{URL: u, Form: map[string][]string{"a": {"1"}}})
	require.NoError(t, err)
	require.Len(t, *got, 1)
	require.Equal(t, "APPCODE "+aliyunCode, (*got)[0].auth, "the word APPCODE, one space, the code")
	require.Empty(t, (*got)[0].appCode, "no Huawei X-Apig-AppCode header")
}

func TestAliyunAppCodeOnlyOverHTTPS(t *testing.T) {
	var calls atomic.Int32
	hc := &http.Client{Transport: roundTripFunc(func(*http.Request) (*http.Response, error) {
		calls.Add(1)
		return nil, errors.New("offline")
	})}
	c := aliyunClient(t, jmzs.WithHTTPClient(hc))
	_, err := jmzs.Do[okData](context.Background(), c, &jmzs.Request{URL: "http://jmidcardv1.market.alicloudapi.com/idcard/validate"})
	require.ErrorContains(t, err, "HTTPS")
	require.NotContains(t, err.Error(), aliyunCode)
	require.Zero(t, calls.Load(), "nothing is sent over plain HTTP")

	_, err = jmzs.Do[okData](context.Background(), c, &jmzs.Request{URL: "https://jmidcardv1.market.alicloudapi.com/idcard/validate"})
	require.ErrorContains(t, err, "offline")
	require.EqualValues(t, 1, calls.Load(), "HTTPS reaches the transport")

	for _, host := range []string{"127.0.0.1", "localhost", "[::1]"} {
		req := httptest.NewRequest("POST", "http://"+host+"/x", nil)
		require.NoError(t, jmzs.NewAliyunAppCodeAuth("code").Authenticate(req), host)
		require.Equal(t, "APPCODE code", req.Header.Get("Authorization"))
	}
}

func TestAliyunAppCodeOptionErrors(t *testing.T) {
	_, err := jmzs.NewClient(jmzs.WithAliyunAppCode(""))
	require.Error(t, err)
	_, err = jmzs.NewClient(jmzs.WithAliyunAppCode(aliyunCode), jmzs.WithAliyunAppKey("aliyun-key", aliyunCode))
	require.ErrorContains(t, err, "WithAliyunAppCode and WithAliyunAppKey are both credentials for Alibaba Cloud's API market", "one credential per market")
	require.NotContains(t, err.Error(), aliyunCode)
	_, err = jmzs.NewClient(jmzs.WithAliyunAppCode(aliyunCode), jmzs.WithAppCode("huawei-appcode"))
	require.NoError(t, err, "one credential for each market")
}

func TestAliyunAppCodeNeverShown(t *testing.T) {
	a := jmzs.NewAliyunAppCodeAuth(aliyunCode)
	c := aliyunClient(t)
	out := fmt.Sprintf("%v %+v %#v %s %v %+v %#v", a, a, a, a, c, c, c)
	out += fmt.Sprintf("%v %+v %#v %v", *a, *a, *a, *c)
	h := jmzs.NewAppCodeAuth(aliyunCode) // the Huawei AppCode type, likewise
	out += fmt.Sprintf("%v %+v %#v %v %+v %#v", h, h, h, *h, *h, *h)
	require.NotContains(t, out, aliyunCode)
	require.Contains(t, out, "AliyunAppCodeAuth{")
}

// Aliyun's gateway answers its own failures with an X-Ca-Error-Message
// header and an empty or non-JSON body (client error table,
// https://help.aliyun.com/document_detail/43906.html); they must come back
// as *GatewayError carrying X-Ca-Request-Id.
func TestAliyunGatewayFailures(t *testing.T) {
	tests := []struct {
		name         string
		status       int
		body         string
		headers      []string
		wantMsg      string
		unauthorized bool
		throttled    bool
	}{
		{"invalid AppCode, empty body", 403, "", []string{"X-Ca-Error-Message", "Invalid AppCode `not exists`", "X-Ca-Request-Id", "A1B2C3D4-0001"},
			"Invalid AppCode `not exists`", true, false},
		{"unauthorized, empty body", 401, "", []string{"X-Ca-Error-Message", "Unauthorized", "X-Ca-Request-Id", "A1B2C3D4-0002"},
			"Unauthorized", true, false},
		{"throttled", 429, "", []string{"X-Ca-Error-Message", "Throttled by APP Flow Control", "X-Ca-Request-Id", "A1B2C3D4-0003"},
			"Throttled by APP Flow Control", false, true},
		{"error header on HTTP 200", 200, "", []string{"X-Ca-Error-Message", "Api Market Subscription Expired", "X-Ca-Request-Id", "A1B2C3D4-0004"},
			"Api Market Subscription Expired", false, false},
		{"JSON without code", 400, `{"message":"bad"}`, []string{"X-Ca-Error-Message", "Invalid Param", "X-Ca-Request-Id", "A1B2C3D4-0005"},
			"Invalid Param", false, false},
		{"HTML from a proxy", 502, "<html><body>502 Bad Gateway</body></html>", []string{"X-Ca-Request-Id", "A1B2C3D4-0006"},
			"<html><body>502 Bad Gateway</body></html>", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, _ := newServer(t, func(w http.ResponseWriter, r *http.Request) {
				for i := 0; i+1 < len(tt.headers); i += 2 {
					w.Header().Set(tt.headers[i], tt.headers[i+1])
				}
				w.WriteHeader(tt.status)
				fmt.Fprint(w, tt.body)
			})
			resp, err := jmzs.Do[okData](context.Background(), aliyunClient(t), &jmzs.Request{URL: u})
			var ge *jmzs.GatewayError
			require.ErrorAs(t, err, &ge)
			require.Equal(t, tt.status, resp.HTTPStatus, "the Response comes back with a GatewayError")
			require.Equal(t, tt.status, ge.HTTPStatus)
			require.Equal(t, tt.wantMsg, ge.ErrorMsg)
			require.Equal(t, tt.headers[len(tt.headers)-1], ge.RequestID)
			require.Contains(t, err.Error(), ge.RequestID)
			require.Equal(t, tt.unauthorized, errors.Is(err, jmzs.ErrUnauthorized))
			require.Equal(t, tt.throttled, errors.Is(err, jmzs.ErrThrottled))
			require.NotContains(t, err.Error(), aliyunCode)
		})
	}
}

// A business envelope beats the gateway headers, and its request id is
// Aliyun's X-Ca-Request-Id.
func TestAliyunBusinessErrorCarriesRequestID(t *testing.T) {
	body := `{"data":{},"msg":"请输入有效的身份证号码","success":false,"code":400,"charge":false}`
	u, _ := newServer(t, writeJSON(400, body, "X-Ca-Request-Id", "A1B2C3D4-0007"))
	_, err := jmzs.Do[okData](context.Background(), aliyunClient(t), &jmzs.Request{URL: u})
	var ae *jmzs.APIError
	require.ErrorAs(t, err, &ae)
	require.ErrorIs(t, err, jmzs.ErrInvalidParams)
	require.Equal(t, "A1B2C3D4-0007", ae.RequestID)
	require.Equal(t, 400, ae.HTTPStatus)
}

// TestAliyunRefusals: Alibaba Cloud's gateway refuses in headers. Each
// refusal is a *GatewayError with its code, message and request id,
// matches the right sentinel, and is retried only when the call cannot
// have run.
func TestAliyunRefusals(t *testing.T) {
	ok := reply(200, okEnvelope)
	refuse := func(status int, msg string, code ...string) http.HandlerFunc {
		h := []string{"X-Ca-Error-Message: " + msg, "X-Ca-Request-Id: 5B9B1A42-ALI"}
		if len(code) > 0 {
			h = append(h, "X-Ca-Error-Code: "+code[0])
		}
		return reply(status, "", h...)
	}
	tests := []struct {
		name     string
		first    http.HandlerFunc
		wantCode string
		sentinel error // nil: none
		wantHits int   // 2: retried, then answered
	}{
		{"throttled by APP", refuse(403, "Throttled by APP Flow Control"), "Throttled by APP Flow Control", jmzs.ErrThrottled, 2},
		{"throttled by USER", refuse(403, "Throttled by USER Flow Control"), "Throttled by USER Flow Control", jmzs.ErrThrottled, 2},
		{"throttled, VPC code", refuse(429, "Throttled by API Flow Control", "A429AP"), "A429AP", jmzs.ErrThrottled, 2},
		{"quota exhausted", refuse(403, "Quota Exhausted"), "Quota Exhausted", jmzs.ErrQuotaExhausted, 1},
		{"quota expired", refuse(403, "Quota Expired"), "Quota Expired", jmzs.ErrQuotaExhausted, 1},
		{"user arrears", refuse(403, "User Arrears"), "User Arrears", jmzs.ErrQuotaExhausted, 1},
		{"invalid AppCode", refuse(400, "Invalid AppCode `not exists`", "A400AC"), "A400AC", jmzs.ErrUnauthorized, 1},
		{"invalid AppKey", refuse(400, "Invalid AppKey"), "Invalid AppKey", jmzs.ErrUnauthorized, 1},
		{"invalid signature", refuse(400, "Invalid Signature, Server StringToSign:GET#application/json####/q"), "Invalid Signature", jmzs.ErrUnauthorized, 1},
		{"unauthorized", refuse(403, "Unauthorized"), "Unauthorized", jmzs.ErrUnauthorized, 1},
		{"expiry of authorization", refuse(403, "Expiry of Authorization"), "Expiry of Authorization", jmzs.ErrUnauthorized, 1},
		{"async service", refuse(504, "Async Service"), "Async Service", nil, 1},
		{"internal error", refuse(500, "Internal Error"), "Internal Error", nil, 1},
		{"service unavailable", refuse(503, "Service Unavailable"), "Service Unavailable", nil, 2},
	}
	sentinels := []error{jmzs.ErrThrottled, jmzs.ErrQuotaExhausted, jmzs.ErrUnauthorized, jmzs.ErrInvalidParams}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newScriptServer(t, tt.first, ok)
			c, err := jmzs.NewClient(jmzs.WithAliyunAppCode(aliyunCode), fastRetries(), jmzs.WithMaxRetries(1))
			require.NoError(t, err)
			resp, err := callPerson(c, srv.URL, nil)
			require.Equal(t, tt.wantHits, srv.count(), "server hits")
			if tt.wantHits == 2 {
				require.NoError(t, err)
				require.Equal(t, "张三", resp.Data.Name)
				// The same refusal every time: the retry's error is the refusal.
				srv = newScriptServer(t, tt.first)
				_, err = callPerson(c, srv.URL, nil)
				require.Equal(t, 2, srv.count())
			}
			var ge *jmzs.GatewayError
			require.ErrorAs(t, err, &ge)
			require.Equal(t, tt.wantCode, ge.ErrorCode)
			require.Equal(t, "5B9B1A42-ALI", ge.RequestID)
			require.ErrorContains(t, err, "5B9B1A42-ALI")
			for _, s := range sentinels {
				require.Equal(t, s == tt.sentinel, errors.Is(err, s), "errors.Is(err, %v) for %v", s, err)
			}
		})
	}
}
