package readme

// This file is copied beside the READMEs' Go snippets, with the fleet
// snippet, when the modules of contrib/redisquota are in the module cache.

import (
	"bytes"
	"context"
	"log"
	"log/slog"
	"os"
	"testing"

	"github.com/jmzs-sdk/jmzs-go/express"
)

func TestRunNewFleetClient(t *testing.T) {
	addr := os.Getenv("JMZS_TEST_REDIS")
	if addr == "" {
		t.Skip("no Redis: set JMZS_TEST_REDIS=host:port or run redis-server on 127.0.0.1:6379 (.ci/run does); the snippet is compiled, not run")
	}
	gateway(t)
	// The limiter logs a warning when it cannot use Redis and paces the
	// calls locally: any warning fails the test.
	var warnings bytes.Buffer
	savedLogger, savedOutput, savedFlags := slog.Default(), log.Writer(), log.Flags()
	slog.SetDefault(slog.New(slog.NewTextHandler(&warnings, &slog.HandlerOptions{Level: slog.LevelWarn})))
	t.Cleanup(func() { slog.SetDefault(savedLogger); log.SetOutput(savedOutput); log.SetFlags(savedFlags) })

	c, err := newFleetClient(addr)
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if _, err := express.New(c).Query(context.Background(), parcel); err != nil {
			t.Fatal(err)
		}
	}
	if warnings.Len() > 0 {
		t.Fatalf("the quota did not use the Redis at %s:\n%s", addr, &warnings)
	}
}
