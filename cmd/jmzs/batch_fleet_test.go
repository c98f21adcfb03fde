package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/require"

	"github.com/jmzs-sdk/jmzs-go/jmzstest"
)

// These tests run several jmzs batch processes, kill them, and share a
// quota through a real Redis. They also measure the figures quoted for
// the command (go test -run 'TestBatchFleet|TestBatchKill' -v ./cmd/jmzs).

// batchProc is a jmzs batch process started by a test.
type batchProc struct {
	cmd    *exec.Cmd
	stderr *bytes.Buffer
	start  time.Time
}

// startBatch starts jmzs batch with args and the environment env.
func startBatch(t *testing.T, env []string, args ...string) *batchProc {
	t.Helper()
	cmd := exec.Command(binary, append([]string{"batch"}, args...)...)
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH")}, env...)
	p := &batchProc{cmd: cmd, stderr: new(bytes.Buffer)}
	cmd.Stderr = p.stderr
	p.start = time.Now()
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	return p
}

// Wait waits for the process; an exit status other than 0 is an error.
func (p *batchProc) Wait() error { return p.cmd.Wait() }

// waitForLines waits until the file at path has at least n lines.
func waitForLines(t *testing.T, path string, n int) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); ; {
		b, _ := os.ReadFile(path)
		if bytes.Count(b, []byte("\n")) >= n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s has not %d lines after 20s", path, n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestBatchKillNineNeverSendsTwice kills jmzs batch with SIGKILL in the
// middle of a run, at three moments, then reruns it: every line has one
// result, no line reached the backend twice, and at most -concurrency
// lines are unknown.
func TestBatchKillNineNeverSendsTwice(t *testing.T) {
	if testing.Short() {
		t.Skip("runs and kills processes for seconds")
	}
	const lines, concurrency = 100, 8
	for _, killAfter := range []int{5, 40, 80} {
		t.Run(fmt.Sprintf("after %d results", killAfter), func(t *testing.T) {
			// 150ms per call at 50 calls a second: some 8 calls in flight at any moment.
			g := jmzstest.NewGateway(t, jmzstest.WithAppCode(testAppCode), jmzstest.WithFixtureRoutes(), jmzstest.WithLatency(150*time.Millisecond))
			in := writeLines(t, numberedLines(lines)...)
			out := filepath.Join(t.TempDir(), "out.jsonl")
			args := []string{"-qps", "50", "-concurrency", strconv.Itoa(concurrency), "-in", in, "-out", out, g.URL() + batchPath}

			p := startBatch(t, withAppCode, args...)
			waitForLines(t, out, killAfter)
			if err := p.cmd.Process.Kill(); errors.Is(err, os.ErrProcessDone) {
				t.Log("the run finished before the kill")
			} else {
				require.NoError(t, err)
			}
			p.cmd.Wait()
			_, before := readOutput(t, out)

			r := runJMZS(t, withAppCode, append([]string{"batch"}, args...)...)
			records, last := readOutput(t, out)
			require.Len(t, records, lines, "one result per line:\n%s", r.stderr)
			require.Len(t, last, lines)
			unknown := 0
			for _, res := range last {
				if res.State == stateUnknown {
					unknown++
				} else {
					require.Equal(t, stateDone, res.State)
				}
			}
			sent := sentByID(g)
			for id, n := range sent {
				require.Equal(t, 1, n, "line %s reached the backend %d times", id, n)
			}
			require.LessOrEqual(t, unknown, concurrency)
			require.Equal(t, map[bool]int{true: 0, false: 1}[unknown == 0], r.code, r.stderr)
			t.Logf("killed with %d results written: after the rerun %d result lines, %d unknown (%d of them reached the backend), every line sent at most once (%d sent)",
				len(before), len(records), unknown, len(sent)-(len(last)-unknown), len(sent))
		})
	}
}

// testRedisURL returns the Redis named by JMZS_TEST_REDIS, which .ci/run
// starts, or skips the test.
func testRedisURL(t *testing.T) string {
	t.Helper()
	addr := os.Getenv("JMZS_TEST_REDIS")
	if addr == "" {
		t.Skip("no Redis: set JMZS_TEST_REDIS=127.0.0.1:6390 and run redis-server --port 6390 (.ci/run does)")
	}
	rdb := redis.NewClient(&redis.Options{Addr: addr})
	defer rdb.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	require.NoError(t, rdb.Ping(ctx).Err(), "JMZS_TEST_REDIS=%s does not answer", addr)
	return "redis://" + addr
}

// fleetRun runs three jmzs batch processes of 60 lines each against a
// gateway that allows the app 20 calls a second, each with -qps 20 and
// the extra args, and returns the calls done, the throttles the gateway
// answered, and the throughput of the three together.
func fleetRun(t *testing.T, extra ...string) (done, throttled int, perSecond float64) {
	t.Helper()
	const procs, lines = 3, 60
	g := jmzstest.NewGateway(t, jmzstest.WithAppCode(testAppCode), jmzstest.WithFixtureRoutes(), jmzstest.WithRateLimit(20, time.Second))
	var ps []*batchProc
	var outs []string
	for i := range procs {
		in := writeLines(t, numberedLines(lines)...)
		out := filepath.Join(t.TempDir(), "out.jsonl")
		outs = append(outs, out)
		args := append([]string{"-qps", "20", "-in", in, "-out", out}, extra...)
		ps = append(ps, startBatch(t, withAppCode, append(args, g.URL()+batchPath+"?proc="+strconv.Itoa(i))...))
	}
	start := time.Now()
	var wg sync.WaitGroup
	for _, p := range ps {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p.Wait()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	for i, p := range ps {
		t.Logf("process %d: %s", i+1, strings.ReplaceAll(strings.TrimSpace(p.stderr.String()), "\n", "; "))
		_, last := readOutput(t, outs[i])
		for _, res := range last {
			if res.State == stateDone {
				done++
			}
		}
	}
	for _, r := range g.Requests() {
		if r.Status == http.StatusTooManyRequests {
			throttled++
		}
	}
	return done, throttled, float64(done) / elapsed.Seconds()
}

// TestBatchFleetSharesTheQuotaThroughRedis: three runs sharing -qps 20
// through Redis against a gateway allowing 20/s finish every line with
// no throttle. With JMZS_FIGURES=1 it also runs them without Redis, each
// with its own -qps 20, for comparison.
func TestBatchFleetSharesTheQuotaThroughRedis(t *testing.T) {
	if testing.Short() {
		t.Skip("runs three processes for ten seconds")
	}
	redisURL := testRedisURL(t)
	key := fmt.Sprintf("jmzs-test:fleet:%d", time.Now().UnixNano())
	done, throttled, rate := fleetRun(t, "-redis", redisURL, "-quota-key", key)
	t.Logf("3 processes × 60 lines sharing -qps 20 through Redis against a 20/s gateway: %d done, %d throttled, %.1f calls/s together (%.0f%% of 20/s)",
		done, throttled, rate, rate/20*100)
	require.Equal(t, 180, done)
	require.Zero(t, throttled)

	if os.Getenv("JMZS_FIGURES") == "" {
		return
	}
	done, throttled, rate = fleetRun(t)
	t.Logf("the same without Redis, each -qps 20: %d done, %d throttled, %.1f calls/s together", done, throttled, rate)
}
