// Package express tracks parcels and names the courier of a waybill
// number, with two of the vendor's APIs:
//
//   - [Service.Query]: 快递查询【最新版】 on Huawei Cloud KooGallery
//     (credentials: jmzs.WithAppKey or jmzs.WithAppCode), parameters in the
//     query string.
//   - [Service.Discern]: 快递单号识别 on Alibaba Cloud's API market
//     (jmzs.WithAliyunAppCode or jmzs.WithAliyunAppKey), a form body.
//
// Both are confirmed by callers of the live APIs. Query follows the
// express guide and client of github.com/william23374/express-tracker
// (docs/HUAWEI_CLOUD_EXPRESS_API_GUIDE.md,
// src/express/providers/huawei_jm.py) and the product page
// https://marketplace.huaweicloud.com/contents/52846e80-181e-4eb0-9fb2-ca3e8248b04c;
// Discern follows public callers of jmexpresv2.market.alicloudapi.com,
// such as a Java class AliyunExpressService.
//
//	svc := express.New(client)
//	resp, err := svc.Query(ctx, express.QueryRequest{Number: "SF1234567890123", ExpressCode: "SF", Mobile: "5678"})
package express

import (
	"context"
	"net/url"
	"strings"

	"github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/internal/product"
	"github.com/jmzs-sdk/jmzs-go/internal/validate"
)

// Default endpoints. Note the Aliyun host's spelling, "jmexpresv2".
const (
	DefaultEndpoint        = "https://expressqueryv2.apistore.huaweicloud.com/express/query-v2"
	DefaultDiscernEndpoint = "https://jmexpresv2.market.alicloudapi.com/express/number-discern"
)

var (
	query   = product.Method{Name: "express.Query", Market: jmzs.MarketHuawei, Endpoint: DefaultEndpoint, Option: "express.WithEndpoint"}
	discern = product.Method{Name: "express.Discern", Market: jmzs.MarketAliyun, Endpoint: DefaultDiscernEndpoint, Option: "express.WithDiscernEndpoint"}
)

// SortAscending asks Query for traces oldest first; the only value of
// "sort" the vendor documents.
const SortAscending = "1"

// Service calls the express APIs through a jmzs.Client. It is safe for
// concurrent use.
type Service struct{ base product.Service }

// An Option configures a Service.
type Option func(*Service)

// New returns a Service that sends its calls through c. A bad URL given
// to an option is returned by every call, naming the option.
func New(c *jmzs.Client, opts ...Option) *Service {
	s := new(Service)
	return product.Init(s, &s.base, c, opts, &query, &discern)
}

// WithBaseURL sends every method to u, a server with an optional path
// prefix, followed by the method's default path: with
// WithBaseURL("http://127.0.0.1:8080/api"), Query goes to
// http://127.0.0.1:8080/api/express/query-v2. A method's own endpoint
// option takes precedence.
func WithBaseURL(u string) Option { return func(s *Service) { s.base.SetBaseURL(u) } }

// WithEndpoint sets the full URL that Query calls, used as given.
func WithEndpoint(u string) Option { return func(s *Service) { s.base.SetEndpoint(&query, u) } }

// WithDiscernEndpoint sets the full URL that Discern calls, used as given.
func WithDiscernEndpoint(u string) Option {
	return func(s *Service) { s.base.SetEndpoint(&discern, u) }
}

// needMobile are the couriers for which the vendor requires the
// receiver's or sender's mobile (顺丰, 中通, 跨越).
var needMobile = map[string]bool{"SF": true, "ZTO": true, "KD": true}

// QueryRequest is a tracking query. Its fields go in the query string.
type QueryRequest struct {
	// Number is the waybill number ("number"); required.
	Number string
	// ExpressCode is the courier code ("expressCode"), e.g. SF, ZTO, YTO,
	// YD, STO, JD, EMS, JT or KD; it is sent upper-cased. Optional: the
	// vendor may recognise the courier itself (unconfirmed), and the
	// list above is what callers use, not the vendor's complete list.
	ExpressCode string
	// Mobile is the receiver's or sender's mobile number, or its last 4
	// digits ("mobile"); required for SF, ZTO and KD, and it must match
	// the waybill.
	Mobile string
	// Sort is "" for the vendor's default order or SortAscending ("sort").
	Sort string
}

// Query returns the tracking record of a waybill. Business code 701 (no
// logistics data), 411 (unsupported courier) and 412 (number and courier
// do not match) come back as a *jmzs.APIError.
func (s *Service) Query(ctx context.Context, r QueryRequest, opts ...jmzs.CallOption) (*jmzs.Response[Result], error) {
	q, err := r.values()
	if err != nil {
		return nil, err
	}
	return product.Call[Result](ctx, &s.base, &query, &jmzs.Request{Query: q}, opts...)
}

func (r QueryRequest) values() (url.Values, error) {
	if err := waybill("number", r.Number); err != nil {
		return nil, err
	}
	q := url.Values{"number": {r.Number}}
	code := strings.ToUpper(r.ExpressCode)
	if code != "" {
		if err := validate.Code("expressCode", code, 16); err != nil {
			return nil, err
		}
		q.Set("expressCode", code)
	}
	switch {
	case r.Mobile != "":
		if err := validate.MobileOrLast4("mobile", r.Mobile); err != nil {
			return nil, err
		}
		q.Set("mobile", r.Mobile)
	case needMobile[code]:
		return nil, validate.Errorf("mobile", "is required for courier %s: the receiver's or sender's mobile or its last 4 digits", code)
	}
	if r.Sort != "" {
		if err := validate.OneOf("sort", r.Sort, SortAscending); err != nil {
			return nil, err
		}
		q.Set("sort", r.Sort)
	}
	return q, nil
}

// Discern names the couriers a waybill number may belong to. Its result's
// first candidate is the likeliest, and its ExpressCode fits
// QueryRequest.ExpressCode.
func (s *Service) Discern(ctx context.Context, number string, opts ...jmzs.CallOption) (*jmzs.Response[DiscernResult], error) {
	if err := waybill("number", number); err != nil {
		return nil, err
	}
	return product.Call[DiscernResult](ctx, &s.base, &discern, &jmzs.Request{Form: url.Values{"number": {number}}}, opts...)
}

// waybill refuses an empty number or one with characters other than
// letters, digits and '-', which no courier uses.
func waybill(field, v string) error {
	if v == "" {
		return validate.Errorf(field, "is required")
	}
	if len(v) > 64 {
		return validate.Errorf(field, "is longer than 64 characters")
	}
	for i := range len(v) {
		c := v[i]
		if !('0' <= c && c <= '9' || 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || c == '-') {
			return validate.Errorf(field, "must contain only letters, digits and '-'")
		}
	}
	return nil
}
