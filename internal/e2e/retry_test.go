package e2e_test

import (
	"bytes"
	"context"
	"encoding/json"
	jmzs "github.com/jmzs-sdk/jmzs-go"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

type person struct {
	Name string `json:"name"`
}

// Bodies the gateway and the vendor send.
const (
	throttledBody   = `{"error_code":"APIG.0308","error_msg":"The throttling threshold has been reached: policy user over ratelimit,limit:10,time:1 second","request_id":"req-429"}`
	unavailableBody = `{"error_code":"APIG.0202","error_msg":"Backend unavailable","request_id":"req-502"}`
	timeoutBody     = `{"error_code":"APIG.0203","error_msg":"Backend timeout","request_id":"req-504"}`
	nginx502        = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body><center><h1>502 Bad Gateway</h1></center></body>\r\n</html>"
	nginx503        = "<html><head><title>503 Service Temporarily Unavailable</title></head><body>busy</body></html>"
	mismatchBody    = `{"error_code":"APIG.0303","error_msg":"Incorrect app authentication information: signature mismatch","request_id":"req-401"}`
	notAllowedBody  = `{"error_code":"APIG.0304","error_msg":"The app is not authorized to access the API","request_id":"req-403"}`
	maintenance500  = `{"data":{},"msg":"系统维护","success":false,"code":500}`
	maintenance501  = `{"data":{},"msg":"数据源维护","success":false,"code":"501"}`
	badParams400    = `{"data":{},"msg":"请输入有效的身份证号码","success":false,"code":400,"charge":false}`
	other999        = `{"data":{},"msg":"其他错误","success":false,"code":999,"taskNo":"77"}`
	unknown411      = `{"data":null,"msg":"不支持的快递公司编码","success":false,"code":411,"taskNo":"88"}`
)

func callPerson(c *jmzs.Client, base string, req *jmzs.Request) (*jmzs.Response[person], error) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if req == nil {
		req = &jmzs.Request{}
	}
	req.URL = base + "/express/query-v2"
	if req.Query == nil {
		req.Query = url.Values{"number": {"YT1234567890"}, "mobile": {"1380000"}}
	}
	return jmzs.Do[person](ctx, c, req)
}

func TestRetryMatrix(t *testing.T) {
	ok := reply(200, okEnvelope)
	gateway := func(status int, code string) func(*testing.T, error) {
		return func(t *testing.T, err error) {
			var ge *jmzs.GatewayError
			require.ErrorAs(t, err, &ge)
			require.Equal(t, status, ge.HTTPStatus)
			require.Equal(t, code, ge.ErrorCode)
		}
	}
	business := func(code int, sentinel error) func(*testing.T, error) {
		return func(t *testing.T, err error) {
			var ae *jmzs.APIError
			require.ErrorAs(t, err, &ae)
			require.Equal(t, code, ae.Code)
			if sentinel != nil {
				require.ErrorIs(t, err, sentinel)
			}
		}
	}
	tests := []struct {
		name     string
		script   []http.HandlerFunc
		wantHits int
		check    func(*testing.T, error) // nil: the call succeeds
	}{
		// Retried, then answered.
		{"429 APIG.0308", []http.HandlerFunc{reply(429, throttledBody), ok}, 2, nil},
		{"429 empty body", []http.HandlerFunc{reply(429, ""), ok}, 2, nil},
		{"502 APIG JSON", []http.HandlerFunc{reply(502, unavailableBody), ok}, 2, nil},
		{"502 HTML", []http.HandlerFunc{reply(502, nginx502), ok}, 2, nil},
		{"503 HTML", []http.HandlerFunc{reply(503, nginx503), ok}, 2, nil},
		{"503 JSON", []http.HandlerFunc{reply(503, `{"error_code":"APIG.0613","error_msg":"IAM unavailable"}`), ok}, 2, nil},
		{"business 500", []http.HandlerFunc{reply(200, maintenance500), ok}, 2, nil},
		{"business 501 as string", []http.HandlerFunc{reply(200, maintenance501), ok}, 2, nil},
		{"two failures then success", []http.HandlerFunc{reply(503, nginx503), reply(429, throttledBody), ok}, 3, nil},

		// Retried until the retries run out.
		{"503 every time", []http.HandlerFunc{reply(503, nginx503)}, 3, gateway(503, "")},
		{"business 500 every time", []http.HandlerFunc{reply(200, maintenance500)}, 3, business(500, jmzs.ErrProviderMaintenance)},

		// Never retried: the call may have been billed, or a retry cannot help.
		{"hang-up after reading the request", []http.HandlerFunc{hangUp, ok}, 1, func(t *testing.T, err error) {
			require.ErrorContains(t, err, "EOF")
			require.ErrorContains(t, err, "may have been processed")
		}},
		{"business 400", []http.HandlerFunc{reply(200, badParams400)}, 1, business(400, jmzs.ErrInvalidParams)},
		{"business 400 on HTTP 400", []http.HandlerFunc{reply(400, badParams400)}, 1, business(400, jmzs.ErrInvalidParams)},
		{"business 999", []http.HandlerFunc{reply(200, other999)}, 1, business(999, jmzs.ErrOther)},
		{"unknown business code", []http.HandlerFunc{reply(200, unknown411)}, 1, business(411, nil)},
		{"business 502", []http.HandlerFunc{reply(200, `{"code":502,"msg":"pageSize too large"}`)}, 1, business(502, nil)},
		{"401", []http.HandlerFunc{reply(401, mismatchBody)}, 1, gateway(401, "APIG.0303")},
		{"403", []http.HandlerFunc{reply(403, notAllowedBody)}, 1, gateway(403, "APIG.0304")},
		{"504 JSON", []http.HandlerFunc{reply(504, timeoutBody)}, 1, gateway(504, "APIG.0203")},
		{"504 HTML", []http.HandlerFunc{reply(504, "<html>504 Gateway Time-out</html>")}, 1, gateway(504, "")},
		{"gateway 500", []http.HandlerFunc{reply(500, `{"error_code":"APIG.0601","error_msg":"internal"}`)}, 1, gateway(500, "APIG.0601")},
		{"malformed 200", []http.HandlerFunc{reply(200, "<html>hello</html>")}, 1, func(t *testing.T, err error) {
			require.ErrorIs(t, err, jmzs.ErrMalformedResponse)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newScriptServer(t, tt.script...)
			c, err := jmzs.NewClient(jmzs.WithAppCode(testAppCode), fastRetries())
			require.NoError(t, err)
			resp, err := callPerson(c, srv.URL, nil)
			require.Equal(t, tt.wantHits, srv.count(), "server hits")
			if tt.check == nil {
				require.NoError(t, err)
				require.Equal(t, 200, resp.Code)
				require.Equal(t, "张三", resp.Data.Name)
				return
			}
			require.Error(t, err)
			tt.check(t, err)
			if tt.wantHits > 1 {
				require.ErrorContains(t, err, "gave up after 3 attempts")
			} else {
				require.NotContains(t, err.Error(), "gave up")
			}
			for _, h := range srv.recorded() {
				require.Equal(t, testAppCode, h.header.Get(jmzs.HeaderAppCode))
			}
		})
	}
}

func TestRetryRefusedConnection(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close()) // nothing listens here now

	attempts := 0
	count := func(req *http.Request, next func(*http.Request) (*http.Response, error)) (*http.Response, error) {
		attempts++
		return next(req)
	}
	c, err := jmzs.NewClient(jmzs.WithAppCode(testAppCode), fastRetries(), jmzs.WithMiddleware(count))
	require.NoError(t, err)
	_, err = callPerson(c, "http://"+addr, nil)
	require.ErrorIs(t, err, syscall.ECONNREFUSED)
	require.ErrorContains(t, err, "gave up after 3 attempts")
	require.NotContains(t, err.Error(), "YT1234567890", "the query may hold personal data")
	require.Equal(t, 3, attempts)
}

func TestRetryCount(t *testing.T) {
	zero, four := 0, 4
	tests := []struct {
		name       string
		opts       []jmzs.Option
		maxRetries *int
		wantHits   int
	}{
		{"default", nil, nil, 3},
		{"WithMaxRetries(0)", []jmzs.Option{jmzs.WithMaxRetries(0)}, nil, 1},
		{"WithMaxRetries(1)", []jmzs.Option{jmzs.WithMaxRetries(1)}, nil, 2},
		{"Request.MaxRetries 0 overrides the client", nil, &zero, 1},
		{"Request.MaxRetries 4 overrides WithMaxRetries(0)", []jmzs.Option{jmzs.WithMaxRetries(0)}, &four, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newScriptServer(t, reply(503, nginx503))
			c, err := jmzs.NewClient(append([]jmzs.Option{jmzs.WithAppCode(testAppCode), fastRetries()}, tt.opts...)...)
			require.NoError(t, err)
			//lint:ignore SA1019 the deprecated field keeps working until v1
			_, err = callPerson(c, srv.URL, &jmzs.Request{MaxRetries: tt.maxRetries})
			var ge *jmzs.GatewayError
			require.ErrorAs(t, err, &ge)
			require.Equal(t, 503, ge.HTTPStatus)
			require.Equal(t, tt.wantHits, srv.count())
		})
	}

	t.Run("negative Request.MaxRetries", func(t *testing.T) {
		srv := newScriptServer(t, reply(200, okEnvelope))
		c, err := jmzs.NewClient(jmzs.WithAppCode(testAppCode))
		require.NoError(t, err)
		minus := -1
		//lint:ignore SA1019 the deprecated field keeps working until v1
		_, err = callPerson(c, srv.URL, &jmzs.Request{MaxRetries: &minus})
		require.ErrorContains(t, err, "MaxRetries")
		require.Zero(t, srv.count())
	})
}

// oneShotBodyAuth is an Authenticator that replaces the body with a
// stream that can be read only once, as a careless encrypting or
// compressing Authenticator might.
type oneShotBodyAuth struct{}

func (oneShotBodyAuth) Authenticate(req *http.Request) error {
	req.Body = io.NopCloser(io.MultiReader(req.Body, strings.NewReader("")))
	req.GetBody = nil
	req.Header.Set(jmzs.HeaderAppCode, testAppCode)
	return nil
}

// TestRetryRebuildsTheBody shows that a body an Authenticator or a
// Middleware makes unreplayable does not matter: every attempt is built
// afresh from the request, so a retried 503 carries the whole body each
// time, while a connection lost after the body was read is not retried.
func TestRetryRebuildsTheBody(t *testing.T) {
	oneShotMiddleware := func(req *http.Request, next func(*http.Request) (*http.Response, error)) (*http.Response, error) {
		req = req.Clone(req.Context())
		b, err := io.ReadAll(req.Body)
		if err != nil {
			return nil, err
		}
		req.Body, req.GetBody = io.NopCloser(bytes.NewReader(b)), nil
		return next(req)
	}
	tests := []struct {
		name string
		opts []jmzs.Option
	}{
		{"Authenticator", []jmzs.Option{jmzs.WithAuthenticator(oneShotBodyAuth{})}},
		{"Middleware", []jmzs.Option{jmzs.WithAppCode(testAppCode), jmzs.WithMiddleware(oneShotMiddleware)}},
	}
	const body = `{"idcard":"110101199003071234"}`
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newScriptServer(t, reply(503, nginx503), reply(503, nginx503), reply(200, okEnvelope))
			c, err := jmzs.NewClient(append(tt.opts, fastRetries())...)
			require.NoError(t, err)
			_, err = callPerson(c, srv.URL, &jmzs.Request{JSON: json.RawMessage(body)})
			require.NoError(t, err)
			require.Equal(t, 3, srv.count())
			for _, h := range srv.recorded() {
				require.Equal(t, body, string(h.body))
			}

			srv = newScriptServer(t, hangUp)
			_, err = callPerson(c, srv.URL, &jmzs.Request{JSON: json.RawMessage(body)})
			require.Error(t, err)
			require.Equal(t, 1, srv.count(), "a request that was read is sent once")
		})
	}
}

// TestRetryResignsEveryAttempt checks, on the server and with the secret,
// that every attempt carries a fresh, valid signature over the same body.
// The gateway asks for a one-second pause each time, so that the clock,
// and with it X-Sdk-Date, moves between attempts.
func TestRetryResignsEveryAttempt(t *testing.T) {
	t.Parallel()
	srv := newScriptServer(t, reply(503, nginx503, "Retry-After: 1"), reply(429, throttledBody, "Retry-After: 1"), reply(200, okEnvelope))
	c, err := jmzs.NewClient(jmzs.WithAppKey(testAppKey, testAppSecret), fastRetries())
	require.NoError(t, err)

	payload := map[string]any{"name": "张三", "idcard": "110101199003071234", "note": "a&b=c d+e"}
	want, err := json.Marshal(payload)
	require.NoError(t, err)
	resp, err := callPerson(c, srv.URL, &jmzs.Request{JSON: payload})
	require.NoError(t, err)
	require.Equal(t, "张三", resp.Data.Name)

	hits := srv.recorded()
	require.Len(t, hits, 3)
	dates, auths := map[string]bool{}, map[string]bool{}
	for i, h := range hits {
		require.NoError(t, h.sigErr, "attempt %d", i+1)
		require.Equal(t, string(want), string(h.body), "attempt %d body", i+1)
		dates[h.header.Get("X-Sdk-Date")] = true
		auths[h.header.Get("Authorization")] = true
	}
	require.Len(t, dates, 3, "each attempt has its own X-Sdk-Date")
	require.Len(t, auths, 3, "each attempt has its own signature")
}

func TestRetryAfter(t *testing.T) {
	tests := []struct {
		name       string
		retryAfter func() string
		wantWait   func(*testing.T, time.Duration)
	}{
		{"seconds", func() string { return "1" }, func(t *testing.T, d time.Duration) {
			require.Equal(t, time.Second, d)
		}},
		{"HTTP date", func() string { return time.Now().Add(2 * time.Second).UTC().Format(http.TimeFormat) }, func(t *testing.T, d time.Duration) {
			// The date has whole seconds, so up to a second is lost.
			require.Positive(t, d)
			require.LessOrEqual(t, d, 2*time.Second)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var logs bytes.Buffer
			logger := slog.New(slog.NewJSONHandler(&logs, nil))
			throttle := func(w http.ResponseWriter, r *http.Request) {
				reply(429, throttledBody, "Retry-After: "+tt.retryAfter())(w, r)
			}
			srv := newScriptServer(t, throttle, reply(200, okEnvelope))
			// A backoff far below the Retry-After shows that the server's wish wins.
			c, err := jmzs.NewClient(jmzs.WithAppCode(testAppCode), fastRetries(), jmzs.WithLogger(logger))
			require.NoError(t, err)
			_, err = callPerson(c, srv.URL, nil)
			require.NoError(t, err)
			require.Equal(t, 2, srv.count())

			var rec struct {
				Msg     string
				Wait    time.Duration
				Attempt int
				Error   string
			}
			require.NoError(t, json.Unmarshal(logs.Bytes(), &rec), logs.String())
			require.Equal(t, "jmzs retry", rec.Msg)
			require.Equal(t, 1, rec.Attempt)
			require.Contains(t, rec.Error, "APIG.0308")
			tt.wantWait(t, rec.Wait)
			hits := srv.recorded()
			require.GreaterOrEqual(t, hits[1].at.Sub(hits[0].at), rec.Wait)
		})
	}

	t.Run("longer than a minute is not waited for", func(t *testing.T) {
		t.Parallel()
		srv := newScriptServer(t, reply(429, throttledBody, "Retry-After: 86400"), reply(200, okEnvelope))
		c, err := jmzs.NewClient(jmzs.WithAppCode(testAppCode), fastRetries())
		require.NoError(t, err)
		_, err = callPerson(c, srv.URL, nil)
		require.ErrorIs(t, err, jmzs.ErrThrottled)
		require.ErrorContains(t, err, "asks to wait")
		require.Equal(t, 1, srv.count())
	})
}

func TestRetryBackoffOptionValidation(t *testing.T) {
	for _, opt := range []jmzs.Option{
		jmzs.WithRetryBackoff(0, time.Second),
		jmzs.WithRetryBackoff(time.Second, time.Millisecond),
		jmzs.WithAttemptTimeout(0),
		jmzs.WithAttemptTimeout(-time.Second),
		jmzs.WithMiddleware(nil),
		jmzs.WithRateLimiter(nil),
	} {
		_, err := jmzs.NewClient(jmzs.WithAppCode(testAppCode), opt)
		require.Error(t, err)
	}
}
