package jmzs

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Response is a decoded vendor envelope {code, msg, taskNo, data}.
type Response[T any] struct {
	Code       int    // business code, 200 = success
	Msg        string // vendor's message
	TaskNo     string // vendor's unique business number; quote it to the vendor's support
	Data       T
	HTTPStatus int
	RequestID  string // gateway request id (X-Request-Id, or request_id in an APIG error body)

	Success *bool           // the envelope's "success", when present
	Charge  *bool           // the envelope's "charge" (billed), when present
	Header  http.Header     // response headers
	Raw     json.RawMessage // the whole response body
}

// envelope is the union of the vendor envelope and an APIG error body;
// which one a body is follows from which keys it has.
type envelope struct {
	Code    *lenientCode    `json:"code"`
	Msg     string          `json:"msg"`
	TaskNo  lenientString   `json:"taskNo"`
	Success *bool           `json:"success"`
	Charge  *bool           `json:"charge"`
	Data    json.RawMessage `json:"data"`

	ErrorCode string `json:"error_code"`
	ErrorMsg  string `json:"error_msg"`
	RequestID string `json:"request_id"`
}

// wire is an envelope whose data is decoded straight into the caller's
// type, so that a well-formed body is parsed once. Its Data field hides
// envelope.Data.
type wire struct {
	envelope
	Data any `json:"data"` // a pointer to the caller's T
}

// lenientCode is a business code sent as a JSON number or numeric string.
type lenientCode int

func (c *lenientCode) UnmarshalJSON(b []byte) error {
	s := string(bytes.Trim(b, `"`))
	if s == "null" {
		return errors.New(`"code" is null`)
	}
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		f, ferr := strconv.ParseFloat(s, 64)
		if ferr != nil || f != float64(int(f)) {
			return fmt.Errorf("\"code\" %s is not an integer", b)
		}
		n = int(f)
	}
	*c = lenientCode(n)
	return nil
}

// lenientString accepts a JSON string or number (taskNo must never pass
// through float64: it overflows int64).
type lenientString string

func (s *lenientString) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		if inner := b[1 : len(b)-1]; bytes.IndexByte(inner, '\\') < 0 {
			*s = lenientString(inner) // the common case: no escapes to undo
			return nil
		}
		var v string
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		*s = lenientString(v)
		return nil
	}
	if string(b) == "null" {
		return nil
	}
	*s = lenientString(b)
	return nil
}

// outcome is one attempt's classified response.
type outcome struct {
	status    int
	header    http.Header
	body      []byte
	requestID string
	env       envelope
	data      any   // *T holding the decoded data, or nil: then decode env.Data
	err       error // *APIError, *GatewayError or *DecodeError; nil on code 200
}

// classify tells an envelope from an APIG error body from neither.
// newData, when not nil, returns a fresh *T for the envelope's data.
func classify(status int, header http.Header, body []byte, newData func() any) *outcome {
	o := &outcome{status: status, header: header, body: body, requestID: header.Get("X-Request-Id")}
	if o.requestID == "" {
		o.requestID = header.Get("X-Ca-Request-Id") // Aliyun
	}
	var decodeErr error = errNoData
	if newData != nil {
		w := wire{Data: newData()}
		if decodeErr = json.Unmarshal(body, &w); decodeErr == nil {
			o.env, o.data = w.envelope, w.Data
		}
	}
	if decodeErr != nil {
		// Not an envelope, or data that does not fit T: parse again with
		// the data kept raw, to tell which and to say why.
		decodeErr = json.Unmarshal(body, &o.env)
	}
	if o.requestID == "" {
		o.requestID = o.env.RequestID
	}
	switch {
	case decodeErr == nil && o.env.Code != nil && !utf8.Valid(body):
		// encoding/json would quietly turn the bad bytes into U+FFFD.
		o.err = &DecodeError{HTTPStatus: status, RequestID: o.requestID, Snippet: snippet(body),
			Err: fmt.Errorf("%w: body is not valid UTF-8", ErrMalformedResponse)}
	case decodeErr == nil && o.env.Code != nil:
		if code := int(*o.env.Code); code != 200 {
			o.err = &APIError{Code: code, Msg: o.env.Msg, TaskNo: string(o.env.TaskNo), HTTPStatus: status, RequestID: o.requestID}
		}
	case decodeErr == nil && o.env.ErrorCode != "":
		o.err = &GatewayError{HTTPStatus: status, ErrorCode: o.env.ErrorCode, ErrorMsg: o.env.ErrorMsg, RequestID: o.requestID}
	case status < 200 || status > 299 || header.Get("X-Ca-Error-Message") != "":
		// An HTML page from a load balancer, an empty body, an Aliyun
		// gateway refusal: the status is all we have.
		msg := header.Get("X-Ca-Error-Message")
		if msg == "" {
			msg = snippet(body)
		}
		o.err = &GatewayError{HTTPStatus: status, ErrorMsg: msg, RequestID: o.requestID}
	default:
		cause := decodeErr
		if cause == nil {
			cause = errors.New(`no "code" or "error_code" in the body`)
		}
		o.err = &DecodeError{HTTPStatus: status, RequestID: o.requestID, Snippet: snippet(body), Err: fmt.Errorf("%w: %w", ErrMalformedResponse, cause)}
	}
	return o
}

var errNoData = errors.New("no data type")

// snippet returns up to 200 bytes of body as valid, single-line text.
func snippet(body []byte) string {
	const max = 200
	if len(body) > max {
		body = body[:max]
	}
	s := strings.ToValidUTF8(string(body), string(utf8.RuneError))
	return strings.Join(strings.Fields(s), " ")
}

// response builds the Response of o, decoding data into T.
func response[T any](o *outcome) (*Response[T], error) {
	r := &Response[T]{
		Msg:        o.env.Msg,
		TaskNo:     string(o.env.TaskNo),
		HTTPStatus: o.status,
		RequestID:  o.requestID,
		Success:    o.env.Success,
		Charge:     o.env.Charge,
		Header:     o.header,
		Raw:        o.body,
	}
	if o.env.Code != nil {
		r.Code = int(*o.env.Code)
	}
	if o.err != nil {
		return r, o.err
	}
	if d, ok := o.data.(*T); ok {
		r.Data = *d
		return r, nil
	}
	if err := decodeData(o.env.Data, &r.Data); err != nil {
		return r, &DecodeError{HTTPStatus: o.status, RequestID: o.requestID, Snippet: snippet(o.env.Data),
			Err: fmt.Errorf("%w: data: %w", ErrMalformedResponse, err)}
	}
	return r, nil
}

// decodeData unmarshals data into v; missing, null and {} leave v zero.
func decodeData[T any](data json.RawMessage, v *T) error {
	if len(data) == 0 || string(data) == "null" {
		return nil
	}
	if err := json.Unmarshal(data, v); err != nil {
		if string(bytes.Join(bytes.Fields(data), nil)) == "{}" {
			var zero T
			*v = zero
			return nil
		}
		return err
	}
	return nil
}
