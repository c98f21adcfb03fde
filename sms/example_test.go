package sms_test

import (
	"context"
	"fmt"
	"log"
	"os"

	"github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/sms"
)

func ExampleService_Send() {
	client, err := jmzs.NewClient(jmzs.WithAliyunAppCode(os.Getenv("JMZS_ALIYUN_APPCODE")))
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
}
