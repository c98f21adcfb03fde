package jmzs

import (
	"errors"
	"fmt"
	"net/http"
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

// Sentinels for gateway refusals. A *GatewayError satisfies errors.Is
// against at most one of them.
var (
	// ErrUnauthorized: the gateway refused the credentials: HTTP 401 or
	// 403, or an Alibaba Cloud "Invalid AppCode", "Invalid AppKey",
	// "Invalid Signature", "Unauthorized" or "Expiry of Authorization".
	ErrUnauthorized = errors.New("jmzs: unauthorized")
	// ErrThrottled: the gateway's rate limit was reached: HTTP 429,
	// APIG.0308 (or APIGW.0308), or an Alibaba Cloud "Throttled by …
	// Flow Control". Retried.
	ErrThrottled = errors.New("jmzs: throttled")
	// ErrQuotaExhausted: the package of calls bought is used up, expired
	// or unpaid (Alibaba Cloud "Quota Exhausted", "Quota Expired", "User
	// Arrears"). Never retried: buy more calls.
	ErrQuotaExhausted = errors.New("jmzs: quota exhausted")
)

// ErrOutcomeUnknown is matched by the error of a call that may have been
// processed, and billed, although no answer says how it went: the
// connection failed after the request was sent, the answer was cut
// short or came too late, or the gateway answered 504 (the backend did
// not answer in time and may still have run the call). Do never sends
// such a call again; a caller that does may pay twice. The request id,
// when the error carries one, lets the vendor's support tell the outcome.
var ErrOutcomeUnknown = errors.New("jmzs: the call may have been processed and billed")

// outcomeUnknown marks a transport error after which the call may have
// been processed.
type outcomeUnknown struct{ err error }

func (e *outcomeUnknown) Error() string        { return e.err.Error() }
func (e *outcomeUnknown) Unwrap() error        { return e.err }
func (e *outcomeUnknown) Is(target error) bool { return target == ErrOutcomeUnknown }

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
// matching business code, and ErrOutcomeUnknown for an envelope that came
// with HTTP 504.
func (e *APIError) Is(target error) bool {
	if target == ErrOutcomeUnknown {
		return e.HTTPStatus == http.StatusGatewayTimeout
	}
	s, ok := businessCodes[e.Code]
	return ok && s == target
}

// GatewayError is a failure answered by an API gateway rather than the
// vendor: a Huawei APIG error body ({"error_code","error_msg","request_id"}),
// an Alibaba Cloud refusal (headers X-Ca-Error-Message, X-Ca-Error-Code,
// X-Ca-Request-Id), or a non-2xx status with no envelope.
type GatewayError struct {
	HTTPStatus int
	// ErrorCode is the gateway's code: APIG.0303 or APIGW.0308 on Huawei;
	// X-Ca-Error-Code on Alibaba Cloud, or else the head of its message
	// ("Throttled by APP Flow Control", "Invalid Signature"); empty when
	// the gateway gave none.
	ErrorCode string
	// ErrorMsg is the gateway's message as received. Some quote the
	// request back (APIG.0303 its canonical request, Alibaba Cloud its
	// string to sign), with the parameters' values: Error masks those,
	// ErrorMsg keeps them for diagnosis, so log Error(), not ErrorMsg.
	ErrorMsg  string
	RequestID string
}

// Error names the gateway's error code, the HTTP status, its message with
// any request data it quotes masked, and the request id.
func (e *GatewayError) Error() string {
	var b strings.Builder
	b.WriteString("jmzs: gateway error")
	if e.ErrorCode != "" {
		fmt.Fprintf(&b, " %s", e.ErrorCode)
	}
	fmt.Fprintf(&b, " (HTTP %d)", e.HTTPStatus)
	if e.ErrorMsg != "" {
		fmt.Fprintf(&b, ": %s", redactGatewayMessage(e.ErrorMsg))
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, " (request id %s)", e.RequestID)
	}
	return b.String()
}

// Is matches ErrThrottled, ErrQuotaExhausted or ErrUnauthorized, by the
// kind of refusal (see their docs), and ErrOutcomeUnknown for HTTP 504.
func (e *GatewayError) Is(target error) bool {
	switch k := e.kind(); target {
	case ErrThrottled:
		return k == refusalThrottled
	case ErrQuotaExhausted:
		return k == refusalQuota
	case ErrUnauthorized:
		return k == refusalUnauthorized
	case ErrOutcomeUnknown:
		return e.HTTPStatus == http.StatusGatewayTimeout
	}
	return false
}

// refusal is the kind of a gateway refusal, as the retry policy and
// errors.Is see it.
type refusal int

const (
	refusalOther refusal = iota
	refusalThrottled
	refusalQuota
	refusalUnauthorized
)

// Alibaba Cloud's refusal messages by kind: each is a prefix of
// X-Ca-Error-Message (the API gateway's error table,
// https://www.alibabacloud.com/help/doc-detail/43906.htm).
var aliyunRefusals = []struct {
	prefix string
	kind   refusal
}{
	{"Throttled by ", refusalThrottled}, // USER, APP, API, DOMAIN, GROUP Flow Control
	{"Quota Exhausted", refusalQuota},
	{"Quota Expired", refusalQuota},
	{"User Arrears", refusalQuota},
	{"Invalid AppCode", refusalUnauthorized},
	{"Invalid AppKey", refusalUnauthorized},
	{"Invalid AppSecret", refusalUnauthorized},
	{"Invalid Signature", refusalUnauthorized},
	{"Empty Signature", refusalUnauthorized},
	{"Unauthorized", refusalUnauthorized},
	{"Expiry of Authorization", refusalUnauthorized},
}

// kind classifies e from its fields alone, so that a GatewayError built
// by hand (as the kit's gateway does) behaves like a received one.
func (e *GatewayError) kind() refusal {
	if apigNumber(e.ErrorCode) == "0308" {
		return refusalThrottled
	}
	for _, r := range aliyunRefusals {
		if hasPrefixFold(e.ErrorMsg, r.prefix) {
			return r.kind
		}
	}
	switch e.HTTPStatus {
	case http.StatusTooManyRequests:
		return refusalThrottled
	case http.StatusUnauthorized, http.StatusForbidden:
		return refusalUnauthorized
	}
	return refusalOther
}

// signatureExpired reports whether e refuses a signature dated too far
// from the gateway's clock: APIG.0303 "signature expired" on Huawei,
// "Timestamp Expired" on Alibaba Cloud.
func (e *GatewayError) signatureExpired() bool {
	return apigNumber(e.ErrorCode) == "0303" && strings.Contains(strings.ToLower(e.ErrorMsg), "signature expired") ||
		hasPrefixFold(e.ErrorMsg, "Timestamp Expired")
}

// apigNumber returns the number of a Huawei APIG error code ("0308" of
// APIG.0308 or APIGW.0308), or "" for another code.
func apigNumber(code string) string {
	if n, ok := strings.CutPrefix(code, "APIG."); ok {
		return n
	}
	if n, ok := strings.CutPrefix(code, "APIGW."); ok {
		return n
	}
	return ""
}

// aliyunErrorCode derives an error code from an Alibaba Cloud refusal
// message that came without X-Ca-Error-Code: its head, before any detail
// ("Invalid Signature" of "Invalid Signature, Server StringToSign:…").
func aliyunErrorCode(msg string) string {
	if i := strings.IndexAny(msg, ",:`("); i >= 0 {
		msg = msg[:i]
	}
	return strings.TrimSpace(msg)
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
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

// Is makes a DecodeError match ErrMalformedResponse, unless the body was
// only too large (then it matches ErrResponseTooLarge, through Err).
func (e *DecodeError) Is(target error) bool {
	return target == ErrMalformedResponse && !errors.Is(e.Err, ErrResponseTooLarge)
}
