package jmzstest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/internal/apigsign"
)

// maxBodyBytes is APIG's limit on a request body (12 MB).
const maxBodyBytes = 12 << 20

// Gateway is a fake API gateway on loopback for both markets: Huawei API
// Gateway in front of Huawei Cloud KooGallery, and Alibaba Cloud's API
// Gateway in front of its API market. It authenticates requests as the
// market's gateway does (see Verify), answers registered paths with
// vendor envelopes and every other path with 404 (APIG.0101 on Huawei's
// market), records what it received, and can be told to throttle, fail,
// slow down or run a skewed clock. Every answer carries X-Request-Id and
// Date headers, and on Alibaba Cloud's market X-Ca-Request-Id; refusals
// come in the market's format.
//
// Which market's gateway a request came to is told by its Host when that
// is a market's host (*.alicloudapi.com, *.huaweicloud.com), as
// HTTPClient sends a product's default endpoint, and otherwise by its
// credentials. A product method's route (WithFixtureRoutes) answers only
// its own market's credentials.
//
// Its methods are safe for concurrent use, also while requests are served.
type Gateway struct {
	srv      *httptest.Server
	closing  chan struct{} // closed by Close, to end latency waits
	addr     string        // listen address; "" is a free loopback port
	useTLS   bool
	appCodes []string
	aliyun   []string // AppCodes accepted as "Authorization: APPCODE <code>"
	apps     map[string]*apigsign.Key

	aliyunApps map[string]string // Aliyun AppKey → AppSecret (aliyun_verify.go)
	nonces     nonceLog          // Aliyun X-Ca-Nonce values seen

	closeOnce sync.Once

	mu        sync.Mutex
	routes    map[string][]route // by path (markets.go)
	faults    []*fault
	rateLimit *rateLimit               // nil: no throttling but injected faults
	latency   map[string]time.Duration // by path; "" is every path
	skew      time.Duration
	requests  []RecordedRequest
}

// A GatewayOption configures a Gateway.
type GatewayOption func(*Gateway) error

// WithAppCode makes the gateway accept the header X-Apig-AppCode:
// appCode. It may be given more than once, and together with WithAppKey.
// Unlike the real gateway, the fake also accepts an AppCode over plain
// HTTP (use WithTLS to test as in production).
func WithAppCode(appCode string) GatewayOption {
	return func(g *Gateway) error {
		if appCode == "" {
			return errors.New("jmzstest: WithAppCode: empty AppCode")
		}
		g.appCodes = append(g.appCodes, appCode)
		return nil
	}
}

// WithAliyunAppCode makes the gateway also accept Alibaba Cloud API
// market authentication, the header "Authorization: APPCODE <appCode>",
// so that the vendor's Aliyun-market products (jmzs.WithAliyunAppCode)
// can be tested against it. A wrong code is refused as Aliyun's gateway
// refuses it: HTTP 400, X-Ca-Error-Message "Invalid AppCode".
func WithAliyunAppCode(appCode string) GatewayOption {
	return func(g *Gateway) error {
		if appCode == "" {
			return errors.New("jmzstest: WithAliyunAppCode: empty AppCode")
		}
		g.aliyun = append(g.aliyun, appCode)
		return nil
	}
}

// WithAppKey makes the gateway accept SDK-HMAC-SHA256 signatures by the
// app appKey with secret appSecret. It may be given more than once.
func WithAppKey(appKey, appSecret string) GatewayOption {
	return func(g *Gateway) error {
		if appKey == "" || appSecret == "" {
			return errors.New("jmzstest: WithAppKey: AppKey and AppSecret must both be set")
		}
		g.apps[appKey] = apigsign.NewKey(appSecret)
		return nil
	}
}

// WithAddr listens on addr (host:port; port 0 picks a free one) instead
// of a free loopback port, for programs such as `jmzs mock`.
func WithAddr(addr string) GatewayOption {
	return func(g *Gateway) error {
		if addr == "" {
			return errors.New("jmzstest: WithAddr: empty address")
		}
		g.addr = addr
		return nil
	}
}

// WithTLS serves HTTPS with a self-signed certificate; HTTPClient trusts it.
func WithTLS() GatewayOption {
	return func(g *Gateway) error { g.useTLS = true; return nil }
}

// WithFixtureRoutes answers each product method's default path with its
// success fixture (see FixtureRoutes), to that method's market's
// credentials only, as the real gateways do: a Huawei-market method
// answers a Huawei AppCode or signature, and refuses an Alibaba Cloud
// credential with 401 APIG.0303; an Aliyun-market method answers an
// Aliyun AppCode or signature, and refuses a Huawei one as Alibaba
// Cloud's gateway does (401 "Empty Signature" in X-Ca-Error-Message,
// empty body). Which market's gateway a request came to is told by its
// Host when that is a market's host (*.alicloudapi.com,
// *.huaweicloud.com: see HTTPClient), else by its credentials. One path
// can serve both markets: invoice.Validate and invoice.ValidateAliyun
// share /invoice/validate, which on a loopback host answers each
// market's credentials as that market's method.
func WithFixtureRoutes() GatewayOption {
	return func(g *Gateway) error {
		for _, fr := range FixtureRoutes() {
			g.setRoute(fr.Path, fr.Market, fixtureHandler(fr.Fixture))
		}
		return nil
	}
}

// WithLatency delays every answer by d; see SetLatency.
func WithLatency(d time.Duration) GatewayOption {
	return func(g *Gateway) error { g.latency[""] = d; return nil }
}

// WithClockSkew runs the gateway's clock d ahead of the local one
// (behind, for negative d); see SetClockSkew.
func WithClockSkew(d time.Duration) GatewayOption {
	return func(g *Gateway) error { g.skew = d; return nil }
}

// NewGateway starts a gateway and closes it when t's test ends. With no
// credential option it accepts nothing but 404s: pass WithAppCode,
// WithAppKey, WithAliyunAppCode or WithAliyunAppKey. A bad option fails
// the test.
func NewGateway(t testing.TB, opts ...GatewayOption) *Gateway {
	t.Helper()
	g, err := StartGateway(opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(g.Close)
	return g
}

// StartGateway starts a gateway for a program that is not a test; the
// caller must Close it.
func StartGateway(opts ...GatewayOption) (*Gateway, error) {
	g := &Gateway{
		closing: make(chan struct{}),
		apps:    make(map[string]*apigsign.Key),
		routes:  make(map[string][]route),
		latency: make(map[string]time.Duration),
	}
	for _, opt := range opts {
		if opt == nil {
			return nil, errors.New("jmzstest: nil GatewayOption")
		}
		if err := opt(g); err != nil {
			return nil, err
		}
	}
	g.srv = httptest.NewUnstartedServer(g)
	if g.addr != "" {
		l, err := net.Listen("tcp", g.addr)
		if err != nil {
			g.srv.Close()
			return nil, fmt.Errorf("jmzstest: WithAddr: %w", err)
		}
		g.srv.Listener.Close()
		g.srv.Listener = l
	}
	if g.useTLS {
		g.srv.StartTLS()
	} else {
		g.srv.Start()
	}
	return g, nil
}

// Close shuts the gateway down: requests waiting out a latency are
// answered at once, and Close waits for requests in flight. Calling it
// more than once is harmless.
func (g *Gateway) Close() {
	g.closeOnce.Do(func() { close(g.closing) })
	g.srv.Close()
}

// URL returns the base URL, e.g. http://127.0.0.1:41234, with no trailing
// slash. Append an API path to call it.
func (g *Gateway) URL() string { return g.srv.URL }

// HTTPClient returns a client that sends every request to the gateway,
// whatever its URL's host, with that host in the Host header; in HTTPS
// mode it trusts the gateway's certificate. Pass it to
// jmzs.WithHTTPClient, and a product's default endpoint (such as
// https://jmidcardv1.market.alicloudapi.com/idcard/validate) reaches the
// gateway as it reaches production: by the host name, from which the
// gateway tells the market (see WithFixtureRoutes), signed for that host.
// A URL made from URL (a base URL) works too.
func (g *Gateway) HTTPClient() *http.Client {
	u, _ := url.Parse(g.srv.URL)
	return &http.Client{Transport: &toGateway{base: g.srv.Client().Transport, url: u}}
}

// Now returns the time on the gateway's (possibly skewed) clock.
func (g *Gateway) Now() time.Time {
	g.mu.Lock()
	skew := g.skew
	g.mu.Unlock()
	return time.Now().Add(skew)
}

// SetClockSkew runs the gateway's clock d ahead of the local one (behind,
// for negative d). It moves the Date header and the X-Sdk-Date window.
func (g *Gateway) SetClockSkew(d time.Duration) {
	g.mu.Lock()
	g.skew = d
	g.mu.Unlock()
}

// SetLatency delays answers on path by d ("" means every path without a
// latency of its own); 0 removes the delay. The wait ends early when the
// client goes away or the gateway is closed.
func (g *Gateway) SetLatency(path string, d time.Duration) {
	g.mu.Lock()
	g.latency[path] = d
	g.mu.Unlock()
}

// Reply answers POST requests to path with an envelope {data, msg,
// success, code, taskNo} carrying a fresh taskNo each time, with HTTP 200.
// A nil data is sent as {}. Data is marshalled once, now; if that fails,
// requests are answered with HTTP 500 and the error.
func (g *Gateway) Reply(path string, code int, msg string, data any) {
	var d any // nil, or data as marshalled now
	raw, err := json.Marshal(data)
	if data != nil && err == nil {
		d = json.RawMessage(raw)
	}
	g.Handle(path, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			writeAPIGError(w, http.StatusNotFound, "APIG.0101", msgNoAPI)
			return
		}
		if err != nil {
			http.Error(w, "jmzstest: Reply data: "+err.Error(), http.StatusInternalServerError)
			return
		}
		body, err := envelopeBody(code, msg, d)
		if err != nil {
			http.Error(w, "jmzstest: Reply data: "+err.Error(), http.StatusInternalServerError)
			return
		}
		w.WriteHeader(http.StatusOK)
		w.Write(body)
	}))
}

// ReplyFixture answers every request to path with the named fixture and
// its status (see Fixture, FixtureStatus), with a fresh taskNo. An
// unknown name panics, as Fixture does.
func (g *Gateway) ReplyFixture(path, name string) {
	g.Handle(path, fixtureHandler(name))
}

func fixtureHandler(name string) http.Handler {
	body, status, header := Fixture(name), FixtureStatus(name), FixtureHeader(name)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for k, v := range header {
			w.Header()[k] = v
		}
		w.WriteHeader(status)
		w.Write(withFreshTaskNo(body))
	})
}

// Handle makes h the backend for path, for any method: it runs after
// authentication, throttling and injected failures, and its answer gets
// the gateway's X-Request-Id and Date headers. h may set its own status
// and headers. A nil h removes the route.
//
// On a path of its own, h answers any configured credential, of either
// market, each checked and refused by the rules of its own market. On a
// path that WithFixtureRoutes serves, h replaces the fixture and the
// route keeps its market (on /invoice/validate, both).
func (g *Gateway) Handle(path string, h http.Handler) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if h == nil {
		delete(g.routes, path)
		return
	}
	routes := g.routes[path]
	if len(routes) == 0 || routes[0].market == 0 {
		g.setRoute(path, 0, h)
		return
	}
	for _, rt := range routes {
		g.setRoute(path, rt.market, h)
	}
}

// RecordedRequest is a request as the gateway received it, with the
// gateway's answer.
type RecordedRequest struct {
	Method   string
	Host     string
	Path     string // as sent, escaped
	RawQuery string
	Query    url.Values
	Header   http.Header
	Body     []byte
	Time     time.Time // on the gateway's clock
	Status   int       // HTTP status of the answer
	// ErrorCode is the gateway's code of a refusal: APIG's error_code, or
	// on Alibaba Cloud's market its X-Ca-Error-Code, else its
	// X-Ca-Error-Message; "" for a backend answer.
	ErrorCode string
	RequestID string
	// Market is the market whose gateway answered: told by the Host, or
	// else by the credentials presented (see WithFixtureRoutes).
	Market jmzs.Market
}

// Requests returns copies of the requests received so far, oldest first.
func (g *Gateway) Requests() []RecordedRequest {
	g.mu.Lock()
	defer g.mu.Unlock()
	out := make([]RecordedRequest, len(g.requests))
	for i, r := range g.requests {
		r.Query = cloneValues(r.Query)
		r.Header = r.Header.Clone()
		r.Body = bytes.Clone(r.Body)
		out[i] = r
	}
	return out
}

// ClearRequests forgets the requests recorded so far.
func (g *Gateway) ClearRequests() {
	g.mu.Lock()
	g.requests = nil
	g.mu.Unlock()
}

func cloneValues(v url.Values) url.Values {
	out := make(url.Values, len(v))
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

// msgNoAPI is APIG.0101's documented message.
const msgNoAPI = "The API does not exist or has not been published in the environment"

// ServeHTTP is the gateway: latency, route lookup (404 APIG.0101),
// authentication (401 APIG.0303), the rate limit (429 APIG.0308, counted
// at arrival), injected throttling and failures, then the route's backend.
func (g *Gateway) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	arrived := g.Now()
	g.mu.Lock()
	delay, ok := g.latency[r.URL.Path]
	if !ok {
		delay = g.latency[""]
	}
	g.mu.Unlock()
	if delay > 0 {
		t := time.NewTimer(delay)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
		case <-g.closing:
			t.Stop()
		}
	}

	rec := RecordedRequest{
		Method:    r.Method,
		Host:      r.Host,
		Path:      r.URL.EscapedPath(),
		RawQuery:  r.URL.RawQuery,
		Query:     r.URL.Query(),
		Header:    r.Header.Clone(),
		RequestID: newRequestID(),
	}
	body, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, maxBodyBytes))
	rec.Body = body
	now := g.Now()
	rec.Time = now

	out := &recorder{header: make(http.Header)}
	var tooLarge *http.MaxBytesError
	route, market := g.route(r)
	rec.Market = market
	switch {
	case errors.As(err, &tooLarge):
		out.apigError(http.StatusRequestEntityTooLarge, "APIG.0201", "Request entity too large")
	case err != nil:
		out.apigError(http.StatusBadRequest, "APIG.0201", "Bad request: "+err.Error())
	case route == nil:
		out.notFound(market)
	default:
		var ge *jmzs.GatewayError
		if app, err := g.verify(r, body, market); errors.As(err, &ge) {
			out.refuse(market, ge.HTTPStatus, ge.ErrorCode, ge.ErrorMsg)
		} else if msg, over := g.throttle(app, arrived); over {
			out.throttled(market, msg)
		} else if f := g.takeFault(r.URL.Path); f != nil {
			f.answer(out, market)
		} else {
			r.Body = io.NopCloser(bytes.NewReader(body))
			route.ServeHTTP(out, r)
		}
	}
	out.finish(rec.RequestID)
	rec.Status, rec.ErrorCode = out.status, out.errorCode
	if rec.ErrorCode == "" && out.status >= 400 {
		if rec.ErrorCode = out.header.Get(HeaderAliyunErrorCode); rec.ErrorCode == "" {
			rec.ErrorCode = out.header.Get(HeaderAliyunErrorMessage)
		}
	}

	g.mu.Lock()
	g.requests = append(g.requests, rec)
	g.mu.Unlock()

	h := w.Header()
	for k, v := range out.header {
		h[k] = v
	}
	for k, v := range responseHeader(rec.RequestID, now, out.body.Len()) {
		if k == "Content-Type" && h.Get(k) != "" {
			continue
		}
		h[k] = v
	}
	if market == jmzs.MarketAliyun {
		h.Set(HeaderAliyunRequestID, rec.RequestID)
	}
	w.WriteHeader(out.status)
	w.Write(out.body.Bytes())
}

// recorder buffers an answer so that it is recorded before the client
// can see it.
type recorder struct {
	header              http.Header
	status              int
	body                bytes.Buffer
	errorCode, errorMsg string
}

func (o *recorder) Header() http.Header { return o.header }

func (o *recorder) Write(p []byte) (int, error) {
	if o.status == 0 {
		o.status = http.StatusOK
	}
	return o.body.Write(p)
}

func (o *recorder) WriteHeader(status int) {
	if o.status == 0 {
		o.status = status
	}
}

// apigError makes the answer an APIG error body; finish writes it.
func (o *recorder) apigError(status int, code, msg string) {
	o.status, o.errorCode, o.errorMsg = status, code, msg
	o.body.Reset()
}

// finish writes an APIG error body with its request_id.
func (o *recorder) finish(requestID string) {
	if o.status == 0 {
		o.status = http.StatusOK
	}
	if o.errorCode != "" {
		o.body.Reset()
		o.body.Write(apigErrorBody(o.errorCode, o.errorMsg, requestID))
	}
}

func writeAPIGError(w http.ResponseWriter, status int, code, msg string) {
	if o, ok := w.(*recorder); ok {
		o.apigError(status, code, msg)
		return
	}
	w.WriteHeader(status)
	w.Write(apigErrorBody(code, msg, ""))
}

// String describes the gateway without its credentials.
func (g *Gateway) String() string {
	return fmt.Sprintf("jmzstest.Gateway{URL:%s, AppCodes:%d, AppKeys:%d, AliyunAppCodes:%d, AliyunAppKeys:%d}",
		g.URL(), len(g.appCodes), len(g.apps), len(g.aliyun), len(g.aliyunApps))
}

// GoString is String, so %#v shows no credentials either.
func (g *Gateway) GoString() string { return g.String() }
