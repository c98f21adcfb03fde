package jmzstest

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
)

//go:embed testdata/fixtures
var fixtureFS embed.FS

// fixtures maps "<product>/<name>" to the bytes of
// testdata/fixtures/<product>/<name>.json.
var fixtures = sync.OnceValue(func() map[string][]byte {
	m := make(map[string][]byte)
	fs.WalkDir(fixtureFS, "testdata/fixtures", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(p) != ".json" {
			return err
		}
		b, err := fixtureFS.ReadFile(p)
		if err != nil {
			return err
		}
		m[strings.TrimSuffix(strings.TrimPrefix(p, "testdata/fixtures/"), ".json")] = b
		return nil
	})
	return m
})

// Fixture returns a copy of the named response body. Names are
// "<product>/<case>": "express/ok", "idcard/400", "apig/429" and so on
// (see FixtureNames). Product fixtures are vendor envelopes: "ok" (for
// ocr, "expressbill-ok" and "household-ok") and every business code,
// 400, 500, 501 and 999 for each product, plus express/411, 412 and 701.
// "apig/…" fixtures are API Gateway error bodies for HTTP 401, 403,
// 404, 429, 502 and 504, and 401-expired; "apig/429-apigw" is the
// throttling answer with the APIGW. prefix (APIGW.0308), which some
// gateways send instead of APIG.
//
// Fixture panics if name is unknown, with a message listing the known
// names: a wrong name is a mistake in the calling test, like a bad
// regexp passed to regexp.MustCompile.
func Fixture(name string) []byte {
	b, ok := fixtures()[name]
	if !ok {
		panic(fmt.Sprintf("jmzstest: unknown fixture %q; known fixtures: %s", name, strings.Join(FixtureNames(), ", ")))
	}
	return bytes.Clone(b)
}

// FixtureNames returns the names of all fixtures, sorted.
func FixtureNames() []string {
	names := make([]string, 0, len(fixtures()))
	for name := range fixtures() {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// FixtureStatus returns the HTTP status the named fixture comes with:
// the gateway's status for "apig/<status>…" fixtures, 200 for vendor
// envelopes (business errors included). It panics for an unknown name,
// as Fixture does.
func FixtureStatus(name string) int {
	Fixture(name)
	if rest, ok := strings.CutPrefix(name, "apig/"); ok {
		digits, _, _ := strings.Cut(rest, "-")
		if status, err := strconv.Atoi(digits); err == nil {
			return status
		}
	}
	return http.StatusOK
}

// FixtureRoutes maps each product's default API path to the name of its
// success fixture; WithFixtureRoutes serves them.
func FixtureRoutes() map[string]string {
	return map[string]string{
		"/express/query-v2":      "express/ok",
		"/idcard/validate":       "idcard/ok",
		"/invoice/validate":      "invoice/ok",
		"/bankcard/info":         "bankcard/ok",
		"/mobile/area":           "mobile/ok",
		"/exchange-rate/convert": "exchange/ok",
		"/sms/send":              "sms/ok",
		"/ocr/express-bill":      "ocr/expressbill-ok",
		"/ocr/householdRegister": "ocr/household-ok",
		"/geocode/regeo/query":   "regeo/ok",
	}
}
