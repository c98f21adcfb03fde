package jmzs

import (
	"fmt"
	"math/rand"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestAPIGSignerDateFollowsClock drives the signer's clock: X-Sdk-Date,
// whose text the signer makes once a second and reuses, must be the
// clock's second each time, across a second's end, after the clock goes
// back, and as soon as a clock offset is learnt.
func TestAPIGSignerDateFollowsClock(t *testing.T) {
	s := NewAPIGSigner("key", "secret")
	local := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	s.s.now = func() time.Time { return local }
	dateOf := func() string {
		t.Helper()
		req, _ := http.NewRequest("GET", "https://h.example.com/p", nil)
		if err := s.Authenticate(req); err != nil {
			t.Fatal(err)
		}
		return req.Header.Get("X-Sdk-Date")
	}
	for _, step := range []struct {
		at   time.Time
		want string
	}{
		{local, "20240102T030405Z"},
		{local.Add(999 * time.Millisecond), "20240102T030405Z"},
		{local.Add(time.Second), "20240102T030406Z"},
		{local.Add(2 * time.Second), "20240102T030407Z"},
		{local.Add(2*time.Second - time.Nanosecond), "20240102T030406Z"},
		{local.Add(-time.Nanosecond), "20240102T030404Z"},
		{local.Add(24 * time.Hour), "20240103T030405Z"},
		{local.In(time.FixedZone("CST", 8*3600)), "20240102T030405Z"},
	} {
		local = step.at
		if got := dateOf(); got != step.want {
			t.Errorf("at %v: X-Sdk-Date %s, want %s", step.at, got, step.want)
		}
	}
	s.ObserveServerTime(local.Add(20 * time.Minute))
	if got := dateOf(); got != "20240102T032405Z" {
		t.Errorf("after learning a 20-minute offset: X-Sdk-Date %s", got)
	}
}

// TestAPIGSignerHeaderValuesAreSeparate checks that the Authorization and
// X-Sdk-Date values, which share one allocation, cannot overwrite each
// other when a caller appends to one of them.
func TestAPIGSignerHeaderValuesAreSeparate(t *testing.T) {
	req, _ := http.NewRequest("GET", "https://h.example.com/p?b=2&a=1", nil)
	if err := NewAPIGSigner("key", "secret").Authenticate(req); err != nil {
		t.Fatal(err)
	}
	auth, date := req.Header.Get("Authorization"), req.Header.Get("X-Sdk-Date")
	req.Header.Add("Authorization", "second")
	if got := req.Header.Get("X-Sdk-Date"); got != date {
		t.Errorf("appending to Authorization changed X-Sdk-Date to %q", got)
	}
	req.Header.Add("X-Sdk-Date", "second")
	if got := req.Header.Values("Authorization"); len(got) != 2 || got[0] != auth || got[1] != "second" {
		t.Errorf("appending to X-Sdk-Date changed Authorization to %q", got)
	}
	if req.URL.RawQuery != "a=1&b=2" {
		t.Errorf("query %q", req.URL.RawQuery)
	}
}

// TestAPIGSignerRepeatedDate: a valid X-Sdk-Date set twice is refused, as
// any repeated header is; an invalid one is replaced, however often set.
func TestAPIGSignerRepeatedDate(t *testing.T) {
	req, _ := http.NewRequest("GET", "https://h.example.com/p", nil)
	req.Header["X-Sdk-Date"] = []string{"20240102T030405Z", "20240102T030406Z"}
	if err := NewAPIGSigner("key", "secret").Authenticate(req); err == nil || !strings.Contains(err.Error(), "X-Sdk-Date is set 2 times") {
		t.Errorf("valid date set twice: error %v", err)
	}
	req.Header["X-Sdk-Date"] = []string{"not a date", "nor this"}
	if err := NewAPIGSigner("key", "secret").Authenticate(req); err != nil {
		t.Fatal(err)
	}
	if v := req.Header["X-Sdk-Date"]; len(v) != 1 || !isDate(v[0]) {
		t.Errorf("invalid dates not replaced: %q", v)
	}
}

// TestEscapedPathMatchesURL compares escapedPath, which skips
// url.URL.EscapedPath for paths with nothing to escape, with EscapedPath
// on random paths, set both ways (Path only, and parsed, with RawPath).
func TestEscapedPathMatchesURL(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	alphabet := []string{"a", "Z", "0", "-", "_", ".", "~", "/", "/", "%2F", "%41", " ", "+", ":", "@", "!", "*", "%", "é", "测", ";", "=", "$"}
	for range 20000 {
		var b strings.Builder
		for range r.Intn(10) {
			b.WriteString(alphabet[r.Intn(len(alphabet))])
		}
		p := b.String()
		u := &url.URL{Path: p}
		if got, want := escapedPath(u), u.EscapedPath(); got != want {
			t.Fatalf("Path %q: escapedPath %q, EscapedPath %q", p, got, want)
		}
		if parsed, err := url.Parse("https://h.example.com/" + p); err == nil {
			if got, want := escapedPath(parsed), parsed.EscapedPath(); got != want {
				t.Fatalf("parsed %q: escapedPath %q, EscapedPath %q", p, got, want)
			}
		}
	}
}

// TestAPIGSignerConcurrent signs from many goroutines with one signer
// (run it with -race): each X-Sdk-Date must be the time of its own call,
// and each signature the one a fresh signer makes for that date.
func TestAPIGSignerConcurrent(t *testing.T) {
	shared := NewAPIGSigner("key", "secret")
	done := make(chan error)
	for g := range 8 {
		go func() {
			for i := range 300 {
				target := "https://h.example.com/v1/items?z=" + strings.Repeat("x", i%7) + "&g=" + string(rune('a'+g))
				req, _ := http.NewRequest("POST", target, nil)
				req.Header.Set("Content-Type", "application/json")
				before := time.Now().UTC().Truncate(time.Second)
				if err := shared.Authenticate(req); err != nil {
					done <- err
					return
				}
				after := time.Now().UTC()
				date, err := time.Parse("20060102T150405Z", req.Header.Get("X-Sdk-Date"))
				if err != nil || date.Before(before) || date.After(after) {
					done <- fmt.Errorf("X-Sdk-Date %q signed between %v and %v (%v)", req.Header.Get("X-Sdk-Date"), before, after, err)
					return
				}
				again, _ := http.NewRequest("POST", target, nil)
				again.Header.Set("Content-Type", "application/json")
				again.Header.Set("X-Sdk-Date", req.Header.Get("X-Sdk-Date"))
				if err := NewAPIGSigner("key", "secret").Authenticate(again); err != nil {
					done <- err
					return
				}
				if got, want := req.Header.Get("Authorization"), again.Header.Get("Authorization"); got != want {
					done <- fmt.Errorf("%s: shared signer's Authorization %q, a fresh signer's %q", target, got, want)
					return
				}
			}
			done <- nil
		}()
	}
	for range 8 {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}

// raceEnabled is set by race_test.go when the race detector is on.
var raceEnabled bool

// TestAPIGSignerAllocations pins what signing allocates: the Authorization
// value, sharing its allocation with the query when the query is rewritten,
// and one slice for the header values (the X-Sdk-Date text is made once a
// second). More would mean that the signed-header list, kept on the stack,
// escaped to the heap.
func TestAPIGSignerAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts differ under the race detector")
	}
	s := NewAPIGSigner("key", "secret")
	for _, query := range []string{"expressCode=YTO&mobile=1234&number=1", "number=1&expressCode=YTO&mobile=1234"} {
		req, _ := http.NewRequest("POST", "https://h.example.com/express/query-v2?"+query, nil)
		req.Header.Set("Content-Type", "application/json")
		allocs := testing.AllocsPerRun(100, func() {
			req.URL.RawQuery = query
			delete(req.Header, "Authorization")
			delete(req.Header, "X-Sdk-Date")
			if err := s.Authenticate(req); err != nil {
				t.Fatal(err)
			}
		})
		if allocs > 2 {
			t.Errorf("query %q: %v allocations a signature, want at most 2", query, allocs)
		}
	}
}

// TestAPIGSignerNeverSignsAppCode ties isNotSigned's list to HeaderAppCode.
func TestAPIGSignerNeverSignsAppCode(t *testing.T) {
	if !isNotSigned(http.CanonicalHeaderKey(HeaderAppCode)) {
		t.Errorf("%s would be signed", HeaderAppCode)
	}
}
