package regeo_test

import (
	"context"
	"fmt"
	"log"

	"github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/jmzstest"
	"github.com/jmzs-sdk/jmzs-go/regeo"
)

func ExampleService_Query() {
	// An offline gateway stands in for Huawei's here. Against the real
	// API, drop it and the WithHTTPClient option: the client calls the
	// default endpoint, which the gateway serves as the real one does.
	g, err := jmzstest.StartGateway(jmzstest.WithAppKey("my-app-key", "my-app-secret"))
	if err != nil {
		log.Fatal(err)
	}
	defer g.Close()
	g.Reply("/geocode/regeo/query", 200, "成功", map[string]any{"regeocodes": []map[string]string{{"formatted_address": "浙江省杭州市西湖区"}}})

	client, err := jmzs.NewClient(jmzs.WithAppKey("my-app-key", "my-app-secret"), jmzs.WithHTTPClient(g.HTTPClient()))
	if err != nil {
		log.Fatal(err)
	}
	resp, err := regeo.New(client).Query(context.Background(), 120.1551, 30.2741) // longitude, latitude
	if err != nil {
		log.Fatal(err)
	}
	// The fields of an address are not documented: look them up by name.
	for _, r := range resp.Data.Regeocodes {
		fmt.Println(r["formatted_address"])
	}
	// Output:
	// 浙江省杭州市西湖区
}
