package interop

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	jmzs "github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/internal/interop/corpus"
	"github.com/jmzs-sdk/jmzs-go/jmzstest"
)

// The differential corpus (testdata/corpus-*.jsonl, made by gen/, see
// its README) holds seeded random requests signed by Huawei's own signers
// that run here: the APIG JavaScript signer (apig-js), the v3 SDK cores
// for JavaScript (v3-js) and Go (v3-go). For every request and signer,
// the tests below hold our signer and the kit's gateway to them:
//
//   - where the signer has no documented quirk, our signer, given the
//     caller's request and the headers the signer signed, must build the
//     same canonical request and Authorization, and the gateway must
//     accept the signer's request as it arrived on the wire;
//   - where a documented quirk applies (the generator names it), the
//     canonical requests may differ only in the parts the quirk touches,
//     and the gateway must accept or refuse the wire request as the quirk
//     says;
//   - on the shapes the signers disagree on (an escape that is not UTF-8,
//     an empty query key) our signer must refuse, the signers must indeed
//     disagree, and the gateway must refuse whatever they sent.
//
// Our own request for each defined record, canonical query on the wire,
// must be accepted too.

// Parts of a canonical request.
const (
	partMethod  = "method"
	partURI     = "canonical URI"
	partQuery   = "query"
	partHeaders = "header lines"
	partSigned  = "signed headers"
	partPayload = "payload hash"
)

// documentedQuirks are the quirks the generator may name (README.md has
// the evidence): the parts of the canonical request each may change, and
// whether the gateway must refuse what the signer sends.
var documentedQuirks = map[string]struct {
	parts   []string
	refused bool
}{
	"apig-js-decodeuri":           {[]string{partURI, partQuery}, false},
	"apig-js-plus-is-plus":        {[]string{partQuery}, false},
	"signs-underscore-header":     {[]string{partHeaders, partSigned}, false},
	"v3-js-url-parse-path":        {[]string{partURI}, true},
	"v3-js-path-trimmed":          {[]string{partURI}, false},
	"v3-js-wire-path-rewritten":   {nil, true},
	"v3-js-untrimmed-values":      {[]string{partHeaders}, true},
	"v3-js-sends-json-stringify":  {[]string{partPayload}, false},
	"v3-js-hashes-json-stringify": {[]string{partPayload}, true},
	"v3-js-header-line-order":     {[]string{partHeaders}, true},
}

func loadCorpus(t testing.TB) (*corpus.Meta, []*corpus.Record) {
	t.Helper()
	meta, records, err := corpus.Read("testdata")
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(records), 2000)
	for q := range meta.Quirks {
		_, ok := documentedQuirks[q]
		require.True(t, ok, "the corpus names quirk %q, which the test does not know", q)
	}
	return meta, records
}

// canonicalParts is a canonical request split into its parts.
type canonicalParts map[string]string

func splitCanonical(s string) canonicalParts {
	lines := strings.Split(s, "\n")
	if len(lines) < 6 {
		return canonicalParts{partMethod: s}
	}
	n := len(lines)
	return canonicalParts{
		partMethod:  lines[0],
		partURI:     lines[1],
		partQuery:   lines[2],
		partHeaders: strings.Join(lines[3:n-3], "\n"),
		partSigned:  lines[n-2],
		partPayload: lines[n-1],
	}
}

// differingParts lists the parts in which a and b differ.
func differingParts(a, b string) []string {
	pa, pb := splitCanonical(a), splitCanonical(b)
	var out []string
	for _, p := range []string{partMethod, partURI, partQuery, partHeaders, partSigned, partPayload} {
		if pa[p] != pb[p] {
			out = append(out, p)
		}
	}
	return out
}

func signedHeaderNames(authorization string) []string {
	return strings.Split(corpus.SignedHeaders(authorization), ";")
}

func callerHeader(r *corpus.Record, name string) (string, bool) {
	for _, h := range r.Headers {
		if strings.EqualFold(h[0], name) {
			return h[1], true
		}
	}
	return "", false
}

// ourRequest is the caller's request for our signer: with every header
// the caller set when signed is nil, else with only the headers a signer
// signed (signed names it; canonical gives the values the caller did not
// set, such as the X-Sdk-Content-Sha256 the v3 cores add).
func ourRequest(t testing.TB, r *corpus.Record, signed []string, canonical string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(r.Method, "https://"+r.Host+r.Target, bytes.NewReader(r.BodyBytes()))
	if err != nil {
		// Our own URL parser refuses it, as our signer would.
		return nil
	}
	if len(r.BodyBytes()) == 0 {
		req.Body, req.GetBody = http.NoBody, nil
	}
	req.Host = r.Host
	if signed == nil {
		for _, h := range r.Headers {
			req.Header.Add(h[0], h[1])
		}
		return req
	}
	lines := map[string]string{}
	for _, l := range strings.Split(splitCanonical(canonical)[partHeaders], "\n") {
		name, value, _ := strings.Cut(l, ":")
		lines[name] = value
	}
	for _, name := range signed {
		if name == "host" {
			continue
		}
		if v, ok := callerHeader(r, name); ok {
			req.Header.Add(name, v)
		} else {
			req.Header.Add(name, lines[name])
		}
	}
	return req
}

// gatewayFor returns a gateway that knows the corpus key, with its clock
// at the corpus date.
func gatewayFor(t testing.TB, meta *corpus.Meta) *jmzstest.Gateway {
	t.Helper()
	g := jmzstest.NewGateway(t, jmzstest.WithAppKey(meta.AK, meta.SK))
	at, err := time.Parse("20060102T150405Z", meta.Date)
	require.NoError(t, err)
	g.SetClockSkew(time.Until(at))
	return g
}

// received is a request as the gateway would receive it: method, target
// (escaped path and raw query, exactly as sent), host, headers and body.
type received struct {
	method, target, host string
	headers              [][2]string
	body                 []byte
}

func signerWire(r *corpus.Record, res *corpus.Result) received {
	target, host, headers, body := r.Resolve(res.Wire)
	headers = append(slices.Clip(headers), [2]string{"Authorization", res.Authorization})
	return received{r.Method, target, host, headers, body}
}

func ourWire(req *http.Request, body []byte) received {
	var headers [][2]string
	for k, vs := range req.Header {
		for _, v := range vs {
			headers = append(headers, [2]string{k, v})
		}
	}
	return received{req.Method, req.URL.RequestURI(), req.Host, headers, body}
}

// verify checks rc with gw.Verify, as if received: RequestURI holds the
// target as it arrived.
func (rc received) verify(t testing.TB, gw *jmzstest.Gateway) error {
	t.Helper()
	req := rc.request(t, "http://gateway.invalid")
	req.RequestURI = rc.target
	return gw.Verify(req)
}

// request builds rc aimed at base, sending the target byte for byte.
func (rc received) request(t testing.TB, base string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(rc.method, base+"/", bytes.NewReader(rc.body))
	require.NoError(t, err)
	if len(rc.body) == 0 {
		req.Body, req.GetBody = http.NoBody, nil
	}
	path, query, _ := strings.Cut(rc.target, "?")
	if u, err := url.Parse(base + path); err == nil && u.EscapedPath() == path {
		req.URL.Path, req.URL.RawPath = u.Path, u.RawPath
	} else {
		req.URL.Path, req.URL.RawPath = "", ""
		req.URL.Opaque = path
	}
	req.URL.RawQuery = query
	require.Equal(t, rc.target, req.URL.RequestURI(), "Go would not send the target as it arrived")
	req.Host = rc.host
	for _, h := range rc.headers {
		req.Header.Add(h[0], h[1])
	}
	return req
}

// send sends rc to gw over loopback HTTP, answering its path with 200,
// and returns the status and the APIG error message.
func (rc received) send(t testing.TB, gw *jmzstest.Gateway) (int, string) {
	t.Helper()
	req := rc.request(t, gw.URL())
	path, _, _ := strings.Cut(rc.target, "?")
	u, err := url.ParseRequestURI(path)
	require.NoError(t, err)
	gw.Handle(u.Path, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, `{"code":200}`) }))
	resp, err := gw.HTTPClient().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(b)
}

// httpSample says which records also go over real HTTP.
func httpSample(i int) bool { return i%8 == 0 }

// tally counts outcomes by signer.
type tally map[string]map[string]int

func (c tally) add(signer, outcome string) {
	if c[signer] == nil {
		c[signer] = map[string]int{}
	}
	c[signer][outcome]++
}

// Outcomes of one signer on one record.
const (
	outAgree      = "agree"
	outQuirk      = "differ by a documented quirk"
	outOtherwise  = "differ otherwise"
	outUndefined  = "undefined shape, we refuse"
	outNotAccepts = "cannot take the request"
)

func TestCorpus(t *testing.T) {
	meta, records := loadCorpus(t)
	gw := gatewayFor(t, meta)
	signers := slices.Sorted(maps.Keys(meta.Signers))
	require.Equal(t, []string{"apig-js", "v3-go", "v3-js"}, signers, "signers run")
	outcomes := tally{}
	kit := map[string]int{}
	failures := 0
	fail := func(format string, args ...any) {
		failures++
		if failures <= 40 {
			t.Errorf(format, args...)
		}
	}
	for i, r := range records {
		what := fmt.Sprintf("record %d (%s https://%s%s)", r.ID, r.Method, r.Host, r.Target)
		overHTTP := httpSample(i)

		// Our signer on the caller's request, and the gateway on what we send.
		ours := ourRequest(t, r, nil, "")
		var ourErr error
		if ours == nil {
			ourErr = errors.New("the URL does not parse")
		} else {
			_, _, ourErr = jmzs.NewAPIGSigner(meta.AK, meta.SK).Explain(ours)
		}
		if r.Undefined != "" {
			if ourErr == nil {
				fail("%s: undefined shape %s, but our signer signed it", what, r.Undefined)
			} else {
				kit["our refusals"]++
			}
			requireDisagreement(t, r, what, fail)
		} else if ourErr != nil {
			fail("%s: our signer refused: %v", what, ourErr)
			continue
		} else {
			rc := ourWire(ours, r.BodyBytes())
			if err := rc.verify(t, gw); err != nil {
				fail("%s: the gateway refused our request: %v", what, err)
			}
			kit["ours accepted"]++
			if overHTTP {
				if status, body := rc.send(t, gw); status != http.StatusOK {
					fail("%s: the gateway refused our request over HTTP: %d %s", what, status, body)
				}
				kit["ours accepted over HTTP"]++
			}
		}

		for _, name := range signers {
			res := r.Signers[name]
			for _, q := range res.Quirks {
				if _, ok := documentedQuirks[q]; !ok {
					fail("%s, %s: undocumented quirk %q", what, name, q)
				}
			}
			switch {
			case r.Undefined != "":
				outcomes.add(name, outUndefined)
			case res.Canonical == "":
				outcomes.add(name, outNotAccepts)
				fail("%s, %s: did not sign a well-defined request: %s%s%s", what, name, res.Error, res.NotExpressible, res.SendError)
				continue
			default:
				outcomes.add(name, compareWithOurs(t, meta, r, name, res, what, fail))
			}
			if res.Wire == nil {
				if res.SendError != "" && !quirkRefused(res) && r.Undefined == "" {
					fail("%s, %s: not sent (%s) and no quirk says why", what, name, res.SendError)
				}
				continue
			}
			rc := signerWire(r, res)
			err := rc.verify(t, gw)
			if r.Undefined != "" && !hasUndefinedShape(rc.target) {
				// The signer changed the shape before sending (dropped the
				// empty key, say): nothing is defined, nothing to expect.
				kit["signers' requests of undefined shapes, reshaped"]++
				continue
			}
			wantRefused := quirkRefused(res) || hasUndefinedShape(rc.target)
			if wantRefused != (err != nil) {
				fail("%s, %s: the gateway's answer to the request as sent: %v; want refused=%v (quirks %v)\ncanonical:\n%s", what, name, err, wantRefused, res.Quirks, res.Canonical)
				continue
			}
			if wantRefused {
				kit["signers' requests refused as documented"]++
			} else {
				kit["signers' requests accepted"]++
			}
			if overHTTP {
				status, body := rc.send(t, gw)
				if wantRefused != (status != http.StatusOK) {
					fail("%s, %s: over HTTP the gateway answered %d %s; want refused=%v", what, name, status, body, wantRefused)
				}
				kit["signers' requests checked over HTTP"]++
			}
		}
	}
	require.Zero(t, failures, "%d failures", failures)

	t.Logf("corpus: %d requests; signers run: %s; not run: %s", len(records), strings.Join(signers, ", "), strings.Join(slices.Sorted(maps.Keys(meta.NotRun)), ", "))
	for _, name := range signers {
		c := outcomes[name]
		t.Logf("corpus: %-7s %4d agree, %4d differ by a documented quirk, %d differ otherwise, %3d undefined shapes refused by us, %d not taken",
			name, c[outAgree], c[outQuirk], c[outOtherwise], c[outUndefined], c[outNotAccepts])
		require.Zero(t, c[outOtherwise])
		require.GreaterOrEqual(t, c[outAgree], len(records)*3/10, "%s agrees on too few requests", name)
	}
	for _, k := range slices.Sorted(maps.Keys(kit)) {
		t.Logf("corpus: kit: %-40s %d", k, kit[k])
	}
	requireShapes(t, records)
}

// compareWithOurs signs r with our signer over the headers the signer
// signed and classifies the signer's canonical request against ours.
func compareWithOurs(t *testing.T, meta *corpus.Meta, r *corpus.Record, name string, res *corpus.Result, what string, fail func(string, ...any)) string {
	t.Helper()
	req := ourRequest(t, r, signedHeaderNames(res.Authorization), res.Canonical)
	if req == nil {
		fail("%s, %s: the URL does not parse", what, name)
		return outOtherwise
	}
	canonical, _, err := jmzs.NewAPIGSigner(meta.AK, meta.SK).Explain(req)
	if err != nil {
		fail("%s, %s: our signer refused the request: %v", what, name, err)
		return outOtherwise
	}
	diff := differingParts(canonical, res.Canonical)
	if len(diff) == 0 {
		if got := req.Header.Get("Authorization"); got != res.Authorization {
			fail("%s, %s: same canonical request, other Authorization:\nours   %s\ntheirs %s", what, name, got, res.Authorization)
			return outOtherwise
		}
		return outAgree
	}
	var allowed []string
	for _, q := range res.Quirks {
		allowed = append(allowed, documentedQuirks[q].parts...)
	}
	for _, p := range diff {
		if !slices.Contains(allowed, p) {
			fail("%s, %s: the canonical requests differ in %v (quirks %v allow %v)\n--- ours:\n%s\n--- %s:\n%s", what, name, diff, res.Quirks, allowed, canonical, name, res.Canonical)
			return outOtherwise
		}
	}
	return outQuirk
}

// hasUndefinedShape reports whether target has an escape that does not
// decode to UTF-8 or an empty query key: the gateway must refuse it.
func hasUndefinedShape(target string) bool {
	path, query, _ := strings.Cut(target, "?")
	if p, err := url.PathUnescape(path); err != nil || !utf8.ValidString(p) {
		return true
	}
	for _, part := range strings.Split(query, "&") {
		k, v, _ := strings.Cut(part, "=")
		dk, err1 := url.QueryUnescape(k)
		dv, err2 := url.QueryUnescape(v)
		if part != "" && (dk == "" || err1 != nil || err2 != nil || !utf8.ValidString(dk) || !utf8.ValidString(dv)) {
			return true
		}
	}
	return false
}

func quirkRefused(res *corpus.Result) bool {
	for _, q := range res.Quirks {
		if documentedQuirks[q].refused {
			return true
		}
	}
	return false
}

// requireDisagreement checks that the signers that took an undefined
// shape do not all sign it alike: else refusing it would be needless.
func requireDisagreement(t *testing.T, r *corpus.Record, what string, fail func(string, ...any)) {
	t.Helper()
	seen := map[string]bool{}
	for _, res := range r.Signers {
		p := splitCanonical(res.Canonical)
		key := "refused or not expressible"
		if res.Canonical != "" {
			key = p[partURI] + "\n" + p[partQuery]
		}
		seen[key] = true
	}
	if len(seen) < 2 {
		fail("%s: undefined shape %s, but every signer treats it alike", what, r.Undefined)
	}
}

// requireShapes checks that the corpus holds enough requests of every
// shape the issue names, read from the requests themselves.
func requireShapes(t *testing.T, records []*corpus.Record) {
	t.Helper()
	count := map[string]int{}
	for _, r := range records {
		path, query, _ := strings.Cut(r.Target, "?")
		dec, _ := url.PathUnescape(path)
		for shape, ok := range map[string]bool{
			"path %2F":              strings.Contains(strings.ToUpper(path), "%2F"),
			"path dot segment":      slices.ContainsFunc(strings.Split(dec, "/"), func(s string) bool { return s == "." || s == ".." }),
			"path //":               strings.Contains(path, "//"),
			"path trailing slash":   len(path) > 1 && strings.HasSuffix(path, "/"),
			"path unicode":          strings.ContainsFunc(dec, func(c rune) bool { return c > 127 }),
			"path space":            strings.Contains(dec, " "),
			"path +":                strings.Contains(dec, "+"),
			"path ~":                strings.Contains(dec, "~"),
			"query repeated key":    hasRepeatedKey(query),
			"query empty value":     strings.Contains("&"+query+"&", "=&") || hasBareKey(query),
			"query bare key":        hasBareKey(query),
			"query *":               strings.Contains(query, "*") || strings.Contains(strings.ToUpper(query), "%2A"),
			"query +":               strings.Contains(query, "+"),
			"query %20":             strings.Contains(query, "%20"),
			"query ;":               strings.Contains(query, ";") || strings.Contains(strings.ToUpper(query), "%3B"),
			"header mixed case":     slices.ContainsFunc(r.Headers, func(h [2]string) bool { return h[0] != http.CanonicalHeaderKey(h[0]) && h[0] != strings.ToLower(h[0]) }),
			"header padding":        slices.ContainsFunc(r.Headers, func(h [2]string) bool { return h[1] != strings.TrimSpace(h[1]) }),
			"body empty":            len(r.BodyBytes()) == 0,
			"body JSON":             hasContentType(r, "json") && len(r.BodyBytes()) > 0,
			"body form":             hasContentType(r, "x-www-form-urlencoded"),
			"body binary":           r.BodyB64 != "",
			"undefined invalid UTF": r.Undefined == corpus.UndefinedInvalidUTF8,
			"undefined empty key":   r.Undefined == corpus.UndefinedEmptyKey,
		} {
			if ok {
				count[shape]++
			}
		}
	}
	shapes := make([]string, 0, len(count))
	for s := range count {
		shapes = append(shapes, s)
	}
	sort.Strings(shapes)
	var b strings.Builder
	for _, s := range shapes {
		fmt.Fprintf(&b, " %s=%d", s, count[s])
	}
	t.Logf("corpus: shapes:%s", b.String())
	for _, s := range []string{"path %2F", "path dot segment", "path //", "path trailing slash", "path unicode", "path space", "path +", "path ~",
		"query repeated key", "query empty value", "query bare key", "query *", "query +", "query %20", "query ;",
		"header mixed case", "header padding", "body empty", "body JSON", "body form", "body binary", "undefined invalid UTF", "undefined empty key"} {
		require.GreaterOrEqual(t, count[s], 20, "too few requests of shape %q", s)
	}
}

func hasRepeatedKey(query string) bool {
	seen := map[string]bool{}
	for _, p := range strings.Split(query, "&") {
		k, _, _ := strings.Cut(p, "=")
		k, _ = url.QueryUnescape(k)
		if p != "" && seen[k] {
			return true
		}
		seen[k] = true
	}
	return false
}

func hasBareKey(query string) bool {
	for _, p := range strings.Split(query, "&") {
		if p != "" && !strings.Contains(p, "=") {
			return true
		}
	}
	return false
}

func hasContentType(r *corpus.Record, s string) bool {
	v, ok := callerHeader(r, "Content-Type")
	return ok && strings.Contains(v, s)
}

// TestCorpusV3GoReproduces signs every record with huaweicloud-sdk-go-v3
// again, here and without Node.js, and requires the committed v3-go
// results byte for byte.
func TestCorpusV3GoReproduces(t *testing.T) {
	meta, records := loadCorpus(t)
	v3 := corpus.NewV3Go(meta)
	defer v3.Close()
	for _, r := range records {
		want, err := corpus.Marshal(r.Signers["v3-go"])
		require.NoError(t, err)
		got, err := corpus.Marshal(v3.Sign(r))
		require.NoError(t, err)
		require.Equal(t, string(want), string(got), "record %d", r.ID)
	}
}

// A tamper changes a request after it was signed. It returns false when
// it does not apply.
type corpusTamper func(rc *received, signed []string) bool

var corpusTampers = []struct {
	name string
	fn   corpusTamper
}{
	{"body", func(rc *received, signed []string) bool {
		if len(rc.body) == 0 || headerValue(rc.headers, "X-Sdk-Content-Sha256") != "" {
			return false
		}
		rc.body = append(slices.Clip(rc.body), 'x')
		return true
	}},
	{"query", func(rc *received, signed []string) bool {
		path, query, ok := strings.Cut(rc.target, "?")
		if !ok || query == "" {
			return false
		}
		if strings.HasSuffix(query, "&") || !strings.Contains(query[strings.LastIndexByte(query, '&')+1:], "=") {
			query += "=z" // a bare key had the value ""
		} else {
			query += "z"
		}
		rc.target = path + "?" + query
		return true
	}},
	{"signed header", func(rc *received, signed []string) bool {
		for _, name := range signed {
			if name == "host" || name == "x-sdk-date" {
				continue
			}
			for i, h := range rc.headers {
				if strings.EqualFold(h[0], name) {
					rc.headers = slices.Clone(rc.headers)
					rc.headers[i][1] = "z" + strings.TrimSpace(h[1])
					return true
				}
			}
		}
		return false
	}},
	{"date", func(rc *received, signed []string) bool {
		for i, h := range rc.headers {
			if strings.EqualFold(h[0], "X-Sdk-Date") {
				d, err := time.Parse("20060102T150405Z", h[1])
				if err != nil {
					return false
				}
				rc.headers = slices.Clone(rc.headers)
				rc.headers[i][1] = d.Add(time.Second).Format("20060102T150405Z") // still inside the window
				return true
			}
		}
		return false
	}},
	{"host", func(rc *received, signed []string) bool {
		rc.host = "x" + rc.host
		return true
	}},
}

func headerValue(headers [][2]string, name string) string {
	for _, h := range headers {
		if strings.EqualFold(h[0], name) {
			return h[1]
		}
	}
	return ""
}

// TestCorpusTampered changes every request the gateway accepted, ours and
// the official signers', in each way that applies, and requires the
// gateway to refuse it (APIG.0303).
func TestCorpusTampered(t *testing.T) {
	meta, records := loadCorpus(t)
	gw := gatewayFor(t, meta)
	counts := map[string]int{}
	for i, r := range records {
		if r.Undefined != "" {
			continue
		}
		var accepted []received
		var signedLists [][]string
		if ours := ourRequest(t, r, nil, ""); ours != nil && jmzs.NewAPIGSigner(meta.AK, meta.SK).Authenticate(ours) == nil {
			accepted = append(accepted, ourWire(ours, r.BodyBytes()))
			signedLists = append(signedLists, signedHeaderNames(ours.Header.Get("Authorization")))
		}
		for _, name := range slices.Sorted(maps.Keys(r.Signers)) {
			res := r.Signers[name]
			if res.Wire != nil && !quirkRefused(res) {
				accepted = append(accepted, signerWire(r, res))
				signedLists = append(signedLists, signedHeaderNames(res.Authorization))
			}
		}
		for j, rc := range accepted {
			require.NoError(t, rc.verify(t, gw), "record %d: the untampered request must pass", r.ID)
			for _, tt := range corpusTampers {
				changed := rc
				if !tt.fn(&changed, signedLists[j]) {
					continue
				}
				err := changed.verify(t, gw)
				var ge *jmzs.GatewayError
				require.True(t, errors.As(err, &ge), "record %d, %s tampered: the gateway accepted %+v", r.ID, tt.name, changed)
				require.Equal(t, "APIG.0303", ge.ErrorCode)
				require.Equal(t, http.StatusUnauthorized, ge.HTTPStatus)
				counts[tt.name]++
				if httpSample(i) && j == 0 {
					status, body := changed.send(t, gw)
					require.Equal(t, http.StatusUnauthorized, status, "record %d, %s tampered, over HTTP: %s", r.ID, tt.name, body)
					counts[tt.name+" over HTTP"]++
				}
			}
		}
	}
	for _, tt := range corpusTampers {
		require.GreaterOrEqual(t, counts[tt.name], 100, "too few %s tampers: %v", tt.name, counts)
		require.NotZero(t, counts[tt.name+" over HTTP"], "no %s tamper over HTTP", tt.name)
		t.Logf("corpus: tampered %-13s refused %5d times, %3d of them over HTTP", tt.name, counts[tt.name], counts[tt.name+" over HTTP"])
	}
}
