// Package idcard checks that a name and a citizen identity number belong
// together, with the vendor's 身份证二要素 API on Alibaba Cloud's API market:
//
//   - [Service.Verify]: credentials jmzs.WithAliyunAppCode or
//     jmzs.WithAliyunAppKey; a form body.
//
// Confirmed by several callers of the live API: the endpoint, the form
// fields, the result 0 for 一致 (match) and the sample answer below come
// from public code on GitHub calling jmidcardv1.market.alicloudapi.com,
// such as the Java test class com.zxxwl.login.aliyun.AliTest, which
// records
//
//	{"data":{"result":1,"desc":"不一致","sex":"男","birthday":"20010109","address":"河南省周口地区项城市"},"msg":"成功","success":true,"code":200,"taskNo":"…"}
//	{"data":{},"msg":"请输入有效的身份证号码","success":false,"code":400,"charge":false}
//
// and checks result == 0 for a match.
package idcard

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"

	"github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/internal/product"
	"github.com/jmzs-sdk/jmzs-go/internal/validate"
)

// DefaultEndpoint is the API's URL on Alibaba Cloud's API market.
const DefaultEndpoint = "https://jmidcardv1.market.alicloudapi.com/idcard/validate"

var verify = product.Method{Name: "idcard.Verify", Market: jmzs.MarketAliyun, Endpoint: DefaultEndpoint, Option: "idcard.WithEndpoint"}

// Service calls the API through a jmzs.Client. It is safe for
// concurrent use.
type Service struct{ base product.Service }

// An Option configures a Service.
type Option func(*Service)

// New returns a Service that sends its calls through c. A bad URL given
// to an option is returned by every call, naming the option.
func New(c *jmzs.Client, opts ...Option) *Service {
	s := new(Service)
	return product.Init(s, &s.base, c, opts, &verify)
}

// WithBaseURL sends Verify to u, a server with an optional path prefix,
// followed by the default path /idcard/validate. WithEndpoint takes
// precedence.
func WithBaseURL(u string) Option { return func(s *Service) { s.base.SetBaseURL(u) } }

// WithEndpoint sets the full URL that Verify calls, used as given.
func WithEndpoint(u string) Option { return func(s *Service) { s.base.SetEndpoint(&verify, u) } }

// Verify asks whether name and idCardNo belong to the same person. Both
// are sent in a form body. idCardNo must be an 18-character GB 11643
// number with a valid check character (x is sent as X); anything else is
// refused without a call. A mismatch is not an error: it is Result.Match
// false.
func (s *Service) Verify(ctx context.Context, name, idCardNo string, opts ...jmzs.CallOption) (*jmzs.Response[Result], error) {
	name = strings.TrimSpace(name)
	if err := validate.Text("name", name, 64); err != nil {
		return nil, err
	}
	if err := validate.IDCardNo("idCardNo", idCardNo); err != nil {
		return nil, err
	}
	form := url.Values{"idCardNo": {strings.ToUpper(idCardNo)}, "name": {name}}
	return product.Call[Result](ctx, &s.base, &verify, &jmzs.Request{Form: form}, opts...)
}

// Result is the vendor's verdict.
type Result struct {
	// Match reports whether the name and number belong together: true
	// for the vendor's result 0 (一致) only, false for 1 (不一致), for any
	// other value and when result is absent.
	Match bool `json:"-"`
	// ResultCode is the vendor's "result" as sent: 0 一致 (match), 1
	// 不一致 (mismatch). Other values are not documented. Empty when absent.
	ResultCode jmzs.Number `json:"result"`
	// Desc is the vendor's description, e.g. 一致 or 不一致.
	Desc string `json:"desc"`
	// Sex, e.g. 男 or 女.
	Sex string `json:"sex"`
	// Birthday is the birth date as YYYYMMDD.
	Birthday string `json:"birthday"`
	// Address is the region where the number was issued.
	Address string `json:"address"`
}

// UnmarshalJSON decodes the vendor's data and sets Match from its result,
// a number or a numeric string.
func (r *Result) UnmarshalJSON(b []byte) error {
	type plain Result // without this method
	err := json.Unmarshal(b, (*plain)(r))
	r.Match = err == nil && product.IsCode(r.ResultCode, 0)
	return err
}
