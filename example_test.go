package jmzs_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"time"

	jmzs "github.com/jmzs-sdk/jmzs-go"
)

// exampleGateway stands in for the API gateway: it answers every call with
// body and status, so the examples run offline.
func exampleGateway(status int, body string) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Request-Id", "5e4ac2b3f1d04c0e")
		w.WriteHeader(status)
		io.WriteString(w, body)
	}))
}

const trackingBody = `{"data":{"number":"YT1234567890123","expressCode":"YTO","logisticsStatusDesc":"已签收"},` +
	`"msg":"成功","success":true,"code":200,"taskNo":"159373647215074770465673"}`

// Tracking is the part of the express API's data that the caller needs.
type Tracking struct {
	Number      string `json:"number"`
	ExpressCode string `json:"expressCode"`
	Status      string `json:"logisticsStatusDesc"`
}

func ExampleNewClient() {
	c, err := jmzs.NewClient(
		jmzs.WithAppCode("your-appcode"),
		jmzs.WithMaxRetries(1),
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c)

	_, err = jmzs.NewClient() // no credentials
	fmt.Println(err)
	// Output:
	// jmzs.Client{huawei:AppCodeAuth{****}, maxRetries:1}
	// jmzs: no credentials: use WithAppKey or WithAppCode (Huawei Cloud KooGallery), WithAliyunAppKey or WithAliyunAppCode (Alibaba Cloud's API market), or WithAuthenticator
}

func ExampleDo() {
	gw := exampleGateway(200, trackingBody)
	defer gw.Close()

	c, _ := jmzs.NewClient(jmzs.WithAppCode("your-appcode"))
	resp, err := jmzs.Do[Tracking](context.Background(), c, &jmzs.Request{
		URL:   gw.URL + "/express/query-v2", // in production: https://expressqueryv2.apistore.huaweicloud.com/express/query-v2
		Query: url.Values{"number": {"YT1234567890123"}, "expressCode": {"YTO"}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(resp.Code, resp.Data.Number, resp.Data.Status, resp.TaskNo)
	// Output: 200 YT1234567890123 已签收 159373647215074770465673
}

func ExampleWithAppKey() {
	// Echo the Authorization header's shape back as the data.
	gw := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth := r.Header.Get("Authorization")
		fmt.Fprintf(w, `{"code":200,"msg":"成功","data":%q}`, auth[:strings.Index(auth, "Signature=")])
	}))
	defer gw.Close()

	c, _ := jmzs.NewClient(jmzs.WithAppKey("your-app-key", "your-app-secret"))
	resp, err := jmzs.Do[string](context.Background(), c, &jmzs.Request{
		URL:  gw.URL + "/idcard/validate",
		Form: url.Values{"idCardNo": {"11010519491231002X"}, "name": {"张三"}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(resp.Data)
	// Output: SDK-HMAC-SHA256 Access=your-app-key, SignedHeaders=content-type;host;x-sdk-date,
}

func ExampleNewAPIGSigner() {
	req, _ := http.NewRequest("GET", "https://service.region.example.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?marker=13551d6b-755d-4757-b956-536f674975c0&limit=2", nil)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Sdk-Date", "20191115T033655Z") // kept as given; normally the signer stamps the time

	s := jmzs.NewAPIGSigner("QTWAOYTTINDUT2QVKYUC", "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc")
	if err := s.Authenticate(req); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(req.URL.RawQuery)
	fmt.Println(req.Header.Get("Authorization"))
	// Output:
	// limit=2&marker=13551d6b-755d-4757-b956-536f674975c0
	// SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, SignedHeaders=content-type;host;x-sdk-date, Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe
}

func ExampleAPIError() {
	gw := exampleGateway(200, `{"data":{},"msg":"请输入有效的身份证号码","success":false,"code":400,"charge":false}`)
	defer gw.Close()

	c, _ := jmzs.NewClient(jmzs.WithAppCode("your-appcode"))
	_, err := jmzs.Do[struct{}](context.Background(), c, &jmzs.Request{URL: gw.URL + "/idcard/validate"})

	var apiErr *jmzs.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.Code, apiErr.Msg)
	}
	fmt.Println(errors.Is(err, jmzs.ErrInvalidParams))
	fmt.Println(err)
	// Output:
	// 400 请输入有效的身份证号码
	// true
	// jmzs: business code 400: 请输入有效的身份证号码 (request id 5e4ac2b3f1d04c0e)
}

func ExampleGatewayError() {
	gw := exampleGateway(401, `{"error_code":"APIG.0303","error_msg":"Incorrect app authentication information: app not found","request_id":"5e4ac2b3f1d04c0e"}`)
	defer gw.Close()

	c, _ := jmzs.NewClient(jmzs.WithAppKey("wrong-key", "wrong-secret"))
	_, err := jmzs.Do[struct{}](context.Background(), c, &jmzs.Request{URL: gw.URL + "/express/query-v2"})

	var gwErr *jmzs.GatewayError
	if errors.As(err, &gwErr) {
		fmt.Println(gwErr.HTTPStatus, gwErr.ErrorCode, gwErr.RequestID)
	}
	fmt.Println(errors.Is(err, jmzs.ErrUnauthorized))
	// Output:
	// 401 APIG.0303 5e4ac2b3f1d04c0e
	// true
}

func ExampleWithMaxRetries() {
	calls := 0
	gw := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		io.WriteString(w, `{"code":500,"msg":"系统维护","data":{}}`)
	}))
	defer gw.Close()

	// Business code 500 is retried; 0 turns retries off.
	c, _ := jmzs.NewClient(jmzs.WithAppCode("your-appcode"), jmzs.WithMaxRetries(0))
	_, err := jmzs.Do[struct{}](context.Background(), c, &jmzs.Request{URL: gw.URL + "/stock/quote"})
	fmt.Println(calls, errors.Is(err, jmzs.ErrProviderMaintenance))
	// Output: 1 true
}

func ExampleWithLogger() {
	gw := exampleGateway(200, trackingBody)
	defer gw.Close()

	// Drop the time and latency so the output is stable.
	logger := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		Level: slog.LevelDebug,
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey || a.Key == "latency" || a.Key == "host" {
				return slog.Attr{}
			}
			return a
		},
	}))
	c, _ := jmzs.NewClient(jmzs.WithAppCode("your-appcode"), jmzs.WithLogger(logger))
	_, _ = jmzs.Do[Tracking](context.Background(), c, &jmzs.Request{URL: gw.URL + "/express/query-v2"})
	// Output:
	// level=DEBUG msg="jmzs attempt" method=POST path=/express/query-v2 attempt=1 status=200 request_id=5e4ac2b3f1d04c0e code=200 task_no=159373647215074770465673
}

func ExampleCallHeader() {
	gw := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Println("X-Order-Id:", r.Header.Get("X-Order-Id"))
		io.WriteString(w, trackingBody)
	}))
	defer gw.Close()

	c, _ := jmzs.NewClient(jmzs.WithAppCode("your-appcode"))
	req := &jmzs.Request{URL: gw.URL + "/express/query-v2", Query: url.Values{"number": {"YT1234567890123"}}}
	// Options after the request change this call only.
	_, err := jmzs.Do[Tracking](context.Background(), c, req,
		jmzs.CallHeader("X-Order-Id", "SO-20260101-7"),
		jmzs.CallLogAttrs(slog.String("order", "SO-20260101-7")),
		jmzs.CallAttemptTimeout(30*time.Second),
		jmzs.CallMaxRetries(0))
	fmt.Println(err)
	// Output:
	// X-Order-Id: SO-20260101-7
	// <nil>
}
