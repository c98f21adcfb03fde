package jmzstest

import (
	"fmt"
	"time"
)

// rateLimit is APIG's request throttling for one app: GCRA, the token
// bucket in arithmetic form. Each app's bucket holds limit calls and
// refills at limit per period; a call finding it empty is refused.
type rateLimit struct {
	limit int
	per   time.Duration
	next  map[string]time.Time // by app: the theoretical arrival time of its next call
}

// WithRateLimit makes the gateway throttle each app (an AppCode, an
// AppKey) to limit calls per period, as APIG's request throttling does
// for a bought API: a call over the limit is answered HTTP 429
// APIG.0308 "The throttling threshold has been reached: policy user over
// ratelimit,limit:20,time:1 second", with no Retry-After, and does not
// reach the backend. The budget is a bucket of limit calls refilled
// steadily, so a client paced at the limit is never refused, and one
// going faster is refused once it has used up the bucket. The period is
// a whole number of seconds. Throttled calls are recorded with their
// status and error code. On Alibaba Cloud's market (see
// WithFixtureRoutes) a call over the limit gets that gateway's answer,
// which states no limit: HTTP 403, X-Ca-Error-Message "Throttled by APP
// Flow Control".
func WithRateLimit(limit int, per time.Duration) GatewayOption {
	return func(g *Gateway) error {
		if limit <= 0 || per < time.Second || per%time.Second != 0 {
			return fmt.Errorf("jmzstest: WithRateLimit: need a positive limit per whole number of seconds, got %d per %v", limit, per)
		}
		g.rateLimit = &rateLimit{limit: limit, per: per, next: make(map[string]time.Time)}
		return nil
	}
}

// throttle reports whether a call by app (as verify names it) at now is
// over the app's rate limit, and if not counts it.
func (g *Gateway) throttle(app string, now time.Time) (msg string, over bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	rl := g.rateLimit
	if rl == nil {
		return "", false
	}
	interval := rl.per / time.Duration(rl.limit)
	tat := rl.next[app]
	if tat.Before(now) {
		tat = now
	}
	// Refused when the bucket holds less than one call: its next call's
	// arrival time is more than a bucket's worth ahead of now.
	if tat.Sub(now) > rl.per-interval {
		return fmt.Sprintf("The throttling threshold has been reached: policy user over ratelimit,limit:%d,time:%s",
			rl.limit, periodText(rl.per)), true
	}
	rl.next[app] = tat.Add(interval)
	return "", false
}

// periodText writes a period as APIG's throttle message does: "1 second",
// "1 minute", "1 hour", "1 day", or a count of seconds.
func periodText(d time.Duration) string {
	for _, u := range []struct {
		d    time.Duration
		name string
	}{{24 * time.Hour, "day"}, {time.Hour, "hour"}, {time.Minute, "minute"}} {
		if d%u.d == 0 {
			return fmt.Sprintf("%d %s", d/u.d, u.name)
		}
	}
	return fmt.Sprintf("%d second", d/time.Second)
}
