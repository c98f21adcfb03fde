package jmzstest_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/jarcoal/httpmock"

	"github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/express"
	"github.com/jmzs-sdk/jmzs-go/idcard"
	"github.com/jmzs-sdk/jmzs-go/jmzstest"
)

// A fake gateway for a program; in a test, use NewGateway(t, …), which
// closes it when the test ends.
func ExampleStartGateway() {
	gw, err := jmzstest.StartGateway(jmzstest.WithAliyunAppKey("my-key", "my-secret"), jmzstest.WithFixtureRoutes())
	if err != nil {
		panic(err)
	}
	defer gw.Close()

	// The exchange-rate API is sold on Alibaba Cloud's API market: the
	// gateway answers it only to that market's credentials.
	client, _ := jmzs.NewClient(jmzs.WithAliyunAppKey("my-key", "my-secret"))
	resp, err := jmzs.Do[struct {
		Money string `json:"money"`
	}](context.Background(), client, &jmzs.Request{
		URL:  gw.URL() + "/exchange-rate/convert",
		Form: url.Values{"fromCode": {"USD"}, "toCode": {"CNY"}, "money": {"1"}},
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(resp.Code, resp.Data.Money, len(resp.TaskNo))
	fmt.Println(string(gw.Requests()[0].Body))
	// Output:
	// 200 6.8095 24
	// fromCode=USD&money=1&toCode=CNY
}

// The products' default endpoints, served by the fake gateway: its
// HTTPClient sends every request to it, and it tells the market by the
// host, as production does. One client holds a credential for each
// market; each route answers only its own market's.
func ExampleGateway_HTTPClient() {
	gw, err := jmzstest.StartGateway(jmzstest.WithAppKey("huawei-key", "huawei-secret"), jmzstest.WithAliyunAppCode("aliyun-appcode"),
		jmzstest.WithFixtureRoutes())
	if err != nil {
		panic(err)
	}
	defer gw.Close()

	client, err := jmzs.NewClient(jmzs.WithAppKey("huawei-key", "huawei-secret"), jmzs.WithAliyunAppCode("aliyun-appcode"),
		jmzs.WithHTTPClient(gw.HTTPClient()))
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	parcel, err := express.New(client).Query(ctx, express.QueryRequest{Number: "YT1234567890123", ExpressCode: "YTO"})
	if err != nil {
		panic(err)
	}
	check, err := idcard.New(client).Verify(ctx, "张三", "11010519491231002X")
	if err != nil {
		panic(err)
	}
	fmt.Println(parcel.Data.StatusDesc, check.Data.Desc)
	for _, r := range gw.Requests() {
		fmt.Println(r.Host, r.Market, r.Status)
	}
	// Output:
	// 已签收 一致
	// expressqueryv2.apistore.huaweicloud.com Huawei Cloud KooGallery 200
	// jmidcardv1.market.alicloudapi.com Alibaba Cloud's API market 200
}

func ExampleGateway_Throttle() {
	gw, _ := jmzstest.StartGateway(jmzstest.WithAppCode("my-appcode"))
	defer gw.Close()
	gw.Reply("/sms/send", 200, "成功", map[string]string{"taskId": "JS1"})
	gw.Throttle("/sms/send", 1, 0) // the next call is refused, Retry-After: 0

	client, _ := jmzs.NewClient(jmzs.WithAppCode("my-appcode"))
	_, err := jmzs.Do[map[string]string](context.Background(), client, &jmzs.Request{URL: gw.URL() + "/sms/send"})
	fmt.Println(err == nil) // the SDK retried
	for _, r := range gw.Requests() {
		fmt.Println(r.Status, r.ErrorCode)
	}
	// Output:
	// true
	// 429 APIG.0308
	// 200
}

func ExampleResponder() {
	httpmock.Activate()
	defer httpmock.DeactivateAndReset()
	const endpoint = "https://jmsms.market.alicloudapi.com/sms/send"
	httpmock.RegisterResponder(http.MethodPost, endpoint, jmzstest.Responder(400, "参数错误", nil))

	client, _ := jmzs.NewClient(jmzs.WithAliyunAppCode("my-aliyun-appcode"))
	_, err := jmzs.Do[any](context.Background(), client, &jmzs.Request{URL: endpoint})
	fmt.Println(errors.Is(err, jmzs.ErrInvalidParams))
	// Output: true
}

func ExampleGatewayErrorResponder() {
	httpmock.Activate()
	defer httpmock.DeactivateAndReset()
	const endpoint = "https://expressqueryv2.apistore.huaweicloud.com/express/query-v2"
	httpmock.RegisterResponder(http.MethodPost, endpoint,
		jmzstest.GatewayErrorResponder(http.StatusUnauthorized, "APIG.0303", "Incorrect app authentication information: app not found"))

	client, _ := jmzs.NewClient(jmzs.WithAppKey("k", "s"))
	_, err := jmzs.Do[any](context.Background(), client, &jmzs.Request{URL: endpoint})
	var ge *jmzs.GatewayError
	fmt.Println(errors.Is(err, jmzs.ErrUnauthorized), errors.As(err, &ge) && ge.ErrorCode == "APIG.0303")
	// Output: true true
}

func ExampleFixture() {
	fmt.Print(string(jmzstest.Fixture("sms/ok")))
	fmt.Println(jmzstest.FixtureStatus("apig/429"))
	// Output:
	// {"data":{"taskId":"JS6420885281662797"},"msg":"成功","success":true,"code":200,"taskNo":"13516403432971667030"}
	// 429
}

func ExampleFixtureResponder() {
	httpmock.Activate()
	defer httpmock.DeactivateAndReset()
	const endpoint = "https://expressqueryv2.apistore.huaweicloud.com/express/query-v2"
	httpmock.RegisterResponder(http.MethodPost, endpoint, jmzstest.FixtureResponder("express/701"))

	client, _ := jmzs.NewClient(jmzs.WithAppKey("k", "s"))
	_, err := jmzs.Do[any](context.Background(), client, &jmzs.Request{URL: endpoint})
	var apiErr *jmzs.APIError
	fmt.Println(errors.As(err, &apiErr), apiErr.Code, apiErr.Msg)
	// Output: true 701 未查询到快递物流数据
}

func ExampleGateway_SetClockSkew() {
	gw, _ := jmzstest.StartGateway(jmzstest.WithAppKey("k", "s"))
	defer gw.Close()
	gw.Reply("/geocode/regeo/query", 200, "成功", nil)
	gw.SetClockSkew(time.Hour) // the gateway's clock is an hour ahead

	client, _ := jmzs.NewClient(jmzs.WithAppKey("k", "s"))
	_, err := jmzs.Do[any](context.Background(), client, &jmzs.Request{URL: gw.URL() + "/geocode/regeo/query"})
	fmt.Println(err == nil) // the SDK learnt the gateway's clock and signed again
	for _, r := range gw.Requests() {
		fmt.Println(r.Status)
	}
	// Output:
	// true
	// 401
	// 200
}

// The Alibaba Cloud market's AppKey signature, checked as Aliyun's
// gateway checks it, and a wrong secret refused as it refuses one.
func ExampleWithAliyunAppKey() {
	gw, _ := jmzstest.StartGateway(jmzstest.WithAliyunAppKey("203753385", "my-secret"), jmzstest.WithFixtureRoutes())
	defer gw.Close()
	req := &jmzs.Request{URL: gw.URL() + "/mobile/area", Form: url.Values{"mobile_number": {"13800000000"}}}

	client, _ := jmzs.NewClient(jmzs.WithAliyunAppKey("203753385", "my-secret"))
	resp, err := jmzs.Do[map[string]any](context.Background(), client, req)
	fmt.Println(resp.Code, err)

	wrong, _ := jmzs.NewClient(jmzs.WithAliyunAppKey("203753385", "not-my-secret"))
	resp, err = jmzs.Do[map[string]any](context.Background(), wrong, req)
	var ge *jmzs.GatewayError
	if errors.As(err, &ge) {
		fmt.Println(ge.HTTPStatus, resp.Header.Get(jmzstest.HeaderAliyunErrorCode))
		msg, _, _ := strings.Cut(ge.ErrorMsg, "#")
		fmt.Println(msg)
	}
	// Output:
	// 200 <nil>
	// 400 A403IS
	// Invalid Signature, Server StringToSign:POST
}

func ExampleAliyunErrorResponder() {
	httpmock.Activate()
	defer httpmock.DeactivateAndReset()
	const endpoint = "https://jumcvit.market.alicloudapi.com/mobile/area"
	httpmock.RegisterResponder("POST", endpoint, jmzstest.AliyunErrorResponder(403, "", "Quota Exhausted"))

	client, _ := jmzs.NewClient(jmzs.WithAliyunAppCode("my-appcode"), jmzs.WithMaxRetries(0))
	_, err := jmzs.Do[map[string]any](context.Background(), client, &jmzs.Request{URL: endpoint})
	var ge *jmzs.GatewayError
	fmt.Println(errors.As(err, &ge), ge.HTTPStatus, ge.ErrorMsg)
	// Output:
	// true 403 Quota Exhausted
}
