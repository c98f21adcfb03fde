package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jmzs-sdk/jmzs-go"
)

// testConfig runs 3 replicas of 10 calls against the kit's gateway
// allowing 10/s.
func testConfig(redisURL string) config {
	return config{redisURL: redisURL, quota: fmt.Sprintf("fleet-example-test:%d", time.Now().UnixNano()), replicas: 3, calls: 10, limit: 10}
}

func TestReplicasLearnTheLimitWithoutRedis(t *testing.T) {
	var out bytes.Buffer
	rep, err := run(context.Background(), &out, testConfig("redis://127.0.0.1:1"))
	if err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if rep.done != 30 || rep.shared || rep.learned != (jmzs.Rate{Limit: 10, Per: time.Second}) {
		t.Fatalf("report %+v\n%s", rep, out.String())
	}
	for _, want := range []string{"no Redis at 127.0.0.1:1: each replica paces itself",
		`msg="jmzs learned pacing: the gateway states its rate limit; pacing to it" replica=1 limit=10 per=1s error_code=APIG.0308`,
		"3 replicas, each replica pacing itself: 30 of 30 calls done"} {
		if !strings.Contains(out.String(), want) {
			t.Fatalf("no %q in:\n%s", want, out.String())
		}
	}
}

// TestReplicasShareTheLearnedLimitThroughRedis needs the Redis named by
// JMZS_TEST_REDIS (host:port), which .ci/run starts.
func TestReplicasShareTheLearnedLimitThroughRedis(t *testing.T) {
	addr := os.Getenv("JMZS_TEST_REDIS")
	if addr == "" {
		t.Skip("no Redis: set JMZS_TEST_REDIS=127.0.0.1:6390 and run redis-server --port 6390 (.ci/run does)")
	}
	var out bytes.Buffer
	rep, err := run(context.Background(), &out, testConfig("redis://"+addr))
	if err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if rep.done != 30 || !rep.shared || rep.learned != (jmzs.Rate{Limit: 10, Per: time.Second}) {
		t.Fatalf("report %+v\n%s", rep, out.String())
	}
	// Throttles come only before the limit is learned: the first call of
	// each replica past the gateway's initial allowance, and its retry.
	if rep.throttled > 2*3 {
		t.Fatalf("%d throttles with the quota shared:\n%s", rep.throttled, out.String())
	}
	t.Log(strings.TrimSpace(out.String()))
}
