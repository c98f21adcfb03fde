package e2e_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	jmzs "github.com/jmzs-sdk/jmzs-go"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/jmzs-sdk/jmzs-go/jmzstest"
	"github.com/stretchr/testify/require"
)

// basePath mounts test handlers below a non-empty path, as real
// endpoints are, so that path handling is exercised.
const basePath = "/api/v2/"

type seen struct {
	method, path, rawQuery, contentType, appCode, auth, body string
	header                                                   http.Header
}

// newServer starts a loopback server that records each request and
// answers with reply. It returns the endpoint URL and the record.
func newServer(t *testing.T, reply func(w http.ResponseWriter, r *http.Request)) (string, *[]seen) {
	t.Helper()
	var got []seen
	mux := http.NewServeMux()
	mux.HandleFunc(basePath, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(strings.NewReader(string(b)))
		got = append(got, seen{r.Method, r.URL.Path, r.URL.RawQuery, r.Header.Get("Content-Type"),
			r.Header.Get(jmzs.HeaderAppCode), r.Header.Get("Authorization"), string(b), r.Header.Clone()})
		reply(w, r)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv.URL + basePath + "query", &got
}

func writeJSON(status int, body string, headers ...string) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i+1 < len(headers); i += 2 {
			w.Header().Set(headers[i], headers[i+1])
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		io.WriteString(w, body)
	}
}

const okBody = `{"data":{"name":"张三","n":2},"msg":"成功","success":true,"code":200,"taskNo":"438349168196884244029961","charge":true}`

type okData struct {
	Name string `json:"name"`
	N    int    `json:"n"`
}

func appCodeClient(t *testing.T, opts ...jmzs.Option) *jmzs.Client {
	t.Helper()
	c, err := jmzs.NewClient(append([]jmzs.Option{jmzs.WithAppCode("test-appcode-0123456789")}, opts...)...)
	require.NoError(t, err)
	return c
}

func TestDoEncodesRequests(t *testing.T) {
	tests := []struct {
		name                    string
		req                     jmzs.Request
		method, query, ct, body string
	}{
		{"query only, POST default, JSON content type", jmzs.Request{Query: url.Values{"number": {"YT 123"}, "expressCode": {"YTO"}}},
			"POST", "expressCode=YTO&number=YT%20123", "application/json", ""},
		{"form body", jmzs.Request{Form: url.Values{"idCardNo": {"11010519491231002X"}, "name": {"张三"}}},
			"POST", "", jmzs.ContentTypeForm, "idCardNo=11010519491231002X&name=%E5%BC%A0%E4%B8%89"},
		{"JSON body", jmzs.Request{JSON: map[string]any{"a": 1}}, "POST", "", "application/json", `{"a":1}`},
		{"raw JSON body and method", jmzs.Request{Method: "PUT", JSON: json.RawMessage(`{"b":2}`)}, "PUT", "", "application/json", `{"b":2}`},
		{"caller content type wins", jmzs.Request{Form: url.Values{"a": {"1"}}, Header: http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}},
			"POST", "", "application/x-www-form-urlencoded", "a=1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, got := newServer(t, writeJSON(200, okBody))
			tt.req.URL = u
			resp, err := jmzs.Do[okData](context.Background(), appCodeClient(t), &tt.req)
			require.NoError(t, err)
			require.Equal(t, "张三", resp.Data.Name)
			require.Len(t, *got, 1)
			s := (*got)[0]
			require.Equal(t, tt.method, s.method)
			require.Equal(t, basePath+"query", s.path)
			require.Equal(t, tt.query, s.rawQuery)
			require.Equal(t, tt.ct, s.contentType)
			require.Equal(t, tt.body, s.body)
			require.Equal(t, "test-appcode-0123456789", s.appCode)
			require.Equal(t, "jmzs-go/"+jmzs.Version, s.header.Get("User-Agent"))
		})
	}
}

func TestDoRejectsBadRequests(t *testing.T) {
	c := appCodeClient(t)
	for name, req := range map[string]*jmzs.Request{
		"nil":         nil,
		"no URL":      {},
		"bad scheme":  {URL: "ftp://x.example.com/a"},
		"no host":     {URL: "https:///path"},
		"two bodies":  {URL: "https://x.example.com/a", Form: url.Values{"a": {"1"}}, JSON: 1},
		"bad JSON":    {URL: "https://x.example.com/a", JSON: func() {}},
		"bad raw":     {URL: "https://x.example.com/a", JSON: json.RawMessage(`{`)},
		"bad escape":  {URL: "https://x.example.com/a?x=%zz"},
		"unparseable": {URL: "https://x.example.com/%zz"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := jmzs.Do[okData](context.Background(), c, req)
			require.Error(t, err)
			require.True(t, strings.HasPrefix(err.Error(), "jmzs: "), err.Error())
		})
	}
	_, err := jmzs.Do[okData](context.Background(), nil, &jmzs.Request{URL: "https://x.example.com"})
	require.Error(t, err)
}

func TestDoSignsWithAppKey(t *testing.T) {
	const key, secret = "app-key-1", "app-secret-0123456789abcdef"
	gw := jmzstest.NewGateway(t, jmzstest.WithAppKey(key, secret))
	gw.Reply(basePath+"query", 200, "成功", okData{Name: "张三"})
	c, err := jmzs.NewClient(jmzs.WithAppKey(key, secret))
	require.NoError(t, err)

	resp, err := jmzs.Do[okData](context.Background(), c, &jmzs.Request{
		URL:   gw.URL() + basePath + "query",
		Query: url.Values{"q": {"a b+c"}, "k": {""}},
		Form:  url.Values{"f": {"1"}},
	})
	require.NoError(t, err, "the gateway verified the signature")
	require.Equal(t, "张三", resp.Data.Name)
	got := gw.Requests()
	require.Len(t, got, 1)
	require.Equal(t, "k=&q=a%20b%2Bc", got[0].RawQuery, "the query is sent in the canonical form that was signed")
	require.Empty(t, got[0].Header.Get(jmzs.HeaderAppCode))
	require.Contains(t, got[0].Header.Get("Authorization"), "SignedHeaders=content-type;host;x-sdk-date, ")
}

func TestAppCodeOnlyOverHTTPS(t *testing.T) {
	var called atomic.Bool
	hc := &http.Client{Transport: roundTripFunc(func(*http.Request) (*http.Response, error) {
		called.Store(true)
		return nil, errors.New("must not be called")
	})}
	c := appCodeClient(t, jmzs.WithHTTPClient(hc), jmzs.WithMaxRetries(0))
	_, err := jmzs.Do[okData](context.Background(), c, &jmzs.Request{URL: "http://api.example.com/x"})
	require.ErrorContains(t, err, "HTTPS")
	require.NotContains(t, err.Error(), "test-appcode-0123456789")
	require.False(t, called.Load(), "nothing is sent")

	for _, host := range []string{"127.0.0.1", "localhost", "[::1]"} {
		req := httptest.NewRequest("POST", "http://"+host+"/x", nil)
		require.NoError(t, jmzs.NewAppCodeAuth("code").Authenticate(req), host)
	}
	req := httptest.NewRequest("POST", "https://api.example.com/x", nil)
	require.NoError(t, jmzs.NewAppCodeAuth("code").Authenticate(req))
	require.Equal(t, "code", req.Header.Get(jmzs.HeaderAppCode))
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestDoDecodesEnvelopes(t *testing.T) {
	tests := []struct {
		name   string
		body   string
		want   okData
		taskNo string
	}{
		{"number code", okBody, okData{"张三", 2}, "438349168196884244029961"},
		{"string code", `{"code":"200","msg":"成功","taskNo":"1","data":{"n":1}}`, okData{N: 1}, "1"},
		{"data missing", `{"code":200,"msg":"成功","taskNo":"2"}`, okData{}, "2"},
		{"data null", `{"code":200,"data":null}`, okData{}, ""},
		{"data empty object", `{"code":200,"data":{}}`, okData{}, ""},
		{"taskNo as a huge number", `{"code":200,"taskNo":438349168196884244029961,"data":{}}`, okData{}, "438349168196884244029961"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, _ := newServer(t, writeJSON(200, tt.body, "X-Request-Id", "req-1"))
			resp, err := jmzs.Do[okData](context.Background(), appCodeClient(t), &jmzs.Request{URL: u})
			require.NoError(t, err)
			require.Equal(t, 200, resp.Code)
			require.Equal(t, tt.want, resp.Data)
			require.Equal(t, tt.taskNo, resp.TaskNo)
			require.Equal(t, 200, resp.HTTPStatus)
			require.Equal(t, "req-1", resp.RequestID)
			require.JSONEq(t, tt.body, string(resp.Raw))
		})
	}

	// Slices accept an empty object as "no data".
	u, _ := newServer(t, writeJSON(200, `{"code":200,"data":{}}`))
	resp, err := jmzs.Do[[]okData](context.Background(), appCodeClient(t), &jmzs.Request{URL: u})
	require.NoError(t, err)
	require.Empty(t, resp.Data)

	u, _ = newServer(t, writeJSON(200, okBody))
	r, err := jmzs.Do[okData](context.Background(), appCodeClient(t), &jmzs.Request{URL: u})
	require.NoError(t, err)
	require.True(t, *r.Success)
	require.True(t, *r.Charge)
}

func TestDoMapsErrors(t *testing.T) {
	type check func(t *testing.T, err error)
	apiErr := func(code int, sentinel error) check {
		return func(t *testing.T, err error) {
			var ae *jmzs.APIError
			require.ErrorAs(t, err, &ae)
			require.Equal(t, code, ae.Code)
			require.Equal(t, "9463021", ae.TaskNo)
			require.Equal(t, "rid-7", ae.RequestID)
			require.Contains(t, err.Error(), fmt.Sprint(code))
			require.Contains(t, err.Error(), "参数错误")
			require.Contains(t, err.Error(), "9463021")
			for _, s := range []error{jmzs.ErrInvalidParams, jmzs.ErrProviderMaintenance, jmzs.ErrDataSourceMaintenance, jmzs.ErrOther, jmzs.ErrUnauthorized, jmzs.ErrThrottled} {
				require.Equal(t, s == sentinel, errors.Is(err, s), "%v vs %v", err, s)
			}
		}
	}
	gwErr := func(status int, code string, sentinel error) check {
		return func(t *testing.T, err error) {
			var ge *jmzs.GatewayError
			require.ErrorAs(t, err, &ge)
			require.Equal(t, status, ge.HTTPStatus)
			require.Equal(t, code, ge.ErrorCode)
			if sentinel != nil {
				require.ErrorIs(t, err, sentinel)
			}
			require.Contains(t, err.Error(), ge.RequestID)
			require.NotEmpty(t, ge.RequestID)
		}
	}
	envelope := func(code int) string {
		return fmt.Sprintf(`{"data":{},"msg":"参数错误","success":false,"code":%d,"taskNo":"9463021"}`, code)
	}
	apig := func(code, msg string) string {
		return fmt.Sprintf(`{"error_code":%q,"error_msg":%q,"request_id":"abc123"}`, code, msg)
	}
	tests := []struct {
		name   string
		status int
		body   string
		check  check
	}{
		{"400", 200, envelope(400), apiErr(400, jmzs.ErrInvalidParams)},
		{"400 with HTTP 400", 400, envelope(400), apiErr(400, jmzs.ErrInvalidParams)},
		{"500", 200, envelope(500), apiErr(500, jmzs.ErrProviderMaintenance)},
		{"501", 200, envelope(501), apiErr(501, jmzs.ErrDataSourceMaintenance)},
		{"999", 200, envelope(999), apiErr(999, jmzs.ErrOther)},
		{"411 matches no sentinel", 200, envelope(411), apiErr(411, nil)},
		{"701 matches no sentinel", 200, envelope(701), apiErr(701, nil)},
		{"APIG.0303", 401, apig("APIG.0303", "Incorrect app authentication information: app not found"), gwErr(401, "APIG.0303", jmzs.ErrUnauthorized)},
		{"APIG.0304", 403, apig("APIG.0304", "The app is not authorized to access the API"), gwErr(403, "APIG.0304", jmzs.ErrUnauthorized)},
		{"APIG.0308", 429, apig("APIG.0308", "The throttling threshold has been reached"), gwErr(429, "APIG.0308", jmzs.ErrThrottled)},
		{"APIGW.0308", 429, apig("APIGW.0308", "The throttling threshold has been reached"), gwErr(429, "APIGW.0308", jmzs.ErrThrottled)},
		{"APIG.0101", 404, apig("APIG.0101", "The API does not exist"), gwErr(404, "APIG.0101", nil)},
		{"HTML 502", 502, "<html><body>Bad Gateway</body></html>", gwErr(502, "", nil)},
		{"empty 401", 401, "", gwErr(401, "", jmzs.ErrUnauthorized)},
		{"empty 200", 200, "", func(t *testing.T, err error) { require.ErrorIs(t, err, jmzs.ErrMalformedResponse) }},
		{"HTML 200", 200, "<html>maintenance</html>", func(t *testing.T, err error) {
			var de *jmzs.DecodeError
			require.ErrorAs(t, err, &de)
			require.Contains(t, err.Error(), "maintenance")
		}},
		{"no code", 200, `{"msg":"x"}`, func(t *testing.T, err error) { require.ErrorIs(t, err, jmzs.ErrMalformedResponse) }},
		{"bad code", 200, `{"code":"abc"}`, func(t *testing.T, err error) { require.ErrorIs(t, err, jmzs.ErrMalformedResponse) }},
		{"data of the wrong type", 200, `{"code":200,"data":{"n":"x"}}`, func(t *testing.T, err error) { require.ErrorIs(t, err, jmzs.ErrMalformedResponse) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, got := newServer(t, writeJSON(tt.status, tt.body, "X-Request-Id", "rid-7"))
			if strings.HasPrefix(tt.body, `{"error_code"`) {
				u, got = newServer(t, writeJSON(tt.status, tt.body))
			}
			_, err := jmzs.Do[okData](context.Background(), appCodeClient(t, jmzs.WithMaxRetries(0)), &jmzs.Request{URL: u})
			require.Error(t, err)
			tt.check(t, err)
			require.Len(t, *got, 1)
		})
	}
}

func TestDoResponseTooLarge(t *testing.T) {
	u, _ := newServer(t, writeJSON(200, `{"code":200,"data":"`+strings.Repeat("x", 2048)+`"}`))
	_, err := jmzs.Do[string](context.Background(), appCodeClient(t, jmzs.WithMaxResponseBytes(1024)), &jmzs.Request{URL: u})
	require.ErrorIs(t, err, jmzs.ErrResponseTooLarge)
	require.NotErrorIs(t, err, jmzs.ErrMalformedResponse, "too large, not malformed")
}

func TestNewClientOptionErrors(t *testing.T) {
	tests := map[string][]jmzs.Option{
		"no authentication":   nil,
		"empty AppCode":       {jmzs.WithAppCode("")},
		"empty AppKey":        {jmzs.WithAppKey("", "s")},
		"empty AppSecret":     {jmzs.WithAppKey("k", "")},
		"nil Authenticator":   {jmzs.WithAuthenticator(nil)},
		"two authentications": {jmzs.WithAppCode("c"), jmzs.WithAppKey("k", "s")},
		"negative retries":    {jmzs.WithAppCode("c"), jmzs.WithMaxRetries(-1)},
		"nil HTTP client":     {jmzs.WithAppCode("c"), jmzs.WithHTTPClient(nil)},
		"nil logger":          {jmzs.WithAppCode("c"), jmzs.WithLogger(nil)},
		"zero body limit":     {jmzs.WithAppCode("c"), jmzs.WithMaxResponseBytes(0)},
		"nil option":          {jmzs.WithAppCode("c"), nil},
	}
	for name, opts := range tests {
		t.Run(name, func(t *testing.T) {
			c, err := jmzs.NewClient(opts...)
			require.Error(t, err)
			require.Nil(t, c)
		})
	}
}

func TestClientNeverShowsCredentials(t *testing.T) {
	const code, secret = "appcode-abcdef0123456789", "secret-abcdef0123456789"
	for _, opt := range []jmzs.Option{jmzs.WithAppCode(code), jmzs.WithAppKey("key-abcdef0123456789", secret)} {
		c, err := jmzs.NewClient(opt)
		require.NoError(t, err)
		out := fmt.Sprintf("%v %+v %#v %s", c, c, c, c)
		out += fmt.Sprintf("%v %+v", *c, *c)
		require.NotContains(t, out, code)
		require.NotContains(t, out, secret)
	}
}
