package mobile_test

import (
	"context"
	"fmt"
	"log"

	"github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/jmzstest"
	"github.com/jmzs-sdk/jmzs-go/mobile"
)

func ExampleService_Area() {
	// An offline gateway with a sample answer stands in for Aliyun's here.
	// Against the real API, drop it and the WithHTTPClient
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
	resp, err := mobile.New(client).Area(context.Background(), "13812345678")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(resp.Data.Area, resp.Data.OriginalISP)
	// Output:
	// 浙江杭州 中国移动
}
