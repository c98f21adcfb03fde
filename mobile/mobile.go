// Package mobile finds the home area and carrier of a mainland mobile
// number with the vendor's 手机号归属地 API on Alibaba Cloud's API market:
//
//   - [Service.Area]: credentials jmzs.WithAliyunAppCode or
//     jmzs.WithAliyunAppKey; a form body.
//
// Likely, not confirmed: the host, jumcvit.market.alicloudapi.com
// (Aliyun product cmapi00047726), follows the vendor's naming and its
// answers the vendor's envelope, but no source names the vendor. The one
// public caller found (a PHP function cloud_mobile on GitHub) sends
// mobile_number and reads only area and originalIsp.
package mobile

import (
	"context"
	"net/url"

	"github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/internal/product"
	"github.com/jmzs-sdk/jmzs-go/internal/validate"
)

// DefaultEndpoint is the API's URL on Alibaba Cloud's API market.
const DefaultEndpoint = "https://jumcvit.market.alicloudapi.com/mobile/area"

var area = product.Method{Name: "mobile.Area", Market: jmzs.MarketAliyun, Endpoint: DefaultEndpoint, Option: "mobile.WithEndpoint"}

// Service calls the API through a jmzs.Client. It is safe for
// concurrent use.
type Service struct{ base product.Service }

// An Option configures a Service.
type Option func(*Service)

// New returns a Service that sends its calls through c. A bad URL given
// to an option is returned by every call, naming the option.
func New(c *jmzs.Client, opts ...Option) *Service {
	s := new(Service)
	return product.Init(s, &s.base, c, opts, &area)
}

// WithBaseURL sends Area to u, a server (a proxy, a test gateway) with
// an optional path prefix, followed by the default path
// /mobile/area. WithEndpoint takes precedence.
func WithBaseURL(u string) Option { return func(s *Service) { s.base.SetBaseURL(u) } }

// WithEndpoint sets the full URL that Area calls, used as given.
func WithEndpoint(u string) Option { return func(s *Service) { s.base.SetEndpoint(&area, u) } }

// Area looks up a mainland mobile number ("mobile_number", in a form
// body): 11 digits starting 13–19.
func (s *Service) Area(ctx context.Context, number string, opts ...jmzs.CallOption) (*jmzs.Response[Result], error) {
	if err := validate.Mobile("mobile_number", number); err != nil {
		return nil, err
	}
	return product.Call[Result](ctx, &s.base, &area, &jmzs.Request{Form: url.Values{"mobile_number": {number}}}, opts...)
}

// Result is a number's home area and carrier.
type Result struct {
	Area string `json:"area"`
	// OriginalISP is the carrier ("originalIsp"); the name suggests the
	// one that issued the number, before any number porting (unconfirmed).
	OriginalISP string `json:"originalIsp"`
}
