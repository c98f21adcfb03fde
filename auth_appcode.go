package jmzs

import (
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"strings"
)

// HeaderAppCode is the header that carries an AppCode on Huawei APIG.
const HeaderAppCode = "X-Apig-AppCode"

// An Authenticator adds credentials to a request. The client calls it on
// every attempt, after the request is fully built, so it may sign the
// final URL, headers and body.
type Authenticator interface {
	Authenticate(req *http.Request) error
}

// AppCodeAuth is Huawei APIG simple authentication: the AppCode in the
// X-Apig-AppCode header. It refuses plain HTTP except to loopback hosts,
// since the gateway only accepts an AppCode over HTTPS.
type AppCodeAuth struct {
	code secret
}

// NewAppCodeAuth returns an Authenticator that sends appCode.
func NewAppCodeAuth(appCode string) *AppCodeAuth { return &AppCodeAuth{code: newSecret(appCode)} }

// Authenticate sets the X-Apig-AppCode header.
func (a *AppCodeAuth) Authenticate(req *http.Request) error {
	if a.code.value() == "" {
		return errors.New("jmzs: AppCodeAuth: no AppCode (use NewAppCodeAuth)")
	}
	if err := checkHTTPS(req, "AppCode"); err != nil {
		return err
	}
	req.Header[appCodeKey] = []string{a.code.value()}
	return nil
}

// appCodeKey is HeaderAppCode in canonical form, which Header.Set would
// compute (and allocate) on every call.
var appCodeKey = http.CanonicalHeaderKey(HeaderAppCode)

// String describes a with its AppCode masked.
func (a *AppCodeAuth) String() string { return "AppCodeAuth{" + a.code.String() + "}" }

// checkHTTPS refuses to send a bearer-like credential in clear text to a
// host that is not loopback.
func checkHTTPS(req *http.Request, what string) error {
	if req.URL.Scheme == "https" || isLoopback(req.URL.Hostname()) {
		return nil
	}
	return fmt.Errorf("jmzs: refusing to send the %s over %s to %s: the gateway accepts it only over HTTPS",
		what, req.URL.Scheme, req.URL.Hostname())
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") || strings.HasSuffix(strings.ToLower(host), ".localhost") {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.IsLoopback()
}
