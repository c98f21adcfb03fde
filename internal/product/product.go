// Package product is what the product packages (express, idcard, …)
// share: where each method is sold, where it is sent, and the one call
// path every method takes.
//
// A product package describes each method once, as a package-level
// Method, embeds a Service in its own Service type, and ends every
// method with Call.
package product

import (
	"strings"

	"github.com/jmzs-sdk/jmzs-go"
)

// Method describes one method of a product package.
type Method struct {
	// Name is the method as users call it, such as "express.Query".
	Name string
	// Market is where the method is sold: Call sends its requests with
	// that market's credential.
	Market jmzs.Market
	// Endpoint is the method's default URL.
	Endpoint string
	// Option is the option that sets this method's endpoint, such as
	// "express.WithEndpoint".
	Option string
}

// pkg returns the name of m's package, such as "express".
func (m *Method) pkg() string {
	p, _, _ := strings.Cut(m.Name, ".")
	return p
}

// IsCode reports whether n is the whole number code, as a vendor's
// verdict codes ("result", "cancellationMark") are read: a JSON number
// or a numeric string.
func IsCode(n jmzs.Number, code int64) bool {
	v, err := n.Int64()
	return err == nil && v == code
}
