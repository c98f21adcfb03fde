package jmzs

import "strconv"

// ParamError is a request parameter refused before anything was sent.
// It matches ErrInvalidParams, the sentinel of the vendor's code 400, so
// one errors.Is check covers bad input whether the SDK or the vendor
// caught it. It never holds the refused value, which may be personal data.
type ParamError struct {
	Field  string // the vendor's parameter name, e.g. "idCardNo"
	Reason string // why it was refused
}

// Error names the parameter and the reason.
func (e *ParamError) Error() string {
	return "jmzs: invalid parameter " + strconv.Quote(e.Field) + ": " + e.Reason
}

// Is reports whether target is ErrInvalidParams.
func (e *ParamError) Is(target error) bool { return target == ErrInvalidParams }
