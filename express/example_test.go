package express_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/express"
	"github.com/jmzs-sdk/jmzs-go/jmzstest"
)

func ExampleService_Query() {
	// An offline gateway with the vendor's sample answers stands in for
	// Huawei's here. Against the real API, drop it and the WithHTTPClient
	// option: the client calls the default endpoint, which the gateway
	// serves as the real one does.
	g, err := jmzstest.StartGateway(jmzstest.WithAppKey("my-app-key", "my-app-secret"), jmzstest.WithFixtureRoutes())
	if err != nil {
		log.Fatal(err)
	}
	defer g.Close()

	client, err := jmzs.NewClient(jmzs.WithAppKey("my-app-key", "my-app-secret"), jmzs.WithHTTPClient(g.HTTPClient()))
	if err != nil {
		log.Fatal(err)
	}
	svc := express.New(client)
	resp, err := svc.Query(context.Background(), express.QueryRequest{
		Number:      "SF1234567890123",
		ExpressCode: "SF",
		Mobile:      "5678", // SF, ZTO and KD need the mobile or its last 4 digits
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(resp.Data.CompanyName, resp.Data.Status, resp.Data.StatusDesc)
	for _, t := range resp.Data.Traces {
		fmt.Println(t.Time.UTC().Format(time.DateTime), t.AreaName, t.Desc)
	}
	// Output:
	// 顺丰速运 SIGN 已签收
	// 2024-05-20 00:00:00 广东省深圳市 快件已由【深圳宝安营业点】收取
	// 2024-05-21 00:00:00 浙江省杭州市 快件已签收
}

// Options for one call go after its arguments: here no retry (a call
// that must never be sent twice), a bound on each attempt, and a header.
func ExampleService_Query_callOptions() {
	g, err := jmzstest.StartGateway(jmzstest.WithAppKey("my-app-key", "my-app-secret"), jmzstest.WithFixtureRoutes())
	if err != nil {
		log.Fatal(err)
	}
	defer g.Close()

	client, err := jmzs.NewClient(jmzs.WithAppKey("my-app-key", "my-app-secret"), jmzs.WithHTTPClient(g.HTTPClient()))
	if err != nil {
		log.Fatal(err)
	}
	resp, err := express.New(client).Query(context.Background(), express.QueryRequest{Number: "YT1234567890123", ExpressCode: "YTO"},
		jmzs.CallMaxRetries(0),
		jmzs.CallAttemptTimeout(10*time.Second),
		jmzs.CallHeader("X-Trace-Id", "order-42"),
	)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(resp.Code, g.Requests()[0].Header.Get("X-Trace-Id"))
	// Output:
	// 200 order-42
}

func ExampleService_Query_refused() {
	client, err := jmzs.NewClient(jmzs.WithAppKey("my-app-key", "my-app-secret"))
	if err != nil {
		log.Fatal(err)
	}
	// SF needs the mobile: the call is refused before anything is sent.
	_, err = express.New(client).Query(context.Background(), express.QueryRequest{Number: "SF1234567890123", ExpressCode: "SF"})
	fmt.Println(err)
	// Output:
	// jmzs: invalid parameter "mobile": is required for courier SF: the receiver's or sender's mobile or its last 4 digits
}

func ExampleService_Discern() {
	g, err := jmzstest.StartGateway(jmzstest.WithAliyunAppCode("my-aliyun-appcode"))
	if err != nil {
		log.Fatal(err)
	}
	defer g.Close()
	g.Reply("/express/number-discern", 200, "成功", map[string]any{"details": []map[string]string{{"expressCode": "YTO"}}})

	client, err := jmzs.NewClient(jmzs.WithAliyunAppCode("my-aliyun-appcode"), jmzs.WithHTTPClient(g.HTTPClient()))
	if err != nil {
		log.Fatal(err)
	}
	resp, err := express.New(client).Discern(context.Background(), "YT1234567890")
	if err != nil {
		log.Fatal(err)
	}
	for _, c := range resp.Data.Details {
		fmt.Println(c.ExpressCode)
	}
	// Output:
	// YTO
}
