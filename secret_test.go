package jmzs

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

// TestSecretsMaskedEverywhere prints every credential type, alone, inside
// a struct, by pointer and by value, with every fmt verb and through both
// slog handlers and encoding/json, and looks for the secrets.
func TestSecretsMaskedEverywhere(t *testing.T) {
	const (
		appCode   = "APPCODE0123456789abcdefSECRETCODE"
		appKey    = "KEY0123456789abcdefKEYSECRET"
		appSecret = "SECRET0123456789abcdefTOPSECRET"
	)
	creds := map[string]any{
		"AppCodeAuth":         NewAppCodeAuth(appCode),
		"AppCodeAuth value":   *NewAppCodeAuth(appCode),
		"AliyunAppCodeAuth":   NewAliyunAppCodeAuth(appCode),
		"AliyunAppCode value": *NewAliyunAppCodeAuth(appCode),
		"APIGSigner":          NewAPIGSigner(appKey, appSecret),
		"APIGSigner value":    *NewAPIGSigner(appKey, appSecret),
		"AliyunSigner":        NewAliyunSigner(appKey, appSecret),
		"AliyunSigner value":  *NewAliyunSigner(appKey, appSecret),
	}
	client, err := NewClient(WithAppCode(appCode))
	if err != nil {
		t.Fatal(err)
	}
	creds["Client"] = client
	both, err := NewClient(WithAppKey(appKey, appSecret), WithAliyunAppCode(appCode))
	if err != nil {
		t.Fatal(err)
	}
	creds["Client with a credential for each market"] = both
	for name, cred := range creds {
		holders := []any{cred, struct{ Auth any }{cred}, struct{ auth any }{cred}, []any{cred}, map[string]any{"a": cred}}
		var out bytes.Buffer
		for _, h := range holders {
			for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d"} {
				fmt.Fprintf(&out, verb+"\n", h)
			}
			fmt.Fprintln(&out, h)
			b, _ := json.Marshal(h)
			out.Write(b)
		}
		slog.New(slog.NewTextHandler(&out, nil)).Info("m", "cred", cred, "holder", struct{ C any }{cred})
		slog.New(slog.NewJSONHandler(&out, nil)).Info("m", "cred", cred, "holder", struct{ C any }{cred})
		text := out.String()
		for _, s := range []string{appCode, appKey, appSecret, "SECRETCODE", "KEYSECRET", "TOPSECRET"} {
			if strings.Contains(text, s) {
				t.Errorf("%s: printed %q:\n%s", name, s, text)
			}
			if strings.Contains(strings.ToLower(text), strings.ToLower(fmt.Sprintf("%x", s))) {
				t.Errorf("%s: printed %q in hex", name, s)
			}
		}
	}
}

func TestSecretValues(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", "****"},
		{"short", "****"},
		{"0123456789abcdef", "0123****"},
	} {
		s := newSecret(tc.in)
		if got := fmt.Sprintf("%v|%s|%#v|%q", s, s, s, s); got != strings.Repeat(tc.want+"|", 3)+tc.want {
			t.Errorf("newSecret(%q) prints %q", tc.in, got)
		}
		if s.value() != tc.in {
			t.Errorf("value() = %q, want %q", s.value(), tc.in)
		}
	}
	if (secret{}).value() != "" {
		t.Error("zero secret has a value")
	}
}

func TestNewClientRefusesMalformedCredentials(t *testing.T) {
	const good = "0123456789abcdef0123456789abcdef"
	for _, bad := range []string{"", " " + good, good + "\n", "ab\ncd", "ab\x00cd", "ab\tcd", good + "\u00a0", "ab\x7fcd"} {
		for name, opt := range map[string]Option{
			"WithAppCode":             WithAppCode(bad),
			"WithAppKey key":          WithAppKey(bad, good),
			"WithAppKey secret":       WithAppKey(good, bad),
			"WithAliyunAppCode":       WithAliyunAppCode(bad),
			"WithAliyunAppKey key":    WithAliyunAppKey(bad, good),
			"WithAliyunAppKey secret": WithAliyunAppKey(good, bad),
		} {
			// Alone, and beside a good credential for the other market.
			other := WithAliyunAppCode(good)
			if strings.HasPrefix(name, "WithAliyun") {
				other = WithAppKey(good, good)
			}
			for _, opts := range [][]Option{{opt}, {other, opt}, {opt, other}} {
				_, err := NewClient(opts...)
				if err == nil {
					t.Errorf("%s(%q): no error", name, bad)
					continue
				}
				if !strings.Contains(err.Error(), strings.Fields(name)[0]) {
					t.Errorf("%s: the error does not name the option: %v", name, err)
				}
				if bad != "" && strings.Contains(err.Error(), bad) || strings.Contains(err.Error(), good) {
					t.Errorf("%s: error quotes a credential: %v", name, err)
				}
			}
		}
	}
	if _, err := NewClient(WithAppKey(good, "with inner space")); err != nil {
		t.Errorf("inner space refused: %v", err)
	}
}
