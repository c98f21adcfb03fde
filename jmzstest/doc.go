// Package jmzstest helps test code that uses jmzs-go, without the network.
//
// It offers a fake API gateway (Gateway: NewGateway in tests, StartGateway
// elsewhere) that speaks both of the vendor's markets: it authenticates
// Huawei AppCodes and SDK-HMAC-SHA256 signatures as Huawei API Gateway
// does, and Alibaba Cloud AppCodes and signatures as Alibaba Cloud's API
// Gateway does, and refuses each in its own format; httpmock responders
// (Responder, GatewayErrorResponder, AliyunErrorResponder,
// FixtureResponder); and named response bodies for every product and
// gateway error (Fixture, FixtureNames).
//
// With WithFixtureRoutes the gateway serves every product method at its
// default path, each only to its own market's credentials. Give the
// client the gateway's HTTPClient and keep the products' default
// endpoints: every request reaches the gateway under its production host
// name, from which the gateway tells the market, as in production.
//
//	g := jmzstest.NewGateway(t, jmzstest.WithAliyunAppCode("test-code"), jmzstest.WithFixtureRoutes())
//	client, _ := jmzs.NewClient(jmzs.WithAliyunAppCode("test-code"), jmzs.WithHTTPClient(g.HTTPClient()))
//	resp, err := idcard.New(client).Verify(ctx, "张三", "11010519491231002X") // https://jmidcardv1.market.alicloudapi.com/…
//
// A base URL (idcard.WithBaseURL(g.URL())) works too; on a loopback host
// the gateway tells the market by the credentials presented.
package jmzstest
