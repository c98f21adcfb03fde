// Package sms sends a templated text message to a mainland mobile with
// the vendor's 短信 API on Alibaba Cloud's API market (authenticate with
// jmzs.WithAliyunAppCode).
//
// Status: confirmed [C] by many independent callers (research §3.5).
package sms

import (
	"context"
	"net/url"

	"github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/internal/endpoint"
	"github.com/jmzs-sdk/jmzs-go/internal/validate"
)

// DefaultEndpoint is the API's URL on Alibaba Cloud's API market.
const DefaultEndpoint = "https://jmsms.market.alicloudapi.com/sms/send"

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

// WithEndpoint sets the URL that Send calls. A URL with no path, or one
// ending in "/", is a base: the default path is appended to it.
func WithEndpoint(url string) Option { return func(s *Service) { s.endpoint = url } }

// SendRequest is a message to send. Unlike the vendor's other Aliyun
// APIs, its fields go in the query string, with an empty body.
type SendRequest struct {
	// Mobile is the recipient ("mobile"): a mainland mobile number.
	Mobile string
	// TemplateID is an approved template of the vendor ("templateId"),
	// e.g. JM1000372.
	TemplateID string
	// Value fills the template's variable ("value"), e.g. a verification code.
	Value string
}

// Send sends the message. The result's TaskID is the vendor's id of the
// message, distinct from the envelope's TaskNo.
func (s *Service) Send(ctx context.Context, r SendRequest) (*jmzs.Response[Result], error) {
	if err := validate.Mobile("mobile", r.Mobile); err != nil {
		return nil, err
	}
	if err := validate.Text("templateId", r.TemplateID, 64); err != nil {
		return nil, err
	}
	if err := validate.Text("value", r.Value, 256); err != nil {
		return nil, err
	}
	u, err := endpoint.Resolve(s.endpoint, DefaultEndpoint)
	if err != nil {
		return nil, err
	}
	q := url.Values{"mobile": {r.Mobile}, "templateId": {r.TemplateID}, "value": {r.Value}}
	return jmzs.Do[Result](ctx, s.c, &jmzs.Request{URL: u, Query: q})
}

// Result identifies the message sent.
type Result struct {
	TaskID string `json:"taskId"` // e.g. JS6420885281662797
}
