package readme

// This file is copied beside the READMEs' Go snippets by
// internal/readme's TestSnippetsRun. Snippets that are tests run as they
// are; every other function a snippet declares is called here, against the
// kit's gateway, and what it prints is checked.

import (
	"context"
	"log"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/express"
	"github.com/jmzs-sdk/jmzs-go/idcard"
	"github.com/jmzs-sdk/jmzs-go/jmzstest"
)

// The credentials the gateway accepts, given to the snippets through the
// environment variables they read.
const (
	appKey, appSecret = "readme-key", "readme-secret"
	appCode           = "readme-appcode"
	aliyunAppCode     = "readme-aliyun-appcode"
)

var parcel = express.QueryRequest{Number: "SF1234567890123", ExpressCode: "SF", Mobile: "5678"}

// gateway starts the kit's gateway with every product's route, each
// answering only its own market's credentials, and sends the SDK's default
// transport to it (as httpmock.Activate does), so that the client a
// snippet builds itself, with its own credentials, reaches the gateway at
// the products' default endpoints.
func gateway(t *testing.T) *jmzstest.Gateway {
	t.Setenv("JMZS_APP_KEY", appKey)
	t.Setenv("JMZS_APP_SECRET", appSecret)
	t.Setenv("JMZS_APPCODE", appCode)
	t.Setenv("JMZS_ALIYUN_APPCODE", aliyunAppCode)
	g := jmzstest.NewGateway(t, jmzstest.WithFixtureRoutes(), jmzstest.WithAppKey(appKey, appSecret),
		jmzstest.WithAppCode(appCode), jmzstest.WithAliyunAppCode(aliyunAppCode))
	saved := http.DefaultTransport
	http.DefaultTransport = g.HTTPClient().Transport
	t.Cleanup(func() { http.DefaultTransport = saved })
	return g
}

// stdout returns what f prints on os.Stdout.
func stdout(t *testing.T, f func() error) string {
	t.Helper()
	w, err := os.CreateTemp(t.TempDir(), "stdout")
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	saved := os.Stdout
	os.Stdout = w
	err = f()
	os.Stdout = saved
	if err != nil {
		t.Fatal(err)
	}
	out, err := os.ReadFile(w.Name())
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// logged returns what f logs through the log package.
func logged(t *testing.T, f func()) string {
	t.Helper()
	var buf strings.Builder
	savedOutput, savedFlags := log.Writer(), log.Flags()
	log.SetOutput(&buf)
	log.SetFlags(0)
	defer func() { log.SetOutput(savedOutput); log.SetFlags(savedFlags) }()
	f()
	return buf.String()
}

func TestRunNewClient(t *testing.T) {
	g := gateway(t)
	c, err := newClient()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := express.New(c).Query(context.Background(), parcel); err != nil {
		t.Fatal("Huawei Cloud KooGallery:", err)
	}
	if _, err := idcard.New(c).Verify(context.Background(), "张三", "11010519491231002X"); err != nil {
		t.Fatal("Alibaba Cloud's API market:", err)
	}
	if reqs := g.Requests(); len(reqs) != 2 || reqs[0].Market != jmzs.MarketHuawei || reqs[1].Market != jmzs.MarketAliyun {
		t.Fatalf("the gateway received %+v", reqs)
	}
}

func TestRunTrack(t *testing.T) {
	g := gateway(t)
	out := stdout(t, func() error { return track(context.Background()) })
	if !regexp.MustCompile(`^已签收 \d{6,}\n$`).MatchString(out) {
		t.Fatalf("track printed %q, want the status and a taskNo", out)
	}
	if reqs := g.Requests(); len(reqs) != 1 || reqs[0].Host != "expressqueryv2.apistore.huaweicloud.com" {
		t.Fatalf("the gateway received %+v", reqs)
	}
}

func TestRunCheckParcelAndPerson(t *testing.T) {
	gateway(t)
	out := stdout(t, func() error { return checkParcelAndPerson(context.Background()) })
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 3 || !strings.HasSuffix(lines[0], " 快件已由【深圳宝安营业点】收取") || !strings.HasSuffix(lines[1], " 快件已签收") ||
		lines[2] != "the name and the number belong together" {
		t.Fatalf("checkParcelAndPerson printed\n%s\nwant the two traces of the express/ok fixture, then the Match branch's line", out)
	}
}

func TestRunLogError(t *testing.T) {
	g := gateway(t)
	c, err := jmzs.NewClient(jmzs.WithAppKey(appKey, appSecret), jmzs.WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	call := func() error {
		_, err := express.New(c).Query(context.Background(), parcel)
		return err
	}

	g.ReplyFixture("/express/query-v2", "express/400")
	if out := logged(t, func() { logError(call()) }); out != "" {
		t.Errorf("logError logged %q for code 400, want nothing (its case only says to fix the input)", out)
	}
	g.ReplyFixture("/express/query-v2", "express/701")
	if out := logged(t, func() { logError(call()) }); !regexp.MustCompile(`^code 701 \S.*, taskNo \d{6,}\n$`).MatchString(out) {
		t.Errorf("logError logged %q for code 701, want the code, msg and a taskNo", out)
	}
	g.Throttle("/express/query-v2", 1, 0)
	if out := logged(t, func() { logError(call()) }); !regexp.MustCompile(`^gateway APIG\.0308, request id [0-9a-f]{32}\n$`).MatchString(out) {
		t.Errorf("logError logged %q for a throttle, want the gateway's code and request id", out)
	}
}
