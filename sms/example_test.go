package sms_test

import (
	"context"
	"fmt"
	"log"

	"github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/jmzstest"
	"github.com/jmzs-sdk/jmzs-go/sms"
)

func ExampleService_Send() {
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
	resp, err := sms.New(client).Send(context.Background(), sms.SendRequest{
		Mobile:     "13812345678",
		TemplateID: "JM1000372", // a template approved for your account
		Value:      "1234",
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(resp.Data.TaskID)
	// Output:
	// JS6420885281662797
}
