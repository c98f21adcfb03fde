package jmzs

import (
	"errors"
	"log/slog"
	"net/http"
)

// AliyunAppCodeAuth is AppCode authentication on Alibaba Cloud's API
// market: the header "Authorization: APPCODE <code>". Like AppCodeAuth it
// refuses plain HTTP except to loopback hosts.
type AliyunAppCodeAuth struct {
	code *string // behind a pointer, as in AppCodeAuth
}

// NewAliyunAppCodeAuth returns an Authenticator that sends appCode.
func NewAliyunAppCodeAuth(appCode string) *AliyunAppCodeAuth {
	return &AliyunAppCodeAuth{code: &appCode}
}

// WithAliyunAppCode authenticates with an AppCode from Alibaba Cloud's API
// market (云市场 → 已购买的服务), for the vendor's *.market.alicloudapi.com
// hosts. It cannot be combined with another authentication option.
func WithAliyunAppCode(appCode string) Option {
	return func(c *Client) error {
		if appCode == "" {
			return errors.New("jmzs: WithAliyunAppCode: empty AppCode")
		}
		return c.setAuth(NewAliyunAppCodeAuth(appCode))
	}
}

// Authenticate sets the Authorization header.
func (a *AliyunAppCodeAuth) Authenticate(req *http.Request) error {
	if a.code == nil || *a.code == "" {
		return errors.New("jmzs: AliyunAppCodeAuth: no AppCode (use NewAliyunAppCodeAuth)")
	}
	if err := checkHTTPS(req, "AppCode"); err != nil {
		return err
	}
	req.Header["Authorization"] = []string{"APPCODE " + *a.code}
	return nil
}

// String masks the AppCode.
func (a AliyunAppCodeAuth) String() string {
	if a.code == nil {
		return "AliyunAppCodeAuth{}"
	}
	return "AliyunAppCodeAuth{" + mask(*a.code) + "}"
}

// GoString masks the AppCode.
func (a AliyunAppCodeAuth) GoString() string { return a.String() }

// LogValue masks the AppCode in slog records.
func (a AliyunAppCodeAuth) LogValue() slog.Value { return slog.StringValue(a.String()) }
