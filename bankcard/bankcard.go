// Package bankcard looks up the issuing bank and kind of a bank card with
// the vendor's 银行卡信息 API on Alibaba Cloud's API market (authenticate
// with jmzs.WithAliyunAppCode).
//
// Status: confirmed [C]: a caller's captured sample carries the vendor's
// logo host img2.jumdata.com (research §3.2). The vendor's 银行卡四要素 API
// (jmbank, research §3.3) is only likely [L] and has no documented result,
// so it has no typed method here; call it with jmzs.Do.
package bankcard

import (
	"context"
	"net/url"
	"strings"

	"github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/internal/endpoint"
	"github.com/jmzs-sdk/jmzs-go/internal/validate"
)

// DefaultEndpoint is the API's URL on Alibaba Cloud's API market.
const DefaultEndpoint = "https://jumnritv.market.alicloudapi.com/bankcard/info"

// Service calls the API through a jmzs.Client. It is safe for
// concurrent use.
type Service struct {
	c        *jmzs.Client
	endpoint string
	noLuhn   bool
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

// WithEndpoint sets the URL that Info calls. A URL with no path, or one
// ending in "/", is a base: the default path is appended to it.
func WithEndpoint(url string) Option { return func(s *Service) { s.endpoint = url } }

// WithoutLuhnCheck lets Info send card numbers that fail the Luhn check.
// A few older Chinese cards do, and the vendor answers for them (its
// result has IsLuhn); by default such numbers are refused as typos.
func WithoutLuhnCheck() Option { return func(s *Service) { s.noLuhn = true } }

// Info returns what is known about a card number ("bankcard", in a form
// body): 12 to 19 digits, spaces ignored, passing the Luhn check unless
// WithoutLuhnCheck was given.
func (s *Service) Info(ctx context.Context, cardNo string) (*jmzs.Response[Result], error) {
	cardNo = strings.ReplaceAll(cardNo, " ", "")
	if err := validate.CardNumber("bankcard", cardNo); err != nil {
		return nil, err
	}
	if !s.noLuhn {
		if err := validate.Luhn("bankcard", cardNo); err != nil {
			return nil, err
		}
	}
	u, err := endpoint.Resolve(s.endpoint, DefaultEndpoint)
	if err != nil {
		return nil, err
	}
	return jmzs.Do[Result](ctx, s.c, &jmzs.Request{URL: u, Form: url.Values{"bankcard": {cardNo}}})
}

// Result describes a card, as in the vendor's sample (research §3.2).
type Result struct {
	Bank         string      `json:"bank"`         // e.g. 中国工商银行
	Abbreviation string      `json:"abbreviation"` // e.g. ICBC
	Type         string      `json:"type"`         // e.g. 借记卡 (debit) or 贷记卡 (credit)
	CardName     string      `json:"card_name"`
	CardBIN      string      `json:"card_bin"`    // e.g. 622202
	BINDigits    jmzs.Number `json:"bin_digits"`  // length of the BIN, e.g. 6
	CardDigits   jmzs.Number `json:"card_digits"` // length of the card number, e.g. 19
	Province     string      `json:"province"`
	City         string      `json:"city"`
	WebURL       string      `json:"weburl"`
	Tel          string      `json:"tel"`  // the bank's service number, e.g. 95588
	Logo         string      `json:"logo"` // URL of the bank's logo
	IsLuhn       bool        `json:"isLuhn"`
}
