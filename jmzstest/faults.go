package jmzstest

import (
	"net/http"

	"github.com/jmzs-sdk/jmzs-go"
	"strconv"
	"time"
)

// fault is an injected gateway answer for the next n requests to a path.
type fault struct {
	path       string // "" is every path
	n          int    // requests left; negative means until ClearFaults
	status     int
	code, msg  string
	retryAfter time.Duration
}

// answer writes f's refusal in market m's format.
func (f *fault) answer(o *recorder, m jmzs.Market) {
	switch {
	case f.status == http.StatusTooManyRequests:
		o.throttled(m, f.msg)
		o.header.Set("Retry-After", strconv.Itoa(int((f.retryAfter+time.Second-1)/time.Second)))
	case m == jmzs.MarketAliyun:
		msg, ok := aliyunFailures[f.status]
		if !ok {
			msg = http.StatusText(f.status)
		}
		o.aliyunError(f.status, "", msg)
	default:
		o.apigError(f.status, f.code, f.msg)
	}
}

// backendFailures are APIG's codes for the 5xx it sends on behalf of a
// failing backend (Huawei APIG error codes,
// https://support.huaweicloud.com/intl/en-us/usermanual-apig/apig_03_0048.html).
var backendFailures = map[int]struct{ code, msg string }{
	http.StatusBadGateway:         {"APIG.0202", "Backend unavailable"},
	http.StatusServiceUnavailable: {"APIG.0613", "IAM unavailable"},
	http.StatusGatewayTimeout:     {"APIG.0203", "Backend timeout"},
}

// Alibaba Cloud's messages for the failures of Fail (its gateway's error
// table, https://help.aliyun.com/document_detail/43906.html).
var aliyunFailures = map[int]string{
	http.StatusBadGateway:         "Failed To Invoke Backend Service",
	http.StatusServiceUnavailable: "Service Unavailable",
	http.StatusGatewayTimeout:     "Async Service",
}

// Throttle makes the next n authenticated requests to path ("" for every
// path; negative n for all until ClearFaults) fail as APIG's rate limit
// does: HTTP 429, APIG.0308, with Retry-After in whole seconds (rounded
// up; 0 lets a client retry at once). On Alibaba Cloud's market (see
// WithFixtureRoutes) the answer is its gateway's: HTTP 403 with
// X-Ca-Error-Message "Throttled by APP Flow Control", and Retry-After.
func (g *Gateway) Throttle(path string, n int, retryAfter time.Duration) {
	g.addFault(&fault{path: path, n: n, status: http.StatusTooManyRequests, code: "APIG.0308",
		msg: "The throttling threshold has been reached: policy user over ratelimit,limit:10,time:1 second", retryAfter: retryAfter})
}

// Fail makes the next n authenticated requests to path ("" for every
// path; negative n for all until ClearFaults) fail with status and the
// APIG body for it: 502 APIG.0202 Backend unavailable, 503 APIG.0613,
// 504 APIG.0203 Backend timeout; any other status gets APIG.0201 and the
// status text. On Alibaba Cloud's market the status comes with its
// gateway's X-Ca-Error-Message: 502 "Failed To Invoke Backend Service",
// 503 "Service Unavailable", 504 "Async Service", or the status text.
func (g *Gateway) Fail(path string, n int, status int) {
	bf, ok := backendFailures[status]
	if !ok {
		bf.code, bf.msg = "APIG.0201", http.StatusText(status)
	}
	g.addFault(&fault{path: path, n: n, status: status, code: bf.code, msg: bf.msg})
}

// ClearFaults removes every pending Throttle and Fail.
func (g *Gateway) ClearFaults() {
	g.mu.Lock()
	g.faults = nil
	g.mu.Unlock()
}

func (g *Gateway) addFault(f *fault) {
	if f.n == 0 {
		return
	}
	g.mu.Lock()
	g.faults = append(g.faults, f)
	g.mu.Unlock()
}

// takeFault returns the first pending fault for path and uses it up.
func (g *Gateway) takeFault(path string) *fault {
	g.mu.Lock()
	defer g.mu.Unlock()
	for i, f := range g.faults {
		if f.path != "" && f.path != path {
			continue
		}
		if f.n > 0 {
			f.n--
			if f.n == 0 {
				g.faults = append(g.faults[:i:i], g.faults[i+1:]...)
			}
		}
		return f
	}
	return nil
}
