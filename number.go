package jmzs

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// Number is a number inside a response's data, sent the way the vendor
// happens to send it: a JSON number (6.8), a numeric string ("6.8095",
// "20.800"), a string with thousands separators ("76,214"), or nothing
// ("" or null). Number keeps the vendor's text, so no precision is lost;
// convert it when needed with Float64, Int64 or Decimal.
//
// Decoding never fails on a string, so an odd value such as "106'14" or
// "-" does not spoil the rest of a response: it decodes to a Number that
// is not Valid. Decoding a JSON boolean, object or array is an error.
type Number string

// Valid reports whether n holds a decimal number: an optional sign,
// digits (optionally grouped in threes by commas), an optional fraction
// and an optional exponent.
func (n Number) Valid() bool {
	_, ok := n.decimal()
	return ok
}

// String returns the vendor's text, which is empty for a missing number.
func (n Number) String() string { return string(n) }

// Decimal returns n in plain decimal form, fit for strconv or a decimal
// library: thousands separators, a leading '+' and leading zeros removed
// ("76,214" → "76214", "007.50" → "7.50"). It returns "" if n is not Valid.
func (n Number) Decimal() string {
	d, _ := n.decimal()
	return d
}

// Float64 returns n as the nearest float64.
func (n Number) Float64() (float64, error) {
	d, ok := n.decimal()
	if !ok {
		return 0, n.invalid()
	}
	f, err := strconv.ParseFloat(d, 64)
	if err != nil {
		return 0, fmt.Errorf("jmzs: number %q: %w", string(n), err)
	}
	return f, nil
}

// Int64 returns n as an int64. It fails for a number with a fraction or
// exponent, even "20.0", rather than round it.
func (n Number) Int64() (int64, error) {
	d, ok := n.decimal()
	if !ok {
		return 0, n.invalid()
	}
	i, err := strconv.ParseInt(d, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("jmzs: number %q is not an int64: %w", string(n), err)
	}
	return i, nil
}

func (n Number) invalid() error {
	if n == "" {
		return fmt.Errorf("jmzs: number is empty")
	}
	return fmt.Errorf("jmzs: %q is not a number", string(n))
}

// UnmarshalJSON accepts a JSON number, a string or null.
func (n *Number) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case string(b) == "null":
		*n = ""
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*n = Number(strings.TrimSpace(s))
	case len(b) > 0 && (b[0] == '-' || '0' <= b[0] && b[0] <= '9'):
		*n = Number(b)
	default:
		return fmt.Errorf("jmzs: cannot decode %.20s into a Number", b)
	}
	return nil
}

// MarshalJSON writes a Valid number as a JSON number in Decimal form, an
// empty one as null, and any other text as a JSON string.
func (n Number) MarshalJSON() ([]byte, error) {
	if d, ok := n.decimal(); ok {
		return []byte(d), nil
	}
	if n == "" {
		return []byte("null"), nil
	}
	return json.Marshal(string(n))
}

// decimal parses n and returns its plain decimal form.
func (n Number) decimal() (string, bool) {
	s := string(n)
	var b strings.Builder
	b.Grow(len(s))
	if s != "" && (s[0] == '+' || s[0] == '-') {
		if s[0] == '-' {
			b.WriteByte('-')
		}
		s = s[1:]
	}
	// Integer part: plain digits, or 1–3 digits then ",ddd" groups.
	end := strings.IndexAny(s, ".eE")
	if end < 0 {
		end = len(s)
	}
	intPart, rest := s[:end], s[end:]
	if strings.Contains(intPart, ",") {
		groups := strings.Split(intPart, ",")
		if len(groups[0]) < 1 || len(groups[0]) > 3 || !allDigits(groups[0]) {
			return "", false
		}
		for _, g := range groups[1:] {
			if len(g) != 3 || !allDigits(g) {
				return "", false
			}
		}
		intPart = strings.Join(groups, "")
	} else if intPart == "" || !allDigits(intPart) {
		return "", false
	}
	intPart = strings.TrimLeft(intPart, "0")
	if intPart == "" {
		intPart = "0"
	}
	b.WriteString(intPart)
	if rest != "" && rest[0] == '.' {
		end := strings.IndexAny(rest, "eE")
		if end < 0 {
			end = len(rest)
		}
		if end == 1 || !allDigits(rest[1:end]) {
			return "", false
		}
		b.WriteString(rest[:end])
		rest = rest[end:]
	}
	if rest != "" {
		exp := rest[1:]
		if exp != "" && (exp[0] == '+' || exp[0] == '-') {
			exp = exp[1:]
		}
		if exp == "" || !allDigits(exp) {
			return "", false
		}
		b.WriteString(rest)
	}
	return b.String(), true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
