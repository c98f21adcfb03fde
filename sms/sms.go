// Package sms sends a templated text message to a mainland mobile with
// the vendor's 短信 API on Alibaba Cloud's API market:
//
//   - [Service.Send]: credentials jmzs.WithAliyunAppCode or
//     jmzs.WithAliyunAppKey; parameters in the query string.
//
// Confirmed by many independent public callers of
// jmsms.market.alicloudapi.com/sms/send on GitHub (Java classes named
// AliSMSTemplate and SmsComponent, a NestJS service), all of which POST
// mobile, templateId and value in the query string with an empty body.
// One records the answer
// {"data":{"taskId":"JS6420885281662797"},"msg":"成功","success":true,"code":200,"taskNo":"13516403432971667030"}.
package sms

import (
	"context"
	"net/url"

	"github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/internal/product"
	"github.com/jmzs-sdk/jmzs-go/internal/validate"
)

// DefaultEndpoint is the API's URL on Alibaba Cloud's API market.
const DefaultEndpoint = "https://jmsms.market.alicloudapi.com/sms/send"

var send = product.Method{Name: "sms.Send", Market: jmzs.MarketAliyun, Endpoint: DefaultEndpoint, Option: "sms.WithEndpoint"}

// Service calls the API through a jmzs.Client. It is safe for
// concurrent use.
type Service struct{ base product.Service }

// An Option configures a Service.
type Option func(*Service)

// New returns a Service that sends its calls through c. A bad URL given
// to an option is returned by every call, naming the option.
func New(c *jmzs.Client, opts ...Option) *Service {
	s := new(Service)
	return product.Init(s, &s.base, c, opts, &send)
}

// WithBaseURL sends Send to u, a server (a proxy, a test gateway) with
// an optional path prefix, followed by the default path
// /sms/send. WithEndpoint takes precedence.
func WithBaseURL(u string) Option { return func(s *Service) { s.base.SetBaseURL(u) } }

// WithEndpoint sets the full URL that Send calls, used as given.
func WithEndpoint(u string) Option { return func(s *Service) { s.base.SetEndpoint(&send, u) } }

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
func (s *Service) Send(ctx context.Context, r SendRequest, opts ...jmzs.CallOption) (*jmzs.Response[Result], error) {
	if err := validate.Mobile("mobile", r.Mobile); err != nil {
		return nil, err
	}
	if err := validate.Text("templateId", r.TemplateID, 64); err != nil {
		return nil, err
	}
	if err := validate.Text("value", r.Value, 256); err != nil {
		return nil, err
	}
	q := url.Values{"mobile": {r.Mobile}, "templateId": {r.TemplateID}, "value": {r.Value}}
	return product.Call[Result](ctx, &s.base, &send, &jmzs.Request{Query: q}, opts...)
}

// Result identifies the message sent.
type Result struct {
	TaskID string `json:"taskId"` // e.g. JS6420885281662797
}
