package product_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/internal/product"
	"github.com/jmzs-sdk/jmzs-go/internal/producttest"
)

// get is a method of a made-up product package "demo".
var get = product.Method{Name: "demo.Get", Market: jmzs.MarketHuawei, Endpoint: "https://demo.example.com/demo/get", Option: "demo.WithEndpoint"}

// demo is a product package's Service, as the product packages write it.
type demo struct{ base product.Service }

type option func(*demo)

func newDemo(c *jmzs.Client, opts ...option) *demo {
	s := new(demo)
	return product.Init(s, &s.base, c, opts, &get)
}

func (s *demo) get(ctx context.Context, q url.Values) (*jmzs.Response[map[string]string], error) {
	return product.Call[map[string]string](ctx, &s.base, &get, &jmzs.Request{Query: q})
}

func (s *demo) getWith(ctx context.Context, opts ...jmzs.CallOption) (*jmzs.Response[map[string]string], error) {
	return product.Call[map[string]string](ctx, &s.base, &get, &jmzs.Request{}, opts...)
}

func withBaseURL(u string) option  { return func(s *demo) { s.base.SetBaseURL(u) } }
func withEndpoint(u string) option { return func(s *demo) { s.base.SetEndpoint(&get, u) } }

func TestEndpointRule(t *testing.T) {
	tests := []struct {
		name      string
		opts      func(gw string) []option
		wantPath  string
		wantQuery url.Values
	}{
		{"base URL", func(gw string) []option { return []option{withBaseURL(gw)} }, "/demo/get", nil},
		{"base URL with a prefix", func(gw string) []option { return []option{withBaseURL(gw + "/api")} }, "/api/demo/get", nil},
		{"base URL with a prefix and slash", func(gw string) []option { return []option{withBaseURL(gw + "/api/")} }, "/api/demo/get", nil},
		{"own endpoint wins over the base URL", func(gw string) []option {
			return []option{withBaseURL(gw + "/api"), withEndpoint(gw + "/own/get")}
		}, "/own/get", nil},
		{"own endpoint, whatever the order", func(gw string) []option {
			return []option{withEndpoint(gw + "/own/get"), withBaseURL("http://127.0.0.1:1/unused")}
		}, "/own/get", nil},
		{"own endpoint with a query", func(gw string) []option { return []option{withEndpoint(gw + "/own/get?stage=test")} },
			"/own/get", url.Values{"stage": {"test"}}},
		{"empty values restore the default, the last option wins", func(gw string) []option {
			return []option{withEndpoint("http://127.0.0.1:1/x"), withEndpoint(""), nil, withBaseURL(gw)}
		}, "/demo/get", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, c, _ := producttest.Gateway(t)
			g.Reply("/demo/get", 200, "成功", map[string]string{"at": "default path"})
			g.Reply("/api/demo/get", 200, "成功", map[string]string{"at": "prefix"})
			g.Reply("/own/get", 200, "成功", map[string]string{"at": "own"})
			s := newDemo(c, tt.opts(g.URL())...)
			for range 2 {
				resp, err := s.get(context.Background(), url.Values{"k": {"v"}})
				require.NoError(t, err)
				require.NotEmpty(t, resp.Data["at"])
			}
			reqs := g.Requests()
			require.Len(t, reqs, 2)
			for _, r := range reqs {
				require.Equal(t, http.StatusOK, r.Status, "the gateway verified the signature")
				require.Equal(t, tt.wantPath, r.Path)
				want := url.Values{"k": {"v"}}
				for k, v := range tt.wantQuery {
					want[k] = v
				}
				require.Equal(t, want, r.Query)
			}
		})
	}
}

// roundTripFunc lets a test see where a client sends its requests
// without any network.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestDefaultEndpoint(t *testing.T) {
	var sent []string
	hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		sent = append(sent, r.URL.String())
		body := `{"data":{},"msg":"成功","success":true,"code":200,"taskNo":"1"}`
		return &http.Response{StatusCode: 200, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(body))}, nil
	})}
	c, err := jmzs.NewClient(jmzs.WithAppKey(producttest.AppKey, producttest.AppSecret), jmzs.WithHTTPClient(hc))
	require.NoError(t, err)
	_, err = newDemo(c).get(context.Background(), nil)
	require.NoError(t, err)
	// A zero Service (a product Service not made by New) calls the
	// default endpoint too.
	var zero product.Service
	_, err = product.Call[json.RawMessage](context.Background(), &zero, &get, &jmzs.Request{})
	require.ErrorContains(t, err, "nil *Client", "no client: an error, not a panic")
	require.Equal(t, []string{get.Endpoint}, sent)
}

func TestBadURLIsReportedByEveryCallNamingTheOption(t *testing.T) {
	tests := []struct {
		name   string
		opt    func(gw string) option
		want   string
		secret string // must not appear in the error
	}{
		{"no scheme", func(string) option { return withEndpoint("127.0.0.1:8080/demo/get") }, "jmzs: demo.WithEndpoint: not a URL", ""},
		{"ftp", func(string) option { return withEndpoint("ftp://127.0.0.1/demo/get") }, `jmzs: demo.WithEndpoint("ftp://127.0.0.1/demo/get"): want an absolute http or https URL`, ""},
		{"relative", func(string) option { return withEndpoint("/demo/get") }, "want an absolute http or https URL", ""},
		{"no host", func(string) option { return withEndpoint("https:///demo/get") }, "want an absolute http or https URL", ""},
		{"unparsable", func(string) option { return withEndpoint("http://[::1/demo/get?pw=hunter2") }, "jmzs: demo.WithEndpoint: not a URL: ", "hunter2"},
		{"control character", func(string) option { return withEndpoint("http://127.0.0.1/demo\n/get") }, "jmzs: demo.WithEndpoint: not a URL", ""},
		{"server only", func(gw string) option { return withEndpoint(gw) }, "want the method's full URL, such as https://demo.example.com/demo/get; for a server, use demo.WithBaseURL", ""},
		{"trailing slash", func(gw string) option { return withEndpoint(gw + "/demo/") }, "for a server, use demo.WithBaseURL", ""},
		{"password", func(gw string) option {
			return withEndpoint("http://user:hunter2@" + strings.TrimPrefix(gw, "http://") + "/demo/get")
		},
			"jmzs: demo.WithEndpoint: the URL must not hold a user name or password", "hunter2"},
		{"fragment", func(gw string) option { return withEndpoint(gw + "/demo/get#top") }, "the URL must have no fragment", ""},
		{"base URL with a query", func(gw string) option { return withBaseURL(gw + "?stage=test") }, `jmzs: demo.WithBaseURL("http://127.0.0.1:`, ""},
		{"base URL without scheme", func(string) option { return withBaseURL("127.0.0.1:8080") }, "jmzs: demo.WithBaseURL: not a URL", ""},
		{"base URL with a password", func(gw string) option { return withBaseURL("https://u:hunter2@example.com") }, "jmzs: demo.WithBaseURL: the URL must not hold", "hunter2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, c, _ := producttest.Gateway(t)
			s := newDemo(c, tt.opt(g.URL()))
			for range 2 {
				resp, err := s.get(context.Background(), nil)
				require.Nil(t, resp)
				require.ErrorContains(t, err, tt.want)
				if tt.secret != "" {
					require.NotContains(t, err.Error(), tt.secret)
				}
			}
			require.Empty(t, g.Requests(), "nothing is sent")
		})
	}
}

func TestBadBaseURLIsReportedEvenWhenUnused(t *testing.T) {
	g, c, _ := producttest.Gateway(t)
	s := newDemo(c, withBaseURL("ftp://127.0.0.1"), withEndpoint(g.URL()+"/demo/get"))
	_, err := s.get(context.Background(), nil)
	require.ErrorContains(t, err, "demo.WithBaseURL", "every method has its own endpoint, but the base URL is still wrong")
	require.Empty(t, g.Requests())
}

func TestCallRefusesAClientWithoutTheMethodsMarket(t *testing.T) {
	g, _, aliyun := producttest.Gateway(t)
	g.Reply("/demo/get", 200, "成功", map[string]string{"at": "default path"})
	resp, err := newDemo(aliyun, withBaseURL(g.URL())).get(context.Background(), url.Values{"k": {"v"}})
	require.Nil(t, resp)
	require.ErrorIs(t, err, jmzs.ErrWrongMarket)
	require.EqualError(t, err, "jmzs: demo.Get is sold on Huawei Cloud KooGallery: use jmzs.WithAppKey or jmzs.WithAppCode")
	var me *jmzs.MarketError
	require.ErrorAs(t, err, &me)
	require.Equal(t, jmzs.MarketError{Market: jmzs.MarketHuawei, API: "demo.Get"}, *me)
	require.Empty(t, g.Requests(), "nothing is sent")
}

func TestCallPicksTheCredentialOfTheMethodsMarket(t *testing.T) {
	g, _, _ := producttest.Gateway(t)
	g.Reply("/demo/get", 200, "成功", map[string]string{"at": "default path"})
	both, err := jmzs.NewClient(jmzs.WithAliyunAppCode(producttest.AliyunAppCode), jmzs.WithAppKey(producttest.AppKey, producttest.AppSecret),
		jmzs.WithHTTPClient(g.HTTPClient()))
	require.NoError(t, err)
	// A loopback base URL does not tell the market: the method does.
	_, err = newDemo(both, withBaseURL(g.URL())).get(context.Background(), nil)
	require.NoError(t, err)
	reqs := g.Requests()
	require.Len(t, reqs, 1)
	require.Contains(t, reqs[0].Header.Get("Authorization"), "SDK-HMAC-SHA256 Access="+producttest.AppKey, "signed with the Huawei credential")
}

func TestCallForwardsCallOptions(t *testing.T) {
	g, c, _ := producttest.Gateway(t)
	g.Fail("/demo/get", 1, http.StatusServiceUnavailable)
	g.Reply("/demo/get", 200, "成功", map[string]string{"at": "default path"})
	s := newDemo(c, withBaseURL(g.URL()))
	_, err := s.getWith(context.Background(), jmzs.CallMaxRetries(0), jmzs.CallHeader("X-Trace-Id", "t-1"))
	require.ErrorContains(t, err, "HTTP 503", "CallMaxRetries(0): the 503 is not retried")
	_, err = s.getWith(context.Background(), jmzs.CallHeader("X-Trace-Id", "t-2"))
	require.NoError(t, err)
	reqs := g.Requests()
	require.Len(t, reqs, 2)
	require.Equal(t, "t-1", reqs[0].Header.Get("X-Trace-Id"))
	require.Equal(t, "t-2", reqs[1].Header.Get("X-Trace-Id"))
	_, err = s.getWith(context.Background(), nil)
	require.ErrorContains(t, err, "nil CallOption")
	require.Len(t, g.Requests(), 2, "a bad CallOption sends nothing")
}

func TestIsCode(t *testing.T) {
	for n, want := range map[jmzs.Number]bool{"1": true, "01": true, "1.0": false, "": false, "x": false, "2": false, "-1": false} {
		require.Equal(t, want, product.IsCode(n, 1), "%q", n)
	}
	require.True(t, product.IsCode("0", 0))
}
