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
// Every call is a POST unless Request.Method says otherwise. The response
// envelope {code, msg, taskNo, data} is decoded into a Response whose Data
// has the caller's type. Business code 200 is success; any other code is
// an *APIError that matches ErrInvalidParams (400), ErrProviderMaintenance
// (500), ErrDataSourceMaintenance (501) or ErrOther (999) with errors.Is.
// Refusals by the gateway itself are *GatewayError values matching
// ErrUnauthorized or ErrThrottled.
//
// Calls are billed, so the client retries only what cannot have been
// billed: connection failures before a response, throttling, 502 and 503,
// and the vendor's maintenance codes 500 and 501. The context bounds every
// attempt and every wait.
//
// The jmzstest package has a fake gateway and httpmock responders for
// testing code that uses this package.
package jmzs
