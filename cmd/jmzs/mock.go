package main

import (
	"context"
	"fmt"
	"maps"
	"os"
	"slices"
	"time"

	"github.com/jmzs-sdk/jmzs-go/jmzstest"
)

const mockSynopsis = `Usage: jmzs mock [-addr 127.0.0.1:8080] [-appcode C] [-appkey K -appsecret S] [-qps N]

Runs the SDK's fake Huawei API Gateway (网关) until interrupted (Ctrl-C, SIGTERM), for
integration tests in any language. It checks AppCodes and SDK-HMAC-SHA256 signatures (验签)
as APIG does, answers each product's default path with the SDK's success fixture and every
other path with 404 APIG.0101. It prints its URL on the first line of stdout, then the
paths it serves. -addr 127.0.0.1:0 picks a free port. -qps N throttles each app (AppCode,
AppKey) to N calls a second as APIG does: HTTP 429 APIG.0308 "… policy user over
ratelimit,limit:N,time:1 second".

Unlike the real gateway it accepts an AppCode over plain HTTP. Credentials may also come
from JMZS_APPCODE, JMZS_APP_KEY and JMZS_APP_SECRET; at least one kind is required.

Example:
  jmzs mock -appcode test-code -appkey test-key -appsecret test-secret &
  jmzs call -appcode test-code -q number=YT1234567890123 http://127.0.0.1:8080/express/query-v2
`

func runMock(ctx context.Context, args []string, s stdio) int {
	var addr, appCode, appKey, appSecret string
	var qps int
	fs := newFlagSet("mock", mockSynopsis)
	fs.StringVar(&addr, "addr", "127.0.0.1:8080", "`host:port` to listen on; port 0 picks a free one")
	fs.StringVar(&appCode, "appcode", "", "AppCode to accept (or $JMZS_APPCODE)")
	fs.StringVar(&appKey, "appkey", "", "AppKey whose signatures to accept (or $JMZS_APP_KEY)")
	fs.StringVar(&appSecret, "appsecret", "", "AppSecret of that AppKey (or $JMZS_APP_SECRET)")
	fs.IntVar(&qps, "qps", 0, "throttle each app to N calls a second (0: no limit)")
	pos, err := parseArgs(fs, args, s)
	if err == errHelp {
		return exitOK
	}
	if err == nil && len(pos) > 0 {
		err = usagef("takes no arguments, got %q", pos)
	}
	if err == nil && qps < 0 {
		err = usagef("-qps must be 0 or more")
	}
	if err != nil {
		return exitCode(s, "mock", err)
	}
	if appCode == "" && appKey == "" && appSecret == "" {
		appCode, appKey, appSecret = os.Getenv("JMZS_APPCODE"), os.Getenv("JMZS_APP_KEY"), os.Getenv("JMZS_APP_SECRET")
	}
	opts := []jmzstest.GatewayOption{jmzstest.WithAddr(addr), jmzstest.WithFixtureRoutes()}
	if qps > 0 {
		opts = append(opts, jmzstest.WithRateLimit(qps, time.Second))
	}
	if appCode != "" {
		opts = append(opts, jmzstest.WithAppCode(appCode))
	}
	switch {
	case appKey != "" && appSecret != "":
		opts = append(opts, jmzstest.WithAppKey(appKey, appSecret))
	case appKey != "" || appSecret != "":
		return exitCode(s, "mock", usagef("-appkey and -appsecret go together"))
	case appCode == "":
		return exitCode(s, "mock", usagef("no credentials to accept: give -appcode, or -appkey and -appsecret (or set JMZS_APPCODE, or JMZS_APP_KEY and JMZS_APP_SECRET)"))
	}

	g, err := jmzstest.StartGateway(opts...)
	if err != nil {
		return exitCode(s, "mock", err)
	}
	defer g.Close()
	fmt.Fprintln(s.out, g.URL())
	routes := jmzstest.FixtureRoutes()
	for _, path := range slices.Sorted(maps.Keys(routes)) {
		fmt.Fprintf(s.out, "  %s%s  (%s)\n", g.URL(), path, routes[path])
	}
	if f, ok := s.out.(*os.File); ok {
		f.Sync()
	}
	limit := ""
	if qps > 0 {
		limit = fmt.Sprintf(", %d calls a second per app", qps)
	}
	fmt.Fprintf(s.err, "jmzs mock: %v%s; Ctrl-C to stop\n", g, limit)
	<-ctx.Done()
	fmt.Fprintln(s.err, "jmzs mock: stopped")
	return exitOK
}
