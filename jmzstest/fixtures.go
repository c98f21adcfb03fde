package jmzstest

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/jmzs-sdk/jmzs-go"
)

//go:embed testdata/fixtures
var fixtureFS embed.FS

// fixture is one canned answer.
type fixture struct {
	body   []byte
	status int
	header http.Header
}

// fixtures maps "<product>/<name>" to testdata/fixtures/<product>/<name>.json.
// That file is the body, except under aliyun/, where it describes a
// refusal of Alibaba Cloud's gateway, told in headers over an empty body:
// {"status": 403, "header": {"X-Ca-Error-Message": "…"}}.
var fixtures = sync.OnceValue(func() map[string]fixture {
	m := make(map[string]fixture)
	err := fs.WalkDir(fixtureFS, "testdata/fixtures", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(p) != ".json" {
			return err
		}
		b, err := fixtureFS.ReadFile(p)
		if err != nil {
			return err
		}
		name := strings.TrimSuffix(strings.TrimPrefix(p, "testdata/fixtures/"), ".json")
		f := fixture{body: b, status: http.StatusOK}
		if rest, ok := strings.CutPrefix(name, "apig/"); ok {
			digits, _, _ := strings.Cut(rest, "-")
			f.status, err = strconv.Atoi(digits)
		}
		if strings.HasPrefix(name, "aliyun/") {
			var desc struct {
				Status int         `json:"status"`
				Header http.Header `json:"header"`
			}
			err = json.Unmarshal(b, &desc)
			f = fixture{body: []byte{}, status: desc.Status, header: desc.Header}
		}
		if err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		m[name] = f
		return nil
	})
	if err != nil {
		panic("jmzstest: embedded fixtures: " + err.Error())
	}
	return m
})

func lookupFixture(name string) fixture {
	f, ok := fixtures()[name]
	if !ok {
		panic(fmt.Sprintf("jmzstest: unknown fixture %q; known fixtures: %s", name, strings.Join(FixtureNames(), ", ")))
	}
	return f
}

// Fixture returns a copy of the named response body. Names are
// "<product>/<case>": "express/ok", "idcard/400", "apig/429" and so on
// (see FixtureNames). Product fixtures are vendor envelopes: "ok" (for
// ocr, "expressbill-ok" and "household-ok"), express/discern-ok for
// express.Discern, and every business code, 400, 500, 501 and 999 for
// each product, plus express/411, 412 and 701; every one carries a
// taskNo. idcard/ok is a match (一致) and idcard/mismatch the vendor's
// captured 不一致. "apig/…" fixtures are API Gateway error bodies for
// HTTP 401, 403, 404, 429, 502 and 504, and 401-expired; "apig/429-apigw"
// is the throttling answer with the APIGW. prefix (APIGW.0308), which
// some gateways send instead of APIG. "aliyun/…"
// fixtures are refusals of Alibaba Cloud's API Gateway, whose body is
// empty and whose message is in headers (see FixtureHeader):
// "aliyun/403-throttled", "aliyun/403-quota-exhausted",
// "aliyun/400-invalid-appcode", "aliyun/400-invalid-appkey" and
// "aliyun/400-invalid-signature".
//
// Fixture panics if name is unknown, with a message listing the known
// names: a wrong name is a mistake in the calling test, like a bad
// regexp passed to regexp.MustCompile.
func Fixture(name string) []byte {
	return bytes.Clone(lookupFixture(name).body)
}

// FixtureHeader returns the headers the named fixture comes with, beside
// the gateway's usual ones: for "aliyun/…" fixtures X-Ca-Error-Message
// and, where Aliyun documents one, X-Ca-Error-Code; nil for the others.
// It panics for an unknown name, as Fixture does.
func FixtureHeader(name string) http.Header {
	return lookupFixture(name).header.Clone()
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
// the gateway's status for "apig/<status>…" and "aliyun/<status>…"
// fixtures, 200 for vendor envelopes (business errors included). It
// panics for an unknown name, as Fixture does.
func FixtureStatus(name string) int {
	return lookupFixture(name).status
}

// FixtureRoute is where WithFixtureRoutes serves a product method: its
// market's gateway, at the path of its default endpoint, with its
// success fixture.
type FixtureRoute struct {
	Method  string      // the product method, such as "express.Query"
	Market  jmzs.Market // where the method is sold: the credentials it answers
	Path    string      // the path of the method's default endpoint
	Fixture string      // the name of its success fixture (see Fixture)
}

// FixtureRoutes returns the route of every product method, sorted by
// method; WithFixtureRoutes serves them.
func FixtureRoutes() []FixtureRoute {
	huawei, aliyun := jmzs.MarketHuawei, jmzs.MarketAliyun
	return []FixtureRoute{
		{"bankcard.Info", aliyun, "/bankcard/info", "bankcard/ok"},
		{"exchange.Convert", aliyun, "/exchange-rate/convert", "exchange/ok"},
		{"express.Discern", aliyun, "/express/number-discern", "express/discern-ok"},
		{"express.Query", huawei, "/express/query-v2", "express/ok"},
		{"idcard.Verify", aliyun, "/idcard/validate", "idcard/ok"},
		{"invoice.Validate", huawei, "/invoice/validate", "invoice/ok"},
		{"invoice.ValidateAliyun", aliyun, "/invoice/validate", "invoice/ok"},
		{"mobile.Area", aliyun, "/mobile/area", "mobile/ok"},
		{"ocr.ExpressBill", huawei, "/ocr/express-bill", "ocr/expressbill-ok"},
		{"ocr.HouseholdRegister", huawei, "/ocr/householdRegister", "ocr/household-ok"},
		{"regeo.Query", huawei, "/geocode/regeo/query", "regeo/ok"},
		{"sms.Send", aliyun, "/sms/send", "sms/ok"},
	}
}
