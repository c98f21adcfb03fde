// Package jmzs is a client for the data APIs of 聚美智数 (jumdata) sold on
// Huawei Cloud KooGallery behind Huawei API Gateway (APIG), and on Alibaba
// Cloud's API market: express tracking, invoice checks, ID-card and
// bank-card verification, OCR, exchange rates and more.
//
// Build one Client per set of credentials and share it between goroutines:
//
//	c, err := jmzs.NewClient(jmzs.WithAppKey(appKey, appSecret)) // or jmzs.WithAppCode(appCode)
//	if err != nil { ... }
//	resp, err := jmzs.Do[MyData](ctx, c, &jmzs.Request{
//		URL:   "https://expressqueryv2.apistore.huaweicloud.com/express/query-v2",
//		Query: url.Values{"number": {"YT1234567890123"}, "expressCode": {"YTO"}},
//	})
//
// Each market has its own credentials (see Market): WithAppKey or
// WithAppCode for Huawei Cloud KooGallery, WithAliyunAppKey or
// WithAliyunAppCode for Alibaba Cloud's API market. A client holds at most
// one per market, and each call carries the one of its market, told by
// the URL's host or Request.Market; a call whose market the client holds
// no credential for is refused before anything is sent (ErrWrongMarket).
// The product packages (express, idcard, invoice, …) know the market of
// each of their methods.
//
// Every call is a POST unless Request.Method says otherwise. The response
// envelope {code, msg, taskNo, data} is decoded into a Response whose Data
// has the caller's type. Business code 200 is success; any other code is
// an *APIError that matches ErrInvalidParams (400), ErrProviderMaintenance
// (500), ErrDataSourceMaintenance (501) or ErrOther (999) with errors.Is.
// Refusals by the gateway itself are *GatewayError values matching
// ErrUnauthorized, ErrThrottled or ErrQuotaExhausted.
//
// Calls are billed, so the client never sends again a call that may have
// reached the backend, and retries only what cannot have been billed: a
// connection that failed before the request left, throttling, 502 and 503
// from the gateway, and the vendor's maintenance codes 500 and 501 without
// "charge": true. It never follows a redirect, which would carry the
// credential elsewhere, and its errors and logs never show the request's
// parameters. The context bounds every attempt and every wait; options
// for one call (CallMaxRetries, CallAttemptTimeout, CallHeader,
// CallLogAttrs) follow the request:
//
//	resp, err := jmzs.Do[MyData](ctx, c, req, jmzs.CallMaxRetries(0))
//
// and likewise follow the arguments of every product method.
//
// The jmzstest package has a fake gateway and httpmock responders for
// testing code that uses this package.
package jmzs
