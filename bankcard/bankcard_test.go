package bankcard_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/bankcard"
	"github.com/jmzs-sdk/jmzs-go/internal/producttest"
)

func TestInfoSendsFormAndDecodes(t *testing.T) {
	g, _, c := producttest.Gateway(t)
	resp, err := bankcard.New(c, bankcard.WithBaseURL(g.URL())).Info(context.Background(), "6222 0212 3456 7890 128")
	require.NoError(t, err)

	r := g.Requests()[0]
	require.Equal(t, http.StatusOK, r.Status)
	require.Equal(t, "/bankcard/info", r.Path)
	require.Equal(t, jmzs.ContentTypeForm, r.Header.Get("Content-Type"))
	require.Equal(t, "bankcard=6222021234567890128", string(r.Body), "spaces are dropped")
	require.Empty(t, r.Query)

	// The "bankcard/ok" fixture.
	d := resp.Data
	require.Equal(t, "中国工商银行", d.Bank)
	require.Equal(t, "ICBC", d.Abbreviation)
	require.Equal(t, "借记卡", d.Type)
	require.Equal(t, "622202", d.CardBIN)
	n, err := d.CardDigits.Int64()
	require.NoError(t, err)
	require.EqualValues(t, 19, n)
	require.Equal(t, jmzs.Number("6"), d.BINDigits)
	require.Equal(t, "95588", d.Tel)
	require.True(t, d.IsLuhn)
	require.NotEmpty(t, resp.TaskNo)
}

func TestInfoRefusesBadInputWithoutSending(t *testing.T) {
	tests := []struct{ name, card string }{
		{"empty", ""},
		{"too short", "62220212345"},
		{"too long", "62220212345678901281"},
		{"letters", "622202123456789012A"},
		{"fails Luhn", "6222021234567890127"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, _, c := producttest.Gateway(t)
			resp, err := bankcard.New(c, bankcard.WithBaseURL(g.URL())).Info(context.Background(), tt.card)
			require.Nil(t, resp)
			producttest.RequireRefused(t, g, err, "bankcard")
		})
	}
}

func TestWithoutLuhnCheckSendsNonLuhnNumbers(t *testing.T) {
	g, _, c := producttest.Gateway(t)
	svc := bankcard.New(c, bankcard.WithBaseURL(g.URL()), bankcard.WithoutLuhnCheck())
	_, err := svc.Info(context.Background(), "6222021234567890127")
	require.NoError(t, err)
	require.Len(t, g.Requests(), 1)

	_, err = svc.Info(context.Background(), "62220212345678901A")
	require.ErrorIs(t, err, jmzs.ErrInvalidParams, "the digit check still applies")
	require.Len(t, g.Requests(), 1)
}
