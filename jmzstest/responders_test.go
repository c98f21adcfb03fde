package jmzstest_test

import (
	"context"
	"encoding/json"
	"errors"
	"go/parser"
	"go/token"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/require"

	"github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/jmzstest"
)

const mockURL = "https://expressqueryv2.apistore.huaweicloud.com/express/query-v2"

// allSentinels is every sentinel error the SDK exports.
var allSentinels = map[string]error{
	"ErrInvalidParams":         jmzs.ErrInvalidParams,
	"ErrProviderMaintenance":   jmzs.ErrProviderMaintenance,
	"ErrDataSourceMaintenance": jmzs.ErrDataSourceMaintenance,
	"ErrOther":                 jmzs.ErrOther,
	"ErrUnauthorized":          jmzs.ErrUnauthorized,
	"ErrThrottled":             jmzs.ErrThrottled,
	"ErrMalformedResponse":     jmzs.ErrMalformedResponse,
	"ErrResponseTooLarge":      jmzs.ErrResponseTooLarge,
}

// mockClient activates httpmock for t and returns a client of the
// default transport, which httpmock intercepts, with retries off.
func mockClient(t *testing.T, opts ...jmzs.Option) *jmzs.Client {
	t.Helper()
	httpmock.Activate(t)
	c, err := jmzs.NewClient(append([]jmzs.Option{jmzs.WithAppKey(testAppKey, testAppSecret), jmzs.WithMaxRetries(0)}, opts...)...)
	require.NoError(t, err)
	return c
}

func TestRespondersDriveEveryTypedError(t *testing.T) {
	tests := []struct {
		name      string
		responder httpmock.Responder
		opts      []jmzs.Option
		sentinel  string // the one sentinel err must match; "" for none
		apiCode   int    // *APIError code, or 0
		gwStatus  int    // *GatewayError status, or 0
		gwCode    string
	}{
		{"Responder 400", jmzstest.Responder(400, "参数错误", nil), nil, "ErrInvalidParams", 400, 0, ""},
		{"Responder 500", jmzstest.Responder(500, "系统维护", nil), nil, "ErrProviderMaintenance", 500, 0, ""},
		{"Responder 501", jmzstest.Responder(501, "数据源维护", nil), nil, "ErrDataSourceMaintenance", 501, 0, ""},
		{"Responder 999", jmzstest.Responder(999, "其他错误", nil), nil, "ErrOther", 999, 0, ""},
		{"Responder unknown code", jmzstest.Responder(702, "新的错误", nil), nil, "", 702, 0, ""},
		{"Fixture express/701", jmzstest.FixtureResponder("express/701"), nil, "", 701, 0, ""},
		{"Fixture express/411", jmzstest.FixtureResponder("express/411"), nil, "", 411, 0, ""},
		{"Fixture express/412", jmzstest.FixtureResponder("express/412"), nil, "", 412, 0, ""},
		{"GatewayError 401", jmzstest.GatewayErrorResponder(401, "APIG.0303", "Incorrect app authentication information: app not found"), nil, "ErrUnauthorized", 0, 401, "APIG.0303"},
		{"GatewayError 403", jmzstest.GatewayErrorResponder(403, "APIG.0304", "app not authorized"), nil, "ErrUnauthorized", 0, 403, "APIG.0304"},
		{"GatewayError 429", jmzstest.GatewayErrorResponder(429, "APIG.0308", "throttled"), nil, "ErrThrottled", 0, 429, "APIG.0308"},
		{"GatewayError 429 APIGW", jmzstest.GatewayErrorResponder(429, "APIGW.0308", "throttled"), nil, "ErrThrottled", 0, 429, "APIGW.0308"},
		{"GatewayError 502", jmzstest.GatewayErrorResponder(502, "APIG.0202", "Backend unavailable"), nil, "", 0, 502, "APIG.0202"},
		{"Fixture apig/401", jmzstest.FixtureResponder("apig/401"), nil, "ErrUnauthorized", 0, 401, "APIG.0303"},
		{"Fixture apig/401-expired", jmzstest.FixtureResponder("apig/401-expired"), nil, "ErrUnauthorized", 0, 401, "APIG.0303"},
		{"Fixture apig/403", jmzstest.FixtureResponder("apig/403"), nil, "ErrUnauthorized", 0, 403, "APIG.0304"},
		{"Fixture apig/404", jmzstest.FixtureResponder("apig/404"), nil, "", 0, 404, "APIG.0101"},
		{"Fixture apig/429", jmzstest.FixtureResponder("apig/429"), nil, "ErrThrottled", 0, 429, "APIG.0308"},
		{"Fixture apig/429-apigw", jmzstest.FixtureResponder("apig/429-apigw"), nil, "ErrThrottled", 0, 429, "APIGW.0308"},
		{"Fixture apig/502", jmzstest.FixtureResponder("apig/502"), nil, "", 0, 502, "APIG.0202"},
		{"Fixture apig/504", jmzstest.FixtureResponder("apig/504"), nil, "", 0, 504, "APIG.0203"},
		{"not an envelope", httpmock.NewStringResponder(200, `{"hello":"world"}`), nil, "ErrMalformedResponse", 0, 0, ""},
		{"too large", jmzstest.FixtureResponder("express/ok"), []jmzs.Option{jmzs.WithMaxResponseBytes(64)}, "ErrResponseTooLarge", 0, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mockClient(t, tt.opts...)
			httpmock.RegisterResponder(http.MethodPost, mockURL, tt.responder)
			resp, err := jmzs.Do[json.RawMessage](context.Background(), c, &jmzs.Request{URL: mockURL})
			require.Error(t, err)
			calls := 1
			if strings.Contains(tt.name, "expired") {
				calls = 2 // the SDK learns the gateway's clock from Date and signs once more
			}
			require.Equal(t, calls, httpmock.GetTotalCallCount())

			for name, s := range allSentinels {
				want := name == tt.sentinel
				require.Equal(t, want, errors.Is(err, s), "errors.Is(err, %s) for %v", name, err)
			}

			var ae *jmzs.APIError
			require.Equal(t, tt.apiCode != 0, errors.As(err, &ae), "%v", err)
			if ae != nil {
				require.Equal(t, tt.apiCode, ae.Code)
				require.NotEmpty(t, ae.Msg)
				require.Regexp(t, `^[0-9a-f]{32}$`, ae.RequestID)
				require.Equal(t, tt.apiCode, resp.Code)
			}
			var ge *jmzs.GatewayError
			require.Equal(t, tt.gwStatus != 0, errors.As(err, &ge), "%v", err)
			if ge != nil {
				require.Equal(t, tt.gwStatus, ge.HTTPStatus)
				require.Equal(t, tt.gwCode, ge.ErrorCode)
				require.NotEmpty(t, ge.ErrorMsg)
				require.Regexp(t, `^[0-9a-f]{32}$`, ge.RequestID)
			}
			var de *jmzs.DecodeError
			require.Equal(t, tt.sentinel == "ErrMalformedResponse" || tt.sentinel == "ErrResponseTooLarge", errors.As(err, &de))
		})
	}
}

func TestResponderSuccess(t *testing.T) {
	c := mockClient(t)
	httpmock.RegisterResponder(http.MethodPost, mockURL, jmzstest.Responder(200, "成功", trace{Number: "SF1", LogisticsStatus: "SIGN"}))

	seen := map[string]bool{}
	for range 3 {
		resp, err := jmzs.Do[trace](context.Background(), c, &jmzs.Request{URL: mockURL})
		require.NoError(t, err)
		require.Equal(t, trace{Number: "SF1", LogisticsStatus: "SIGN"}, resp.Data)
		require.Equal(t, "成功", resp.Msg)
		require.Equal(t, http.StatusOK, resp.HTTPStatus)
		require.NotNil(t, resp.Success)
		require.True(t, *resp.Success)
		require.Regexp(t, `^[1-9][0-9]{23}$`, resp.TaskNo)
		require.Regexp(t, `^[0-9a-f]{32}$`, resp.RequestID)
		require.False(t, seen[resp.TaskNo], "taskNo is fresh on every call")
		seen[resp.TaskNo] = true
	}

	// Data that cannot be marshalled fails the call, not the test binary.
	httpmock.RegisterResponder(http.MethodPost, mockURL, jmzstest.Responder(200, "成功", math.Inf(1)))
	_, err := jmzs.Do[trace](context.Background(), c, &jmzs.Request{URL: mockURL})
	require.ErrorContains(t, err, "jmzstest: Responder data")
}

func TestFixtureResponderEveryProduct(t *testing.T) {
	c := mockClient(t)
	for _, name := range jmzstest.FixtureNames() {
		t.Run(name, func(t *testing.T) {
			httpmock.RegisterResponder(http.MethodPost, mockURL, jmzstest.FixtureResponder(name))
			resp, err := jmzs.Do[json.RawMessage](context.Background(), c, &jmzs.Request{URL: mockURL})
			require.Equal(t, jmzstest.FixtureStatus(name), resp.HTTPStatus)
			require.NotEmpty(t, resp.RequestID)
			product, kind, _ := strings.Cut(name, "/")
			switch {
			case product == "apig":
				var ge *jmzs.GatewayError
				require.ErrorAs(t, err, &ge)
			case product == "aliyun":
				var ge *jmzs.GatewayError
				require.ErrorAs(t, err, &ge)
				require.Equal(t, jmzstest.FixtureHeader(name).Get(jmzstest.HeaderAliyunErrorMessage), ge.ErrorMsg)
				require.Equal(t, ge.RequestID, resp.Header.Get(jmzstest.HeaderAliyunRequestID))
			case !slices.Contains(products, product):
				t.Skipf("fixture family %q is checked by its own tests", product)
			case isSuccess(kind):
				require.NoError(t, err)
				require.Equal(t, 200, resp.Code)
				require.Regexp(t, `^[1-9][0-9]{23}$`, resp.TaskNo)
			default:
				var ae *jmzs.APIError
				require.ErrorAs(t, err, &ae)
				require.Equal(t, kind, strconv.Itoa(ae.Code))
				require.False(t, *resp.Success)
				require.Regexp(t, `^[1-9][0-9]{23}$`, ae.TaskNo, "an error carries a taskNo to quote to the vendor")
				require.NotContains(t, string(jmzstest.Fixture(name)), ae.TaskNo, "the taskNo is fresh")
			}
		})
	}
}

// TestRespondersArePlainFuncs checks that the kit's responders need no
// httpmock: they are plain functions, and the kit's own code does not
// import httpmock (only its tests do).
func TestRespondersArePlainFuncs(t *testing.T) {
	for _, tt := range []struct {
		f    func(*http.Request) (*http.Response, error)
		want int
	}{
		{jmzstest.FixtureResponder("express/ok"), http.StatusOK},
		{jmzstest.Responder(200, "成功", nil), http.StatusOK},
		{jmzstest.GatewayErrorResponder(429, "APIG.0308", "throttled"), http.StatusTooManyRequests},
	} {
		resp, err := tt.f(httptest.NewRequest(http.MethodPost, mockURL, nil))
		require.NoError(t, err)
		body, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		require.NoError(t, resp.Body.Close())
		require.Equal(t, tt.want, resp.StatusCode)
		require.True(t, json.Valid(body))
	}

	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	for _, file := range files {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		parsed, err := parser.ParseFile(token.NewFileSet(), file, nil, parser.ImportsOnly)
		require.NoError(t, err)
		for _, imp := range parsed.Imports {
			require.NotContains(t, imp.Path.Value, "httpmock", file)
		}
	}
}
