package validate_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/internal/validate"
)

func check(t *testing.T, name string, err error, ok bool, field string) {
	t.Helper()
	if ok {
		require.NoError(t, err, name)
		return
	}
	require.ErrorIs(t, err, jmzs.ErrInvalidParams, name)
	var pe *jmzs.ParamError
	require.True(t, errors.As(err, &pe), name)
	require.Equal(t, field, pe.Field, name)
	require.NotEmpty(t, pe.Reason, name)
}

// Numbers from GB 11643-1999's own examples and a few computed by hand.
var validIDs = []string{"11010519491231002X", "440524188001010014", "33010619900101123X", "412721198703045673"}

func TestIDCardNo(t *testing.T) {
	tests := []struct {
		v  string
		ok bool
	}{
		{"11010519491231002X", true},
		{"11010519491231002x", true},
		{"440524188001010014", true},
		{"", false},
		{"110105194912310021", false},  // wrong check digit
		{"44052418800101001X", false},  // X where 4 is due
		{"11010519491231002", false},   // 17 characters
		{"110105194912310020X", false}, // 19 characters
		{"110105491231002", false},     // 15-digit first generation
		{"11010519491231002Y", false},  // not a check character
		{"1101051949123100 X", false},  // space
		{"110105194902290021", false},  // 1949-02-29 does not exist
		{"110105194913010021", false},  // month 13
		{"１１０１０５１９４９１２３１００２X", false},  // full-width digits
	}
	for _, tt := range tests {
		check(t, tt.v, validate.IDCardNo("idCardNo", tt.v), tt.ok, "idCardNo")
	}
}

// The check character catches every single-character change.
func TestIDCardNoCatchesEverySingleDigitError(t *testing.T) {
	for _, id := range validIDs {
		for i := 0; i < 17; i++ {
			if i >= 6 && i < 14 {
				continue // birth date digits may also fail the date check; covered above
			}
			for d := byte('0'); d <= '9'; d++ {
				if id[i] == d {
					continue
				}
				bad := id[:i] + string(d) + id[i+1:]
				require.Error(t, validate.IDCardNo("idCardNo", bad), bad)
			}
		}
	}
}

func TestLuhn(t *testing.T) {
	tests := []struct {
		v  string
		ok bool
	}{
		{"4111111111111111", true},
		{"6222021234567890128", true},
		{"6217001234567890122", true},
		{"79927398713", true},
		{"4111111111111112", false},
		{"6222021234567890127", false},
		{"", false},
		{"4111-1111-1111-1111", false},
	}
	for _, tt := range tests {
		check(t, tt.v, validate.Luhn("bankcard", tt.v), tt.ok, "bankcard")
	}
	// Every single-digit change is caught.
	const card = "6222021234567890128"
	for i := range len(card) {
		for d := byte('0'); d <= '9'; d++ {
			if card[i] != d {
				require.Error(t, validate.Luhn("bankcard", card[:i]+string(d)+card[i+1:]))
			}
		}
	}
}

func TestCardNumber(t *testing.T) {
	for v, ok := range map[string]bool{"123456789012": true, "1234567890123456789": true, "12345678901": false, "12345678901234567890": false, "12345678901a": false} {
		check(t, v, validate.CardNumber("bankcard", v), ok, "bankcard")
	}
}

func TestMobile(t *testing.T) {
	for v, ok := range map[string]bool{
		"13812345678": true, "19912345678": true, "16612345678": true,
		"12812345678": false, "10012345678": false, "1381234567": false, "138123456789": false,
		"+8613812345678": false, "138 1234 5678": false, "": false, "23812345678": false,
	} {
		check(t, v, validate.Mobile("mobile", v), ok, "mobile")
	}
	for v, ok := range map[string]bool{"5678": true, "0000": true, "13812345678": true, "567": false, "56789": false, "abcd": false, "": false} {
		check(t, v, validate.MobileOrLast4("mobile", v), ok, "mobile")
	}
}

func TestDate(t *testing.T) {
	for v, ok := range map[string]bool{
		"20240229": true, "20231231": true, "19000101": true,
		"20230229": false, "20231301": false, "20230001": false, "20230132": false, "20230431": false,
		"2023-1-1": false, "2023010": false, "202301011": false, "": false, "abcdefgh": false,
	} {
		check(t, v, validate.Date("kprq", v), ok, "kprq")
	}
}

func TestDigitsTextCodeOneOf(t *testing.T) {
	check(t, "digits", validate.Digits("fphm", "12345678", 8, 20), true, "")
	check(t, "short", validate.Digits("fphm", "1234567", 8, 20), false, "fphm")
	check(t, "exact", validate.Digits("x", "123", 4, 4), false, "x")
	check(t, "text", validate.Text("name", "阿依古丽·买买提", 64), true, "")
	check(t, "blank", validate.Text("name", " \t", 64), false, "name")
	check(t, "control", validate.Text("name", "a\x00b", 64), false, "name")
	check(t, "bad utf8", validate.Text("name", "\xff", 64), false, "name")
	check(t, "too long", validate.Text("name", strings.Repeat("张", 65), 64), false, "name")
	check(t, "code", validate.Code("expressCode", "ZTO", 16), true, "")
	check(t, "lower code", validate.Code("expressCode", "zto", 16), false, "expressCode")
	check(t, "long code", validate.Code("expressCode", "ABCD", 3), false, "expressCode")
	check(t, "enum", validate.OneOf("sort", "1", "1"), true, "")
	err := validate.OneOf("sort", "desc", "1", "0")
	check(t, "not in enum", err, false, "sort")
	require.Contains(t, err.Error(), `"1", "0"`)
}

func TestAmount(t *testing.T) {
	tests := []struct {
		v        string
		frac     int
		positive bool
		ok       bool
	}{
		{"100", 2, true, true},
		{"12.50", 2, true, true},
		{"0.01", 2, true, true},
		{"0", 2, false, true},
		{"0.00", 2, true, false},
		{"12.505", 2, true, false},
		{"-1", 2, false, false},
		{"1,000", 2, false, false},
		{"1.", 2, false, false},
		{".5", 2, false, false},
		{"1e3", 2, false, false},
		{"", 2, false, false},
	}
	for _, tt := range tests {
		check(t, tt.v, validate.Amount("money", tt.v, tt.frac, tt.positive), tt.ok, "money")
	}
}

func TestErrorsNeverEchoTheValue(t *testing.T) {
	const id = "110105194912310021"
	err := validate.IDCardNo("idCardNo", id)
	require.Error(t, err)
	require.NotContains(t, err.Error(), id)
	err = validate.Mobile("mobile", "12812345678")
	require.NotContains(t, err.Error(), "12812345678")
}
