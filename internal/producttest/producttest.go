// Package producttest helps the tests of the product packages: it starts
// the test kit's fake gateway with clients for both markets, and checks
// local refusals.
package producttest

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/jmzstest"
)

// Credentials the gateway accepts.
const (
	AppKey        = "test-app-key"
	AppSecret     = "test-app-secret"
	AliyunAppCode = "test-aliyun-appcode"
)

// Gateway starts the kit's fake gateway serving every product's "ok"
// fixture and accepting both a Huawei signature and an Aliyun AppCode. It
// returns a signing client for Huawei-market products and an AppCode
// client for Aliyun-market ones, both with retries off.
func Gateway(t testing.TB) (g *jmzstest.Gateway, huawei, aliyun *jmzs.Client) {
	t.Helper()
	g = jmzstest.NewGateway(t, jmzstest.WithAppKey(AppKey, AppSecret), jmzstest.WithAliyunAppCode(AliyunAppCode), jmzstest.WithFixtureRoutes())
	huawei = newClient(t, g, jmzs.WithAppKey(AppKey, AppSecret))
	aliyun = newClient(t, g, jmzs.WithAliyunAppCode(AliyunAppCode))
	return g, huawei, aliyun
}

func newClient(t testing.TB, g *jmzstest.Gateway, auth jmzs.Option) *jmzs.Client {
	t.Helper()
	c, err := jmzs.NewClient(auth, jmzs.WithHTTPClient(g.HTTPClient()), jmzs.WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// RequireRefused checks that err refuses the vendor's parameter field
// locally: it matches jmzs.ErrInvalidParams, is a *jmzs.ParamError naming
// field, and the gateway received nothing.
func RequireRefused(t testing.TB, g *jmzstest.Gateway, err error, field string) {
	t.Helper()
	require.ErrorIs(t, err, jmzs.ErrInvalidParams)
	var pe *jmzs.ParamError
	require.ErrorAs(t, err, &pe)
	require.Equal(t, field, pe.Field)
	require.Empty(t, g.Requests(), "a refused call must send nothing")
}

// RequireRoundTrip decodes the JSON in into a T, checks that the T
// survives encoding and decoding again unchanged, and returns it.
func RequireRoundTrip[T any](t testing.TB, in string) T {
	t.Helper()
	var v T
	require.NoError(t, json.Unmarshal([]byte(in), &v), in)
	b, err := json.Marshal(v)
	require.NoError(t, err)
	var again T
	require.NoError(t, json.Unmarshal(b, &again))
	require.Equal(t, v, again, "a %T survives a round trip", v)
	return v
}
