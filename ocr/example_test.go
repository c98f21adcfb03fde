package ocr_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"log"

	"github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/jmzstest"
	"github.com/jmzs-sdk/jmzs-go/ocr"
)

// photo stands in for a photo read from a file or an upload.
func photo() *bytes.Buffer {
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, 4, 4))); err != nil {
		log.Fatal(err)
	}
	return &buf
}

func ExampleService_ExpressBill() {
	// An offline gateway with a sample answer stands in for Huawei's here.
	// Against the real API, drop it and the WithHTTPClient
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
	resp, err := ocr.New(client).ExpressBill(context.Background(), photo()) // e.g. an *os.File
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(resp.Data.WaybillNumber, resp.Data.RecipientName, resp.Data.RecipientPhone)
	// Output:
	// SF1234567890123 张三 138****0000
}

func ExampleService_HouseholdRegister() {
	g, err := jmzstest.StartGateway(jmzstest.WithAppKey("my-app-key", "my-app-secret"))
	if err != nil {
		log.Fatal(err)
	}
	defer g.Close()
	g.Reply("/ocr/householdRegister", 200, "成功", map[string]string{"relation": "户主"})

	client, err := jmzs.NewClient(jmzs.WithAppKey("my-app-key", "my-app-secret"), jmzs.WithHTTPClient(g.HTTPClient()))
	if err != nil {
		log.Fatal(err)
	}
	resp, err := ocr.New(client).HouseholdRegister(context.Background(), photo())
	if err != nil {
		log.Fatal(err)
	}
	// The vendor's field names are not documented: look them up by name.
	fmt.Println(resp.Data["relation"])
	// Output:
	// 户主
}
