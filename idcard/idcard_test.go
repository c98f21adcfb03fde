package idcard_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/idcard"
	"github.com/jmzs-sdk/jmzs-go/internal/testsrv"
)

// Samples from research §3.1: a captured mismatch (result 1) and the
// captured 400 for an invalid number.
const (
	mismatch = `{"data":{"result":1,"desc":"不一致","sex":"男","birthday":"20010109","address":"河南省周口地区项城市"},"msg":"成功","success":true,"code":200,"taskNo":"159373647215074770465673"}`
	match    = `{"data":{"result":"0","desc":"一致","sex":"女","birthday":"19491231","address":"北京市朝阳区"},"msg":"成功","success":true,"code":200,"taskNo":"159373647215074770465674"}`
	invalid  = `{"data":{},"msg":"请输入有效的身份证号码","success":false,"code":400,"charge":false}`
)

func aliyunClient(t *testing.T) *jmzs.Client {
	t.Helper()
	c, err := jmzs.NewClient(jmzs.WithAliyunAppCode("test-aliyun-appcode"), jmzs.WithMaxRetries(0))
	require.NoError(t, err)
	return c
}

func TestVerifySendsFormAndDecodes(t *testing.T) {
	tests := []struct {
		name      string
		body      string
		idCardNo  string
		sent      string
		wantMatch bool
		wantCode  int
		wantDesc  string
	}{
		{"mismatch", mismatch, "412721198703045673", "412721198703045673", false, 1, "不一致"},
		{"match, result as a string", match, "11010519491231002x", "11010519491231002X", true, 0, "一致"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := testsrv.New(t, http.StatusOK, tt.body)
			svc := idcard.New(aliyunClient(t), idcard.WithEndpoint(srv.URL))
			resp, err := svc.Verify(context.Background(), " 张三 ", tt.idCardNo)
			require.NoError(t, err)

			r := srv.Requests()[0]
			require.Equal(t, http.MethodPost, r.Method)
			require.Equal(t, "/idcard/validate", r.Path)
			require.Equal(t, jmzs.ContentTypeForm, r.ContentType)
			require.Equal(t, "APPCODE test-aliyun-appcode", r.Header.Get("Authorization"))
			require.Empty(t, r.Query, "parameters go in the form body")
			require.Equal(t, tt.sent, r.Form.Get("idCardNo"))
			require.Equal(t, "张三", r.Form.Get("name"))

			require.Equal(t, tt.wantMatch, resp.Data.Match)
			require.Equal(t, tt.wantCode, resp.Data.ResultCode)
			require.Equal(t, tt.wantDesc, resp.Data.Desc)
			require.NotEmpty(t, resp.Data.Sex)
			require.Len(t, resp.Data.Birthday, 8)
			require.NotEmpty(t, resp.Data.Address)
		})
	}
}

func TestVerifyVendorRefusal(t *testing.T) {
	srv := testsrv.New(t, http.StatusBadRequest, invalid)
	svc := idcard.New(aliyunClient(t), idcard.WithEndpoint(srv.URL))
	resp, err := svc.Verify(context.Background(), "张三", "11010519491231002X")
	require.ErrorIs(t, err, jmzs.ErrInvalidParams)
	var ae *jmzs.APIError
	require.ErrorAs(t, err, &ae)
	require.Equal(t, "请输入有效的身份证号码", ae.Msg)
	require.NotNil(t, resp.Charge)
	require.False(t, *resp.Charge)
	require.False(t, resp.Data.Match)
}

func TestVerifyRefusesBadInputWithoutSending(t *testing.T) {
	tests := []struct {
		name, person, number, field string
	}{
		{"empty name", "", "11010519491231002X", "name"},
		{"blank name", "  ", "11010519491231002X", "name"},
		{"control character in name", "张\n三", "11010519491231002X", "name"},
		{"empty number", "张三", "", "idCardNo"},
		{"15-digit number", "张三", "110105491231002", "idCardNo"},
		{"wrong check digit", "张三", "110105194912310021", "idCardNo"},
		{"letter inside", "张三", "1101051949123100AX", "idCardNo"},
		{"impossible birth date", "张三", "110105194902300027", "idCardNo"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := testsrv.New(t, http.StatusOK, match)
			svc := idcard.New(aliyunClient(t), idcard.WithEndpoint(srv.URL))
			resp, err := svc.Verify(context.Background(), tt.person, tt.number)
			require.Nil(t, resp)
			require.ErrorIs(t, err, jmzs.ErrInvalidParams)
			var pe *jmzs.ParamError
			require.True(t, errors.As(err, &pe))
			require.Equal(t, tt.field, pe.Field)
			if tt.number != "" {
				require.NotContains(t, err.Error(), tt.number, "the refused number must not be echoed")
			}
			require.Empty(t, srv.Requests(), "a refused call must send nothing")
		})
	}
}

func TestResultJSONRoundTrip(t *testing.T) {
	var r idcard.Result
	require.NoError(t, json.Unmarshal([]byte(`{"result":0,"desc":"一致"}`), &r))
	require.True(t, r.Match)
	b, err := json.Marshal(r)
	require.NoError(t, err)
	var again idcard.Result
	require.NoError(t, json.Unmarshal(b, &again))
	require.Equal(t, r, again)

	require.NoError(t, json.Unmarshal([]byte(`{"desc":"无记录"}`), &r))
	require.False(t, r.Match, "a missing result is not a match")
	require.Equal(t, -1, r.ResultCode)
	require.Error(t, json.Unmarshal([]byte(`{"result":"yes"}`), &r))
}
