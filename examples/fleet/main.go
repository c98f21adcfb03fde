// Command fleet shows replicas of a service sharing the rate limit of one
// bought API app, without configuring it.
//
// Three replicas (goroutines here; processes or pods in production) call
// one API. The gateway allows the app 10 calls a second and refuses the
// rest with APIG.0308 "… policy user over ratelimit,limit:10,time:1
// second". Each replica's client has
//   - a contrib/redisquota limiter on a shared Redis, named for the app,
//     with no rate of its own (0), and
//   - jmzs.WithLearnedPacing: the first throttle sets the rate it states
//     on the shared limiter, so every replica paces to 10/s together.
//
// Without a reachable Redis each replica learns the limit on its own and
// paces itself to it: together they go three times too fast and keep
// being throttled. The program prints, for the run, the calls done, the
// throttles and the throughput.
//
// Offline, against the kit's fake gateway started in this process, with
// the Redis at $REDIS_URL (default redis://127.0.0.1:6379) when there is
// one:
//
//	cd examples/fleet && go run .
//
// Against `jmzs mock -qps 10 -appcode test-code` started elsewhere:
//
//	cd examples/fleet && JMZS_APPCODE=test-code go run . -url http://127.0.0.1:8080/express/query-v2
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net/http"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/contrib/redisquota"
	"github.com/jmzs-sdk/jmzs-go/jmzstest"
)

// config is what a run needs; flags fill it.
type config struct {
	url      string // the API; "" starts the kit's gateway here
	appCode  string
	redisURL string // "" or unreachable: no shared limiter
	quota    string // the shared limiter's name
	replicas int
	calls    int // per replica
	limit    int // the kit's gateway's limit per second, when started here
}

func main() {
	c := config{appCode: os.Getenv("JMZS_APPCODE"), redisURL: os.Getenv("REDIS_URL")}
	if c.redisURL == "" {
		c.redisURL = "redis://127.0.0.1:6379"
	}
	flag.StringVar(&c.url, "url", "", "API URL (default: the kit's fake gateway, started here)")
	flag.StringVar(&c.redisURL, "redis", c.redisURL, "Redis to share the quota through")
	flag.StringVar(&c.quota, "quota", "fleet-example", "name of the shared quota")
	flag.IntVar(&c.replicas, "replicas", 3, "replicas")
	flag.IntVar(&c.calls, "calls", 20, "calls per replica")
	flag.IntVar(&c.limit, "limit", 10, "calls a second the fake gateway allows the app")
	flag.Parse()
	if _, err := run(context.Background(), os.Stdout, c); err != nil {
		log.Fatal(err)
	}
}

// report is what a run did.
type report struct {
	done, throttled int
	learned         jmzs.Rate
	shared          bool // paced through Redis
	elapsed         time.Duration
}

func run(ctx context.Context, out io.Writer, c config) (*report, error) {
	if c.url == "" {
		c.appCode = "fleet-example-code"
		g, err := jmzstest.StartGateway(jmzstest.WithAppCode(c.appCode), jmzstest.WithFixtureRoutes(),
			jmzstest.WithRateLimit(c.limit, time.Second))
		if err != nil {
			return nil, err
		}
		defer g.Close()
		c.url = g.URL() + "/express/query-v2"
	}
	if c.appCode == "" {
		return nil, errors.New("set JMZS_APPCODE to the AppCode the gateway accepts")
	}
	rdb := sharedRedis(ctx, out, c.redisURL)
	if rdb != nil {
		defer rdb.Close()
	}

	var throttled atomic.Int64
	countThrottles := func(req *http.Request, next func(*http.Request) (*http.Response, error)) (*http.Response, error) {
		resp, err := next(req)
		if err == nil && resp.StatusCode == http.StatusTooManyRequests {
			throttled.Add(1)
		}
		return resp, err
	}
	logger := slog.New(noRetries{slog.NewTextHandler(out, nil)})
	rep := &report{shared: rdb != nil}
	clients := make([]*jmzs.Client, c.replicas)
	for i := range clients {
		opts := []jmzs.Option{
			jmzs.WithAppCode(c.appCode),
			jmzs.WithLearnedPacing(),
			jmzs.WithMaxRetries(10),
			jmzs.WithRetryBackoff(100*time.Millisecond, time.Second),
			jmzs.WithMiddleware(countThrottles),
			jmzs.WithLogger(logger.With("replica", i+1)),
		}
		if rdb != nil {
			// No rate of its own: the first throttle anywhere sets it for all.
			quota, err := redisquota.New(rdb, c.quota, 0, 0, redisquota.WithLogger(logger.With("replica", i+1)))
			if err != nil {
				return nil, err
			}
			opts = append(opts, jmzs.WithRateLimiter(quota))
		}
		client, err := jmzs.NewClient(opts...)
		if err != nil {
			return nil, err
		}
		clients[i] = client
	}

	start := time.Now()
	var wg sync.WaitGroup
	var mu sync.Mutex
	var firstErr error
	for _, client := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range c.calls {
				_, err := jmzs.Do[map[string]any](ctx, client, &jmzs.Request{URL: c.url})
				mu.Lock()
				if err == nil {
					rep.done++
				} else if firstErr == nil {
					firstErr = err
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	rep.elapsed = time.Since(start)
	rep.throttled = int(throttled.Load())
	for _, client := range clients { // a replica paced by the others may have learned nothing itself
		if r, ok := client.LearnedRate(); ok {
			rep.learned = r
		}
	}
	how := "each replica pacing itself"
	if rep.shared {
		how = "sharing the quota through Redis"
	}
	fmt.Fprintf(out, "%d replicas, %s: %d of %d calls done, %d throttled, %.1f calls/s; learned %v\n",
		c.replicas, how, rep.done, c.replicas*c.calls, rep.throttled, float64(rep.done)/rep.elapsed.Seconds(), rep.learned)
	return rep, firstErr
}

// sharedRedis connects to the Redis at url, or returns nil when there is
// none to reach.
func sharedRedis(ctx context.Context, out io.Writer, url string) *redis.Client {
	opts, err := redis.ParseURL(url)
	if err != nil {
		fmt.Fprintf(out, "not a Redis URL (%v): each replica paces itself\n", err)
		return nil
	}
	rdb := redis.NewClient(opts)
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	if err := rdb.Ping(ctx).Err(); err != nil {
		fmt.Fprintf(out, "no Redis at %s: each replica paces itself\n", opts.Addr)
		rdb.Close()
		return nil
	}
	return rdb
}

// noRetries drops the client's record of each retry, to show the rest:
// the learned pacing, and the shared limiter's news.
type noRetries struct{ slog.Handler }

func (h noRetries) Handle(ctx context.Context, r slog.Record) error {
	if r.Message == "jmzs retry" {
		return nil
	}
	return h.Handler.Handle(ctx, r)
}

func (h noRetries) WithAttrs(attrs []slog.Attr) slog.Handler {
	return noRetries{h.Handler.WithAttrs(attrs)}
}
