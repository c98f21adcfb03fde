// Package exchange converts an amount between currencies with the
// vendor's 汇率转换 API on Alibaba Cloud's API market:
//
//   - [Service.Convert]: credentials jmzs.WithAliyunAppCode or
//     jmzs.WithAliyunAppKey; a form body.
//
// Confirmed: Aliyun product cmapi00064402 at
// jmhlcx.market.alicloudapi.com. A public Go caller (the
// ExchangeRateService of a "tokenhub-server" on GitHub) sends fromCode,
// toCode and money, and decodes the answer
// {"data":{"money":"6.8095"},…} with money as a string or a number.
package exchange

import (
	"context"
	"net/url"
	"strings"

	"github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/internal/product"
	"github.com/jmzs-sdk/jmzs-go/internal/validate"
)

// DefaultEndpoint is the API's URL on Alibaba Cloud's API market.
const DefaultEndpoint = "https://jmhlcx.market.alicloudapi.com/exchange-rate/convert"

var convert = product.Method{Name: "exchange.Convert", Market: jmzs.MarketAliyun, Endpoint: DefaultEndpoint, Option: "exchange.WithEndpoint"}

// Service calls the API through a jmzs.Client. It is safe for
// concurrent use.
type Service struct{ base product.Service }

// An Option configures a Service.
type Option func(*Service)

// New returns a Service that sends its calls through c. A bad URL given
// to an option is returned by every call, naming the option.
func New(c *jmzs.Client, opts ...Option) *Service {
	s := new(Service)
	return product.Init(s, &s.base, c, opts, &convert)
}

// WithBaseURL sends Convert to u, a server (a proxy, a test gateway) with
// an optional path prefix, followed by the default path
// /exchange-rate/convert. WithEndpoint takes precedence.
func WithBaseURL(u string) Option { return func(s *Service) { s.base.SetBaseURL(u) } }

// WithEndpoint sets the full URL that Convert calls, used as given.
func WithEndpoint(u string) Option { return func(s *Service) { s.base.SetEndpoint(&convert, u) } }

// ConvertRequest is an amount to convert. Its fields go in a form body.
type ConvertRequest struct {
	// From is the currency to convert from ("fromCode"): three letters,
	// e.g. USD; sent upper-cased.
	From string
	// To is the currency to convert to ("toCode"), e.g. CNY.
	To string
	// Amount is the amount in From ("money"): a positive decimal such as
	// "1" or "99.5", kept as text so it is sent exactly.
	Amount string
}

// Convert returns Amount in To.
func (s *Service) Convert(ctx context.Context, r ConvertRequest, opts ...jmzs.CallOption) (*jmzs.Response[Result], error) {
	from, to := strings.ToUpper(r.From), strings.ToUpper(r.To)
	if err := currency("fromCode", from); err != nil {
		return nil, err
	}
	if err := currency("toCode", to); err != nil {
		return nil, err
	}
	if err := validate.Amount("money", r.Amount, 8, true); err != nil {
		return nil, err
	}
	form := url.Values{"fromCode": {from}, "toCode": {to}, "money": {r.Amount}}
	return product.Call[Result](ctx, &s.base, &convert, &jmzs.Request{Form: form}, opts...)
}

// currency refuses anything but an ISO 4217-shaped code: three letters.
func currency(field, v string) error {
	if err := validate.Code(field, v, 3); err != nil {
		return err
	}
	if len(v) != 3 || strings.ContainsAny(v, "0123456789") {
		return validate.Errorf(field, "must be a three-letter currency code such as USD")
	}
	return nil
}

// Result is the converted amount.
type Result struct {
	// Money is the amount in the target currency, e.g. 6.8095. The vendor
	// sends it as a string or a number; Number keeps every digit.
	Money jmzs.Number `json:"money"`
}
