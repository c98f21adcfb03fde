package e2e_test

import (
	"bytes"
	"context"
	"fmt"
	jmzs "github.com/jmzs-sdk/jmzs-go"
	"log/slog"
	"net"
	"net/http"
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
	for _, auth := range []struct {
		name string
		opt  jmzs.Option
	}{
		{"AppCode", jmzs.WithAppCode(testAppCode)},
		{"AppKey", jmzs.WithAppKey(testAppKey, testAppSecret)},
		{"signer", jmzs.WithAuthenticator(signer)},
		{"AppCodeAuth", jmzs.WithAuthenticator(appCode)},
		{"AliyunAppCode", jmzs.WithAliyunAppCode(testAppCode)},
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
			var errs []error
			for range 9 {
				_, err := callPerson(c, srv.URL, &jmzs.Request{JSON: map[string]string{"name": "张三"}, Header: http.Header{"X-Trace": {"t"}}})
				errs = append(errs, err)
			}
			_, err = callPerson(c, refused, nil)
			errs = append(errs, err)
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			_, err = jmzs.Do[person](ctx, c, &jmzs.Request{URL: srv.URL + "/q"})
			errs = append(errs, err)

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
			for _, h := range hits {
				if v := h.header.Get(jmzs.HeaderAppCode); v != "" {
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
