package redisquota

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

func TestNewRefusesBadArguments(t *testing.T) {
	rdb := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1"})
	defer rdb.Close()
	tests := []struct {
		name  string
		rdb   redis.UniversalClient
		key   string
		limit int
		per   time.Duration
		opts  []Option
		want  string
	}{
		{"nil client", nil, "k", 1, time.Second, nil, "nil Redis client"},
		{"no name", rdb, "", 1, time.Second, nil, "empty name"},
		{"negative limit", rdb, "k", -1, time.Second, nil, "negative limit"},
		{"no period", rdb, "k", 5, 0, nil, "period must be positive"},
		{"burst 0", rdb, "k", 5, time.Second, []Option{WithBurst(0)}, "WithBurst"},
		{"nil logger", rdb, "k", 5, time.Second, []Option{WithLogger(nil)}, "WithLogger"},
		{"nil option", rdb, "k", 5, time.Second, []Option{nil}, "nil Option"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := New(tt.rdb, tt.key, tt.limit, tt.per, tt.opts...)
			if err == nil || !strings.Contains(err.Error(), tt.want) || l != nil {
				t.Fatalf("New: got %v, %v; want an error containing %q", l, err, tt.want)
			}
		})
	}
	l, err := New(rdb, "k", 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := l.SetRate(0, time.Second); err == nil {
		t.Fatal("SetRate(0, 1s): no error")
	}
	if limit, _ := l.Rate(); limit != 0 {
		t.Fatalf("a refused SetRate changed the rate to %d", limit)
	}
}

// TestLimitersShareOneBudget: two limiters with the same name, on two
// connections, let through no more than the one rate between them.
func TestLimitersShareOneBudget(t *testing.T) {
	rdb := testRedis(t)
	other := redis.NewClient(rdb.Options())
	defer other.Close()
	name := uniqueName(t)
	const rate, calls = 20, 30
	a, err := New(rdb, name, rate, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	b, err := New(other, name, rate, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	var wg sync.WaitGroup
	errs := make(chan error, calls)
	for i := range calls {
		l := a
		if i%2 == 1 {
			l = b
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- l.Wait(context.Background())
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	// With burst 1, call n may start (n-1)/rate after the first: two
	// budgets would have let the calls through in half the time.
	if elapsed, least := time.Since(start), time.Duration(calls-1)*time.Second/rate; elapsed < least {
		t.Fatalf("%d calls at %d/s across two limiters took %v, less than %v: the budget is not shared", calls, rate, elapsed, least)
	}
}

// TestWaitSleepsWhatRedisSays: a Wait asks Redis about twice (denied with
// a RetryAfter, then allowed), not in a polling loop.
func TestWaitSleepsWhatRedisSays(t *testing.T) {
	rdb := testRedis(t)
	var evals atomic.Int64
	rdb.AddHook(countEvals{&evals})
	l, err := New(rdb, uniqueName(t), 10, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	const calls = 6
	start := time.Now()
	for range calls {
		if err := l.Wait(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if elapsed := time.Since(start); elapsed < (calls-1)*100*time.Millisecond {
		t.Fatalf("%d calls at 10/s took %v", calls, elapsed)
	}
	if n := evals.Load(); n > 2*calls+2 {
		t.Fatalf("%d calls asked Redis %d times: polling", calls, n)
	}
}

type countEvals struct{ n *atomic.Int64 }

func (countEvals) DialHook(next redis.DialHook) redis.DialHook { return next }
func (h countEvals) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		if name := cmd.Name(); name == "evalsha" || name == "eval" {
			h.n.Add(1)
		}
		return next(ctx, cmd)
	}
}
func (countEvals) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return next
}

func TestWaitHonoursTheContext(t *testing.T) {
	rdb := testRedis(t)
	l, err := New(rdb, uniqueName(t), 1, 3*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Wait(context.Background()); err != nil {
		t.Fatal(err)
	}

	// A deadline before the next turn: an error at once, not a wait.
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	err = l.Wait(ctx)
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "would pass the deadline") || ctx.Err() != nil {
		t.Fatalf("Wait with a deadline before the next turn: %v (ctx: %v)", err, ctx.Err())
	}

	// Cancelled while waiting.
	ctx, cancel = context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	start := time.Now()
	if err := l.Wait(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("Wait cancelled: %v", err)
	}
	if elapsed := time.Since(start); elapsed > 2*time.Second {
		t.Fatalf("Wait returned %v after its context was cancelled", elapsed)
	}

	// Already cancelled: no call to Redis needed.
	if err := l.Wait(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("Wait with a cancelled context: %v", err)
	}
}

// TestSetRateReachesTheFleet: a rate set on one limiter paces another
// with the same name, in its own process as far as it knows.
func TestSetRateReachesTheFleet(t *testing.T) {
	rdb := testRedis(t)
	name := uniqueName(t)
	learner, err := New(rdb, name, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	other := redis.NewClient(rdb.Options())
	defer other.Close()
	peer, err := New(other, name, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	peer.rateRefresh = 10 * time.Millisecond
	defer rdb.Del(context.Background(), learner.sharedKey())

	// Unlimited: many calls at once.
	start := time.Now()
	for range 50 {
		if err := peer.Wait(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if elapsed := time.Since(start); elapsed > 2*time.Second {
		t.Fatalf("50 unlimited calls took %v", elapsed)
	}

	if err := learner.SetRate(5, time.Second); err != nil {
		t.Fatal(err)
	}
	if limit, per := learner.Rate(); limit != 5 || per != time.Second {
		t.Fatalf("learner's rate: %d per %v", limit, per)
	}
	time.Sleep(20 * time.Millisecond)
	start = time.Now()
	for range 4 {
		if err := peer.Wait(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if limit, per := peer.Rate(); limit != 5 || per != time.Second {
		t.Fatalf("peer's rate: %d per %v", limit, per)
	}
	if elapsed := time.Since(start); elapsed < 3*200*time.Millisecond {
		t.Fatalf("4 calls at the learned 5/s took %v", elapsed)
	}
	if ttl := rdb.TTL(context.Background(), learner.sharedKey()).Val(); ttl <= 0 || ttl > SharedRateTTL {
		t.Fatalf("the shared rate's TTL is %v", ttl)
	}
}

// TestFallsBackToALocalLimiterWhenRedisStops kills redis-server in the
// middle of a run: calls go on, paced locally at the same rate, and go
// back to Redis when it is up again.
func TestFallsBackToALocalLimiterWhenRedisStops(t *testing.T) {
	srv := startRedisServer(t)
	rdb := redis.NewClient(&redis.Options{Addr: srv.addr(), DialTimeout: 500 * time.Millisecond, MaxRetries: 1})
	defer rdb.Close()
	var logs syncBuffer
	name := uniqueName(t)
	const rate = 50
	l, err := New(rdb, name, rate, time.Second, WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
	if err != nil {
		t.Fatal(err)
	}
	l.redisRetry = 100 * time.Millisecond

	waitN := func(n int) time.Duration {
		t.Helper()
		start := time.Now()
		for i := range n {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			err := l.Wait(ctx)
			cancel()
			if err != nil {
				t.Fatalf("Wait %d: %v", i, err)
			}
		}
		return time.Since(start)
	}
	waitN(10)
	if n := rdb.Exists(context.Background(), "rate:"+name).Val(); n != 1 {
		t.Fatal("no GCRA state in Redis: the limiter did not use it")
	}

	srv.kill()
	const calls = 25
	if elapsed, least := waitN(calls), time.Duration(calls-1)*time.Second/rate; elapsed < least {
		t.Fatalf("with Redis down, %d calls at %d/s took %v, less than %v: not paced", calls, rate, elapsed, least)
	}
	if !strings.Contains(logs.String(), "level=WARN msg=\"redisquota: Redis unreachable; pacing with a local limiter at the same rate") {
		t.Fatalf("no warning about the fallback in the log:\n%s", logs.String())
	}

	srv.start() // same port, empty
	for deadline := time.Now().Add(30 * time.Second); !strings.Contains(logs.String(), "Redis answers again"); {
		if time.Now().After(deadline) {
			t.Fatalf("the limiter did not go back to Redis:\n%s", logs.String())
		}
		waitN(1)
	}
	waitN(1)
	if n := rdb.Exists(context.Background(), "rate:"+name).Val(); n != 1 {
		t.Fatal("no GCRA state in the restarted Redis")
	}
}

// syncBuffer is a bytes.Buffer safe for a logger and a test together.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
