// Package ocr reads express waybills (快递面单OCR) and household registers
// (户口本OCR) from images with the vendor's OCR APIs on Huawei Cloud
// KooGallery (authenticate with jmzs.WithAppKey or jmzs.WithAppCode).
//
// Status: both likely [L]: the hosts follow the vendor's naming and the
// envelope is the vendor's, but no source names the vendor (research
// §3.14, §3.15). The image goes base64-encoded in the form field
// "base64"; for the household register prefixed "data:<type>;base64,",
// as its one known caller sends it. The vendor's size limit and accepted
// formats are not documented: this package refuses images over
// DefaultMaxImageBytes (see WithMaxImageBytes) and anything that is not
// JPEG, PNG, BMP, GIF, WebP or TIFF.
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
	"github.com/jmzs-sdk/jmzs-go/internal/endpoint"
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

// Service calls the OCR APIs through a jmzs.Client. It is safe for
// concurrent use.
type Service struct {
	c                 *jmzs.Client
	endpoint          string
	householdEndpoint string
	maxImageBytes     int64
}

// An Option configures a Service.
type Option func(*Service)

// New returns a Service that sends its calls through c.
func New(c *jmzs.Client, opts ...Option) *Service {
	s := &Service{c: c, maxImageBytes: DefaultMaxImageBytes}
	for _, opt := range opts {
		if opt != nil {
			opt(s)
		}
	}
	return s
}

// WithEndpoint sets the URL that ExpressBill calls. A URL with no path, or
// one ending in "/", is a base: the default path is appended to it, and it
// serves HouseholdRegister too unless WithHouseholdRegisterEndpoint says
// otherwise.
func WithEndpoint(url string) Option { return func(s *Service) { s.endpoint = url } }

// WithHouseholdRegisterEndpoint sets the URL that HouseholdRegister calls,
// by the rule of WithEndpoint.
func WithHouseholdRegisterEndpoint(url string) Option {
	return func(s *Service) { s.householdEndpoint = url }
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
func (s *Service) ExpressBill(ctx context.Context, image io.Reader) (*jmzs.Response[ExpressBill], error) {
	img, _, err := s.readImage(image)
	if err != nil {
		return nil, err
	}
	u, err := endpoint.Resolve(s.endpoint, DefaultExpressBillEndpoint)
	if err != nil {
		return nil, err
	}
	form := url.Values{"base64": {base64.StdEncoding.EncodeToString(img)}}
	return jmzs.Do[ExpressBill](ctx, s.c, &jmzs.Request{URL: u, Form: form})
}

// HouseholdRegister reads the fields of a photographed household register
// page. Data is nil when the vendor recognised nothing (data null).
func (s *Service) HouseholdRegister(ctx context.Context, image io.Reader) (*jmzs.Response[HouseholdRegister], error) {
	img, mime, err := s.readImage(image)
	if err != nil {
		return nil, err
	}
	u, err := endpoint.Resolve(endpoint.Inherit(s.householdEndpoint, s.endpoint), DefaultHouseholdRegisterEndpoint)
	if err != nil {
		return nil, err
	}
	form := url.Values{"base64": {"data:" + mime + ";base64," + base64.StdEncoding.EncodeToString(img)}}
	return jmzs.Do[HouseholdRegister](ctx, s.c, &jmzs.Request{URL: u, Form: form})
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

// ExpressBill is what was read from a waybill. Only these three fields
// are documented (research §3.14); others the vendor sends are in
// Response.Raw.
type ExpressBill struct {
	RecipientName  string `json:"recipient_name"`
	RecipientPhone string `json:"recipient_phone"`
	WaybillNumber  string `json:"waybill_number"`
}

// HouseholdRegister holds the fields read from a household register page,
// by the vendor's field names, which are not documented (research §3.15).
type HouseholdRegister map[string]any
