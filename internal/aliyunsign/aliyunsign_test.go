package aliyunsign

import (
	"io"
	"math/rand"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"
)

// The three published vectors of Higress's Aliyun-compatible hmac-auth
// plugin (github.com/alibaba/higress,
// plugins/wasm-cpp/extensions/hmac_auth/plugin_test.cc), AppSecret
// "appSecret".
var publishedVectors = []struct {
	name      string
	parts     Parts
	want      string
	signature string
}{
	{
		name: "GET with signed x-ca headers",
		parts: Parts{Method: "GET", Accept: "application/json", ContentType: "application/json",
			Headers: []Header{{"x-ca-key", "appKey"}, {"x-ca-nonce", "787dd0c2-7bd8-41cd-9c19-62c05ea524a2"}, {"x-ca-timestamp", "1646365291734"}},
			Path:    "/Third/Tools/checkSign"},
		want:      "GET\napplication/json\n\napplication/json\n\nx-ca-key:appKey\nx-ca-nonce:787dd0c2-7bd8-41cd-9c19-62c05ea524a2\nx-ca-timestamp:1646365291734\n/Third/Tools/checkSign",
		signature: "EdJSFAMOWyXZOpXhevZnjuS0ZafnwnCqaSk5hz+tXo8=",
	},
	{
		name:      "GET with no signed headers",
		parts:     Parts{Method: "GET", Accept: "application/json", Path: "/Third/Tools/checkSign"},
		want:      "GET\napplication/json\n\n\n\n/Third/Tools/checkSign",
		signature: "ZpJhkHdtjLTJiR6CJWHL8ikLtPB2z6CoztG21wG3PT4=",
	},
	{
		name: "form POST",
		parts: Parts{Method: "POST", Accept: "application/json", ContentType: "application/x-www-form-urlencoded",
			Headers: []Header{{"x-ca-key", "appKey"}, {"x-ca-nonce", "ca5a6753-b76c-4fff-a9d9-e5bb643e8cdf"}, {"x-ca-timestamp", "1646646682418"}},
			Path:    "/Third/User/getNyAccessToken",
			Params:  mustMerge(nil, "nickname=nickname&room_id=6893&uuid=uuid&photo=photo")},
		want:      "POST\napplication/json\n\napplication/x-www-form-urlencoded\n\nx-ca-key:appKey\nx-ca-nonce:ca5a6753-b76c-4fff-a9d9-e5bb643e8cdf\nx-ca-timestamp:1646646682418\n/Third/User/getNyAccessToken?nickname=nickname&photo=photo&room_id=6893&uuid=uuid",
		signature: "gmf9xq0hc95Hmt+7G+OocS009ka3v1v0rvfshKzYc3w=",
	},
}

func mustMerge(query []Param, form string) []Param {
	f, err := ParseParams(form, "form field")
	if err != nil {
		panic(err)
	}
	return MergeParams(query, f)
}

func TestPublishedVectors(t *testing.T) {
	for _, v := range publishedVectors {
		t.Run(v.name, func(t *testing.T) {
			sts := v.parts.StringToSign()
			if sts != v.want {
				t.Fatalf("string to sign:\n got %q\nwant %q", sts, v.want)
			}
			if got := Signature("appSecret", []byte(sts)); got != v.signature {
				t.Fatalf("signature: got %s, want %s", got, v.signature)
			}
		})
	}
	t.Logf("published vectors: %d of %d agree", len(publishedVectors), len(publishedVectors))
}

// TestSignPublishedFormVector sends the third vector's request through
// Sign: the string differs from the published one only by the
// x-ca-signature-method line that Sign adds, and the form body is still
// there to send.
func TestSignPublishedFormVector(t *testing.T) {
	body := "nickname=nickname&room_id=6893&uuid=uuid&photo=photo"
	req, err := http.NewRequest("POST", "http://example.com/Third/User/getNyAccessToken", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	sts, err := Sign(req, Signing{AppKey: "appKey", AppSecret: "appSecret", Timestamp: 1646646682418, Nonce: "ca5a6753-b76c-4fff-a9d9-e5bb643e8cdf"})
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Replace(publishedVectors[2].want, "x-ca-timestamp:", "x-ca-signature-method:HmacSHA256\nx-ca-timestamp:", 1)
	if sts != want {
		t.Fatalf("string to sign:\n got %q\nwant %q", sts, want)
	}
	if got := req.Header.Get(HeaderSignature); got != Signature("appSecret", []byte(want)) {
		t.Fatalf("X-Ca-Signature %s does not sign the string", got)
	}
	if got := req.Header.Get(HeaderSignatureHeaders); got != "x-ca-key,x-ca-nonce,x-ca-signature-method,x-ca-timestamp" {
		t.Fatalf("X-Ca-Signature-Headers = %q", got)
	}
	if req.Header.Get(HeaderContentMD5) != "" {
		t.Fatal("a form body gets no Content-MD5")
	}
	b, _ := io.ReadAll(req.Body)
	if string(b) != body {
		t.Fatalf("body left to send: %q", b)
	}
}

func TestSignHeaders(t *testing.T) {
	req, err := http.NewRequest("POST", "https://h.example.com/a%20b/%E4%B8%AD?z=1&a=x+y&e=&f", strings.NewReader(`{"k":"v"}`))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json; charset=UTF-8")
	req.Header.Set("Date", "Mon, 02 Jan 2006 15:04:05 GMT")
	lowerKey := strings.ToLower("X-Ca-Stage")           // a key not in canonical form
	req.Header[lowerKey] = []string{"  TEST\t"}         // and a padded value
	req.Header.Set("X-Ca-Signature", "stale")           // replaced
	req.Header.Set("X-Ca-Signature-Method", "HmacSHA1") // replaced: we sign with SHA-256
	req.Header.Set("X-Other", "not signed")
	sts, err := Sign(req, Signing{AppKey: "key", AppSecret: "secret", Timestamp: 1700000000123, Nonce: "n-1"})
	if err != nil {
		t.Fatal(err)
	}
	want := "POST\napplication/json\n" + "RCRM4aFe5tTcJwABVky3WQ==" /* openssl md5 -binary | base64 */ + "\napplication/json; charset=UTF-8\nMon, 02 Jan 2006 15:04:05 GMT\n" +
		"x-ca-key:key\nx-ca-nonce:n-1\nx-ca-signature-method:HmacSHA256\nx-ca-stage:TEST\nx-ca-timestamp:1700000000123\n" +
		"/a%20b/%E4%B8%AD?a=x y&e&f&z=1"
	if sts != want {
		t.Fatalf("string to sign:\n got %q\nwant %q", sts, want)
	}
	for name, value := range map[string]string{
		"Accept": "application/json", "Content-Md5": "RCRM4aFe5tTcJwABVky3WQ==", "X-Ca-Key": "key",
		"X-Ca-Timestamp": "1700000000123", "X-Ca-Nonce": "n-1", "X-Ca-Signature-Method": "HmacSHA256",
		"X-Ca-Signature-Headers": "x-ca-key,x-ca-nonce,x-ca-signature-method,x-ca-stage,x-ca-timestamp",
		"X-Ca-Signature":         Signature("secret", []byte(want)),
	} {
		if got := req.Header.Values(name); len(got) != 1 || got[0] != value {
			t.Errorf("%s = %q, want %q", name, got, value)
		}
	}
	if got := req.Header[lowerKey]; len(got) != 1 || got[0] != "TEST" {
		t.Errorf("x-ca-stage is sent as signed, trimmed: %q", got)
	}
}

func TestSignRefuses(t *testing.T) {
	tests := []struct {
		name, url, body, contentType string
		header                       http.Header
		want                         string
	}{
		{"repeated query key", "http://h/p?a=1&b=2&a=SECRETVALUE", "", "", nil, `query parameter "a" is given more than once`},
		{"repeated form key", "http://h/p", "a=1&a=SECRETVALUE", "application/x-www-form-urlencoded; charset=UTF-8", nil, `form field "a" is given more than once`},
		{"empty name", "http://h/p?=SECRETVALUE", "", "", nil, "empty name"},
		{"bad escape", "http://h/p?a=%ZZSECRETVALUE", "", "", nil, `query parameter "a": value: malformed percent-escape`},
		{"not UTF-8", "http://h/p?a=%FFSECRETVALUE", "", "", nil, `query parameter "a": value is not UTF-8`},
		{"repeated x-ca header", "http://h/p", "", "", http.Header{"X-Ca-Foo": {"1", "SECRETVALUE"}}, "header X-Ca-Foo is set 2 times"},
		{"two spellings", "http://h/p", "", "", http.Header{"X-Ca-Foo": {"1"}, "x-ca-foo": {"SECRETVALUE"}}, "header x-ca-foo is set twice"},
		{"repeated accept", "http://h/p", "", "", http.Header{"Accept": {"a", "SECRETVALUE"}}, "header Accept is set 2 times"},
		{"control character", "http://h/p", "", "", http.Header{"X-Ca-Foo": {"SECRETVALUE\n"}}, "header X-Ca-Foo holds a control character"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest("POST", tt.url, strings.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			for k, v := range tt.header {
				req.Header[k] = v
			}
			if tt.contentType != "" {
				req.Header.Set("Content-Type", tt.contentType)
			}
			_, err = Sign(req, Signing{AppKey: "k", AppSecret: "s", Timestamp: 1, Nonce: "n"})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want an error containing %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "SECRETVALUE") {
				t.Fatalf("the error shows a value: %v", err)
			}
		})
	}
}

func TestMergeParamsFormWinsAndSortsByUTF16(t *testing.T) {
	query, err := ParseParams("b=q&%EF%BC%A1=fullwidth&a=q", "query parameter")
	if err != nil {
		t.Fatal(err)
	}
	form, err := ParseParams("b=form&%F0%9F%98%80=emoji&c=", "form field")
	if err != nil {
		t.Fatal(err)
	}
	got := string(AppendURL(nil, "/p", MergeParams(query, form)))
	// U+1F600 is D83D DE00 in UTF-16, before U+FF21; in UTF-8 it sorts after.
	want := "/p?a=q&b=form&c&😀=emoji&Ａ=fullwidth"
	if got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}

func TestCompareUTF16(t *testing.T) {
	alphabet := []rune{'a', 'b', 'Z', '0', 0x7f, 0xe9, 0x4e2d, 0xd7ff, 0xe000, 0xff21, 0xffff, 0x10000, 0x1f600, 0x10ffff}
	r := rand.New(rand.NewSource(1))
	word := func() string {
		rs := make([]rune, r.Intn(4))
		for i := range rs {
			rs[i] = alphabet[r.Intn(len(alphabet))]
		}
		return string(rs)
	}
	sign := func(n int) int { return min(max(n, -1), 1) }
	for range 20000 {
		a, b := word(), word()
		want := slices.Compare(utf16.Encode([]rune(a)), utf16.Encode([]rune(b)))
		if got := sign(CompareUTF16(a, b)); got != want {
			t.Fatalf("CompareUTF16(%q, %q) = %d, want %d", a, b, got, want)
		}
	}
}

func TestParseParams(t *testing.T) {
	got, err := ParseParams("a=x+y%20z&&b&c=&d=%3D%26", "query parameter")
	if err != nil {
		t.Fatal(err)
	}
	want := []Param{{"a", "x y z"}, {"b", ""}, {"c", ""}, {"d", "=&"}}
	if !slices.Equal(got, want) {
		t.Fatalf("got %q, want %q", got, want)
	}
}

func TestIsForm(t *testing.T) {
	for ct, want := range map[string]bool{
		"application/x-www-form-urlencoded":                true,
		"application/x-www-form-urlencoded; charset=UTF-8": true,
		"Application/X-WWW-Form-Urlencoded;charset=utf-8":  true,
		"application/json":                                 false,
		"":                                                 false,
		"multipart/form-data; boundary=x":                  false,
	} {
		if IsForm(ct) != want {
			t.Errorf("IsForm(%q) = %v", ct, !want)
		}
	}
}

func TestNewNonce(t *testing.T) {
	re := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	seen := make(map[string]bool)
	for range 1000 {
		n, err := NewNonce()
		if err != nil {
			t.Fatal(err)
		}
		if !re.MatchString(n) || seen[n] {
			t.Fatalf("nonce %q: not a fresh UUIDv4", n)
		}
		seen[n] = true
	}
}
