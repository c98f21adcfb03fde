// Package exchange converts an amount between currencies with the
// vendor's 汇率转换 API on Alibaba Cloud's API market (authenticate with
// jmzs.WithAliyunAppCode).
//
// Status: confirmed [C] (research §3.7, Aliyun product cmapi00064402).
package exchange

import (
	"context"
	"net/url"
	"strings"

	"github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/internal/endpoint"
	"github.com/jmzs-sdk/jmzs-go/internal/validate"
)

// DefaultEndpoint is the API's URL on Alibaba Cloud's API market.
const DefaultEndpoint = "https://jmhlcx.market.alicloudapi.com/exchange-rate/convert"

// Service calls the API through a jmzs.Client. It is safe for
// concurrent use.
type Service struct {
	c        *jmzs.Client
	endpoint string
}

// An Option configures a Service.
type Option func(*Service)

// New returns a Service that sends its calls through c.
func New(c *jmzs.Client, opts ...Option) *Service {
	s := &Service{c: c}
	for _, opt := range opts {
		if opt != nil {
			opt(s)
		}
	}
	return s
}

// WithEndpoint sets the URL that Convert calls. A URL with no path, or
// one ending in "/", is a base: the default path is appended to it.
func WithEndpoint(url string) Option { return func(s *Service) { s.endpoint = url } }

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
func (s *Service) Convert(ctx context.Context, r ConvertRequest) (*jmzs.Response[Result], error) {
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
	u, err := endpoint.Resolve(s.endpoint, DefaultEndpoint)
	if err != nil {
		return nil, err
	}
	form := url.Values{"fromCode": {from}, "toCode": {to}, "money": {r.Amount}}
	return jmzs.Do[Result](ctx, s.c, &jmzs.Request{URL: u, Form: form})
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
