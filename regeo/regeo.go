// Package regeo turns coordinates into addresses with the vendor's
// 逆地理编码 API on Huawei Cloud KooGallery:
//
//   - [Service.Query]: credentials jmzs.WithAppKey or jmzs.WithAppCode;
//     the parameter location=<lng>,<lat> in the query string.
//
// Likely, not confirmed: the host, jmregeoquery.apistore.huaweicloud.com,
// follows the vendor's naming and answers the vendor's envelope, but no
// source names the vendor. The one public caller found (a PHP class
// HuaweiApiHttpClient on GitHub) sends location, longitude first, and
// reads data.regeocodes, an array, of which it takes the first element.
// The fields of a regeocode are not documented, so they are left as
// decoded JSON. The coordinate system (WGS-84 or China's GCJ-02) is not
// documented either.
package regeo

import (
	"context"
	"net/url"
	"strconv"

	"github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/internal/product"
	"github.com/jmzs-sdk/jmzs-go/internal/validate"
)

// DefaultEndpoint is the API's URL on Huawei Cloud KooGallery.
const DefaultEndpoint = "https://jmregeoquery.apistore.huaweicloud.com/geocode/regeo/query"

var query = product.Method{Name: "regeo.Query", Market: jmzs.MarketHuawei, Endpoint: DefaultEndpoint, Option: "regeo.WithEndpoint"}

// Service calls the API through a jmzs.Client. It is safe for
// concurrent use.
type Service struct{ base product.Service }

// An Option configures a Service.
type Option func(*Service)

// New returns a Service that sends its calls through c. A bad URL given
// to an option is returned by every call, naming the option.
func New(c *jmzs.Client, opts ...Option) *Service {
	s := new(Service)
	return product.Init(s, &s.base, c, opts, &query)
}

// WithBaseURL sends Query to u, a server (a proxy, a test gateway) with
// an optional path prefix, followed by the default path
// /geocode/regeo/query. WithEndpoint takes precedence.
func WithBaseURL(u string) Option { return func(s *Service) { s.base.SetBaseURL(u) } }

// WithEndpoint sets the full URL that Query calls, used as given.
func WithEndpoint(u string) Option { return func(s *Service) { s.base.SetEndpoint(&query, u) } }

// Query returns the addresses at a longitude and latitude in degrees,
// sent as the query parameter location=<lng>,<lat> with an empty body.
// Longitude must be within ±180 and latitude within ±90.
func (s *Service) Query(ctx context.Context, lng, lat float64, opts ...jmzs.CallOption) (*jmzs.Response[Result], error) {
	if !(lng >= -180 && lng <= 180) { // also refuses NaN
		return nil, validate.Errorf("location", "longitude must be between -180 and 180")
	}
	if !(lat >= -90 && lat <= 90) {
		return nil, validate.Errorf("location", "latitude must be between -90 and 90")
	}
	loc := strconv.FormatFloat(lng, 'f', -1, 64) + "," + strconv.FormatFloat(lat, 'f', -1, 64)
	return product.Call[Result](ctx, &s.base, &query, &jmzs.Request{Query: url.Values{"location": {loc}}}, opts...)
}

// Result lists the addresses found, best first.
type Result struct {
	Regeocodes []Regeocode `json:"regeocodes"`
}

// Regeocode is one address, by the vendor's field names, which are not
// documented.
type Regeocode map[string]any
