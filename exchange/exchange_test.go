package exchange_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/exchange"
	"github.com/jmzs-sdk/jmzs-go/internal/producttest"
)

func TestConvertSendsFormAndDecodes(t *testing.T) {
	tests := []struct {
		name  string
		money any // nil: the "exchange/ok" fixture, "6.8095" as a string
		text  string
		want  float64
	}{
		{"money as a string", nil, "6.8095", 6.8095},
		{"money as a number", json.RawMessage(`6.8`), "6.8", 6.8},
		{"every digit kept", "12345678901234567.89012345", "12345678901234567.89012345", 12345678901234567.89012345},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, _, c := producttest.Gateway(t)
			if tt.money != nil {
				g.Reply("/exchange-rate/convert", 200, "成功", map[string]any{"money": tt.money})
			}
			resp, err := exchange.New(c, exchange.WithBaseURL(g.URL())).Convert(context.Background(),
				exchange.ConvertRequest{From: "usd", To: "CNY", Amount: "1"})
			require.NoError(t, err)
			r := g.Requests()[0]
			require.Equal(t, http.StatusOK, r.Status)
			require.Equal(t, "/exchange-rate/convert", r.Path)
			require.Equal(t, jmzs.ContentTypeForm, r.Header.Get("Content-Type"))
			form, err := url.ParseQuery(string(r.Body))
			require.NoError(t, err)
			require.Equal(t, url.Values{"fromCode": {"USD"}, "toCode": {"CNY"}, "money": {"1"}}, form)
			require.Empty(t, r.Query)
			require.Equal(t, tt.text, resp.Data.Money.String())
			f, err := resp.Data.Money.Float64()
			require.NoError(t, err)
			require.Equal(t, tt.want, f)
		})
	}
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
		{"exponent", exchange.ConvertRequest{From: "USD", To: "CNY", Amount: "1e3"}, "money"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, _, c := producttest.Gateway(t)
			resp, err := exchange.New(c, exchange.WithBaseURL(g.URL())).Convert(context.Background(), tt.req)
			require.Nil(t, resp)
			producttest.RequireRefused(t, g, err, tt.field)
		})
	}
}
