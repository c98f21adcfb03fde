// Package redisquota shares one API quota among every process that uses
// the same Redis, so that a fleet of replicas stays under the rate limit
// of the app it bought instead of collecting throttles (APIG.0308,
// Aliyun "Throttled by APP Flow Control").
//
// A *Limiter is a rate limiter for jmzs.WithRateLimiter. It keeps its
// state in Redis with the GCRA limiter of github.com/go-redis/redis_rate,
// so every Limiter with the same name, in any process, draws on one
// budget:
//
//	rdb := redis.NewClient(&redis.Options{Addr: "127.0.0.1:6379"})
//	quota, err := redisquota.New(rdb, "express-app", 20, time.Second)
//	…
//	client, err := jmzs.NewClient(jmzs.WithAppCode(code), jmzs.WithRateLimiter(quota))
//
// When Redis cannot be reached, a Limiter falls back to a local limiter at
// the same rate: calls go on, each process paced on its own, until Redis
// answers again. It logs a warning when it falls back and an info record
// when it is back. It never fails a call because Redis is down.
//
// SetRate changes the rate for the whole fleet: it is what the client's
// learned pacing (jmzs.WithLearnedPacing) calls when the gateway states
// its limit, so one throttle anywhere paces every replica.
package redisquota

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/go-redis/redis_rate/v10"
	"github.com/redis/go-redis/v9"
	"golang.org/x/time/rate"
)

// SharedRateTTL is how long a rate set by SetRate stays in Redis for the
// fleet after it was last set. After that, Limiters go back to the rate
// they were built with, until the next SetRate.
const SharedRateTTL = 24 * time.Hour

// Defaults of the timing a Limiter keeps (tests shorten them).
const (
	defaultRedisRetry  = time.Second // after Redis failed, how long to stay local before trying it again
	defaultRateRefresh = time.Second // how often to read the fleet's shared rate
)

// Limiter is a rate limiter whose budget lives in Redis and is shared by
// every Limiter with the same name. Its methods are safe for concurrent
// use.
type Limiter struct {
	rdb    redis.UniversalClient
	gcra   *redis_rate.Limiter
	name   string
	burst  int
	logger *slog.Logger

	redisRetry, rateRefresh time.Duration

	mu         sync.Mutex
	configured quota     // given to New
	set        quota     // given to SetRate in this process, zero if never
	shared     quota     // set by any process, read from Redis; zero if none
	readAt     time.Time // when shared was last read
	local      *rate.Limiter
	down       bool      // Redis failed and has not answered since
	retryAt    time.Time // while down: when to try Redis again
	probing    bool      // a Wait is trying Redis again
}

// quota is limit calls per period; a zero limit is no limit.
type quota struct {
	limit int
	per   time.Duration
}

func (q quota) String() string {
	if q.limit == 0 {
		return "unlimited"
	}
	return fmt.Sprintf("%d/%v", q.limit, q.per)
}

// perSecond is q as a rate for golang.org/x/time/rate.
func (q quota) perSecond() rate.Limit {
	if q.limit == 0 {
		return rate.Inf
	}
	return rate.Limit(float64(q.limit) / q.per.Seconds())
}

// An Option configures a Limiter.
type Option func(*Limiter) error

// WithBurst lets up to n calls go at once after a quiet spell (default 1:
// calls are spaced evenly, at most limit in any window of length per,
// whatever way the gateway counts).
func WithBurst(n int) Option {
	return func(l *Limiter) error {
		if n < 1 {
			return fmt.Errorf("redisquota: WithBurst: need at least 1, got %d", n)
		}
		l.burst = n
		return nil
	}
}

// WithLogger sets where the Limiter reports falling back to its local
// limiter, Redis coming back, and a rate set by another process (default
// slog.Default()).
func WithLogger(logger *slog.Logger) Option {
	return func(l *Limiter) error {
		if logger == nil {
			return errors.New("redisquota: WithLogger: nil *slog.Logger")
		}
		l.logger = logger
		return nil
	}
}

// New returns a Limiter letting limit calls per period through, shared by
// every Limiter named name on the same Redis. A limit of 0 (with any per)
// lets every call through until a rate is set with SetRate, by this
// process or another one.
//
// rdb's own settings (DialTimeout, ReadTimeout, MaxRetries) bound how long
// a Wait spends finding out that Redis is unreachable.
func New(rdb redis.UniversalClient, name string, limit int, per time.Duration, opts ...Option) (*Limiter, error) {
	switch {
	case rdb == nil:
		return nil, errors.New("redisquota: nil Redis client")
	case name == "":
		return nil, errors.New("redisquota: empty name")
	case limit < 0:
		return nil, fmt.Errorf("redisquota: negative limit %d", limit)
	case limit > 0 && per <= 0:
		return nil, fmt.Errorf("redisquota: limit %d per %v: the period must be positive", limit, per)
	}
	if limit == 0 {
		per = 0
	}
	l := &Limiter{
		rdb:         rdb,
		gcra:        redis_rate.NewLimiter(rdb),
		name:        name,
		burst:       1,
		redisRetry:  defaultRedisRetry,
		rateRefresh: defaultRateRefresh,
		configured:  quota{limit, per},
	}
	for _, opt := range opts {
		if opt == nil {
			return nil, errors.New("redisquota: nil Option")
		}
		if err := opt(l); err != nil {
			return nil, err
		}
	}
	if l.logger == nil {
		l.logger = slog.Default()
	}
	l.local = rate.NewLimiter(l.configured.perSecond(), l.burst)
	return l, nil
}

// String names the Limiter and its rate.
func (l *Limiter) String() string {
	limit, per := l.Rate()
	return fmt.Sprintf("redisquota.Limiter{name:%q, rate:%v}", l.name, quota{limit, per})
}

// Rate returns the rate in force: the one set by SetRate in any process
// (while it lasts in Redis), else the one given to New. A limit of 0 is
// no limit.
func (l *Limiter) Rate() (limit int, per time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	q := l.inForce()
	return q.limit, q.per
}

// inForce is the rate in force; l.mu is held.
func (l *Limiter) inForce() quota {
	switch {
	case l.shared.limit > 0:
		return l.shared
	case l.set.limit > 0:
		return l.set
	}
	return l.configured
}

// Wait blocks until a call may start, by the budget in Redis, and
// returns nil; or returns an error when ctx ends first, or at once when
// ctx's deadline would pass before the budget allows the call. It waits
// for as long as Redis says the budget needs, rather than polling.
//
// When Redis cannot be reached, Wait paces calls with a local limiter at
// the same rate, and tries Redis again a second later.
func (l *Limiter) Wait(ctx context.Context) error {
	for {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("redisquota: %s: %w", l.name, err)
		}
		q, useRedis := l.plan(ctx)
		if q.limit == 0 {
			return nil
		}
		if !useRedis {
			if err := l.local.Wait(ctx); err != nil {
				return fmt.Errorf("redisquota: %s (local fallback): %w", l.name, err)
			}
			return nil
		}
		res, err := l.gcra.Allow(ctx, l.name, redis_rate.Limit{Rate: q.limit, Period: q.per, Burst: l.burst})
		if err != nil {
			if ctx.Err() != nil {
				l.endProbe()
				return fmt.Errorf("redisquota: %s: %w", l.name, ctx.Err())
			}
			l.redisFailed(err)
			continue // and wait on the local limiter
		}
		l.redisAnswered()
		if res.Allowed > 0 {
			return nil
		}
		if err := sleep(ctx, res.RetryAfter); err != nil {
			return fmt.Errorf("redisquota: %s: %w", l.name, err)
		}
	}
}

// plan returns the rate in force and whether to ask Redis (rather than
// the local limiter), first reading the fleet's shared rate when due.
func (l *Limiter) plan(ctx context.Context) (quota, bool) {
	l.mu.Lock()
	now := time.Now()
	if l.down {
		if l.probing || now.Before(l.retryAt) {
			q := l.inForce()
			l.mu.Unlock()
			return q, false
		}
		l.probing = true // this Wait tries Redis again; the others stay local
	}
	refresh := now.Sub(l.readAt) >= l.rateRefresh
	if refresh {
		l.readAt = now
	}
	q := l.inForce()
	l.mu.Unlock()
	if !refresh {
		return q, true
	}
	shared, err := l.readShared(ctx)
	if err != nil {
		if ctx.Err() == nil {
			l.redisFailed(err)
		} else {
			l.endProbe()
		}
		l.mu.Lock()
		q = l.inForce()
		l.mu.Unlock()
		return q, false
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if shared != l.shared {
		if shared.limit > 0 {
			l.logger.Info("redisquota: using the rate set for the fleet", "name", l.name, "limit", shared.limit, "per", shared.per)
		}
		l.shared = shared
		l.local.SetLimit(l.inForce().perSecond())
	}
	return l.inForce(), true
}

// sharedKey holds the rate set by SetRate, as "limit/period".
func (l *Limiter) sharedKey() string { return "jmzs:rate-set:" + l.name }

// readShared reads the rate set for the fleet; zero when none is.
func (l *Limiter) readShared(ctx context.Context) (quota, error) {
	v, err := l.rdb.Get(ctx, l.sharedKey()).Result()
	if errors.Is(err, redis.Nil) {
		return quota{}, nil
	}
	if err != nil {
		return quota{}, err
	}
	q, ok := parseQuota(v)
	if !ok {
		return quota{}, nil // not ours to understand; keep our own rate
	}
	return q, nil
}

func parseQuota(s string) (quota, bool) {
	n, p, ok := strings.Cut(s, "/")
	limit, err1 := strconv.Atoi(n)
	per, err2 := time.ParseDuration(p)
	if !ok || err1 != nil || err2 != nil || limit <= 0 || per <= 0 {
		return quota{}, false
	}
	return quota{limit, per}, true
}

// SetRate sets the rate to limit calls per period, for this Limiter at
// once and, through Redis, for every Limiter with the same name within a
// second (for SharedRateTTL). It returns an error when the rate is not
// positive, or when Redis could not be told; the rate is then set for
// this process only.
func (l *Limiter) SetRate(limit int, per time.Duration) error {
	if limit <= 0 || per <= 0 {
		return fmt.Errorf("redisquota: SetRate: need a positive limit and period, got %d per %v", limit, per)
	}
	q := quota{limit, per}
	l.mu.Lock()
	l.set = q
	if l.shared.limit > 0 {
		l.shared = q // ours is the newer news
	}
	l.local.SetLimit(l.inForce().perSecond())
	l.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := l.rdb.Set(ctx, l.sharedKey(), fmt.Sprintf("%d/%v", limit, per), SharedRateTTL).Err(); err != nil {
		return fmt.Errorf("redisquota: %s: telling the fleet the rate %v: %w", l.name, q, err)
	}
	l.mu.Lock()
	l.shared, l.readAt = q, time.Now()
	l.mu.Unlock()
	return nil
}

// redisFailed switches to the local limiter until a retry finds Redis.
func (l *Limiter) redisFailed(err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.down {
		l.logger.Warn("redisquota: Redis unreachable; pacing with a local limiter at the same rate until it answers",
			"name", l.name, "rate", l.inForce().String(), "error", err.Error())
	}
	l.down, l.probing = true, false
	l.retryAt = time.Now().Add(l.redisRetry)
}

// redisAnswered ends a fallback.
func (l *Limiter) redisAnswered() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.down {
		l.logger.Info("redisquota: Redis answers again; sharing the quota through it", "name", l.name)
	}
	l.down, l.probing = false, false
}

// endProbe gives up trying Redis again, for a Wait whose context ended;
// the next Wait tries instead.
func (l *Limiter) endProbe() {
	l.mu.Lock()
	l.probing = false
	l.mu.Unlock()
}

// sleep waits d, or returns early with an error when ctx ends, or at
// once when ctx's deadline comes sooner.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return nil
	}
	if dl, ok := ctx.Deadline(); ok && time.Until(dl) < d {
		return fmt.Errorf("waiting %v for the quota would pass the deadline: %w", d, context.DeadlineExceeded)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
