package jmzstest

import (
	"bytes"
	"crypto/subtle"
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
	// What the real gateway requires of SignedHeaders (Huawei's signing
	// guide: "host" must be signed; a body hash given in
	// X-Sdk-Content-Sha256 must be signed too).
	msgHostNotSigned   = msgAuthPrefix + "host is not signed"
	msgSHA256NotSigned = msgAuthPrefix + "x-sdk-content-sha256 is sent but not signed"
)

// Verify authenticates r as the gateway of its market does, and returns
// nil or the *jmzs.GatewayError the gateway answers (no request id). The
// market is its Host's, when that is a market's host, else that of the
// credentials it carries (see Gateway). r may be a request a server
// received or one a client has built but not sent (its Host is then
// taken from r.URL); its body is read and put back.
//
// On Huawei's market a refusal is HTTP 401, APIG.0303.
// An X-Apig-AppCode header must name a configured AppCode. Otherwise the
// Authorization header must be an SDK-HMAC-SHA256 signature by a
// configured AppKey over the request as received, rebuilt as the gateway
// rebuilds it and independently of the SDK's signer: the method; the
// escaped path as it arrived, percent-decoded, split on '/' and each
// segment escaped again; the query parsed from the raw query; the
// headers named in SignedHeaders, which must include host (from r.Host)
// and x-sdk-date, and x-sdk-content-sha256 when that header is sent; and
// the SHA-256 of the body (or X-Sdk-Content-Sha256). X-Sdk-Date must be
// within MaxClockSkew of the gateway's clock. A path or query that does
// not decode to valid UTF-8, or has an empty key, is refused: Huawei's
// own signers disagree on it.
//
// On Alibaba Cloud's market a request is checked as Aliyun's gateway
// does, and refused with its messages (the X-Ca-Error-Message in ErrorMsg,
// the X-Ca-Error-Code, if any, in ErrorCode); one with neither an Aliyun
// AppCode nor a signature, such as one with Huawei's credentials, gets
// 401 "Empty Signature". "Authorization: APPCODE
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
	_, err := g.verify(r, body, requestMarket(r))
	return err
}

func unauthorized(msg string) error {
	return &jmzs.GatewayError{HTTPStatus: http.StatusUnauthorized, ErrorCode: "APIG.0303", ErrorMsg: msg}
}

// verify is Verify with the body already read, by the rules of market
// m's gateway. It also returns the app r authenticated as (an AppCode or
// an AppKey, named with its kind), by which the rate limit counts.
func (g *Gateway) verify(r *http.Request, body []byte, m jmzs.Market) (app string, err error) {
	if m == jmzs.MarketAliyun {
		return g.verifyAliyun(r, body) // aliyun_verify.go
	}
	if codes := r.Header.Values(jmzs.HeaderAppCode); len(codes) > 0 {
		for _, want := range g.appCodes {
			if len(codes) == 1 && subtle.ConstantTimeCompare([]byte(codes[0]), []byte(want)) == 1 {
				return "appcode " + want, nil
			}
		}
		return "", unauthorized(msgBadAppCode)
	}
	authz := r.Header.Get("Authorization")
	if authz == "" {
		return "", unauthorized(msgNoAuth)
	}
	a, err := parseAPIGAuthorization(authz)
	if err != nil {
		return "", unauthorized(msgBadFormat)
	}
	key, ok := g.apps[a.access]
	if !ok {
		return "", unauthorized(msgNoApp)
	}

	date := r.Header.Get(apigsign.HeaderDate)
	signedAt, err := time.Parse(apigsign.DateFormat, date)
	if err != nil || !slices.Contains(a.signed, "x-sdk-date") {
		return "", unauthorized(msgBadDate)
	}
	now := g.Now().UTC()
	if d := now.Sub(signedAt); d > MaxClockSkew || d < -MaxClockSkew {
		return "", unauthorized(msgAuthPrefix + "signature expired, signature time:" + date +
			",server time:" + now.Format(apigsign.DateFormat))
	}
	if !slices.Contains(a.signed, "host") {
		return "", unauthorized(msgHostNotSigned)
	}
	if r.Header.Get(apigsign.HeaderContentSHA256) != "" && !slices.Contains(a.signed, "x-sdk-content-sha256") {
		return "", unauthorized(msgSHA256NotSigned)
	}

	canonical, err := receivedCanonicalRequest(r, a.signed, body)
	if err != nil {
		return "", unauthorized(msgBadFormat + ": " + err.Error())
	}
	if !key.Equal(stringToSign(date, canonical), a.signature) {
		return "", unauthorized(msgAuthPrefix + "verify signature fail, canonicalRequest:" +
			strings.ReplaceAll(canonical, "\n", "|"))
	}
	return "app " + a.access, nil
}
