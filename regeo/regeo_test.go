package regeo_test

import (
	"context"
	"errors"
	"math"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/internal/testsrv"
	"github.com/jmzs-sdk/jmzs-go/regeo"
)

// research §3.16 documents only data.regeocodes, an array.
const regeoOK = `{"data":{"regeocodes":[{"formatted_address":"浙江省杭州市西湖区"}]},"msg":"成功","success":true,"code":200,"taskNo":"13516403432971667030"}`

func client(t *testing.T) *jmzs.Client {
	t.Helper()
	c, err := jmzs.NewClient(jmzs.WithAppKey("test-app-key", "test-app-secret"), jmzs.WithMaxRetries(0))
	require.NoError(t, err)
	return c
}

func TestQuerySendsLocationInQueryString(t *testing.T) {
	srv := testsrv.New(t, http.StatusOK, regeoOK)
	resp, err := regeo.New(client(t), regeo.WithEndpoint(srv.URL)).Query(context.Background(), 120.1551, 30.2741)
	require.NoError(t, err)
	r := srv.Requests()[0]
	require.Equal(t, "/geocode/regeo/query", r.Path)
	require.Equal(t, "120.1551,30.2741", r.Query.Get("location"), "longitude first")
	require.Empty(t, r.Body)
	require.Equal(t, jmzs.ContentTypeJSON, r.ContentType)
	require.Len(t, resp.Data.Regeocodes, 1)
	require.Equal(t, "浙江省杭州市西湖区", resp.Data.Regeocodes[0]["formatted_address"])
}

func TestQueryAcceptsTheEdges(t *testing.T) {
	srv := testsrv.New(t, http.StatusOK, regeoOK)
	svc := regeo.New(client(t), regeo.WithEndpoint(srv.URL))
	for _, p := range [][2]float64{{-180, -90}, {180, 90}, {0, 0}} {
		_, err := svc.Query(context.Background(), p[0], p[1])
		require.NoError(t, err)
	}
	require.Equal(t, "-180,-90", srv.Requests()[0].Query.Get("location"))
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
			srv := testsrv.New(t, http.StatusOK, regeoOK)
			resp, err := regeo.New(client(t), regeo.WithEndpoint(srv.URL)).Query(context.Background(), tt.lng, tt.lat)
			require.Nil(t, resp)
			require.ErrorIs(t, err, jmzs.ErrInvalidParams)
			var pe *jmzs.ParamError
			require.True(t, errors.As(err, &pe))
			require.Equal(t, "location", pe.Field)
			require.Empty(t, srv.Requests())
		})
	}
}
