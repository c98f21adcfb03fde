package e2e_test

import (
	"bytes"
	"context"
	"fmt"
	jmzs "github.com/jmzs-sdk/jmzs-go"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/jmzs-sdk/jmzs-go/internal/apigsign"
	"github.com/jmzs-sdk/jmzs-go/jmzstest"
	"github.com/stretchr/testify/require"
)

// TestSecretsNeverLeak drives AppCode and AppKey clients through success,
// retries, clock skew, refusals and transport errors with a debug logger,
// prints everything printable, and looks for the credentials and for any
// signature the server received.
func TestSecretsNeverLeak(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	refused := "http://" + ln.Addr().String()
	require.NoError(t, ln.Close())

	signer := jmzs.NewAPIGSigner(testAppKey, testAppSecret)
	appCode := jmzs.NewAppCodeAuth(testAppCode)
	aliyun := jmzs.NewAliyunAppCodeAuth(testAppCode)
	both := func(a, b jmzs.Option) jmzs.Option {
		return func(c *jmzs.Client) error {
			if err := a(c); err != nil {
				return err
			}
			return b(c)
		}
	}
	for _, auth := range []struct {
		name string
		opt  jmzs.Option
		both bool // a credential for each market: calls alternate between them
	}{
		{"AppCode", jmzs.WithAppCode(testAppCode), false},
		{"AppKey", jmzs.WithAppKey(testAppKey, testAppSecret), false},
		{"signer", jmzs.WithAuthenticator(signer), false},
		{"AppCodeAuth", jmzs.WithAuthenticator(appCode), false},
		{"AliyunAppCode", jmzs.WithAliyunAppCode(testAppCode), false},
		{"AliyunAppKey", jmzs.WithAliyunAppKey(testAppKey, testAppSecret), false},
		{"AppKey and AliyunAppCode", both(jmzs.WithAppKey(testAppKey, testAppSecret), jmzs.WithAliyunAppCode(testAppCode)), true},
		{"AppCode and AliyunAppKey", both(jmzs.WithAppCode(testAppCode), jmzs.WithAliyunAppKey(testAppKey, testAppSecret)), true},
	} {
		t.Run(auth.name, func(t *testing.T) {
			var out bytes.Buffer // everything a user might print or log
			jsonLog := slog.New(slog.NewJSONHandler(&out, &slog.HandlerOptions{Level: slog.LevelDebug}))
			textLog := slog.New(slog.NewTextHandler(&out, &slog.HandlerOptions{Level: slog.LevelDebug}))
			opts := []jmzs.Option{auth.opt, fastRetries(), jmzs.WithLogger(jsonLog)}
			c, err := jmzs.NewClient(opts...)
			require.NoError(t, err)

			ahead := jmzstest.NewGateway(t, jmzstest.WithAppKey(testAppKey, testAppSecret), jmzstest.WithClockSkew(time.Hour))
			srv := newScriptServer(t,
				reply(200, okEnvelope, "X-Request-Id: req-1"),
				reply(503, nginx503), hangUp, reply(200, okEnvelope),
				skewedGateway(ahead, true), skewedGateway(ahead, true),
				reply(401, mismatchBody),
				reply(400, badParams400),
				reply(429, throttledBody, "Retry-After: 3600"),
				resetMidBody,
				reply(200, "<html>"+strings.Repeat("x", 300)),
			)
			market := func(i int) jmzs.Market { // loopback tells no market
				if !auth.both {
					return 0
				}
				return jmzs.MarketHuawei + jmzs.Market(i%2)
			}
			var errs []error
			for i := range 9 {
				_, err := callPerson(c, srv.URL, &jmzs.Request{JSON: map[string]string{"name": "张三"}, Header: http.Header{"X-Trace": {"t"}}, Market: market(i)})
				errs = append(errs, err)
			}
			_, err = callPerson(c, refused, &jmzs.Request{Market: market(0)})
			errs = append(errs, err)
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			_, err = jmzs.Do[person](ctx, c, &jmzs.Request{URL: srv.URL + "/q", Market: market(1)})
			errs = append(errs, err)
			if auth.both {
				// Refused before sending: no Request.Market, then the wrong market.
				_, err = jmzs.Do[person](context.Background(), c, &jmzs.Request{URL: srv.URL + "/q?idCardNo=" + testAppCode})
				errs = append(errs, err)
				one, err := jmzs.NewClient(jmzs.WithAppKey(testAppKey, testAppSecret), jmzs.WithLogger(jsonLog))
				require.NoError(t, err)
				_, err = jmzs.Do[person](context.Background(), one, &jmzs.Request{URL: srv.URL + "/q", Market: jmzs.MarketAliyun})
				require.ErrorIs(t, err, jmzs.ErrWrongMarket)
				errs = append(errs, err)
			}

			for _, err := range errs {
				if err != nil {
					fmt.Fprintf(&out, "%v %+v %#v %s\n", err, err, err, err)
				}
			}
			for _, v := range []any{c, *c, signer, *signer, appCode, *appCode, aliyun, *aliyun, auth.opt, opts} {
				fmt.Fprintf(&out, "%v %+v %#v %s\n", v, v, v, v)
				jsonLog.Info("value", "v", v)
				textLog.Info("value", "v", v)
			}

			seen := out.String()
			require.Contains(t, seen, "jmzs attempt", "the debug log was written")
			require.NotContains(t, seen, testAppCode)
			require.NotContains(t, seen, testAppSecret)
			hits := srv.recorded()
			require.NotEmpty(t, hits)
			kinds := map[bool]bool{} // by whether the credential was Alibaba Cloud's
			for _, h := range hits {
				kinds[strings.HasPrefix(h.header.Get("Authorization"), "APPCODE ") || h.header.Get("X-Ca-Key") != ""] = true
			}
			if auth.both {
				require.Len(t, kinds, 2, "calls carried each market's credential")
			}
			for _, h := range hits {
				if v := h.header.Get(jmzs.HeaderAppCode); v != "" {
					require.NotContains(t, seen, v)
				}
				if v := h.header.Get("X-Ca-Signature"); v != "" {
					require.NotContains(t, seen, v)
				}
				if v := h.header.Get("Authorization"); strings.HasPrefix(v, "APPCODE ") {
					require.NotContains(t, seen, strings.TrimPrefix(v, "APPCODE "))
				} else if v != "" {
					a, err := apigsign.ParseAuthorization(v)
					require.NoError(t, err)
					require.NotContains(t, seen, a.Signature)
					require.NotContains(t, seen, a.Signature[:16], "not even part of a signature")
				}
			}
		})
	}
}

// TestPersonalDataNeverInErrorsOrLogs: a gateway that refuses a signature
// quotes the request back, parameters and all. Error() and the log show
// its shape with the values masked; ErrorMsg keeps the raw text for
// diagnosis.
func TestPersonalDataNeverInErrorsOrLogs(t *testing.T) {
	const idNo, name = "11010519491231002X", "张三"
	personal := []string{idNo, name, "%E5%BC%A0", "13800138000", "p4ssw0rd"}
	query := url.Values{"idCardNo": {idNo}, "name": {name}}

	check := func(t *testing.T, err error, logs string, wantShape ...string) {
		t.Helper()
		require.Error(t, err)
		for _, s := range append([]string{err.Error(), fmt.Sprintf("%v %+v", err, err)}, logs) {
			for _, p := range personal {
				require.NotContains(t, s, p)
			}
		}
		for _, s := range wantShape {
			require.Contains(t, err.Error(), s)
			if logs != "" {
				require.Contains(t, logs, strings.ReplaceAll(s, `"`, `\"`))
			}
		}
	}
	debugLog := func(buf *bytes.Buffer) jmzs.Option {
		return jmzs.WithLogger(slog.New(slog.NewJSONHandler(buf, &slog.HandlerOptions{Level: slog.LevelDebug})))
	}

	t.Run("APIG.0303 canonical request", func(t *testing.T) {
		g := jmzstest.NewGateway(t, jmzstest.WithAppKey(testAppKey, testAppSecret))
		g.Reply("/idcard/validate", 200, "成功", person{Name: name})
		var logs bytes.Buffer
		c, err := jmzs.NewClient(jmzs.WithAppKey(testAppKey, "a-wrong-secret-0123456789abcdef"), debugLog(&logs))
		require.NoError(t, err)
		_, err = jmzs.Do[person](context.Background(), c, &jmzs.Request{URL: g.URL() + "/idcard/validate", Query: query,
			Header: http.Header{"X-Phone": {"13800138000"}}})
		check(t, err, logs.String(), "canonicalRequest:POST|/idcard/validate/|idCardNo=***&name=***|content-type:application/json|host:",
			"|x-phone:***|x-sdk-date:", "||content-type;host;x-phone;x-sdk-date|")
		var ge *jmzs.GatewayError
		require.ErrorAs(t, err, &ge)
		require.Contains(t, ge.ErrorMsg, "idCardNo="+idNo+"&name=%E5%BC%A0%E4%B8%89", "the raw message is kept for diagnosis")
	})

	t.Run("Alibaba Cloud string to sign", func(t *testing.T) {
		for _, sep := range []string{"#", ""} {
			sts := strings.Join([]string{"POST", "application/json", "", "application/x-www-form-urlencoded; charset=UTF-8", "",
				"x-ca-key:" + testAppKey, "x-ca-nonce:787dd0c2-7bd8-41cd-9c19-62c05ea524a2", "x-ca-timestamp:1646365291734",
				"/idcard/validate?idCardNo=" + idNo + "&mobile=13800138000&name=" + name}, sep)
			srv := newScriptServer(t, reply(400, "", "X-Ca-Error-Message: Invalid Signature, Server StringToSign:"+sts, "X-Ca-Request-Id: ali-1"))
			var logs bytes.Buffer
			c, err := jmzs.NewClient(jmzs.WithAliyunAppCode(testAppCode), debugLog(&logs))
			require.NoError(t, err)
			_, err = callPerson(c, srv.URL, nil)
			check(t, err, logs.String(), "Invalid Signature", "/idcard/validate?idCardNo=***&mobile=***&name=***", "(request id ali-1)")
			require.NotContains(t, err.Error(), testAppKey)
			if sep == "#" {
				require.ErrorContains(t, err, "#x-ca-nonce:787dd0c2-7bd8-41cd-9c19-62c05ea524a2#x-ca-timestamp:1646365291734#")
			}
			var ge *jmzs.GatewayError
			require.ErrorAs(t, err, &ge)
			require.Equal(t, "Invalid Signature, Server StringToSign:"+sts, ge.ErrorMsg)
			require.Equal(t, "Invalid Signature", ge.ErrorCode)
			require.ErrorIs(t, err, jmzs.ErrUnauthorized)
		}
	})

	t.Run("URL with a password and a query", func(t *testing.T) {
		c, err := jmzs.NewClient(jmzs.WithAppCode(testAppCode))
		require.NoError(t, err)
		for _, u := range []string{
			"https://user:p4ssw0rd@api.example.com:port/idcard?idCardNo=" + idNo,   // unparseable
			"https://user:p4ssw0rd@api.example.com/idcard?idCardNo=" + idNo,        // a password
			"https://api.example.com/idcard?idCardNo=" + idNo + "&name=%zz" + name, // a bad escape
			"ftp://user:p4ssw0rd@api.example.com/idcard?idCardNo=" + idNo,          // a bad scheme
		} {
			_, err := jmzs.Do[person](context.Background(), c, &jmzs.Request{URL: u})
			check(t, err, "")
			require.NotContains(t, err.Error(), "user:")
		}
	})
}
