// Package validate holds the checks that product packages run on request
// parameters before a billed call is sent. Every failure is a
// *jmzs.ParamError naming the vendor's parameter and the reason; none
// repeats the refused value, which may be personal data.
package validate

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/jmzs-sdk/jmzs-go"
)

// Errorf returns a *jmzs.ParamError for field.
func Errorf(field, format string, args ...any) error {
	return &jmzs.ParamError{Field: field, Reason: fmt.Sprintf(format, args...)}
}

// Required refuses an empty or all-space value.
func Required(field, v string) error {
	if strings.TrimSpace(v) == "" {
		return Errorf(field, "is required")
	}
	return nil
}

// Text refuses an empty value, invalid UTF-8, control characters and
// values longer than maxRunes.
func Text(field, v string, maxRunes int) error {
	if err := Required(field, v); err != nil {
		return err
	}
	if !utf8.ValidString(v) {
		return Errorf(field, "is not valid UTF-8")
	}
	if strings.IndexFunc(v, unicode.IsControl) >= 0 {
		return Errorf(field, "contains a control character")
	}
	if n := utf8.RuneCountInString(v); n > maxRunes {
		return Errorf(field, "is %d characters long, more than %d", n, maxRunes)
	}
	return nil
}

// Digits refuses a value that is not min to max ASCII digits.
func Digits(field, v string, min, max int) error {
	if v == "" {
		return Errorf(field, "is required")
	}
	if !allDigits(v) {
		return Errorf(field, "must contain only digits")
	}
	if len(v) < min || len(v) > max {
		if min == max {
			return Errorf(field, "must be %d digits, got %d", min, len(v))
		}
		return Errorf(field, "must be %d to %d digits, got %d", min, max, len(v))
	}
	return nil
}

// gb11643Weights are the weights of the first 17 digits of a citizen
// identity number (GB 11643-1999); checkChars maps the weighted sum mod 11
// to the check character.
var (
	gb11643Weights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	checkChars     = "10X98765432"
)

// IDCardNo refuses anything but an 18-character citizen identity number
// (GB 11643-1999) with a real birth date and a correct check character;
// the check character X may be either case.
func IDCardNo(field, v string) error {
	if v == "" {
		return Errorf(field, "is required")
	}
	if len(v) != 18 {
		return Errorf(field, "must be 18 characters (GB 11643), got %d", len(v))
	}
	if !allDigits(v[:17]) {
		return Errorf(field, "the first 17 characters must be digits")
	}
	if _, err := time.Parse("20060102", v[6:14]); err != nil {
		return Errorf(field, "characters 7–14 are not a real birth date YYYYMMDD")
	}
	sum := 0
	for i, w := range gb11643Weights {
		sum += int(v[i]-'0') * w
	}
	want := checkChars[sum%11]
	got := v[17]
	if got == 'x' {
		got = 'X'
	}
	if got != want {
		return Errorf(field, "check character does not match (GB 11643)")
	}
	return nil
}

// CardNumber refuses a bank card number that is not 12 to 19 digits.
func CardNumber(field, v string) error {
	return Digits(field, v, 12, 19)
}

// Luhn refuses a digit string whose Luhn (mod 10) check digit is wrong.
func Luhn(field, v string) error {
	if v == "" || !allDigits(v) {
		return Errorf(field, "must contain only digits")
	}
	sum := 0
	for i := range len(v) {
		d := int(v[len(v)-1-i] - '0')
		if i%2 == 1 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	if sum%10 != 0 {
		return Errorf(field, "fails the Luhn check")
	}
	return nil
}

// Mobile refuses anything but a mainland China mobile number: 11 digits
// starting 13–19.
func Mobile(field, v string) error {
	if v == "" {
		return Errorf(field, "is required")
	}
	if len(v) != 11 || !allDigits(v) || v[0] != '1' || v[1] < '3' {
		return Errorf(field, "must be a mainland mobile number: 11 digits starting 13–19")
	}
	return nil
}

// MobileOrLast4 accepts a mainland mobile number or its last 4 digits.
func MobileOrLast4(field, v string) error {
	if len(v) == 4 && allDigits(v) {
		return nil
	}
	if err := Mobile(field, v); err != nil {
		return Errorf(field, "must be a mainland mobile number or its last 4 digits")
	}
	return nil
}

// Date refuses anything but a real calendar date written YYYYMMDD.
func Date(field, v string) error {
	if v == "" {
		return Errorf(field, "is required")
	}
	if len(v) != 8 || !allDigits(v) {
		return Errorf(field, "must be a date YYYYMMDD")
	}
	if _, err := time.Parse("20060102", v); err != nil {
		return Errorf(field, "is not a real calendar date")
	}
	return nil
}

// OneOf refuses a value outside allowed.
func OneOf(field, v string, allowed ...string) error {
	for _, a := range allowed {
		if v == a {
			return nil
		}
	}
	quoted := make([]string, len(allowed))
	for i, a := range allowed {
		quoted[i] = strconv.Quote(a)
	}
	return Errorf(field, "must be one of %s", strings.Join(quoted, ", "))
}

// Code refuses anything but 1 to max ASCII upper-case letters and digits,
// the form of the vendor's courier and currency codes.
func Code(field, v string, max int) error {
	if v == "" {
		return Errorf(field, "is required")
	}
	if len(v) > max {
		return Errorf(field, "must be at most %d characters, got %d", max, len(v))
	}
	for i := range len(v) {
		if c := v[i]; !('A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return Errorf(field, "must contain only upper-case letters and digits")
		}
	}
	return nil
}

// Amount refuses anything but a non-negative decimal written with digits,
// an optional point and at most maxFrac fraction digits ("100", "12.50").
// With positive set, zero is refused too.
func Amount(field, v string, maxFrac int, positive bool) error {
	if v == "" {
		return Errorf(field, "is required")
	}
	intPart, frac, hasPoint := strings.Cut(v, ".")
	if intPart == "" || !allDigits(intPart) || hasPoint && (frac == "" || !allDigits(frac)) {
		return Errorf(field, "must be a decimal amount such as 100 or 12.50")
	}
	if len(frac) > maxFrac {
		return Errorf(field, "must have at most %d digits after the point", maxFrac)
	}
	if positive && strings.Trim(intPart+frac, "0") == "" {
		return Errorf(field, "must be greater than zero")
	}
	return nil
}

func allDigits(s string) bool {
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
