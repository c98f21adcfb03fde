package jmzstest_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/jmzstest"
)

// FuzzAliyunSignerAndKitAgree signs random requests with the SDK's
// AliyunSigner and has the kit, which rebuilds the string to sign on its
// own, verify them: whatever the signer signs, the kit must accept.
func FuzzAliyunSignerAndKitAgree(f *testing.F) {
	f.Add("POST", "/idcard/validate", "", "idCardNo=1&name=%E5%BC%A0%E4%B8%89", true, "RELEASE")
	f.Add("GET", "/a%20b/c", "b=x+y&a=&c&%F0%9F%98%80=1&%EF%BC%A1=2", "", false, " padded ")
	f.Add("POST", "/p", "a=1", "a=2&b=", true, "")
	f.Add("PUT", "/p;x", "k=%3D%26", `{"a":"张三"}`, false, "x=1,y")
	g := jmzstest.NewGateway(f, jmzstest.WithAliyunAppKey(aliyunKey, aliyunSecret))
	signer := jmzs.NewAliyunSigner(aliyunKey, aliyunSecret)
	f.Fuzz(func(t *testing.T, method, path, query, body string, form bool, stage string) {
		req, err := http.NewRequest(method, "https://jumcvit.market.alicloudapi.com"+path+"?"+query, strings.NewReader(body))
		if err != nil || !strings.HasPrefix(req.URL.RequestURI(), "/") {
			return
		}
		if body == "" {
			req.Body, req.GetBody = http.NoBody, nil
		}
		if form {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
		} else {
			req.Header.Set("Content-Type", "application/json")
		}
		if stage != "" {
			req.Header.Set("X-Ca-Stage", stage)
		}
		sts, err := signer.Explain(req)
		if err != nil {
			return // refused before sending: a repeated key, a bad escape, a control character
		}
		if err := g.Verify(req); err != nil {
			t.Fatalf("the kit refuses what the signer signed: %v\nsigner's string to sign: %q", err, sts)
		}
	})
}
