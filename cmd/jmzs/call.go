package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/internal/apigsign"
)

const callSynopsis = `Usage: jmzs call [CREDENTIALS] [-market M] [-X METHOD] [-q k=v]… [-f k=v]… [-json BODY] [-H 'K: V']… [-v] URL

Calls an API through Huawei API Gateway (APIG, 网关) or Alibaba Cloud API Gateway (阿里云
API 网关, 云市场) with the jmzs SDK and prints the response envelope {code, msg, taskNo,
data} as indented JSON on stdout.

CREDENTIALS, one kind per market (凭据):
  Huawei Cloud KooGallery (华为云云商店): -appcode C (简易认证, header X-Apig-AppCode,
  HTTPS only), or -appkey K -appsecret S (APP认证, SDK-HMAC-SHA256 签名).
  Alibaba Cloud API market (阿里云云市场): -aliyun-appcode C ("Authorization: APPCODE C",
  HTTPS only), or -aliyun-appkey K -aliyun-appsecret S (摘要签名, HmacSHA256, X-Ca-Signature).
Flags override the environment variables JMZS_APPCODE, JMZS_APP_KEY, JMZS_APP_SECRET,
JMZS_ALIYUN_APPCODE, JMZS_ALIYUN_APP_KEY and JMZS_ALIYUN_APP_SECRET. One credential per
market may be given: the URL's host (*.huaweicloud.com, *.alicloudapi.com) picks the
market's, or -market huawei|aliyun for another host (jmzs mock, a proxy). A host of one
market with only the other market's credential is refused before anything is sent.

Exit status: 0 on business code 200; 1 on a business or gateway error (code, msg, taskNo
or the gateway's error code and message, and the request id go to stderr); 2 on a usage
error. When the gateway rejects the signature (验签失败: APIG.0303, or Aliyun's "Invalid
Signature, Server StringToSign:…"), our string is shown beside the gateway's, part by
part, with the first difference and a hint. No argument is ever echoed in an error:
errors name the flag and its position (arguments counted after "call").

Examples:
  JMZS_APPCODE=… jmzs call -q expressNo=YT1234567890 https://expressqueryv2.apistore.huaweicloud.com/express/query-v2
  JMZS_ALIYUN_APP_KEY=… JMZS_ALIYUN_APP_SECRET=… jmzs call -f mobile_number=13800000000 https://jumcvit.market.alicloudapi.com/mobile/area
`

// callFlags are the flags of jmzs call.
type callFlags struct {
	creds               credentials
	method              string
	query, form, header listFlag
	jsonBody            string
	verbose             bool
	timeout             time.Duration
	retries             int

	fs   *flag.FlagSet // and args: to name the position of a bad argument
	args []string
}

func runCall(ctx context.Context, args []string, s stdio) int {
	f := callFlags{args: args}
	fs := newFlagSet("call", callSynopsis)
	f.fs = fs
	f.creds.register(fs, false)
	fs.StringVar(&f.method, "X", "POST", "HTTP `method`")
	fs.Var(&f.query, "q", "query parameter `k=v` (repeatable)")
	fs.Var(&f.form, "f", "form field `k=v` sent as application/x-www-form-urlencoded (repeatable)")
	fs.StringVar(&f.jsonBody, "json", "", "JSON `body`; @file reads a file, @- stdin")
	fs.Var(&f.header, "H", "request header `'K: V'` (repeatable)")
	fs.BoolVar(&f.verbose, "v", false, "log the request, each attempt, latency, request id and taskNo to stderr (credentials masked)")
	fs.DurationVar(&f.timeout, "timeout", 30*time.Second, "bound on the whole call, retries included")
	fs.IntVar(&f.retries, "retries", 2, "retries on throttling, 502/503 and business codes 500/501 (0: none)")
	pos, err := parseArgs(fs, args, s)
	if err == errHelp {
		return exitOK
	}
	if err == nil {
		err = f.call(ctx, pos, s)
	}
	return exitCode(s, "call", err)
}

func (f *callFlags) call(ctx context.Context, pos []string, s stdio) error {
	if len(pos) != 1 {
		return countError(f.fs, f.args, "one argument, the URL")
	}
	if f.retries < 0 || f.timeout <= 0 {
		return usagef("-retries must be 0 or more and -timeout positive")
	}
	u, err := urlArg(f.fs, f.args, 0, pos[0])
	if err != nil {
		return err
	}
	req, err := f.request(pos[0], s.in)
	if err != nil {
		return err
	}
	auth, err := f.creds.authenticator(u.Hostname())
	if err != nil {
		return err
	}
	rec := &recorder{next: http.DefaultTransport}
	opts := []jmzs.Option{
		jmzs.WithAuthenticator(auth),
		jmzs.WithHTTPClient(&http.Client{Transport: rec}),
		jmzs.WithMaxRetries(f.retries),
		jmzs.WithUserAgent("jmzs-go/" + jmzs.Version + " (cmd/jmzs)"),
	}
	if f.verbose {
		rec.log, rec.auth = s.err, auth
		opts = append(opts, jmzs.WithLogger(slog.New(slog.NewTextHandler(s.err, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	}
	client, err := jmzs.NewClient(opts...)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, f.timeout)
	defer cancel()
	resp, err := jmzs.Do[json.RawMessage](ctx, client, req)
	if resp != nil {
		printBody(s.out, resp.Raw)
		if f.verbose && err == nil {
			fmt.Fprintf(s.err, "code=%d taskNo=%s request_id=%s http_status=%d\n", resp.Code, resp.TaskNo, resp.RequestID, resp.HTTPStatus)
		}
	}
	if err == nil {
		return nil
	}
	reportCallError(s.err, err, auth, f.creds, rec.lastRequest())
	return errReported
}

// errReported is an error already written to stderr.
var errReported = errors.New("reported")

// request builds the SDK request from the flags.
func (f *callFlags) request(rawURL string, stdin io.Reader) (*jmzs.Request, error) {
	req := &jmzs.Request{Method: strings.ToUpper(f.method), URL: rawURL, Header: http.Header{}}
	if !isToken(req.Method) {
		return nil, usagef("%s: not an HTTP method", valueAt(f.fs, f.args, "X", 0))
	}
	for i, kv := range f.query {
		k, v, err := parseKV("q", kv)
		if err != nil {
			return nil, usagef("%s: want key=value", valueAt(f.fs, f.args, "q", i))
		}
		if req.Query == nil {
			req.Query = url.Values{}
		}
		req.Query.Add(k, v)
	}
	for i, kv := range f.form {
		k, v, err := parseKV("f", kv)
		if err != nil {
			return nil, usagef("%s: want key=value", valueAt(f.fs, f.args, "f", i))
		}
		if req.Form == nil {
			req.Form = url.Values{}
		}
		req.Form.Add(k, v)
	}
	if f.jsonBody != "" {
		if req.Form != nil {
			return nil, usagef("-f and -json both give a body; send one")
		}
		b, err := readValue("json", f.jsonBody, stdin)
		if err != nil {
			return nil, err
		}
		if !json.Valid(b) {
			return nil, usagef("-json: not valid JSON")
		}
		req.JSON = json.RawMessage(b)
	}
	for i, h := range f.header {
		k, v, err := parseHeader(h)
		if err != nil {
			return nil, usagef("%s: want 'Name: value'", valueAt(f.fs, f.args, "H", i))
		}
		req.Header.Add(k, v)
	}
	return req, nil
}

// isToken reports whether s is a valid HTTP method (an RFC 9110 token).
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c > '~' || c <= ' ' || strings.ContainsRune(`"(),/:;<=>?@[\]{}`, c) {
			return false
		}
	}
	return true
}

// printBody writes body as indented JSON, or as it is when it is not JSON.
func printBody(w io.Writer, body []byte) {
	if len(body) == 0 {
		return
	}
	var buf bytes.Buffer
	if json.Indent(&buf, body, "", "  ") != nil {
		buf.Reset()
		buf.Write(body)
	}
	if !bytes.HasSuffix(buf.Bytes(), []byte("\n")) {
		buf.WriteByte('\n')
	}
	w.Write(buf.Bytes())
}

// reportCallError writes err to w, field by field, and diagnoses a
// rejected signature.
func reportCallError(w io.Writer, err error, auth jmzs.Authenticator, creds credentials, sent *http.Request) {
	var apiErr *jmzs.APIError
	var gwErr *jmzs.GatewayError
	switch {
	case errors.As(err, &apiErr):
		fmt.Fprintf(w, "jmzs call: business error\n  code:        %d\n  msg:         %s\n  taskNo:      %s\n  request id:  %s\n  HTTP status: %d\n",
			apiErr.Code, apiErr.Msg, apiErr.TaskNo, apiErr.RequestID, apiErr.HTTPStatus)
	case errors.As(err, &gwErr):
		fmt.Fprintf(w, "jmzs call: gateway error\n  error_code:  %s\n  error_msg:   %s\n  request id:  %s\n  HTTP status: %d\n",
			gwErr.ErrorCode, gwErr.ErrorMsg, gwErr.RequestID, gwErr.HTTPStatus)
		if _, ok := auth.(*jmzs.AliyunSigner); ok {
			diagnoseAliyunError(w, gwErr, creds, sent)
		} else {
			diagnoseGatewayError(w, gwErr, auth, sent)
		}
	default:
		fmt.Fprintf(w, "jmzs call: %s\n", strings.TrimPrefix(err.Error(), "jmzs: "))
	}
}

// diagnoseGatewayError explains an APIG.0303 answer.
func diagnoseGatewayError(w io.Writer, e *jmzs.GatewayError, auth jmzs.Authenticator, sent *http.Request) {
	if e.HTTPStatus != http.StatusUnauthorized {
		return
	}
	signer, ok := auth.(*jmzs.APIGSigner)
	if !strings.Contains(e.ErrorMsg, canonicalMarker) || !ok || sent == nil {
		if h := messageHint(e.ErrorMsg); h != "" {
			fmt.Fprintln(w, "Hint:", h)
		}
		return
	}
	// Re-signing the request as sent, with its X-Sdk-Date, gives back the
	// canonical request that was signed.
	ours, _, err := signer.Explain(sent)
	if err != nil {
		fmt.Fprintf(w, "jmzs call: cannot rebuild our canonical request: %v\n", err)
		return
	}
	if _, err := writeDiagnosis(w, ours, e.ErrorMsg); err != nil {
		fmt.Fprintf(w, "jmzs call: cannot compare canonical requests: %v\n", err)
	}
}

// recorder is the transport of jmzs call: it keeps the last request sent
// for the signature diagnosis and, with -v, logs it with its credentials
// masked.
type recorder struct {
	next http.RoundTripper
	log  io.Writer          // nil: quiet
	auth jmzs.Authenticator // described, never shown, in the log

	mu   sync.Mutex
	last *http.Request
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	r.mu.Lock()
	r.last = req.Clone(context.Background())
	r.mu.Unlock()
	if r.log != nil {
		r.logRequest(req)
	}
	return r.next.RoundTrip(req)
}

func (r *recorder) lastRequest() *http.Request {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.last
}

// logRequest writes the request line, without query values (they are often
// personal data), and the headers, with the credentials described rather
// than shown.
func (r *recorder) logRequest(req *http.Request) {
	var b strings.Builder
	fmt.Fprintf(&b, "> %s %s://%s%s", req.Method, req.URL.Scheme, req.URL.Host, req.URL.EscapedPath())
	if q := req.URL.Query(); len(q) > 0 {
		keys := slices.Sorted(maps.Keys(q))
		fmt.Fprintf(&b, "?%s=…", strings.Join(keys, "=…&"))
	}
	b.WriteByte('\n')
	fmt.Fprintf(&b, "> Host: %s\n", req.Host)
	for _, name := range slices.Sorted(maps.Keys(req.Header)) {
		value := strings.Join(req.Header[name], ", ")
		switch {
		case strings.EqualFold(name, "Authorization"):
			value = "(" + fmt.Sprint(r.auth) + ")"
			if a, err := apigsign.ParseAuthorization(req.Header[name][0]); err == nil {
				value = apigsign.Algorithm + " SignedHeaders=" + strings.Join(a.SignedHeaders, ";") + ", Signature=**** " + value
			}
		case strings.EqualFold(name, jmzs.HeaderAppCode), strings.EqualFold(name, "X-Ca-Key"):
			value = "(" + fmt.Sprint(r.auth) + ")"
		case strings.EqualFold(name, "X-Ca-Signature"):
			value = "****"
		}
		fmt.Fprintf(&b, "> %s: %s\n", name, value)
	}
	io.WriteString(r.log, b.String())
}
