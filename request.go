package jmzs

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"slices"
	"strings"
	"sync/atomic"

	"github.com/jmzs-sdk/jmzs-go/internal/apigsign"
)

// Content types the client sends.
const (
	ContentTypeJSON = "application/json"
	ContentTypeForm = "application/x-www-form-urlencoded; charset=UTF-8"
)

// Header values shared by every request: a request's header map is its
// own, but these slices are only ever replaced, never written in place.
var (
	jsonContentType = []string{ContentTypeJSON}
	formContentType = []string{ContentTypeForm}
)

// Request describes one API call. Query, Form and JSON may be combined
// with each other only as Query plus at most one body (Form or JSON).
type Request struct {
	Method string     // default POST
	URL    string     // full endpoint, e.g. https://expressqueryv2.apistore.huaweicloud.com/express/query-v2
	Query  url.Values // parameters in the query string (most Huawei-market APIs)
	Form   url.Values // x-www-form-urlencoded body (Aliyun-market APIs, OCR uploads)
	JSON   any        // JSON body
	Header http.Header

	// Market is where the API is sold, which picks the credential the
	// call carries (see NewClient). When 0, the URL's host tells it (see
	// MarketOfHost), else the client's only credential: a client with a
	// credential for each market needs Market for a host that is neither
	// market's, such as a test server. The product packages set it.
	// A client made with WithAuthenticator ignores it.
	Market Market

	// MaxRetries, when not nil, overrides the client's retry count (see
	// WithMaxRetries) for this call.
	//
	// Deprecated: pass CallMaxRetries to Do, which needs no pointer.
	MaxRetries *int
}

// call is one call of Do: the request rendered into bytes once, from
// which every attempt builds a fresh *http.Request, the call's options,
// and what the transport reports about the attempt under way.
type call struct {
	method      string
	url         *url.URL // the first attempt's URL; an Authenticator may rewrite it
	pristine    url.URL  // the URL as encoded, for later attempts
	host        string   // a Host header given in Request.Header
	body        []byte
	contentType []string
	header      http.Header // Request.Header, canonical, then CallHeader's
	getBody     func() (io.ReadCloser, error)
	auth        Authenticator // the credential of the call's market
	callOptions

	ctx     context.Context       // the call's context, carrying trace
	trace   httptrace.ClientTrace // reports when a connection takes the request
	sent    atomic.Bool           // the attempt's request was handed to a connection
	reached atomic.Bool           // the attempt's request reached the innermost step, past every Middleware
}

// encode checks r and renders its URL, query and body into cl. Nothing in
// an error it returns comes from the URL's user information or query, nor
// from a header value: they may hold secrets or personal data.
func (cl *call) encode(r *Request) error {
	if r == nil {
		return errors.New("jmzs: nil *Request")
	}
	cl.method = r.Method
	if cl.method == "" {
		cl.method = http.MethodPost
	} else if !isToken(cl.method) {
		return fmt.Errorf("jmzs: Request.Method %q is not an HTTP method", cl.method)
	}
	if r.URL == "" {
		return errors.New("jmzs: Request.URL is empty")
	}
	u, err := url.Parse(r.URL)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // the cause alone: ue.URL is the whole URL
		}
		return fmt.Errorf("jmzs: Request.URL cannot be parsed: %w", err)
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return fmt.Errorf("jmzs: Request.URL: scheme must be http or https, not %q", u.Scheme)
	case u.Host == "":
		return errors.New("jmzs: Request.URL has no host")
	case u.User != nil:
		return errors.New("jmzs: Request.URL holds a user name or password: the gateway takes credentials only from the client's options")
	case !validEscapes(u.RawQuery):
		return errors.New("jmzs: Request.URL: the query holds a '%' that is not followed by two hex digits")
	}
	if len(r.Query) > 0 {
		u.RawQuery = appendQuery(u.RawQuery, r.Query)
	}
	u.ForceQuery = false
	cl.url, cl.pristine = u, *u

	cl.contentType = jsonContentType
	switch {
	case r.Form != nil && r.JSON != nil:
		return errors.New("jmzs: Request has both Form and JSON; send one body")
	case r.Form != nil:
		cl.body = []byte(r.Form.Encode())
		cl.contentType = formContentType
	case r.JSON != nil:
		switch v := r.JSON.(type) {
		case json.RawMessage:
			if !json.Valid(v) {
				return errors.New("jmzs: Request.JSON: invalid json.RawMessage")
			}
			cl.body = v
		default:
			if cl.body, err = json.Marshal(v); err != nil {
				return fmt.Errorf("jmzs: Request.JSON: %w", err)
			}
		}
	}
	if len(cl.body) > 0 {
		cl.getBody = cl.newBody
	}

	if len(r.Header) > 0 {
		cl.header = make(http.Header, len(r.Header))
		for name, values := range r.Header {
			if err := checkHeader("Request.Header", name, values...); err != nil {
				return err
			}
			name = http.CanonicalHeaderKey(name)
			if name == "Host" {
				if len(values) > 0 {
					cl.host = values[0]
				}
				continue
			}
			cl.header[name] = append(cl.header[name], values...)
		}
	}
	return nil
}

// newBody returns a fresh reader of the request body.
func (cl *call) newBody() (io.ReadCloser, error) { return &bodyReader{*bytes.NewReader(cl.body)}, nil }

// bodyReader is a request body that can be closed.
type bodyReader struct{ bytes.Reader }

func (*bodyReader) Close() error { return nil }

// newHTTPRequest builds the *http.Request of one attempt. Its header map
// and URL are its own: an Authenticator or Middleware may change them.
// The caller's headers come first, so that an Authenticator signs them.
// A request without a body has a nil Body, as http.NewRequest makes it.
func (cl *call) newHTTPRequest(ctx context.Context, attempt int, userAgent []string) *http.Request {
	u := cl.url
	if attempt > 1 {
		u = new(url.URL)
		*u = cl.pristine
	}
	h := make(http.Header, len(cl.header)+3)
	for name, values := range cl.header {
		h[name] = slices.Clone(values)
	}
	if _, ok := h["Content-Type"]; !ok {
		h["Content-Type"] = cl.contentType
	}
	if _, ok := h["User-Agent"]; !ok && userAgent != nil {
		h["User-Agent"] = userAgent
	}
	req := &http.Request{
		Method:     cl.method,
		URL:        u,
		Proto:      "HTTP/1.1",
		ProtoMajor: 1,
		ProtoMinor: 1,
		Header:     h,
		Host:       u.Host,
	}
	if cl.host != "" {
		req.Host = cl.host
	}
	if cl.getBody != nil {
		req.ContentLength = int64(len(cl.body))
		req.Body, _ = cl.getBody()
		req.GetBody = cl.getBody
	}
	return req.WithContext(ctx)
}

// endpoint is the request's URL without its user information and query,
// which may hold secrets or personal data: what logs and errors show.
func (cl *call) endpoint() string {
	return cl.pristine.Scheme + "://" + cl.pristine.Host + cl.pristine.EscapedPath()
}

// appendQuery returns raw followed by params, sorted by key, each name
// and value escaped as RFC 3986 asks (all but A–Z a–z 0–9 - _ . ~, so a
// space is %20). That is the canonical form an APIG signer signs, so that
// it usually finds nothing to rewrite; the signer owns the canonical form
// and puts it on the wire.
func appendQuery(raw string, params url.Values) string {
	var keyStack [16]string
	keys := keyStack[:0]
	for k := range params {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var buf [256]byte
	b := append(buf[:0], raw...)
	for _, k := range keys {
		for _, v := range params[k] {
			if len(b) > 0 {
				b = append(b, '&')
			}
			b = apigsign.AppendEscape(b, k)
			b = append(b, '=')
			b = apigsign.AppendEscape(b, v)
		}
	}
	return string(b)
}

// validEscapes reports whether every '%' in s starts an escape %XX.
func validEscapes(s string) bool {
	for i := strings.IndexByte(s, '%'); i >= 0; i = strings.IndexByte(s, '%') {
		if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
			return false
		}
		s = s[i+3:]
	}
	return true
}

func isHex(c byte) bool { return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }

// checkHeader refuses a header the transport would refuse to send: a name
// that is not a token, a value with a control character (a pasted
// newline, say). The error names the header, never the value.
func checkHeader(where, name string, values ...string) error {
	if !isToken(name) {
		return fmt.Errorf("jmzs: %s: %q is not a valid header name", where, name)
	}
	for _, v := range values {
		for i := 0; i < len(v); i++ {
			if c := v[i]; c < ' ' && c != '\t' || c == 0x7f {
				return fmt.Errorf("jmzs: %s: the value of header %s holds a control character", where, name)
			}
		}
	}
	return nil
}

// isToken reports whether s is an HTTP token (RFC 9110 §5.6.2), as a
// method or a header name must be.
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0 {
			continue
		}
		return false
	}
	return true
}
