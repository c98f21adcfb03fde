package invoice_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/internal/producttest"
	"github.com/jmzs-sdk/jmzs-go/invoice"
)

var full = invoice.ValidateRequest{
	InvoiceNo: "12345678", IssueDate: "20240229", InvoiceCode: "044031900111", CheckCode: "123456", Amount: "1000.00",
}

func wantParams() url.Values {
	return url.Values{"fphm": {"12345678"}, "kprq": {"20240229"}, "fpdm": {"044031900111"}, "xym": {"123456"}, "bhsje": {"1000.00"}}
}

func TestValidateHuaweiSendsQueryString(t *testing.T) {
	g, c, _ := producttest.Gateway(t)
	resp, err := invoice.New(c, invoice.WithBaseURL(g.URL())).Validate(context.Background(), full)
	require.NoError(t, err)

	r := g.Requests()[0]
	require.Equal(t, http.StatusOK, r.Status, "the gateway verified the signature")
	require.Equal(t, "/invoice/validate", r.Path)
	require.Equal(t, wantParams(), r.Query)
	require.Empty(t, r.Body)
	require.Equal(t, jmzs.ContentTypeJSON, r.Header.Get("Content-Type"))

	// The "invoice/ok" fixture: result "1", message 一致.
	require.True(t, resp.Data.Match)
	require.Equal(t, jmzs.Number("1"), resp.Data.ResultCode)
	require.Equal(t, "一致", resp.Data.Message)
}

func TestValidateAliyunSendsForm(t *testing.T) {
	g, _, c := producttest.Gateway(t)
	// Shaped on the Aliyun product's Java model: an Integer result, info
	// flags; hcbz sent as a number, cancellationMark as a string.
	g.Reply("/aliyun/invoice/validate", 200, "成功", map[string]any{
		"result": 0, "message": "不一致", "info": map[string]any{"invoiceNo": "12345678", "cancellationMark": "1", "hcbz": 2},
	})
	svc := invoice.New(c, invoice.WithEndpoint("https://example.invalid/elsewhere"), invoice.WithAliyunEndpoint(g.URL()+"/aliyun/invoice/validate"))
	resp, err := svc.ValidateAliyun(context.Background(), full)
	require.NoError(t, err)

	r := g.Requests()[0]
	require.Equal(t, http.StatusOK, r.Status)
	require.Equal(t, "/aliyun/invoice/validate", r.Path)
	require.Equal(t, jmzs.ContentTypeForm, r.Header.Get("Content-Type"))
	form, err := url.ParseQuery(string(r.Body))
	require.NoError(t, err)
	require.Equal(t, wantParams(), form)
	require.Empty(t, r.Query)
	require.Equal(t, "APPCODE "+producttest.AliyunAppCode, r.Header.Get("Authorization"))

	require.False(t, resp.Data.Match, "result 0 is not a match: the opposite of idcard's polarity")
	require.Equal(t, jmzs.Number("0"), resp.Data.ResultCode)
	require.Equal(t, "12345678", resp.Data.Info.InvoiceNo)
	require.True(t, resp.Data.Info.Voided)
	require.Equal(t, jmzs.Number("2"), resp.Data.Info.RedLetter, "a numeric flag decodes to its text")
}

func TestValidateSendsUnsetOptionalFieldsEmpty(t *testing.T) {
	g, c, _ := producttest.Gateway(t)
	_, err := invoice.New(c, invoice.WithBaseURL(g.URL())).Validate(context.Background(),
		invoice.ValidateRequest{InvoiceNo: "24332000000012345678", IssueDate: "20240105", Amount: "-12.5"})
	require.NoError(t, err)
	require.Equal(t, url.Values{"fphm": {"24332000000012345678"}, "kprq": {"20240105"}, "fpdm": {""}, "xym": {""}, "bhsje": {"-12.5"}}, g.Requests()[0].Query)
}

func TestValidateVendorRefusal(t *testing.T) {
	g, c, _ := producttest.Gateway(t)
	g.ReplyFixture("/invoice/validate", "invoice/400")
	_, err := invoice.New(c, invoice.WithBaseURL(g.URL())).Validate(context.Background(), full)
	require.ErrorIs(t, err, jmzs.ErrInvalidParams)
	var ae *jmzs.APIError
	require.ErrorAs(t, err, &ae)
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
			g, huawei, aliyun := producttest.Gateway(t)
			calls := map[string]func(context.Context, invoice.ValidateRequest, ...jmzs.CallOption) (*jmzs.Response[invoice.Result], error){
				"Validate":       invoice.New(huawei, invoice.WithBaseURL(g.URL())).Validate,
				"ValidateAliyun": invoice.New(aliyun, invoice.WithBaseURL(g.URL())).ValidateAliyun,
			}
			for name, call := range calls {
				resp, err := call(context.Background(), tt.req)
				require.Nil(t, resp, name)
				producttest.RequireRefused(t, g, err, tt.field)
			}
		})
	}
}

func TestResultDecoding(t *testing.T) {
	tests := []struct {
		in            string
		match, voided bool
	}{
		{`{"result":"1","info":{"cancellationMark":"0"}}`, true, false},
		{`{"result":1,"info":{"cancellationMark":0}}`, true, false},
		{`{"result":"0","info":{"cancellationMark":"1"}}`, false, true},
		{`{"result":null,"info":{"cancellationMark":null}}`, false, false},
		{`{"message":"一致"}`, false, false},
		{`{"result":"是","info":{"cancellationMark":"是"}}`, false, true},
	}
	for _, tt := range tests {
		r := producttest.RequireRoundTrip[invoice.Result](t, tt.in)
		require.Equal(t, tt.match, r.Match, tt.in)
		require.Equal(t, tt.voided, r.Info.Voided, tt.in)
	}
	var r invoice.Result
	require.Error(t, json.Unmarshal([]byte(`{"result":true}`), &r))
	require.Error(t, json.Unmarshal([]byte(`{"info":{"hcbz":{}}}`), &r))
}
