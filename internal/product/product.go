// Package product is what the product packages (express, idcard, …)
// share: where each method is sold, where it is sent, and the one call
// path every method takes.
//
// A product package describes each method once, as a package-level
// Method, embeds a Service in its own Service type, and ends every
// method with Call.
package product

import (
	"strconv"
	"strings"

	"github.com/jmzs-sdk/jmzs-go"
)

// Market is where a product method is sold; it decides which credentials
// a client needs to call it.
type Market int

// The markets the vendor sells on.
const (
	Huawei Market = iota + 1 // Huawei Cloud KooGallery, behind Huawei API Gateway
	Aliyun                   // Alibaba Cloud's API market
)

// String names the market as the marketplace names itself.
func (m Market) String() string {
	switch m {
	case Huawei:
		return "Huawei Cloud KooGallery"
	case Aliyun:
		return "Alibaba Cloud's API market"
	}
	return "Market(" + strconv.Itoa(int(m)) + ")"
}

// Options names the jmzs options that give a client the market's
// credentials.
func (m Market) Options() []string {
	switch m {
	case Huawei:
		return []string{"jmzs.WithAppKey", "jmzs.WithAppCode"}
	case Aliyun:
		return []string{"jmzs.WithAliyunAppCode", "jmzs.WithAliyunAppKey"}
	}
	return nil
}

// Method describes one method of a product package.
type Method struct {
	// Name is the method as users call it, such as "express.Query".
	Name string
	// Market is where the method is sold.
	Market Market
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
