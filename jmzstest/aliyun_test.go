package jmzstest_test

import (
	"context"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/jmzstest"
)

func TestGatewayAliyunAppCode(t *testing.T) {
	const code = "aliyun-0123456789abcdef"
	g := jmzstest.NewGateway(t, jmzstest.WithAliyunAppCode(code), jmzstest.WithFixtureRoutes())
	req := func() *jmzs.Request {
		return &jmzs.Request{URL: g.URL() + "/idcard/validate", Form: url.Values{"name": {"张三"}, "idCardNo": {"11010519491231002X"}}}
	}

	resp, err := jmzs.Do[map[string]any](context.Background(), newClient(t, g, jmzs.WithAliyunAppCode(code)), req())
	require.NoError(t, err)
	require.Equal(t, "一致", resp.Data["desc"], "the idcard/ok fixture is a match")
	require.Equal(t, "APPCODE "+code, g.Requests()[0].Header.Get("Authorization"))

	for _, opt := range []jmzs.Option{jmzs.WithAliyunAppCode("wrong-code"), jmzs.WithAppCode(code)} {
		_, err = jmzs.Do[map[string]any](context.Background(), newClient(t, g, opt), req())
		var ge *jmzs.GatewayError
		require.ErrorAs(t, err, &ge)
		require.Equal(t, 401, ge.HTTPStatus)
		require.NotContains(t, err.Error(), code)
	}

	_, err = jmzstest.StartGateway(jmzstest.WithAliyunAppCode(""))
	require.Error(t, err)
}
