package jmzstest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"
)

// The responders below are plain functions from a request to a response:
// httpmock.RegisterResponder takes them as they are (its Responder has
// this type), and so can any http.RoundTripper written as a function.

// Responder answers like the vendor behind the gateway: HTTP 200 with an
// envelope {data, msg, success, code, taskNo}, a fresh taskNo and
// X-Request-Id on every call. A nil data is sent as {}. If data cannot be
// marshalled, the call fails with that error.
func Responder(code int, msg string, data any) func(*http.Request) (*http.Response, error) {
	return func(*http.Request) (*http.Response, error) {
		body, err := envelopeBody(code, msg, data)
		if err != nil {
			return nil, fmt.Errorf("jmzstest: Responder data: %w", err)
		}
		return newResponse(http.StatusOK, newRequestID(), body), nil
	}
}

// GatewayErrorResponder answers like API Gateway refusing a call: status
// with the body {"error_msg","error_code","request_id"}, the request id
// also in X-Request-Id. For 429 it adds Retry-After: 0.
func GatewayErrorResponder(status int, errorCode, errorMsg string) func(*http.Request) (*http.Response, error) {
	return func(*http.Request) (*http.Response, error) {
		id := newRequestID()
		resp := newResponse(status, id, apigErrorBody(errorCode, errorMsg, id))
		if status == http.StatusTooManyRequests {
			resp.Header.Set("Retry-After", "0")
		}
		return resp, nil
	}
}

// AliyunErrorResponder answers like Alibaba Cloud's API Gateway refusing
// a call: status, an empty body, errorMsg in X-Ca-Error-Message, errorCode
// (if not empty) in X-Ca-Error-Code and a fresh X-Ca-Request-Id. The
// documented messages include "Throttled by APP Flow Control" (403),
// "Quota Exhausted" (403), "Invalid AppCode" (400) and "Invalid
// Signature, Server StringToSign:…" (400).
func AliyunErrorResponder(status int, errorCode, errorMsg string) func(*http.Request) (*http.Response, error) {
	return func(*http.Request) (*http.Response, error) {
		id := newRequestID()
		resp := newResponse(status, id, nil)
		resp.Header.Set(HeaderAliyunRequestID, id)
		resp.Header.Set(HeaderAliyunErrorMessage, errorMsg)
		if errorCode != "" {
			resp.Header.Set(HeaderAliyunErrorCode, errorCode)
		}
		return resp, nil
	}
}

// FixtureResponder answers with the named fixture, its status and its
// headers (see Fixture, FixtureStatus and FixtureHeader), with a fresh
// taskNo where the fixture has one. X-Request-Id is fresh, or the
// request_id of an APIG body; an Aliyun refusal carries it in
// X-Ca-Request-Id too. It panics at once for an unknown name, as Fixture
// does.
func FixtureResponder(name string) func(*http.Request) (*http.Response, error) {
	body, status, header := Fixture(name), FixtureStatus(name), FixtureHeader(name)
	var e apigError
	json.Unmarshal(body, &e)
	return func(*http.Request) (*http.Response, error) {
		id := e.RequestID
		if id == "" {
			id = newRequestID()
		}
		resp := newResponse(status, id, withFreshTaskNo(body))
		for k, v := range header {
			resp.Header[k] = append([]string(nil), v...)
		}
		if header != nil {
			resp.Header.Set(HeaderAliyunRequestID, id)
		}
		return resp, nil
	}
}

func newResponse(status int, requestID string, body []byte) *http.Response {
	return &http.Response{
		Status:        strconv.Itoa(status) + " " + http.StatusText(status),
		StatusCode:    status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        responseHeader(requestID, time.Now(), len(body)),
		Body:          io.NopCloser(bytes.NewReader(bytes.Clone(body))),
		ContentLength: int64(len(body)),
	}
}
