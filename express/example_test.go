package express_test

import (
	"context"
	"fmt"
	"log"
	"os"

	"github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/express"
)

func ExampleService_Query() {
	client, err := jmzs.NewClient(jmzs.WithAppKey(os.Getenv("JMZS_APP_KEY"), os.Getenv("JMZS_APP_SECRET")))
	if err != nil {
		log.Fatal(err)
	}
	svc := express.New(client)
	resp, err := svc.Query(context.Background(), express.QueryRequest{
		Number:      "SF1234567890123",
		ExpressCode: "SF",
		Mobile:      "5678", // SF, ZTO and KD need the mobile or its last 4 digits
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(resp.Data.CompanyName, resp.Data.StatusDesc)
	for _, t := range resp.Data.Traces {
		fmt.Println(t.Time.Format("2006-01-02 15:04"), t.AreaName, t.Desc)
	}
}

func ExampleService_Discern() {
	client, err := jmzs.NewClient(jmzs.WithAliyunAppCode(os.Getenv("JMZS_ALIYUN_APPCODE")))
	if err != nil {
		log.Fatal(err)
	}
	resp, err := express.New(client).Discern(context.Background(), "YT1234567890")
	if err != nil {
		log.Fatal(err)
	}
	for _, c := range resp.Data.Details {
		fmt.Println(c.ExpressCode)
	}
}
