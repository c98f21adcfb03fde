package apigsign

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math/rand"
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/jmzs-sdk/jmzs-go/internal/signvectors"
)

// TestVectorsFullHeaderPolicy signs every vector with exactly its header
// set (every entry signed, host from the Host entry) and requires the
// canonical request, string to sign and Authorization it records.
func TestVectorsFullHeaderPolicy(t *testing.T) {
	for _, v := range signvectors.Load(t) {
		t.Run(v.Name, func(t *testing.T) {
			u, err := url.Parse(v.URL)
			if err != nil {
				t.Fatal(err)
			}
			var hs []Header
			for name, value := range v.Headers {
				hs = append(hs, Header{Name: name, Value: value})
			}
			payload := v.Headers[HeaderContentSHA256]
			if payload == "" {
				sum := sha256.Sum256([]byte(v.Body))
				payload = hex.EncodeToString(sum[:])
			}
			query, err := CanonicalQuery(u.RawQuery)
			if err != nil {
				t.Fatal(err)
			}

			cr, signedStart, signedEnd, err := AppendCanonicalRequest(nil, &Request{
				Method:      v.Method,
				EscapedPath: u.EscapedPath(),
				Query:       query,
				Headers:     hs,
				PayloadHash: payload,
			})
			if err != nil {
				t.Fatal(err)
			}
			equal(t, "canonical request", v.ExpectedCanonicalRequest, string(cr))

			sts := AppendStringToSign(nil, v.Date, cr)
			equal(t, "string to sign", v.ExpectedStringToSign, string(sts))

			auth := AppendAuthorization(nil, v.AK, cr[signedStart:signedEnd], NewKey(v.SK).AppendMACHex(nil, sts))
			equal(t, "authorization", v.ExpectedAuthorization, string(auth))

			parsed, err := ParseAuthorization(string(auth))
			if err != nil {
				t.Fatal(err)
			}
			equal(t, "access", v.AK, parsed.Access)
			equal(t, "signed headers", string(cr[signedStart:signedEnd]), strings.Join(parsed.SignedHeaders, ";"))
			if !NewKey(v.SK).Equal(sts, parsed.Signature) || NewKey(v.SK+"x").Equal(sts, parsed.Signature) {
				t.Error("Key.Equal does not tell the right secret from a wrong one")
			}

			// AppendSignature, given the query as sent, must write the same
			// texts, after whatever the buffer already holds.
			prefix := "left as it was"
			buf, sig, err := AppendSignature([]byte(prefix), &Request{
				Method:      v.Method,
				EscapedPath: u.EscapedPath(),
				Headers:     hs,
				PayloadHash: payload,
			}, u.RawQuery, v.Date, v.AK, NewKey(v.SK))
			if err != nil {
				t.Fatal(err)
			}
			part := func(r [2]int) string { return string(buf[r[0]:r[1]]) }
			equal(t, "AppendSignature prefix", prefix, string(buf[:len(prefix)]))
			equal(t, "AppendSignature query", query, part(sig.Query))
			equal(t, "AppendSignature canonical request", v.ExpectedCanonicalRequest, part(sig.CanonicalRequest))
			equal(t, "AppendSignature string to sign", v.ExpectedStringToSign, part(sig.StringToSign))
			equal(t, "AppendSignature authorization", v.ExpectedAuthorization, part(sig.Authorization))
		})
	}
}

// TestKeyMACMatchesHMAC compares Key, which restores saved hash states
// from a pool, with a fresh crypto/hmac for each message: random keys and
// messages on both sides of the 64-byte block size, each Key used for
// many messages in turn, so that a state left over from one message would
// show in the next.
func TestKeyMACMatchesHMAC(t *testing.T) {
	r := rand.New(rand.NewSource(7))
	lengths := []int{0, 1, 31, 63, 64, 65, 127, 128, 160, 190, 191, 192, 193, 255, 256, 1000}
	for i := range 40 {
		key := make([]byte, lengths[i%len(lengths)]+r.Intn(3))
		r.Read(key)
		k := NewKey(string(key))
		for j := range 20 {
			msg := make([]byte, lengths[(i+j)%len(lengths)]+r.Intn(3))
			r.Read(msg)

			h := hmac.New(sha256.New, key)
			h.Write(msg)
			wantHex := hex.EncodeToString(h.Sum(nil))
			equal(t, "AppendMACHex", "x"+wantHex, string(k.AppendMACHex([]byte("x"), msg)))
			if !k.Equal(msg, wantHex) || k.Equal(msg, wantHex[1:]) || k.Equal(msg, wantHex[:63]+"x") {
				t.Fatalf("key %d bytes, msg %d bytes: Equal is wrong", len(key), len(msg))
			}
		}
	}
}

// TestKeyConcurrent uses one Key from many goroutines (run it with -race):
// each must get the MAC of its own message.
func TestKeyConcurrent(t *testing.T) {
	k := NewKey("secret")
	done := make(chan error)
	for g := range 8 {
		go func() {
			for i := range 200 {
				msg := []byte(fmt.Sprintf("goroutine %d message %d", g, i))
				h := hmac.New(sha256.New, []byte("secret"))
				h.Write(msg)
				if got := k.AppendMACHex(nil, msg); string(got) != hex.EncodeToString(h.Sum(nil)) {
					done <- fmt.Errorf("goroutine %d message %d: wrong MAC", g, i)
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

func equal(t *testing.T, what, want, got string) {
	t.Helper()
	if got != want {
		t.Errorf("%s:\n got %q\nwant %q", what, got, want)
	}
}

// TestAppendDate compares the hand-written formatter with time's.
func TestAppendDate(t *testing.T) {
	r := rand.New(rand.NewSource(9))
	times := []time.Time{
		time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(999, 12, 31, 23, 59, 59, 999999999, time.UTC),
		time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC),
		time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC),
	}
	for range 1000 {
		times = append(times, time.Unix(r.Int63n(1<<36)-1<<35, r.Int63n(1e9)).UTC())
	}
	for _, tm := range times {
		equal(t, tm.String(), tm.Format(DateFormat), string(AppendDate([]byte("x"), tm)[1:]))
	}
}

// TestCanonicalURI covers the decode-then-split rule of Huawei's own
// signers: an encoded slash signs as a slash, dot and empty segments stay.
func TestCanonicalURI(t *testing.T) {
	for _, tt := range []struct{ path, want string }{
		{"", "/"},
		{"/", "/"},
		{"/v1/items", "/v1/items/"},
		{"/v1/items/", "/v1/items/"},
		{"/v1/a%2Fb", "/v1/a/b/"},
		{"/v1/a%2fb/", "/v1/a/b/"},
		{"/v1/%2F%2F", "/v1///"},
		{"/v1/./a/../b", "/v1/./a/../b/"},
		{"/v1/%2E%2e/x", "/v1/../x/"},
		{"//v1//x", "//v1//x/"},
		{"/v1/a%20b+c~d", "/v1/a%20b%2Bc~d/"},
		{"/v1/%E6%B5%8B%E8%AF%95", "/v1/%E6%B5%8B%E8%AF%95/"},
		{"/v1/%e6%b5%8b", "/v1/%E6%B5%8B/"},
		{"/v1/a:b@c!$'()*,;=", "/v1/a%3Ab%40c%21%24%27%28%29%2A%2C%3B%3D/"},
		{"/v1/%3F%23%25", "/v1/%3F%23%25/"},
	} {
		got, err := AppendCanonicalURI([]byte("x"), tt.path)
		if err != nil {
			t.Errorf("%q: %v", tt.path, err)
			continue
		}
		equal(t, tt.path, "x"+tt.want, string(got))
	}
}

// TestCanonicalFormRefusals checks that a path or query with no canonical
// form is an error naming the part and the escape, never a value.
func TestCanonicalFormRefusals(t *testing.T) {
	for _, tt := range []struct {
		path, query string
		err         error
		msg         string
	}{
		{path: "/v1/%FF", err: ErrInvalidUTF8, msg: "path segment 2: %FF is not valid UTF-8"},
		{path: "/v1/ok/a%ffb", err: ErrInvalidUTF8, msg: "path segment 3: %ff is not valid UTF-8"},
		{path: "/%E6%B5/x", err: ErrInvalidUTF8, msg: "path segment 1: %E6%B5 is not valid UTF-8"},
		{path: "/%C0%AF", err: ErrInvalidUTF8, msg: "path segment 1: %C0%AF is not valid UTF-8"},
		{path: "/a%2", err: ErrBadEscape, msg: `path segment 1: malformed percent-escape "%2"`},
		{path: "/a%zz", err: ErrBadEscape, msg: `path segment 1: malformed percent-escape "%zz"`},
		{path: "/\xff", err: ErrInvalidUTF8, msg: `path segment 1: "\xff" is not valid UTF-8`},
		{query: "a=1&b=%FF", err: ErrInvalidUTF8, msg: "query parameter 2 value: %FF is not valid UTF-8"},
		{query: "secret%FE=1", err: ErrInvalidUTF8, msg: "query parameter 1 key: %FE is not valid UTF-8"},
		{query: "a=1&&=v", err: ErrEmptyKey, msg: "query parameter 2: empty key"},
		{query: "=", err: ErrEmptyKey, msg: "query parameter 1: empty key"},
		{query: "a=%4", err: ErrBadEscape, msg: `query parameter 1 value: malformed percent-escape "%4"`},
	} {
		var err error
		if tt.path != "" {
			_, err = AppendCanonicalURI(nil, tt.path)
		} else {
			_, err = CanonicalQuery(tt.query)
		}
		var fe *FormError
		if !errors.As(err, &fe) || !errors.Is(err, tt.err) {
			t.Errorf("%q%q: error %v, want a *FormError wrapping %v", tt.path, tt.query, err, tt.err)
			continue
		}
		equal(t, tt.path+tt.query, tt.msg, err.Error())
	}
	// '+' is a space in the query, valid everywhere; bare keys are fine.
	got, err := CanonicalQuery("a+b=c+d&k&e=")
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "plus and bare keys", "a%20b=c%20d&e=&k=", got)
}

// TestCanonicalURIMatchesReference compares AppendCanonicalURI on random
// escaped paths with a plain reference: url.PathUnescape the whole path,
// split on '/', Escape each segment.
func TestCanonicalURIMatchesReference(t *testing.T) {
	r := rand.New(rand.NewSource(11))
	const alphabet = "aZ09-_.~/% +:@!测é"
	for range 5000 {
		var b strings.Builder
		for range r.Intn(12) {
			switch c := []rune(alphabet)[r.Intn(len([]rune(alphabet)))]; {
			case c == '%':
				fmt.Fprintf(&b, "%%%02X", []byte("/%.a\xe6\xb5\x8b\xff")[r.Intn(8)])
			case c > 127 || c == ' ':
				b.WriteString(url.PathEscape(string(c)))
			default:
				b.WriteRune(c)
			}
		}
		path := "/" + b.String()
		got, err := AppendCanonicalURI(nil, path)
		dec, refErr := url.PathUnescape(path)
		if refErr == nil && !utf8.ValidString(dec) {
			refErr = ErrInvalidUTF8
		}
		if (err != nil) != (refErr != nil) {
			t.Fatalf("%q: error %v, reference %v", path, err, refErr)
		}
		if err != nil {
			continue
		}
		segs := strings.Split(dec, "/")
		for i, s := range segs {
			segs[i] = Escape(s)
		}
		want := strings.Join(segs, "/")
		if !strings.HasSuffix(want, "/") {
			want += "/"
		}
		equal(t, path, want, string(got))
	}
}
