package e2e_test

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	jmzs "github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/jmzstest"
)

// throttledCalls runs calls concurrent calls, 4 at a time, against a
// gateway limiting the app to 5/s, and returns how many attempts it
// throttled.
func throttledCalls(t *testing.T, calls int, opts ...jmzs.Option) (*jmzs.Client, int) {
	t.Helper()
	g := jmzstest.NewGateway(t, jmzstest.WithAppKey(testAppKey, testAppSecret), jmzstest.WithFixtureRoutes(),
		jmzstest.WithRateLimit(5, time.Second))
	c, err := jmzs.NewClient(append([]jmzs.Option{jmzs.WithAppKey(testAppKey, testAppSecret), jmzs.WithHTTPClient(g.HTTPClient()),
		jmzs.WithMaxRetries(1000), jmzs.WithRetryBackoff(10*time.Millisecond, 10*time.Millisecond)}, opts...)...)
	require.NoError(t, err)
	var wg sync.WaitGroup
	jobs := make(chan int)
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range jobs {
				_, err := jmzs.Do[map[string]any](context.Background(), c, &jmzs.Request{URL: g.URL() + "/express/query-v2"})
				require.NoError(t, err)
			}
		}()
	}
	for i := range calls {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	throttled, served := 0, 0
	for _, r := range g.Requests() {
		switch r.Status {
		case http.StatusTooManyRequests:
			throttled++
		case http.StatusOK:
			served++
		}
	}
	require.Equal(t, calls, served)
	return c, throttled
}

// TestLearnedPacingAgainstTheKitsRateLimit: against the kit's APIG rate
// limit, a client that learns the limit from the first throttle collects
// a few throttles; one that does not collects one per backoff.
func TestLearnedPacingAgainstTheKitsRateLimit(t *testing.T) {
	const calls = 15
	c, paced := throttledCalls(t, calls, jmzs.WithLearnedPacing())
	r, ok := c.LearnedRate()
	require.True(t, ok)
	require.Equal(t, jmzs.Rate{Limit: 5, Per: time.Second}, r)

	_, unpaced := throttledCalls(t, calls)
	t.Logf("%d calls at a 5/s limit: %d throttles with learned pacing, %d without", calls, paced, unpaced)
	require.Less(t, paced, 12, "learned pacing: at most a few throttles while the limit is learned")
	require.Greater(t, unpaced, 3*paced, "without learned pacing the client keeps hitting the limit")
}
