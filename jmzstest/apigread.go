package jmzstest

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/jmzs-sdk/jmzs-go/internal/apigsign"
)

// This file reads an SDK-HMAC-SHA256 request the way the gateway does,
// from the request as received, with code of its own: none of the
// signer's canonical-form functions is called, so a mistake there cannot
// hide here. Only primitives are shared: the RFC 3986 escape
// (apigsign.Escape) and the HMAC (apigsign.Key).

// apigAuthorization is a parsed "SDK-HMAC-SHA256 Access=…,
// SignedHeaders=…, Signature=…" header.
type apigAuthorization struct {
	access    string
	signed    []string
	signature string
}

// parseAPIGAuthorization parses an Authorization header value; fields are
// separated by commas, optionally followed by spaces.
func parseAPIGAuthorization(v string) (apigAuthorization, error) {
	var a apigAuthorization
	rest, ok := strings.CutPrefix(v, "SDK-HMAC-SHA256 ")
	if !ok {
		return a, errors.New("not SDK-HMAC-SHA256")
	}
	seen := map[string]bool{}
	for _, field := range strings.Split(rest, ",") {
		name, val, ok := strings.Cut(strings.TrimLeft(field, " "), "=")
		if !ok || seen[name] {
			return a, errors.New("bad field " + fmt.Sprintf("%q", name))
		}
		seen[name] = true
		switch name {
		case "Access":
			a.access = val
		case "SignedHeaders":
			a.signed = strings.Split(val, ";")
		case "Signature":
			a.signature = val
		default:
			return a, errors.New("unknown field " + fmt.Sprintf("%q", name))
		}
	}
	if a.access == "" || a.signature == "" || len(a.signed) == 0 {
		return a, errors.New("the fields Access, SignedHeaders and Signature are required")
	}
	for i, name := range a.signed {
		if name == "" || name != strings.ToLower(name) || slices.Contains(a.signed[:i], name) {
			return a, fmt.Errorf("SignedHeaders: bad name %q", name)
		}
	}
	return a, nil
}

// receivedTarget returns the escaped path and the raw query of r as they
// arrived: from the request line when r was received by a server, else
// (a request built but not sent) as Go's client would send them.
func receivedTarget(r *http.Request) (path, query string) {
	if uri := r.RequestURI; strings.HasPrefix(uri, "/") {
		path, query, _ = strings.Cut(uri, "?")
		return path, query
	}
	path = r.URL.EscapedPath()
	if path == "" {
		path = "/"
	}
	return path, r.URL.RawQuery
}

// percentDecode decodes %XX escapes, and '+' as a space when plus is
// true, and requires the result to be valid UTF-8: on such input Huawei's
// own signers disagree, so the gateway can check no signature over it.
func percentDecode(s string, plus bool) (string, error) {
	decode := url.PathUnescape
	if plus {
		decode = url.QueryUnescape
	}
	d, err := decode(s)
	if e, ok := err.(url.EscapeError); ok {
		return "", fmt.Errorf("malformed escape %q", string(e))
	}
	if err != nil {
		return "", err
	}
	if !utf8.ValidString(d) {
		return "", errors.New("escapes that are not valid UTF-8")
	}
	return d, nil
}

// canonicalURI decodes the escaped path, splits it on '/', escapes each
// segment and ends it with '/'.
func canonicalURI(escapedPath string) (string, error) {
	path, err := percentDecode(escapedPath, false)
	if err != nil {
		return "", fmt.Errorf("path: %w", err)
	}
	segments := strings.Split(path, "/")
	for i, s := range segments {
		segments[i] = apigsign.Escape(s)
	}
	uri := strings.Join(segments, "/")
	if !strings.HasSuffix(uri, "/") {
		uri += "/"
	}
	return uri, nil
}

// canonicalQueryString parses the raw query into decoded pairs ('+' is a
// space, "k" and "k=" are both an empty value), sorts them by key, then
// value, on their bytes, and writes them as escaped k=v joined by '&'.
func canonicalQueryString(rawQuery string) (string, error) {
	type param struct{ key, value string }
	var params []param
	for _, part := range strings.Split(rawQuery, "&") {
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		key, err := percentDecode(k, true)
		if err != nil {
			return "", fmt.Errorf("query: %w", err)
		}
		if key == "" {
			return "", errors.New("query: a parameter with an empty key")
		}
		value, err := percentDecode(v, true)
		if err != nil {
			return "", fmt.Errorf("query: %w", err)
		}
		params = append(params, param{key, value})
	}
	slices.SortFunc(params, func(a, b param) int {
		if c := strings.Compare(a.key, b.key); c != 0 {
			return c
		}
		return strings.Compare(a.value, b.value)
	})
	pairs := make([]string, len(params))
	for i, p := range params {
		pairs[i] = apigsign.Escape(p.key) + "=" + apigsign.Escape(p.value)
	}
	return strings.Join(pairs, "&"), nil
}

// receivedCanonicalRequest rebuilds the canonical request of r as
// received, over the headers named in signed, in that order; host is the
// Host r arrived with.
func receivedCanonicalRequest(r *http.Request, signed []string, body []byte) (string, error) {
	path, rawQuery := receivedTarget(r)
	uri, err := canonicalURI(path)
	if err != nil {
		return "", err
	}
	query, err := canonicalQueryString(rawQuery)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	b.WriteString(r.Method + "\n" + uri + "\n" + query + "\n")
	for _, name := range signed {
		var value string
		if name == "host" {
			value = r.Host
			if value == "" {
				value = r.URL.Host
			}
		} else {
			// How APIG joins a repeated header is not documented; the
			// SDK never sends one, and joining keeps the check strict.
			value = strings.Join(r.Header.Values(name), ",")
		}
		b.WriteString(name + ":" + strings.TrimSpace(value) + "\n")
	}
	b.WriteString("\n" + strings.Join(signed, ";") + "\n")
	if v := r.Header.Values(apigsign.HeaderContentSHA256); len(v) > 0 {
		b.WriteString(v[0])
	} else {
		sum := sha256.Sum256(body)
		b.WriteString(hex.EncodeToString(sum[:]))
	}
	return b.String(), nil
}

// stringToSign is "SDK-HMAC-SHA256\n<date>\n<hex sha256(canonical)>".
func stringToSign(date, canonical string) []byte {
	sum := sha256.Sum256([]byte(canonical))
	return []byte("SDK-HMAC-SHA256\n" + date + "\n" + hex.EncodeToString(sum[:]))
}
