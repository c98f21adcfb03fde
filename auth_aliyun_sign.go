package jmzs

import (
	"errors"
	"fmt"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/jmzs-sdk/jmzs-go/internal/aliyunsign"
)

// AliyunSigner signs requests with Alibaba Cloud API Gateway's digest
// signature (AppKey and AppSecret, HmacSHA256), for the vendor's products
// on Alibaba Cloud's API market. It implements Authenticator and is safe
// for concurrent use.
//
// It signs the method, Accept (set to application/json when absent),
// Content-MD5 (computed for a body that is not a form), Content-Type,
// Date when set, every X-Ca-* header, and the path as sent followed by the
// query and form parameters, decoded and sorted by key. Every call stamps
// a fresh X-Ca-Timestamp and X-Ca-Nonce, so a retried request is never
// refused as a replay. A request whose query or form repeats a key is
// refused: gateways disagree on which value such a signature covers.
//
// The signature is no bearer credential (the AppSecret never leaves), so
// unlike an AppCode it may be sent over plain HTTP.
type AliyunSigner struct {
	s *aliyunSignerState // shared by copies of the signer
}

type aliyunSignerState struct {
	appKey, appSecret secret
	offset            atomic.Int64 // gateway clock minus local clock, in nanoseconds
	now               func() time.Time
	nonce             func() (string, error)
}

// NewAliyunSigner returns a signer for the AppKey and AppSecret of an
// app on Alibaba Cloud's API market (云市场 → 已购买的服务, or API 网关 →
// 应用管理).
func NewAliyunSigner(appKey, appSecret string) *AliyunSigner {
	return &AliyunSigner{&aliyunSignerState{
		appKey:    newSecret(appKey),
		appSecret: newSecret(appSecret),
		now:       time.Now,
		nonce:     aliyunsign.NewNonce,
	}}
}

// WithAliyunAppKey authenticates calls to Alibaba Cloud's API market with
// an AppKey and AppSecret: an HmacSHA256 digest signature (see
// AliyunSigner), for the vendor's *.market.alicloudapi.com hosts. It is
// the client's Alibaba Cloud credential: it may be combined with one
// Huawei credential, not with WithAliyunAppCode (see NewClient).
func WithAliyunAppKey(appKey, appSecret string) Option {
	return func(c *Client) error {
		if err := checkCredential("WithAliyunAppKey", "AppKey", appKey); err != nil {
			return err
		}
		if err := checkCredential("WithAliyunAppKey", "AppSecret", appSecret); err != nil {
			return err
		}
		return c.setCredential(MarketAliyun, "WithAliyunAppKey", NewAliyunSigner(appKey, appSecret))
	}
}

// Authenticate signs req in place: it sets the X-Ca-* headers, Accept
// when absent and Content-MD5 for a body that is not a form.
func (s *AliyunSigner) Authenticate(req *http.Request) error {
	_, err := s.Explain(req)
	return err
}

// Explain signs req exactly as Authenticate does and also returns the
// string to sign, to compare with the one the gateway quotes when it
// rejects a signature ("Invalid Signature, Server StringToSign:…", with
// '#' or nothing for each newline). It holds no secret, but it does hold
// the request's parameter values.
func (s *AliyunSigner) Explain(req *http.Request) (stringToSign string, err error) {
	st := s.s
	if st == nil || st.appKey.value() == "" || st.appSecret.value() == "" {
		return "", errors.New("jmzs: AliyunSigner: no AppKey or AppSecret (use NewAliyunSigner)")
	}
	if req == nil || req.URL == nil {
		return "", errors.New("jmzs: AliyunSigner: nil request or URL")
	}
	nonce, err := st.nonce()
	if err != nil {
		return "", fmt.Errorf("jmzs: AliyunSigner: %w", err)
	}
	sts, err := aliyunsign.Sign(req, aliyunsign.Signing{
		AppKey:    st.appKey.value(),
		AppSecret: st.appSecret.value(),
		Timestamp: st.now().Add(time.Duration(st.offset.Load())).UnixMilli(),
		Nonce:     nonce,
	})
	if err != nil {
		return "", fmt.Errorf("jmzs: AliyunSigner: %w", err)
	}
	return sts, nil
}

// ObserveServerTime records the gateway's clock, read from a response's
// Date header, so that later timestamps are corrected: the gateway
// refuses one more than 15 minutes off ("Timestamp Expired").
func (s *AliyunSigner) ObserveServerTime(server time.Time) {
	if s.s != nil {
		s.s.offset.Store(int64(server.Sub(s.s.now())))
	}
}

// ClockOffset returns the learnt offset of the gateway's clock from the
// local one (zero until ObserveServerTime is called).
func (s *AliyunSigner) ClockOffset() time.Duration {
	if s.s == nil {
		return 0
	}
	return time.Duration(s.s.offset.Load())
}

// String shows the AppKey masked and never the AppSecret.
func (s *AliyunSigner) String() string {
	if s == nil || s.s == nil {
		return "AliyunSigner{}"
	}
	return "AliyunSigner{AppKey:" + s.s.appKey.String() + ", AppSecret:****}"
}
