package jmzs_test

import (
	"context"
	"fmt"

	jmzs "github.com/jmzs-sdk/jmzs-go"
)

func ExampleWithAliyunAppCode() {
	gw := exampleGateway(200, `{"data":{"money":"6.8095"},"msg":"成功","success":true,"code":200,"taskNo":"159373647215074770465673"}`)
	defer gw.Close()

	// The AppCode of an Alibaba Cloud API market purchase, sent as
	// "Authorization: APPCODE <code>".
	c, err := jmzs.NewClient(jmzs.WithAliyunAppCode("your-aliyun-appcode"))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c)

	type rate struct {
		Money jmzs.Number `json:"money"`
	}
	resp, err := jmzs.Do[rate](context.Background(), c, &jmzs.Request{
		URL:  gw.URL + "/exchange-rate/convert", // https://jmhlcx.market.alicloudapi.com/exchange-rate/convert
		Form: map[string][]string{"fromCode": {"USD"}, "toCode": {"CNY"}, "money": {"1"}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(resp.Data.Money)
	// Output:
	// jmzs.Client{auth:AliyunAppCodeAuth{your****}, maxRetries:2}
	// 6.8095
}
