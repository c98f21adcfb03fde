package jmzs

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestNumberDecodesLooseForms(t *testing.T) {
	tests := []struct {
		in      string // JSON
		text    string
		valid   bool
		decimal string
		f       float64
	}{
		{`"6.8095"`, "6.8095", true, "6.8095", 6.8095},
		{`6.8`, "6.8", true, "6.8", 6.8},
		{`"20.800"`, "20.800", true, "20.800", 20.8},
		{`"76,214"`, "76,214", true, "76214", 76214},
		{`"1,234,567.5"`, "1,234,567.5", true, "1234567.5", 1234567.5},
		{`" 42 "`, "42", true, "42", 42},
		{`"+3"`, "+3", true, "3", 3},
		{`"-0.5"`, "-0.5", true, "-0.5", -0.5},
		{`"007.50"`, "007.50", true, "7.50", 7.5},
		{`1e3`, "1e3", true, "1e3", 1000},
		{`"2.5E-2"`, "2.5E-2", true, "2.5E-2", 0.025},
		{`1789630498`, "1789630498", true, "1789630498", 1789630498},
		{`""`, "", false, "", 0},
		{`null`, "", false, "", 0},
		{`"106'14"`, "106'14", false, "", 0},
		{`"-"`, "-", false, "", 0},
		{`"1,23"`, "1,23", false, "", 0},
		{`"1234,567"`, "1234,567", false, "", 0},
		{`",123"`, ",123", false, "", 0},
		{`"1."`, "1.", false, "", 0},
		{`".5"`, ".5", false, "", 0},
		{`"1e"`, "1e", false, "", 0},
		{`"NaN"`, "NaN", false, "", 0},
		{`"Inf"`, "Inf", false, "", 0},
		{`"0x1p3"`, "0x1p3", false, "", 0},
		{`"1_000"`, "1_000", false, "", 0},
	}
	for _, tt := range tests {
		var n Number
		if err := json.Unmarshal([]byte(tt.in), &n); err != nil {
			t.Errorf("Unmarshal(%s): %v", tt.in, err)
			continue
		}
		if n.String() != tt.text || n.Valid() != tt.valid || n.Decimal() != tt.decimal {
			t.Errorf("Unmarshal(%s) = text %q valid %v decimal %q; want %q %v %q", tt.in, n, n.Valid(), n.Decimal(), tt.text, tt.valid, tt.decimal)
		}
		f, err := n.Float64()
		if (err == nil) != tt.valid || f != tt.f {
			t.Errorf("Number(%q).Float64() = %v, %v; want %v (valid %v)", n, f, err, tt.f, tt.valid)
		}
	}
}

func TestNumberRefusesNonNumbers(t *testing.T) {
	for _, in := range []string{`true`, `{}`, `[]`, `"unterminated`} {
		var n Number
		if err := json.Unmarshal([]byte(in), &n); err == nil {
			t.Errorf("Unmarshal(%s) succeeded with %q; want an error", in, n)
		}
	}
}

func TestNumberInt64(t *testing.T) {
	tests := []struct {
		n    Number
		want int64
		ok   bool
	}{
		{"76,214", 76214, true},
		{"-12", -12, true},
		{"9223372036854775807", 9223372036854775807, true},
		{"9223372036854775808", 0, false},
		{"20.0", 0, false},
		{"1e3", 0, false},
		{"", 0, false},
		{"abc", 0, false},
	}
	for _, tt := range tests {
		got, err := tt.n.Int64()
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("Number(%q).Int64() = %d, %v; want %d (ok %v)", tt.n, got, err, tt.want, tt.ok)
		}
	}
}

func TestNumberRoundTrip(t *testing.T) {
	type data struct {
		Money  Number `json:"money"`
		Volume Number `json:"volume"`
		Open   Number `json:"open"`
		Price  Number `json:"price"`
		Odd    Number `json:"odd"`
	}
	in := `{"money":"6.8095","volume":"76,214","open":"","price":20.800,"odd":"106'14"}`
	var first data
	if err := json.Unmarshal([]byte(in), &first); err != nil {
		t.Fatal(err)
	}
	out, err := json.Marshal(first)
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"money":6.8095,"volume":76214,"open":null,"price":20.800,"odd":"106'14"}`
	if string(out) != want {
		t.Fatalf("Marshal = %s; want %s", out, want)
	}
	var second data
	if err := json.Unmarshal(out, &second); err != nil {
		t.Fatal(err)
	}
	for _, pair := range [][2]Number{{first.Money, second.Money}, {first.Volume, second.Volume}, {first.Open, second.Open}, {first.Price, second.Price}, {first.Odd, second.Odd}} {
		if pair[0].Decimal() != pair[1].Decimal() || pair[0].Valid() != pair[1].Valid() {
			t.Errorf("round trip changed %q into %q", pair[0], pair[1])
		}
	}
	if second.Money.String() != "6.8095" {
		t.Errorf("money lost digits: %q", second.Money)
	}
}

// FuzzNumber checks that decoding never panics, that a Valid number's
// Decimal is a JSON number and parses, and that MarshalJSON always
// produces valid JSON which decodes to the same Decimal.
func FuzzNumber(f *testing.F) {
	for _, s := range []string{`"6.8095"`, `6.8`, `""`, `"76,214"`, `null`, `"106'14"`, `"-007.5e+3"`, `"1,000,000"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		var n Number
		if json.Unmarshal([]byte(in), &n) != nil {
			return
		}
		out, err := n.MarshalJSON()
		if err != nil || !json.Valid(out) {
			t.Fatalf("Number(%q).MarshalJSON() = %s, %v", n, out, err)
		}
		if n.Valid() {
			if !json.Valid([]byte(n.Decimal())) {
				t.Fatalf("Decimal of %q is %q, not a JSON number", n, n.Decimal())
			}
			if _, err := n.Float64(); err != nil && !isRange(err) {
				t.Fatalf("Float64 of valid %q: %v", n, err)
			}
		}
		var again Number
		if err := json.Unmarshal(out, &again); err != nil || again.Decimal() != n.Decimal() {
			t.Fatalf("round trip of %q gave %q, %v", n, again, err)
		}
	})
}

func isRange(err error) bool { return err != nil && strings.Contains(err.Error(), "out of range") }
