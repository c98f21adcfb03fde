package interop

import (
	"encoding/json"
	"fmt"
	"io"
	"math/rand"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/jmzs-sdk/jmzs-go/internal/interop/corpus"
)

// How the harness makes both signers cover the same header set
// (huaweicloud-sdk-go-v3 core/auth/signer/signer.go, extractSignedHeaders
// and the UNSIGNED-PAYLOAD rule):
//
//   - host: v3 signs host only when it has a Host header parameter, so v3
//     gets one holding the Host our request will send (req.Host, or the
//     URL's host).
//   - content-type: v3 never signs it (extractSignedHeaders skips content-type*) and ours always signs
//     a Content-Type the caller set, so only v3 is given the Content-Type.
//     That still drives v3's rule of adding X-Sdk-Content-Sha256:
//     UNSIGNED-PAYLOAD for types other than JSON/BSON (https://support.huaweicloud.com/intl/en-us/devg-apisign/api-sign-exclude-body.html); where it
//     applies, our request carries the same header, which both then sign
//     and use as the payload hash. For JSON types, and for bodies without
//     a type, both hash the body bytes.
//   - names with '_': v3 drops them (extractSignedHeaders skips names with '_') and so does ours, so the
//     generator may add them; they must not change either signature.
//   - The path is given to v3 decoded (v3 escapes each '/'-separated piece
//     of its raw path parameter), to ours as a URL whose path is a random
//     valid percent-encoding of it. An encoded slash (%2F) in ours is a '/'
//     in v3's decoded path: Huawei's signers decode the path, then split it.
//   - Query values go to v3 as reflect.Value (strings, or a []string for a
//     repeated key); ours gets a raw query string in random order with
//     random but valid encodings ('+' or %20 for space, upper- or
//     lower-case hex, bare "k" or "k=" for empty values).
//   - X-Sdk-Date is preset on both, so both sign the same time.

// sample is one random request, in both signers' shapes.
type sample struct {
	ak, sk  string
	url     string // what our request is made from
	host    string // req.Host override, or ""
	method  string
	header  http.Header // ours, besides X-Sdk-Date
	body    string
	replay  bool // body has GetBody (else our signer must buffer it)
	v3      corpus.V3Input
	classes []string // input classes covered, for the coverage check
}

const (
	pathRunes   = "abcXYZ019-_.~ :@+!*'()$&,;=%?#测试é😀\u00a0"
	queryRunes  = "abcAB01-_.~ :@+!*'()$&,;=/?%#[]测一é😀"
	headerRunes = " \tabcXYZ09-_.,;:=/\"'()测é"
	tokenRunes  = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-"
)

func randString(r *rand.Rand, alphabet string, min, max int) string {
	runes := []rune(alphabet)
	n := min + r.Intn(max-min+1)
	var b strings.Builder
	for range n {
		b.WriteRune(runes[r.Intn(len(runes))])
	}
	return b.String()
}

func unreserved(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-_.~", c) >= 0
}

// encode writes s as a random valid percent-encoding: bytes in literal may
// stay as they are, any byte may be escaped with either hex case, and in
// query mode a space may become '+'.
func encode(r *rand.Rand, s, literal string, query bool) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case query && c == ' ' && r.Intn(2) == 0:
			b.WriteByte('+')
		case (unreserved(c) || strings.IndexByte(literal, c) >= 0) && r.Intn(4) != 0:
			b.WriteByte(c)
		default:
			hexd := "0123456789ABCDEF"
			if r.Intn(2) == 0 {
				hexd = "0123456789abcdef"
			}
			b.WriteByte('%')
			b.WriteByte(hexd[c>>4])
			b.WriteByte(hexd[c&15])
		}
	}
	return b.String()
}

func newSample(r *rand.Rand) sample {
	s := sample{
		ak:     randString(r, tokenRunes[:62], 8, 32),
		sk:     randString(r, tokenRunes+"!#$%&*+/=?@^{}|~测", 1, 100),
		method: []string{"GET", "DELETE", "HEAD", "POST", "PUT", "PATCH"}[r.Intn(6)],
		header: http.Header{},
		replay: r.Intn(4) != 0,
	}
	if len(s.sk) > 64 {
		s.classes = append(s.classes, "long secret")
	}
	date := time.Unix(946684800+r.Int63n(3_000_000_000), 0).UTC().Format("20060102T150405Z")
	s.v3.Method = s.method
	s.v3.Headers = map[string]string{"X-Sdk-Date": date}
	s.header["X-Sdk-Date"] = []string{date}

	// Host, sometimes with a port, sometimes overridden by req.Host.
	urlHost := strings.ToLower(randString(r, tokenRunes[:26]+"0123456789", 1, 12)) + ".apigw.example.com"
	if r.Intn(5) == 0 {
		urlHost += ":8443"
		s.classes = append(s.classes, "host with port")
	}
	host := urlHost
	if r.Intn(6) == 0 {
		host = fmt.Sprintf("gw-%d.example.net", r.Intn(1000))
		s.host = host
		s.classes = append(s.classes, "req.Host override")
	}
	s.v3.Endpoint = "https://" + urlHost
	s.v3.Headers[[]string{"Host", "host"}[r.Intn(2)]] = host

	// Path: segments of random runes, no '/' inside a segment.
	var raw, dec strings.Builder
	for range r.Intn(5) {
		seg := randString(r, pathRunes, 0, 8)
		if r.Intn(10) == 0 {
			seg = []string{".", ".."}[r.Intn(2)]
		}
		raw.WriteString("/" + encode(r, seg, "!$&'()*+,;=:@", false))
		dec.WriteString("/" + seg)
		if r.Intn(8) == 0 {
			raw.WriteString([]string{"%2F", "%2f"}[r.Intn(2)] + encode(r, seg, "", false))
			dec.WriteString("/" + seg)
			s.classes = append(s.classes, "path encoded slash")
		}
	}
	if r.Intn(5) == 0 {
		raw.WriteString("/")
		dec.WriteString("/")
	}
	s.v3.Path = dec.String()
	s.url = "https://" + urlHost + raw.String()
	if strings.ContainsFunc(dec.String(), func(c rune) bool { return c > 127 || c == ' ' }) {
		s.classes = append(s.classes, "path unicode or space")
	}
	if strings.ContainsAny(dec.String(), ":@+!*'()") {
		s.classes = append(s.classes, "path reserved")
	}

	// Query: distinct keys, some repeated, some empty values, shuffled.
	s.v3.Query = map[string][]string{}
	var pairs []string
	for range r.Intn(7) {
		k := randString(r, queryRunes, 1, 8)
		if _, dup := s.v3.Query[k]; dup {
			continue
		}
		n := 1
		if r.Intn(4) == 0 {
			n += 1 + r.Intn(2)
			s.classes = append(s.classes, "repeated query key")
		}
		for range n {
			v := randString(r, queryRunes, 0, 8)
			if r.Intn(6) == 0 {
				v = ""
			}
			s.v3.Query[k] = append(s.v3.Query[k], v)
			p := encode(r, k, ":@!$'()*,;/?", true)
			if v != "" || r.Intn(2) == 0 {
				p += "=" + encode(r, v, ":@!$'()*,;/?", true)
			}
			if v == "" {
				s.classes = append(s.classes, "empty query value")
			}
			pairs = append(pairs, p)
		}
	}
	r.Shuffle(len(pairs), func(i, j int) { pairs[i], pairs[j] = pairs[j], pairs[i] })
	if len(pairs) > 0 {
		s.url += "?" + strings.Join(pairs, "&")
		if strings.ContainsFunc(strings.Join(pairs, ""), func(c rune) bool { return c == '%' || c == '+' }) {
			s.classes = append(s.classes, "encoded query")
		}
	}

	// Extra headers: distinct names; '_' names are dropped by both.
	seen := map[string]bool{}
	for range r.Intn(5) {
		name := "X-" + randString(r, tokenRunes, 1, 12)
		if r.Intn(8) == 0 {
			name = "X-Stage"
		}
		l := strings.ToLower(name)
		if seen[l] || strings.HasPrefix(l, "x-sdk-") {
			continue
		}
		seen[l] = true
		value := randString(r, headerRunes, 0, 16)
		s.header[name] = []string{value}
		s.v3.Headers[name] = value
		s.classes = append(s.classes, "extra header")
	}
	if r.Intn(6) == 0 {
		s.header["X_Forwarded_Thing"] = []string{"x"}
		s.v3.Headers["X_Forwarded_Thing"] = "x"
		s.classes = append(s.classes, "underscore header")
	}

	// Body.
	if s.method == "POST" || s.method == "PUT" || s.method == "PATCH" {
		switch r.Intn(6) {
		case 0: // no body
			if r.Intn(2) == 0 {
				s.v3.Headers["Content-Type"] = "application/json"
			}
		case 1, 2: // JSON, hashed by both
			m := map[string]string{}
			for range 1 + r.Intn(4) {
				m[randString(r, queryRunes, 1, 6)] = randString(r, queryRunes, 0, 12)
			}
			b, _ := json.Marshal(m)
			s.body = string(b)
			s.v3.Headers["Content-Type"] = []string{"application/json", "application/json;charset=UTF-8"}[r.Intn(2)]
			s.classes = append(s.classes, "json body")
		case 3: // form: v3 switches to UNSIGNED-PAYLOAD
			f := url.Values{}
			for range 1 + r.Intn(4) {
				f.Add(randString(r, queryRunes, 1, 6), randString(r, queryRunes, 0, 12))
			}
			s.body = f.Encode()
			s.v3.Headers["Content-Type"] = "application/x-www-form-urlencoded"
			s.header["X-Sdk-Content-Sha256"] = []string{"UNSIGNED-PAYLOAD"}
			s.classes = append(s.classes, "form body")
		case 4: // other type: UNSIGNED-PAYLOAD as well
			s.body = randString(r, headerRunes+"\x00\n", 1, 64)
			s.v3.Headers["Content-Type"] = []string{"text/plain", "application/octet-stream"}[r.Intn(2)]
			s.header["X-Sdk-Content-Sha256"] = []string{"UNSIGNED-PAYLOAD"}
			s.classes = append(s.classes, "unsigned payload")
		case 5: // bytes without a type: hashed by both
			s.body = randString(r, headerRunes+"\x00\n", 1, 64)
			s.classes = append(s.classes, "untyped body")
		}
	}
	s.v3.Body = s.body
	return s
}

// ourRequest builds the plain *http.Request our signer signs.
func (s *sample) ourRequest() (*http.Request, error) {
	var body io.Reader
	if s.body != "" {
		body = strings.NewReader(s.body)
	}
	req, err := http.NewRequest(s.method, s.url, body)
	if err != nil {
		return nil, err
	}
	if s.host != "" {
		req.Host = s.host
	}
	for k, v := range s.header {
		req.Header[k] = v
	}
	if body != nil && !s.replay {
		req.Body, req.GetBody = io.NopCloser(strings.NewReader(s.body)), nil
	}
	return req, nil
}

// requireCoverage fails t unless coverage, the count of samples by input
// class, holds at least min samples of every class newSample marks, and
// logs the counts.
func requireCoverage(t *testing.T, coverage map[string]int, min int) {
	t.Helper()
	classes := []string{"long secret", "host with port", "req.Host override", "path unicode or space",
		"path reserved", "path encoded slash", "repeated query key", "empty query value", "encoded query", "extra header",
		"underscore header", "json body", "form body", "unsigned payload", "untyped body"}
	for _, c := range classes {
		require.GreaterOrEqual(t, coverage[c], min, "too few samples of class %q: %v", c, coverage)
	}
	keys := make([]string, 0, len(coverage))
	for k := range coverage {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		t.Logf("%-22s %d", k, coverage[k])
	}
}
