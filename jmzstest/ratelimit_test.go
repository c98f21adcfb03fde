package jmzstest_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/jmzstest"
)

func TestGatewayRateLimitPerApp(t *testing.T) {
	const otherCode = "fedcba9876543210fedcba9876543210"
	g := jmzstest.NewGateway(t, jmzstest.WithAppCode(testAppCode), jmzstest.WithAppCode(otherCode),
		jmzstest.WithAppKey(testAppKey, testAppSecret), jmzstest.WithFixtureRoutes(), jmzstest.WithRateLimit(3, time.Minute))
	call := func(opt jmzs.Option) error {
		_, err := jmzs.Do[map[string]any](context.Background(), newClient(t, g, opt), expressRequest(g))
		return err
	}
	for range 3 {
		require.NoError(t, call(jmzs.WithAppCode(testAppCode)))
	}
	err := call(jmzs.WithAppCode(testAppCode))
	require.ErrorIs(t, err, jmzs.ErrThrottled)
	var ge *jmzs.GatewayError
	require.True(t, errors.As(err, &ge))
	require.Equal(t, http.StatusTooManyRequests, ge.HTTPStatus)
	require.Equal(t, "APIG.0308", ge.ErrorCode)
	require.Equal(t, "The throttling threshold has been reached: policy user over ratelimit,limit:3,time:1 minute", ge.ErrorMsg)
	require.NotEmpty(t, ge.RequestID)

	// Each app has its own budget: another AppCode, and the AppKey.
	require.NoError(t, call(jmzs.WithAppCode(otherCode)))
	for range 3 {
		require.NoError(t, call(jmzs.WithAppKey(testAppKey, testAppSecret)))
	}
	require.ErrorIs(t, call(jmzs.WithAppKey(testAppKey, testAppSecret)), jmzs.ErrThrottled)

	// A refused call is recorded and never reaches the backend; a call
	// with a bad credential is refused as such, not counted.
	require.ErrorIs(t, call(jmzs.WithAppCode("not-a-code")), jmzs.ErrUnauthorized)
	var throttled, served int
	for _, r := range g.Requests() {
		switch r.Status {
		case http.StatusTooManyRequests:
			require.Equal(t, "APIG.0308", r.ErrorCode)
			throttled++
		case http.StatusOK:
			served++
		}
	}
	require.Equal(t, 2, throttled)
	require.Equal(t, 7, served)
}

// On Alibaba Cloud's market too each app has its own budget: two
// AppKeys and an AppCode, one call each within a limit of one.
func TestGatewayRateLimitPerAliyunApp(t *testing.T) {
	const otherKey, otherSecret = "203753386", "other-aliyun-secret"
	g := marketsGateway(t, jmzstest.WithAliyunAppKey(otherKey, otherSecret), jmzstest.WithFixtureRoutes(), jmzstest.WithRateLimit(1, time.Minute))
	call := func(opt jmzs.Option) error {
		_, err := jmzs.Do[map[string]any](context.Background(), newClient(t, g, opt),
			&jmzs.Request{URL: g.URL() + "/idcard/validate", Form: url.Values{"name": {"张三"}, "idCardNo": {"11010519491231002X"}}})
		return err
	}
	for _, opt := range []jmzs.Option{
		jmzs.WithAliyunAppKey(aliyunAppKey, aliyunAppSecret), jmzs.WithAliyunAppKey(otherKey, otherSecret), jmzs.WithAliyunAppCode(aliyunAppCode),
	} {
		require.NoError(t, call(opt))
		err := call(opt)
		require.ErrorIs(t, err, jmzs.ErrThrottled)
		var ge *jmzs.GatewayError
		require.ErrorAs(t, err, &ge)
		require.Equal(t, http.StatusForbidden, ge.HTTPStatus)
		require.Equal(t, "Throttled by APP Flow Control", ge.ErrorMsg)
	}
}

func TestGatewayRateLimitRefills(t *testing.T) {
	g := jmzstest.NewGateway(t, jmzstest.WithAppCode(testAppCode), jmzstest.WithFixtureRoutes(), jmzstest.WithRateLimit(2, time.Second))
	c := newClient(t, g, jmzs.WithAppCode(testAppCode))
	call := func() error {
		_, err := jmzs.Do[map[string]any](context.Background(), c, expressRequest(g))
		return err
	}
	// The bucket holds two calls and refills one every 500ms.
	require.NoError(t, call())
	require.NoError(t, call())
	err := call()
	require.ErrorIs(t, err, jmzs.ErrThrottled)
	require.Contains(t, err.Error(), "limit:2,time:1 second")
	time.Sleep(600 * time.Millisecond)
	require.NoError(t, call())
}

func TestWithRateLimitRefusesBadLimits(t *testing.T) {
	for _, tt := range []struct {
		limit int
		per   time.Duration
	}{{0, time.Second}, {-1, time.Second}, {5, 0}, {5, 500 * time.Millisecond}, {5, 1500 * time.Millisecond}} {
		_, err := jmzstest.StartGateway(jmzstest.WithAppCode(testAppCode), jmzstest.WithRateLimit(tt.limit, tt.per))
		require.ErrorContains(t, err, "WithRateLimit", "%d per %v", tt.limit, tt.per)
	}
}
