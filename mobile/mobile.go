// Package mobile finds the home area and carrier of a mainland mobile
// number with the vendor's 手机号归属地 API on Alibaba Cloud's API market
// (authenticate with jmzs.WithAliyunAppCode).
//
// Status: likely [L]: the host follows the vendor's naming and envelope,
// but no source names the vendor (research §3.4). Only the result fields
// area and originalIsp are documented.
package mobile

import (
	"context"
	"net/url"

	"github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/internal/endpoint"
	"github.com/jmzs-sdk/jmzs-go/internal/validate"
)

// DefaultEndpoint is the API's URL on Alibaba Cloud's API market.
const DefaultEndpoint = "https://jumcvit.market.alicloudapi.com/mobile/area"

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

// WithEndpoint sets the URL that Area calls. A URL with no path, or one
// ending in "/", is a base: the default path is appended to it.
func WithEndpoint(url string) Option { return func(s *Service) { s.endpoint = url } }

// Area looks up a mainland mobile number ("mobile_number", in a form
// body): 11 digits starting 13–19.
func (s *Service) Area(ctx context.Context, number string) (*jmzs.Response[Result], error) {
	if err := validate.Mobile("mobile_number", number); err != nil {
		return nil, err
	}
	u, err := endpoint.Resolve(s.endpoint, DefaultEndpoint)
	if err != nil {
		return nil, err
	}
	return jmzs.Do[Result](ctx, s.c, &jmzs.Request{URL: u, Form: url.Values{"mobile_number": {number}}})
}

// Result is a number's home area and carrier.
type Result struct {
	Area string `json:"area"`
	// OriginalISP is the carrier ("originalIsp"); the name suggests the
	// one that issued the number, before any number porting (unconfirmed).
	OriginalISP string `json:"originalIsp"`
}
