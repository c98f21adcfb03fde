package jmzs_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	jmzs "github.com/jmzs-sdk/jmzs-go"
)

// A service that bought on both markets gives one client a credential
// for each; every call carries the credential of its own market.
func ExampleNewClient_bothMarkets() {
	// A server that says which credential it received stands in for the
	// gateways here.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got := "Huawei AppCode"
		if strings.HasPrefix(r.Header.Get("Authorization"), "APPCODE ") {
			got = "Aliyun AppCode"
		}
		io.WriteString(w, `{"data":{"got":"`+got+`"},"msg":"成功","success":true,"code":200,"taskNo":"1"}`)
	}))
	defer srv.Close()

	client, err := jmzs.NewClient(
		jmzs.WithAppCode("my-huawei-appcode"),       // Huawei Cloud KooGallery
		jmzs.WithAliyunAppCode("my-aliyun-appcode"), // Alibaba Cloud's API market
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(client)

	// The production hosts tell the market; a test server's does not, so
	// each request names it.
	for _, m := range []jmzs.Market{jmzs.MarketHuawei, jmzs.MarketAliyun} {
		resp, err := jmzs.Do[map[string]string](context.Background(), client, &jmzs.Request{URL: srv.URL + "/api", Market: m})
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%v: %s\n", m, resp.Data["got"])
	}
	_, err = jmzs.Do[map[string]string](context.Background(), client, &jmzs.Request{URL: srv.URL + "/api"})
	fmt.Println(err != nil)

	// Two credentials for one market are a mistake.
	_, err = jmzs.NewClient(jmzs.WithAppCode("my-huawei-appcode"), jmzs.WithAppKey("my-app-key", "my-app-secret"))
	fmt.Println(err)
	// Output:
	// jmzs.Client{huawei:AppCodeAuth{my-h****}, aliyun:AliyunAppCodeAuth{my-a****}, maxRetries:2}
	// Huawei Cloud KooGallery: Huawei AppCode
	// Alibaba Cloud's API market: Aliyun AppCode
	// true
	// jmzs: WithAppCode and WithAppKey are both credentials for Huawei Cloud KooGallery: give a client one credential per market
}

func ExampleMarketOfHost() {
	fmt.Println(jmzs.MarketOfHost("jmidcardv1.market.alicloudapi.com"))
	fmt.Println(jmzs.MarketOfHost("expressqueryv2.apistore.huaweicloud.com:443"))
	fmt.Println(jmzs.MarketOfHost("127.0.0.1:8080"))
	// Output:
	// Alibaba Cloud's API market
	// Huawei Cloud KooGallery
	// jmzs.Market(0)
}
