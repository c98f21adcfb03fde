// Package signvectors loads the known-answer vectors of Huawei APIG's
// SDK-HMAC-SHA256 signature for the tests of the signer, the canonical
// form, the fake gateway and the CLI: testdata/apig-sign-vectors.json,
// and testdata/apig-sign-vectors-paths.json (encoded slash, dot segments,
// //, unicode), which internal/interop/gen writes from Huawei's own
// signers.
package signvectors

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// Vector is one known-answer vector. Its expected values follow the
// full-header policy: every entry of Headers is signed.
type Vector struct {
	Name                     string            `json:"name"`
	Method                   string            `json:"method"`
	URL                      string            `json:"url"`
	Headers                  map[string]string `json:"headers"`
	Body                     string            `json:"body"`
	AK                       string            `json:"ak"`
	SK                       string            `json:"sk"`
	Date                     string            `json:"date"`
	ExpectedCanonicalRequest string            `json:"expected_canonical_request"`
	ExpectedStringToSign     string            `json:"expected_string_to_sign"`
	ExpectedAuthorization    string            `json:"expected_authorization"`
	PublishedAuthorization   string            `json:"published_authorization"`
	// Results is what each examined implementation produced, by name.
	Results map[string]Result `json:"implementation_results"`
}

// Result is one implementation's output for a vector.
type Result struct {
	Authorization string `json:"authorization"`
	WireURL       string `json:"wire_url"`
}

// files are the vector files and how many vectors each holds.
var files = []struct {
	name  string
	count int
}{
	{"apig-sign-vectors.json", 18},
	{"apig-sign-vectors-paths.json", 4},
}

// Load reads all vectors, failing t if a file cannot be read or does not
// hold as many vectors as it should.
func Load(t testing.TB) []Vector {
	t.Helper()
	_, here, _, _ := runtime.Caller(0)
	var all []Vector
	for _, file := range files {
		b, err := os.ReadFile(filepath.Join(filepath.Dir(here), "..", "..", "testdata", file.name))
		if err != nil {
			t.Fatal(err)
		}
		var f struct{ Vectors []Vector }
		if err := json.Unmarshal(b, &f); err != nil {
			t.Fatal(err)
		}
		if len(f.Vectors) != file.count {
			t.Fatalf("signing vectors in %s: want %d, got %d", file.name, file.count, len(f.Vectors))
		}
		all = append(all, f.Vectors...)
	}
	return all
}

// Named returns the vector called name, failing t if there is none.
func Named(t testing.TB, name string) Vector {
	t.Helper()
	for _, v := range Load(t) {
		if v.Name == name {
			return v
		}
	}
	t.Fatalf("no signing vector %q", name)
	return Vector{}
}

// FitsSignerPolicy reports whether jmzs.APIGSigner signs exactly v's
// header set: a Host entry is given and no name contains '_'.
func (v Vector) FitsSignerPolicy() bool {
	hasHost := false
	for name := range v.Headers {
		if strings.Contains(name, "_") {
			return false
		}
		hasHost = hasHost || strings.EqualFold(name, "Host")
	}
	return hasHost
}

// Request builds v as an unsigned *http.Request: its Host entry becomes
// req.Host, the other headers are set, and an empty body is http.NoBody.
func (v Vector) Request(t testing.TB) *http.Request {
	t.Helper()
	var body io.Reader = http.NoBody
	if v.Body != "" {
		body = strings.NewReader(v.Body)
	}
	req, err := http.NewRequest(v.Method, v.URL, body)
	if err != nil {
		t.Fatal(err)
	}
	for name, value := range v.Headers {
		if strings.EqualFold(name, "Host") {
			req.Host = value
		} else {
			req.Header.Set(name, value)
		}
	}
	return req
}
