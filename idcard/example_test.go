package idcard_test

import (
	"context"
	"fmt"
	"log"
	"os"

	"github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/idcard"
)

func ExampleService_Verify() {
	client, err := jmzs.NewClient(jmzs.WithAliyunAppCode(os.Getenv("JMZS_ALIYUN_APPCODE")))
	if err != nil {
		log.Fatal(err)
	}
	resp, err := idcard.New(client).Verify(context.Background(), "张三", "11010519491231002X")
	if err != nil {
		log.Fatal(err) // errors.Is(err, jmzs.ErrInvalidParams) for a malformed number, with no call made
	}
	if resp.Data.Match {
		fmt.Println("一致")
	} else {
		fmt.Println("不一致:", resp.Data.Desc)
	}
}
