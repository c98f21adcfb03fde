package mobile_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/internal/producttest"
	"github.com/jmzs-sdk/jmzs-go/mobile"
)

func TestAreaSendsFormAndDecodes(t *testing.T) {
	g, _, c := producttest.Gateway(t)
	resp, err := mobile.New(c, mobile.WithBaseURL(g.URL())).Area(context.Background(), "13812345678")
	require.NoError(t, err)
	r := g.Requests()[0]
	require.Equal(t, http.StatusOK, r.Status)
	require.Equal(t, "/mobile/area", r.Path)
	require.Equal(t, jmzs.ContentTypeForm, r.Header.Get("Content-Type"))
	require.Equal(t, "mobile_number=13812345678", string(r.Body))
	require.Empty(t, r.Query)
	// The "mobile/ok" fixture.
	require.Equal(t, "浙江杭州", resp.Data.Area)
	require.Equal(t, "中国移动", resp.Data.OriginalISP)
}

func TestAreaRefusesBadInputWithoutSending(t *testing.T) {
	for _, number := range []string{"", "1381234567", "138123456789", "12812345678", "23812345678", "+8613812345678", "1381234567a"} {
		t.Run(number, func(t *testing.T) {
			g, _, c := producttest.Gateway(t)
			resp, err := mobile.New(c, mobile.WithBaseURL(g.URL())).Area(context.Background(), number)
			require.Nil(t, resp)
			producttest.RequireRefused(t, g, err, "mobile_number")
		})
	}
}
