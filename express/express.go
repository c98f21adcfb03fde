// Package express tracks parcels with the vendor's 快递查询【最新版】 API on
// Huawei Cloud KooGallery, and names the courier of a waybill number with
// its 单号识别 API on Alibaba Cloud's API market.
//
// Status: both are confirmed [C] by callers of the live APIs (research
// §3.11, §3.12).
//
//	svc := express.New(client)
//	resp, err := svc.Query(ctx, express.QueryRequest{Number: "SF1234567890123", ExpressCode: "SF", Mobile: "5678"})
package express

import (
	"context"
	"net/url"
	"strings"

	"github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/internal/endpoint"
	"github.com/jmzs-sdk/jmzs-go/internal/validate"
)

// Default endpoints. Query is sold on Huawei (sign with jmzs.WithAppKey or
// jmzs.WithAppCode); Discern on Aliyun (jmzs.WithAliyunAppCode). Note the
// Aliyun host's spelling, "jmexpresv2".
const (
	DefaultEndpoint        = "https://expressqueryv2.apistore.huaweicloud.com/express/query-v2"
	DefaultDiscernEndpoint = "https://jmexpresv2.market.alicloudapi.com/express/number-discern"
)

// SortAscending asks Query for traces oldest first; the only value of
// "sort" the vendor documents.
const SortAscending = "1"

// Service calls the express APIs through a jmzs.Client. It is safe for
// concurrent use.
type Service struct {
	c               *jmzs.Client
	endpoint        string
	discernEndpoint string
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

// WithEndpoint sets the URL that Query calls. A URL with no path, or one
// ending in "/", is a base: the default path is appended to it (and it
// serves Discern too, unless WithDiscernEndpoint says otherwise).
func WithEndpoint(url string) Option { return func(s *Service) { s.endpoint = url } }

// WithDiscernEndpoint sets the URL that Discern calls, by the rule of
// WithEndpoint.
func WithDiscernEndpoint(url string) Option { return func(s *Service) { s.discernEndpoint = url } }

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
func (s *Service) Query(ctx context.Context, r QueryRequest) (*jmzs.Response[Result], error) {
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
func (s *Service) Discern(ctx context.Context, number string) (*jmzs.Response[DiscernResult], error) {
	if err := waybill("number", number); err != nil {
		return nil, err
	}
	u, err := endpoint.Resolve(endpoint.Inherit(s.discernEndpoint, s.endpoint), DefaultDiscernEndpoint)
	if err != nil {
		return nil, err
	}
	return jmzs.Do[DiscernResult](ctx, s.c, &jmzs.Request{URL: u, Form: url.Values{"number": {number}}})
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
