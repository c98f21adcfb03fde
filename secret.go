package jmzs

import (
	"fmt"
	"log/slog"
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
