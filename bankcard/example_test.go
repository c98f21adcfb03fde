package bankcard_test

import (
	"context"
	"fmt"
	"log"

	"github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/bankcard"
	"github.com/jmzs-sdk/jmzs-go/jmzstest"
)

func ExampleService_Info() {
	// An offline gateway with the vendor's sample answer stands in for
	// Aliyun's here. Against the real API, drop it and the WithHTTPClient
	// option: the client calls the default endpoint, which the gateway
	// serves as the real one does.
	g, err := jmzstest.StartGateway(jmzstest.WithAliyunAppCode("my-aliyun-appcode"), jmzstest.WithFixtureRoutes())
	if err != nil {
		log.Fatal(err)
	}
	defer g.Close()

	client, err := jmzs.NewClient(jmzs.WithAliyunAppCode("my-aliyun-appcode"), jmzs.WithHTTPClient(g.HTTPClient()))
	if err != nil {
		log.Fatal(err)
	}
	resp, err := bankcard.New(client).Info(context.Background(), "6222021234567890128")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(resp.Data.Bank, resp.Data.Abbreviation, resp.Data.Type)
	// Output:
	// 中国工商银行 ICBC 借记卡
}
