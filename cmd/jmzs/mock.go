package main

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/jmzs-sdk/jmzs-go/jmzstest"
)

const mockSynopsis = `Usage: jmzs mock [-addr 127.0.0.1:8080] [-appcode C] [-appkey K -appsecret S] [-aliyun-appcode C] [-aliyun-appkey K -aliyun-appsecret S] [-qps N]

Runs the SDK's fake API gateway (网关) until interrupted (Ctrl-C, SIGTERM), for
integration tests in any language. It speaks both markets: Huawei Cloud KooGallery
(华为云云商店), whose AppCodes and SDK-HMAC-SHA256 signatures (验签) it checks as Huawei
APIG does, and Alibaba Cloud's API market (阿里云云市场), whose "Authorization: APPCODE …"
and HmacSHA256 signatures (X-Ca-Signature, 摘要签名) it checks as Alibaba Cloud API Gateway
does, refusing each in its market's format (APIG.0303; X-Ca-Error-Message).

Each product method's default path answers the SDK's success fixture, and only to its own
market's credentials. The market of a request is its Host's when that is a market's host
(*.huaweicloud.com, *.alicloudapi.com), else its credentials': /invoice/validate serves
invoice.Validate to Huawei credentials and invoice.ValidateAliyun to Aliyun ones. Other
paths get 404 (APIG.0101 on Huawei's market). It prints its URL on the first line of
stdout, then the paths it serves. -addr 127.0.0.1:0 picks a free port. -qps N throttles
each app (AppCode, AppKey) to N calls a second as the gateway does: HTTP 429 APIG.0308
"… policy user over ratelimit,limit:N,time:1 second" (Aliyun: 403 "Throttled by APP Flow
Control").

Unlike the real gateways it accepts an AppCode over plain HTTP. Credentials may also come
from JMZS_APPCODE, JMZS_APP_KEY, JMZS_APP_SECRET, JMZS_ALIYUN_APPCODE, JMZS_ALIYUN_APP_KEY
and JMZS_ALIYUN_APP_SECRET; at least one kind is required, and any number may be given.

Example:
  jmzs mock -appcode test-code -appkey test-key -appsecret test-secret &
  jmzs call -appcode test-code -q number=YT1234567890123 http://127.0.0.1:8080/express/query-v2
`

func runMock(ctx context.Context, args []string, s stdio) int {
	var addr string
	var qps int
	var c credentials
	fs := newFlagSet("mock", mockSynopsis)
	fs.StringVar(&addr, "addr", "127.0.0.1:8080", "`host:port` to listen on; port 0 picks a free one")
	fs.IntVar(&qps, "qps", 0, "throttle each app to N calls a second (0: no limit)")
	c.register(fs, true)
	pos, err := parseArgs(fs, args, s)
	if err == errHelp {
		return exitOK
	}
	if err == nil && len(pos) > 0 {
		err = countError(fs, args, "no arguments")
	}
	if err == nil && qps < 0 {
		err = usagef("-qps must be 0 or more")
	}
	if err != nil {
		return exitCode(s, "mock", err)
	}
	c.orEnv()
	kinds, err := c.kinds()
	if err == nil && len(kinds) == 0 {
		err = noCredentials("no credentials to accept")
	}
	if err != nil {
		return exitCode(s, "mock", err)
	}
	opts := []jmzstest.GatewayOption{jmzstest.WithAddr(addr), jmzstest.WithFixtureRoutes()}
	if qps > 0 {
		opts = append(opts, jmzstest.WithRateLimit(qps, time.Second))
	}
	for _, kind := range kinds {
		opts = append(opts, map[string]jmzstest.GatewayOption{
			kindAppCode:       jmzstest.WithAppCode(c.appCode),
			kindAppKey:        jmzstest.WithAppKey(c.appKey, c.appSecret),
			kindAliyunAppCode: jmzstest.WithAliyunAppCode(c.aliyunAppCode),
			kindAliyunAppKey:  jmzstest.WithAliyunAppKey(c.aliyunAppKey, c.aliyunAppSecret),
		}[kind])
	}

	g, err := jmzstest.StartGateway(opts...)
	if err != nil {
		return exitCode(s, "mock", err)
	}
	defer g.Close()
	fmt.Fprintln(s.out, g.URL())
	routes := jmzstest.FixtureRoutes()
	slices.SortStableFunc(routes, func(a, b jmzstest.FixtureRoute) int { return strings.Compare(a.Path, b.Path) })
	for _, r := range routes {
		fmt.Fprintf(s.out, "  %s%s  (%s, %s: %s)\n", g.URL(), r.Path, r.Method, marketNames[r.Market], r.Fixture)
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
