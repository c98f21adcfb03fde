// Package producttest helps the tests of the product packages and of
// the kit: it starts the test kit's fake gateway with clients for both
// markets, checks local refusals, and calls every product method.
package producttest

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/png"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/bankcard"
	"github.com/jmzs-sdk/jmzs-go/exchange"
	"github.com/jmzs-sdk/jmzs-go/express"
	"github.com/jmzs-sdk/jmzs-go/idcard"
	"github.com/jmzs-sdk/jmzs-go/invoice"
	"github.com/jmzs-sdk/jmzs-go/jmzstest"
	"github.com/jmzs-sdk/jmzs-go/mobile"
	"github.com/jmzs-sdk/jmzs-go/ocr"
	"github.com/jmzs-sdk/jmzs-go/regeo"
	"github.com/jmzs-sdk/jmzs-go/sms"
)

// Credentials the gateway accepts.
const (
	AppKey        = "test-app-key"
	AppSecret     = "test-app-secret"
	AliyunAppCode = "test-aliyun-appcode"
)

// Gateway starts the kit's fake gateway serving every product's "ok"
// fixture and accepting both a Huawei signature and an Aliyun AppCode. It
// returns a signing client for Huawei-market products and an AppCode
// client for Aliyun-market ones, both with retries off.
func Gateway(t testing.TB) (g *jmzstest.Gateway, huawei, aliyun *jmzs.Client) {
	t.Helper()
	g = jmzstest.NewGateway(t, jmzstest.WithAppKey(AppKey, AppSecret), jmzstest.WithAliyunAppCode(AliyunAppCode), jmzstest.WithFixtureRoutes())
	huawei = newClient(t, g, jmzs.WithAppKey(AppKey, AppSecret))
	aliyun = newClient(t, g, jmzs.WithAliyunAppCode(AliyunAppCode))
	return g, huawei, aliyun
}

func newClient(t testing.TB, g *jmzstest.Gateway, auth jmzs.Option) *jmzs.Client {
	t.Helper()
	c, err := jmzs.NewClient(auth, jmzs.WithHTTPClient(g.HTTPClient()), jmzs.WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// RequireRefused checks that err refuses the vendor's parameter field
// locally: it matches jmzs.ErrInvalidParams, is a *jmzs.ParamError naming
// field, and the gateway received nothing.
func RequireRefused(t testing.TB, g *jmzstest.Gateway, err error, field string) {
	t.Helper()
	require.ErrorIs(t, err, jmzs.ErrInvalidParams)
	var pe *jmzs.ParamError
	require.ErrorAs(t, err, &pe)
	require.Equal(t, field, pe.Field)
	require.Empty(t, g.Requests(), "a refused call must send nothing")
}

// RequireRoundTrip decodes the JSON in into a T, checks that the T
// survives encoding and decoding again unchanged, and returns it.
func RequireRoundTrip[T any](t testing.TB, in string) T {
	t.Helper()
	var v T
	require.NoError(t, json.Unmarshal([]byte(in), &v), in)
	b, err := json.Marshal(v)
	require.NoError(t, err)
	var again T
	require.NoError(t, json.Unmarshal(b, &again))
	require.Equal(t, v, again, "a %T survives a round trip", v)
	return v
}

// Call calls one product method with valid input through c, at the
// product's default endpoints or, when base is not "", at base (the
// product's WithBaseURL), and returns its error.
type Call func(ctx context.Context, c *jmzs.Client, base string, opts ...jmzs.CallOption) error

// Calls returns a Call for every product method, by name
// ("express.Query").
func Calls() map[string]Call {
	return map[string]Call{
		"bankcard.Info": func(ctx context.Context, c *jmzs.Client, base string, opts ...jmzs.CallOption) error {
			_, err := bankcard.New(c, withBase(bankcard.WithBaseURL, base)...).Info(ctx, "6222021234567890128", opts...)
			return err
		},
		"exchange.Convert": func(ctx context.Context, c *jmzs.Client, base string, opts ...jmzs.CallOption) error {
			_, err := exchange.New(c, withBase(exchange.WithBaseURL, base)...).Convert(ctx, exchange.ConvertRequest{From: "USD", To: "CNY", Amount: "1"}, opts...)
			return err
		},
		"express.Discern": func(ctx context.Context, c *jmzs.Client, base string, opts ...jmzs.CallOption) error {
			_, err := express.New(c, withBase(express.WithBaseURL, base)...).Discern(ctx, "YT1234567890", opts...)
			return err
		},
		"express.Query": func(ctx context.Context, c *jmzs.Client, base string, opts ...jmzs.CallOption) error {
			_, err := express.New(c, withBase(express.WithBaseURL, base)...).Query(ctx, express.QueryRequest{Number: "YT1234567890123", ExpressCode: "YTO"}, opts...)
			return err
		},
		"idcard.Verify": func(ctx context.Context, c *jmzs.Client, base string, opts ...jmzs.CallOption) error {
			_, err := idcard.New(c, withBase(idcard.WithBaseURL, base)...).Verify(ctx, "张三", "11010519491231002X", opts...)
			return err
		},
		"invoice.Validate": func(ctx context.Context, c *jmzs.Client, base string, opts ...jmzs.CallOption) error {
			_, err := invoice.New(c, withBase(invoice.WithBaseURL, base)...).Validate(ctx, invoiceRequest, opts...)
			return err
		},
		"invoice.ValidateAliyun": func(ctx context.Context, c *jmzs.Client, base string, opts ...jmzs.CallOption) error {
			_, err := invoice.New(c, withBase(invoice.WithBaseURL, base)...).ValidateAliyun(ctx, invoiceRequest, opts...)
			return err
		},
		"mobile.Area": func(ctx context.Context, c *jmzs.Client, base string, opts ...jmzs.CallOption) error {
			_, err := mobile.New(c, withBase(mobile.WithBaseURL, base)...).Area(ctx, "13812345678", opts...)
			return err
		},
		"ocr.ExpressBill": func(ctx context.Context, c *jmzs.Client, base string, opts ...jmzs.CallOption) error {
			_, err := ocr.New(c, withBase(ocr.WithBaseURL, base)...).ExpressBill(ctx, bytes.NewReader(PNG()), opts...)
			return err
		},
		"ocr.HouseholdRegister": func(ctx context.Context, c *jmzs.Client, base string, opts ...jmzs.CallOption) error {
			_, err := ocr.New(c, withBase(ocr.WithBaseURL, base)...).HouseholdRegister(ctx, bytes.NewReader(PNG()), opts...)
			return err
		},
		"regeo.Query": func(ctx context.Context, c *jmzs.Client, base string, opts ...jmzs.CallOption) error {
			_, err := regeo.New(c, withBase(regeo.WithBaseURL, base)...).Query(ctx, 120.1551, 30.2741, opts...)
			return err
		},
		"sms.Send": func(ctx context.Context, c *jmzs.Client, base string, opts ...jmzs.CallOption) error {
			_, err := sms.New(c, withBase(sms.WithBaseURL, base)...).Send(ctx, sms.SendRequest{Mobile: "13812345678", TemplateID: "JM1000372", Value: "1234"}, opts...)
			return err
		},
	}
}

var invoiceRequest = invoice.ValidateRequest{InvoiceNo: "12345678", IssueDate: "20240105", InvoiceCode: "044031900111", CheckCode: "123456"}

// withBase returns the option that sets base, or none for "".
func withBase[O any](withBaseURL func(string) O, base string) []O {
	if base == "" {
		return nil
	}
	return []O{withBaseURL(base)}
}

// PNG returns a small valid PNG image, for the OCR methods.
func PNG() []byte {
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, 4, 4))); err != nil {
		panic(err)
	}
	return buf.Bytes()
}
