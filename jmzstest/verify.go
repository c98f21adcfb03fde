package jmzstest

import (
	"bytes"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/internal/apigsign"
)

// MaxClockSkew is how far a request's X-Sdk-Date may be from the
// gateway's clock, as on Huawei APIG.
const MaxClockSkew = 15 * time.Minute

// Messages of APIG.0303. The prefix, the "signature expired" format and
// the canonical request quoted with '|' for newlines are the real
// gateway's; the rest of the wording is the kit's.
const (
	msgAuthPrefix = "Incorrect app authentication information: "
	msgNoAuth     = msgAuthPrefix + "no AppCode or Authorization header"
	msgBadAppCode = msgAuthPrefix + "AppCode not found"
	msgBadFormat  = msgAuthPrefix + "Authorization format incorrect"
	msgNoApp      = msgAuthPrefix + "app not found"
	msgBadDate    = msgAuthPrefix + "x-sdk-date is missing, not signed or not in the form YYYYMMDDTHHMMSSZ"
)

// Verify authenticates r as Huawei APIG does and returns nil, or the
// *jmzs.GatewayError the gateway answers (HTTP 401, APIG.0303, no
// request id). r may be a request a server received or one a client has
// built but not sent (its Host is then taken from r.URL); its body is
// read and put back.
//
// An X-Apig-AppCode header must name a configured AppCode. Otherwise the
// Authorization header must be an SDK-HMAC-SHA256 signature by a
// configured AppKey, over the request as received: method, escaped path,
// canonical query, the headers named in SignedHeaders (host from r.Host)
// and the SHA-256 of the body (or X-Sdk-Content-Sha256), dated by a signed
// X-Sdk-Date within MaxClockSkew of the gateway's clock.
//
// A request with Alibaba Cloud credentials is checked as Aliyun's gateway
// does, and refused with its messages (the X-Ca-Error-Message in ErrorMsg,
// the X-Ca-Error-Code, if any, in ErrorCode). "Authorization: APPCODE
// <code>" must name an AppCode given to WithAliyunAppCode. A signature
// (X-Ca-Key, X-Ca-Signature) must be by an app given to WithAliyunAppKey,
// over the string to sign rebuilt from the request as received: method,
// Accept, Content-MD5, Content-Type, Date, the headers named in
// X-Ca-Signature-Headers, the path as sent and the query and form
// parameters, decoded and sorted. X-Ca-Timestamp, when present, must be
// within MaxClockSkew, X-Ca-Nonce unused within MaxClockSkew and
// Content-MD5 the body's.
func (g *Gateway) Verify(r *http.Request) error {
	var body []byte
	if r.Body != nil && r.Body != http.NoBody {
		var err error
		body, err = io.ReadAll(r.Body)
		r.Body.Close()
		r.Body = io.NopCloser(bytes.NewReader(body))
		if err != nil {
			return &jmzs.GatewayError{HTTPStatus: http.StatusBadRequest, ErrorCode: "APIG.0201", ErrorMsg: "cannot read request body: " + err.Error()}
		}
	}
	return g.verify(r, body)
}

func unauthorized(msg string) error {
	return &jmzs.GatewayError{HTTPStatus: http.StatusUnauthorized, ErrorCode: "APIG.0303", ErrorMsg: msg}
}

// verify is Verify with the body already read.
func (g *Gateway) verify(r *http.Request, body []byte) error {
	if isAliyunRequest(r) {
		return g.verifyAliyun(r, body) // aliyun_verify.go
	}
	if codes := r.Header.Values(jmzs.HeaderAppCode); len(codes) > 0 {
		for _, want := range g.appCodes {
			if len(codes) == 1 && subtle.ConstantTimeCompare([]byte(codes[0]), []byte(want)) == 1 {
				return nil
			}
		}
		return unauthorized(msgBadAppCode)
	}
	authz := r.Header.Get("Authorization")
	if authz == "" {
		return unauthorized(msgNoAuth)
	}
	a, err := apigsign.ParseAuthorization(authz)
	if err != nil {
		return unauthorized(msgBadFormat)
	}
	key, ok := g.apps[a.Access]
	if !ok {
		return unauthorized(msgNoApp)
	}

	date := r.Header.Get(apigsign.HeaderDate)
	signedAt, err := time.Parse(apigsign.DateFormat, date)
	if err != nil || !slices.Contains(a.SignedHeaders, "x-sdk-date") {
		return unauthorized(msgBadDate)
	}
	now := g.Now().UTC()
	if d := now.Sub(signedAt); d > MaxClockSkew || d < -MaxClockSkew {
		return unauthorized(msgAuthPrefix + "signature expired, signature time:" + date +
			",server time:" + now.Format(apigsign.DateFormat))
	}

	canonical, err := canonicalRequest(r, a.SignedHeaders, body)
	if err != nil {
		return unauthorized(msgBadFormat + ": " + err.Error())
	}
	sts := apigsign.AppendStringToSign(nil, date, canonical)
	if !key.Equal(sts, a.Signature) {
		return unauthorized(msgAuthPrefix + "verify signature fail, canonicalRequest:" +
			strings.ReplaceAll(string(canonical), "\n", "|"))
	}
	return nil
}

// canonicalRequest rebuilds the canonical request of r as received.
func canonicalRequest(r *http.Request, signed []string, body []byte) ([]byte, error) {
	query, err := apigsign.CanonicalQuery(r.URL.RawQuery)
	if err != nil {
		return nil, err
	}
	headers := make([]apigsign.Header, 0, len(signed))
	for _, name := range signed {
		var value string
		if strings.EqualFold(name, "host") {
			value = r.Host
			if value == "" {
				value = r.URL.Host
			}
		} else {
			// How APIG joins a repeated header is not documented; the
			// SDK never sends one, and joining keeps the check strict.
			value = strings.Join(r.Header.Values(name), ",")
		}
		headers = append(headers, apigsign.Header{Name: name, Value: value})
	}
	payload := r.Header.Get(apigsign.HeaderContentSHA256)
	if payload == "" {
		sum := sha256.Sum256(body)
		payload = hex.EncodeToString(sum[:])
	}
	canonical, _, _, err := apigsign.AppendCanonicalRequest(nil, &apigsign.Request{
		Method:      r.Method,
		EscapedPath: r.URL.EscapedPath(),
		Query:       query,
		Headers:     headers,
		PayloadHash: payload,
	})
	return canonical, err
}
