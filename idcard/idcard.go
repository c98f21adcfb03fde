// Package idcard checks that a name and a citizen identity number belong
// together, with the vendor's 身份证二要素 API on Alibaba Cloud's API market
// (authenticate with jmzs.WithAliyunAppCode).
//
// Status: confirmed [C] by several callers of the live API (research §3.1).
package idcard

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"

	"github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/internal/endpoint"
	"github.com/jmzs-sdk/jmzs-go/internal/validate"
)

// DefaultEndpoint is the API's URL on Alibaba Cloud's API market.
const DefaultEndpoint = "https://jmidcardv1.market.alicloudapi.com/idcard/validate"

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

// WithEndpoint sets the URL that Verify calls. A URL with no path, or one
// ending in "/", is a base: the default path is appended to it.
func WithEndpoint(url string) Option { return func(s *Service) { s.endpoint = url } }

// Verify asks whether name and idCardNo belong to the same person. Both
// are sent in a form body. idCardNo must be an 18-character GB 11643
// number with a valid check character (x is sent as X); anything else is
// refused without a call. A mismatch is not an error: it is Result.Match
// false.
func (s *Service) Verify(ctx context.Context, name, idCardNo string) (*jmzs.Response[Result], error) {
	name = strings.TrimSpace(name)
	if err := validate.Text("name", name, 64); err != nil {
		return nil, err
	}
	if err := validate.IDCardNo("idCardNo", idCardNo); err != nil {
		return nil, err
	}
	u, err := endpoint.Resolve(s.endpoint, DefaultEndpoint)
	if err != nil {
		return nil, err
	}
	form := url.Values{"idCardNo": {strings.ToUpper(idCardNo)}, "name": {name}}
	return jmzs.Do[Result](ctx, s.c, &jmzs.Request{URL: u, Form: form})
}

// Result is the vendor's verdict.
type Result struct {
	// Match reports whether the name and number belong together: the
	// vendor's result 0 (一致). It is false for 1 (不一致) and for any
	// other value.
	Match bool `json:"-"`
	// ResultCode is the vendor's "result": 0 一致 (match), 1 不一致
	// (mismatch). Other values are not documented; -1 means it was absent.
	ResultCode int `json:"result"`
	// Desc is the vendor's description, e.g. 一致 or 不一致.
	Desc string `json:"desc"`
	// Sex, e.g. 男 or 女.
	Sex string `json:"sex"`
	// Birthday is the birth date as YYYYMMDD.
	Birthday string `json:"birthday"`
	// Address is the region where the number was issued.
	Address string `json:"address"`
}

// UnmarshalJSON reads "result" as a number or numeric string and sets
// Match from it.
func (r *Result) UnmarshalJSON(b []byte) error {
	var v struct {
		Result   jmzs.Number `json:"result"`
		Desc     string      `json:"desc"`
		Sex      string      `json:"sex"`
		Birthday string      `json:"birthday"`
		Address  string      `json:"address"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*r = Result{ResultCode: -1, Desc: v.Desc, Sex: v.Sex, Birthday: v.Birthday, Address: v.Address}
	if v.Result != "" {
		n, err := v.Result.Int64()
		if err != nil {
			return err
		}
		r.ResultCode = int(n)
		r.Match = n == 0
	}
	return nil
}
