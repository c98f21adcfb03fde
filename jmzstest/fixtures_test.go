package jmzstest_test

import (
	"encoding/json"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/bankcard"
	"github.com/jmzs-sdk/jmzs-go/exchange"
	"github.com/jmzs-sdk/jmzs-go/express"
	"github.com/jmzs-sdk/jmzs-go/idcard"
	"github.com/jmzs-sdk/jmzs-go/invoice"
	"github.com/jmzs-sdk/jmzs-go/jmzstest"
	"github.com/jmzs-sdk/jmzs-go/mobile"
	"github.com/jmzs-sdk/jmzs-go/ocr"
	"github.com/jmzs-sdk/jmzs-go/regeo"
	"github.com/jmzs-sdk/jmzs-go/sms"
)

var products = []string{"express", "idcard", "invoice", "bankcard", "mobile", "exchange", "sms", "ocr", "regeo"}

func TestFixtureSet(t *testing.T) {
	names := jmzstest.FixtureNames()
	require.IsNonDecreasing(t, names)
	for _, p := range products {
		for _, c := range []string{"400", "500", "501", "999"} {
			require.Contains(t, names, p+"/"+c)
		}
		if p != "ocr" {
			require.Contains(t, names, p+"/ok")
		}
	}
	for _, n := range []string{"ocr/expressbill-ok", "ocr/household-ok", "express/discern-ok", "express/701", "express/411", "express/412",
		"idcard/mismatch", "apig/401", "apig/403", "apig/404", "apig/429", "apig/429-apigw", "apig/502", "apig/504",
		"aliyun/403-throttled", "aliyun/403-quota-exhausted", "aliyun/400-invalid-appcode", "aliyun/400-invalid-appkey", "aliyun/400-invalid-signature"} {
		require.Contains(t, names, n)
	}
	for _, r := range jmzstest.FixtureRoutes() {
		require.True(t, strings.HasPrefix(r.Path, "/"), r.Path)
		require.Contains(t, names, r.Fixture)
	}
}

// TestFixtureRoutesServeEveryMethod checks that WithFixtureRoutes answers
// every product method at its default endpoint's path, on the market its
// host belongs to.
func TestFixtureRoutesServeEveryMethod(t *testing.T) {
	endpoints := map[string]string{
		"express.Query": express.DefaultEndpoint, "express.Discern": express.DefaultDiscernEndpoint, "idcard.Verify": idcard.DefaultEndpoint,
		"invoice.Validate": invoice.DefaultEndpoint, "invoice.ValidateAliyun": invoice.DefaultAliyunEndpoint, "bankcard.Info": bankcard.DefaultEndpoint,
		"mobile.Area": mobile.DefaultEndpoint, "exchange.Convert": exchange.DefaultEndpoint, "sms.Send": sms.DefaultEndpoint,
		"ocr.ExpressBill": ocr.DefaultExpressBillEndpoint, "ocr.HouseholdRegister": ocr.DefaultHouseholdRegisterEndpoint, "regeo.Query": regeo.DefaultEndpoint,
	}
	routes := jmzstest.FixtureRoutes()
	require.Len(t, routes, len(endpoints))
	for _, r := range routes {
		e, ok := endpoints[r.Method]
		require.True(t, ok, "a route for %s, which is no method", r.Method)
		u, err := url.Parse(e)
		require.NoError(t, err)
		require.Equal(t, u.Path, r.Path, r.Method)
		require.Equal(t, jmzs.MarketOfHost(u.Host), r.Market, r.Method)
	}
}

// isSuccess reports whether a product fixture's case is an answer with
// code 200 ("ok", "discern-ok", "mismatch", …), not a business error
// named by its code.
func isSuccess(kind string) bool {
	_, err := strconv.Atoi(kind)
	return err != nil
}

func TestFixtureShapes(t *testing.T) {
	for _, name := range jmzstest.FixtureNames() {
		t.Run(name, func(t *testing.T) {
			b := jmzstest.Fixture(name)
			product, kind, _ := strings.Cut(name, "/")
			if product == "aliyun" {
				// An Aliyun refusal: an empty body, the message in headers.
				require.Empty(t, b)
				h := jmzstest.FixtureHeader(name)
				require.NotEmpty(t, h.Get(jmzstest.HeaderAliyunErrorMessage))
				require.Equal(t, strings.Split(kind, "-")[0], strconv.Itoa(jmzstest.FixtureStatus(name)))
				if code := h.Get(jmzstest.HeaderAliyunErrorCode); code != "" {
					require.Regexp(t, `^[A-Z][0-9]{3}[A-Z]{2}$`, code)
				}
				return
			}
			require.Nil(t, jmzstest.FixtureHeader(name))
			var m map[string]json.RawMessage
			require.NoError(t, json.Unmarshal(b, &m), "fixture is one JSON object")
			if product == "apig" {
				require.ElementsMatch(t, []string{"error_code", "error_msg", "request_id"}, keys(m))
				status := jmzstest.FixtureStatus(name)
				require.Equal(t, strings.Split(kind, "-")[0], strconv.Itoa(status))
				return
			}
			if !slices.Contains(products, product) {
				t.Skipf("fixture family %q is checked by its own tests", product)
			}
			require.Equal(t, 200, jmzstest.FixtureStatus(name))
			var env struct {
				Code    int            `json:"code"`
				Msg     string         `json:"msg"`
				Success *bool          `json:"success"`
				TaskNo  string         `json:"taskNo"`
				Data    map[string]any `json:"data"`
			}
			require.NoError(t, json.Unmarshal(b, &env))
			require.NotEmpty(t, env.Msg)
			require.NotNil(t, env.Success)
			require.NotNil(t, env.Data, "data is an object, {} on errors")
			require.Regexp(t, `^[0-9]{20,24}$`, env.TaskNo, "every fixture has a taskNo, so code that logs one can be tested")
			if isSuccess(kind) {
				require.Equal(t, 200, env.Code)
				require.True(t, *env.Success)
			} else {
				require.Equal(t, kind, strconv.Itoa(env.Code))
				require.False(t, *env.Success)
				require.Empty(t, env.Data)
			}
		})
	}
}

func keys(m map[string]json.RawMessage) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestFixtureReturnsACopy(t *testing.T) {
	a := jmzstest.Fixture("express/ok")
	a[0] = 'X'
	require.Equal(t, byte('{'), jmzstest.Fixture("express/ok")[0])
}

func TestUnknownFixturePanicsWithKnownNames(t *testing.T) {
	require.PanicsWithValue(t,
		`jmzstest: unknown fixture "express/nope"; known fixtures: `+strings.Join(jmzstest.FixtureNames(), ", "),
		func() { jmzstest.Fixture("express/nope") })
	require.Panics(t, func() { jmzstest.FixtureResponder("nope") })
	require.Panics(t, func() { jmzstest.FixtureStatus("nope") })
	require.Panics(t, func() { jmzstest.FixtureHeader("nope") })
}
