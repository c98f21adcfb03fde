package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"maps"
	"net/http"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/internal/aliyunsign"
	"github.com/jmzs-sdk/jmzs-go/internal/apigsign"
)

const signSynopsis = `Usage: jmzs sign -appkey K -appsecret S [-date 20060102T150405Z] [-H 'K: V']… [-d BODY] [-explain] [-compare MESSAGE] [-curl] METHOD URL
       jmzs sign -aliyun -appkey K -appsecret S [-timestamp MS] [-nonce UUID] [-H 'K: V']… [-d BODY] [-explain] [-compare MESSAGE] [-curl] METHOD URL

Signs a request with Huawei APIG app authentication (APP认证, SDK-HMAC-SHA256 签名) exactly
as the jmzs SDK does, and prints the request line and the headers to send: Host,
X-Sdk-Date, the headers given with -H and Authorization. Send the URL as printed: its
query is in the canonical form that was signed.

-explain also prints the canonical request and the string to sign. -compare takes the
error_msg of a gateway's 401 APIG.0303 "verify signature fail, canonicalRequest:…"
answer (验签失败), or its whole JSON body, and shows our canonical request beside the
gateway's, the first part that differs and a hint; it exits 1 when they differ.

With -aliyun it signs for Alibaba Cloud API Gateway (阿里云 API 网关, 云市场 APP 摘要签名,
HmacSHA256) and prints Accept, Content-MD5 (for a body that is not a form), the X-Ca-*
headers and X-Ca-Signature. A body without -H 'Content-Type: …' is sent as
application/json, as the SDK does. -timestamp and -nonce reproduce a request already sent
(X-Ca-Timestamp in milliseconds, X-Ca-Nonce); by default they are fresh. -explain prints
the string to sign; -compare takes the gateway's X-Ca-Error-Message "Invalid Signature,
Server StringToSign:…" (or the header line, or the whole response head) and shows our
string beside the gateway's, part by part, with the first difference and a hint.

The AppKey and AppSecret may also come from JMZS_APP_KEY and JMZS_APP_SECRET, with -aliyun
from JMZS_ALIYUN_APP_KEY and JMZS_ALIYUN_APP_SECRET. No argument is ever echoed in an
error: errors name the flag and its position (arguments counted after "sign").

Example (Huawei's published signing example):
  jmzs sign -appkey QTWAOYTTINDUT2QVKYUC -appsecret MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc \
    -date 20191115T033655Z -H 'Content-Type: application/json' -explain \
    GET 'https://service.region.example.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?limit=2&marker=13551d6b-755d-4757-b956-536f674975c0'

Example (Aliyun, the published form POST of Higress's hmac-auth tests):
  jmzs sign -aliyun -appkey appKey -appsecret appSecret -timestamp 1646646682418 \
    -nonce ca5a6753-b76c-4fff-a9d9-e5bb643e8cdf -H 'Content-Type: application/x-www-form-urlencoded' \
    -d 'nickname=nickname&room_id=6893&uuid=uuid&photo=photo' -explain \
    POST http://example.com/Third/User/getNyAccessToken
`

// signFlags are the flags of jmzs sign.
type signFlags struct {
	appKey, appSecret string
	date              string
	header            listFlag
	body              string
	explain, curl     bool
	compare           string
	aliyun            bool
	timestamp         int64
	nonce             string

	fs   *flag.FlagSet // and args: to name the position of a bad argument
	args []string
}

func runSign(_ context.Context, args []string, s stdio) int {
	f := signFlags{args: args}
	fs := newFlagSet("sign", signSynopsis)
	f.fs = fs
	fs.StringVar(&f.appKey, "appkey", "", "AppKey (or $JMZS_APP_KEY)")
	fs.StringVar(&f.appSecret, "appsecret", "", "AppSecret (or $JMZS_APP_SECRET)")
	fs.StringVar(&f.date, "date", "", "X-Sdk-Date to sign, `20060102T150405Z` in UTC (default now)")
	fs.Var(&f.header, "H", "header to sign and send, `'K: V'` (repeatable); 'Host: h' sets the signed Host")
	fs.StringVar(&f.body, "d", "", "request `body`; @file reads a file, @- stdin")
	fs.BoolVar(&f.explain, "explain", false, "also print the canonical request and the string to sign")
	fs.StringVar(&f.compare, "compare", "", "gateway's APIG.0303 `message` to compare with (implies -explain); @file, @- read it")
	fs.BoolVar(&f.curl, "curl", false, "print a curl command instead of the request head")
	fs.BoolVar(&f.aliyun, "aliyun", false, "sign for Alibaba Cloud API Gateway (HmacSHA256, X-Ca-Signature) instead of Huawei APIG")
	fs.Int64Var(&f.timestamp, "timestamp", 0, "with -aliyun: X-Ca-Timestamp to sign, `milliseconds` since 1970 (default now)")
	fs.StringVar(&f.nonce, "nonce", "", "with -aliyun: X-Ca-Nonce to sign (default a fresh UUID)")
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
		return countError(f.fs, f.args, "two arguments, METHOD and URL")
	}
	keyEnv, secretEnv := "JMZS_APP_KEY", "JMZS_APP_SECRET"
	if f.aliyun {
		keyEnv, secretEnv = "JMZS_ALIYUN_APP_KEY", "JMZS_ALIYUN_APP_SECRET"
	} else if f.timestamp != 0 || f.nonce != "" {
		return usagef("-timestamp and -nonce are for -aliyun signatures (Huawei's time is -date)")
	}
	key, secret := f.appKey, f.appSecret
	if key == "" && secret == "" {
		key, secret = os.Getenv(keyEnv), os.Getenv(secretEnv)
	}
	if key == "" || secret == "" {
		return usagef("-appkey and -appsecret are required (or %s and %s)", keyEnv, secretEnv)
	}
	method := strings.ToUpper(pos[0])
	if !slices.Contains([]string{"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"}, method) {
		return argError(f.fs, f.args, 0, "is not an HTTP method (GET, POST, PUT, DELETE, PATCH, HEAD, OPTIONS)")
	}
	req, body, err := f.request(method, pos[1], s.in)
	if err != nil {
		return err
	}
	message, err := f.compareMessage(s.in)
	if err != nil {
		return err
	}
	if f.aliyun {
		return f.signAliyun(req, body, key, secret, message, s)
	}
	canonical, stringToSign, err := jmzs.NewAPIGSigner(key, secret).Explain(req)
	if err != nil {
		return err
	}
	explanation := "Canonical request:\n" + canonical + "\n\nString to sign:\n" + stringToSign
	return f.printSigned(s, req, body, explanation, canonical, message, writeDiagnosis)
}

// compareMessage reads the gateway's message given to -compare, if any,
// and checks that it quotes what the gateway signed: the canonical
// request, or with -aliyun the string to sign.
func (f *signFlags) compareMessage(stdin io.Reader) ([]byte, error) {
	if f.compare == "" {
		return nil, nil
	}
	message, err := readValue("compare", f.compare, stdin)
	if err != nil {
		return nil, err
	}
	quoted, what, marker := gatewayCanonicalRequest, "canonical request", canonicalMarker
	if f.aliyun {
		quoted, what, marker = aliyunServerStringToSign, "string to sign", aliyunMarker
	}
	if _, ok := quoted(string(message)); !ok {
		return nil, usagef("-compare: the message quotes no %s (no %q)", what, marker)
	}
	return message, nil
}

// printSigned writes the signed request, as headers or with -curl as a
// curl command; with -explain or -compare the explanation of what the
// signature covers; and with -compare the part-by-part diagnosis of ours
// against the gateway's message.
func (f *signFlags) printSigned(s stdio, req *http.Request, body []byte, explanation, ours string, message []byte,
	diagnose func(w io.Writer, ours, msg string) (differ bool, err error)) error {
	if f.curl {
		writeCurl(s.out, req, body)
	} else {
		writeHead(s.out, req)
	}
	if f.explain || message != nil {
		fmt.Fprintf(s.out, "\n%s\n", explanation)
	}
	if message == nil {
		return nil
	}
	fmt.Fprintln(s.out)
	differ, err := diagnose(s.out, ours, string(message))
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
	if _, err := urlArg(f.fs, f.args, 1, rawURL); err != nil {
		return nil, nil, err
	}
	var body []byte
	if f.body != "" {
		var err error
		if body, err = readValue("d", f.body, stdin); err != nil {
			return nil, nil, err
		}
	}
	req, err := http.NewRequest(method, rawURL, bytes.NewReader(body))
	if err != nil {
		return nil, nil, argError(f.fs, f.args, 1, "is not a URL: want http(s)://host/path")
	}
	if len(body) == 0 {
		req.Body, req.GetBody = http.NoBody, nil
	}
	for i, h := range f.header {
		k, v, err := parseHeader(h)
		if err != nil {
			return nil, nil, usagef("%s: want 'Name: value'", valueAt(f.fs, f.args, "H", i))
		}
		if k == "Host" {
			req.Host = v
			continue
		}
		req.Header.Add(k, v)
	}
	if f.date != "" {
		if f.aliyun {
			return nil, nil, usagef("-date is Huawei's X-Sdk-Date; with -aliyun give -timestamp (and -H 'Date: …' to sign a Date header)")
		}
		if _, err := time.Parse(apigsign.DateFormat, f.date); err != nil {
			return nil, nil, usagef("%s: want the form 20060102T150405Z (UTC)", valueAt(f.fs, f.args, "date", 0))
		}
		if d := req.Header.Get(apigsign.HeaderDate); d != "" && d != f.date {
			return nil, nil, usagef("-date and -H 'X-Sdk-Date: …' disagree")
		}
		req.Header.Set(apigsign.HeaderDate, f.date)
	}
	if f.aliyun && len(body) > 0 && req.Header.Get("Content-Type") == "" {
		req.Header.Set("Content-Type", jmzs.ContentTypeJSON)
	}
	return req, body, nil
}

// signAliyun signs req for Alibaba Cloud API Gateway and prints it, the
// string to sign with -explain, and with -compare the diagnosis.
func (f *signFlags) signAliyun(req *http.Request, body []byte, key, secret string, message []byte, s stdio) error {
	sg := aliyunsign.Signing{AppKey: key, AppSecret: secret, Timestamp: f.timestamp, Nonce: f.nonce}
	if sg.Timestamp == 0 {
		sg.Timestamp = time.Now().UnixMilli()
	}
	if sg.Nonce == "" {
		var err error
		if sg.Nonce, err = aliyunsign.NewNonce(); err != nil {
			return err
		}
	}
	sts, err := aliyunsign.Sign(req, sg)
	if err != nil {
		return err
	}
	return f.printSigned(s, req, body, "String to sign:\n"+sts, sts, message, writeAliyunDiagnosis)
}

// sendHeaders lists the headers to send, Host first and the signature
// (Authorization, X-Ca-Signature) last.
func sendHeaders(req *http.Request) [][2]string {
	h := [][2]string{{"Host", req.Host}}
	for _, name := range slices.Sorted(maps.Keys(req.Header)) {
		if name != "Authorization" && name != aliyunsign.HeaderSignature {
			shown := name
			if name == aliyunsign.HeaderContentMD5 {
				shown = "Content-MD5" // as the specifications spell it
			}
			for _, v := range req.Header[name] {
				h = append(h, [2]string{shown, v})
			}
		}
	}
	for _, name := range []string{"Authorization", aliyunsign.HeaderSignature} {
		if v := req.Header.Get(name); v != "" {
			h = append(h, [2]string{name, v})
		}
	}
	return h
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
