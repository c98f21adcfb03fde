package e2e_test

import (
	"context"
	"errors"
	jmzs "github.com/jmzs-sdk/jmzs-go"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/time/rate"
)

// countingLimiter counts the turns it gives out.
type countingLimiter struct {
	*rate.Limiter
	waits atomic.Int32
}

func (l *countingLimiter) Wait(ctx context.Context) error {
	l.waits.Add(1)
	return l.Limiter.Wait(ctx)
}

func TestRateLimiterPacesEveryAttempt(t *testing.T) {
	srv := newScriptServer(t, reply(503, nginx503), reply(429, throttledBody), reply(200, okEnvelope))
	l := &countingLimiter{Limiter: rate.NewLimiter(rate.Inf, 1)}
	c, err := jmzs.NewClient(jmzs.WithAppCode(testAppCode), fastRetries(), jmzs.WithRateLimiter(l))
	require.NoError(t, err)
	_, err = callPerson(c, srv.URL, nil)
	require.NoError(t, err)
	require.Equal(t, 3, srv.count())
	require.Equal(t, int32(3), l.waits.Load(), "retries wait their turn too")
}

func TestRateLimiterSharedByAFleet(t *testing.T) {
	// One token per hour, shared by two clients: the first call takes it,
	// the second cannot get one before its deadline and never goes out.
	srv := newScriptServer(t, reply(200, okEnvelope))
	var l jmzs.RateLimiter = rate.NewLimiter(rate.Every(time.Hour), 1) // *rate.Limiter fits without an adapter
	a, err := jmzs.NewClient(jmzs.WithAppCode(testAppCode), jmzs.WithRateLimiter(l))
	require.NoError(t, err)
	b, err := jmzs.NewClient(jmzs.WithAppCode(testAppCode), jmzs.WithRateLimiter(l))
	require.NoError(t, err)

	_, err = callPerson(a, srv.URL, nil)
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	start := time.Now()
	_, err = jmzs.Do[person](ctx, b, &jmzs.Request{URL: srv.URL + "/q"})
	require.ErrorContains(t, err, "rate limiter")
	require.Less(t, time.Since(start), longWait, "the limiter knew at once that the deadline is too near")
	require.Equal(t, 1, srv.count())
}

func TestRateLimiterCancelled(t *testing.T) {
	srv := newScriptServer(t, reply(200, okEnvelope))
	l := rate.NewLimiter(rate.Every(time.Hour), 1)
	require.True(t, l.Allow()) // spend the only token
	c, err := jmzs.NewClient(jmzs.WithAppCode(testAppCode), jmzs.WithRateLimiter(l))
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(20*time.Millisecond, cancel)
	_, err = jmzs.Do[person](ctx, c, &jmzs.Request{URL: srv.URL + "/q"})
	require.Error(t, err)
	require.True(t, errors.Is(err, context.Canceled), err.Error())
	require.Zero(t, srv.count())
}

func TestRateLimiterErrorEndsCall(t *testing.T) {
	srv := newScriptServer(t, reply(200, okEnvelope))
	refuse := limiterFunc(func(ctx context.Context) error { return errors.New("quota spent") })
	c, err := jmzs.NewClient(jmzs.WithAppCode(testAppCode), jmzs.WithRateLimiter(refuse))
	require.NoError(t, err)
	_, err = callPerson(c, srv.URL, nil)
	require.ErrorContains(t, err, "rate limiter: quota spent")
	require.Zero(t, srv.count())
}

type limiterFunc func(context.Context) error

func (f limiterFunc) Wait(ctx context.Context) error { return f(ctx) }
