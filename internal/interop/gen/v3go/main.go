// Command v3go completes the differential corpus: it reads the records
// that generate.js wrote (stdin), signs each with huaweicloud-sdk-go-v3
// as well, and writes the corpus files and the path vectors. See
// ../README.md.
package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"maps"
	"os"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/jmzs-sdk/jmzs-go/internal/interop/corpus"
)

func main() {
	out := flag.String("out", "../testdata", "directory of the corpus files")
	vectors := flag.String("vectors", "../../../testdata/apig-sign-vectors-paths.json", "vector file to write")
	flag.Parse()
	if err := run(*out, *vectors); err != nil {
		fmt.Fprintln(os.Stderr, "v3go:", err)
		os.Exit(1)
	}
}

func run(out, vectorFile string) error {
	sc := bufio.NewScanner(os.Stdin)
	sc.Buffer(nil, 1<<20)
	if !sc.Scan() {
		return errors.New("no input")
	}
	var first struct{ Meta *corpus.Meta }
	if err := json.Unmarshal(sc.Bytes(), &first); err != nil || first.Meta == nil {
		return fmt.Errorf("first line is not the meta line: %v", err)
	}
	meta := first.Meta
	meta.Signers["v3-go"] = "Go module github.com/huaweicloud/huaweicloud-sdk-go-v3@" + moduleVersion("github.com/huaweicloud/huaweicloud-sdk-go-v3") +
		" (core/auth/signer.Sign; sent with ConvertRequest and net/http)"
	meta.NotRun = map[string]string{
		"apig-go":   "Huawei's standalone APIG Go SDK is a console download, not a Go module",
		"apig-py":   "Huawei's APIG Python signer: no Python package registry is reachable here",
		"apig-java": "Huawei's APIG Java signer: no Maven registry is reachable here",
		"v3-py":     "huaweicloud-sdk-python-v3: no Python package registry is reachable here",
	}
	meta.Vectors = "testdata/apig-sign-vectors-paths.json"
	meta.Comment = "Made by internal/interop/gen/generate.sh (see its README). Do not edit."

	var records []*corpus.Record
	for sc.Scan() {
		var r corpus.Record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return err
		}
		records = append(records, &r)
	}
	if err := sc.Err(); err != nil {
		return err
	}
	v3 := corpus.NewV3Go(meta)
	defer v3.Close()
	for _, r := range records {
		r.Signers["v3-go"] = v3.Sign(r)
	}
	if err := corpus.Write(out, meta, records); err != nil {
		return err
	}
	return writeVectors(vectorFile, meta, records)
}

func moduleVersion(path string) string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, m := range bi.Deps {
			if m.Path == path {
				return m.Version
			}
		}
	}
	return "(unknown)"
}

// vector is one entry of the vector file, in the schema of
// testdata/apig-sign-vectors.json.
type vector struct {
	Name                     string                  `json:"name"`
	Method                   string                  `json:"method"`
	URL                      string                  `json:"url"`
	Headers                  map[string]string       `json:"headers"`
	Body                     string                  `json:"body"`
	AK                       string                  `json:"ak"`
	SK                       string                  `json:"sk"`
	Date                     string                  `json:"date"`
	ExpectedCanonicalRequest string                  `json:"expected_canonical_request"`
	ExpectedStringToSign     string                  `json:"expected_string_to_sign"`
	ExpectedAuthorization    string                  `json:"expected_authorization"`
	ProducedBy               []string                `json:"produced_by"`
	SigningPolicy            string                  `json:"signing_policy"`
	Notes                    string                  `json:"notes"`
	Results                  map[string]vectorResult `json:"implementation_results"`
}

type vectorResult struct {
	Authorization    string `json:"authorization"`
	AgreesWithExpect bool   `json:"agrees_with_expected"`
	CanonicalRequest string `json:"canonical_request,omitempty"`
	Quirks           string `json:"quirks,omitempty"`
	Note             string `json:"note,omitempty"`
}

// Names of the signers in the vector file, as in apig-sign-vectors.json.
var vectorNames = map[string]string{"apig-js": "apigateway-sdk-nodejs", "v3-js": "sdk-nodejs-v3-core", "v3-go": "sdk-go-v3"}

// wireOnly quirks change what is sent, not the signature.
var wireOnly = map[string]bool{"v3-js-wire-path-rewritten": true}

// writeVectors writes the vector records as known-answer vectors. The
// expected values are those of the signers that sign every header given
// (apig-js, v3-js) and have no quirk that changes a signature; they must
// agree.
func writeVectors(file string, meta *corpus.Meta, records []*corpus.Record) error {
	var out []vector
	for _, r := range records {
		if r.Vector == nil {
			continue
		}
		var expected *corpus.Result
		for _, name := range []string{"v3-js", "apig-js"} {
			res := r.Signers[name]
			if res.Authorization == "" || slices.ContainsFunc(res.Quirks, func(q string) bool { return !wireOnly[q] }) {
				continue
			}
			if expected != nil && (expected.Authorization != res.Authorization || expected.Canonical != res.Canonical) {
				return fmt.Errorf("vector %s: the signers without quirks disagree", r.Vector.Name)
			}
			expected = res
		}
		if expected == nil {
			return fmt.Errorf("vector %s: every signer has a quirk", r.Vector.Name)
		}
		headers := map[string]string{"Host": r.Host}
		for _, h := range r.Headers {
			headers[h[0]] = h[1]
		}
		v := vector{
			Name: r.Vector.Name, Method: r.Method, URL: "https://" + r.Host + r.Target, Headers: headers, Body: r.Body,
			AK: meta.AK, SK: meta.SK, Date: meta.Date,
			ExpectedCanonicalRequest: expected.Canonical,
			ExpectedStringToSign:     stringToSign(meta.Date, expected.Canonical),
			ExpectedAuthorization:    expected.Authorization,
			SigningPolicy:            "full-header: every header in \"headers\" is signed (lower-cased, trimmed); host taken from the Host entry",
			Notes:                    r.Vector.Notes,
			Results:                  map[string]vectorResult{},
		}
		for _, name := range slices.Sorted(maps.Keys(r.Signers)) {
			res := r.Signers[name]
			agrees := res.Authorization == expected.Authorization && res.Canonical == expected.Canonical
			vr := vectorResult{Authorization: res.Authorization, AgreesWithExpect: agrees, Quirks: strings.Join(res.Quirks, ", ")}
			if agrees {
				v.ProducedBy = append(v.ProducedBy, vectorNames[name])
			} else {
				vr.CanonicalRequest = res.Canonical
				if theirs, want := corpus.SignedHeaders(res.Authorization), corpus.SignedHeaders(expected.Authorization); theirs != want {
					vr.Note = "signs other headers (" + theirs + "), as is its policy; the canonical URI is " + strings.Split(res.Canonical, "\n")[1]
				}
			}
			v.Results[vectorNames[name]] = vr
		}
		out = append(out, v)
	}
	implementations := map[string]string{}
	for name, desc := range meta.Signers {
		implementations[vectorNames[name]] = desc
	}
	b, err := corpus.Marshal(map[string]any{
		"description":     "Huawei Cloud APIG SDK-HMAC-SHA256 known-answer vectors for paths (encoded slash, dot segments, //, unicode), signed by Huawei's own signers. Made by internal/interop/gen; do not edit.",
		"implementations": implementations,
		"vectors":         out,
	})
	if err != nil {
		return err
	}
	var indented bytes.Buffer
	if err := json.Indent(&indented, b, "", " "); err != nil {
		return err
	}
	indented.WriteByte('\n')
	return os.WriteFile(file, indented.Bytes(), 0o644)
}

func stringToSign(date, canonical string) string {
	sum := sha256.Sum256([]byte(canonical))
	return "SDK-HMAC-SHA256\n" + date + "\n" + hex.EncodeToString(sum[:])
}
