package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jmzs-sdk/jmzs-go/jmzstest"
)

// BenchmarkBatchJournal measures what the journal costs: each iteration
// runs 2,000 lines through jmzs batch (in this process, against the kit's
// gateway on loopback) with the journal and without it, in turn, and
// reports the median of the throughput ratios and their spread.
//
// The journal adds one sync (fdatasync, shared by every worker waiting) to
// each line's time in flight. Paced (-qps) with workers to spare, or with
// calls taking what real APIs take, that is lost in the call; against a
// loopback gateway answering at once, with nothing pacing, it is not.
//
//	go test -run '^$' -bench BatchJournal -benchtime 10x ./cmd/jmzs
func BenchmarkBatchJournal(b *testing.B) {
	for _, bc := range []struct {
		name        string
		latency     time.Duration
		qps         int
		concurrency int
	}{
		{"qps=1000", 0, 1000, 16},
		{"latency=100ms", 100 * time.Millisecond, 0, 64},
		{"unpaced", 0, 0, 16},
	} {
		b.Run(bc.name, func(b *testing.B) {
			opts := []jmzstest.GatewayOption{jmzstest.WithAppCode(testAppCode), jmzstest.WithFixtureRoutes()}
			if bc.latency > 0 {
				opts = append(opts, jmzstest.WithLatency(bc.latency))
			}
			g := jmzstest.NewGateway(b, opts...)
			const lines = 2000
			in := filepath.Join(b.TempDir(), "in.jsonl")
			if err := os.WriteFile(in, []byte(strings.Join(numberedLines(lines), "\n")+"\n"), 0o644); err != nil {
				b.Fatal(err)
			}
			run := func(journal bool) float64 {
				out := filepath.Join(b.TempDir(), "out.jsonl")
				f := &batchFlags{creds: credentials{appCode: testAppCode}, method: "POST", qps: bc.qps, concurrency: bc.concurrency,
					in: in, out: out, timeout: time.Minute, retries: 2, noJournal: !journal}
				start := time.Now()
				code, err := f.run(context.Background(), []string{g.URL() + batchPath}, stdio{nil, io.Discard, io.Discard})
				if err != nil || code != exitOK {
					b.Fatalf("jmzs batch: exit %d, %v", code, err)
				}
				return lines / time.Since(start).Seconds()
			}
			run(true) // warm up: connections, page cache
			var ratios []float64
			var with, without float64
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				w := run(true)
				wo := run(false)
				with, without = with+w, without+wo
				ratios = append(ratios, w/wo)
			}
			slices.Sort(ratios)
			b.ReportMetric(ratios[len(ratios)/2], "journal/no-journal")
			b.ReportMetric(ratios[0], "min-ratio")
			b.ReportMetric(ratios[len(ratios)-1], "max-ratio")
			b.ReportMetric(with/float64(b.N), "lines/s-journal")
			b.ReportMetric(without/float64(b.N), "lines/s-no-journal")
		})
	}
}
