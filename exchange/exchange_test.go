package exchange_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/exchange"
	"github.com/jmzs-sdk/jmzs-go/internal/testsrv"
)

func client(t *testing.T) *jmzs.Client {
	t.Helper()
	c, err := jmzs.NewClient(jmzs.WithAliyunAppCode("test-aliyun-appcode"), jmzs.WithMaxRetries(0))
	require.NoError(t, err)
	return c
}

func TestConvertSendsFormAndDecodes(t *testing.T) {
	tests := []struct {
		name, body string
		want       float64
	}{
		// The captured sample of research §3.7: money is a string.
		{"money as a string", `{"data":{"money":"6.8095"},"msg":"成功","success":true,"code":200,"taskNo":"159373647215074770465673"}`, 6.8095},
		{"money as a number", `{"data":{"money":6.8},"msg":"成功","success":true,"code":200,"taskNo":"159373647215074770465673"}`, 6.8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := testsrv.New(t, http.StatusOK, tt.body)
			resp, err := exchange.New(client(t), exchange.WithEndpoint(srv.URL)).Convert(context.Background(),
				exchange.ConvertRequest{From: "usd", To: "CNY", Amount: "1"})
			require.NoError(t, err)
			r := srv.Requests()[0]
			require.Equal(t, "/exchange-rate/convert", r.Path)
			require.Equal(t, jmzs.ContentTypeForm, r.ContentType)
			require.Equal(t, url.Values{"fromCode": {"USD"}, "toCode": {"CNY"}, "money": {"1"}}, r.Form)
			require.Empty(t, r.Query)
			f, err := resp.Data.Money.Float64()
			require.NoError(t, err)
			require.Equal(t, tt.want, f)
		})
	}
}

func TestConvertKeepsEveryDigit(t *testing.T) {
	srv := testsrv.New(t, http.StatusOK, `{"data":{"money":"12345678901234567.89012345"},"code":200}`)
	resp, err := exchange.New(client(t), exchange.WithEndpoint(srv.URL)).Convert(context.Background(),
		exchange.ConvertRequest{From: "USD", To: "CNY", Amount: "99.5"})
	require.NoError(t, err)
	require.Equal(t, "12345678901234567.89012345", resp.Data.Money.String())
	require.Equal(t, "99.5", srv.Requests()[0].Form.Get("money"))
}

func TestConvertRefusesBadInputWithoutSending(t *testing.T) {
	tests := []struct {
		name  string
		req   exchange.ConvertRequest
		field string
	}{
		{"no from", exchange.ConvertRequest{To: "CNY", Amount: "1"}, "fromCode"},
		{"long from", exchange.ConvertRequest{From: "USDT", To: "CNY", Amount: "1"}, "fromCode"},
		{"digits in to", exchange.ConvertRequest{From: "USD", To: "CN1", Amount: "1"}, "toCode"},
		{"short to", exchange.ConvertRequest{From: "USD", To: "CN", Amount: "1"}, "toCode"},
		{"no amount", exchange.ConvertRequest{From: "USD", To: "CNY"}, "money"},
		{"zero", exchange.ConvertRequest{From: "USD", To: "CNY", Amount: "0.00"}, "money"},
		{"negative", exchange.ConvertRequest{From: "USD", To: "CNY", Amount: "-1"}, "money"},
		{"not a number", exchange.ConvertRequest{From: "USD", To: "CNY", Amount: "1e3"}, "money"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := testsrv.New(t, http.StatusOK, `{"code":200,"data":{"money":"1"}}`)
			resp, err := exchange.New(client(t), exchange.WithEndpoint(srv.URL)).Convert(context.Background(), tt.req)
			require.Nil(t, resp)
			require.ErrorIs(t, err, jmzs.ErrInvalidParams)
			var pe *jmzs.ParamError
			require.True(t, errors.As(err, &pe))
			require.Equal(t, tt.field, pe.Field)
			require.Empty(t, srv.Requests())
		})
	}
}
