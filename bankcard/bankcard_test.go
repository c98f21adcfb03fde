package bankcard_test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/bankcard"
	"github.com/jmzs-sdk/jmzs-go/internal/testsrv"
)

// The captured sample of research §3.2.
const infoOK = `{"data":{"bin_digits":6,"card_digits":19,"card_bin":"622202","bank":"中国工商银行","abbreviation":"ICBC","type":"借记卡","card_name":"牡丹灵通卡","province":"北京","city":"北京","weburl":"http://www.icbc.com.cn","tel":"95588","logo":"https://img2.jumdata.com/bankcard/logo/ICBC.png","isLuhn":true},"msg":"成功","success":true,"code":200,"taskNo":"438349168196884244029961"}`

func client(t *testing.T) *jmzs.Client {
	t.Helper()
	c, err := jmzs.NewClient(jmzs.WithAliyunAppCode("test-aliyun-appcode"), jmzs.WithMaxRetries(0))
	require.NoError(t, err)
	return c
}

func TestInfoSendsFormAndDecodes(t *testing.T) {
	srv := testsrv.New(t, http.StatusOK, infoOK)
	resp, err := bankcard.New(client(t), bankcard.WithEndpoint(srv.URL)).Info(context.Background(), "6222 0212 3456 7890 128")
	require.NoError(t, err)

	r := srv.Requests()[0]
	require.Equal(t, "/bankcard/info", r.Path)
	require.Equal(t, jmzs.ContentTypeForm, r.ContentType)
	require.Equal(t, "6222021234567890128", r.Form.Get("bankcard"), "spaces are dropped")
	require.Empty(t, r.Query)
	require.Equal(t, "APPCODE test-aliyun-appcode", r.Header.Get("Authorization"))

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
	require.Equal(t, "438349168196884244029961", resp.TaskNo)
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
			srv := testsrv.New(t, http.StatusOK, infoOK)
			resp, err := bankcard.New(client(t), bankcard.WithEndpoint(srv.URL)).Info(context.Background(), tt.card)
			require.Nil(t, resp)
			require.ErrorIs(t, err, jmzs.ErrInvalidParams)
			var pe *jmzs.ParamError
			require.True(t, errors.As(err, &pe))
			require.Equal(t, "bankcard", pe.Field)
			require.Empty(t, srv.Requests())
		})
	}
}

func TestWithoutLuhnCheckSendsNonLuhnNumbers(t *testing.T) {
	srv := testsrv.New(t, http.StatusOK, infoOK)
	svc := bankcard.New(client(t), bankcard.WithEndpoint(srv.URL), bankcard.WithoutLuhnCheck())
	_, err := svc.Info(context.Background(), "6222021234567890127")
	require.NoError(t, err)
	require.Len(t, srv.Requests(), 1)

	_, err = svc.Info(context.Background(), "62220212345678901A")
	require.ErrorIs(t, err, jmzs.ErrInvalidParams, "the digit check still applies")
	require.Len(t, srv.Requests(), 1)
}
