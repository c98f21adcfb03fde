package jmzs

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestStatedRate(t *testing.T) {
	const prefix = "The throttling threshold has been reached: policy user over ratelimit,"
	tests := []struct {
		code, msg string
		want      Rate
		ok        bool
	}{
		{"APIG.0308", prefix + "limit:20,time:1 second", Rate{20, time.Second}, true},
		{"APIGW.0308", prefix + "limit:600,time:1 minute", Rate{600, time.Minute}, true},
		{"APIG.0308", prefix + "limit:1000,time:1 day", Rate{1000, 24 * time.Hour}, true},
		{"APIG.0308", prefix + "limit:5,time:10 second", Rate{5, 10 * time.Second}, true},
		{"APIG.0308", prefix + "limit: 7, time: 2 hours", Rate{7, 2 * time.Hour}, true},
		{"APIG.0308", "The throttling threshold has been reached", Rate{}, false},
		{"APIG.0308", prefix + "limit:0,time:1 second", Rate{}, false},
		{"APIG.0308", prefix + "limit:20,time:0 second", Rate{}, false},
		{"APIG.0308", prefix + "limit:99999999999999999999,time:1 second", Rate{}, false},
		{"APIG.0308", prefix + "limit:2000000000,time:1 second", Rate{}, false}, // under a nanosecond apart
		{"APIG.0303", prefix + "limit:20,time:1 second", Rate{}, false},
		{"", "limit:20,time:1 second", Rate{}, false},
	}
	for _, tt := range tests {
		got, ok := statedRate(&GatewayError{HTTPStatus: 429, ErrorCode: tt.code, ErrorMsg: tt.msg})
		if got != tt.want || ok != tt.ok {
			t.Errorf("statedRate(%s %q) = %v, %v; want %v, %v", tt.code, tt.msg, got, ok, tt.want, tt.ok)
		}
	}
}

// throttler answers 200 envelopes, except that it throttles the calls
// whose number (from 1) is in throttle with the given answer.
type throttler struct {
	calls    atomic.Int32
	throttle map[int32]func(http.ResponseWriter)
	mu       sync.Mutex
	times    []time.Time
}

func (s *throttler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := s.calls.Add(1)
	s.mu.Lock()
	s.times = append(s.times, time.Now())
	s.mu.Unlock()
	if answer, ok := s.throttle[n]; ok {
		answer(w)
		return
	}
	fmt.Fprint(w, `{"code":200,"msg":"成功","taskNo":"1","data":{}}`)
}

// arrivals returns when the calls arrived.
func (s *throttler) arrivals() []time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Time(nil), s.times...)
}

// apigThrottle answers as APIG does over its limit.
func apigThrottle(code, limit string) func(http.ResponseWriter) {
	return func(w http.ResponseWriter) {
		w.WriteHeader(http.StatusTooManyRequests)
		fmt.Fprintf(w, `{"error_code":%q,"error_msg":"The throttling threshold has been reached: policy user over ratelimit,%s","request_id":"r1"}`, code, limit)
	}
}

func newPacedClient(t *testing.T, logs *bytes.Buffer, opts ...Option) *Client {
	t.Helper()
	c, err := NewClient(append([]Option{WithAppCode("test-code"), WithLearnedPacing(), WithRetryBackoff(time.Millisecond, time.Millisecond),
		WithLogger(slog.New(slog.NewTextHandler(logs, nil)))}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func callOnce(c *Client, url string) error {
	_, err := Do[struct{}](context.Background(), c, &Request{URL: url})
	return err
}

func TestLearnedPacingPacesToTheStatedLimit(t *testing.T) {
	s := &throttler{throttle: map[int32]func(http.ResponseWriter){1: apigThrottle("APIG.0308", "limit:5,time:1 second")}}
	srv := httptest.NewServer(s)
	defer srv.Close()
	var logs bytes.Buffer
	c := newPacedClient(t, &logs)
	if _, ok := c.LearnedRate(); ok {
		t.Fatal("a rate learned before any call")
	}

	start := time.Now()
	if err := callOnce(c, srv.URL); err != nil { // throttled, then retried
		t.Fatal(err)
	}
	if r, ok := c.LearnedRate(); !ok || r != (Rate{5, time.Second}) {
		t.Fatalf("LearnedRate = %v, %v", r, ok)
	}
	if !strings.Contains(logs.String(), `level=INFO msg="jmzs learned pacing: the gateway states its rate limit; pacing to it" limit=5 per=1s error_code=APIG.0308`) {
		t.Fatalf("no info record of the learned rate:\n%s", logs.String())
	}
	for range 4 {
		if err := callOnce(c, srv.URL); err != nil {
			t.Fatal(err)
		}
	}
	// The retry and the 4 calls after it are paced 200ms apart: the last
	// cannot start before 800ms after the retry.
	if elapsed := time.Since(start); elapsed < 800*time.Millisecond {
		t.Fatalf("5 attempts at a learned 5/s took %v", elapsed)
	}
	if n := s.calls.Load(); n != 6 {
		t.Fatalf("%d attempts, want 6", n)
	}
}

func TestLearnedPacingWithoutTheOptionLearnsNothing(t *testing.T) {
	s := &throttler{throttle: map[int32]func(http.ResponseWriter){1: apigThrottle("APIG.0308", "limit:5,time:1 second")}}
	srv := httptest.NewServer(s)
	defer srv.Close()
	c, err := NewClient(WithAppCode("test-code"), WithRetryBackoff(time.Millisecond, time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	if err := callOnce(c, srv.URL); err != nil {
		t.Fatal(err)
	}
	if r, ok := c.LearnedRate(); ok {
		t.Fatalf("LearnedRate = %v without WithLearnedPacing", r)
	}
	if r, ok := (*Client)(nil).LearnedRate(); ok {
		t.Fatalf("nil client: %v", r)
	}
}

func TestLearnedPacingKeepsTheSlowestRate(t *testing.T) {
	s := &throttler{throttle: map[int32]func(http.ResponseWriter){
		1: apigThrottle("APIG.0308", "limit:50,time:1 second"),
		3: apigThrottle("APIGW.0308", "limit:600,time:1 minute"), // 10/s
		5: apigThrottle("APIG.0308", "limit:40,time:1 second"),
	}}
	srv := httptest.NewServer(s)
	defer srv.Close()
	var logs bytes.Buffer
	c := newPacedClient(t, &logs)
	for range 3 {
		if err := callOnce(c, srv.URL); err != nil {
			t.Fatal(err)
		}
	}
	if r, _ := c.LearnedRate(); r != (Rate{600, time.Minute}) {
		t.Fatalf("LearnedRate = %v, want the slowest stated, 600/1m", r)
	}
	if n := strings.Count(logs.String(), "jmzs learned pacing"); n != 2 {
		t.Fatalf("%d records of a learned rate, want 2 (50/s, then 600/min):\n%s", n, logs.String())
	}
}

// setter is a RateSetter that records the rates set on it.
type setter struct {
	mu    sync.Mutex
	rate  Rate
	sets  []Rate
	waits int
}

func (s *setter) Wait(context.Context) error {
	s.mu.Lock()
	s.waits++
	s.mu.Unlock()
	return nil
}

func (s *setter) Rate() (int, time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rate.Limit, s.rate.Per
}

func (s *setter) SetRate(limit int, per time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rate = Rate{limit, per}
	s.sets = append(s.sets, s.rate)
	return nil
}

func TestLearnedPacingSetsARateSetter(t *testing.T) {
	for _, tt := range []struct {
		name  string
		start Rate
		sets  []Rate
	}{
		{"unlimited", Rate{}, []Rate{{20, time.Second}}},
		{"faster", Rate{100, time.Second}, []Rate{{20, time.Second}}},
		{"already slower", Rate{10, time.Second}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := &throttler{throttle: map[int32]func(http.ResponseWriter){1: apigThrottle("APIG.0308", "limit:20,time:1 second")}}
			srv := httptest.NewServer(s)
			defer srv.Close()
			l := &setter{rate: tt.start}
			var logs bytes.Buffer
			c := newPacedClient(t, &logs, WithRateLimiter(l))
			for range 3 {
				if err := callOnce(c, srv.URL); err != nil {
					t.Fatal(err)
				}
			}
			if fmt.Sprint(l.sets) != fmt.Sprint(tt.sets) {
				t.Fatalf("rates set: %v, want %v", l.sets, tt.sets)
			}
			if l.waits != 4 {
				t.Fatalf("the limiter was waited on %d times for 4 attempts", l.waits)
			}
			// The limiter paces; the client does not pace on top of it.
			if c.pacing.next != (time.Time{}) {
				t.Fatal("the client paced itself as well as through the RateSetter")
			}
		})
	}
}

func TestLearnedPacingHoldsForAThrottleStatingNoLimit(t *testing.T) {
	aliyun := func(w http.ResponseWriter) {
		w.Header().Set("X-Ca-Error-Message", "Throttled by APP Flow Control")
		w.Header().Set("Retry-After", "1")
		w.WriteHeader(http.StatusForbidden)
	}
	s := &throttler{throttle: map[int32]func(http.ResponseWriter){1: aliyun}}
	srv := httptest.NewServer(s)
	defer srv.Close()
	var logs bytes.Buffer
	c := newPacedClient(t, &logs, WithMaxRetries(0))
	var ge *GatewayError
	if err := callOnce(c, srv.URL); !errors.As(err, &ge) || ge.HTTPStatus != http.StatusForbidden {
		t.Fatalf("first call: %v", err)
	}
	if err := callOnce(c, srv.URL); err != nil {
		t.Fatal(err)
	}
	if times := s.arrivals(); times[1].Sub(times[0]) < 900*time.Millisecond {
		t.Fatalf("the call after Retry-After: 1 went %v later", times[1].Sub(times[0]))
	}
	if r, ok := c.LearnedRate(); ok {
		t.Fatalf("a rate learned from a throttle stating none: %v", r)
	}
}

func TestLearnedPacingRefusesATurnPastTheDeadline(t *testing.T) {
	s := &throttler{throttle: map[int32]func(http.ResponseWriter){1: apigThrottle("APIG.0308", "limit:1,time:1 minute")}}
	srv := httptest.NewServer(s)
	defer srv.Close()
	var logs bytes.Buffer
	c := newPacedClient(t, &logs, WithMaxRetries(0))
	if err := callOnce(c, srv.URL); !errors.Is(err, ErrThrottled) {
		t.Fatalf("first call: %v", err)
	}
	if err := callOnce(c, srv.URL); err != nil { // the learned pace's first turn
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, err := Do[struct{}](ctx, c, &Request{URL: srv.URL})
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "learned pacing") || ctx.Err() != nil {
		t.Fatalf("a call whose turn is a minute away, with 5s left: %v", err)
	}
	if n := s.calls.Load(); n != 2 {
		t.Fatalf("%d calls reached the server, want 2", n)
	}
}
