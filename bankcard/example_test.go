package bankcard_test

import (
	"context"
	"fmt"
	"log"
	"os"

	"github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/bankcard"
)

func ExampleService_Info() {
	client, err := jmzs.NewClient(jmzs.WithAliyunAppCode(os.Getenv("JMZS_ALIYUN_APPCODE")))
	if err != nil {
		log.Fatal(err)
	}
	resp, err := bankcard.New(client).Info(context.Background(), "6222021234567890128")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(resp.Data.Bank, resp.Data.Type)
}
