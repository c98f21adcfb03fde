package shipping_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/require"

	"github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/examples/consumer-testing/shipping"
	"github.com/jmzs-sdk/jmzs-go/jmzstest"
)

// With httpmock: no network, no gateway; the SDK's default transport
// lets httpmock intercept it.
func TestTrackWithHTTPMock(t *testing.T) {
	httpmock.Activate(t)
	httpmock.RegisterResponderWithQuery(http.MethodPost, shipping.DefaultEndpoint,
		map[string]string{"number": "SF1234567890123", "expressCode": "SF", "mobile": "0000"},
		jmzstest.FixtureResponder("express/ok"))

	client, err := jmzs.NewClient(jmzs.WithAppKey("test-key", "test-secret"))
	require.NoError(t, err)
	parcel, err := shipping.NewTracker(client, "").Track(context.Background(), "SF1234567890123", "SF", "0000")
	require.NoError(t, err)
	require.Equal(t, "顺丰速运", parcel.Courier)
	require.True(t, parcel.Delivered)
	require.Len(t, parcel.Events, 2)
	require.Equal(t, "浙江省杭州市", parcel.Events[1].Place)
	require.Equal(t, int64(1716249600000), parcel.Events[1].Time.UnixMilli())
}

// Against the fake gateway: the request is really signed and verified,
// and the test can look at what was sent.
func TestTrackAgainstFakeGateway(t *testing.T) {
	gw := jmzstest.NewGateway(t, jmzstest.WithAppKey("test-key", "test-secret"), jmzstest.WithFixtureRoutes())
	client, err := jmzs.NewClient(jmzs.WithAppKey("test-key", "test-secret"))
	require.NoError(t, err)
	tracker := shipping.NewTracker(client, gw.URL()+"/express/query-v2")

	parcel, err := tracker.Track(context.Background(), "SF1234567890123", "SF", "0000")
	require.NoError(t, err)
	require.Equal(t, "SIGN", parcel.Status)

	reqs := gw.Requests()
	require.Len(t, reqs, 1)
	require.Equal(t, "SF1234567890123", reqs[0].Query.Get("number"))
	require.True(t, strings.HasPrefix(reqs[0].Header.Get("Authorization"), "SDK-HMAC-SHA256 Access=test-key, "))

	// A wrong secret is refused by the gateway, as in production.
	bad, err := jmzs.NewClient(jmzs.WithAppKey("test-key", "wrong-secret"))
	require.NoError(t, err)
	_, err = shipping.NewTracker(bad, gw.URL()+"/express/query-v2").Track(context.Background(), "SF1", "SF", "0000")
	require.ErrorIs(t, err, jmzs.ErrUnauthorized)
}

// Against the fake gateway at the production endpoint: the kit's
// HTTPClient sends every host to the gateway, which tells the market by
// the host, as production does. The service's code runs unchanged.
func TestTrackAtTheDefaultEndpoint(t *testing.T) {
	gw := jmzstest.NewGateway(t, jmzstest.WithAppKey("test-key", "test-secret"), jmzstest.WithAliyunAppCode("test-code"),
		jmzstest.WithFixtureRoutes())
	client, err := jmzs.NewClient(jmzs.WithAppKey("test-key", "test-secret"), jmzs.WithHTTPClient(gw.HTTPClient()))
	require.NoError(t, err)
	parcel, err := shipping.NewTracker(client, "").Track(context.Background(), "SF1234567890123", "SF", "0000")
	require.NoError(t, err)
	require.Equal(t, "SIGN", parcel.Status)
	require.Equal(t, "expressqueryv2.apistore.huaweicloud.com", gw.Requests()[0].Host)

	// The express API is sold on Huawei Cloud KooGallery: a client with
	// only an Alibaba Cloud credential is refused before anything is sent.
	aliyun, err := jmzs.NewClient(jmzs.WithAliyunAppCode("test-code"), jmzs.WithHTTPClient(gw.HTTPClient()))
	require.NoError(t, err)
	_, err = shipping.NewTracker(aliyun, "").Track(context.Background(), "SF1234567890123", "SF", "0000")
	require.ErrorIs(t, err, jmzs.ErrWrongMarket)
	require.Len(t, gw.Requests(), 1)
}

// Asserting on typed errors: the service's own sentinel, the SDK's
// sentinels, and *jmzs.APIError for codes without one.
func TestTrackErrors(t *testing.T) {
	tests := []struct {
		fixture string
		check   func(t *testing.T, err error)
	}{
		{"express/701", func(t *testing.T, err error) { require.ErrorIs(t, err, shipping.ErrNoTrackingData) }},
		{"express/400", func(t *testing.T, err error) { require.ErrorIs(t, err, jmzs.ErrInvalidParams) }},
		{"apig/429", func(t *testing.T, err error) { require.ErrorIs(t, err, jmzs.ErrThrottled) }},
		{"express/412", func(t *testing.T, err error) {
			var apiErr *jmzs.APIError
			require.ErrorAs(t, err, &apiErr)
			require.Equal(t, 412, apiErr.Code)
			require.False(t, errors.Is(err, shipping.ErrNoTrackingData))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			httpmock.Activate(t)
			httpmock.RegisterResponder(http.MethodPost, shipping.DefaultEndpoint, jmzstest.FixtureResponder(tt.fixture))
			client, err := jmzs.NewClient(jmzs.WithAppKey("test-key", "test-secret"), jmzs.WithMaxRetries(0))
			require.NoError(t, err)
			_, err = shipping.NewTracker(client, "").Track(context.Background(), "SF1", "SF", "0000")
			tt.check(t, err)
		})
	}
}
