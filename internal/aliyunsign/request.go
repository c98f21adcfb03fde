package aliyunsign

import (
	"bytes"
	"crypto/md5"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
)

// Signing is what a signature needs besides the request.
type Signing struct {
	AppKey, AppSecret string
	Timestamp         int64  // X-Ca-Timestamp, milliseconds since the Unix epoch
	Nonce             string // X-Ca-Nonce, fresh for every request (see NewNonce)
}

// Sign signs req in place and returns the string it signed. It sets
// Accept (DefaultAccept) when absent; Content-MD5 for a body that is not
// a form; X-Ca-Key, X-Ca-Timestamp, X-Ca-Nonce, X-Ca-Signature-Method,
// X-Ca-Signature-Headers and X-Ca-Signature. It signs Accept,
// Content-MD5, Content-Type and Date as sent, every X-Ca-* header (names
// lower-case, values trimmed as the gateway receives them, and rewritten
// so), the path as sent and the query and form parameters. The body is
// read through GetBody and left to be sent.
func Sign(req *http.Request, s Signing) (string, error) {
	if req.URL == nil {
		return "", fmt.Errorf("request has no URL")
	}
	if req.Header == nil {
		req.Header = make(http.Header)
	}
	h := req.Header
	if !hasFold(h, "Accept") {
		h["Accept"] = []string{DefaultAccept}
	}
	p := Parts{Method: req.Method}
	var err error
	for _, f := range []struct {
		name string
		dst  *string
	}{{"Accept", &p.Accept}, {"Content-Type", &p.ContentType}, {"Date", &p.Date}} {
		if *f.dst, err = single(h, f.name); err != nil {
			return "", err
		}
	}

	body, err := readBody(req)
	if err != nil {
		return "", err
	}
	var form []Param
	if IsForm(p.ContentType) {
		if form, err = ParseParams(string(body), "form field"); err != nil {
			return "", err
		}
	} else if len(body) > 0 {
		sum := md5.Sum(body)
		deleteFold(h, HeaderContentMD5)
		h[HeaderContentMD5] = []string{base64.StdEncoding.EncodeToString(sum[:])}
	}
	if p.ContentMD5, err = single(h, HeaderContentMD5); err != nil {
		return "", err
	}

	for _, name := range signerHeaders {
		deleteFold(h, name)
	}
	h[HeaderKey] = []string{s.AppKey}
	h[HeaderTimestamp] = []string{strconv.FormatInt(s.Timestamp, 10)}
	h[HeaderNonce] = []string{s.Nonce}
	h[HeaderSignatureMethod] = []string{SignatureMethod}
	for name, values := range h {
		lower := strings.ToLower(name)
		if !strings.HasPrefix(lower, "x-ca-") {
			continue
		}
		if len(values) == 0 { // not sent
			delete(h, name)
			continue
		}
		if len(values) != 1 {
			return "", fmt.Errorf("header %s is set %d times; send it once", name, len(values))
		}
		v := strings.Trim(values[0], " \t")
		if i := strings.IndexFunc(v, isControl); i >= 0 {
			return "", fmt.Errorf("header %s holds a control character", name)
		}
		values[0] = v
		p.Headers = append(p.Headers, Header{lower, v})
	}
	if err := SortHeaders(p.Headers); err != nil {
		return "", err
	}
	h[HeaderSignatureHeaders] = []string{p.SignatureHeaders()}

	path, rawQuery, _ := strings.Cut(req.URL.RequestURI(), "?")
	p.Path = path
	query, err := ParseParams(rawQuery, "query parameter")
	if err != nil {
		return "", err
	}
	p.Params = MergeParams(query, form)

	sts := p.AppendStringToSign(nil)
	h[HeaderSignature] = []string{Signature(s.AppSecret, sts)}
	return string(sts), nil
}

// IsForm reports whether contentType is application/x-www-form-urlencoded,
// whose body parameters are signed.
func IsForm(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		mt, _, _ = strings.Cut(contentType, ";")
		mt = strings.ToLower(strings.TrimSpace(mt))
	}
	return mt == FormType
}

// signerHeaders are the headers Sign writes from scratch.
var signerHeaders = [...]string{HeaderKey, HeaderTimestamp, HeaderNonce, HeaderSignatureMethod, HeaderSignature, HeaderSignatureHeaders}

func hasFold(h http.Header, name string) bool {
	for k, vs := range h {
		if len(vs) > 0 && strings.EqualFold(k, name) {
			return true
		}
	}
	return false
}

// deleteFold deletes the header name under any spelling of its key.
func deleteFold(h http.Header, name string) {
	for k := range h {
		if strings.EqualFold(k, name) {
			delete(h, k)
		}
	}
}

// single returns the value of the header name (canonical form), or ""
// when absent, refusing a header set twice or holding a control
// character. It stores the value trimmed, as the gateway receives it,
// under the canonical key.
func single(h http.Header, name string) (string, error) {
	var v []string
	for k, vs := range h {
		if strings.EqualFold(k, name) {
			v = append(v, vs...)
			delete(h, k)
		}
	}
	switch len(v) {
	case 0:
		return "", nil
	case 1:
		if strings.IndexFunc(v[0], isControl) >= 0 {
			return "", fmt.Errorf("header %s holds a control character", name)
		}
		t := strings.Trim(v[0], " \t")
		h[name] = []string{t}
		return t, nil
	}
	return "", fmt.Errorf("header %s is set %d times; send it once", name, len(v))
}

func isControl(r rune) bool { return r < ' ' && r != '\t' || r == 0x7f }

// readBody returns the body through GetBody, so that it can still be sent,
// or buffers a body that cannot be read twice and makes it replayable.
func readBody(req *http.Request) ([]byte, error) {
	if req.Body == nil || req.Body == http.NoBody {
		return nil, nil
	}
	if req.GetBody != nil {
		rc, err := req.GetBody()
		if err != nil {
			return nil, fmt.Errorf("body: %w", err)
		}
		defer rc.Close()
		b, err := io.ReadAll(rc)
		if err != nil {
			return nil, fmt.Errorf("body: %w", err)
		}
		return b, nil
	}
	b, err := io.ReadAll(req.Body)
	req.Body.Close()
	if err != nil {
		return nil, fmt.Errorf("body: %w", err)
	}
	req.Body = io.NopCloser(bytes.NewReader(b))
	req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil }
	req.ContentLength = int64(len(b))
	return b, nil
}

// NewNonce returns a random (version 4) UUID from crypto/rand.
func NewNonce() (string, error) {
	var u [16]byte
	if _, err := rand.Read(u[:]); err != nil {
		return "", fmt.Errorf("nonce: %w", err)
	}
	u[6] = u[6]&0x0f | 0x40 // version 4
	u[8] = u[8]&0x3f | 0x80 // RFC 4122 variant
	var b [36]byte
	hex.Encode(b[0:8], u[0:4])
	b[8] = '-'
	hex.Encode(b[9:13], u[4:6])
	b[13] = '-'
	hex.Encode(b[14:18], u[6:8])
	b[18] = '-'
	hex.Encode(b[19:23], u[8:10])
	b[23] = '-'
	hex.Encode(b[24:], u[10:])
	return string(b[:]), nil
}
