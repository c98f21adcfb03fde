package jmzs

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"
)

// An Option configures a Client. Options that receive bad values make
// NewClient return an error.
type Option func(*Client) error

// WithAppCode authenticates calls to Huawei Cloud KooGallery's APIs with
// Huawei APIG simple authentication: the header X-Apig-AppCode. The
// gateway accepts it only over HTTPS, so the client refuses to send it
// over plain HTTP except to loopback hosts. It is the client's Huawei
// credential: it may be combined with one Alibaba Cloud credential, not
// with WithAppKey (see NewClient).
func WithAppCode(appCode string) Option {
	return func(c *Client) error {
		if err := checkCredential("WithAppCode", "AppCode", appCode); err != nil {
			return err
		}
		return c.setCredential(MarketHuawei, "WithAppCode", NewAppCodeAuth(appCode))
	}
}

// WithAppKey authenticates calls to Huawei Cloud KooGallery's APIs with
// Huawei APIG app authentication: an SDK-HMAC-SHA256 signature made with
// the AppKey and AppSecret. It is the client's Huawei credential: it may
// be combined with one Alibaba Cloud credential, not with WithAppCode
// (see NewClient).
func WithAppKey(appKey, appSecret string) Option {
	return func(c *Client) error {
		if err := checkCredential("WithAppKey", "AppKey", appKey); err != nil {
			return err
		}
		if err := checkCredential("WithAppKey", "AppSecret", appSecret); err != nil {
			return err
		}
		return c.setCredential(MarketHuawei, "WithAppKey", NewAPIGSigner(appKey, appSecret))
	}
}

// WithAuthenticator sets a custom Authenticator, run on every attempt of
// every call, whatever the market of its API: it is trusted as given, and
// is the client's only credential (it cannot be combined with another).
func WithAuthenticator(a Authenticator) Option {
	return func(c *Client) error {
		if a == nil {
			return errors.New("jmzs: WithAuthenticator: nil Authenticator")
		}
		return c.setCredential(0, "WithAuthenticator", a)
	}
}

// WithHTTPClient sets the HTTP client used to send requests. The client
// uses a copy of hc that never follows a redirect (hc itself is left
// unchanged). hc's Timeout, if set, bounds each attempt; prefer a context
// deadline to bound a call, and WithAttemptTimeout to bound an attempt.
//
// Whether a failed attempt may be retried depends on whether its request
// reached a connection, which net/http's transports report through
// net/http/httptrace (GotConn) on the request's context. A RoundTripper
// that sends requests some other way should pass that context on.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) error {
		if hc == nil {
			return errors.New("jmzs: WithHTTPClient: nil *http.Client")
		}
		c.hc = hc
		return nil
	}
}

// WithMaxRetries sets how many times a failed attempt may be retried
// (default 2). 0 turns retries off. CallMaxRetries overrides it for one
// call. Only failures that cannot have been billed are retried: see Do.
func WithMaxRetries(n int) Option {
	return func(c *Client) error {
		if n < 0 {
			return fmt.Errorf("jmzs: WithMaxRetries: negative count %d", n)
		}
		c.maxRetries = n
		return nil
	}
}

// WithLogger logs each attempt at debug level and each retry at info
// level. Credentials and signatures never appear in the records.
func WithLogger(l *slog.Logger) Option {
	return func(c *Client) error {
		if l == nil {
			return errors.New("jmzs: WithLogger: nil *slog.Logger")
		}
		c.logger = l
		return nil
	}
}

// WithMaxResponseBytes limits the size of a response body (default 10 MiB).
// A larger body fails with an error matching ErrResponseTooLarge.
func WithMaxResponseBytes(n int64) Option {
	return func(c *Client) error {
		if n <= 0 {
			return fmt.Errorf("jmzs: WithMaxResponseBytes: limit must be positive, got %d", n)
		}
		c.maxResponseBytes = n
		return nil
	}
}

// WithUserAgent sets the User-Agent header sent with every request.
// An empty ua sends none.
func WithUserAgent(ua string) Option {
	return func(c *Client) error {
		if err := checkHeader("WithUserAgent", "User-Agent", ua); err != nil {
			return err
		}
		c.userAgent = nil
		if ua != "" {
			c.userAgent = []string{ua}
		}
		return nil
	}
}

// WithRetryBackoff sets the backoff between retries: base before the
// first retry, doubling up to max, less up to a quarter at random
// (default 500ms and 8s). A Retry-After from the server takes precedence
// up to one minute; a longer one ends the call with the server's error.
func WithRetryBackoff(base, max time.Duration) Option {
	return func(c *Client) error {
		if base <= 0 || max < base {
			return fmt.Errorf("jmzs: WithRetryBackoff: need 0 < base <= max, got %v and %v", base, max)
		}
		c.retryBase, c.retryMax = base, max
		return nil
	}
}

// WithAttemptTimeout bounds each attempt, from sending to the end of the
// body, while the context passed to Do bounds the whole call (there is no
// other timeout). An attempt that times out after its request was sent is
// not retried: like a gateway 504, the backend may be running the call.
// CallAttemptTimeout overrides it for one call.
func WithAttemptTimeout(d time.Duration) Option {
	return func(c *Client) error {
		if d <= 0 {
			return fmt.Errorf("jmzs: WithAttemptTimeout: timeout must be positive, got %v", d)
		}
		c.attemptTimeout = d
		return nil
	}
}

// WithMiddleware adds m around the sending of every attempt, after the
// request is signed. Middleware added earlier runs first (outermost).
func WithMiddleware(m Middleware) Option {
	return func(c *Client) error {
		if m == nil {
			return errors.New("jmzs: WithMiddleware: nil Middleware")
		}
		c.middleware = append(c.middleware, m)
		return nil
	}
}

// WithRateLimiter makes every attempt, retries included, wait for l
// first, so that a fleet of clients sharing l stays under the QPS it
// bought instead of collecting APIG.0308. A *rate.Limiter from
// golang.org/x/time/rate fits.
func WithRateLimiter(l RateLimiter) Option {
	return func(c *Client) error {
		if l == nil {
			return errors.New("jmzs: WithRateLimiter: nil RateLimiter")
		}
		c.limiter = l
		return nil
	}
}

// WithLearnedPacing makes the client learn the gateway's rate limit: the
// first throttle that states its limit (APIG.0308 "… policy user over
// ratelimit,limit:20,time:1 second") paces every later attempt to that
// rate, logged at info level and reported by LearnedRate. A limiter given
// with WithRateLimiter that is a RateSetter is set to that rate instead
// (unless it already goes no faster), so that a limiter shared by a fleet
// paces the fleet. A throttle that states no limit but a Retry-After
// (Aliyun's "Throttled by APP Flow Control") holds every attempt until
// then. The slowest rate stated wins; it is kept for the client's life.
func WithLearnedPacing() Option {
	return func(c *Client) error {
		c.pacing = &pacing{}
		return nil
	}
}

// A CallOption changes one call of Do: pass it after the request,
//
//	jmzs.Do[T](ctx, c, req, jmzs.CallMaxRetries(0), jmzs.CallHeader("X-Trace-Id", id))
//
// A bad CallOption makes Do return an error before anything is sent.
type CallOption func(*callOptions) error

// callOptions are the settings of one call.
type callOptions struct {
	maxRetries     int
	attemptTimeout time.Duration
	header         http.Header // CallHeader's, canonical
	logAttrs       []slog.Attr
}

// CallMaxRetries sets how many times a failed attempt of this call may be
// retried, overriding WithMaxRetries; CallMaxRetries(0) for a call that
// must never be sent twice, whatever the failure.
func CallMaxRetries(n int) CallOption {
	return func(o *callOptions) error {
		if n < 0 {
			return fmt.Errorf("jmzs: CallMaxRetries: negative count %d", n)
		}
		o.maxRetries = n
		return nil
	}
}

// CallAttemptTimeout bounds each attempt of this call, overriding
// WithAttemptTimeout (see there).
func CallAttemptTimeout(d time.Duration) CallOption {
	return func(o *callOptions) error {
		if d <= 0 {
			return fmt.Errorf("jmzs: CallAttemptTimeout: timeout must be positive, got %v", d)
		}
		o.attemptTimeout = d
		return nil
	}
}

// CallHeader sends the header name with value on this call, replacing any
// value Request.Header or the client would give it. An Authenticator that
// signs headers signs it too. A name or value the transport would refuse
// (a newline, say) is an error.
func CallHeader(name, value string) CallOption {
	return func(o *callOptions) error {
		if err := checkHeader("CallHeader", name, value); err != nil {
			return err
		}
		if o.header == nil {
			o.header = make(http.Header, 1)
		}
		o.header[http.CanonicalHeaderKey(name)] = []string{value}
		return nil
	}
}

// CallLogAttrs adds attrs to every record the client logs about this call
// (see WithLogger): an order number, a trace id. Never personal data.
func CallLogAttrs(attrs ...slog.Attr) CallOption {
	return func(o *callOptions) error {
		o.logAttrs = append(o.logAttrs, attrs...)
		return nil
	}
}

// applyHeaders merges CallHeader's headers into the request's.
func (cl *call) applyHeaders() {
	if len(cl.callOptions.header) == 0 {
		return
	}
	if cl.header == nil {
		cl.header = make(http.Header, len(cl.callOptions.header))
	}
	for name, values := range cl.callOptions.header {
		if name == "Host" {
			cl.host = values[0]
			continue
		}
		cl.header[name] = values
	}
}
