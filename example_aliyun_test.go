package jmzs_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"

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
	// jmzs.Client{aliyun:AliyunAppCodeAuth{your****}, maxRetries:2}
	// 6.8095
}

func ExampleWithAliyunAppKey() {
	gw := exampleGateway(200, `{"data":{"area":"浙江杭州","originalIsp":"中国移动"},"msg":"成功","success":true,"code":200,"taskNo":"159373647215074770465673"}`)
	defer gw.Close()

	// The AppKey and AppSecret of the app that Alibaba Cloud's API market
	// created for the purchase: every attempt is signed afresh (HmacSHA256).
	c, err := jmzs.NewClient(jmzs.WithAliyunAppKey("203753385", "your-aliyun-appsecret"))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c)

	type area struct {
		Area string `json:"area"`
	}
	resp, err := jmzs.Do[area](context.Background(), c, &jmzs.Request{
		URL:  gw.URL + "/mobile/area", // https://jumcvit.market.alicloudapi.com/mobile/area
		Form: map[string][]string{"mobile_number": {"13800000000"}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(resp.Data.Area)
	// Output:
	// jmzs.Client{aliyun:AliyunSigner{AppKey:****, AppSecret:****}, maxRetries:2}
	// 浙江杭州
}

func ExampleAliyunSigner_Explain() {
	req, err := http.NewRequest("POST", "https://jmsms.market.alicloudapi.com/sms/send?templateId=JM1000372&mobile=13800000000&value=1234", nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	sts, err := jmzs.NewAliyunSigner("203753385", "your-aliyun-appsecret").Explain(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	// The timestamp and nonce lines change on every call.
	for _, line := range strings.Split(sts, "\n") {
		if !strings.HasPrefix(line, "x-ca-nonce:") && !strings.HasPrefix(line, "x-ca-timestamp:") {
			fmt.Printf("%q\n", line)
		}
	}
	fmt.Println(req.Header.Get("X-Ca-Signature-Headers"))
	// Output:
	// "POST"
	// "application/json"
	// ""
	// ""
	// ""
	// "x-ca-key:203753385"
	// "x-ca-signature-method:HmacSHA256"
	// "/sms/send?mobile=13800000000&templateId=JM1000372&value=1234"
	// x-ca-key,x-ca-nonce,x-ca-signature-method,x-ca-timestamp
}
