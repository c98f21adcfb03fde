package jmzs_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	jmzs "github.com/jmzs-sdk/jmzs-go"
)

const (
	huaweiCode = "HUAWEI0123456789abcdefHUAWEICODE"
	aliyunCode = "ALIYUN0123456789abcdefALIYUNCODE"
	appKey     = "KEY0123456789abcdefKEYSECRET"
	appSecret  = "SECRET0123456789abcdefTOPSECRET"
)

func TestMarketString(t *testing.T) {
	for m, want := range map[jmzs.Market]string{
		jmzs.MarketHuawei: "Huawei Cloud KooGallery",
		jmzs.MarketAliyun: "Alibaba Cloud's API market",
		0:                 "jmzs.Market(0)",
		7:                 "jmzs.Market(7)",
	} {
		if got := m.String(); got != want {
			t.Errorf("Market(%d).String() = %q, want %q", int(m), got, want)
		}
	}
}

func TestMarketOfHost(t *testing.T) {
	for host, want := range map[string]jmzs.Market{
		"jmidcardv1.market.alicloudapi.com":          jmzs.MarketAliyun,
		"JMIDCARDV1.Market.AliCloudAPI.com":          jmzs.MarketAliyun,
		"jmidcardv1.market.alicloudapi.com:443":      jmzs.MarketAliyun,
		"jmidcardv1.market.alicloudapi.com.":         jmzs.MarketAliyun,
		"expressqueryv2.apistore.huaweicloud.com":    jmzs.MarketHuawei,
		"expressqueryv2.apistore.huaweicloud.com:80": jmzs.MarketHuawei,
		"abc.apig.cn-north-4.myhuaweicloud.com":      jmzs.MarketHuawei,
		"alicloudapi.com":                            0, // the domain itself serves no API
		"evilalicloudapi.com":                        0,
		"huaweicloud.com.example.com":                0,
		"127.0.0.1:8080":                             0,
		"[::1]:8080":                                 0,
		"localhost":                                  0,
		"":                                           0,
	} {
		if got := jmzs.MarketOfHost(host); got != want {
			t.Errorf("MarketOfHost(%q) = %v, want %v", host, got, want)
		}
	}
}

func TestNewClientHoldsOneCredentialPerMarket(t *testing.T) {
	huawei := map[string]jmzs.Option{"WithAppCode": jmzs.WithAppCode(huaweiCode), "WithAppKey": jmzs.WithAppKey(appKey, appSecret)}
	aliyun := map[string]jmzs.Option{"WithAliyunAppCode": jmzs.WithAliyunAppCode(aliyunCode), "WithAliyunAppKey": jmzs.WithAliyunAppKey(appKey, appSecret)}
	custom := map[string]jmzs.Option{"WithAuthenticator": jmzs.WithAuthenticator(jmzs.NewAppCodeAuth(huaweiCode))}
	secretFree := func(err error) {
		t.Helper()
		for _, s := range []string{huaweiCode, aliyunCode, appKey, appSecret} {
			if strings.Contains(err.Error(), s) {
				t.Errorf("the error shows a credential: %v", err)
			}
		}
	}
	for hn, h := range huawei {
		for an, a := range aliyun {
			for _, opts := range [][]jmzs.Option{{h, a}, {a, h}} {
				if _, err := jmzs.NewClient(opts...); err != nil {
					t.Errorf("%s and %s: %v", hn, an, err)
				}
			}
		}
	}
	for market, opts := range map[string]map[string]jmzs.Option{"Huawei Cloud KooGallery": huawei, "Alibaba Cloud's API market": aliyun} {
		for first, o1 := range opts {
			for second, o2 := range opts {
				_, err := jmzs.NewClient(o1, o2)
				want := fmt.Sprintf("jmzs: %s and %s are both credentials for %s: give a client one credential per market", first, second, market)
				if err == nil || err.Error() != want {
					t.Errorf("%s, %s: got %v, want %q", first, second, err, want)
					continue
				}
				secretFree(err)
			}
		}
	}
	for name, o := range mergeOptions(huawei, aliyun, custom) {
		for _, opts := range [][]jmzs.Option{{custom["WithAuthenticator"], o}, {o, custom["WithAuthenticator"]}} {
			_, err := jmzs.NewClient(opts...)
			if err == nil || !strings.Contains(err.Error(), "WithAuthenticator is the client's only credential") || !strings.Contains(err.Error(), name) {
				t.Errorf("WithAuthenticator and %s: got %v", name, err)
				continue
			}
			secretFree(err)
		}
	}
}

func mergeOptions(ms ...map[string]jmzs.Option) map[string]jmzs.Option {
	out := map[string]jmzs.Option{}
	for _, m := range ms {
		for k, v := range m {
			out[k] = v
		}
	}
	return out
}

// hostServer is a server on loopback that answers every request with
// success and records the requests' headers. Its client sends every
// request to it, whatever the URL's host, as the kit's gateway does, so
// that a test can call production host names.
type hostServer struct {
	*httptest.Server
	mu   sync.Mutex
	seen []http.Header
}

func newHostServer(t *testing.T) *hostServer {
	s := &hostServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.seen = append(s.seen, r.Header.Clone())
		s.mu.Unlock()
		io.WriteString(w, `{"data":{},"msg":"成功","success":true,"code":200,"taskNo":"1"}`)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *hostServer) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.URL.Scheme, r.URL.Host = "http", strings.TrimPrefix(s.URL, "http://")
	return http.DefaultTransport.RoundTrip(r)
}

func (s *hostServer) headers() []http.Header {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.seen
}

// credentialOf names the credential a request carried.
func credentialOf(h http.Header) string {
	switch {
	case h.Get("X-Apig-AppCode") != "":
		return "huawei"
	case strings.HasPrefix(h.Get("Authorization"), "APPCODE "):
		return "aliyun"
	}
	return "none"
}

func TestEachCallCarriesTheCredentialOfItsMarket(t *testing.T) {
	s := newHostServer(t)
	both, err := jmzs.NewClient(jmzs.WithAppCode(huaweiCode), jmzs.WithAliyunAppCode(aliyunCode),
		jmzs.WithHTTPClient(&http.Client{Transport: s}), jmzs.WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		req  jmzs.Request
		want string
	}{
		{"Huawei host", jmzs.Request{URL: "https://expressqueryv2.apistore.huaweicloud.com/express/query-v2"}, "huawei"},
		{"Aliyun host", jmzs.Request{URL: "https://jmidcardv1.market.alicloudapi.com/idcard/validate"}, "aliyun"},
		{"Market beats the host", jmzs.Request{URL: "https://jmidcardv1.market.alicloudapi.com/idcard/validate", Market: jmzs.MarketHuawei}, "huawei"},
		{"loopback with Market", jmzs.Request{URL: s.URL + "/idcard/validate", Market: jmzs.MarketAliyun}, "aliyun"},
		{"the Host header sent tells", jmzs.Request{URL: s.URL + "/idcard/validate", Header: http.Header{"Host": {"jmidcardv1.market.alicloudapi.com"}}}, "aliyun"},
	} {
		before := len(s.headers())
		if _, err := jmzs.Do[struct{}](context.Background(), both, &tc.req); err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if got := credentialOf(s.headers()[before]); got != tc.want {
			t.Errorf("%s: sent the %s credential, want %s", tc.name, got, tc.want)
		}
	}

	// A host that tells no market, and no Request.Market: an error, and nothing is sent.
	before := len(s.headers())
	_, err = jmzs.Do[struct{}](context.Background(), both, &jmzs.Request{URL: s.URL + "/idcard/validate?idCardNo=11010519491231002X"})
	if err == nil || !strings.Contains(err.Error(), "set Request.Market") || strings.Contains(err.Error(), "11010519491231002X") {
		t.Errorf("two credentials, loopback, no Request.Market: %v", err)
	}
	_, err = jmzs.Do[struct{}](context.Background(), both, &jmzs.Request{URL: s.URL + "/x", Market: 3})
	if err == nil || !strings.Contains(err.Error(), "unknown market 3") {
		t.Errorf("Market 3: %v", err)
	}
	if len(s.headers()) != before {
		t.Error("a refused call was sent")
	}
}

func TestACallForAnotherMarketIsRefusedBeforeAnythingIsSent(t *testing.T) {
	s := newHostServer(t)
	for _, tc := range []struct {
		name string
		opt  jmzs.Option
		req  jmzs.Request
		want string
	}{
		{"Aliyun host, Huawei credential", jmzs.WithAppKey(appKey, appSecret),
			jmzs.Request{URL: "https://jmidcardv1.market.alicloudapi.com/idcard/validate?name=x"},
			"jmzs: https://jmidcardv1.market.alicloudapi.com/idcard/validate is sold on Alibaba Cloud's API market: use jmzs.WithAliyunAppCode or jmzs.WithAliyunAppKey"},
		{"Huawei host, Aliyun credential", jmzs.WithAliyunAppKey(appKey, appSecret),
			jmzs.Request{URL: "https://expressqueryv2.apistore.huaweicloud.com/express/query-v2"},
			"jmzs: https://expressqueryv2.apistore.huaweicloud.com/express/query-v2 is sold on Huawei Cloud KooGallery: use jmzs.WithAppKey or jmzs.WithAppCode"},
		{"loopback, Market Aliyun, Huawei credential", jmzs.WithAppCode(huaweiCode),
			jmzs.Request{URL: s.URL + "/idcard/validate", Market: jmzs.MarketAliyun},
			"is sold on Alibaba Cloud's API market: use jmzs.WithAliyunAppCode or jmzs.WithAliyunAppKey"},
	} {
		c, err := jmzs.NewClient(tc.opt, jmzs.WithHTTPClient(&http.Client{Transport: s}))
		if err != nil {
			t.Fatal(err)
		}
		resp, err := jmzs.Do[struct{}](context.Background(), c, &tc.req)
		var me *jmzs.MarketError
		switch {
		case resp != nil || !errors.Is(err, jmzs.ErrWrongMarket) || !errors.As(err, &me):
			t.Errorf("%s: got %v, %v", tc.name, resp, err)
		case !strings.Contains(err.Error(), tc.want):
			t.Errorf("%s: got %q, want %q", tc.name, err, tc.want)
		case strings.Contains(err.Error(), "name=x"):
			t.Errorf("%s: the error shows the query: %v", tc.name, err)
		}
	}
	if n := len(s.headers()); n != 0 {
		t.Errorf("%d refused calls were sent", n)
	}

	// A single credential serves a host that tells no market.
	c, _ := jmzs.NewClient(jmzs.WithAliyunAppCode(aliyunCode), jmzs.WithHTTPClient(&http.Client{Transport: s}))
	if _, err := jmzs.Do[struct{}](context.Background(), c, &jmzs.Request{URL: s.URL + "/idcard/validate"}); err != nil {
		t.Fatal(err)
	}
	// WithAuthenticator is trusted as given, for every market.
	c, _ = jmzs.NewClient(jmzs.WithAuthenticator(jmzs.NewAppCodeAuth(huaweiCode)), jmzs.WithHTTPClient(&http.Client{Transport: s}))
	if _, err := jmzs.Do[struct{}](context.Background(), c, &jmzs.Request{URL: "https://jmidcardv1.market.alicloudapi.com/idcard/validate"}); err != nil {
		t.Fatal(err)
	}
	if got := s.headers(); len(got) != 2 || credentialOf(got[0]) != "aliyun" || credentialOf(got[1]) != "huawei" {
		t.Errorf("sent %v", got)
	}
}

func TestClientStringShowsEachMarketsCredentialMasked(t *testing.T) {
	c, err := jmzs.NewClient(jmzs.WithAliyunAppKey(appKey, appSecret), jmzs.WithAppCode(huaweiCode))
	if err != nil {
		t.Fatal(err)
	}
	const want = "jmzs.Client{huawei:AppCodeAuth{HUAW****}, aliyun:AliyunSigner{AppKey:KEY0****, AppSecret:****}, maxRetries:2}"
	if got := c.String(); got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	c, _ = jmzs.NewClient(jmzs.WithAuthenticator(jmzs.NewAliyunAppCodeAuth(aliyunCode)))
	if got, want := c.String(), "jmzs.Client{auth:AliyunAppCodeAuth{ALIY****}, maxRetries:2}"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

func TestZeroClientIsAnError(t *testing.T) {
	_, err := jmzs.Do[struct{}](context.Background(), &jmzs.Client{}, &jmzs.Request{URL: "https://jmidcardv1.market.alicloudapi.com/idcard/validate"})
	if err == nil || !strings.Contains(err.Error(), "not made by NewClient") {
		t.Errorf("got %v", err)
	}
}
