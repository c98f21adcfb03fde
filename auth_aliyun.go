package jmzs

import (
	"errors"
	"net/http"
)

// AliyunAppCodeAuth is AppCode authentication on Alibaba Cloud's API
// market: the header "Authorization: APPCODE <code>". Like AppCodeAuth it
// refuses plain HTTP except to loopback hosts.
type AliyunAppCodeAuth struct {
	code secret
}

// NewAliyunAppCodeAuth returns an Authenticator that sends appCode.
func NewAliyunAppCodeAuth(appCode string) *AliyunAppCodeAuth {
	return &AliyunAppCodeAuth{code: newSecret(appCode)}
}

// WithAliyunAppCode authenticates calls to Alibaba Cloud's API market
// with an AppCode (云市场 → 已购买的服务), for the vendor's
// *.market.alicloudapi.com hosts. It is the client's Alibaba Cloud
// credential: it may be combined with one Huawei credential, not with
// WithAliyunAppKey (see NewClient).
func WithAliyunAppCode(appCode string) Option {
	return func(c *Client) error {
		if err := checkCredential("WithAliyunAppCode", "AppCode", appCode); err != nil {
			return err
		}
		return c.setCredential(MarketAliyun, "WithAliyunAppCode", NewAliyunAppCodeAuth(appCode))
	}
}

// Authenticate sets the Authorization header.
func (a *AliyunAppCodeAuth) Authenticate(req *http.Request) error {
	if a.code.value() == "" {
		return errors.New("jmzs: AliyunAppCodeAuth: no AppCode (use NewAliyunAppCodeAuth)")
	}
	if err := checkHTTPS(req, "AppCode"); err != nil {
		return err
	}
	req.Header["Authorization"] = []string{"APPCODE " + a.code.value()}
	return nil
}

// String describes a with its AppCode masked.
func (a *AliyunAppCodeAuth) String() string { return "AliyunAppCodeAuth{" + a.code.String() + "}" }
