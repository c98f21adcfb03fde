package invoice_test

import (
	"context"
	"fmt"
	"log"

	"github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/invoice"
	"github.com/jmzs-sdk/jmzs-go/jmzstest"
)

func ExampleService_Validate() {
	// An offline gateway with the vendor's sample answer stands in for
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
	resp, err := invoice.New(client).Validate(context.Background(), invoice.ValidateRequest{
		InvoiceNo:   "12345678",
		IssueDate:   "20240105",
		InvoiceCode: "044031900111",
		CheckCode:   "123456", // the last 6 digits are enough
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(resp.Data.Match, resp.Data.Message)
	// Output:
	// true 一致
}

func ExampleService_ValidateAliyun() {
	g, err := jmzstest.StartGateway(jmzstest.WithAliyunAppCode("my-aliyun-appcode"), jmzstest.WithFixtureRoutes())
	if err != nil {
		log.Fatal(err)
	}
	defer g.Close()

	client, err := jmzs.NewClient(jmzs.WithAliyunAppCode("my-aliyun-appcode"), jmzs.WithHTTPClient(g.HTTPClient()))
	if err != nil {
		log.Fatal(err)
	}
	resp, err := invoice.New(client).ValidateAliyun(context.Background(), invoice.ValidateRequest{
		InvoiceNo: "24332000000012345678", // a 全电票: no code or check code
		IssueDate: "20240105",
		Amount:    "1130.00", // tax included for a 全电票
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(resp.Data.Message)
	// Output:
	// 一致
}
