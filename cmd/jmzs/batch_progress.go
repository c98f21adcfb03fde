package main

import (
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"
	"sync"
	"time"
)

// console is jmzs batch's stderr: messages, and on a terminal a progress
// line that messages are written above.
type console struct {
	w   io.Writer
	tty bool

	mu     sync.Mutex
	status string // the progress line shown; "" when none
}

func newConsole(w io.Writer) *console {
	c := &console{w: w}
	if f, ok := w.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			c.tty = true
		}
	}
	return c
}

// Write writes p above the progress line (for a logger).
func (c *console) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.clearStatus()
	n, err := c.w.Write(p)
	c.showStatus()
	return n, err
}

func (c *console) printf(format string, args ...any) {
	fmt.Fprintf(c, format, args...)
}

// setStatus replaces the progress line.
func (c *console) setStatus(s string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.clearStatus()
	c.status = s
	c.showStatus()
}

func (c *console) clearStatus() {
	if c.status != "" {
		io.WriteString(c.w, "\r\x1b[K")
	}
}

func (c *console) showStatus() {
	if c.status != "" {
		io.WriteString(c.w, c.status)
	}
}

// startProgress shows line() every half second while stderr is a
// terminal, and on any stderr tells learned() once it is not empty. The
// returned function removes the progress line.
func (c *console) startProgress(line, learned func() string) (stop func()) {
	done := make(chan struct{})
	told := false
	tell := func() {
		if msg := learned(); !told && msg != "" {
			c.printf("%s\n", msg)
			told = true
		}
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(500 * time.Millisecond)
		defer t.Stop()
		for {
			tell()
			if c.tty {
				c.setStatus(line())
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() {
		close(done)
		wg.Wait()
		tell()
		c.setStatus("")
	}
}

// progress is the progress line: done/total, rate, ETA, throttles.
func (b *batch) progress(start time.Time) string {
	b.stats.mu.Lock()
	finished, sent := len(b.stats.lines), b.stats.sent
	b.stats.mu.Unlock()
	elapsed := time.Since(start)
	rate := float64(sent) / elapsed.Seconds()
	eta := "?"
	if rate > 0 {
		eta = (time.Duration(float64(b.total-finished)/rate) * time.Second).Round(time.Second).String()
	}
	return fmt.Sprintf("jmzs batch: %d/%d  %.1f/s  ETA %s  throttled %d", finished, b.total, rate, eta, b.stats.throttled.Load())
}

// learnedNotice tells the rate the client learned from the gateway, if
// any.
func (b *batch) learnedNotice() string {
	r, ok := b.client.LearnedRate()
	if !ok {
		return ""
	}
	return fmt.Sprintf("jmzs batch: the gateway states its rate limit, %d per %v: pacing to it (%v)", r.Limit, r.Per, b.limiter)
}

// summary writes what the run did, always.
func (b *batch) summary(elapsed time.Duration) {
	b.stats.mu.Lock()
	var done, failed, unknown int
	byCode := make(map[string]int)
	for _, o := range b.stats.lines {
		switch o.state {
		case stateDone:
			done++
		case stateFailed:
			failed++
			byCode[o.code]++
		case stateUnknown:
			unknown++
		}
	}
	sent := b.stats.sent
	b.stats.mu.Unlock()

	var codes []string
	for _, code := range slices.Sorted(maps.Keys(byCode)) {
		codes = append(codes, fmt.Sprintf("%s: %d", code, byCode[code]))
	}
	failedText := fmt.Sprintf("%d failed", failed)
	if len(codes) > 0 {
		failedText += " (" + strings.Join(codes, ", ") + ")"
	}
	notRun := b.total - done - failed - unknown
	b.con.printf("jmzs batch: %d lines: %d done, %s, %d unknown, %d not run\n", b.total, done, failedText, unknown, notRun)
	b.con.printf("jmzs batch: this run: %d sent in %v (%.1f/s), %d throttled\n",
		sent, elapsed.Round(time.Millisecond), float64(sent)/elapsed.Seconds(), b.stats.throttled.Load())
}
