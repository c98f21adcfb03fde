package e2e_test

import (
	"context"
	jmzs "github.com/jmzs-sdk/jmzs-go"
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

	resp, err := jmzs.Do[okData](context.Background(), c, &jmzs.Request{URL: mockURL})
	require.NoError(t, err)
	require.Equal(t, "张三", resp.Data.Name)
	require.Equal(t, 1, httpmock.GetTotalCallCount())
}

func TestHTTPMockInterceptsBeforeNewClient(t *testing.T) {
	httpmock.Activate()
	defer httpmock.DeactivateAndReset()
	httpmock.RegisterResponder("POST", mockURL, httpmock.NewStringResponder(200, okBody))
	c := appCodeClient(t)

	_, err := jmzs.Do[okData](context.Background(), c, &jmzs.Request{URL: mockURL})
	require.NoError(t, err)
	require.Equal(t, 1, httpmock.GetTotalCallCount())
}
