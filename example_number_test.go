package jmzs_test

import (
	"encoding/json"
	"errors"
	"fmt"

	jmzs "github.com/jmzs-sdk/jmzs-go"
)

func ExampleNumber() {
	var quote struct {
		Price  jmzs.Number `json:"price"`
		Volume jmzs.Number `json:"volume"`
		Open   jmzs.Number `json:"open"`
	}
	_ = json.Unmarshal([]byte(`{"price":"6.8095","volume":"76,214","open":""}`), &quote)

	fmt.Println(quote.Price, quote.Price.Valid()) // the vendor's text, every digit kept
	v, _ := quote.Volume.Int64()
	fmt.Println(v, quote.Volume.Decimal())
	_, err := quote.Open.Float64()
	fmt.Println(quote.Open.Valid(), err)
	// Output:
	// 6.8095 true
	// 76214 76214
	// false jmzs: number is empty
}

func ExampleParamError() {
	// Product packages refuse bad input before sending a billed call.
	var err error = &jmzs.ParamError{Field: "idCardNo", Reason: "check character does not match (GB 11643)"}

	fmt.Println(errors.Is(err, jmzs.ErrInvalidParams)) // like the vendor's code 400
	var pe *jmzs.ParamError
	if errors.As(err, &pe) {
		fmt.Println(pe.Field)
	}
	// Output:
	// true
	// idCardNo
}
