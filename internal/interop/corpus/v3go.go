package corpus

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"slices"
	"sort"
	"strings"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/auth/signer"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/request"
)

// V3Input is a request as huaweicloud-sdk-go-v3 takes it: an endpoint, a
// decoded path, decoded query values (passed to v3 as reflect.Value, the
// only type its signer reads), one value per header and a string body,
// which v3 hashes as it is.
type V3Input struct {
	Method, Endpoint, Path string
	Query                  map[string][]string
	Headers                map[string]string
	Body                   string
}

// Build makes the request v3 signs.
func (in *V3Input) Build() *request.DefaultHttpRequest {
	b := request.NewHttpRequestBuilder().
		WithMethod(in.Method).
		WithEndpoint(in.Endpoint).
		WithPath(in.Path)
	for k, vs := range in.Query {
		if len(vs) == 1 {
			b.AddQueryParam(k, reflect.ValueOf(vs[0]))
		} else {
			b.AddQueryParam(k, reflect.ValueOf(vs))
		}
	}
	for k, v := range in.Headers {
		b.AddHeaderParam(k, v)
	}
	if in.Body != "" {
		b.WithBody("", in.Body)
	}
	return b.Build()
}

// Sign signs in with v3's SDK-HMAC-SHA256 signer and returns the
// Authorization value and the request v3 signed (whose header map v3 may
// have extended with X-Sdk-Content-Sha256).
func (in *V3Input) Sign(ak, sk string) (string, *request.DefaultHttpRequest, error) {
	req := in.Build()
	h, err := signer.Sign(req, ak, sk)
	if err != nil {
		return "", nil, err
	}
	return h["Authorization"], req, nil
}

// Wire signs in with v3's signer and returns the request v3's client
// would send, and the request v3 signed. As v3's credentials do, the
// headers Sign returns become header parameters; v3's ConvertRequest then
// makes the *http.Request: the decoded path (which Go escapes its own way
// on the wire), v3's query encoding and every header parameter,
// X-Sdk-Content-Sha256 included when Sign added it.
//
// Go's client sends req.Host, never a Host header, so the Host header
// parameter v3 signed is moved to req.Host.
func (in *V3Input) Wire(ak, sk string) (*http.Request, *request.DefaultHttpRequest, error) {
	auth, req, err := in.Sign(ak, sk)
	if err != nil {
		return nil, nil, err
	}
	req.AddHeaderParam("Authorization", auth)
	w, err := req.ConvertRequest()
	if err != nil {
		return nil, nil, err
	}
	if host := w.Header.Get("Host"); host != "" {
		w.Host = host
		w.Header.Del("Host")
	}
	return w, req, nil
}

// V3Canonical returns the canonical request v3's signer built for req,
// which it signed with auth: v3 does not expose it, so it is rebuilt from
// v3's inputs by v3's rules (signer.go: canonicalURI, canonicalQueryString,
// canonicalHeaders) and confirmed against the signature; an error says
// the two disagree.
func V3Canonical(req *request.DefaultHttpRequest, auth, sk, date string) (string, error) {
	list := SignedHeaders(auth)
	signed := strings.Split(list, ";")

	segments := strings.Split(req.GetPath(), "/")
	for i, s := range segments {
		segments[i] = escapeV3(s)
	}
	uri := strings.Join(segments, "/")
	if !strings.HasSuffix(uri, "/") {
		uri += "/"
	}

	values := map[string][]string{}
	for k, v := range req.GetQueryParams() {
		rv := v.(reflect.Value)
		if rv.Kind() == reflect.Slice {
			for i := 0; i < rv.Len(); i++ {
				values[k] = append(values[k], rv.Index(i).String())
			}
		} else {
			values[k] = append(values[k], rv.String())
		}
	}
	var query []string
	for _, k := range slices.Sorted(maps.Keys(values)) {
		vs := values[k]
		sort.Strings(vs)
		for _, v := range vs {
			query = append(query, escapeV3(k)+"="+escapeV3(v))
		}
	}

	var lines []string
	for _, name := range signed {
		var vs []string
		for k, v := range req.GetHeaderParams() {
			if strings.ToLower(k) == name {
				vs = append(vs, v)
			}
		}
		sort.Strings(vs)
		for _, v := range vs {
			lines = append(lines, name+":"+strings.TrimSpace(v))
		}
	}
	payload, ok := req.GetHeaderParams()["X-Sdk-Content-Sha256"]
	if !ok {
		body, err := req.GetBodyToBytes()
		if err != nil {
			return "", err
		}
		sum := sha256.Sum256(body.Bytes())
		payload = hex.EncodeToString(sum[:])
	}
	canonical := req.GetMethod() + "\n" + uri + "\n" + strings.Join(query, "&") + "\n" +
		strings.Join(lines, "\n") + "\n\n" + list + "\n" + payload

	sum := sha256.Sum256([]byte(canonical))
	mac := hmac.New(sha256.New, []byte(sk))
	mac.Write([]byte("SDK-HMAC-SHA256\n" + date + "\n" + hex.EncodeToString(sum[:])))
	if _, sig, _ := strings.Cut(auth, "Signature="); sig != hex.EncodeToString(mac.Sum(nil)) {
		return "", fmt.Errorf("v3's canonical request could not be rebuilt (got %q)", canonical)
	}
	return canonical, nil
}

// escapeV3 is v3's escape: bytes outside A–Z a–z 0–9 _ - ~ . as %XX.
func escapeV3(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || strings.IndexByte("_-~.", c) >= 0 {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// transportHeaders are left out of a Wire: the client's own, not the
// signer's.
var transportHeaders = map[string]bool{
	"user-agent": true, "accept": true, "accept-encoding": true, "connection": true,
	"content-length": true, "host": true, "authorization": true,
}

// V3Go signs records with huaweicloud-sdk-go-v3 and sends them to a
// loopback server, to see them as they arrive.
type V3Go struct {
	meta *Meta
	srv  *httptest.Server
	// What the server last received; one request at a time.
	arrived struct {
		target, host string
		header       http.Header
		body         []byte
	}
}

// NewV3Go starts the loopback server; Close stops it.
func NewV3Go(meta *Meta) *V3Go {
	g := &V3Go{meta: meta}
	g.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, q *http.Request) {
		g.arrived.target, g.arrived.host, g.arrived.header = q.RequestURI, q.Host, q.Header
		g.arrived.body, _ = io.ReadAll(q.Body)
	}))
	return g
}

// Close stops the loopback server.
func (g *V3Go) Close() { g.srv.Close() }

// Sign signs r as v3's callers give it (the path and query decoded, the
// Host as a header parameter), sends it and returns the result. It is not
// safe for concurrent use.
func (g *V3Go) Sign(r *Record) *Result {
	rawPath, rawQuery, _ := strings.Cut(r.Target, "?")
	path, err := url.PathUnescape(rawPath)
	if err != nil {
		return &Result{NotExpressible: "the path does not decode: " + err.Error()}
	}
	query := map[string][]string{}
	for _, part := range strings.Split(rawQuery, "&") {
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		dk, err1 := url.QueryUnescape(k)
		dv, err2 := url.QueryUnescape(v)
		if err1 != nil || err2 != nil {
			return &Result{NotExpressible: "the query does not decode"}
		}
		query[dk] = append(query[dk], dv)
	}
	in := &V3Input{
		Method:   r.Method,
		Endpoint: "https://" + r.Host,
		Path:     path,
		Query:    query,
		Headers:  map[string]string{"Host": r.Host},
		Body:     string(r.BodyBytes()),
	}
	for _, h := range r.Headers {
		in.Headers[h[0]] = h[1]
	}
	req, v3req, err := in.Wire(g.meta.AK, g.meta.SK)
	if err != nil {
		return &Result{Error: err.Error()}
	}
	auth := req.Header.Get("Authorization")
	canonical, err := V3Canonical(v3req, auth, g.meta.SK, g.meta.Date)
	if err != nil {
		return &Result{Authorization: auth, Error: err.Error()}
	}
	res := &Result{Canonical: canonical, Authorization: auth}

	base, _ := url.Parse(g.srv.URL)
	req.URL.Scheme, req.URL.Host = base.Scheme, base.Host
	resp, err := g.srv.Client().Do(req)
	if err != nil {
		res.SendError = err.Error()
		return res
	}
	resp.Body.Close()
	var headers [][2]string
	for _, name := range slices.Sorted(maps.Keys(g.arrived.header)) {
		if transportHeaders[strings.ToLower(name)] {
			continue
		}
		for _, v := range g.arrived.header[name] {
			headers = append(headers, [2]string{name, v})
		}
	}
	res.Wire = r.NewWire(g.arrived.target, g.arrived.host, headers, g.arrived.body)
	return res
}
