package jmzstest_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/internal/producttest"
	"github.com/jmzs-sdk/jmzs-go/jmzstest"
)

const (
	huaweiAppCode   = "huawei-appcode-0123456789"
	huaweiAppKey    = "huawei-app-key"
	huaweiAppSecret = "huawei-app-secret"
	aliyunAppCode   = "aliyun-appcode-0123456789"
	aliyunAppKey    = "203753385"
	aliyunAppSecret = "aliyun-app-secret"
)

// credential is one of the four kinds a buyer holds.
type credential struct {
	name   string
	market jmzs.Market
	opt    jmzs.Option        // as a consumer gives it
	auth   jmzs.Authenticator // the same credential, forced on every call
}

func credentials() []credential {
	return []credential{
		{"Huawei AppCode", jmzs.MarketHuawei, jmzs.WithAppCode(huaweiAppCode), jmzs.NewAppCodeAuth(huaweiAppCode)},
		{"Huawei AppKey", jmzs.MarketHuawei, jmzs.WithAppKey(huaweiAppKey, huaweiAppSecret), jmzs.NewAPIGSigner(huaweiAppKey, huaweiAppSecret)},
		{"Aliyun AppCode", jmzs.MarketAliyun, jmzs.WithAliyunAppCode(aliyunAppCode), jmzs.NewAliyunAppCodeAuth(aliyunAppCode)},
		{"Aliyun AppKey", jmzs.MarketAliyun, jmzs.WithAliyunAppKey(aliyunAppKey, aliyunAppSecret), jmzs.NewAliyunSigner(aliyunAppKey, aliyunAppSecret)},
	}
}

// marketsGateway accepts all four credentials.
func marketsGateway(t *testing.T, opts ...jmzstest.GatewayOption) *jmzstest.Gateway {
	return jmzstest.NewGateway(t, append([]jmzstest.GatewayOption{
		jmzstest.WithAppCode(huaweiAppCode), jmzstest.WithAppKey(huaweiAppKey, huaweiAppSecret),
		jmzstest.WithAliyunAppCode(aliyunAppCode), jmzstest.WithAliyunAppKey(aliyunAppKey, aliyunAppSecret),
	}, opts...)...)
}

// requireRefusedBy checks that err is the refusal of market m's gateway
// for credentials of the other market, in m's format.
func requireRefusedBy(t *testing.T, m jmzs.Market, err error) {
	t.Helper()
	require.ErrorIs(t, err, jmzs.ErrUnauthorized)
	var ge *jmzs.GatewayError
	require.ErrorAs(t, err, &ge)
	require.Equal(t, http.StatusUnauthorized, ge.HTTPStatus)
	if m == jmzs.MarketHuawei {
		require.Equal(t, "APIG.0303", ge.ErrorCode, "APIG's error body")
	} else {
		require.Equal(t, "Empty Signature", ge.ErrorMsg, "Alibaba Cloud's X-Ca-Error-Message")
	}
}

// TestFixtureRoutesAnswerOnlyTheirMarketsCredentials calls every product
// method with each kind of credential, at the gateway's URL (a base URL)
// and at the method's default endpoint (through HTTPClient). Through the
// product, the SDK refuses another market's credential before sending;
// forced on the call (WithAuthenticator), the gateway refuses it as that
// market's gateway does. The market's own credentials pass.
func TestFixtureRoutesAnswerOnlyTheirMarketsCredentials(t *testing.T) {
	g := marketsGateway(t, jmzstest.WithFixtureRoutes())
	calls := producttest.Calls()
	ctx := context.Background()
	markets := map[string]int{} // by path: how many markets serve it
	for _, r := range jmzstest.FixtureRoutes() {
		markets[r.Path]++
	}
	for _, r := range jmzstest.FixtureRoutes() {
		call := calls[r.Method]
		require.NotNil(t, call, r.Method)
		for _, style := range []struct{ name, base string }{{"base URL", g.URL()}, {"default endpoint", ""}} {
			for _, cred := range credentials() {
				t.Run(r.Method+"/"+style.name+"/"+cred.name, func(t *testing.T) {
					g.ClearRequests()
					err := call(ctx, newClient(t, g, cred.opt), style.base)
					if cred.market == r.Market {
						require.NoError(t, err)
						reqs := g.Requests()
						require.Len(t, reqs, 1)
						require.Equal(t, http.StatusOK, reqs[0].Status)
						require.Equal(t, r.Market, reqs[0].Market)
						require.Equal(t, r.Path, reqs[0].Path)
						if style.base == "" {
							require.Equal(t, r.Market, jmzs.MarketOfHost(reqs[0].Host), "the production host %s came to the gateway", reqs[0].Host)
						}
					} else {
						require.ErrorIs(t, err, jmzs.ErrWrongMarket)
						var me *jmzs.MarketError
						require.ErrorAs(t, err, &me)
						require.Equal(t, r.Method, me.API)
						require.Equal(t, r.Market, me.Market)
						require.Empty(t, g.Requests(), "refused before anything is sent")
					}

					g.ClearRequests()
					err = call(ctx, newClient(t, g, jmzs.WithAuthenticator(cred.auth)), style.base)
					reqs := g.Requests()
					require.Len(t, reqs, 1)
					if style.base != "" && markets[r.Path] > 1 {
						// On loopback, a path both markets serve is
						// answered by the credentials' market.
						require.Equal(t, cred.market, reqs[0].Market)
						require.NoError(t, err)
						return
					}
					require.Equal(t, r.Market, reqs[0].Market, "the route's market's gateway answered")
					if cred.market == r.Market {
						require.NoError(t, err)
					} else {
						requireRefusedBy(t, r.Market, err)
					}
				})
			}
		}
	}
}

// TestOnePathServesEachMarketToItsOwnCredentials: /invoice/validate is
// invoice.Validate on Huawei's market and invoice.ValidateAliyun on
// Alibaba Cloud's. On loopback the credentials pick the market; a market
// host picks it whatever the credentials.
func TestOnePathServesEachMarketToItsOwnCredentials(t *testing.T) {
	g := marketsGateway(t, jmzstest.WithFixtureRoutes())
	for _, cred := range credentials() {
		c := newClient(t, g, jmzs.WithAuthenticator(cred.auth))
		for _, host := range []string{"", "invoicevalidate.apistore.huaweicloud.com", "jminvoice.market.alicloudapi.com"} {
			g.ClearRequests()
			req := &jmzs.Request{URL: g.URL() + "/invoice/validate", Header: http.Header{}}
			want := cred.market
			if host != "" {
				req.Header.Set("Host", host)
				want = jmzs.MarketOfHost(host)
			}
			_, err := jmzs.Do[map[string]any](context.Background(), c, req)
			reqs := g.Requests()
			require.Len(t, reqs, 1)
			require.Equal(t, want, reqs[0].Market, "%s, host %q", cred.name, host)
			if want == cred.market {
				require.NoError(t, err, "%s, host %q", cred.name, host)
			} else {
				requireRefusedBy(t, want, err)
			}
		}
	}
}

func TestHandleOnAPathOfItsOwnAnswersEitherMarket(t *testing.T) {
	g := marketsGateway(t)
	g.Reply("/custom/echo", 200, "成功", map[string]string{"ok": "yes"})
	for _, cred := range credentials() {
		for _, host := range []string{"", "custom.market.alicloudapi.com", "custom.apistore.huaweicloud.com"} {
			g.ClearRequests()
			req := &jmzs.Request{URL: g.URL() + "/custom/echo", Header: http.Header{}}
			if host != "" {
				req.Header.Set("Host", host)
			}
			_, err := jmzs.Do[map[string]string](context.Background(), newClient(t, g, jmzs.WithAuthenticator(cred.auth)), req)
			require.NoError(t, err, "%s, host %q", cred.name, host)
			require.Equal(t, cred.market, g.Requests()[0].Market, "checked by the rules of its credential's market")
		}
	}
	// A wrong credential is refused in its market's format.
	_, err := jmzs.Do[map[string]string](context.Background(), newClient(t, g, jmzs.WithAliyunAppCode("not-the-code")),
		&jmzs.Request{URL: g.URL() + "/custom/echo"})
	require.ErrorIs(t, err, jmzs.ErrUnauthorized)
	var ge *jmzs.GatewayError
	require.ErrorAs(t, err, &ge)
	require.Equal(t, "Invalid AppCode", ge.ErrorMsg)
}

func TestHandleOnAFixturePathKeepsItsMarket(t *testing.T) {
	g := marketsGateway(t, jmzstest.WithFixtureRoutes())
	g.ReplyFixture("/express/query-v2", "express/701")
	g.ReplyFixture("/invoice/validate", "invoice/999")
	ctx := context.Background()
	for _, cred := range credentials() {
		c := newClient(t, g, jmzs.WithAuthenticator(cred.auth))
		_, err := jmzs.Do[any](ctx, c, &jmzs.Request{URL: g.URL() + "/express/query-v2"})
		if cred.market == jmzs.MarketHuawei {
			var apiErr *jmzs.APIError
			require.ErrorAs(t, err, &apiErr, cred.name)
			require.Equal(t, 701, apiErr.Code)
		} else {
			requireRefusedBy(t, jmzs.MarketHuawei, err)
		}
		_, err = jmzs.Do[any](ctx, c, &jmzs.Request{URL: g.URL() + "/invoice/validate"})
		require.ErrorIs(t, err, jmzs.ErrOther, "%s: both markets' routes answer the new fixture", cred.name)
	}
	g.Handle("/express/query-v2", nil)
	_, err := jmzs.Do[any](ctx, newClient(t, g, jmzs.WithAppCode(huaweiAppCode)), &jmzs.Request{URL: g.URL() + "/express/query-v2"})
	var ge *jmzs.GatewayError
	require.ErrorAs(t, err, &ge)
	require.Equal(t, "APIG.0101", ge.ErrorCode, "a nil handler removes the route")
}

func TestRefusalsComeInTheMarketsFormat(t *testing.T) {
	ctx := context.Background()
	idcard := "https://jmidcardv1.market.alicloudapi.com/idcard/validate"
	express := "https://expressqueryv2.apistore.huaweicloud.com/express/query-v2"

	t.Run("no such path", func(t *testing.T) {
		g := marketsGateway(t)
		c := newClient(t, g, jmzs.WithAppCode(huaweiAppCode), jmzs.WithAliyunAppCode(aliyunAppCode))
		resp, err := jmzs.Do[any](ctx, c, &jmzs.Request{URL: idcard})
		var ge *jmzs.GatewayError
		require.ErrorAs(t, err, &ge)
		require.Equal(t, http.StatusNotFound, ge.HTTPStatus)
		require.Equal(t, "Invalid Url", ge.ErrorMsg)
		require.NotEmpty(t, resp.Header.Get(jmzstest.HeaderAliyunRequestID))
		_, err = jmzs.Do[any](ctx, c, &jmzs.Request{URL: express})
		require.ErrorAs(t, err, &ge)
		require.Equal(t, "APIG.0101", ge.ErrorCode)
	})

	t.Run("a Huawei path on Alibaba Cloud's host", func(t *testing.T) {
		g := marketsGateway(t, jmzstest.WithFixtureRoutes())
		c := newClient(t, g, jmzs.WithAuthenticator(jmzs.NewAliyunAppCodeAuth(aliyunAppCode)))
		_, err := jmzs.Do[any](ctx, c, &jmzs.Request{URL: "https://expressqueryv2.market.alicloudapi.com/express/query-v2"})
		var ge *jmzs.GatewayError
		require.ErrorAs(t, err, &ge)
		require.Equal(t, http.StatusNotFound, ge.HTTPStatus)
		require.Equal(t, "Invalid Url", ge.ErrorMsg, "Alibaba Cloud's gateway sells no such API")
	})

	t.Run("throttling and failures", func(t *testing.T) {
		g := marketsGateway(t, jmzstest.WithFixtureRoutes())
		c := newClient(t, g, jmzs.WithAppCode(huaweiAppCode), jmzs.WithAliyunAppCode(aliyunAppCode))
		g.Throttle("", 2, 0)
		_, err := jmzs.Do[any](ctx, c, &jmzs.Request{URL: idcard})
		require.ErrorIs(t, err, jmzs.ErrThrottled)
		var ge *jmzs.GatewayError
		require.ErrorAs(t, err, &ge)
		require.Equal(t, http.StatusForbidden, ge.HTTPStatus)
		require.Equal(t, "Throttled by APP Flow Control", ge.ErrorMsg)
		_, err = jmzs.Do[any](ctx, c, &jmzs.Request{URL: express})
		require.ErrorIs(t, err, jmzs.ErrThrottled)
		require.ErrorAs(t, err, &ge)
		require.Equal(t, "APIG.0308", ge.ErrorCode)

		g.Fail("", 2, http.StatusGatewayTimeout)
		_, err = jmzs.Do[any](ctx, c, &jmzs.Request{URL: idcard})
		require.ErrorAs(t, err, &ge)
		require.Equal(t, http.StatusGatewayTimeout, ge.HTTPStatus)
		require.Equal(t, "Async Service", ge.ErrorMsg)
		_, err = jmzs.Do[any](ctx, c, &jmzs.Request{URL: express})
		require.ErrorAs(t, err, &ge)
		require.Equal(t, "APIG.0203", ge.ErrorCode)
		var codes []string
		for _, r := range g.Requests() {
			codes = append(codes, r.ErrorCode)
		}
		require.Equal(t, []string{"Throttled by APP Flow Control", "APIG.0308", "Async Service", "APIG.0203"}, codes)
	})

	t.Run("rate limit", func(t *testing.T) {
		g := marketsGateway(t, jmzstest.WithFixtureRoutes(), jmzstest.WithRateLimit(1, time.Hour))
		c := newClient(t, g, jmzs.WithAliyunAppCode(aliyunAppCode))
		_, err := jmzs.Do[any](ctx, c, &jmzs.Request{URL: idcard})
		require.NoError(t, err)
		_, err = jmzs.Do[any](ctx, c, &jmzs.Request{URL: idcard})
		require.ErrorIs(t, err, jmzs.ErrThrottled)
		var ge *jmzs.GatewayError
		require.ErrorAs(t, err, &ge)
		require.Equal(t, http.StatusForbidden, ge.HTTPStatus)
		require.Equal(t, "Throttled by APP Flow Control", ge.ErrorMsg)
	})
}

func TestHTTPClientSendsEveryHostToTheGateway(t *testing.T) {
	for _, tls := range []bool{false, true} {
		opts := []jmzstest.GatewayOption{jmzstest.WithFixtureRoutes()}
		if tls {
			opts = append(opts, jmzstest.WithTLS())
		}
		g := marketsGateway(t, opts...)
		c := newClient(t, g, jmzs.WithAppKey(huaweiAppKey, huaweiAppSecret), jmzs.WithAliyunAppKey(aliyunAppKey, aliyunAppSecret))
		for _, endpoint := range []string{
			"https://expressqueryv2.apistore.huaweicloud.com/express/query-v2?number=YT1234567890123",
			"https://jmidcardv1.market.alicloudapi.com/idcard/validate",
			"http://jmidcardv1.market.alicloudapi.com:8080/idcard/validate",
			g.URL() + "/idcard/validate",
		} {
			g.ClearRequests()
			req := &jmzs.Request{URL: endpoint, Market: jmzs.MarketAliyun}
			if strings.Contains(endpoint, "huaweicloud") {
				req.Market = jmzs.MarketHuawei
			}
			_, err := jmzs.Do[any](context.Background(), c, req)
			require.NoError(t, err, "%s (TLS %v)", endpoint, tls)
			u, _ := url.Parse(endpoint)
			reqs := g.Requests()
			require.Len(t, reqs, 1)
			require.Equal(t, u.Host, reqs[0].Host, "the signed host is kept")
			require.Equal(t, u.Path, reqs[0].Path)
			require.Equal(t, u.RawQuery, reqs[0].RawQuery)
		}
	}
}
