// Package ocr reads express waybills and household registers from
// images with two of the vendor's OCR APIs on Huawei Cloud KooGallery
// (credentials: jmzs.WithAppKey or jmzs.WithAppCode):
//
//   - [Service.ExpressBill]: 快递面单OCR; the image, base64-encoded, in the
//     form field "base64".
//   - [Service.HouseholdRegister]: 户口本OCR; the same field, prefixed
//     "data:<type>;base64,".
//
// Both are likely, not confirmed: the hosts follow the vendor's naming
// and answer the vendor's envelope, but no source names the vendor.
// ExpressBill follows a public Java caller of
// jmexpressbill.apistore.huaweicloud.com (com.example.his.api.common.OcrUtil
// on GitHub), which reads recipient_name, recipient_phone and
// waybill_number. HouseholdRegister follows the household2excel2
// function of github.com/CoderWanFeng/poocr, which sends
// base64=data:image/jpeg;base64,… to jmhkbocr.apistore.huaweicloud.com
// and accepts code 200 with a data that may be null.
//
// The vendor's size limit and accepted formats are not documented: this
// package refuses images over DefaultMaxImageBytes (see
// WithMaxImageBytes) and anything that is not JPEG, PNG, BMP, GIF, WebP
// or TIFF.
package ocr

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/url"

	"github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/internal/product"
	"github.com/jmzs-sdk/jmzs-go/internal/validate"
)

// Default endpoints.
const (
	DefaultExpressBillEndpoint       = "https://jmexpressbill.apistore.huaweicloud.com/ocr/express-bill"
	DefaultHouseholdRegisterEndpoint = "https://jmhkbocr.apistore.huaweicloud.com/ocr/householdRegister"
)

// DefaultMaxImageBytes is the largest image sent unless WithMaxImageBytes
// says otherwise. It is this package's choice, not a documented vendor
// limit; base64 makes the request about a third larger.
const DefaultMaxImageBytes = 4 << 20

var (
	expressBill       = product.Method{Name: "ocr.ExpressBill", Market: jmzs.MarketHuawei, Endpoint: DefaultExpressBillEndpoint, Option: "ocr.WithEndpoint"}
	householdRegister = product.Method{Name: "ocr.HouseholdRegister", Market: jmzs.MarketHuawei, Endpoint: DefaultHouseholdRegisterEndpoint, Option: "ocr.WithHouseholdRegisterEndpoint"}
)

// Service calls the OCR APIs through a jmzs.Client. It is safe for
// concurrent use.
type Service struct {
	base          product.Service
	maxImageBytes int64
}

// An Option configures a Service.
type Option func(*Service)

// New returns a Service that sends its calls through c. A bad URL given
// to an option is returned by every call, naming the option.
func New(c *jmzs.Client, opts ...Option) *Service {
	s := &Service{maxImageBytes: DefaultMaxImageBytes}
	return product.Init(s, &s.base, c, opts, &expressBill, &householdRegister)
}

// WithBaseURL sends every method to u, a server with an optional path
// prefix, followed by the method's default path: /ocr/express-bill or
// /ocr/householdRegister. A method's own endpoint option takes
// precedence.
func WithBaseURL(u string) Option { return func(s *Service) { s.base.SetBaseURL(u) } }

// WithEndpoint sets the full URL that ExpressBill calls, used as given.
func WithEndpoint(u string) Option { return func(s *Service) { s.base.SetEndpoint(&expressBill, u) } }

// WithHouseholdRegisterEndpoint sets the full URL that HouseholdRegister
// calls, used as given.
func WithHouseholdRegisterEndpoint(u string) Option {
	return func(s *Service) { s.base.SetEndpoint(&householdRegister, u) }
}

// WithMaxImageBytes sets the largest image, in bytes before encoding, that
// is sent; a larger one is refused with no call made. n ≤ 0 restores the
// default.
func WithMaxImageBytes(n int64) Option {
	return func(s *Service) {
		if n <= 0 {
			n = DefaultMaxImageBytes
		}
		s.maxImageBytes = n
	}
}

// ExpressBill reads the recipient and waybill number from a photo of an
// express waybill.
func (s *Service) ExpressBill(ctx context.Context, image io.Reader, opts ...jmzs.CallOption) (*jmzs.Response[ExpressBillResult], error) {
	img, _, err := s.readImage(image)
	if err != nil {
		return nil, err
	}
	form := url.Values{"base64": {base64.StdEncoding.EncodeToString(img)}}
	return product.Call[ExpressBillResult](ctx, &s.base, &expressBill, &jmzs.Request{Form: form}, opts...)
}

// HouseholdRegister reads the fields of a photographed household register
// page. Data is nil when the vendor recognised nothing (data null).
func (s *Service) HouseholdRegister(ctx context.Context, image io.Reader, opts ...jmzs.CallOption) (*jmzs.Response[HouseholdRegisterResult], error) {
	img, mime, err := s.readImage(image)
	if err != nil {
		return nil, err
	}
	form := url.Values{"base64": {"data:" + mime + ";base64," + base64.StdEncoding.EncodeToString(img)}}
	return product.Call[HouseholdRegisterResult](ctx, &s.base, &householdRegister, &jmzs.Request{Form: form}, opts...)
}

// readImage reads at most the size limit from r and checks that it is an
// image; it returns the bytes and their MIME type.
func (s *Service) readImage(r io.Reader) ([]byte, string, error) {
	if r == nil {
		return nil, "", validate.Errorf("base64", "no image: the reader is nil")
	}
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(io.LimitReader(r, s.maxImageBytes+1)); err != nil {
		return nil, "", fmt.Errorf("jmzs/ocr: reading the image: %w", err)
	}
	img := buf.Bytes()
	if len(img) == 0 {
		return nil, "", validate.Errorf("base64", "the image is empty")
	}
	if int64(len(img)) > s.maxImageBytes {
		return nil, "", validate.Errorf("base64", "the image is larger than %d bytes", s.maxImageBytes)
	}
	mime := imageType(img)
	if mime == "" {
		return nil, "", validate.Errorf("base64", "not a JPEG, PNG, BMP, GIF, WebP or TIFF image")
	}
	return img, mime, nil
}

// imageType returns the MIME type of a supported image format, or "".
func imageType(b []byte) string {
	if bytes.HasPrefix(b, []byte("II*\x00")) || bytes.HasPrefix(b, []byte("MM\x00*")) {
		return "image/tiff"
	}
	switch t := http.DetectContentType(b); t {
	case "image/jpeg", "image/png", "image/bmp", "image/gif", "image/webp":
		return t
	}
	return ""
}

// ExpressBillResult is what was read from a waybill. Only these three
// fields are known from the vendor's callers; others the vendor sends
// are in Response.Raw.
type ExpressBillResult struct {
	RecipientName  string `json:"recipient_name"`
	RecipientPhone string `json:"recipient_phone"`
	WaybillNumber  string `json:"waybill_number"`
}

// HouseholdRegisterResult holds the fields read from a household
// register page, by the vendor's field names, which are not documented.
type HouseholdRegisterResult map[string]any
