package jmzstest

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"regexp"
	"strconv"
	"time"
)

// envelope is the vendor's response body, keys in the order the real
// service writes them: data, msg, success, code, taskNo.
type envelope struct {
	Data    any    `json:"data"`
	Msg     string `json:"msg"`
	Success bool   `json:"success"`
	Code    int    `json:"code"`
	TaskNo  string `json:"taskNo"`
}

// envelopeBody renders an envelope with a fresh taskNo. A nil data becomes
// {}, as in the vendor's error samples.
func envelopeBody(code int, msg string, data any) ([]byte, error) {
	if data == nil {
		data = struct{}{}
	}
	return json.Marshal(envelope{Data: data, Msg: msg, Success: code == 200, Code: code, TaskNo: newTaskNo()})
}

// apigError is an APIG error body.
type apigError struct {
	ErrorMsg  string `json:"error_msg"`
	ErrorCode string `json:"error_code"`
	RequestID string `json:"request_id"`
}

func apigErrorBody(errorCode, errorMsg, requestID string) []byte {
	b, _ := json.Marshal(apigError{ErrorMsg: errorMsg, ErrorCode: errorCode, RequestID: requestID})
	return b
}

// newRequestID returns 32 lower-case hex digits, the form of APIG's
// X-Request-Id (e.g. acbc548ac6f2a0dbdb9e3518a7c0ff84).
func newRequestID() string {
	var b [16]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// newTaskNo returns 24 random decimal digits, the length of the vendor's
// longer taskNo samples (e.g. 438349168196884244029961).
func newTaskNo() string {
	var b [24]byte
	rand.Read(b[:])
	for i := range b {
		b[i] = '0' + b[i]%10
	}
	if b[0] == '0' {
		b[0] = '1'
	}
	return string(b[:])
}

var taskNoField = regexp.MustCompile(`"taskNo"\s*:\s*"[0-9]+"`)

// withFreshTaskNo returns body with its taskNo, if any, replaced by a
// fresh one, leaving every other byte as it was.
func withFreshTaskNo(body []byte) []byte {
	return taskNoField.ReplaceAllFunc(body, func([]byte) []byte {
		return []byte(`"taskNo":"` + newTaskNo() + `"`)
	})
}

// responseHeader is what every answer carries: a JSON content type, an
// X-Request-Id and a Date read from the given clock.
func responseHeader(requestID string, now time.Time, length int) http.Header {
	return http.Header{
		"Content-Type":   {"application/json;charset=UTF-8"},
		"X-Request-Id":   {requestID},
		"Date":           {now.UTC().Format(http.TimeFormat)},
		"Content-Length": {strconv.Itoa(length)},
	}
}
