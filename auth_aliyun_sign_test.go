package jmzs

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Every attempt carries a fresh nonce and timestamp: the gateway refuses
// a nonce it has seen ("Nonce Used"), so a retry must not reuse one.
func TestAliyunSignerFreshEveryAttempt(t *testing.T) {
	var mu sync.Mutex
	var nonces, stamps, sigs []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		nonces = append(nonces, r.Header.Get("X-Ca-Nonce"))
		stamps = append(stamps, r.Header.Get("X-Ca-Timestamp"))
		sigs = append(sigs, r.Header.Get("X-Ca-Signature"))
		if len(nonces) < 3 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		io.WriteString(w, `{"code":200,"msg":"成功","data":{}}`)
	}))
	defer srv.Close()
	c, err := NewClient(WithAliyunAppKey("203753385", "aliyun-secret"), WithRetryBackoff(time.Millisecond, time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	before := time.Now().UnixMilli()
	if _, err := Do[struct{}](context.Background(), c, &Request{URL: srv.URL + "/p", Form: map[string][]string{"a": {"1"}}}); err != nil {
		t.Fatal(err)
	}
	after := time.Now().UnixMilli()
	if len(nonces) != 3 {
		t.Fatalf("attempts: %d", len(nonces))
	}
	for i := range nonces {
		for j := range i {
			if nonces[i] == nonces[j] || sigs[i] == sigs[j] {
				t.Errorf("attempts %d and %d share a nonce or a signature", j, i)
			}
		}
		ms, err := strconv.ParseInt(stamps[i], 10, 64)
		if err != nil || ms < before || ms > after {
			t.Errorf("attempt %d: X-Ca-Timestamp %q is not the time of the attempt in ms", i, stamps[i])
		}
	}
}

// A signature is no bearer credential: unlike an AppCode it may go over
// plain HTTP to any host.
func TestAliyunSignerOverHTTP(t *testing.T) {
	req := httptest.NewRequest("GET", "http://jmidcardv1.market.alicloudapi.com/idcard/validate", nil)
	if err := NewAliyunSigner("k", "s").Authenticate(req); err != nil {
		t.Fatal(err)
	}
	if req.Header.Get("X-Ca-Signature") == "" || req.Header.Get("X-Ca-Key") != "k" {
		t.Fatalf("not signed: %v", req.Header)
	}
}

func TestAliyunSignerClockOffset(t *testing.T) {
	s := NewAliyunSigner("k", "s")
	local := time.UnixMilli(1_700_000_000_000)
	s.s.now = func() time.Time { return local }
	s.s.nonce = func() (string, error) { return "n", nil }
	s.ObserveServerTime(local.Add(20 * time.Minute))
	if got := s.ClockOffset(); got != 20*time.Minute {
		t.Fatalf("offset %v", got)
	}
	req := httptest.NewRequest("GET", "http://h/p", nil)
	if err := s.Authenticate(req); err != nil {
		t.Fatal(err)
	}
	if got, want := req.Header.Get("X-Ca-Timestamp"), strconv.FormatInt(local.Add(20*time.Minute).UnixMilli(), 10); got != want {
		t.Fatalf("X-Ca-Timestamp %s, want the gateway's time %s", got, want)
	}
}

func TestAliyunSignerRefusals(t *testing.T) {
	const secret = "SECRET0123456789abcdefTOPSECRET"
	for _, tc := range []struct {
		name string
		opts []Option
		want string
	}{
		{"empty AppKey", []Option{WithAliyunAppKey("", secret)}, "WithAliyunAppKey: empty AppKey"},
		{"empty AppSecret", []Option{WithAliyunAppKey("key", "")}, "WithAliyunAppKey: empty AppSecret"},
		{"padded AppSecret", []Option{WithAliyunAppKey("key", " "+secret)}, "WithAliyunAppKey: AppSecret has leading or trailing white space"},
		{"newline", []Option{WithAliyunAppKey("key", "SECRET\nTOPSECRET")}, "WithAliyunAppKey: AppSecret holds a control character"},
		{"two credentials", []Option{WithAliyunAppKey("key", secret), WithAliyunAppCode(secret)}, "WithAliyunAppKey and WithAliyunAppCode are both credentials for Alibaba Cloud's API market"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewClient(tc.opts...)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want %q", err, tc.want)
			}
			if strings.Contains(err.Error(), "TOPSECRET") {
				t.Fatalf("error shows the secret: %v", err)
			}
		})
	}
	if err := (&AliyunSigner{}).Authenticate(httptest.NewRequest("GET", "http://h/", nil)); err == nil {
		t.Fatal("a zero AliyunSigner signs")
	}
	// A repeated key is refused before anything is sent, naming the key only.
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { t.Error("request sent") }))
	defer srv.Close()
	c, err := NewClient(WithAliyunAppKey("key", secret))
	if err != nil {
		t.Fatal(err)
	}
	_, err = Do[struct{}](context.Background(), c, &Request{URL: srv.URL + "/p?name=x", Query: map[string][]string{"name": {"11010519491231002X"}}})
	if err == nil || !strings.Contains(err.Error(), `query parameter "name" is given more than once`) || strings.Contains(err.Error(), "1101051949") {
		t.Fatalf("got %v", err)
	}
}
