package mobile_test

import (
	"context"
	"fmt"
	"log"
	"os"

	"github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/mobile"
)

func ExampleService_Area() {
	client, err := jmzs.NewClient(jmzs.WithAliyunAppCode(os.Getenv("JMZS_ALIYUN_APPCODE")))
	if err != nil {
		log.Fatal(err)
	}
	resp, err := mobile.New(client).Area(context.Background(), "13812345678")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(resp.Data.Area, resp.Data.OriginalISP)
}
