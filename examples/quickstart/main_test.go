package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
)

func TestOfflineTour(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var out bytes.Buffer
	if err := offline(ctx, &out); err != nil {
		t.Fatalf("offline: %v\n%s", err, out.String())
	}
	for _, want := range []string{
		"1. express query with an AppCode",
		"code 200",
		"SF1234567890123: 已签收",
		"2. invoice check with a signature",
		"match true (一致)",
		"errors.Is(err, jmzs.ErrInvalidParams) = true, requests sent: 0",
		"business error: code 701",
		"gateway error: HTTP 401 APIG.0303",
		"errors.Is(err, jmzs.ErrUnauthorized) = true",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	for _, secret := range []string{demoAppCode, demoAppSecret} {
		if strings.Contains(out.String(), secret) {
			t.Errorf("output shows a credential")
		}
	}
}

func TestLiveNeedsCredentials(t *testing.T) {
	t.Setenv("JMZS_APPCODE", "")
	t.Setenv("JMZS_APP_KEY", "")
	t.Setenv("JMZS_APP_SECRET", "")
	err := live(context.Background(), &bytes.Buffer{}, "https://example.invalid/x", nil)
	if err == nil || !strings.Contains(err.Error(), "JMZS_APPCODE") {
		t.Fatalf("want a clear error about credentials, got %v", err)
	}
}
