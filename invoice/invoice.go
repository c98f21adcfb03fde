// Package invoice checks a VAT invoice against the tax bureau's record
// (增值税发票查验 / 票据验真) with the vendor's APIs: Validate on Huawei Cloud
// KooGallery (parameters in the query string; authenticate with
// jmzs.WithAppKey or jmzs.WithAppCode) and ValidateAliyun on Alibaba
// Cloud's API market (a form body; jmzs.WithAliyunAppCode).
//
// Status: both confirmed [C] (research §3.6, §3.13). The Huawei caller
// compares data.result with "1" for a pass; that the Aliyun product uses
// the same polarity is inferred, not shown — its data.message (一致 /
// 不一致) says it in words.
//
// The pass value "1" is the opposite of idcard's match value 0: each
// package has its own result type.
package invoice

import (
	"context"
	"net/url"
	"strings"

	"github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/internal/endpoint"
	"github.com/jmzs-sdk/jmzs-go/internal/validate"
)

// Default endpoints.
const (
	DefaultEndpoint       = "https://invoicevalidate.apistore.huaweicloud.com/invoice/validate"
	DefaultAliyunEndpoint = "https://jminvoice.market.alicloudapi.com/invoice/validate"
)

// Service calls the invoice APIs through a jmzs.Client. It is safe for
// concurrent use.
type Service struct {
	c              *jmzs.Client
	endpoint       string
	aliyunEndpoint string
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

// WithEndpoint sets the URL that Validate calls. A URL with no path, or
// one ending in "/", is a base: the default path is appended to it, and it
// serves ValidateAliyun too unless WithAliyunEndpoint says otherwise.
func WithEndpoint(url string) Option { return func(s *Service) { s.endpoint = url } }

// WithAliyunEndpoint sets the URL that ValidateAliyun calls, by the rule
// of WithEndpoint.
func WithAliyunEndpoint(url string) Option { return func(s *Service) { s.aliyunEndpoint = url } }

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
func (s *Service) Validate(ctx context.Context, r ValidateRequest) (*jmzs.Response[Result], error) {
	q, err := r.values()
	if err != nil {
		return nil, err
	}
	u, err := endpoint.Resolve(s.endpoint, DefaultEndpoint)
	if err != nil {
		return nil, err
	}
	return jmzs.Do[Result](ctx, s.c, &jmzs.Request{URL: u, Query: q})
}

// ValidateAliyun checks an invoice with the Aliyun product, parameters in
// a form body.
func (s *Service) ValidateAliyun(ctx context.Context, r ValidateRequest) (*jmzs.Response[Result], error) {
	form, err := r.values()
	if err != nil {
		return nil, err
	}
	u, err := endpoint.Resolve(endpoint.Inherit(s.aliyunEndpoint, s.endpoint), DefaultAliyunEndpoint)
	if err != nil {
		return nil, err
	}
	return jmzs.Do[Result](ctx, s.c, &jmzs.Request{URL: u, Form: form})
}
