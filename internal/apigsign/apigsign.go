// Package apigsign holds the canonical form of Huawei API Gateway's
// SDK-HMAC-SHA256 app signature, shared by the SDK's signer and the test
// kit's fake gateway, so that both sides of a test compute it one way.
//
// The rules are those of shared/research/apig-signing.md §0.
package apigsign

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"slices"
	"strings"
	"time"
)

// Names and formats fixed by the gateway.
const (
	Algorithm           = "SDK-HMAC-SHA256"
	DateFormat          = "20060102T150405Z"
	HeaderDate          = "X-Sdk-Date"
	HeaderContentSHA256 = "X-Sdk-Content-Sha256"
	UnsignedPayload     = "UNSIGNED-PAYLOAD"
	// EmptyBodyHash is the hex SHA-256 of an empty body.
	EmptyBodyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
)

// ErrBadEscape reports a malformed percent-escape in a path or query.
var ErrBadEscape = errors.New("malformed percent-escape")

const upperHex = "0123456789ABCDEF"

// shouldEscape reports whether b is outside A–Z a–z 0–9 - _ . ~.
func shouldEscape(b byte) bool {
	switch {
	case 'a' <= b && b <= 'z', 'A' <= b && b <= 'Z', '0' <= b && b <= '9':
		return false
	case b == '-', b == '_', b == '.', b == '~':
		return false
	}
	return true
}

// AppendEscape appends s with every byte outside A–Z a–z 0–9 - _ . ~
// written as %XX in upper-case hex.
func AppendEscape(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		b := s[i]
		if shouldEscape(b) {
			dst = append(dst, '%', upperHex[b>>4], upperHex[b&15])
		} else {
			dst = append(dst, b)
		}
	}
	return dst
}

// Escape returns AppendEscape(nil, s) as a string.
func Escape(s string) string { return string(AppendEscape(nil, s)) }

func unhex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// unescape percent-decodes s; in query mode '+' is a space. It returns s
// itself, without allocating, when there is nothing to decode.
func unescape(s string, query bool) (string, error) {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '%' || (query && s[i] == '+') {
			n++
		}
	}
	if n == 0 {
		return s, nil
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '%':
			if i+2 >= len(s) {
				return "", ErrBadEscape
			}
			hi, ok1 := unhex(s[i+1])
			lo, ok2 := unhex(s[i+2])
			if !ok1 || !ok2 {
				return "", ErrBadEscape
			}
			b.WriteByte(hi<<4 | lo)
			i += 2
		case query && c == '+':
			b.WriteByte(' ')
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), nil
}

// AppendCanonicalURI appends the canonical URI of escapedPath, the path as
// it goes on the wire: each '/'-separated segment is percent-decoded and
// escaped again, and a trailing '/' is added when missing. Splitting
// before decoding keeps an encoded slash (%2F) inside its segment.
func AppendCanonicalURI(dst []byte, escapedPath string) ([]byte, error) {
	if escapedPath == "" {
		return append(dst, '/'), nil
	}
	// Plain loops rather than an iterator here and below: a captured
	// string escapes, and with it the caller's Request.
	for {
		seg, rest, more := strings.Cut(escapedPath, "/")
		dec, err := unescape(seg, false)
		if err != nil {
			return dst, err
		}
		dst = AppendEscape(dst, dec)
		if !more {
			break
		}
		dst = append(dst, '/')
		escapedPath = rest
	}
	if dst[len(dst)-1] != '/' {
		dst = append(dst, '/')
	}
	return dst, nil
}

type pair struct{ k, v string }

// AppendCanonicalQuery appends the canonical form of rawQuery: pairs
// percent-decoded ('+' is a space), sorted by key then value on the
// decoded bytes, and written as enc(k)=enc(v) joined by '&'. The result
// is also the query to send on the wire.
func AppendCanonicalQuery(dst []byte, rawQuery string) ([]byte, error) {
	if rawQuery == "" {
		return dst, nil
	}
	var stack [16]pair
	pairs := stack[:0]
	for rest := rawQuery; rest != ""; {
		var part string
		part, rest, _ = strings.Cut(rest, "&")
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		dk, err := unescape(k, true)
		if err != nil {
			return dst, err
		}
		dv, err := unescape(v, true)
		if err != nil {
			return dst, err
		}
		pairs = append(pairs, pair{dk, dv})
	}
	slices.SortFunc(pairs, func(a, b pair) int {
		if c := strings.Compare(a.k, b.k); c != 0 {
			return c
		}
		return strings.Compare(a.v, b.v)
	})
	for i, p := range pairs {
		if i > 0 {
			dst = append(dst, '&')
		}
		dst = AppendEscape(dst, p.k)
		dst = append(dst, '=')
		dst = AppendEscape(dst, p.v)
	}
	return dst, nil
}

// CanonicalQuery returns AppendCanonicalQuery(nil, rawQuery) as a string.
func CanonicalQuery(rawQuery string) (string, error) {
	b, err := AppendCanonicalQuery(make([]byte, 0, len(rawQuery)+len(rawQuery)/2), rawQuery)
	return string(b), err
}

// Header is one signed header: a lower-case name and a trimmed value.
type Header struct{ Name, Value string }

// Request is what a signature covers.
type Request struct {
	Method      string
	EscapedPath string   // path as sent, e.g. URL.EscapedPath()
	Query       string   // canonical query, from AppendCanonicalQuery
	Headers     []Header // signed headers, any order, names any case
	PayloadHash string   // hex SHA-256 of the body, or UNSIGNED-PAYLOAD
}

// AppendCanonicalRequest appends the canonical request of r and returns
// the extended buffer and the offset range of the SignedHeaders list inside
// it, so callers can reuse that text in the Authorization header.
// r.Headers is sorted in place and its names lower-cased on the fly.
func AppendCanonicalRequest(dst []byte, r *Request) (out []byte, signedStart, signedEnd int, err error) {
	slices.SortFunc(r.Headers, func(a, b Header) int { return compareFold(a.Name, b.Name) })
	for i := 1; i < len(r.Headers); i++ {
		if compareFold(r.Headers[i-1].Name, r.Headers[i].Name) == 0 {
			return dst, 0, 0, errors.New("header " + r.Headers[i].Name + " appears twice")
		}
	}
	dst = append(dst, r.Method...)
	dst = append(dst, '\n')
	if dst, err = AppendCanonicalURI(dst, r.EscapedPath); err != nil {
		return dst, 0, 0, err
	}
	dst = append(dst, '\n')
	dst = append(dst, r.Query...)
	dst = append(dst, '\n')
	for _, h := range r.Headers {
		dst = appendLower(dst, h.Name)
		dst = append(dst, ':')
		dst = append(dst, strings.TrimSpace(h.Value)...)
		dst = append(dst, '\n')
	}
	dst = append(dst, '\n')
	signedStart = len(dst)
	for i, h := range r.Headers {
		if i > 0 {
			dst = append(dst, ';')
		}
		dst = appendLower(dst, h.Name)
	}
	signedEnd = len(dst)
	dst = append(dst, '\n')
	dst = append(dst, r.PayloadHash...)
	return dst, signedStart, signedEnd, nil
}

// AppendDate appends t, which must be in UTC, in DateFormat. It is
// t.AppendFormat(dst, DateFormat) without the cost of parsing the layout.
func AppendDate(dst []byte, t time.Time) []byte {
	year, month, day := t.Date()
	if year < 0 || year > 9999 {
		return t.AppendFormat(dst, DateFormat)
	}
	hour, minute, sec := t.Clock()
	dst = appendDigits(dst, year/100)
	dst = appendDigits(dst, year%100)
	dst = appendDigits(dst, int(month))
	dst = appendDigits(dst, day)
	dst = append(dst, 'T')
	dst = appendDigits(dst, hour)
	dst = appendDigits(dst, minute)
	dst = appendDigits(dst, sec)
	return append(dst, 'Z')
}

// appendDigits appends n, 0 <= n < 100, as two digits.
func appendDigits(dst []byte, n int) []byte {
	return append(dst, byte('0'+n/10), byte('0'+n%10))
}

// AppendStringToSign appends "SDK-HMAC-SHA256\n<date>\n<hex sha256(canonicalRequest)>".
func AppendStringToSign(dst []byte, date string, canonicalRequest []byte) []byte {
	sum := sha256.Sum256(canonicalRequest)
	dst = append(dst, Algorithm+"\n"...)
	dst = append(dst, date...)
	dst = append(dst, '\n')
	return hex.AppendEncode(dst, sum[:])
}

// AppendAuthorization appends the Authorization header value.
func AppendAuthorization(dst []byte, appKey string, signedHeaders []byte, signature []byte) []byte {
	dst = append(dst, Algorithm+" Access="...)
	dst = append(dst, appKey...)
	dst = append(dst, ", SignedHeaders="...)
	dst = append(dst, signedHeaders...)
	dst = append(dst, ", Signature="...)
	return append(dst, signature...)
}

// Authorization is a parsed Authorization header.
type Authorization struct {
	Access        string
	SignedHeaders []string
	Signature     string
}

// ParseAuthorization parses "SDK-HMAC-SHA256 Access=K, SignedHeaders=a;b, Signature=hex".
func ParseAuthorization(v string) (Authorization, error) {
	var a Authorization
	rest, ok := strings.CutPrefix(v, Algorithm+" ")
	if !ok {
		return a, errors.New("authorization does not start with " + Algorithm)
	}
	for _, field := range strings.Split(rest, ", ") {
		name, val, ok := strings.Cut(field, "=")
		if !ok {
			return a, errors.New("authorization format is incorrect")
		}
		switch name {
		case "Access":
			a.Access = val
		case "SignedHeaders":
			a.SignedHeaders = strings.Split(val, ";")
		case "Signature":
			a.Signature = val
		default:
			return a, errors.New("authorization format is incorrect: unknown field " + name)
		}
	}
	if a.Access == "" || len(a.SignedHeaders) == 0 || a.Signature == "" {
		return a, errors.New("authorization format is incorrect: Access, SignedHeaders and Signature are required")
	}
	return a, nil
}

func lower(b byte) byte {
	if 'A' <= b && b <= 'Z' {
		return b + 'a' - 'A'
	}
	return b
}

func appendLower(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		dst = append(dst, lower(s[i]))
	}
	return dst
}

// compareFold compares a and b as if both were lower-cased.
func compareFold(a, b string) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		ca, cb := lower(a[i]), lower(b[i])
		if ca != cb {
			if ca < cb {
				return -1
			}
			return 1
		}
	}
	return len(a) - len(b)
}
