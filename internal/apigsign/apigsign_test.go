package apigsign

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"math/rand"
	"net/url"
	"strings"
	"testing"
	"time"

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
		})
	}
}

// TestKeyMACMatchesHMAC compares the precomputed-pad MAC with crypto/hmac
// on random keys and messages on both sides of the 64-byte block size and
// of the 192-byte stack-buffer limit.
func TestKeyMACMatchesHMAC(t *testing.T) {
	r := rand.New(rand.NewSource(7))
	lengths := []int{0, 1, 31, 63, 64, 65, 127, 128, 160, 190, 191, 192, 193, 255, 256, 1000}
	for i := range 400 {
		key := make([]byte, lengths[i%len(lengths)]+r.Intn(3))
		msg := make([]byte, lengths[(i/len(lengths))%len(lengths)]+r.Intn(3))
		r.Read(key)
		r.Read(msg)

		h := hmac.New(sha256.New, key)
		h.Write(msg)
		want := h.Sum(nil)

		k := NewKey(string(key))
		got := k.MAC(msg)
		if !hmac.Equal(want, got[:]) {
			t.Fatalf("key %d bytes, msg %d bytes: MAC %x, crypto/hmac %x", len(key), len(msg), got, want)
		}
		wantHex := hex.EncodeToString(want)
		equal(t, "AppendMACHex", wantHex, string(k.AppendMACHex(nil, msg)))
		if !k.Equal(msg, wantHex) || k.Equal(msg, wantHex[1:]) || k.Equal(msg, wantHex[:63]+"x") {
			t.Fatalf("key %d bytes, msg %d bytes: Equal is wrong", len(key), len(msg))
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
