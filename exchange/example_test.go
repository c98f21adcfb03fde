package exchange_test

import (
	"context"
	"fmt"
	"log"

	"github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/exchange"
	"github.com/jmzs-sdk/jmzs-go/jmzstest"
)

func ExampleService_Convert() {
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
	resp, err := exchange.New(client).Convert(context.Background(),
		exchange.ConvertRequest{From: "USD", To: "CNY", Amount: "1"})
	if err != nil {
		log.Fatal(err)
	}
	f, err := resp.Data.Money.Float64()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(resp.Data.Money, f*100) // the exact text, and a float64 for arithmetic
	// Output:
	// 6.8095 680.95
}
