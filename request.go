package jmzs

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"

	"github.com/jmzs-sdk/jmzs-go/internal/apigsign"
)

// Content types the client sends.
const (
	ContentTypeJSON = "application/json"
	ContentTypeForm = "application/x-www-form-urlencoded; charset=UTF-8"
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

	// MaxRetries, when not nil, overrides the client's retry count (see
	// WithMaxRetries) for this call; point it at 0 for a call that must
	// never be sent twice.
	MaxRetries *int
}

// encoded is a Request turned into bytes once, from which every attempt
// builds a fresh *http.Request.
type encoded struct {
	method      string
	url         *url.URL
	body        []byte
	contentType string
	header      http.Header
	newData     func() any // a fresh *T for the response's data
}

// encode checks r and renders its URL, query and body.
func (r *Request) encode() (*encoded, error) {
	if r == nil {
		return nil, errors.New("jmzs: nil *Request")
	}
	method := r.Method
	if method == "" {
		method = http.MethodPost
	}
	if r.URL == "" {
		return nil, errors.New("jmzs: Request.URL is empty")
	}
	u, err := url.Parse(r.URL)
	if err != nil {
		return nil, fmt.Errorf("jmzs: Request.URL: %w", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("jmzs: Request.URL %q: scheme must be http or https", r.URL)
	}
	if u.Host == "" {
		return nil, fmt.Errorf("jmzs: Request.URL %q has no host", r.URL)
	}
	if len(r.Query) > 0 {
		raw := r.Query.Encode()
		if u.RawQuery != "" {
			raw = u.RawQuery + "&" + raw
		}
		u.RawQuery = raw
	}
	if u.RawQuery != "" {
		// Send the query in the exact canonical form a signer would sign.
		if u.RawQuery, err = apigsign.CanonicalQuery(u.RawQuery); err != nil {
			return nil, fmt.Errorf("jmzs: Request query: %w", err)
		}
	}
	e := &encoded{method: method, url: u, header: r.Header, contentType: ContentTypeJSON}
	switch {
	case r.Form != nil && r.JSON != nil:
		return nil, errors.New("jmzs: Request has both Form and JSON; send one body")
	case r.Form != nil:
		e.body = []byte(r.Form.Encode())
		e.contentType = ContentTypeForm
	case r.JSON != nil:
		switch v := r.JSON.(type) {
		case json.RawMessage:
			if !json.Valid(v) {
				return nil, errors.New("jmzs: Request.JSON: invalid json.RawMessage")
			}
			e.body = v
		default:
			if e.body, err = json.Marshal(v); err != nil {
				return nil, fmt.Errorf("jmzs: Request.JSON: %w", err)
			}
		}
	}
	return e, nil
}

// newHTTPRequest builds the *http.Request of one attempt. The body is
// replayable through GetBody, and the caller's headers come first so that
// an Authenticator signs them.
func (e *encoded) newHTTPRequest(ctx context.Context, userAgent string) *http.Request {
	u := *e.url
	h := make(http.Header, len(e.header)+4)
	for k, v := range e.header {
		h[http.CanonicalHeaderKey(k)] = append([]string(nil), v...)
	}
	if _, ok := h["Content-Type"]; !ok {
		h["Content-Type"] = []string{e.contentType}
	}
	if _, ok := h["User-Agent"]; !ok && userAgent != "" {
		h["User-Agent"] = []string{userAgent}
	}
	req := &http.Request{
		Method:     e.method,
		URL:        &u,
		Proto:      "HTTP/1.1",
		ProtoMajor: 1,
		ProtoMinor: 1,
		Header:     h,
		Host:       u.Host,
		Body:       http.NoBody,
		GetBody:    func() (io.ReadCloser, error) { return http.NoBody, nil },
	}
	if host := h.Get("Host"); host != "" {
		req.Host = host
		delete(h, "Host")
	}
	if len(e.body) > 0 {
		body := e.body
		req.ContentLength = int64(len(body))
		req.Body = io.NopCloser(bytes.NewReader(body))
		req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	}
	return req.WithContext(ctx)
}

// endpoint is the request's URL without its query, which may hold
// personal data: what logs and errors show.
func (e *encoded) endpoint() string {
	return e.url.Scheme + "://" + e.url.Host + e.url.EscapedPath()
}
