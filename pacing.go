package jmzs

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"strconv"
	"sync"
	"time"
)

// Rate is a number of calls allowed per period, as a gateway states its
// limit ("limit:20,time:1 second" is Rate{20, time.Second}).
type Rate struct {
	Limit int
	Per   time.Duration
}

// String writes r as "20/1s".
func (r Rate) String() string { return fmt.Sprintf("%d/%v", r.Limit, r.Per) }

// interval is the spacing of calls at r.
func (r Rate) interval() time.Duration { return r.Per / time.Duration(r.Limit) }

// RateSetter is a RateLimiter whose rate can be read and changed. With
// WithLearnedPacing, a client whose limiter is a RateSetter lowers the
// limiter's rate to the one the gateway states, and, for a limiter shared
// by a fleet (contrib/redisquota's), so paces the whole fleet.
type RateSetter interface {
	RateLimiter
	// Rate returns the rate in force; a limit of 0 is no limit.
	Rate() (limit int, per time.Duration)
	// SetRate sets the rate to limit calls per period.
	SetRate(limit int, per time.Duration) error
}

// pacing learns the gateway's rate limit from its throttles and paces the
// client's attempts to it.
type pacing struct {
	logger *slog.Logger
	setter RateSetter // the client's limiter, when it can take the rate; else pacing paces itself

	mu      sync.Mutex
	learned Rate      // zero until a throttle states a limit
	next    time.Time // pacing itself: when the next attempt may start
	hold    time.Time // no attempt before then (Retry-After of a throttle stating no limit)
}

// limiter returns the limiter the client is to use: next, with the
// learned pace in front.
func (p *pacing) limiter(next RateLimiter, logger *slog.Logger) RateLimiter {
	p.logger = logger
	p.setter, _ = next.(RateSetter)
	return &pacedLimiter{p, next}
}

// pacedLimiter waits for the learned pace, then for the client's limiter.
type pacedLimiter struct {
	p    *pacing
	next RateLimiter // nil: none
}

func (l *pacedLimiter) Wait(ctx context.Context) error {
	if err := l.p.wait(ctx); err != nil {
		return err
	}
	if l.next == nil {
		return nil
	}
	return l.next.Wait(ctx)
}

// wait blocks until the next attempt may start by the learned pace (when
// the pacing is its own) and any hold, or returns an error at once when
// ctx's deadline comes before that.
func (p *pacing) wait(ctx context.Context) error {
	now := time.Now()
	p.mu.Lock()
	start := p.hold
	if p.learned.Limit > 0 && p.setter == nil {
		start = later(start, p.next)
	}
	start = later(start, now)
	if dl, ok := ctx.Deadline(); ok && dl.Before(start) {
		p.mu.Unlock()
		return fmt.Errorf("jmzs: learned pacing: the next turn, in %v, is past the deadline: %w", start.Sub(now), context.DeadlineExceeded)
	}
	if p.learned.Limit > 0 && p.setter == nil {
		p.next = start.Add(p.learned.interval()) // the turn is taken even if ctx ends: the fleet's pace, not ours, matters
	}
	p.mu.Unlock()
	if !start.After(now) {
		return ctx.Err()
	}
	t := time.NewTimer(start.Sub(now))
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// observe learns from a throttled attempt: a refusal that states its
// limit sets the pace (the slowest stated wins); one that states none but
// a Retry-After holds every attempt until then. It is a no-op on a nil
// *pacing.
func (p *pacing) observe(ctx context.Context, ge *GatewayError, header http.Header) {
	if p == nil {
		return
	}
	if r, ok := statedRate(ge); ok {
		p.learn(ctx, r, ge.ErrorCode)
		return
	}
	if d, ok := parseRetryAfter(header, time.Now()); ok && d > 0 && d <= maxRetryAfter {
		p.mu.Lock()
		p.hold = later(p.hold, time.Now().Add(d))
		p.mu.Unlock()
	}
}

// learn paces the client to r unless it already goes no faster.
func (p *pacing) learn(ctx context.Context, r Rate, code string) {
	p.mu.Lock()
	if p.learned.Limit > 0 && r.interval() <= p.learned.interval() {
		p.mu.Unlock()
		return
	}
	p.learned = r
	p.mu.Unlock()
	if p.logger != nil {
		p.logger.LogAttrs(ctx, slog.LevelInfo, "jmzs learned pacing: the gateway states its rate limit; pacing to it",
			slog.Int("limit", r.Limit), slog.Duration("per", r.Per), slog.String("error_code", code))
	}
	if p.setter == nil {
		return
	}
	if limit, per := p.setter.Rate(); limit > 0 && per/time.Duration(limit) >= r.interval() {
		return // the limiter already goes no faster
	}
	if err := p.setter.SetRate(r.Limit, r.Per); err != nil && p.logger != nil {
		p.logger.LogAttrs(ctx, slog.LevelWarn, "jmzs learned pacing: setting the rate limiter's rate", slog.String("error", err.Error()))
	}
}

// throttleLimit finds the limit in APIG's throttle message: "The
// throttling threshold has been reached: policy user over
// ratelimit,limit:20,time:1 second".
var throttleLimit = regexp.MustCompile(`limit:\s*(\d+)\s*,\s*time:\s*(\d+)\s*(second|minute|hour|day)`)

var periodUnits = map[string]time.Duration{"second": time.Second, "minute": time.Minute, "hour": time.Hour, "day": 24 * time.Hour}

// statedRate reads the limit that an APIG throttle (APIG.0308 or
// APIGW.0308) states.
func statedRate(ge *GatewayError) (Rate, bool) {
	if apigNumber(ge.ErrorCode) != "0308" {
		return Rate{}, false
	}
	m := throttleLimit.FindStringSubmatch(ge.ErrorMsg)
	if m == nil {
		return Rate{}, false
	}
	limit, err1 := strconv.Atoi(m[1])
	n, err2 := strconv.Atoi(m[2])
	if err1 != nil || err2 != nil || limit <= 0 || n <= 0 || n > 366 {
		return Rate{}, false
	}
	r := Rate{limit, time.Duration(n) * periodUnits[m[3]]}
	if r.interval() <= 0 {
		return Rate{}, false
	}
	return r, true
}

// LearnedRate returns the rate limit the client learned from the gateway
// with WithLearnedPacing, and whether it learned one.
func (c *Client) LearnedRate() (Rate, bool) {
	if c == nil || c.pacing == nil {
		return Rate{}, false
	}
	c.pacing.mu.Lock()
	defer c.pacing.mu.Unlock()
	return c.pacing.learned, c.pacing.learned.Limit > 0
}
