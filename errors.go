package jmzs

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinels for the vendor's documented business codes. An *APIError
// with the matching Code satisfies errors.Is against them.
var (
	ErrInvalidParams         = errors.New("jmzs: invalid parameters (code 400)")
	ErrProviderMaintenance   = errors.New("jmzs: provider under maintenance (code 500)")
	ErrDataSourceMaintenance = errors.New("jmzs: data source under maintenance (code 501)")
	ErrOther                 = errors.New("jmzs: other error (code 999)")
)

// Sentinels for gateway failures. A *GatewayError satisfies errors.Is
// against them.
var (
	// ErrUnauthorized: the gateway refused the credentials (HTTP 401 or 403).
	ErrUnauthorized = errors.New("jmzs: unauthorized")
	// ErrThrottled: the gateway's rate limit was reached (HTTP 429 or APIG.0308).
	ErrThrottled = errors.New("jmzs: throttled")
)

// ErrMalformedResponse is matched by a *DecodeError: the body was neither
// an envelope nor a gateway error, or its data did not fit the result type.
var ErrMalformedResponse = errors.New("jmzs: malformed response")

// ErrResponseTooLarge is matched by a *DecodeError for a body over the
// client's limit (see WithMaxResponseBytes).
var ErrResponseTooLarge = errors.New("jmzs: response body too large")

// businessCodes maps the vendor's documented business codes to sentinels.
var businessCodes = map[int]error{
	400: ErrInvalidParams,
	500: ErrProviderMaintenance,
	501: ErrDataSourceMaintenance,
	999: ErrOther,
}

// APIError is a vendor envelope whose business code is not 200.
type APIError struct {
	Code       int    // business code, e.g. 400
	Msg        string // vendor's message, usually Chinese
	TaskNo     string // vendor's business number, when present
	HTTPStatus int
	RequestID  string // gateway request id
}

// Error names the business code, the message, the taskNo and the request id.
func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "jmzs: business code %d", e.Code)
	if e.Msg != "" {
		fmt.Fprintf(&b, ": %s", e.Msg)
	}
	if e.TaskNo != "" {
		fmt.Fprintf(&b, " (taskNo %s)", e.TaskNo)
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, " (request id %s)", e.RequestID)
	}
	return b.String()
}

// Is makes errors.Is(err, ErrInvalidParams) and its siblings hold for the
// matching business code.
func (e *APIError) Is(target error) bool {
	s, ok := businessCodes[e.Code]
	return ok && s == target
}

// GatewayError is a failure answered by the API gateway rather than the
// vendor: an APIG error body ({"error_code","error_msg","request_id"}),
// an Aliyun X-Ca-Error-Message, or a non-2xx status with no envelope.
type GatewayError struct {
	HTTPStatus int
	ErrorCode  string // e.g. APIG.0303; empty when the gateway gave none
	ErrorMsg   string
	RequestID  string
}

// Error names the gateway's error code, the HTTP status, its message and the request id.
func (e *GatewayError) Error() string {
	var b strings.Builder
	b.WriteString("jmzs: gateway error")
	if e.ErrorCode != "" {
		fmt.Fprintf(&b, " %s", e.ErrorCode)
	}
	fmt.Fprintf(&b, " (HTTP %d)", e.HTTPStatus)
	if e.ErrorMsg != "" {
		fmt.Fprintf(&b, ": %s", e.ErrorMsg)
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, " (request id %s)", e.RequestID)
	}
	return b.String()
}

// Is reports ErrUnauthorized for HTTP 401/403 and ErrThrottled for HTTP 429
// or APIG.0308.
func (e *GatewayError) Is(target error) bool {
	switch target {
	case ErrUnauthorized:
		return e.HTTPStatus == 401 || e.HTTPStatus == 403
	case ErrThrottled:
		return e.HTTPStatus == 429 || e.ErrorCode == "APIG.0308"
	}
	return false
}

// DecodeError is a response that could not be understood: not JSON, no
// "code" or "error_code", data of the wrong type, or a body over the limit.
type DecodeError struct {
	HTTPStatus int
	RequestID  string
	Snippet    string // the start of the body, for diagnosis
	Err        error  // the underlying cause; matches ErrMalformedResponse or ErrResponseTooLarge
}

// Error describes what could not be decoded and shows the start of the body.
func (e *DecodeError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "jmzs: cannot decode response (HTTP %d): %v", e.HTTPStatus, e.Err)
	if e.Snippet != "" {
		fmt.Fprintf(&b, "; body starts %q", e.Snippet)
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, " (request id %s)", e.RequestID)
	}
	return b.String()
}

// Unwrap returns the underlying cause.
func (e *DecodeError) Unwrap() error { return e.Err }

// Is makes every DecodeError match ErrMalformedResponse.
func (e *DecodeError) Is(target error) bool { return target == ErrMalformedResponse }
