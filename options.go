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

// WithAppCode authenticates with Huawei APIG simple authentication: the
// header X-Apig-AppCode. The gateway accepts it only over HTTPS, so the
// client refuses to send it over plain HTTP except to loopback hosts.
func WithAppCode(appCode string) Option {
	return func(c *Client) error {
		if err := checkCredential("WithAppCode", "AppCode", appCode); err != nil {
			return err
		}
		return c.setAuth(NewAppCodeAuth(appCode))
	}
}

// WithAppKey authenticates with Huawei APIG app authentication: an
// SDK-HMAC-SHA256 signature made with the AppKey and AppSecret.
func WithAppKey(appKey, appSecret string) Option {
	return func(c *Client) error {
		if err := checkCredential("WithAppKey", "AppKey", appKey); err != nil {
			return err
		}
		if err := checkCredential("WithAppKey", "AppSecret", appSecret); err != nil {
			return err
		}
		return c.setAuth(NewAPIGSigner(appKey, appSecret))
	}
}

// WithAuthenticator sets a custom Authenticator, run on every attempt.
func WithAuthenticator(a Authenticator) Option {
	return func(c *Client) error {
		if a == nil {
			return errors.New("jmzs: WithAuthenticator: nil Authenticator")
		}
		return c.setAuth(a)
	}
}

// WithHTTPClient sets the HTTP client used to send requests. Its Timeout,
// if set, bounds each attempt; prefer a context deadline to bound a call.
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
// (default 2). 0 turns retries off. Request.MaxRetries overrides it for
// one call. Only failures that cannot have been billed are retried: see
// Do.
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
func WithUserAgent(ua string) Option {
	return func(c *Client) error {
		c.userAgent = ua
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
// body, while the context passed to Do bounds the whole call. An attempt
// that times out after its request was sent is not retried: like a
// gateway 504, the backend may be running the call.
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
