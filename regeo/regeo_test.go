package regeo_test

import (
	"context"
	"math"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/internal/producttest"
	"github.com/jmzs-sdk/jmzs-go/regeo"
)

func TestQuerySendsLocationInQueryString(t *testing.T) {
	g, c, _ := producttest.Gateway(t)
	resp, err := regeo.New(c, regeo.WithBaseURL(g.URL())).Query(context.Background(), 120.1551, 30.2741)
	require.NoError(t, err)
	r := g.Requests()[0]
	require.Equal(t, http.StatusOK, r.Status, "the gateway verified the signature over the query")
	require.Equal(t, "/geocode/regeo/query", r.Path)
	require.Equal(t, "120.1551,30.2741", r.Query.Get("location"), "longitude first")
	require.Empty(t, r.Body)
	require.Equal(t, jmzs.ContentTypeJSON, r.Header.Get("Content-Type"))
	// The "regeo/ok" fixture: one element whose fields are not documented.
	require.Len(t, resp.Data.Regeocodes, 1)

	g.Reply("/geocode/regeo/query", 200, "成功", map[string]any{"regeocodes": []any{map[string]any{"formatted_address": "浙江省杭州市西湖区"}}})
	resp, err = regeo.New(c, regeo.WithBaseURL(g.URL())).Query(context.Background(), 120.1551, 30.2741)
	require.NoError(t, err)
	require.Equal(t, "浙江省杭州市西湖区", resp.Data.Regeocodes[0]["formatted_address"])
}

func TestQueryAcceptsTheEdges(t *testing.T) {
	g, c, _ := producttest.Gateway(t)
	svc := regeo.New(c, regeo.WithBaseURL(g.URL()))
	for _, p := range [][2]float64{{-180, -90}, {180, 90}, {0, 0}} {
		_, err := svc.Query(context.Background(), p[0], p[1])
		require.NoError(t, err)
	}
	require.Equal(t, "-180,-90", g.Requests()[0].Query.Get("location"))
}

func TestQueryRefusesBadCoordinatesWithoutSending(t *testing.T) {
	tests := []struct {
		name     string
		lng, lat float64
	}{
		{"longitude over", 180.0001, 30},
		{"longitude under", -181, 30},
		{"latitude over", 120, 90.5},
		{"swapped", 30.27, 120.15},
		{"NaN", math.NaN(), 30},
		{"infinite", 120, math.Inf(1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, c, _ := producttest.Gateway(t)
			resp, err := regeo.New(c, regeo.WithBaseURL(g.URL())).Query(context.Background(), tt.lng, tt.lat)
			require.Nil(t, resp)
			producttest.RequireRefused(t, g, err, "location")
		})
	}
}
