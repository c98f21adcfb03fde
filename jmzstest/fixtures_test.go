package jmzstest_test

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/jmzs-sdk/jmzs-go/jmzstest"
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
	for _, n := range []string{"ocr/expressbill-ok", "ocr/household-ok", "express/701", "express/411", "express/412",
		"apig/401", "apig/403", "apig/404", "apig/429", "apig/429-apigw", "apig/502", "apig/504"} {
		require.Contains(t, names, n)
	}
	for path, name := range jmzstest.FixtureRoutes() {
		require.True(t, strings.HasPrefix(path, "/"), path)
		require.Contains(t, names, name)
	}
}

func TestFixtureShapes(t *testing.T) {
	for _, name := range jmzstest.FixtureNames() {
		t.Run(name, func(t *testing.T) {
			b := jmzstest.Fixture(name)
			var m map[string]json.RawMessage
			require.NoError(t, json.Unmarshal(b, &m), "fixture is one JSON object")
			product, kind, _ := strings.Cut(name, "/")
			if product == "apig" {
				require.ElementsMatch(t, []string{"error_code", "error_msg", "request_id"}, keys(m))
				status := jmzstest.FixtureStatus(name)
				require.Equal(t, strings.Split(kind, "-")[0], strconv.Itoa(status))
				return
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
			if strings.HasSuffix(kind, "ok") {
				require.Equal(t, 200, env.Code)
				require.True(t, *env.Success)
				require.Regexp(t, `^[0-9]{20,24}$`, env.TaskNo)
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
}
