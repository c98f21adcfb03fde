package jmzstest

import (
	"crypto/hmac"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"hash"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf16"

	"github.com/jmzs-sdk/jmzs-go"
)

// Alibaba Cloud API Gateway answers a refusal with an empty body and the
// headers X-Ca-Error-Message, X-Ca-Error-Code (on VPC instances) and
// X-Ca-Request-Id; see https://help.aliyun.com/document_detail/43906.html.
const (
	HeaderAliyunErrorMessage = "X-Ca-Error-Message"
	HeaderAliyunErrorCode    = "X-Ca-Error-Code"
	HeaderAliyunRequestID    = "X-Ca-Request-Id"
)

// Aliyun gateway messages, as documented; the error codes are those of
// VPC instances where the documentation names one.
const (
	aliyunInvalidAppCode   = "Invalid AppCode"
	aliyunInvalidAppKey    = "Invalid AppKey"
	aliyunEmptySignature   = "Empty Signature"
	aliyunInvalidTimestamp = "Invalid Timestamp"
	aliyunTimestampExpired = "Timestamp Expired"
	aliyunInvalidMD5       = "Invalid Content-MD5"
	aliyunNonceUsed        = "Nonce Used"
	aliyunInvalidSignature = "Invalid Signature, Server StringToSign:"
	// Not in the documented table; the kit's wording.
	aliyunInvalidMethod = "Invalid Signature Method"
)

// WithAliyunAppKey makes the gateway accept Alibaba Cloud API Gateway
// digest signatures (X-Ca-Key, X-Ca-Signature; HmacSHA256 or HmacSHA1) by
// the app appKey with secret appSecret, as jmzs.WithAliyunAppKey makes
// them. It may be given more than once. Requests are checked as the
// Aliyun gateway checks them and refused in its format: an empty body,
// the message in X-Ca-Error-Message (see Verify).
func WithAliyunAppKey(appKey, appSecret string) GatewayOption {
	return func(g *Gateway) error {
		if appKey == "" || appSecret == "" {
			return errors.New("jmzstest: WithAliyunAppKey: AppKey and AppSecret must both be set")
		}
		if g.aliyunApps == nil {
			g.aliyunApps = make(map[string]string)
		}
		g.aliyunApps[appKey] = appSecret
		return nil
	}
}

// isAliyunRequest reports whether r carries Alibaba Cloud credentials:
// an AppCode ("Authorization: APPCODE <code>") or a signature (X-Ca-Key
// or X-Ca-Signature).
func isAliyunRequest(r *http.Request) bool {
	return strings.HasPrefix(r.Header.Get("Authorization"), "APPCODE ") ||
		r.Header.Get("X-Ca-Key") != "" || r.Header.Get("X-Ca-Signature") != ""
}

func aliyunRefusal(status int, code, msg string) error {
	return &jmzs.GatewayError{HTTPStatus: status, ErrorCode: code, ErrorMsg: msg}
}

// verifyAliyun authenticates r as the Aliyun gateway does (see Verify).
// A refusal is a *jmzs.GatewayError whose ErrorMsg is the
// X-Ca-Error-Message to send and whose ErrorCode is the X-Ca-Error-Code,
// if any. It returns the app r authenticated as, as verify does.
func (g *Gateway) verifyAliyun(r *http.Request, body []byte) (app string, err error) {
	if !isAliyunRequest(r) {
		// No AppCode and no signature, such as a request with Huawei's
		// credentials: the kit answers as for a signature left out.
		return "", aliyunRefusal(http.StatusUnauthorized, "", aliyunEmptySignature)
	}
	key := r.Header.Get("X-Ca-Key")
	if key == "" && r.Header.Get("X-Ca-Signature") == "" {
		code := strings.TrimPrefix(r.Header.Get("Authorization"), "APPCODE ")
		for _, want := range g.aliyun {
			if subtle.ConstantTimeCompare([]byte(code), []byte(want)) == 1 {
				return "aliyun appcode " + want, nil
			}
		}
		return "", aliyunRefusal(http.StatusBadRequest, "A400AC", aliyunInvalidAppCode)
	}

	secret, ok := g.aliyunApps[key]
	if !ok {
		return "", aliyunRefusal(http.StatusBadRequest, "A400IK", aliyunInvalidAppKey)
	}
	signature := r.Header.Get("X-Ca-Signature")
	if signature == "" {
		return "", aliyunRefusal(http.StatusUnauthorized, "", aliyunEmptySignature)
	}
	var newHash func() hash.Hash
	switch r.Header.Get("X-Ca-Signature-Method") {
	case "", "HmacSHA256":
		newHash = sha256.New
	case "HmacSHA1":
		newHash = sha1.New
	default:
		return "", aliyunRefusal(http.StatusBadRequest, "", aliyunInvalidMethod)
	}
	now := g.Now()
	if ts := r.Header.Get("X-Ca-Timestamp"); ts != "" {
		ms, err := strconv.ParseInt(ts, 10, 64)
		if err != nil {
			return "", aliyunRefusal(http.StatusBadRequest, "", aliyunInvalidTimestamp)
		}
		if d := now.Sub(time.UnixMilli(ms)); d > MaxClockSkew || d < -MaxClockSkew {
			return "", aliyunRefusal(http.StatusBadRequest, "", aliyunTimestampExpired)
		}
	}
	if sum := r.Header.Get("Content-MD5"); sum != "" {
		want := md5.Sum(body)
		if sum != base64.StdEncoding.EncodeToString(want[:]) {
			return "", aliyunRefusal(http.StatusBadRequest, "", aliyunInvalidMD5)
		}
	}

	sts := aliyunStringToSign(r, body)
	mac := hmac.New(newHash, []byte(secret))
	mac.Write([]byte(sts))
	if !hmac.Equal([]byte(signature), []byte(base64.StdEncoding.EncodeToString(mac.Sum(nil)))) {
		// Response headers hold no newline: the gateway shows each as '#'.
		return "", aliyunRefusal(http.StatusBadRequest, "A403IS", aliyunInvalidSignature+strings.ReplaceAll(sts, "\n", "#"))
	}
	if nonce := r.Header.Get("X-Ca-Nonce"); nonce != "" && !g.nonces.use(nonce, now) {
		return "", aliyunRefusal(http.StatusBadRequest, "", aliyunNonceUsed)
	}
	return "aliyun app " + key, nil
}

// aliyunStringToSign rebuilds the string to sign of r as received,
// following the published specification rather than any signer:
//
//	Method \n Accept \n Content-MD5 \n Content-Type \n Date \n
//	name:value \n …   (the headers X-Ca-Signature-Headers names, by name)
//	path[?k=v&…]      (query and form parameters, decoded, sorted)
func aliyunStringToSign(r *http.Request, body []byte) string {
	var b strings.Builder
	b.WriteString(r.Method)
	for _, name := range []string{"Accept", "Content-MD5", "Content-Type", "Date"} {
		b.WriteByte('\n')
		b.WriteString(strings.Join(r.Header.Values(name), ","))
	}
	b.WriteByte('\n')

	var names []string
	for _, n := range strings.Split(r.Header.Get("X-Ca-Signature-Headers"), ",") {
		n = strings.TrimSpace(n)
		switch strings.ToLower(n) {
		case "", "x-ca-signature", "x-ca-signature-headers", "accept", "content-md5", "content-type", "date":
			continue
		}
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		b.WriteString(n)
		b.WriteByte(':')
		b.WriteString(strings.Join(r.Header.Values(n), ","))
		b.WriteByte('\n')
	}

	// The path as it came on the wire.
	target := r.RequestURI
	if target == "" {
		target = r.URL.RequestURI()
	}
	path, _, _ := strings.Cut(target, "?")
	b.WriteString(path)

	params := map[string]string{}
	addParams(params, r.URL.RawQuery)
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "application/x-www-form-urlencoded" {
		form := map[string]string{}
		addParams(form, string(body))
		for k, v := range form {
			params[k] = v // a form value replaces a query value of the same name
		}
	}
	keys := make([]string, 0, len(params))
	for k := range params {
		keys = append(keys, k)
	}
	// Java's TreeMap order: UTF-16 code units.
	slices.SortFunc(keys, func(a, b string) int {
		return slices.Compare(utf16.Encode([]rune(a)), utf16.Encode([]rune(b)))
	})
	for i, k := range keys {
		if i == 0 {
			b.WriteByte('?')
		} else {
			b.WriteByte('&')
		}
		b.WriteString(k)
		if v := params[k]; v != "" {
			b.WriteByte('=')
			b.WriteString(v)
		}
	}
	return b.String()
}

// addParams adds the pairs of a query string or form body to m, decoded;
// of a repeated name the first value counts, as in the specification.
func addParams(m map[string]string, raw string) {
	for _, pair := range strings.Split(raw, "&") {
		if pair == "" {
			continue
		}
		k, v, _ := strings.Cut(pair, "=")
		k, v = queryUnescape(k), queryUnescape(v)
		if _, seen := m[k]; !seen {
			m[k] = v
		}
	}
}

// queryUnescape decodes s, or keeps it as it is when it is malformed.
func queryUnescape(s string) string {
	if u, err := url.QueryUnescape(s); err == nil {
		return u
	}
	return s
}

// nonceLog remembers the nonces of the last MaxClockSkew, to refuse a
// replay as the gateway does.
type nonceLog struct {
	mu    sync.Mutex
	seen  map[string]time.Time
	order []usedNonce // oldest first, to forget in amortised constant time
}

type usedNonce struct {
	nonce string
	at    time.Time
}

// use records nonce at now and reports whether it was not seen within
// MaxClockSkew before.
func (l *nonceLog) use(nonce string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.seen == nil {
		l.seen = make(map[string]time.Time)
	}
	for len(l.order) > 0 && now.Sub(l.order[0].at) >= MaxClockSkew {
		if old := l.order[0]; l.seen[old.nonce].Equal(old.at) {
			delete(l.seen, old.nonce)
		}
		l.order = l.order[1:]
	}
	if t, ok := l.seen[nonce]; ok && now.Sub(t) < MaxClockSkew {
		return false
	}
	l.seen[nonce] = now
	l.order = append(l.order, usedNonce{nonce, now})
	return true
}

// aliyunError makes the answer an Aliyun gateway refusal: status, an
// empty body and the message and code in headers.
func (o *recorder) aliyunError(status int, code, msg string) {
	o.status = status
	o.body.Reset()
	o.header.Set(HeaderAliyunErrorMessage, msg)
	if code != "" {
		o.header.Set(HeaderAliyunErrorCode, code)
	}
}
