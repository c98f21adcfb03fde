package regeo_test

import (
	"context"
	"fmt"
	"log"
	"os"

	"github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/regeo"
)

func ExampleService_Query() {
	client, err := jmzs.NewClient(jmzs.WithAppKey(os.Getenv("JMZS_APP_KEY"), os.Getenv("JMZS_APP_SECRET")))
	if err != nil {
		log.Fatal(err)
	}
	resp, err := regeo.New(client).Query(context.Background(), 120.1551, 30.2741) // longitude, latitude
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range resp.Data.Regeocodes {
		fmt.Println(r)
	}
}
