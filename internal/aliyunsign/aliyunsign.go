// Package aliyunsign builds the string to sign of Alibaba Cloud API
// Gateway's digest signature (AppKey and AppSecret, HmacSHA256), as
// specified at https://help.aliyun.com/document_detail/29475.html and
// implemented by Aliyun's demos (aliyun/api-gateway-demo-sign-java
// SignUtil.java, npm aliyun-api-gateway lib/client.js):
//
//	Method \n Accept \n Content-MD5 \n Content-Type \n Date \n
//	name:value \n …        (each signed header, sorted by name)
//	Path[?k=v&k&…]        (query and form parameters, decoded, sorted by key)
//
// It is used by the SDK's signer and the command-line tool. The test kit's
// fake gateway deliberately rebuilds the string on its own.
package aliyunsign

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Headers and values fixed by the gateway.
const (
	HeaderKey              = "X-Ca-Key"
	HeaderTimestamp        = "X-Ca-Timestamp" // milliseconds since the Unix epoch; valid 15 minutes
	HeaderNonce            = "X-Ca-Nonce"     // a UUID, not reusable within 15 minutes
	HeaderSignature        = "X-Ca-Signature"
	HeaderSignatureMethod  = "X-Ca-Signature-Method"
	HeaderSignatureHeaders = "X-Ca-Signature-Headers"
	HeaderContentMD5       = "Content-Md5" // canonical form of Content-MD5

	SignatureMethod = "HmacSHA256"
	// DefaultAccept is the Accept sent and signed when a request has
	// none; some clients would otherwise send */* unsigned.
	DefaultAccept = "application/json"
	// FormType is the media type whose body parameters are signed.
	FormType = "application/x-www-form-urlencoded"
)

// Header is one signed header: a lower-case name and the value as the
// gateway receives it (trimmed).
type Header struct{ Name, Value string }

// Param is one query or form parameter, percent-decoded.
type Param struct{ Key, Value string }

// Parts is what a signature covers.
type Parts struct {
	Method      string
	Accept      string
	ContentMD5  string
	ContentType string
	Date        string
	Headers     []Header // sorted by name (see SortHeaders)
	Path        string   // as sent, still percent-encoded
	Params      []Param  // unique keys, sorted (see MergeParams)
}

// AppendStringToSign appends the string to sign of p.
func (p *Parts) AppendStringToSign(dst []byte) []byte {
	for _, s := range [...]string{p.Method, p.Accept, p.ContentMD5, p.ContentType, p.Date} {
		dst = append(dst, s...)
		dst = append(dst, '\n')
	}
	for _, h := range p.Headers {
		dst = append(dst, h.Name...)
		dst = append(dst, ':')
		dst = append(dst, h.Value...)
		dst = append(dst, '\n')
	}
	return AppendURL(dst, p.Path, p.Params)
}

// StringToSign returns p's string to sign.
func (p *Parts) StringToSign() string { return string(p.AppendStringToSign(nil)) }

// SignatureHeaders is the value of X-Ca-Signature-Headers: the signed
// header names joined by commas.
func (p *Parts) SignatureHeaders() string {
	names := make([]string, len(p.Headers))
	for i, h := range p.Headers {
		names[i] = h.Name
	}
	return strings.Join(names, ",")
}

// AppendURL appends path, then '?' and the parameters as k=v joined by
// '&' (a parameter with an empty value as k alone), or nothing more when
// there are none.
func AppendURL(dst []byte, path string, params []Param) []byte {
	dst = append(dst, path...)
	for i, p := range params {
		if i == 0 {
			dst = append(dst, '?')
		} else {
			dst = append(dst, '&')
		}
		dst = append(dst, p.Key...)
		if p.Value != "" {
			dst = append(dst, '=')
			dst = append(dst, p.Value...)
		}
	}
	return dst
}

// Signature returns Base64(HMAC-SHA256(secret, stringToSign)).
func Signature(secret string, stringToSign []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(stringToSign)
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// ParseParams splits a query string or form body on '&' and percent-decodes
// each key and value ('+' is a space). what names the source in errors
// ("query parameter", "form field"). It refuses what gateways do not agree
// on: a key given twice (the spec and the Java demo sign the first value,
// the Node SDK all values joined by ','), an empty key, a malformed escape
// and text that is not UTF-8 once decoded. Errors name the key, never a
// value.
func ParseParams(raw, what string) ([]Param, error) {
	var params []Param
	seen := make(map[string]bool)
	for rest := raw; rest != ""; {
		var part string
		part, rest, _ = strings.Cut(rest, "&")
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		key, err := unescape(k)
		if err != nil {
			return nil, fmt.Errorf("%s name: %w", what, err)
		}
		if !utf8.ValidString(key) {
			return nil, fmt.Errorf("a %s name is not UTF-8 once decoded", what)
		}
		if key == "" {
			return nil, fmt.Errorf("a %s has an empty name", what)
		}
		value, err := unescape(v)
		if err != nil {
			return nil, fmt.Errorf("%s %q: value: %w", what, key, err)
		}
		if !utf8.ValidString(value) {
			return nil, fmt.Errorf("%s %q: value is not UTF-8 once decoded", what, key)
		}
		if seen[key] {
			return nil, fmt.Errorf("%s %q is given more than once: gateways disagree on which value they sign "+
				"(the first, or all joined by ','), so send it once", what, key)
		}
		seen[key] = true
		params = append(params, Param{key, value})
	}
	return params, nil
}

// MergeParams returns query and form as one list sorted by key, a form
// value replacing a query value of the same key (as Java's
// SignUtil.buildResource and the Node SDK do).
func MergeParams(query, form []Param) []Param {
	out := make([]Param, 0, len(query)+len(form))
	inForm := make(map[string]bool, len(form))
	for _, p := range form {
		inForm[p.Key] = true
	}
	for _, p := range query {
		if !inForm[p.Key] {
			out = append(out, p)
		}
	}
	out = append(out, form...)
	sortParams(out)
	return out
}

// sortParams sorts by key in UTF-16 code-unit order (Java's TreeMap,
// JavaScript's sort), which differs from byte order only above U+FFFF.
// Insertion sort: requests carry a handful of parameters.
func sortParams(ps []Param) {
	for i := 1; i < len(ps); i++ {
		for j := i; j > 0 && CompareUTF16(ps[j-1].Key, ps[j].Key) > 0; j-- {
			ps[j-1], ps[j] = ps[j], ps[j-1]
		}
	}
}

// CompareUTF16 compares a and b, valid UTF-8, as sequences of UTF-16 code
// units.
func CompareUTF16(a, b string) int {
	for a != "" && b != "" {
		ra, na := utf8.DecodeRuneInString(a)
		rb, nb := utf8.DecodeRuneInString(b)
		if ra != rb {
			return compareRuneUTF16(ra, rb)
		}
		a, b = a[na:], b[nb:]
	}
	return len(a) - len(b)
}

// compareRuneUTF16 orders two different runes by their first UTF-16 code
// unit, then by the rune: a rune above U+FFFF starts with a surrogate
// (U+D800–U+DBFF), which sorts before U+E000–U+FFFF.
func compareRuneUTF16(a, b rune) int {
	ua, ub := firstUnit(a), firstUnit(b)
	switch {
	case ua < ub:
		return -1
	case ua > ub:
		return 1
	case a < b:
		return -1
	}
	return 1
}

func firstUnit(r rune) rune {
	if r > 0xFFFF {
		hi, _ := utf16.EncodeRune(r)
		return hi
	}
	return r
}

// SortHeaders sorts headers by name (names are lower-case ASCII) and
// refuses a name given twice.
func SortHeaders(hs []Header) error {
	for i := 1; i < len(hs); i++ {
		for j := i; j > 0 && hs[j-1].Name > hs[j].Name; j-- {
			hs[j-1], hs[j] = hs[j], hs[j-1]
		}
	}
	for i := 1; i < len(hs); i++ {
		if hs[i-1].Name == hs[i].Name {
			return fmt.Errorf("header %s is set twice", hs[i].Name)
		}
	}
	return nil
}

// ErrBadEscape reports a '%' not followed by two hex digits.
var ErrBadEscape = errors.New("malformed percent-escape")

// unescape percent-decodes s, '+' being a space, as url.QueryUnescape
// does, with an error that shows nothing of s.
func unescape(s string) (string, error) {
	d, err := url.QueryUnescape(s)
	if err != nil {
		return "", ErrBadEscape
	}
	return d, nil
}
