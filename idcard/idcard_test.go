package idcard_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/idcard"
	"github.com/jmzs-sdk/jmzs-go/internal/producttest"
)

func TestVerifySendsFormAndDecodes(t *testing.T) {
	tests := []struct {
		name      string
		fixture   string // served at the default path
		idCardNo  string
		sent      string
		wantMatch bool
		wantCode  jmzs.Number
		wantDesc  string
	}{
		{"match", "idcard/ok", "11010519491231002x", "11010519491231002X", true, "0", "一致"},
		{"mismatch, the captured sample", "idcard/mismatch", "412721198703045673", "412721198703045673", false, "1", "不一致"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, _, c := producttest.Gateway(t)
			g.ReplyFixture("/idcard/validate", tt.fixture)
			resp, err := idcard.New(c, idcard.WithBaseURL(g.URL())).Verify(context.Background(), " 张三 ", tt.idCardNo)
			require.NoError(t, err)

			r := g.Requests()[0]
			require.Equal(t, http.StatusOK, r.Status)
			require.Equal(t, http.MethodPost, r.Method)
			require.Equal(t, "/idcard/validate", r.Path)
			require.Equal(t, jmzs.ContentTypeForm, r.Header.Get("Content-Type"))
			require.Equal(t, "APPCODE "+producttest.AliyunAppCode, r.Header.Get("Authorization"))
			require.Empty(t, r.Query, "parameters go in the form body")
			form, err := url.ParseQuery(string(r.Body))
			require.NoError(t, err)
			require.Equal(t, url.Values{"idCardNo": {tt.sent}, "name": {"张三"}}, form)

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
	g, _, c := producttest.Gateway(t)
	g.ReplyFixture("/idcard/validate", "idcard/400")
	resp, err := idcard.New(c, idcard.WithBaseURL(g.URL())).Verify(context.Background(), "张三", "11010519491231002X")
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
			g, _, c := producttest.Gateway(t)
			resp, err := idcard.New(c, idcard.WithBaseURL(g.URL())).Verify(context.Background(), tt.person, tt.number)
			require.Nil(t, resp)
			if tt.number != "" {
				require.NotContains(t, err.Error(), tt.number, "the refused number must not be echoed")
			}
			producttest.RequireRefused(t, g, err, tt.field)
		})
	}
}

func TestResultDecoding(t *testing.T) {
	tests := []struct {
		in    string
		match bool
		code  jmzs.Number
	}{
		{`{"result":0,"desc":"一致"}`, true, "0"},
		{`{"result":"0"}`, true, "0"},
		{`{"result":1,"desc":"不一致"}`, false, "1"},
		{`{"result":2}`, false, "2"},
		{`{"desc":"无记录"}`, false, ""},
		{`{"result":null}`, false, ""},
		{`{"result":"yes"}`, false, "yes"},
	}
	for _, tt := range tests {
		r := producttest.RequireRoundTrip[idcard.Result](t, tt.in)
		require.Equal(t, tt.match, r.Match, tt.in)
		require.Equal(t, tt.code, r.ResultCode, tt.in)
	}
	var r idcard.Result
	require.Error(t, json.Unmarshal([]byte(`{"result":true}`), &r))
}

func TestNilClientIsAnErrorNotAPanic(t *testing.T) {
	_, err := idcard.New(nil).Verify(context.Background(), "张三", "11010519491231002X")
	require.ErrorContains(t, err, "nil *Client")
	_, err = idcard.New(nil, nil).Verify(context.Background(), "张三", "bad")
	require.ErrorIs(t, err, jmzs.ErrInvalidParams)
}
