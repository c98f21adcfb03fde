package jmzs

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jmzs-sdk/jmzs-go/internal/apigsign"
)

// APIGSigner signs requests with Huawei APIG app authentication
// (SDK-HMAC-SHA256, AppKey and AppSecret). It implements Authenticator and
// is safe for concurrent use.
//
// It signs the Host actually sent, X-Sdk-Date, Content-Type and every
// header the caller set, except names containing '_' and headers the
// transport adds or rewrites (Content-Length, User-Agent, Accept-Encoding,
// Connection, Transfer-Encoding). The URL query is rewritten to the
// canonical string that was signed. An X-Sdk-Date already on the request
// is kept; otherwise the current time, corrected by any clock offset the
// signer has learnt from the gateway, is stamped.
//
// The path is signed as Huawei's own signers sign it: percent-decoded,
// split on '/', each segment escaped again, so /v1/a%2Fb signs as
// /v1/a/b/ (and is sent as it is). A request on which those signers
// disagree is refused with an error naming the part, and nothing is sent:
// an escape in the path or query that does not decode to valid UTF-8
// ("path segment 2: %FF is not valid UTF-8"), a malformed escape, and a
// query parameter with an empty key ("=v").
type APIGSigner struct {
	s *signerState // shared by copies of the signer, so all learn the clock offset
}

type signerState struct {
	appKey secret
	key    *apigsign.Key // the AppSecret, prepared for HMAC
	offset atomic.Int64  // gateway clock minus local clock, in nanoseconds
	now    func() time.Time
	date   atomic.Pointer[sdkDate] // the last X-Sdk-Date stamped
}

// sdkDate is an X-Sdk-Date and the Unix second it writes.
type sdkDate struct {
	unix int64
	text string
}

// NewAPIGSigner returns a signer for the AppKey and AppSecret of an
// app on Huawei APIG (KooGallery: 买家中心 → 已购买的服务 → 资源详情).
func NewAPIGSigner(appKey, appSecret string) *APIGSigner {
	return &APIGSigner{&signerState{appKey: newSecret(appKey), key: apigsign.NewKey(appSecret), now: time.Now}}
}

// isNotSigned reports whether name, in canonical form, is a header the
// transport adds or rewrites, or a credential.
func isNotSigned(name string) bool {
	switch name {
	case "Authorization", "Content-Length", "User-Agent", "Accept-Encoding",
		"Connection", "Transfer-Encoding", "X-Apig-Appcode": // HeaderAppCode
		return true
	}
	return false
}

// Authenticate signs req in place: it sets X-Sdk-Date (unless present),
// rewrites the URL query to its canonical form and sets Authorization.
func (s *APIGSigner) Authenticate(req *http.Request) error { return s.sign(req, nil) }

// Explain signs req exactly as Authenticate does and also returns the
// canonical request and the string to sign that the signature covers, to
// compare with the canonical request the gateway quotes when it rejects a
// signature (APIG.0303). Neither string holds a secret.
func (s *APIGSigner) Explain(req *http.Request) (canonicalRequest, stringToSign string, err error) {
	var ex explanation
	err = s.sign(req, &ex)
	return ex.canonicalRequest, ex.stringToSign, err
}

type explanation struct{ canonicalRequest, stringToSign string }

// sign is Authenticate, filling ex when it is not nil.
func (s *APIGSigner) sign(req *http.Request, ex *explanation) error {
	st := s.s
	if st == nil || st.appKey.value() == "" {
		return errors.New("jmzs: APIGSigner: no AppKey (use NewAPIGSigner)")
	}
	if req.Header == nil {
		req.Header = make(http.Header)
	}
	host := req.Host
	if host == "" {
		host = req.URL.Host
	}
	var stack [12]apigsign.Header // stays on the stack: see apigsign's loops
	headers := append(stack[:0], apigsign.Header{Name: "host", Value: host})
	// One pass over the headers also finds X-Sdk-Date and
	// X-Sdk-Content-Sha256 (the constants are in canonical form, as
	// Header.Set writes names).
	var dates []string
	var contentSHA256 string
	for name, values := range req.Header {
		if name == apigsign.HeaderDate {
			dates = values
			continue
		}
		if isNotSigned(name) || strings.IndexByte(name, '_') >= 0 || len(name) == 4 && strings.EqualFold(name, "host") {
			continue
		}
		if len(values) != 1 {
			if len(values) == 0 {
				continue
			}
			return fmt.Errorf("jmzs: APIGSigner: header %s is set %d times; send it once", name, len(values))
		}
		if name == apigsign.HeaderContentSHA256 {
			contentSHA256 = values[0]
		}
		headers = append(headers, apigsign.Header{Name: name, Value: values[0]})
	}
	var date string
	if len(dates) > 0 {
		date = dates[0]
	}
	stamp := !isDate(date)
	if stamp {
		date = st.stamp()
	} else if len(dates) != 1 {
		return fmt.Errorf("jmzs: APIGSigner: header %s is set %d times; send it once", apigsign.HeaderDate, len(dates))
	}
	headers = append(headers, apigsign.Header{Name: apigsign.HeaderDate, Value: date})

	payloadHash, err := payloadHash(req, contentSHA256)
	if err != nil {
		return err
	}

	var scratch [1024]byte // room for a typical signature's texts, on the stack
	buf, sig, err := apigsign.AppendSignature(scratch[:0], &apigsign.Request{
		Method:      req.Method,
		EscapedPath: escapedPath(req.URL),
		Headers:     headers,
		PayloadHash: payloadHash,
	}, req.URL.RawQuery, date, st.appKey.value(), st.key)
	if err != nil {
		return fmt.Errorf("jmzs: APIGSigner: %w", err)
	}
	if ex != nil {
		ex.canonicalRequest = string(buf[sig.CanonicalRequest[0]:sig.CanonicalRequest[1]])
		ex.stringToSign = string(buf[sig.StringToSign[0]:sig.StringToSign[1]])
	}
	// The query sent is the canonical query that was signed. When it
	// differs from the one given, one string holds it and Authorization.
	query := buf[sig.Query[0]:sig.Query[1]]
	auth := buf[sig.Authorization[0]:sig.Authorization[1]]
	var authorization string
	if string(query) == req.URL.RawQuery {
		authorization = string(auth)
	} else {
		n := len(buf)
		buf = append(append(buf, query...), auth...)
		both := string(buf[n:])
		req.URL.RawQuery, authorization = both[:len(query)], both[len(query):]
	}
	req.URL.ForceQuery = false
	// One allocation holds both header values, as net/textproto's reader
	// does; the capacity limits keep an append to one from reaching the other.
	values := make([]string, 2)
	values[0] = authorization
	req.Header["Authorization"] = values[0:1:1]
	if stamp {
		values[1] = date
		req.Header[apigsign.HeaderDate] = values[1:2:2]
	}
	return nil
}

// escapedPath is u.EscapedPath(), without its cost when the path has
// nothing to escape (letters, digits, "-._~" and '/'), as API paths do.
func escapedPath(u *url.URL) string {
	if u.RawPath == "" && apigsign.IsPlainPath(u.Path) {
		return u.Path
	}
	return u.EscapedPath()
}

// stamp returns the X-Sdk-Date of the current time, corrected by the
// learnt offset. The text is made once a second and shared after.
func (st *signerState) stamp() string {
	t := st.now()
	if offset := st.offset.Load(); offset != 0 {
		t = t.Add(time.Duration(offset))
	}
	unix := t.Unix()
	if d := st.date.Load(); d != nil && d.unix == unix {
		return d.text
	}
	var b [len(apigsign.DateFormat)]byte
	d := &sdkDate{unix: unix, text: string(apigsign.AppendDate(b[:0], t.UTC()))}
	st.date.Store(d)
	return d.text
}

// isDate reports whether v is a valid X-Sdk-Date. The length test spares
// time.Parse, and its error allocation, when there is no date yet.
func isDate(v string) bool {
	if len(v) != len(apigsign.DateFormat) {
		return false
	}
	_, err := time.Parse(apigsign.DateFormat, v)
	return err == nil
}

// payloadHash returns contentSHA256, the X-Sdk-Content-Sha256 header,
// when set, else the hex SHA-256 of the body, read through GetBody so that
// the body is not consumed.
func payloadHash(req *http.Request, contentSHA256 string) (string, error) {
	if contentSHA256 != "" {
		return contentSHA256, nil
	}
	if req.Body == nil || req.Body == http.NoBody {
		return apigsign.EmptyBodyHash, nil
	}
	var body io.ReadCloser
	if req.GetBody != nil {
		var err error
		if body, err = req.GetBody(); err != nil {
			return "", fmt.Errorf("jmzs: APIGSigner: body: %w", err)
		}
	} else {
		// No way to re-read: buffer the body once and make it replayable.
		b, err := io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return "", fmt.Errorf("jmzs: APIGSigner: body: %w", err)
		}
		req.Body = io.NopCloser(strings.NewReader(string(b)))
		req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(string(b))), nil }
		req.ContentLength = int64(len(b))
		sum := sha256.Sum256(b)
		return hex.EncodeToString(sum[:]), nil
	}
	defer body.Close()
	h := sha256.New()
	if _, err := io.Copy(h, body); err != nil {
		return "", fmt.Errorf("jmzs: APIGSigner: body: %w", err)
	}
	var sum [sha256.Size]byte
	return hex.EncodeToString(h.Sum(sum[:0])), nil
}

// ObserveServerTime records the gateway's clock, read from a response's
// Date header, so that later signatures use a corrected time. The client
// calls it when the gateway reports an expired signature.
func (s *APIGSigner) ObserveServerTime(server time.Time) {
	if s.s != nil {
		s.s.offset.Store(int64(server.Sub(s.s.now())))
	}
}

// ClockOffset returns the learnt offset of the gateway's clock from the
// local one (zero until ObserveServerTime is called).
func (s *APIGSigner) ClockOffset() time.Duration {
	if s.s == nil {
		return 0
	}
	return time.Duration(s.s.offset.Load())
}

// String shows the AppKey masked and never the AppSecret.
func (s *APIGSigner) String() string {
	if s == nil || s.s == nil {
		return "APIGSigner{}"
	}
	return "APIGSigner{AppKey:" + s.s.appKey.String() + ", AppSecret:****}"
}
