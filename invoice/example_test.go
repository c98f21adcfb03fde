package invoice_test

import (
	"context"
	"fmt"
	"log"
	"os"

	"github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/invoice"
)

func ExampleService_Validate() {
	client, err := jmzs.NewClient(jmzs.WithAppKey(os.Getenv("JMZS_APP_KEY"), os.Getenv("JMZS_APP_SECRET")))
	if err != nil {
		log.Fatal(err)
	}
	resp, err := invoice.New(client).Validate(context.Background(), invoice.ValidateRequest{
		InvoiceNo:   "12345678",
		IssueDate:   "20240105",
		InvoiceCode: "044031900111",
		CheckCode:   "123456", // the last 6 digits are enough
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(resp.Data.Pass(), resp.Data.Message, resp.Data.Info.Voided())
}

func ExampleService_ValidateAliyun() {
	client, err := jmzs.NewClient(jmzs.WithAliyunAppCode(os.Getenv("JMZS_ALIYUN_APPCODE")))
	if err != nil {
		log.Fatal(err)
	}
	resp, err := invoice.New(client).ValidateAliyun(context.Background(), invoice.ValidateRequest{
		InvoiceNo: "24332000000012345678", // a 全电票: no code or check code
		IssueDate: "20240105",
		Amount:    "1130.00", // tax included for a 全电票
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(resp.Data.Message)
}
