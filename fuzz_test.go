package jmzs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/jmzs-sdk/jmzs-go/internal/apigsign"
)

// Seed corpora live in testdata/fuzz/<FuzzName>/; the f.Add seeds below
// cover the same ground so that plain `go test` runs them too.

// Bodies the vendor and the gateway send, as seeds.
var fuzzSeedBodies = []string{
	`{"code":200,"msg":"成功","taskNo":"912345678901234567890","data":{"name":"张三"}}`,
	`{"data":{},"msg":"请输入有效的身份证号码","success":false,"code":400,"charge":false}`,
	`{"data":{},"msg":"数据源维护","success":false,"code":"501"}`,
	`{"error_code":"APIG.0308","error_msg":"The throttling threshold has been reached","request_id":"req-429"}`,
	"<html>\r\n<head><title>502 Bad Gateway</title></head></html>",
}

// FuzzDecodeEnvelope feeds any status and body to the decoder. It must
// not panic, must return only the SDK's error types, and must agree with
// a reference reading of the body's "code".
func FuzzDecodeEnvelope(f *testing.F) {
	for _, body := range append(fuzzSeedBodies, "", "null", "[]", `{"code":"200"}`,
		`{"code":2e2,"data":null}`, `{"code":" 400 ","msg":1}`, `{"CODE":500}`, `{"code":200,"code":null}`,
		"{\"code\":200,\"msg\":\"\xff\"}", `{"code":9223372036854775807}`, `{"code":1e300}`, `{"data":{},"error_code":""}`,
	) {
		f.Add(200, []byte(body))
		f.Add(503, []byte(body))
	}
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		if status < 100 || status > 599 {
			status = 100 + int(uint(status)%500)
		}
		// The one-pass decode into the caller's type and the two-pass
		// fallback must agree.
		resp, err := decodeBody[json.RawMessage](status, body, true)
		slowResp, slowErr := decodeBody[json.RawMessage](status, body, false)
		if fmt.Sprint(err) != fmt.Sprint(slowErr) || (resp == nil) != (slowResp == nil) ||
			(resp != nil && (resp.Code != slowResp.Code || string(resp.Data) != string(slowResp.Data))) {
			t.Fatalf("one pass: %v %+v; two passes: %v %+v", err, resp, slowErr, slowResp)
		}
		type typed struct {
			N    int      `json:"n"`
			List []string `json:"list"`
		}
		tResp, tErr := decodeBody[typed](status, body, true)
		tSlow, tSlowErr := decodeBody[typed](status, body, false)
		view := func(r *Response[typed]) string {
			if r == nil {
				return "nil"
			}
			return fmt.Sprint(r.Code, r.Msg, r.TaskNo, r.Data)
		}
		if fmt.Sprint(tErr) != fmt.Sprint(tSlowErr) || view(tResp) != view(tSlow) {
			t.Fatalf("typed, one pass: %v %+v; two passes: %v %+v", tErr, tResp, tSlowErr, tSlow)
		}

		ref, refOK := referenceCode(body)
		switch e := err.(type) {
		case nil:
			if !refOK || ref != 200 {
				t.Fatalf("success, but the body's code reads %d (ok=%v)", ref, refOK)
			}
			if resp.Code != 200 {
				t.Fatalf("success with Code %d", resp.Code)
			}
		case *APIError:
			if !refOK || ref != e.Code {
				t.Fatalf("APIError code %d, but the body's code reads %d (ok=%v)", e.Code, ref, refOK)
			}
			if e.Code == 200 || resp == nil || resp.Code != e.Code {
				t.Fatalf("APIError %+v with response %+v", e, resp)
			}
		case *GatewayError:
			if resp == nil || e.HTTPStatus != status {
				t.Fatalf("GatewayError %+v with response %v", e, resp)
			}
		case *DecodeError:
			if !errors.Is(err, ErrMalformedResponse) {
				t.Fatalf("DecodeError that is not ErrMalformedResponse: %v", err)
			}
		default:
			t.Fatalf("untyped error %T: %v", err, err)
		}

		// Where the body is a well-formed envelope, the outcome follows
		// from its code alone.
		var env envelope[json.RawMessage]
		if refOK && utf8.Valid(body) && json.Unmarshal(body, &env) == nil {
			var ae *APIError
			switch {
			case ref == 200 && err != nil:
				t.Fatalf("code 200 envelope gave %v", err)
			case ref != 200 && (!errors.As(err, &ae) || ae.Code != ref):
				t.Fatalf("code %d envelope gave %v", ref, err)
			}
		}
	})
}

// decodeBody classifies a response as the client does, in one pass or
// two, and returns what Do would.
func decodeBody[T any](status int, body []byte, onePass bool) (*Response[T], error) {
	o := new(outcome[T])
	classify(o, status, http.Header{}, body, onePass)
	o.v.decoded = true
	return o.result(1)
}

// referenceCode reads "code" the way the vendor's docs describe it: a
// JSON number or a string holding one, integral.
func referenceCode(body []byte) (int, bool) {
	var v struct {
		Code json.RawMessage `json:"code"`
	}
	if json.Unmarshal(body, &v) != nil || len(v.Code) == 0 {
		return 0, false
	}
	text := string(v.Code)
	if strings.HasPrefix(text, `"`) {
		if json.Unmarshal(v.Code, &text) != nil {
			return 0, false
		}
		text = strings.TrimSpace(text)
	}
	if n, err := strconv.Atoi(text); err == nil {
		return n, true
	}
	f, err := strconv.ParseFloat(text, 64)
	if err != nil || f != math.Trunc(f) || f < -(1<<63) || f >= 1<<63 {
		return 0, false
	}
	return int(f), true
}

// FuzzCanonicalQuery checks the signer's canonical query against a
// deliberately plain reference: split on '&', decode each side with
// url.QueryUnescape, sort, escape byte by byte. Like the gateway, both
// treat ';' as data (url.ParseQuery would refuse it), and both reject a
// malformed percent-escape, text that does not decode to valid UTF-8 and
// an empty key, on which Huawei's own signers disagree.
func FuzzCanonicalQuery(f *testing.F) {
	for _, q := range []string{
		"", "a=1", "b=2&a=1", "a=2&a=1", "limit=2&marker=13551d6b-755d-4757-b956-536f674975c0",
		"k=%E5%BC%A0%E4%B8%89", "k=张三", "a+b=c+d", "a%20b=c%2Bd", "x=%zz", "x=%4", "x=%", "&&a&=&b=",
		"a;b=c", "a=b;c", "~-._=~-._", "=v", "k==v", "%2F=%2f", "a=1&A=1",
	} {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		got, err := apigsign.CanonicalQuery(raw)
		want, refErr := referenceCanonicalQuery(raw)
		if (err != nil) != (refErr != nil) {
			t.Fatalf("CanonicalQuery(%q) error %v, reference error %v", raw, err, refErr)
		}
		if err != nil {
			return
		}
		if got != want {
			t.Fatalf("CanonicalQuery(%q)\n got %q\nwant %q", raw, got, want)
		}
		again, err := apigsign.CanonicalQuery(got)
		if err != nil || again != got {
			t.Fatalf("canonical form %q is not a fixed point: %q, %v", got, again, err)
		}
		if !strings.Contains(raw, ";") {
			// Without ';', net/url reads the same pairs.
			vals, err := url.ParseQuery(raw)
			if err != nil {
				t.Fatalf("url.ParseQuery(%q): %v", raw, err)
			}
			if n := countPairs(vals); n != strings.Count(got, "=") {
				t.Fatalf("url.ParseQuery(%q) has %d pairs, canonical form %q", raw, n, got)
			}
		}
	})
}

func countPairs(v url.Values) int {
	n := 0
	for _, vs := range v {
		n += len(vs)
	}
	return n
}

func referenceCanonicalQuery(raw string) (string, error) {
	type pair struct{ k, v string }
	var pairs []pair
	for _, part := range strings.Split(raw, "&") {
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		dk, err := url.QueryUnescape(k)
		if err != nil {
			return "", err
		}
		dv, err := url.QueryUnescape(v)
		if err != nil {
			return "", err
		}
		if dk == "" || !utf8.ValidString(dk) || !utf8.ValidString(dv) {
			return "", errors.New("no canonical form")
		}
		pairs = append(pairs, pair{dk, dv})
	}
	sort.Slice(pairs, func(i, j int) bool {
		if pairs[i].k != pairs[j].k {
			return pairs[i].k < pairs[j].k
		}
		return pairs[i].v < pairs[j].v
	})
	var b strings.Builder
	for i, p := range pairs {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(referenceEscape(p.k) + "=" + referenceEscape(p.v))
	}
	return b.String(), nil
}

func referenceEscape(s string) string {
	const unreserved = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(unreserved, s[i]) >= 0 {
			b.WriteByte(s[i])
		} else {
			fmt.Fprintf(&b, "%%%02X", s[i])
		}
	}
	return b.String()
}

// FuzzRequestEncode builds requests from any URL query, parameter, form
// field and JSON text. Encoding must not panic; the query an APIG signer
// puts on the wire must be the canonical form it signed, survive a second
// signing unchanged, and carry the parameters given.
func FuzzRequestEncode(f *testing.F) {
	f.Add("a=1", "number", "YT1234567890", "base64", "aGVsbG8=", `{"name":"张三"}`)
	f.Add("", "", "", "", "", "")
	f.Add("x=%zz", "k", "v", "", "", "")
	f.Add("b=2&a=1;c", "a b", "c&d=e", "k+", "v%", "[1,2]")
	f.Add("#frag", "\x00", "\xff", "=", "&", "{")
	f.Fuzz(func(t *testing.T, rawQuery, key, value, formKey, formValue, jsonText string) {
		req := &Request{URL: "http://example.test/p/?" + rawQuery, Query: url.Values{key: {value}}}
		switch {
		case formKey != "":
			req.Form = url.Values{formKey: {formValue}}
		case json.Valid([]byte(jsonText)):
			req.JSON = json.RawMessage(jsonText)
		}
		cl := new(call)
		if err := cl.encode(req); err != nil {
			return
		}
		q := cl.url.RawQuery
		signer := NewAPIGSigner("4f5a0c8e2b7d4e1f9a3c6b8d0e2f4a6c", "9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b")
		hr := cl.newHTTPRequest(context.Background(), 1, []string{"ua"})
		canonical, cerr := apigsign.CanonicalQuery(q)
		serr := signer.Authenticate(hr)
		if (cerr != nil) != (serr != nil) {
			t.Fatalf("query %q: canonical form error %v, signer error %v", q, cerr, serr)
		}
		if serr != nil {
			return // an escape that is not UTF-8: the signer refuses it
		}
		if hr.URL.RawQuery != canonical {
			t.Fatalf("the signer sent the query %q, not its canonical form %q", hr.URL.RawQuery, canonical)
		}
		if again := cl.newHTTPRequest(context.Background(), 2, nil); signer.Authenticate(again) != nil || again.URL.RawQuery != canonical {
			t.Fatalf("a second attempt sent %q, not %q", again.URL.RawQuery, canonical)
		}
		sent, err := url.Parse(hr.URL.String())
		if err != nil || sent.RawQuery != canonical {
			t.Fatalf("on the wire the query %q reads back as %q, %v", canonical, sent.RawQuery, err)
		}
		vals, err := url.ParseQuery(canonical)
		if err != nil {
			t.Fatalf("wire query %q does not parse: %v", canonical, err)
		}
		if !slices.Contains(vals[key], value) {
			t.Fatalf("parameter %q=%q missing from %q", key, value, canonical)
		}
		if req.Form != nil {
			form, err := url.ParseQuery(string(cl.body))
			if err != nil || !slices.Contains(form[formKey], formValue) {
				t.Fatalf("form body %q lost %q=%q: %v", cl.body, formKey, formValue, err)
			}
		}
		if req.JSON != nil && string(cl.body) != jsonText {
			t.Fatalf("JSON body %q, want %q", cl.body, jsonText)
		}
	})
}
