// Package bankcard looks up the issuing bank and kind of a bank card with
// the vendor's 银行卡信息 API on Alibaba Cloud's API market:
//
//   - [Service.Info]: credentials jmzs.WithAliyunAppCode or
//     jmzs.WithAliyunAppKey; a form body.
//
// Confirmed: a public Java caller of jumnritv.market.alicloudapi.com (a
// getBankName method on GitHub) records a sample answer whose logo lies
// on the vendor's own host, img2.jumdata.com, and whose fields are those
// of Result. The vendor's 银行卡四要素 API (jmbank.market.alicloudapi.com
// /bankcard/validate) is only likely, as no source names the vendor, and
// no source shows its result, so it has no typed method here; call it
// with jmzs.Do.
package bankcard

import (
	"context"
	"net/url"
	"strings"

	"github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/internal/product"
	"github.com/jmzs-sdk/jmzs-go/internal/validate"
)

// DefaultEndpoint is the API's URL on Alibaba Cloud's API market.
const DefaultEndpoint = "https://jumnritv.market.alicloudapi.com/bankcard/info"

var info = product.Method{Name: "bankcard.Info", Market: jmzs.MarketAliyun, Endpoint: DefaultEndpoint, Option: "bankcard.WithEndpoint"}

// Service calls the API through a jmzs.Client. It is safe for
// concurrent use.
type Service struct {
	base   product.Service
	noLuhn bool
}

// An Option configures a Service.
type Option func(*Service)

// New returns a Service that sends its calls through c. A bad URL given
// to an option is returned by every call, naming the option.
func New(c *jmzs.Client, opts ...Option) *Service {
	s := new(Service)
	return product.Init(s, &s.base, c, opts, &info)
}

// WithBaseURL sends Info to u, a server (a proxy, a test gateway) with
// an optional path prefix, followed by the default path
// /bankcard/info. WithEndpoint takes precedence.
func WithBaseURL(u string) Option { return func(s *Service) { s.base.SetBaseURL(u) } }

// WithEndpoint sets the full URL that Info calls, used as given.
func WithEndpoint(u string) Option { return func(s *Service) { s.base.SetEndpoint(&info, u) } }

// WithoutLuhnCheck lets Info send card numbers that fail the Luhn check.
// A few older Chinese cards do, and the vendor answers for them (its
// result has IsLuhn); by default such numbers are refused as typos.
func WithoutLuhnCheck() Option { return func(s *Service) { s.noLuhn = true } }

// Info returns what is known about a card number ("bankcard", in a form
// body): 12 to 19 digits, spaces ignored, passing the Luhn check unless
// WithoutLuhnCheck was given.
func (s *Service) Info(ctx context.Context, cardNo string, opts ...jmzs.CallOption) (*jmzs.Response[Result], error) {
	cardNo = strings.ReplaceAll(cardNo, " ", "")
	if err := validate.CardNumber("bankcard", cardNo); err != nil {
		return nil, err
	}
	if !s.noLuhn {
		if err := validate.Luhn("bankcard", cardNo); err != nil {
			return nil, err
		}
	}
	return product.Call[Result](ctx, &s.base, &info, &jmzs.Request{Form: url.Values{"bankcard": {cardNo}}}, opts...)
}

// Result describes a card, with the fields of the vendor's sample.
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
