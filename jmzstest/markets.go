package jmzstest

import (
	"net/http"
	"net/url"

	"github.com/jmzs-sdk/jmzs-go"
)

// route is a backend the gateway serves on a path.
type route struct {
	// market is the only market whose credentials the route answers, as
	// a product method is sold on one market; 0 answers any configured
	// credential (a route given to Handle).
	market  jmzs.Market
	handler http.Handler
}

// credentialMarket is the market of the credentials r presents: Alibaba
// Cloud's for an Aliyun AppCode or signature, else Huawei's (an AppCode,
// a signature, or nothing, which APIG refuses).
func credentialMarket(r *http.Request) jmzs.Market {
	if isAliyunRequest(r) {
		return jmzs.MarketAliyun
	}
	return jmzs.MarketHuawei
}

// requestMarket is the market whose gateway r came to: the one of its
// Host when that is a market's (*.alicloudapi.com, *.huaweicloud.com),
// else the one of its credentials.
func requestMarket(r *http.Request) jmzs.Market {
	if m := jmzs.MarketOfHost(host(r)); m != 0 {
		return m
	}
	return credentialMarket(r)
}

// host is the host r is for: its Host, or for a request not sent yet
// its URL's.
func host(r *http.Request) string {
	if r.Host != "" {
		return r.Host
	}
	return r.URL.Host
}

// route returns the backend for r and the market whose rules check and
// answer r. A route of one market (a fixture route) serves only requests
// that came to that market's gateway: by Host, or on another host by the
// credentials; a request there with the other market's credentials, or
// none, is checked, and refused, by the route's market. A route of
// market 0 checks each request by its credentials. The handler is nil
// when no route serves r.
func (g *Gateway) route(r *http.Request) (http.Handler, jmzs.Market) {
	g.mu.Lock()
	routes := g.routes[r.URL.Path]
	g.mu.Unlock()
	if len(routes) == 1 && routes[0].market == 0 {
		return routes[0].handler, credentialMarket(r)
	}
	hostMarket, want := jmzs.MarketOfHost(host(r)), requestMarket(r)
	for _, rt := range routes {
		if rt.market == want {
			return rt.handler, want
		}
	}
	if hostMarket == 0 && len(routes) > 0 {
		// The path is served on one market only, and these credentials
		// are not that market's: its gateway refuses them.
		return routes[0].handler, routes[0].market
	}
	return nil, want
}

// setRoute makes h the backend of path for market m (0: any market).
// The caller holds g.mu, or g is not serving yet. The routes of a path
// are replaced, never changed in place: route reads them unlocked.
func (g *Gateway) setRoute(path string, m jmzs.Market, h http.Handler) {
	var routes []route
	for _, rt := range g.routes[path] {
		if rt.market != m {
			routes = append(routes, rt)
		}
	}
	g.routes[path] = append(routes, route{m, h})
}

// refuse makes the answer a refusal in market m's format: APIG's error
// body, or Alibaba Cloud's headers over an empty body.
func (o *recorder) refuse(m jmzs.Market, status int, code, msg string) {
	if m == jmzs.MarketAliyun {
		o.aliyunError(status, code, msg)
		return
	}
	o.apigError(status, code, msg)
}

// Alibaba Cloud's answers the kit gives where APIG gives APIG.0101 and
// APIG.0308. The messages are from Aliyun's error table
// (https://help.aliyun.com/document_detail/43906.html); "Invalid Url" with
// 404 is the kit's reading of it.
const (
	aliyunInvalidURL = "Invalid Url"
	aliyunThrottled  = "Throttled by APP Flow Control"
)

// notFound answers a request that no route serves, in m's format.
func (o *recorder) notFound(m jmzs.Market) {
	if m == jmzs.MarketAliyun {
		o.aliyunError(http.StatusNotFound, "", aliyunInvalidURL)
		return
	}
	o.apigError(http.StatusNotFound, "APIG.0101", msgNoAPI)
}

// throttled answers a request over the rate limit in m's format: APIG's
// 429 APIG.0308 with msg, which states the limit, or Alibaba Cloud's 403
// "Throttled by APP Flow Control", which states none.
func (o *recorder) throttled(m jmzs.Market, msg string) {
	if m == jmzs.MarketAliyun {
		o.aliyunError(http.StatusForbidden, "", aliyunThrottled)
		return
	}
	o.apigError(http.StatusTooManyRequests, "APIG.0308", msg)
}

// toGateway is the transport of HTTPClient: it sends every request to
// the gateway, whatever its URL's host, keeping that host in the Host
// header, as DNS sends a production host name to its gateway.
type toGateway struct {
	base http.RoundTripper
	url  *url.URL // the gateway's scheme and address
}

func (t *toGateway) RoundTrip(r *http.Request) (*http.Response, error) {
	r2 := r.Clone(r.Context()) // a RoundTripper must not change the request it is given
	if r2.Host == "" {
		r2.Host = r.URL.Host
	}
	r2.URL.Scheme, r2.URL.Host = t.url.Scheme, t.url.Host
	return t.base.RoundTrip(r2)
}

// CloseIdleConnections closes the idle connections of the transport
// underneath, as http.Client.CloseIdleConnections asks.
func (t *toGateway) CloseIdleConnections() {
	if c, ok := t.base.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}
