package jmzs

import (
	"slices"
	"strings"
)

// A gateway that refuses a signature quotes back what it signed, to help
// find the difference: Huawei APIG's 0303 message its canonical request,
// Alibaba Cloud's "Invalid Signature" its string to sign. Both hold the
// request's parameters (ID numbers, names, phone numbers), so error
// strings and logs show them masked, keeping the shape: the method, the
// path, the parameter and header names, the hashes, and the header
// values that identify nothing (host, content type, date).

const (
	canonicalRequestMarker = "canonicalRequest:"
	stringToSignMarker     = "StringToSign:"
	masked                 = "***"
)

// redactGatewayMessage masks the request data quoted in a gateway's
// message.
func redactGatewayMessage(msg string) string {
	if i := strings.Index(msg, canonicalRequestMarker); i >= 0 {
		i += len(canonicalRequestMarker)
		return msg[:i] + redactCanonicalRequest(msg[i:])
	}
	if i := strings.Index(msg, stringToSignMarker); i >= 0 {
		i += len(stringToSignMarker)
		return msg[:i] + redactStringToSign(msg[i:])
	}
	return msg
}

// redactCanonicalRequest masks a Huawei canonical request quoted with '|'
// for newlines: METHOD|/path/|k=v&…|name:value|…||signed;headers|hash.
// The query is canonical (every value percent-encoded), so '|', '&' and
// '=' inside values cannot mislead; header values may hold '|', and the
// parts are therefore found from both ends.
func redactCanonicalRequest(s string) string {
	parts := strings.Split(s, "|")
	n := len(parts)
	if n < 6 || parts[n-3] != "" {
		// Not the shape expected: keep only the method and the path.
		if n >= 2 {
			return parts[0] + "|" + parts[1] + "|" + masked
		}
		return masked
	}
	signed := strings.Split(parts[n-2], ";")
	var b strings.Builder
	b.WriteString(parts[0] + "|" + parts[1] + "|")
	writeMaskedQuery(&b, parts[2], isQueryKey)
	for _, line := range parts[3 : n-3] {
		name, value, ok := strings.Cut(line, ":")
		if !ok || !slices.Contains(signed, strings.ToLower(name)) {
			continue // the rest of a value that held '|': masked with it
		}
		b.WriteString("|" + name + ":")
		switch strings.ToLower(name) {
		case "host", "content-type", "x-sdk-date":
			b.WriteString(value)
		default:
			if value != "" {
				b.WriteString(masked)
			}
		}
	}
	b.WriteString("||" + parts[n-2] + "|" + parts[n-1])
	return b.String()
}

// redactStringToSign masks an Alibaba Cloud string to sign, quoted with
// its newlines as '#' or removed: METHOD#Accept#Content-MD5#Content-Type#
// Date#x-ca-name:value#…#/path?k=v&…. Its parameter values are decoded,
// so they may hold any character: everything after the path's '?' is
// masked but the parameter names.
func redactStringToSign(s string) string {
	head, query, hasQuery := strings.Cut(s, "?")
	var b strings.Builder
	switch sep := "#"; {
	case strings.Contains(head, sep) || strings.Contains(head, "\n"):
		if !strings.Contains(head, sep) {
			sep = "\n"
		}
		for i, line := range strings.Split(head, sep) {
			if i > 0 {
				b.WriteString(sep)
			}
			b.WriteString(maskCaHeader(line))
		}
	default:
		// Newlines removed: the header lines run together; mask the
		// AppKey, the one value among them that names a credential.
		b.WriteString(maskRunTogetherAppKey(head))
	}
	if hasQuery {
		b.WriteByte('?')
		writeMaskedQuery(&b, query, isPlainKey)
	}
	return b.String()
}

// caHeadersShown are the X-Ca-* headers of a string to sign whose values
// identify nothing.
var caHeadersShown = []string{"x-ca-timestamp", "x-ca-nonce", "x-ca-signature-method", "x-ca-stage"}

// maskCaHeader masks the value of an "x-ca-name:value" line of a string
// to sign; other lines (method, Accept, Content-MD5, Content-Type, Date,
// the path) are returned as they are.
func maskCaHeader(line string) string {
	name, value, ok := strings.Cut(line, ":")
	if !ok || !hasPrefixFold(name, "x-ca-") || value == "" || slices.Contains(caHeadersShown, strings.ToLower(name)) {
		return line
	}
	return name + ":" + masked
}

// maskRunTogetherAppKey masks the value after "x-ca-key:" up to the next
// "x-ca-" header or the path.
func maskRunTogetherAppKey(s string) string {
	i := strings.Index(strings.ToLower(s), "x-ca-key:")
	if i < 0 {
		return s
	}
	i += len("x-ca-key:")
	rest := s[i:]
	end := len(rest)
	if j := strings.Index(strings.ToLower(rest), "x-ca-"); j >= 0 {
		end = j
	} else if j := strings.IndexByte(rest, '/'); j >= 0 {
		end = j
	}
	return s[:i] + masked + rest[end:]
}

// writeMaskedQuery writes query with every value masked. A piece whose
// name does not look like a parameter name (a fragment of a value that
// held '&') is masked whole.
func writeMaskedQuery(b *strings.Builder, query string, isKey func(string) bool) {
	if query == "" {
		return
	}
	for i, pair := range strings.Split(query, "&") {
		if i > 0 {
			b.WriteByte('&')
		}
		key, value, hasValue := strings.Cut(pair, "=")
		switch {
		case !isKey(key):
			b.WriteString(masked)
		case !hasValue:
			b.WriteString(key)
		case value == "":
			b.WriteString(key + "=")
		default:
			b.WriteString(key + "=" + masked)
		}
	}
}

// isQueryKey accepts a percent-encoded parameter name.
func isQueryKey(k string) bool {
	return k != "" && strings.IndexFunc(k, func(r rune) bool { return !isKeyRune(r) && r != '%' }) < 0
}

// isPlainKey accepts a decoded parameter name made of ASCII letters,
// digits and "-_.~".
func isPlainKey(k string) bool {
	return k != "" && strings.IndexFunc(k, func(r rune) bool { return !isKeyRune(r) }) < 0
}

func isKeyRune(r rune) bool {
	return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || strings.ContainsRune("-_.~", r)
}
