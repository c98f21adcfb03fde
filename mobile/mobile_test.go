package mobile_test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/internal/testsrv"
	"github.com/jmzs-sdk/jmzs-go/mobile"
)

// Fields of research §3.4 in the vendor's common envelope.
const areaOK = `{"data":{"area":"浙江 杭州","originalIsp":"中国移动"},"msg":"成功","success":true,"code":200,"taskNo":"13516403432971667030"}`

func client(t *testing.T) *jmzs.Client {
	t.Helper()
	c, err := jmzs.NewClient(jmzs.WithAliyunAppCode("test-aliyun-appcode"), jmzs.WithMaxRetries(0))
	require.NoError(t, err)
	return c
}

func TestAreaSendsFormAndDecodes(t *testing.T) {
	srv := testsrv.New(t, http.StatusOK, areaOK)
	resp, err := mobile.New(client(t), mobile.WithEndpoint(srv.URL)).Area(context.Background(), "13812345678")
	require.NoError(t, err)
	r := srv.Requests()[0]
	require.Equal(t, "/mobile/area", r.Path)
	require.Equal(t, jmzs.ContentTypeForm, r.ContentType)
	require.Equal(t, "13812345678", r.Form.Get("mobile_number"))
	require.Empty(t, r.Query)
	require.Equal(t, "浙江 杭州", resp.Data.Area)
	require.Equal(t, "中国移动", resp.Data.OriginalISP)
}

func TestAreaRefusesBadInputWithoutSending(t *testing.T) {
	for _, number := range []string{"", "1381234567", "138123456789", "12812345678", "23812345678", "+8613812345678", "1381234567a"} {
		srv := testsrv.New(t, http.StatusOK, areaOK)
		resp, err := mobile.New(client(t), mobile.WithEndpoint(srv.URL)).Area(context.Background(), number)
		require.Nil(t, resp, number)
		require.ErrorIs(t, err, jmzs.ErrInvalidParams, number)
		var pe *jmzs.ParamError
		require.True(t, errors.As(err, &pe))
		require.Equal(t, "mobile_number", pe.Field)
		require.Empty(t, srv.Requests(), number)
	}
}
