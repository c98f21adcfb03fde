package jmzs

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
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
	RequestID  string // gateway request id (X-Request-Id, X-Ca-Request-Id, or request_id in an APIG error body)

	Success *bool           // the envelope's "success", when present
	Charge  *bool           // the envelope's "charge" (billed), when present
	Header  http.Header     // response headers
	Raw     json.RawMessage // the whole response body
}

// head is what the vendor envelope and an APIG error body hold besides
// the data; which of the two a body is follows from which keys it has.
type head struct {
	Code    lenientCode   `json:"code"`
	Msg     string        `json:"msg"`
	TaskNo  lenientString `json:"taskNo"`
	Success optionalBool  `json:"success"`
	Charge  optionalBool  `json:"charge"`

	ErrorCode string `json:"error_code"`
	ErrorMsg  string `json:"error_msg"`
	RequestID string `json:"request_id"`
}

// envelope is a body with its data as D: *T to decode a well-formed body
// in one pass straight into the Response, json.RawMessage to look at an
// odd one.
type envelope[D any] struct {
	head
	Data D `json:"data"`
}

// lenientCode is a business code sent as a JSON number or numeric string.
type lenientCode struct {
	n   int
	set bool
}

func (c *lenientCode) UnmarshalJSON(b []byte) error {
	s := bytes.TrimSpace(bytes.Trim(b, `"`))
	if string(s) == "null" {
		return errors.New(`"code" is null`)
	}
	// strconv.Atoi(string(s)) does not allocate: the string does not
	// escape, as strconv copies it into any error it returns.
	n, err := strconv.Atoi(string(s))
	if err != nil {
		f, err := strconv.ParseFloat(string(s), 64)
		if err != nil || f != float64(int(f)) {
			return fmt.Errorf("\"code\" %s is not an integer", b)
		}
		n = int(f)
	}
	*c = lenientCode{n: n, set: true}
	return nil
}

// optionalBool is a JSON boolean that may be absent or null.
type optionalBool struct {
	v, set bool
}

func (o *optionalBool) UnmarshalJSON(b []byte) error {
	switch string(b) {
	case "true", "false":
		*o = optionalBool{v: string(b) == "true", set: true}
	case "null":
		*o = optionalBool{}
	default:
		return fmt.Errorf("%.20s is not a boolean", b)
	}
	return nil
}

// ptr returns a pointer to the value when set, else nil.
func (o *optionalBool) ptr() *bool {
	if !o.set {
		return nil
	}
	return &o.v
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

// outcome is one attempt: its Response, as far as it was decoded, and
// the verdict the retry policy decides on. The Response lives inside it,
// so that one allocation holds both.
type outcome[T any] struct {
	resp Response[T]
	env  envelope[*T] // decoded into here: its data points at resp.Data
	v    verdict
}

// classify decodes body and tells a vendor envelope from a gateway
// refusal from neither, filling o's Response and verdict. With onePass,
// a well-formed body is decoded straight into the Response's data; the
// fuzz tests check that both ways agree.
func classify[T any](o *outcome[T], status int, header http.Header, body []byte, onePass bool) {
	r := &o.resp
	r.HTTPStatus, r.Header, r.Raw = status, header, body
	o.v.status, o.v.header = status, header
	requestID := requestID(header) // then the body's request_id, below

	decodeErr := errNotDecoded
	var data json.RawMessage // the data, kept raw when decoded in two passes
	if onePass {
		o.env.Data = &r.Data
		decodeErr = json.Unmarshal(body, &o.env)
	}
	if decodeErr != nil {
		// Not an envelope, or data that does not fit T: parse again with
		// the data kept raw, to tell which and to say why.
		var zero T
		r.Data = zero
		var env envelope[json.RawMessage]
		decodeErr = json.Unmarshal(body, &env)
		o.env.head, data = env.head, env.Data
	}
	h := &o.env.head
	if requestID == "" {
		requestID = h.RequestID
	}
	r.RequestID = requestID
	r.Msg, r.TaskNo, r.Success, r.Charge = h.Msg, string(h.TaskNo), h.Success.ptr(), h.Charge.ptr()
	if h.Code.set {
		r.Code = h.Code.n
	}
	o.v.code, o.v.hasCode, o.v.charged = r.Code, h.Code.set, h.Charge.set && h.Charge.v

	var err error
	switch {
	case decodeErr == nil && h.Code.set && !utf8.Valid(body):
		// encoding/json would quietly turn the bad bytes into U+FFFD.
		err = &DecodeError{HTTPStatus: status, RequestID: requestID, Snippet: snippet(body),
			Err: fmt.Errorf("%w: body is not valid UTF-8", ErrMalformedResponse)}
	case decodeErr == nil && h.Code.set:
		if r.Code != 200 {
			err = &APIError{Code: r.Code, Msg: h.Msg, TaskNo: r.TaskNo, HTTPStatus: status, RequestID: requestID}
		} else if data != nil {
			if derr := decodeData(data, &r.Data); derr != nil {
				err = &DecodeError{HTTPStatus: status, RequestID: requestID, Snippet: snippet(data),
					Err: fmt.Errorf("%w: data: %w", ErrMalformedResponse, derr)}
			}
		}
	case decodeErr == nil && h.ErrorCode != "":
		ge := &GatewayError{HTTPStatus: status, ErrorCode: h.ErrorCode, ErrorMsg: h.ErrorMsg, RequestID: requestID}
		err, o.v.gateway = ge, ge
	case header.Get("X-Ca-Error-Message") != "":
		aliyunMsg := header.Get("X-Ca-Error-Message")
		code := header.Get("X-Ca-Error-Code")
		if code == "" {
			code = aliyunErrorCode(aliyunMsg)
		}
		ge := &GatewayError{HTTPStatus: status, ErrorCode: code, ErrorMsg: aliyunMsg, RequestID: requestID}
		err, o.v.gateway = ge, ge
	case status < 200 || status > 299:
		// An HTML page from a load balancer, an empty body: the status is
		// all there is.
		ge := &GatewayError{HTTPStatus: status, ErrorMsg: snippet(body), RequestID: requestID}
		err, o.v.gateway = ge, ge
	default:
		cause := decodeErr
		if cause == nil {
			cause = errors.New(`no "code" or "error_code" in the body`)
		}
		err = &DecodeError{HTTPStatus: status, RequestID: requestID, Snippet: snippet(body), Err: fmt.Errorf("%w: %w", ErrMalformedResponse, cause)}
	}
	if err != nil {
		var zero T
		r.Data = zero // what was decoded of a failure is not data
	}
	o.v.err = err
}

var errNotDecoded = errors.New("not decoded")

// snippet returns up to 200 bytes of body as valid, single-line text.
func snippet(body []byte) string {
	const max = 200
	if len(body) > max {
		body = body[:max]
	}
	s := strings.ToValidUTF8(string(body), string(utf8.RuneError))
	return strings.Join(strings.Fields(s), " ")
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

// initialBodyBuffer is the first size of a response buffer; it doubles as
// bytes arrive, whatever length the server declares.
const initialBodyBuffer = 512

// readBody reads at most limit bytes of resp's body into a buffer that
// grows with what is received, never with what the server declares.
func readBody(body io.Reader, limit int64) (buf []byte, tooLarge bool, err error) {
	most := limit + 1 // reading one byte more tells a body over the limit
	if most <= 0 {
		most = math.MaxInt64
	}
	buf = make([]byte, 0, min(initialBodyBuffer, most))
	for {
		if len(buf) == cap(buf) {
			if int64(len(buf)) > limit {
				return nil, true, nil
			}
			buf = append(buf, 0)[:len(buf)] // let append pick the next size
			if int64(cap(buf)) > most {
				buf = buf[:len(buf):most]
			}
		}
		n, err := body.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			if int64(len(buf)) > limit {
				return nil, true, nil
			}
			return buf, false, nil
		}
		if err != nil {
			return nil, false, err
		}
	}
}
