// Package apigsign builds the canonical request of Huawei API Gateway's
// SDK-HMAC-SHA256 app signature for the SDK's signer, as Huawei's own
// signers build it (https://support.huaweicloud.com/intl/en-us/devg-apisign/api-sign-algorithm-002.html).
//
// The test kit's fake gateway shares only the primitives (the escape and
// the HMAC of Key): it reads a request, and builds its string to sign,
// with code of its own, so that a mistake here cannot hide from it.
package apigsign

import (
	"crypto/sha256"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
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

// Why a path or query has no canonical form. Huawei's own signers
// disagree on such input, so no gateway can be relied on to accept it.
var (
	ErrBadEscape   = errors.New("malformed percent-escape")
	ErrInvalidUTF8 = errors.New("not valid UTF-8")
	ErrEmptyKey    = errors.New("empty key")
)

// A FormError reports the part of a path or query that has no canonical
// form. It names the part and the escape, never the rest of the text,
// which may be personal data.
type FormError struct {
	Part   string // e.g. "path segment 2", "query parameter 1 value"
	Escape string // the offending escape, e.g. "%FF"; "" for ErrEmptyKey
	Err    error  // ErrBadEscape, ErrInvalidUTF8 or ErrEmptyKey
}

func (e *FormError) Error() string {
	switch e.Err {
	case ErrInvalidUTF8:
		return e.Part + ": " + e.Escape + " is not valid UTF-8"
	case ErrBadEscape:
		return e.Part + ": malformed percent-escape " + strconv.Quote(e.Escape)
	}
	return e.Part + ": " + e.Err.Error()
}

// Unwrap returns Err.
func (e *FormError) Unwrap() error { return e.Err }

const upperHex = "0123456789ABCDEF"

// unreserved marks A–Z a–z 0–9 - _ . ~, the bytes that are never
// escaped; pathKept adds '/', which a canonical URI keeps too.
var unreserved, pathKept = func() (u, p [256]bool) {
	for _, b := range []byte("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~") {
		u[b], p[b] = true, true
	}
	p['/'] = true
	return u, p
}()

// IsPlainPath reports whether every byte of path is in A–Z a–z 0–9 - _ . ~
// or is '/': such a path is its own escaped form, for net/url as for the
// canonical URI.
func IsPlainPath(path string) bool { return skip(&pathKept, path, 0) == len(path) }

// skip returns the index of the first byte of s from i on that set does
// not mark, or len(s).
func skip(set *[256]bool, s string, i int) int {
	for i < len(s) && set[s[i]] {
		i++
	}
	return i
}

// AppendEscape appends s with every byte outside A–Z a–z 0–9 - _ . ~
// written as %XX in upper-case hex.
func AppendEscape(dst []byte, s string) []byte {
	for {
		i := skip(&unreserved, s, 0)
		dst = append(dst, s[:i]...)
		if i == len(s) {
			return dst
		}
		b := s[i]
		dst = append(dst, '%', upperHex[b>>4], upperHex[b&15])
		s = s[i+1:]
	}
}

func appendEscapedByte(dst []byte, b byte) []byte {
	if !unreserved[b] {
		return append(dst, '%', upperHex[b>>4], upperHex[b&15])
	}
	return append(dst, b)
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

// unescape percent-decodes s, a query key or value: '+' is a space. It
// returns s itself, without allocating, when there is nothing to decode,
// and on a malformed escape the offset of its '%'.
func unescape(s string) (string, int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '%' || s[i] == '+' {
			n++
		}
	}
	if n == 0 {
		return s, 0, true
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '%':
			d, ok := unhexPair(s, i)
			if !ok {
				return "", i, false
			}
			b.WriteByte(d)
			i += 2
		case '+':
			b.WriteByte(' ')
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), 0, true
}

// unhexPair decodes the escape at s[i], which is '%'.
func unhexPair(s string, i int) (byte, bool) {
	if i+2 >= len(s) {
		return 0, false
	}
	hi, ok1 := unhex(s[i+1])
	lo, ok2 := unhex(s[i+2])
	return hi<<4 | lo, ok1 && ok2
}

// badEscape is the FormError for a malformed escape at s[i].
func badEscape(part string, s string, i int) *FormError {
	// Clones keep the caller's strings from escaping: a signer's Request
	// stays on the stack.
	return &FormError{Part: part, Escape: strings.Clone(s[i:min(i+3, len(s))]), Err: ErrBadEscape}
}

// invalidUTF8 is the FormError for raw, a well-formed escaped text whose
// decoding is not valid UTF-8: it names the first byte sequence that is
// not, as written in raw. It runs only on the error path.
func invalidUTF8(part, raw string, query bool) *FormError {
	var dec []byte
	var at []int // offset in raw of each decoded byte
	for i := 0; i < len(raw); i++ {
		at = append(at, i)
		switch c := raw[i]; {
		case c == '%':
			d, _ := unhexPair(raw, i)
			dec = append(dec, d)
			i += 2
		case query && c == '+':
			dec = append(dec, ' ')
		default:
			dec = append(dec, c)
		}
	}
	for j := 0; j < len(dec); {
		r, size := utf8.DecodeRune(dec[j:])
		if r != utf8.RuneError || size != 1 {
			j += size
			continue
		}
		// Name the bad byte with the continuation bytes that follow it.
		end := j + 1
		for end < len(dec) && end < j+4 && dec[end]&0xC0 == 0x80 {
			end++
		}
		stop := len(raw)
		if end < len(at) {
			stop = at[end]
		}
		text := strings.Clone(raw[at[j]:stop])
		if !utf8.ValidString(text) {
			text = strconv.Quote(text)
		}
		return &FormError{Part: part, Escape: text, Err: ErrInvalidUTF8}
	}
	return &FormError{Part: part, Escape: strconv.Quote(raw), Err: ErrInvalidUTF8}
}

// checkPath reports the first segment of escapedPath (numbered as by
// strings.Split, so the one after the leading '/' is 1) that has a
// malformed escape or does not decode to valid UTF-8.
func checkPath(escapedPath string) error {
	var stack [128]byte
	for n, rest := 0, escapedPath; ; n++ {
		seg, tail, more := strings.Cut(rest, "/")
		if strings.IndexByte(seg, '%') >= 0 || !isASCII(seg) {
			dec := stack[:0]
			for i := 0; i < len(seg); i++ {
				c := seg[i]
				if c == '%' {
					var ok bool
					if c, ok = unhexPair(seg, i); !ok {
						return badEscape("path segment "+strconv.Itoa(n), seg, i)
					}
					i += 2
				}
				dec = append(dec, c)
			}
			if !utf8.Valid(dec) {
				return invalidUTF8("path segment "+strconv.Itoa(n), seg, false)
			}
		}
		if !more {
			return nil
		}
		rest = tail
	}
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// AppendCanonicalURI appends the canonical URI of escapedPath, the path as
// it goes on the wire, built as Huawei's own signers build it: the path is
// percent-decoded, split on '/', each segment escaped again, and a
// trailing '/' added when missing. So an encoded slash signs as a slash
// (/v1/a%2Fb gives /v1/a/b/), and dot segments and empty segments stay as
// they are. A malformed escape, or one that does not decode to valid
// UTF-8, is a *FormError naming the segment.
func AppendCanonicalURI(dst []byte, escapedPath string) ([]byte, error) {
	if escapedPath == "" {
		return append(dst, '/'), nil
	}
	// Decoding and splitting first, then escaping each segment, is
	// escaping every decoded byte but '/': done in one pass, which copies
	// runs of bytes that stay as they are in one go.
	n, checked := len(dst), false
	for p := escapedPath; ; {
		i := skip(&pathKept, p, 0)
		dst = append(dst, p[:i]...)
		if i == len(p) {
			break
		}
		c := p[i]
		if (c == '%' || c >= utf8.RuneSelf) && !checked {
			if err := checkPath(escapedPath); err != nil {
				return dst[:n], err
			}
			checked = true
		}
		if c == '%' {
			c, _ = unhexPair(p, i)
			i += 2
		}
		if c == '/' {
			dst = append(dst, '/')
		} else {
			dst = appendEscapedByte(dst, c)
		}
		p = p[i+1:]
	}
	if dst[len(dst)-1] != '/' {
		dst = append(dst, '/')
	}
	return dst, nil
}

// pair is a decoded query parameter; clean says that neither side has a
// byte to escape.
type pair struct {
	k, v  string
	clean bool
}

// less orders pairs by key, then value. (With < and ==, it is about twice
// as fast as with strings.Compare.) Keys are never empty, and most differ
// in their first byte.
func (a *pair) less(b *pair) bool {
	if a.k[0] != b.k[0] {
		return a.k[0] < b.k[0]
	}
	return a.k < b.k || a.k == b.k && a.v < b.v
}

// appendTo appends p, the i-th parameter of a canonical query, escaped.
func (p *pair) appendTo(dst []byte, i int) []byte {
	if i > 0 {
		dst = append(dst, '&')
	}
	if p.clean {
		dst = append(dst, p.k...)
		dst = append(dst, '=')
		return append(dst, p.v...)
	}
	dst = AppendEscape(dst, p.k)
	dst = append(dst, '=')
	return AppendEscape(dst, p.v)
}

// AppendCanonicalQuery appends the canonical form of rawQuery: pairs
// percent-decoded ('+' is a space), sorted by key then value on the
// decoded bytes, and written as enc(k)=enc(v) joined by '&'. The result
// is also the query to send on the wire. A malformed escape, a key or
// value that does not decode to valid UTF-8, and an empty key ("=v") are
// a *FormError naming the parameter (numbered from 1).
func AppendCanonicalQuery(dst []byte, rawQuery string) ([]byte, error) {
	var stack [16]pair
	pairs := stack[:0]
	n := 0
	for i := 0; i < len(rawQuery); i++ {
		// One pass finds the end of the parameter and its '=', and
		// whether it has anything to decode (plain if not) or to escape.
		start, eq, plain, clean := i, -1, true, true
		for ; ; i++ {
			if i = skip(&unreserved, rawQuery, i); i == len(rawQuery) {
				break
			}
			c := rawQuery[i]
			if c == '&' {
				break
			}
			switch {
			case c == '=' && eq < 0:
				eq = i
			case c == '%', c == '+', c >= utf8.RuneSelf:
				plain, clean = false, false
			default: // escaped, like a second '='
				clean = false
			}
		}
		if i == start {
			continue
		}
		n++
		k, v := rawQuery[start:i], ""
		if eq >= 0 {
			k, v = rawQuery[start:eq], rawQuery[eq+1:i]
		}
		if k == "" {
			return dst, &FormError{Part: "query parameter " + strconv.Itoa(n), Err: ErrEmptyKey}
		}
		if !plain { // else ASCII with nothing to decode: valid as it is
			var err error
			if k, err = decodeQueryPart(k, n, " key"); err != nil {
				return dst, err
			}
			if v, err = decodeQueryPart(v, n, " value"); err != nil {
				return dst, err
			}
		}
		pairs = append(pairs, pair{k, v, clean})
	}
	if len(pairs) > len(stack) {
		slices.SortFunc(pairs, func(a, b pair) int {
			if c := strings.Compare(a.k, b.k); c != 0 {
				return c
			}
			return strings.Compare(a.v, b.v)
		})
		for i := range pairs {
			dst = pairs[i].appendTo(dst, i)
		}
		return dst, nil
	}
	// A short query: insertion sort, of indexes, which moves a byte
	// rather than a pair per step.
	var order [len(stack)]uint8
	for i := range pairs {
		order[i] = uint8(i)
		for j := i; j > 0 && pairs[order[j]].less(&pairs[order[j-1]]); j-- {
			order[j-1], order[j] = order[j], order[j-1]
		}
	}
	for i := range pairs {
		dst = pairs[order[i]].appendTo(dst, i)
	}
	return dst, nil
}

// decodeQueryPart decodes the key or value (which) of parameter n.
func decodeQueryPart(raw string, n int, which string) (string, error) {
	dec, at, ok := unescape(raw)
	if !ok {
		return "", badEscape("query parameter "+strconv.Itoa(n)+which, raw, at)
	}
	if !utf8.ValidString(dec) {
		return "", invalidUTF8("query parameter "+strconv.Itoa(n)+which, raw, true)
	}
	return dec, nil
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
	return appendCanonicalRequest(dst, r, -1, -1)
}

// appendCanonicalRequest is AppendCanonicalRequest with the canonical
// query taken from dst[q0:q1] instead of r.Query when q0 >= 0.
func appendCanonicalRequest(dst []byte, r *Request, q0, q1 int) (out []byte, signedStart, signedEnd int, err error) {
	hs := r.Headers
	if len(hs) <= 12 {
		// Insertion sort: few headers are signed, and it beats the general
		// sort there. A name equal to the one it stops at appears twice.
		for i := 1; i < len(hs); i++ {
			for j := i; j > 0; j-- {
				c := compareFold(hs[j].Name, hs[j-1].Name)
				if c == 0 {
					return dst, 0, 0, errors.New("header " + hs[j].Name + " appears twice")
				}
				if c > 0 {
					break
				}
				hs[j-1], hs[j] = hs[j], hs[j-1]
			}
		}
	} else {
		slices.SortFunc(hs, func(a, b Header) int { return compareFold(a.Name, b.Name) })
		for i := 1; i < len(hs); i++ {
			if compareFold(hs[i-1].Name, hs[i].Name) == 0 {
				return dst, 0, 0, errors.New("header " + hs[i].Name + " appears twice")
			}
		}
	}
	dst = append(dst, r.Method...)
	dst = append(dst, '\n')
	if dst, err = AppendCanonicalURI(dst, r.EscapedPath); err != nil {
		return dst, 0, 0, err
	}
	dst = append(dst, '\n')
	if q0 >= 0 {
		dst = append(dst, dst[q0:q1]...)
	} else {
		dst = append(dst, r.Query...)
	}
	dst = append(dst, '\n')
	var stack [16]int // where each lower-cased name starts, for SignedHeaders
	at := stack[:0]
	for _, h := range hs {
		at = append(at, len(dst))
		dst = appendLower(dst, h.Name)
		dst = append(dst, ':')
		dst = append(dst, trimSpace(h.Value)...)
		dst = append(dst, '\n')
	}
	dst = append(dst, '\n')
	signedStart = len(dst)
	for i, h := range hs {
		if i > 0 {
			dst = append(dst, ';')
		}
		dst = append(dst, dst[at[i]:at[i]+len(h.Name)]...)
	}
	signedEnd = len(dst)
	dst = append(dst, '\n')
	dst = append(dst, r.PayloadHash...)
	return dst, signedStart, signedEnd, nil
}

// A Signature locates, as [start, end) offsets in the buffer that
// AppendSignature extended, the parts of one signature.
type Signature struct {
	Query            [2]int // the canonical query, also the query to send
	CanonicalRequest [2]int
	StringToSign     [2]int
	Authorization    [2]int // the Authorization header's value
}

// AppendSignature signs r, to be sent with the query rawQuery, at date
// (in DateFormat) with appKey and key. It appends the canonical form of
// rawQuery, which stands for r.Query, the canonical request, the string
// to sign and the Authorization header's value, and returns where each
// is. Errors are those of AppendCanonicalQuery and AppendCanonicalRequest,
// in that order. r.Headers is sorted in place.
//
// rawQuery is not a field of r so that a caller's r, and the headers it
// points to, can stay on the stack: the query's text may reach the heap.
func AppendSignature(dst []byte, r *Request, rawQuery, date, appKey string, key *Key) ([]byte, Signature, error) {
	var sig Signature
	var err error
	sig.Query[0] = len(dst)
	if dst, err = AppendCanonicalQuery(dst, rawQuery); err != nil {
		return dst, sig, err
	}
	sig.Query[1] = len(dst)
	sig.CanonicalRequest[0] = len(dst)
	dst, signedStart, signedEnd, err := appendCanonicalRequest(dst, r, sig.Query[0], sig.Query[1])
	if err != nil {
		return dst, sig, err
	}
	sig.CanonicalRequest[1] = len(dst)
	sig.StringToSign[0] = len(dst)
	dst = AppendStringToSign(dst, date, dst[sig.CanonicalRequest[0]:])
	sig.StringToSign[1] = len(dst)
	sig.Authorization[0] = len(dst)
	dst = AppendAuthorization(dst, appKey, dst[signedStart:signedEnd], nil)
	dst = key.AppendMACHex(dst, dst[sig.StringToSign[0]:sig.StringToSign[1]])
	sig.Authorization[1] = len(dst)
	return dst, sig, nil
}

// trimSpace is strings.TrimSpace, without the call when there is no
// space at either end, as in nearly every header value.
func trimSpace(s string) string {
	if s != "" && s[0] > ' ' && s[len(s)-1] > ' ' && s[0] < utf8.RuneSelf && s[len(s)-1] < utf8.RuneSelf {
		return s
	}
	return strings.TrimSpace(s)
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
	return appendHex(dst, &sum)
}

// hexPairs holds the two lower-case hex digits of every byte.
var hexPairs = func() (t [256][2]byte) {
	const digits = "0123456789abcdef"
	for i := range t {
		t[i] = [2]byte{digits[i>>4], digits[i&15]}
	}
	return t
}()

// appendHex appends the lower-case hex of sum. It is hex.AppendEncode
// with one table load a byte, about three times as fast.
func appendHex(dst []byte, sum *[sha256.Size]byte) []byte {
	n := len(dst)
	dst = slices.Grow(dst, 2*sha256.Size)[:n+2*sha256.Size]
	to := (*[2 * sha256.Size]byte)(dst[n:])
	for i, b := range sum {
		to[2*i], to[2*i+1] = hexPairs[b][0], hexPairs[b][1]
	}
	return dst
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

// lowerTable maps each byte to lower(byte): a load instead of a branch.
var lowerTable = func() (t [256]byte) {
	for i := range t {
		t[i] = lower(byte(i))
	}
	return t
}()

func appendLower(dst []byte, s string) []byte {
	n := len(dst)
	dst = slices.Grow(dst, len(s))[:n+len(s)]
	to := dst[n:]
	for i := 0; i < len(s) && i < len(to); i++ { // equal lengths: the tests spare bounds checks
		to[i] = lowerTable[s[i]]
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
