package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/internal/apigsign"
)

const signSynopsis = `Usage: jmzs sign -appkey K -appsecret S [-date 20060102T150405Z] [-H 'K: V']… [-d BODY] [-explain] [-compare MESSAGE] [-curl] METHOD URL

Signs a request with Huawei APIG app authentication (APP认证, SDK-HMAC-SHA256 签名) exactly
as the jmzs SDK does, and prints the request line and the headers to send: Host,
X-Sdk-Date, the headers given with -H and Authorization. Send the URL as printed: its
query is in the canonical form that was signed.

-explain also prints the canonical request and the string to sign. -compare takes the
error_msg of a gateway's 401 APIG.0303 "verify signature fail, canonicalRequest:…"
answer (验签失败), or its whole JSON body, and shows our canonical request beside the
gateway's, the first part that differs and a hint; it exits 1 when they differ.

The AppKey and AppSecret may also come from JMZS_APP_KEY and JMZS_APP_SECRET.

Example (Huawei's published signing example):
  jmzs sign -appkey QTWAOYTTINDUT2QVKYUC -appsecret MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc \
    -date 20191115T033655Z -H 'Content-Type: application/json' -explain \
    GET 'https://service.region.example.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?limit=2&marker=13551d6b-755d-4757-b956-536f674975c0'
`

// signFlags are the flags of jmzs sign.
type signFlags struct {
	appKey, appSecret string
	date              string
	header            listFlag
	body              string
	explain, curl     bool
	compare           string
}

func runSign(_ context.Context, args []string, s stdio) int {
	var f signFlags
	fs := newFlagSet("sign", signSynopsis)
	fs.StringVar(&f.appKey, "appkey", "", "AppKey (or $JMZS_APP_KEY)")
	fs.StringVar(&f.appSecret, "appsecret", "", "AppSecret (or $JMZS_APP_SECRET)")
	fs.StringVar(&f.date, "date", "", "X-Sdk-Date to sign, `20060102T150405Z` in UTC (default now)")
	fs.Var(&f.header, "H", "header to sign and send, `'K: V'` (repeatable); 'Host: h' sets the signed Host")
	fs.StringVar(&f.body, "d", "", "request `body`; @file reads a file, @- stdin")
	fs.BoolVar(&f.explain, "explain", false, "also print the canonical request and the string to sign")
	fs.StringVar(&f.compare, "compare", "", "gateway's APIG.0303 `message` to compare with (implies -explain); @file, @- read it")
	fs.BoolVar(&f.curl, "curl", false, "print a curl command instead of the request head")
	pos, err := parseArgs(fs, args, s)
	if err == errHelp {
		return exitOK
	}
	if err == nil {
		err = f.sign(pos, s)
	}
	return exitCode(s, "sign", err)
}

func (f *signFlags) sign(pos []string, s stdio) error {
	if len(pos) != 2 {
		return usagef("want two arguments, METHOD and URL; got %q", pos)
	}
	key, secret := f.appKey, f.appSecret
	if key == "" && secret == "" {
		key, secret = os.Getenv("JMZS_APP_KEY"), os.Getenv("JMZS_APP_SECRET")
	}
	if key == "" || secret == "" {
		return usagef("-appkey and -appsecret are required (or JMZS_APP_KEY and JMZS_APP_SECRET)")
	}
	req, body, err := f.request(strings.ToUpper(pos[0]), pos[1], s.in)
	if err != nil {
		return err
	}
	var message []byte
	if f.compare != "" {
		if message, err = readValue("compare", f.compare, s.in); err != nil {
			return err
		}
		if _, ok := gatewayCanonicalRequest(string(message)); !ok {
			return usagef("-compare: the message quotes no canonical request (no %q)", canonicalMarker)
		}
	}

	canonical, stringToSign, err := jmzs.NewAPIGSigner(key, secret).Explain(req)
	if err != nil {
		return err
	}
	if f.curl {
		writeCurl(s.out, req, body)
	} else {
		writeHead(s.out, req)
	}
	if f.explain || message != nil {
		fmt.Fprintf(s.out, "\nCanonical request:\n%s\n\nString to sign:\n%s\n", canonical, stringToSign)
	}
	if message == nil {
		return nil
	}
	fmt.Fprintln(s.out)
	differ, err := writeDiagnosis(s.out, canonical, string(message))
	if err != nil {
		return usagef("-compare: %v", err)
	}
	if differ {
		return errReported
	}
	return nil
}

// request builds the *http.Request to sign from the flags.
func (f *signFlags) request(method, rawURL string, stdin io.Reader) (*http.Request, []byte, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, nil, usagef("URL %q: want http(s)://host/path", rawURL)
	}
	var body []byte
	if f.body != "" {
		if body, err = readValue("d", f.body, stdin); err != nil {
			return nil, nil, err
		}
	}
	req, err := http.NewRequest(method, rawURL, bytes.NewReader(body))
	if err != nil {
		return nil, nil, usagef("%v", err)
	}
	if len(body) == 0 {
		req.Body, req.GetBody = http.NoBody, nil
	}
	for _, h := range f.header {
		k, v, err := parseHeader(h)
		if err != nil {
			return nil, nil, err
		}
		if k == "Host" {
			req.Host = v
			continue
		}
		req.Header.Add(k, v)
	}
	if f.date != "" {
		if _, err := time.Parse(apigsign.DateFormat, f.date); err != nil {
			return nil, nil, usagef("-date %q: want the form 20060102T150405Z (UTC)", f.date)
		}
		if d := req.Header.Get(apigsign.HeaderDate); d != "" && d != f.date {
			return nil, nil, usagef("-date %s and -H 'X-Sdk-Date: %s' disagree", f.date, d)
		}
		req.Header.Set(apigsign.HeaderDate, f.date)
	}
	return req, body, nil
}

// sendHeaders lists the headers to send, Host first and Authorization
// last.
func sendHeaders(req *http.Request) [][2]string {
	h := [][2]string{{"Host", req.Host}}
	for _, name := range slices.Sorted(maps.Keys(req.Header)) {
		if name != "Authorization" {
			for _, v := range req.Header[name] {
				h = append(h, [2]string{name, v})
			}
		}
	}
	return append(h, [2]string{"Authorization", req.Header.Get("Authorization")})
}

// writeHead writes the request line and the headers to send.
func writeHead(w io.Writer, req *http.Request) {
	fmt.Fprintf(w, "%s %s\n", req.Method, req.URL)
	for _, h := range sendHeaders(req) {
		fmt.Fprintf(w, "%s: %s\n", h[0], h[1])
	}
}

// writeCurl writes a curl command that sends the signed request.
func writeCurl(w io.Writer, req *http.Request, body []byte) {
	fmt.Fprintf(w, "curl -X %s %s", req.Method, shellQuote(req.URL.String()))
	for _, h := range sendHeaders(req) {
		fmt.Fprintf(w, " \\\n  -H %s", shellQuote(h[0]+": "+h[1]))
	}
	if len(body) > 0 {
		fmt.Fprintf(w, " \\\n  --data-binary %s", shellQuote(string(body)))
	}
	fmt.Fprintln(w)
}

// shellQuote quotes s for a POSIX shell.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
