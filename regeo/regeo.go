// Package regeo turns coordinates into addresses with the vendor's
// 逆地理编码 API on Huawei Cloud KooGallery (authenticate with
// jmzs.WithAppKey or jmzs.WithAppCode).
//
// Status: likely [L]: the host follows the vendor's naming and the
// envelope is the vendor's, but no source names the vendor (research
// §3.16). Only data.regeocodes, an array, is documented; the fields of
// its elements are not, so they are left as decoded JSON. The coordinate
// system (WGS-84 or China's GCJ-02) is not documented either.
package regeo

import (
	"context"
	"net/url"
	"strconv"

	"github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/internal/endpoint"
	"github.com/jmzs-sdk/jmzs-go/internal/validate"
)

// DefaultEndpoint is the API's URL on Huawei Cloud KooGallery.
const DefaultEndpoint = "https://jmregeoquery.apistore.huaweicloud.com/geocode/regeo/query"

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

// WithEndpoint sets the URL that Query calls. A URL with no path, or one
// ending in "/", is a base: the default path is appended to it.
func WithEndpoint(url string) Option { return func(s *Service) { s.endpoint = url } }

// Query returns the addresses at a longitude and latitude in degrees,
// sent as the query parameter location=<lng>,<lat> with an empty body.
// Longitude must be within ±180 and latitude within ±90.
func (s *Service) Query(ctx context.Context, lng, lat float64) (*jmzs.Response[Result], error) {
	if !(lng >= -180 && lng <= 180) { // also refuses NaN
		return nil, validate.Errorf("location", "longitude must be between -180 and 180")
	}
	if !(lat >= -90 && lat <= 90) {
		return nil, validate.Errorf("location", "latitude must be between -90 and 90")
	}
	u, err := endpoint.Resolve(s.endpoint, DefaultEndpoint)
	if err != nil {
		return nil, err
	}
	loc := strconv.FormatFloat(lng, 'f', -1, 64) + "," + strconv.FormatFloat(lat, 'f', -1, 64)
	return jmzs.Do[Result](ctx, s.c, &jmzs.Request{URL: u, Query: url.Values{"location": {loc}}})
}

// Result lists the addresses found, best first.
type Result struct {
	Regeocodes []Regeocode `json:"regeocodes"`
}

// Regeocode is one address, by the vendor's field names, which are not
// documented.
type Regeocode map[string]any
