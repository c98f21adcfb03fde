package idcard_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/idcard"
	"github.com/jmzs-sdk/jmzs-go/jmzstest"
)

func ExampleService_Verify() {
	// An offline gateway answering a match stands in for Aliyun's here.
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
	svc := idcard.New(client)
	resp, err := svc.Verify(context.Background(), "张三", "11010519491231002X")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(resp.Data.Match, resp.Data.Desc)

	// A malformed number is refused before anything is sent.
	_, err = svc.Verify(context.Background(), "张三", "110105194912310021")
	fmt.Println(errors.Is(err, jmzs.ErrInvalidParams), err)
	// Output:
	// true 一致
	// true jmzs: invalid parameter "idCardNo": check character does not match (GB 11643)
}

// The API is sold on Alibaba Cloud's API market: a client that holds only
// a Huawei credential is refused before anything is sent.
func ExampleService_Verify_wrongMarket() {
	client, err := jmzs.NewClient(jmzs.WithAppKey("my-app-key", "my-app-secret"))
	if err != nil {
		log.Fatal(err)
	}
	_, err = idcard.New(client).Verify(context.Background(), "张三", "11010519491231002X")
	fmt.Println(errors.Is(err, jmzs.ErrWrongMarket))
	fmt.Println(err)
	// Output:
	// true
	// jmzs: idcard.Verify is sold on Alibaba Cloud's API market: use jmzs.WithAliyunAppCode or jmzs.WithAliyunAppKey
}
