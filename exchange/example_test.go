package exchange_test

import (
	"context"
	"fmt"
	"log"
	"os"

	"github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/exchange"
)

func ExampleService_Convert() {
	client, err := jmzs.NewClient(jmzs.WithAliyunAppCode(os.Getenv("JMZS_ALIYUN_APPCODE")))
	if err != nil {
		log.Fatal(err)
	}
	resp, err := exchange.New(client).Convert(context.Background(), exchange.ConvertRequest{From: "USD", To: "CNY", Amount: "100"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(resp.Data.Money.Decimal()) // exact text, e.g. 680.95; Float64 converts
}
