// Command quickstart shows the SDK end to end.
//
// With no flags it runs offline: it starts the test kit's fake API gateway
// on loopback (HTTPS, checking AppCodes and verifying signatures as Huawei
// APIG does), tracks a parcel with an AppCode and checks an invoice with a
// signed AppKey call, prints the decoded responses, then shows the typed
// errors a caller branches on.
//
//	go run ./examples/quickstart
//
// With credentials in the environment (JMZS_APPCODE, or JMZS_APP_KEY and
// JMZS_APP_SECRET) and -url, it calls the real API instead:
//
//	JMZS_APPCODE=... go run ./examples/quickstart \
//	    -url https://expressqueryv2.apistore.huaweicloud.com/express/query-v2 \
//	    -q number=YT1234567890123 -q expressCode=YTO
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"
	"time"

	jmzs "github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/express"
	"github.com/jmzs-sdk/jmzs-go/invoice"
	"github.com/jmzs-sdk/jmzs-go/jmzstest"
)

// Demo credentials of the offline gateway; they are not secrets.
const (
	demoAppCode   = "demo-appcode-0123456789abcdef"
	demoAppKey    = "demo-app-key"
	demoAppSecret = "demo-app-secret-0123456789abcdef"
)

type queryFlags url.Values

func (q queryFlags) String() string { return url.Values(q).Encode() }

func (q queryFlags) Set(s string) error {
	k, v, ok := strings.Cut(s, "=")
	if !ok {
		return fmt.Errorf("want key=value, got %q", s)
	}
	url.Values(q).Add(k, v)
	return nil
}

func main() {
	endpoint := flag.String("url", "", "call this real endpoint instead of the offline gateway (needs credentials in the environment)")
	query := queryFlags{}
	flag.Var(query, "q", "query parameter key=value for -url (repeatable)")
	flag.Parse()

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	var err error
	if *endpoint != "" {
		err = live(ctx, os.Stdout, *endpoint, url.Values(query))
	} else {
		err = offline(ctx, os.Stdout)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

// offline runs the tour against the embedded gateway.
func offline(ctx context.Context, out io.Writer) error {
	gw, err := jmzstest.StartGateway(
		jmzstest.WithTLS(),
		jmzstest.WithAppCode(demoAppCode),
		jmzstest.WithAppKey(demoAppKey, demoAppSecret),
		jmzstest.WithFixtureRoutes(),
	)
	if err != nil {
		return err
	}
	defer gw.Close()
	fmt.Fprintf(out, "fake API gateway listening on %s\n\n", gw.URL())

	// 1. AppCode (simple authentication): header X-Apig-AppCode, HTTPS only.
	byAppCode, err := jmzs.NewClient(jmzs.WithAppCode(demoAppCode), jmzs.WithHTTPClient(gw.HTTPClient()))
	if err != nil {
		return err
	}
	tracker := express.New(byAppCode, express.WithBaseURL(gw.URL()))
	tracking, err := tracker.Query(ctx, express.QueryRequest{Number: "SF1234567890123", ExpressCode: "SF", Mobile: "5678"})
	if err != nil {
		return err
	}
	fmt.Fprintln(out, "1. express query with an AppCode")
	printResponse(out, tracking.Code, tracking.Msg, tracking.TaskNo, tracking.RequestID)
	fmt.Fprintf(out, "   %s %s: %s\n", tracking.Data.CompanyName, tracking.Data.Number, tracking.Data.StatusDesc)
	for _, t := range tracking.Data.Traces {
		fmt.Fprintf(out, "     %s  %s\n", t.Time.UTC().Format("2006-01-02 15:04"), t.Desc)
	}

	// 2. AppKey and AppSecret (app authentication): an SDK-HMAC-SHA256
	// signature, verified by the gateway.
	bySignature, err := jmzs.NewClient(jmzs.WithAppKey(demoAppKey, demoAppSecret), jmzs.WithHTTPClient(gw.HTTPClient()))
	if err != nil {
		return err
	}
	checker := invoice.New(bySignature, invoice.WithBaseURL(gw.URL()))
	check, err := checker.Validate(ctx, invoice.ValidateRequest{
		InvoiceNo: "12345678", IssueDate: "20240102", InvoiceCode: "044031900111", CheckCode: "123456",
	})
	if err != nil {
		return err
	}
	fmt.Fprintln(out, "\n2. invoice check with a signature")
	printResponse(out, check.Code, check.Msg, check.TaskNo, check.RequestID)
	fmt.Fprintf(out, "   match %t (%s)\n", check.Data.Match, check.Data.Message)

	// 3. Typed errors: input refused before a billed call, a business code
	// and a gateway refusal.
	fmt.Fprintln(out, "\n3. typed errors")
	before := len(gw.Requests())
	_, err = tracker.Query(ctx, express.QueryRequest{Number: "SF1234567890123", ExpressCode: "SF"})
	fmt.Fprintf(out, "   refused locally: %v\n     errors.Is(err, jmzs.ErrInvalidParams) = %t, requests sent: %d\n",
		err, errors.Is(err, jmzs.ErrInvalidParams), len(gw.Requests())-before)

	gw.ReplyFixture("/express/query-v2", "express/701")
	_, err = tracker.Query(ctx, express.QueryRequest{Number: "YT0000000000000", ExpressCode: "YTO"})
	var apiErr *jmzs.APIError
	if errors.As(err, &apiErr) {
		fmt.Fprintf(out, "   business error: code %d, msg %q\n", apiErr.Code, apiErr.Msg)
	}

	wrongSecret, err := jmzs.NewClient(jmzs.WithAppKey(demoAppKey, "not-the-secret"), jmzs.WithHTTPClient(gw.HTTPClient()))
	if err != nil {
		return err
	}
	_, err = invoice.New(wrongSecret, invoice.WithBaseURL(gw.URL())).Validate(ctx, invoice.ValidateRequest{
		InvoiceNo: "12345678", IssueDate: "20240102", InvoiceCode: "044031900111", CheckCode: "123456",
	})
	var gwErr *jmzs.GatewayError
	if errors.As(err, &gwErr) {
		fmt.Fprintf(out, "   gateway error: HTTP %d %s, request id %s, errors.Is(err, jmzs.ErrUnauthorized) = %t\n",
			gwErr.HTTPStatus, gwErr.ErrorCode, gwErr.RequestID, errors.Is(err, jmzs.ErrUnauthorized))
	}
	return nil
}

// live calls a real endpoint with the credentials in the environment.
func live(ctx context.Context, out io.Writer, endpoint string, query url.Values) error {
	var opt jmzs.Option
	switch {
	case os.Getenv("JMZS_APPCODE") != "":
		opt = jmzs.WithAppCode(os.Getenv("JMZS_APPCODE"))
	case os.Getenv("JMZS_APP_KEY") != "" || os.Getenv("JMZS_APP_SECRET") != "":
		opt = jmzs.WithAppKey(os.Getenv("JMZS_APP_KEY"), os.Getenv("JMZS_APP_SECRET"))
	default:
		return errors.New("-url needs JMZS_APPCODE, or JMZS_APP_KEY and JMZS_APP_SECRET, in the environment")
	}
	c, err := jmzs.NewClient(opt)
	if err != nil {
		return err
	}
	resp, err := jmzs.Do[json.RawMessage](ctx, c, &jmzs.Request{URL: endpoint, Query: query})
	if err != nil {
		return err
	}
	printResponse(out, resp.Code, resp.Msg, resp.TaskNo, resp.RequestID)
	fmt.Fprintf(out, "   data %s\n", resp.Data)
	return nil
}

func printResponse(out io.Writer, code int, msg, taskNo, requestID string) {
	fmt.Fprintf(out, "   code %d, msg %q, taskNo %s, request id %s\n", code, msg, taskNo, requestID)
}
