package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"strings"
	"testing"
)

func TestRunPrintsSpans(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), &out); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	if strings.Contains(text, "demo-app-secret") {
		t.Fatal("the AppSecret was printed")
	}
	if !strings.Contains(text, "YT1234567890: 已签收") {
		t.Fatalf("no result line in:\n%s", text)
	}

	// The exporter prints one JSON object per span.
	type span struct {
		Name        string
		SpanContext struct{ TraceID string }
		Parent      struct{ TraceID, SpanID string }
		Attributes  []struct {
			Key   string
			Value struct{ Value any }
		}
		Events []struct{ Name string }
	}
	var spans []span
	dec := json.NewDecoder(strings.NewReader(text))
	for {
		var s span
		if err := dec.Decode(&s); err == io.EOF || err != nil {
			break
		}
		spans = append(spans, s)
	}
	if len(spans) != 3 {
		t.Fatalf("want 2 attempt spans and the caller's span, got %d:\n%s", len(spans), text)
	}
	parent := spans[2]
	if parent.Name != "express.query" || len(parent.Events) != 2 {
		t.Fatalf("caller's span %+v: want 2 jmzs.attempt events", parent)
	}
	var statuses []any
	for _, s := range spans[:2] {
		if s.SpanContext.TraceID != parent.SpanContext.TraceID || s.Parent.SpanID == "" {
			t.Fatalf("attempt span %q is not a child of the caller's span", s.Name)
		}
		for _, a := range s.Attributes {
			if a.Key == "http.response.status_code" {
				statuses = append(statuses, a.Value.Value)
			}
		}
	}
	if len(statuses) != 2 || statuses[0] != float64(503) || statuses[1] != float64(200) {
		t.Fatalf("attempt statuses %v, want [503 200]", statuses)
	}
}
