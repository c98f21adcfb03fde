package invoice

import (
	"encoding/json"

	"github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/internal/product"
)

// Result is the vendor's verdict on an invoice.
type Result struct {
	// Match reports whether the invoice matches the tax bureau's record:
	// true for the vendor's result 1 (一致) only.
	Match bool `json:"-"`
	// ResultCode is the vendor's "result" as sent, a number or a string:
	// 1 when the invoice matches. Empty when absent.
	ResultCode jmzs.Number `json:"result"`
	// Message says the verdict in words: 一致 or 不一致.
	Message string `json:"message"`
	// Info is the bureau's record of the invoice. Only the fields below
	// are documented; the rest, including the line items, are in
	// Response.Raw.
	Info Info `json:"info"`
}

// UnmarshalJSON decodes the vendor's data and sets Match from its result.
func (r *Result) UnmarshalJSON(b []byte) error {
	type plain Result // without this method
	err := json.Unmarshal(b, (*plain)(r))
	r.Match = err == nil && product.IsCode(r.ResultCode, 1)
	return err
}

// Info is the bureau's record of an invoice.
type Info struct {
	InvoiceNo string `json:"invoiceNo"`
	// Voided reports whether the invoice was voided (作废): a
	// CancellationMark other than 0.
	Voided bool `json:"-"`
	// CancellationMark is the vendor's "cancellationMark": 0 for an
	// invoice that is not voided (未作废).
	CancellationMark jmzs.Number `json:"cancellationMark"`
	// RedLetter ("hcbz") is 0 not reversed (未红冲), 1 fully reversed
	// (全额红冲), 2 partly reversed (部分红冲).
	RedLetter jmzs.Number `json:"hcbz"`
}

// UnmarshalJSON decodes the vendor's info and sets Voided from its
// cancellationMark.
func (i *Info) UnmarshalJSON(b []byte) error {
	type plain Info // without this method
	err := json.Unmarshal(b, (*plain)(i))
	i.Voided = err == nil && i.CancellationMark != "" && !product.IsCode(i.CancellationMark, 0)
	return err
}
