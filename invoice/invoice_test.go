package invoice_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/internal/testsrv"
	"github.com/jmzs-sdk/jmzs-go/invoice"
)

// Shaped on research §3.6 and §3.13: the Huawei caller reads result as the
// string "1"; the Aliyun Java model has an Integer result.
const (
	passHuawei = `{"data":{"result":"1","message":"一致","info":{"invoiceNo":"12345678","cancellationMark":"0","hcbz":"0"}},"msg":"成功","success":true,"code":200,"taskNo":"13516403432971667030"}`
	failAliyun = `{"data":{"result":0,"message":"不一致","info":{"invoiceNo":"12345678","cancellationMark":"1","hcbz":2}},"msg":"成功","success":true,"code":200,"taskNo":"13516403432971667031"}`
)

var full = invoice.ValidateRequest{
	InvoiceNo: "12345678", IssueDate: "20240229", InvoiceCode: "044031900111", CheckCode: "123456", Amount: "1000.00",
}

func wantParams() url.Values {
	return url.Values{"fphm": {"12345678"}, "kprq": {"20240229"}, "fpdm": {"044031900111"}, "xym": {"123456"}, "bhsje": {"1000.00"}}
}

func TestValidateHuaweiSendsQueryString(t *testing.T) {
	srv := testsrv.New(t, http.StatusOK, passHuawei)
	c, err := jmzs.NewClient(jmzs.WithAppKey("test-app-key", "test-app-secret"), jmzs.WithMaxRetries(0))
	require.NoError(t, err)
	resp, err := invoice.New(c, invoice.WithEndpoint(srv.URL)).Validate(context.Background(), full)
	require.NoError(t, err)

	r := srv.Requests()[0]
	require.Equal(t, "/invoice/validate", r.Path)
	require.Equal(t, wantParams(), r.Query)
	require.Empty(t, r.Body)
	require.Equal(t, jmzs.ContentTypeJSON, r.ContentType)
	require.Contains(t, r.Header.Get("Authorization"), "SDK-HMAC-SHA256")

	require.True(t, resp.Data.Pass())
	require.Equal(t, "一致", resp.Data.Message)
	require.Equal(t, "12345678", resp.Data.Info.InvoiceNo)
	require.False(t, resp.Data.Info.Voided())
	require.Equal(t, invoice.Flag("0"), resp.Data.Info.RedLetter)
}

func TestValidateAliyunSendsForm(t *testing.T) {
	srv := testsrv.New(t, http.StatusOK, failAliyun)
	c, err := jmzs.NewClient(jmzs.WithAliyunAppCode("test-aliyun-appcode"), jmzs.WithMaxRetries(0))
	require.NoError(t, err)
	svc := invoice.New(c, invoice.WithEndpoint("https://example.invalid/elsewhere"), invoice.WithAliyunEndpoint(srv.URL))
	resp, err := svc.ValidateAliyun(context.Background(), full)
	require.NoError(t, err)

	r := srv.Requests()[0]
	require.Equal(t, "/invoice/validate", r.Path)
	require.Equal(t, jmzs.ContentTypeForm, r.ContentType)
	require.Equal(t, wantParams(), r.Form)
	require.Empty(t, r.Query)
	require.Equal(t, "APPCODE test-aliyun-appcode", r.Header.Get("Authorization"))

	require.False(t, resp.Data.Pass(), "result 0 is not a pass: the opposite of idcard's polarity")
	require.True(t, resp.Data.Info.Voided())
	require.Equal(t, invoice.Flag("2"), resp.Data.Info.RedLetter, "a numeric flag decodes to its text")
}

func TestValidateSendsUnsetOptionalFieldsEmpty(t *testing.T) {
	srv := testsrv.New(t, http.StatusOK, passHuawei)
	c, err := jmzs.NewClient(jmzs.WithAppCode("test-appcode-0123456789"), jmzs.WithMaxRetries(0))
	require.NoError(t, err)
	_, err = invoice.New(c, invoice.WithEndpoint(srv.URL+"/")).Validate(context.Background(),
		invoice.ValidateRequest{InvoiceNo: "24332000000012345678", IssueDate: "20240105", Amount: "-12.5"})
	require.NoError(t, err)
	q := srv.Requests()[0].Query
	require.Equal(t, url.Values{"fphm": {"24332000000012345678"}, "kprq": {"20240105"}, "fpdm": {""}, "xym": {""}, "bhsje": {"-12.5"}}, q)
}

func TestValidateRefusesBadInputWithoutSending(t *testing.T) {
	with := func(f func(*invoice.ValidateRequest)) invoice.ValidateRequest {
		r := full
		f(&r)
		return r
	}
	tests := []struct {
		name  string
		req   invoice.ValidateRequest
		field string
	}{
		{"no number", with(func(r *invoice.ValidateRequest) { r.InvoiceNo = "" }), "fphm"},
		{"short number", with(func(r *invoice.ValidateRequest) { r.InvoiceNo = "1234567" }), "fphm"},
		{"letters in number", with(func(r *invoice.ValidateRequest) { r.InvoiceNo = "1234567A" }), "fphm"},
		{"no date", with(func(r *invoice.ValidateRequest) { r.IssueDate = "" }), "kprq"},
		{"dashed date", with(func(r *invoice.ValidateRequest) { r.IssueDate = "2024-02-29" }), "kprq"},
		{"impossible date", with(func(r *invoice.ValidateRequest) { r.IssueDate = "20230229" }), "kprq"},
		{"month 13", with(func(r *invoice.ValidateRequest) { r.IssueDate = "20231301" }), "kprq"},
		{"short code", with(func(r *invoice.ValidateRequest) { r.InvoiceCode = "12345" }), "fpdm"},
		{"short check code", with(func(r *invoice.ValidateRequest) { r.CheckCode = "12345" }), "xym"},
		{"amount with three decimals", with(func(r *invoice.ValidateRequest) { r.Amount = "1.005" }), "bhsje"},
		{"amount with a comma", with(func(r *invoice.ValidateRequest) { r.Amount = "1,000" }), "bhsje"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := testsrv.New(t, http.StatusOK, passHuawei)
			c, err := jmzs.NewClient(jmzs.WithAliyunAppCode("test-aliyun-appcode"))
			require.NoError(t, err)
			svc := invoice.New(c, invoice.WithEndpoint(srv.URL))
			for _, call := range []func(context.Context, invoice.ValidateRequest) (*jmzs.Response[invoice.Result], error){svc.Validate, svc.ValidateAliyun} {
				resp, err := call(context.Background(), tt.req)
				require.Nil(t, resp)
				require.ErrorIs(t, err, jmzs.ErrInvalidParams)
				var pe *jmzs.ParamError
				require.True(t, errors.As(err, &pe))
				require.Equal(t, tt.field, pe.Field)
			}
			require.Empty(t, srv.Requests(), "a refused call must send nothing")
		})
	}
}

func TestFlagDecoding(t *testing.T) {
	tests := []struct {
		in   string
		want invoice.Flag
		ok   bool
	}{
		{`"1"`, "1", true}, {`1`, "1", true}, {`null`, "", true}, {`true`, "", false}, {`{}`, "", false},
	}
	for _, tt := range tests {
		var f invoice.Flag
		err := json.Unmarshal([]byte(tt.in), &f)
		if !tt.ok {
			require.Error(t, err, tt.in)
			continue
		}
		require.NoError(t, err, tt.in)
		require.Equal(t, tt.want, f)
	}
}
