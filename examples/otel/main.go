// Command otel traces jmzs calls with OpenTelemetry.
//
// otelhttp wraps the transport given to jmzs.WithHTTPClient, so every
// attempt, retries included, becomes a client span under the caller's
// span, and carries the trace context to the server. A jmzs.Middleware,
// which runs on every attempt after signing, adds an event per attempt to
// the caller's span. The program runs offline against a local stand-in
// for the gateway that fails once with 503, and prints the spans to
// stdout with the stdouttrace exporter.
package main

import (
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"sync/atomic"
	"time"

	"github.com/jmzs-sdk/jmzs-go"
	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/stdout/stdouttrace"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
)

type express struct {
	Number string `json:"number"`
	State  string `json:"state"`
}

func main() {
	if err := run(context.Background(), os.Stdout); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, out io.Writer) error {
	exporter, err := stdouttrace.New(stdouttrace.WithWriter(out), stdouttrace.WithPrettyPrint())
	if err != nil {
		return err
	}
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exporter))
	defer tp.Shutdown(ctx)

	gateway := newGateway()
	defer gateway.Close()

	// For many concurrent callers, give otelhttp a transport that keeps
	// more idle connections per host than http.DefaultTransport's 2.
	client, err := jmzs.NewClient(
		jmzs.WithAppKey("demo-app-key", "demo-app-secret"),
		jmzs.WithHTTPClient(&http.Client{Transport: otelhttp.NewTransport(http.DefaultTransport, otelhttp.WithTracerProvider(tp))}),
		jmzs.WithMiddleware(attemptEvents),
		jmzs.WithRetryBackoff(10*time.Millisecond, 100*time.Millisecond),
	)
	if err != nil {
		return err
	}

	ctx, span := tp.Tracer("jmzs-example").Start(ctx, "express.query")
	resp, err := jmzs.Do[express](ctx, client, &jmzs.Request{
		URL:   gateway.URL + "/express/query-v2",
		Query: url.Values{"number": {"YT1234567890"}},
	})
	span.End()
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "\n%s: %s (taskNo %s)\n", resp.Data.Number, resp.Data.State, resp.TaskNo)
	return nil
}

// attemptEvents records each attempt, as signed and sent, on the caller's span.
func attemptEvents(req *http.Request, next func(*http.Request) (*http.Response, error)) (*http.Response, error) {
	span := trace.SpanFromContext(req.Context())
	resp, err := next(req)
	attrs := []attribute.KeyValue{
		attribute.String("http.request.method", req.Method),
		attribute.String("url.path", req.URL.Path),
	}
	if resp != nil {
		attrs = append(attrs, attribute.Int("http.response.status_code", resp.StatusCode))
	}
	if err != nil {
		attrs = append(attrs, attribute.String("error", err.Error()))
	}
	span.AddEvent("jmzs.attempt", trace.WithAttributes(attrs...))
	return resp, err
}

// newGateway stands in for the API gateway: it answers the first call
// with 503 and the next ones with an envelope, and echoes the trace
// parent it received.
func newGateway() *httptest.Server {
	var calls atomic.Int32
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Request-Id", fmt.Sprintf("req-%d", calls.Load()+1))
		w.Header().Set("X-Traceparent-Seen", r.Header.Get("Traceparent"))
		if calls.Add(1) == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			io.WriteString(w, "<html><body>503 Service Temporarily Unavailable</body></html>")
			return
		}
		w.Header().Set("Content-Type", "application/json;charset=UTF-8")
		io.WriteString(w, `{"code":200,"msg":"成功","success":true,"taskNo":"13516403432971667030",`+
			`"data":{"number":"YT1234567890","state":"已签收"}}`)
	}))
}
