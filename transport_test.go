package jmzs

import (
	"context"
	"net/http"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/require"
)

const mockURL = "https://expressqueryv2.apistore.huaweicloud.com/express/query-v2"

func TestHTTPMockInterceptsAfterNewClient(t *testing.T) {
	c := appCodeClient(t)
	httpmock.Activate()
	defer httpmock.DeactivateAndReset()
	httpmock.RegisterResponder("POST", mockURL, httpmock.NewStringResponder(200, okBody))

	resp, err := Do[okData](context.Background(), c, &Request{URL: mockURL})
	require.NoError(t, err)
	require.Equal(t, "张三", resp.Data.Name)
	require.Equal(t, 1, httpmock.GetTotalCallCount())
}

func TestHTTPMockInterceptsBeforeNewClient(t *testing.T) {
	httpmock.Activate()
	defer httpmock.DeactivateAndReset()
	httpmock.RegisterResponder("POST", mockURL, httpmock.NewStringResponder(200, okBody))
	c := appCodeClient(t)

	_, err := Do[okData](context.Background(), c, &Request{URL: mockURL})
	require.NoError(t, err)
	require.Equal(t, 1, httpmock.GetTotalCallCount())
}

func TestDefaultTransportPoolsPerHost(t *testing.T) {
	tr, ok := pooledTransport().(*http.Transport)
	require.True(t, ok)
	require.GreaterOrEqual(t, tr.MaxIdleConnsPerHost, 64, "many concurrent callers to one gateway host")
	c := appCodeClient(t)
	require.Zero(t, c.hc.Timeout, "the caller's context bounds a call, not a client timeout")
}
