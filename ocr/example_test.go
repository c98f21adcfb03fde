package ocr_test

import (
	"context"
	"fmt"
	"log"
	"os"

	"github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/ocr"
)

func ExampleService_ExpressBill() {
	client, err := jmzs.NewClient(jmzs.WithAppKey(os.Getenv("JMZS_APP_KEY"), os.Getenv("JMZS_APP_SECRET")))
	if err != nil {
		log.Fatal(err)
	}
	f, err := os.Open("waybill.jpg")
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	resp, err := ocr.New(client).ExpressBill(context.Background(), f)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(resp.Data.WaybillNumber, resp.Data.RecipientName)
}

func ExampleService_HouseholdRegister() {
	client, err := jmzs.NewClient(jmzs.WithAppKey(os.Getenv("JMZS_APP_KEY"), os.Getenv("JMZS_APP_SECRET")))
	if err != nil {
		log.Fatal(err)
	}
	f, err := os.Open("household-page.jpg")
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	resp, err := ocr.New(client).HouseholdRegister(context.Background(), f)
	if err != nil {
		log.Fatal(err)
	}
	for name, value := range resp.Data {
		fmt.Println(name, value)
	}
}
