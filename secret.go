package jmzs

import (
	"fmt"
	"log/slog"
	"strings"
	"unicode"
)

// secret is a credential: an AppCode, an AppKey or an AppSecret. Every
// print path masks it: fmt's verbs (Format), Stringer and slog (LogValue).
// The text is behind a pointer because fmt prints an unexported field of a
// struct without calling its methods; a pointer there shows as an address.
type secret struct{ p *string }

func newSecret(s string) secret { return secret{&s} }

// value returns the credential itself, for the request that carries it.
func (s secret) value() string {
	if s.p == nil {
		return ""
	}
	return *s.p
}

// String shows at most the first 4 characters, and only of a secret of 16
// or more, so that logs can tell two credentials apart without revealing
// either.
func (s secret) String() string {
	v := s.value()
	if len(v) < 16 {
		return "****"
	}
	return v[:4] + "****"
}

// Format masks s under every verb, %#v and %x included.
func (s secret) Format(f fmt.State, _ rune) { fmt.Fprint(f, s.String()) }

// LogValue masks s in slog records, whatever the handler.
func (s secret) LogValue() slog.Value { return slog.StringValue(s.String()) }

// checkCredential refuses a credential that cannot be what the console
// shows: empty, padded with white space, or holding a control character
// (a pasted newline, say). Header-borne ones would otherwise fail in the
// transport on every attempt. The error names the option, never the value.
func checkCredential(option, what, v string) error {
	switch {
	case v == "":
		return fmt.Errorf("jmzs: %s: empty %s", option, what)
	case strings.TrimSpace(v) != v:
		return fmt.Errorf("jmzs: %s: %s has leading or trailing white space", option, what)
	case strings.IndexFunc(v, unicode.IsControl) >= 0:
		return fmt.Errorf("jmzs: %s: %s holds a control character", option, what)
	}
	return nil
}
