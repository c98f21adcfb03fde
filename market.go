package jmzs

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// Market is a marketplace on which the vendor's APIs are sold. Each
// market has its own gateway and its own credentials: a call carries the
// credential of the market its API is sold on.
type Market int

// The markets the vendor sells on.
const (
	// MarketHuawei is Huawei Cloud KooGallery, behind Huawei API Gateway
	// (hosts *.huaweicloud.com, *.myhuaweicloud.com): credentials
	// WithAppKey or WithAppCode.
	MarketHuawei Market = iota + 1
	// MarketAliyun is Alibaba Cloud's API market (hosts
	// *.alicloudapi.com): credentials WithAliyunAppCode or
	// WithAliyunAppKey.
	MarketAliyun
)

// String names the market as the marketplace names itself.
func (m Market) String() string {
	switch m {
	case MarketHuawei:
		return "Huawei Cloud KooGallery"
	case MarketAliyun:
		return "Alibaba Cloud's API market"
	}
	return "jmzs.Market(" + strconv.Itoa(int(m)) + ")"
}

// options names the options that give a client m's credential.
func (m Market) options() string {
	switch m {
	case MarketHuawei:
		return "jmzs.WithAppKey or jmzs.WithAppCode"
	case MarketAliyun:
		return "jmzs.WithAliyunAppCode or jmzs.WithAliyunAppKey"
	}
	return ""
}

// MarketOfHost returns the market whose gateway serves host (a host name,
// with or without a port): MarketAliyun for *.alicloudapi.com,
// MarketHuawei for *.huaweicloud.com and *.myhuaweicloud.com, and 0 for
// any other host, such as a test server on loopback. Do applies it to a
// Request whose Market is 0.
func MarketOfHost(host string) Market {
	host = strings.TrimSuffix((&url.URL{Host: host}).Hostname(), ".")
	switch {
	case hasSuffixFold(host, ".alicloudapi.com"):
		return MarketAliyun
	case hasSuffixFold(host, ".huaweicloud.com"), hasSuffixFold(host, ".myhuaweicloud.com"):
		return MarketHuawei
	}
	return 0
}

func hasSuffixFold(s, suffix string) bool {
	return len(s) > len(suffix) && strings.EqualFold(s[len(s)-len(suffix):], suffix)
}

// ErrWrongMarket is matched by a *MarketError: the call was refused
// before anything was sent, because the client holds no credential for
// the market the API is sold on.
var ErrWrongMarket = errors.New("jmzs: no credential for the API's market")

// MarketError refuses a call, before anything is sent, whose market the
// client holds no credential for: a Huawei Cloud KooGallery API called
// with only an Alibaba Cloud credential, or the other way round. It
// matches ErrWrongMarket. Its message names the API, the market and the
// options to use:
//
//	jmzs: idcard.Verify is sold on Alibaba Cloud's API market: use jmzs.WithAliyunAppCode or jmzs.WithAliyunAppKey
type MarketError struct {
	// Market is where the API is sold.
	Market Market
	// API names what was called: a product method, such as
	// "idcard.Verify", or the endpoint of a Request, without its query.
	API string
}

// Error names the API, the market and the options that give its
// credential.
func (e *MarketError) Error() string {
	return fmt.Sprintf("jmzs: %s is sold on %v: use %s", e.API, e.Market, e.Market.options())
}

// Is makes errors.Is(err, ErrWrongMarket) hold.
func (e *MarketError) Is(target error) bool { return target == ErrWrongMarket }

// credential is an Authenticator with the option that gave it, for errors.
type credential struct {
	option string
	auth   Authenticator
}

// setCredential gives the client a's credential for market m (0 for
// WithAuthenticator's, trusted for every market), given by option. A
// client holds at most one credential per market, and WithAuthenticator's
// alone.
func (c *Client) setCredential(m Market, option string, a Authenticator) error {
	for i, held := range c.creds {
		if held.auth == nil {
			continue
		}
		switch {
		case i == 0 || m == 0:
			return fmt.Errorf("jmzs: %s and %s: WithAuthenticator is the client's only credential; give it no other", held.option, option)
		case Market(i) == m:
			return fmt.Errorf("jmzs: %s and %s are both credentials for %v: give a client one credential per market", held.option, option, m)
		}
	}
	c.creds[m] = credential{option, a}
	return nil
}

// authFor returns the Authenticator for cl, a call of req:
// WithAuthenticator's, or the credential of the call's market (see
// Request.Market). A call whose market the client holds no credential for
// is a *MarketError.
func (c *Client) authFor(req *Request, cl *call) (Authenticator, error) {
	if a := c.creds[0].auth; a != nil {
		return a, nil // trusted as given, for every market
	}
	m := req.Market
	if m == 0 {
		host := cl.host // the Host header sent, if the caller set one
		if host == "" {
			host = cl.url.Host
		}
		m = MarketOfHost(host)
	}
	switch m {
	case 0:
		huawei, aliyun := c.creds[MarketHuawei].auth, c.creds[MarketAliyun].auth
		if huawei == nil {
			return aliyun, nil
		}
		if aliyun == nil {
			return huawei, nil
		}
		return nil, fmt.Errorf("jmzs: %s: the host does not tell the market and the client holds a credential for each: set Request.Market (jmzs.MarketHuawei or jmzs.MarketAliyun)", cl.endpoint())
	case MarketHuawei, MarketAliyun:
		if a := c.creds[m].auth; a != nil {
			return a, nil
		}
		return nil, &MarketError{Market: m, API: cl.endpoint()}
	}
	return nil, fmt.Errorf("jmzs: Request.Market: unknown market %d", int(m))
}

// describeCredentials shows the client's credentials, masked, by market.
func (c *Client) describeCredentials() string {
	if a := c.creds[0].auth; a != nil {
		return "auth:" + describeAuth(a)
	}
	var parts []string
	if a := c.creds[MarketHuawei].auth; a != nil {
		parts = append(parts, "huawei:"+describeAuth(a))
	}
	if a := c.creds[MarketAliyun].auth; a != nil {
		parts = append(parts, "aliyun:"+describeAuth(a))
	}
	return strings.Join(parts, ", ")
}
