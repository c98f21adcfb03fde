// Package invoice checks a VAT invoice against the tax bureau's record
// (增值税发票查验 / 票据验真) with two of the vendor's APIs:
//
//   - [Service.Validate]: 票据验真 on Huawei Cloud KooGallery
//     (credentials: jmzs.WithAppKey or jmzs.WithAppCode), parameters in
//     the query string.
//   - [Service.ValidateAliyun]: 发票查验-增值税发票查验 on Alibaba Cloud's
//     API market (jmzs.WithAliyunAppCode or jmzs.WithAliyunAppKey), a
//     form body.
//
// Both are confirmed by callers of the live APIs. The Huawei product is
// https://marketplace.huaweicloud.com/product/OFFI894049145675956224; a
// public Java caller, cn.wenhe.invoice.checkFp.anna.AnnaCheckFpStrategyImpl,
// sends the five parameters in the query string and compares data.result
// with "1" for a pass. The Aliyun product is cmapi00050226 on
// market.aliyun.com; its public callers (such as the Java class
// com.fdddf.ocrinvoice.jmininvoice.AliyunJminInvocieValidate) send a
// form and read data.result, data.message (一致 / 不一致) and data.info.
// That result 1 means a match on the Aliyun product too is inferred from
// its message, not shown.
//
// Result.Match is true for result 1: the opposite of idcard, whose match
// is 0. Each package has its own result type.
package invoice

import (
	"context"
	"net/url"
	"strings"

	"github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/internal/product"
	"github.com/jmzs-sdk/jmzs-go/internal/validate"
)

// Default endpoints.
const (
	DefaultEndpoint       = "https://invoicevalidate.apistore.huaweicloud.com/invoice/validate"
	DefaultAliyunEndpoint = "https://jminvoice.market.alicloudapi.com/invoice/validate"
)

var (
	validateHuawei = product.Method{Name: "invoice.Validate", Market: jmzs.MarketHuawei, Endpoint: DefaultEndpoint, Option: "invoice.WithEndpoint"}
	validateAliyun = product.Method{Name: "invoice.ValidateAliyun", Market: jmzs.MarketAliyun, Endpoint: DefaultAliyunEndpoint, Option: "invoice.WithAliyunEndpoint"}
)

// Service calls the invoice APIs through a jmzs.Client. It is safe for
// concurrent use.
type Service struct{ base product.Service }

// An Option configures a Service.
type Option func(*Service)

// New returns a Service that sends its calls through c. A bad URL given
// to an option is returned by every call, naming the option.
func New(c *jmzs.Client, opts ...Option) *Service {
	s := new(Service)
	return product.Init(s, &s.base, c, opts, &validateHuawei, &validateAliyun)
}

// WithBaseURL sends every method to u, a server with an optional path
// prefix, followed by the method's default path (both are
// /invoice/validate). A method's own endpoint option takes precedence.
func WithBaseURL(u string) Option { return func(s *Service) { s.base.SetBaseURL(u) } }

// WithEndpoint sets the full URL that Validate calls, used as given.
func WithEndpoint(u string) Option {
	return func(s *Service) { s.base.SetEndpoint(&validateHuawei, u) }
}

// WithAliyunEndpoint sets the full URL that ValidateAliyun calls, used as
// given.
func WithAliyunEndpoint(u string) Option {
	return func(s *Service) { s.base.SetEndpoint(&validateAliyun, u) }
}

// ValidateRequest identifies an invoice. Which of the optional fields an
// invoice needs depends on its kind (专票, 普票, 全电票), as noted on each.
type ValidateRequest struct {
	// InvoiceNo is the invoice number (发票号码, "fphm"): 8 to 20 digits; required.
	InvoiceNo string
	// IssueDate is the date of issue (开票日期, "kprq") as YYYYMMDD; required.
	IssueDate string
	// InvoiceCode is the invoice code (发票代码, "fpdm"): 10 or 12 digits.
	// Required except for 全电票 (fully digital invoices).
	InvoiceCode string
	// CheckCode is the check code (校验码, "xym"), whole or its last 6
	// digits. Not needed for 专票 and 全电票; required for the others.
	CheckCode string
	// Amount ("bhsje") is the amount excluding tax, such as "1000.00"; for
	// a 全电票 the amount including tax. Not needed for 普票.
	Amount string
}

// values checks r and returns its five parameters. All five are always
// sent, empty when unset, as the vendor's known callers do.
func (r ValidateRequest) values() (url.Values, error) {
	if err := validate.Digits("fphm", r.InvoiceNo, 8, 20); err != nil {
		return nil, err
	}
	if err := validate.Date("kprq", r.IssueDate); err != nil {
		return nil, err
	}
	if r.InvoiceCode != "" {
		if err := validate.Digits("fpdm", r.InvoiceCode, 10, 12); err != nil {
			return nil, err
		}
	}
	if r.CheckCode != "" {
		if err := validate.Digits("xym", r.CheckCode, 6, 20); err != nil {
			return nil, err
		}
	}
	if r.Amount != "" {
		// Red-letter (reversal) invoices carry negative amounts.
		if err := validate.Amount("bhsje", strings.TrimPrefix(r.Amount, "-"), 2, false); err != nil {
			return nil, err
		}
	}
	return url.Values{
		"fphm":  {r.InvoiceNo},
		"kprq":  {r.IssueDate},
		"fpdm":  {r.InvoiceCode},
		"xym":   {r.CheckCode},
		"bhsje": {r.Amount},
	}, nil
}

// Validate checks an invoice with the Huawei product, parameters in the
// query string and an empty body.
func (s *Service) Validate(ctx context.Context, r ValidateRequest, opts ...jmzs.CallOption) (*jmzs.Response[Result], error) {
	q, err := r.values()
	if err != nil {
		return nil, err
	}
	return product.Call[Result](ctx, &s.base, &validateHuawei, &jmzs.Request{Query: q}, opts...)
}

// ValidateAliyun checks an invoice with the Aliyun product, parameters in
// a form body.
func (s *Service) ValidateAliyun(ctx context.Context, r ValidateRequest, opts ...jmzs.CallOption) (*jmzs.Response[Result], error) {
	form, err := r.values()
	if err != nil {
		return nil, err
	}
	return product.Call[Result](ctx, &s.base, &validateAliyun, &jmzs.Request{Form: form}, opts...)
}
