package main

import (
	"flag"
	"os"
	"slices"
	"strings"

	"github.com/jmzs-sdk/jmzs-go"
)

// credentials are the credential flags of jmzs call and jmzs mock, for
// both markets: Huawei Cloud KooGallery (APIG) and Alibaba Cloud's API
// market.
type credentials struct {
	appCode, appKey, appSecret                   string
	aliyunAppCode, aliyunAppKey, aliyunAppSecret string
	market                                       string // -market: huawei, aliyun or "" (the host tells)
}

// credentialEnv names the environment variable of each credential flag.
var credentialEnv = []struct{ flag, env string }{
	{"appcode", "JMZS_APPCODE"},
	{"appkey", "JMZS_APP_KEY"},
	{"appsecret", "JMZS_APP_SECRET"},
	{"aliyun-appcode", "JMZS_ALIYUN_APPCODE"},
	{"aliyun-appkey", "JMZS_ALIYUN_APP_KEY"},
	{"aliyun-appsecret", "JMZS_ALIYUN_APP_SECRET"},
}

// register adds the six credential flags to fs: credentials to send, or
// with accept, credentials the fake gateway accepts.
func (c *credentials) register(fs *flag.FlagSet, accept bool) {
	use := func(what, how, env string) string {
		if accept {
			return what + " to accept (" + how + ") (or $" + env + ")"
		}
		return what + " for " + how + " (or $" + env + ")"
	}
	fs.StringVar(&c.appCode, "appcode", "", use("Huawei APIG AppCode", "simple authentication, header X-Apig-AppCode", "JMZS_APPCODE"))
	fs.StringVar(&c.appKey, "appkey", "", use("Huawei APIG AppKey", "APP authentication, SDK-HMAC-SHA256", "JMZS_APP_KEY"))
	fs.StringVar(&c.appSecret, "appsecret", "", "AppSecret of that Huawei AppKey (or $JMZS_APP_SECRET)")
	fs.StringVar(&c.aliyunAppCode, "aliyun-appcode", "", use("Alibaba Cloud API market AppCode", "header \"Authorization: APPCODE …\"", "JMZS_ALIYUN_APPCODE"))
	fs.StringVar(&c.aliyunAppKey, "aliyun-appkey", "", use("Alibaba Cloud API market AppKey", "HmacSHA256 signatures, X-Ca-Signature", "JMZS_ALIYUN_APP_KEY"))
	fs.StringVar(&c.aliyunAppSecret, "aliyun-appsecret", "", "AppSecret of that Alibaba Cloud AppKey (or $JMZS_ALIYUN_APP_SECRET)")
	if !accept {
		fs.StringVar(&c.market, "market", "", "`huawei` or aliyun: the market whose credential to send, when credentials for both are given and the URL's host does not tell (*.huaweicloud.com, *.alicloudapi.com)")
	}
}

func (c *credentials) fields() []*string {
	return []*string{&c.appCode, &c.appKey, &c.appSecret, &c.aliyunAppCode, &c.aliyunAppKey, &c.aliyunAppSecret}
}

// orEnv fills c from the environment when no credential flag was given,
// and reports whether it did.
func (c *credentials) orEnv() bool {
	for _, f := range c.fields() {
		if *f != "" {
			return false
		}
	}
	for i, f := range c.fields() {
		*f = os.Getenv(credentialEnv[i].env)
	}
	return true
}

// credential kinds.
const (
	kindAppCode       = "-appcode"
	kindAppKey        = "-appkey and -appsecret"
	kindAliyunAppCode = "-aliyun-appcode"
	kindAliyunAppKey  = "-aliyun-appkey and -aliyun-appsecret"
)

// kinds returns the kinds of credential given, refusing half a pair.
// Errors name flags, never values.
func (c *credentials) kinds() ([]string, error) {
	var kinds []string
	if c.appCode != "" {
		kinds = append(kinds, kindAppCode)
	}
	switch {
	case c.appKey != "" && c.appSecret != "":
		kinds = append(kinds, kindAppKey)
	case c.appKey != "" || c.appSecret != "":
		return nil, usagef("-appkey and -appsecret go together (or JMZS_APP_KEY and JMZS_APP_SECRET)")
	}
	if c.aliyunAppCode != "" {
		kinds = append(kinds, kindAliyunAppCode)
	}
	switch {
	case c.aliyunAppKey != "" && c.aliyunAppSecret != "":
		kinds = append(kinds, kindAliyunAppKey)
	case c.aliyunAppKey != "" || c.aliyunAppSecret != "":
		return nil, usagef("-aliyun-appkey and -aliyun-appsecret go together (or JMZS_ALIYUN_APP_KEY and JMZS_ALIYUN_APP_SECRET)")
	}
	return kinds, nil
}

// marketOf returns the market of a credential kind.
func marketOf(kind string) jmzs.Market {
	if strings.HasPrefix(kind, "-aliyun") {
		return jmzs.MarketAliyun
	}
	return jmzs.MarketHuawei
}

// marketNames are the values of -market.
var marketNames = map[jmzs.Market]string{jmzs.MarketHuawei: "huawei", jmzs.MarketAliyun: "aliyun"}

func marketByName(name string) jmzs.Market {
	for m, n := range marketNames {
		if n == name {
			return m
		}
	}
	return 0
}

// marketFlags names the flags of each market's credentials.
var marketFlags = map[jmzs.Market]string{
	jmzs.MarketHuawei: "-appcode, or -appkey and -appsecret",
	jmzs.MarketAliyun: "-aliyun-appcode, or -aliyun-appkey and -aliyun-appsecret",
}

// pick returns the kind of credential to send to host, of those given:
// the only one, or the one of the call's market, which -market or else
// the host tells. Errors name flags and the host, never values.
func (c *credentials) pick(host string, kinds []string) (string, error) {
	market := jmzs.MarketOfHost(host)
	if c.market != "" {
		if market = marketByName(c.market); market == 0 {
			return "", usagef("-market: want huawei or aliyun")
		}
	}
	if market != 0 {
		mine := slices.DeleteFunc(slices.Clone(kinds), func(k string) bool { return marketOf(k) != market })
		if len(mine) == 0 && len(kinds) > 0 {
			return "", usagef("%s is on %v, and no credential for it is given: give %s", host, market, marketFlags[market])
		}
		kinds = mine
	}
	switch {
	case len(kinds) == 0:
		return "", noCredentials("no credentials")
	case len(kinds) > 1 && marketOf(kinds[0]) == marketOf(kinds[1]):
		return "", usagef("give one credential per market, not both %s and %s (from flags, or the environment)", kinds[0], kinds[1])
	case len(kinds) > 1:
		return "", usagef("credentials for both markets, and the host %s does not tell which to send: give -market huawei or -market aliyun", host)
	}
	return kinds[0], nil
}

// authenticator picks the credential from the flags, else the
// environment: the only one given, or the one of the call's market (see
// pick).
func (c *credentials) authenticator(host string) (jmzs.Authenticator, error) {
	c.orEnv()
	kinds, err := c.kinds()
	if err != nil {
		return nil, err
	}
	kind, err := c.pick(host, kinds)
	if err != nil {
		return nil, err
	}
	switch kind {
	case kindAppCode:
		return jmzs.NewAppCodeAuth(c.appCode), nil
	case kindAppKey:
		return jmzs.NewAPIGSigner(c.appKey, c.appSecret), nil
	case kindAliyunAppCode:
		return jmzs.NewAliyunAppCodeAuth(c.aliyunAppCode), nil
	}
	return jmzs.NewAliyunSigner(c.aliyunAppKey, c.aliyunAppSecret), nil
}

// noCredentials is the error when none is given; what says what they are for.
func noCredentials(what string) error {
	return usagef("%s: give -appcode, or -appkey and -appsecret (Huawei Cloud KooGallery), or -aliyun-appcode, "+
		"or -aliyun-appkey and -aliyun-appsecret (Alibaba Cloud API market); or set JMZS_APPCODE, JMZS_APP_KEY and "+
		"JMZS_APP_SECRET, JMZS_ALIYUN_APPCODE, JMZS_ALIYUN_APP_KEY and JMZS_ALIYUN_APP_SECRET", what)
}
