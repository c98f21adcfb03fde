package invoice

import (
	"encoding/json"
	"fmt"
)

// Result is the vendor's verdict on an invoice.
type Result struct {
	// Result is the vendor's flag: "1" when the invoice matches the tax
	// bureau's record. Read it with Pass.
	Result Flag `json:"result"`
	// Message says the verdict in words: 一致 or 不一致.
	Message string `json:"message"`
	// Info is the bureau's record of the invoice. Only the fields below
	// are documented; the rest, including the line items, are in
	// Response.Raw.
	Info Info `json:"info"`
}

// Pass reports whether the invoice matches the bureau's record: the
// vendor's result "1".
func (r Result) Pass() bool { return r.Result == "1" }

// Info is the bureau's record of an invoice.
type Info struct {
	InvoiceNo string `json:"invoiceNo"`
	// CancellationMark is "0" for an invoice that is not voided (未作废).
	CancellationMark Flag `json:"cancellationMark"`
	// RedLetter ("hcbz") is "0" not reversed (未红冲), "1" fully reversed
	// (全额红冲), "2" partly reversed (部分红冲).
	RedLetter Flag `json:"hcbz"`
}

// Voided reports whether the invoice was voided (作废).
func (i Info) Voided() bool { return i.CancellationMark != "" && i.CancellationMark != "0" }

// Flag is a vendor flag such as "0" or "1", sent as a JSON string or a
// JSON number; either decodes to its text.
type Flag string

// UnmarshalJSON accepts a string, a number or null.
func (f *Flag) UnmarshalJSON(b []byte) error {
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	switch v := v.(type) {
	case nil:
		*f = ""
	case string:
		*f = Flag(v)
	case float64:
		*f = Flag(b)
	default:
		return fmt.Errorf("invoice: cannot decode %s into a Flag", b)
	}
	return nil
}
