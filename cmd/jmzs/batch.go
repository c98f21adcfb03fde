package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/redis/go-redis/v9"
	"golang.org/x/time/rate"

	"github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/contrib/redisquota"
)

const batchSynopsis = `Usage: jmzs batch [CREDENTIALS] [-market M] [-qps N] [-concurrency N] [-redis URL] [-quota-key NAME] [-resend-unknown] -in FILE -out FILE URL

Sends one call per line of a JSONL file to URL through the gateway (网关), paced and in
parallel, and writes one JSONL result per line. Rerun it after a crash or Ctrl-C: it sends
only the lines without a result, and never a line twice. CREDENTIALS and -market are those
of jmzs call (see jmzs call -h).

Input, one call per line; every part is optional, a value is a string or an array of strings:
  {"query":{"number":"YT1234567890123"},"form":{"k":"v"},"json":{"k":1},"header":{"X-Stage":"RELEASE"}}
A malformed line is reported with its number and given a failed result; blank lines are skipped.

Output, one line per input line as it finishes ("line" is the input line number, from 1):
  {"line":1,"state":"done","code":200,"msg":"成功","taskNo":"…","requestId":"…","data":{…}}
  done     business code 200
  failed   another business code, a gateway refusal (with "errorCode", "httpStatus"),
           a malformed line, or a call that could not be sent
  unknown  the call may have reached the gateway, and been billed, with no answer recorded:
           a timeout or dropped connection after sending, a 504, or a run killed mid-call
Each call is retried (-retries) only when it cannot have been billed, as the SDK does.

Resume: before a line is sent, its number is written and synced to the journal, the -out
file's name with ".journal" added. A rerun with the same -out sends only the lines without a
result; a line in the journal without a result may have been sent by a run that was killed:
it gets an unknown result and is not sent again unless -resend-unknown (which may bill it
twice). The input must not change between runs.

Pacing: -qps N paces this run to N calls a second. With -redis, every jmzs batch and SDK
client (contrib/redisquota) using the same -quota-key shares those N calls, and -qps 0
lets the fleet learn the rate. The first throttle that states the gateway's limit
(APIG.0308 "limit:20,time:1 second") paces the run, and through -redis every run on
the key, to that limit.

Progress (done/total, rate, ETA, throttles) goes to stderr while it is a terminal; a summary
always does. Exit status: 0 when every line is done; 1 when any failed, is unknown or was not
run; 2 on a usage error.

Example:
  JMZS_APPCODE=… jmzs batch -qps 20 -in invoices.jsonl -out results.jsonl https://…/invoice/verify
`

// batchFlags are the flags of jmzs batch.
type batchFlags struct {
	creds         credentials
	method        string
	qps           int
	concurrency   int
	redisURL      string
	quotaKey      string
	resendUnknown bool
	in, out       string
	timeout       time.Duration
	retries       int

	noJournal bool // benchmarks only: measure what the journal costs

	fs   *flag.FlagSet // and args: to name the position of a bad argument
	args []string
}

func runBatch(ctx context.Context, args []string, s stdio) int {
	f := batchFlags{args: args}
	fs := newFlagSet("batch", batchSynopsis)
	f.fs = fs
	f.creds.register(fs, false)
	fs.StringVar(&f.method, "X", "POST", "HTTP `method` of every call")
	fs.IntVar(&f.qps, "qps", 0, "calls a second at most, shared through -redis; 0: as the gateway allows, learning its limit")
	fs.IntVar(&f.concurrency, "concurrency", 8, "calls in flight at most (and lines unknown after a crash)")
	fs.StringVar(&f.redisURL, "redis", "", "redis://[:password@]host:port[/db] to share the quota through (or $JMZS_REDIS_URL)")
	fs.StringVar(&f.quotaKey, "quota-key", "", "`name` of the quota shared through -redis (default: derived from the credential and URL)")
	fs.BoolVar(&f.resendUnknown, "resend-unknown", false, "send again the lines whose result is unknown (they may be billed twice)")
	fs.StringVar(&f.in, "in", "", "input `file`, JSONL")
	fs.StringVar(&f.out, "out", "", "output `file`, JSONL, appended to; its journal is FILE.journal")
	fs.DurationVar(&f.timeout, "timeout", 30*time.Second, "bound on each call, retries included")
	fs.IntVar(&f.retries, "retries", 2, "retries of a call that cannot have been billed (throttling, 502/503, codes 500/501)")
	pos, err := parseArgs(fs, args, s)
	if err == errHelp {
		return exitOK
	}
	if err != nil {
		return exitCode(s, "batch", err)
	}
	code, err := f.run(ctx, pos, s)
	if err != nil {
		return exitCode(s, "batch", err)
	}
	return code
}

// batch is one run of jmzs batch.
type batch struct {
	f        *batchFlags
	endpoint string
	st       *state
	client   *jmzs.Client
	limiter  settableLimiter
	con      *console

	total     int // calls in the input (lines not blank)
	stats     stats
	jobs      chan job
	interrupt context.Context    // done on Ctrl-C or a fatal error: start no more calls
	stop      context.CancelFunc // ends interrupt
	fatal     atomic.Pointer[error]
}

// job is an input line to send.
type job struct {
	line int
	sum  string
	req  *jmzs.Request
}

// stats counts the run, for the progress line and the summary.
type stats struct {
	mu        sync.Mutex
	lines     map[int]outcome // every line's last result, earlier runs' too
	sent      int             // calls sent this run
	throttled atomic.Int64    // throttled attempts this run
}

func (f *batchFlags) run(ctx context.Context, pos []string, s stdio) (int, error) {
	b, err := f.start(pos, s)
	if err != nil {
		return 0, err
	}
	code, err := b.run(ctx)
	if cerr := b.st.close(); err == nil && cerr != nil {
		err = fmt.Errorf("-out %s: %w", f.out, cerr)
	}
	return code, err
}

// start checks the flags and the files, and builds the client.
func (f *batchFlags) start(pos []string, s stdio) (*batch, error) {
	switch {
	case len(pos) != 1:
		return nil, countError(f.fs, f.args, "one argument, the URL")
	case f.in == "" || f.out == "":
		return nil, usagef("-in and -out are required")
	case f.qps < 0 || f.concurrency < 1 || f.retries < 0 || f.timeout <= 0:
		return nil, usagef("-qps must be 0 or more, -concurrency 1 or more, -retries 0 or more and -timeout positive")
	}
	u, err := urlArg(f.fs, f.args, 0, pos[0])
	if err != nil {
		return nil, err
	}
	if f.redisURL == "" {
		f.redisURL = os.Getenv("JMZS_REDIS_URL")
	}
	if f.quotaKey != "" && f.redisURL == "" {
		return nil, usagef("-quota-key names a quota shared through -redis; give -redis too")
	}
	auth, err := f.creds.authenticator(u.Hostname())
	if err != nil {
		return nil, err
	}
	if f.in == f.out || f.in == f.out+journalSuffix {
		return nil, usagef("-in and -out must be different files")
	}
	if _, err := os.Stat(f.in); err != nil {
		return nil, usagef("-in: %v", err)
	}
	b := &batch{f: f, endpoint: pos[0], con: newConsole(s.err), stats: stats{lines: map[int]outcome{}}}
	if b.limiter, err = f.newLimiter(u, b.con); err != nil {
		return nil, err
	}
	if b.st, err = openState(f.out); err != nil {
		return nil, err
	}
	if err := b.checkInput(); err != nil {
		b.st.close()
		return nil, err
	}
	b.client, err = jmzs.NewClient(
		jmzs.WithAuthenticator(auth),
		jmzs.WithMaxRetries(f.retries),
		jmzs.WithUserAgent("jmzs-go/"+jmzs.Version+" (cmd/jmzs batch)"),
		jmzs.WithRateLimiter(prepaid{b.limiter}),
		jmzs.WithLearnedPacing(),
		jmzs.WithMiddleware(b.countThrottles),
	)
	if err != nil {
		b.st.close()
		return nil, err
	}
	return b, nil
}

// settableLimiter is the run's limiter: local, or shared through Redis.
type settableLimiter interface {
	jmzs.RateSetter
	String() string
}

// newLimiter paces at -qps, through -redis when given.
func (f *batchFlags) newLimiter(u *url.URL, con *console) (settableLimiter, error) {
	if f.redisURL == "" {
		return newLocalLimiter(f.qps), nil
	}
	ru, err := url.Parse(f.redisURL)
	if err != nil {
		return nil, usagef("-redis: not a URL; want redis://[:password@]host:port[/db]") // the error would quote a password
	}
	opts, err := redis.ParseURL(f.redisURL)
	if err != nil {
		msg := err.Error()
		if pw, ok := ru.User.Password(); ok && pw != "" {
			msg = strings.ReplaceAll(msg, pw, "xxxxx")
		}
		return nil, usagef("-redis (host %s): %s", ru.Host, msg)
	}
	redis.SetLogger(quietRedis{}) // the limiter reports what matters
	key := f.quotaKey
	if key == "" {
		key = defaultQuotaKey(f.creds, u)
	}
	logger := slog.New(slog.NewTextHandler(con, nil))
	l, err := redisquota.New(redis.NewClient(opts), key, f.qps, time.Second, redisquota.WithLogger(logger))
	if err != nil {
		return nil, usagef("%v", err)
	}
	return l, nil
}

// defaultQuotaKey derives a quota's name from the credential and the API,
// as the gateway counts: runs of one app on one API share it. The name
// shows a hash, never the credential.
func defaultQuotaKey(c credentials, u *url.URL) string {
	sum := sha256.Sum256([]byte(c.appCode + "\n" + c.appKey + "\n" + c.aliyunAppCode + "\n" + c.aliyunAppKey + "\n" + u.Host + u.EscapedPath()))
	return "jmzs-batch:" + hex.EncodeToString(sum[:8])
}

// quietRedis drops go-redis's own log lines (a failed dial, once per
// attempt): redisquota reports the fallback and the recovery.
type quietRedis struct{}

func (quietRedis) Printf(context.Context, string, ...any) {}

// localLimiter paces one process; its rate can be learned.
type localLimiter struct {
	l *rate.Limiter

	mu    sync.Mutex
	limit int
	per   time.Duration
}

func newLocalLimiter(qps int) *localLimiter {
	l := &localLimiter{l: rate.NewLimiter(rate.Inf, 1)}
	if qps > 0 {
		l.SetRate(qps, time.Second)
	}
	return l
}

func (l *localLimiter) Wait(ctx context.Context) error { return l.l.Wait(ctx) }

func (l *localLimiter) Rate() (int, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.limit, l.per
}

func (l *localLimiter) SetRate(limit int, per time.Duration) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.limit, l.per = limit, per
	l.l.SetLimit(rate.Limit(float64(limit) / per.Seconds()))
	return nil
}

func (l *localLimiter) String() string {
	if limit, per := l.Rate(); limit > 0 {
		return fmt.Sprintf("local limiter %d/%v", limit, per)
	}
	return "local limiter, unlimited"
}

// lineCall is what a worker shares, through the call's context, with the
// client's limiter about the call of one line.
type lineCall struct {
	turn atomic.Bool // the worker holds a turn of the limiter for the first attempt
}

type lineCallKey struct{}

// withLineCall returns ctx carrying a lineCall that holds a turn.
func withLineCall(ctx context.Context) context.Context {
	c := new(lineCall)
	c.turn.Store(true)
	return context.WithValue(ctx, lineCallKey{}, c)
}

func lineCallOf(ctx context.Context) *lineCall {
	c, _ := ctx.Value(lineCallKey{}).(*lineCall)
	return c
}

// prepaid is the run's limiter as the client sees it. A worker waits for
// its turn before it journals a line, so that a line waiting for the
// quota is not in the journal; the call's first attempt then goes at
// once, and its retries wait as usual.
type prepaid struct{ settableLimiter }

func (p prepaid) Wait(ctx context.Context) error {
	if c := lineCallOf(ctx); c != nil && c.turn.CompareAndSwap(true, false) {
		return nil
	}
	return p.settableLimiter.Wait(ctx)
}

// countThrottles is a middleware counting the gateway's throttles.
func (b *batch) countThrottles(req *http.Request, next func(*http.Request) (*http.Response, error)) (*http.Response, error) {
	resp, err := next(req)
	if err == nil && (resp.StatusCode == http.StatusTooManyRequests || strings.HasPrefix(resp.Header.Get("X-Ca-Error-Message"), "Throttled by ")) {
		b.stats.throttled.Add(1)
	}
	return resp, err
}

// checkInput counts the calls in the input, checks that the lines in
// the journal are as they were sent, and records the lines that were
// going out when an earlier run stopped as unknown (or leaves them to be
// sent again, with -resend-unknown).
func (b *batch) checkInput() error {
	maps.Copy(b.stats.lines, b.st.results)
	n := 0
	err := b.eachLine(func(line int, text []byte) error {
		n = line
		if isBlank(text) {
			return nil
		}
		b.total++
		if sum, ok := b.st.sent[line]; ok && sum != lineSum(text) {
			return usagef("-in line %d is not the line an earlier run sent (the journal %s%s says otherwise): run a changed input with another -out",
				line, b.f.out, journalSuffix)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, line := range slices.Sorted(maps.Keys(b.st.sent)) {
		if line > n {
			return usagef("-out %s holds results for line %d; -in has %d lines: run a changed input with another -out", b.f.out, line, n)
		}
		if _, ok := b.st.results[line]; ok || b.f.resendUnknown {
			continue
		}
		r := &batchResult{Line: line, State: stateUnknown,
			Error: "sent by a run that stopped before its answer was recorded: it may have been billed; not sent again (see -resend-unknown)"}
		if err := b.finish(r); err != nil {
			return err
		}
	}
	for line := range b.st.results {
		if line > n {
			return usagef("-out %s holds results for line %d; -in has %d lines: run a changed input with another -out", b.f.out, line, n)
		}
	}
	return nil
}

// eachLine calls fn with each line of the input and its number.
func (b *batch) eachLine(fn func(line int, text []byte) error) error {
	in, err := os.Open(b.f.in)
	if err != nil {
		return usagef("-in: %v", err)
	}
	defer in.Close()
	r := bufio.NewReaderSize(in, 64<<10)
	for line := 1; ; line++ {
		text, err := r.ReadBytes('\n')
		if len(text) > 0 {
			text = trimEOL(text)
			if ferr := fn(line, text); ferr != nil {
				return ferr
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("-in %s: %w", b.f.in, err)
		}
	}
}

// trimEOL drops a line's "\n" or "\r\n".
func trimEOL(b []byte) []byte {
	return bytes.TrimSuffix(bytes.TrimSuffix(b, []byte("\n")), []byte("\r"))
}

// toSend reports whether line is to be sent by this run.
func (b *batch) toSend(line int) bool {
	o, ok := b.st.results[line]
	if !ok {
		_, sent := b.st.sent[line]
		return !sent || b.f.resendUnknown
	}
	return o.state == stateUnknown && b.f.resendUnknown
}

// run sends the lines, and returns the exit code.
func (b *batch) run(ctx context.Context) (int, error) {
	interrupt, stop := context.WithCancel(ctx)
	defer stop()
	b.interrupt, b.stop = interrupt, stop
	go func() {
		<-interrupt.Done()
		if ctx.Err() != nil {
			// A second Ctrl-C ends the process at once; the journal
			// keeps the lines in flight from being sent twice.
			signal.Reset(os.Interrupt, syscall.SIGTERM)
			b.con.printf("jmzs batch: interrupted: finishing the calls in flight; Ctrl-C again to quit now (they become unknown)\n")
		}
	}()

	start := time.Now()
	stopProgress := b.con.startProgress(func() string { return b.progress(start) }, b.learnedNotice)
	b.jobs = make(chan job)
	var wg sync.WaitGroup
	for range b.f.concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b.work()
		}()
	}
	err := b.eachLine(func(line int, text []byte) error {
		if isBlank(text) || !b.toSend(line) {
			return nil
		}
		req, err := parseLine(text, b.f.method, b.endpoint)
		if err != nil {
			b.con.printf("jmzs batch: line %d: %v\n", line, err)
			return b.finish(&batchResult{Line: line, State: stateFailed, Error: err.Error()})
		}
		select {
		case b.jobs <- job{line, lineSum(text), req}:
			return nil
		case <-interrupt.Done():
			return errStop
		}
	})
	close(b.jobs)
	wg.Wait()
	stopProgress()
	if errors.Is(err, errStop) {
		err = nil
	}
	if p := b.fatal.Load(); p != nil && err == nil {
		err = *p
	}
	b.summary(time.Since(start))
	if err != nil {
		return 0, err
	}
	return b.exitCode(), nil
}

// errStop ends the reading of the input early.
var errStop = errors.New("stop")

// work sends the jobs, one at a time.
func (b *batch) work() {
	for j := range b.jobs {
		if b.interrupt.Err() != nil {
			continue // not run
		}
		if err := b.limiter.Wait(b.interrupt); err != nil {
			continue // interrupted: not run
		}
		if !b.f.noJournal {
			if err := b.st.journal.add(j.line, j.sum); err != nil {
				b.stopWith(fmt.Errorf("journal %s%s: %w; line %d was not sent", b.f.out, journalSuffix, err, j.line))
				continue
			}
		}
		// The call is not cut short by Ctrl-C: once sent, its answer is
		// worth waiting for (-timeout bounds it).
		ctx := withLineCall(context.WithoutCancel(b.interrupt))
		ctx, cancel := context.WithTimeout(ctx, b.f.timeout)
		resp, err := jmzs.Do[json.RawMessage](ctx, b.client, j.req)
		cancel()
		b.stats.mu.Lock()
		b.stats.sent++
		b.stats.mu.Unlock()
		if err := b.finish(resultOf(j.line, resp, err)); err != nil {
			b.stopWith(err)
		}
	}
}

// stopWith ends the run on an error that puts its promises at risk.
func (b *batch) stopWith(err error) {
	if b.fatal.CompareAndSwap(nil, &err) {
		b.stop() // start no more calls; those in flight finish
	}
}

// finish records a line's result and counts it.
func (b *batch) finish(r *batchResult) error {
	if err := b.st.record(r); err != nil {
		return fmt.Errorf("-out %s: %w", b.f.out, err)
	}
	b.stats.mu.Lock()
	b.stats.lines[r.Line] = outcomeOf(r)
	b.stats.mu.Unlock()
	return nil
}

// resultOf makes the result of a call.
func resultOf(line int, resp *jmzs.Response[json.RawMessage], err error) *batchResult {
	r := &batchResult{Line: line, State: stateDone}
	if resp != nil {
		r.Code, r.Msg, r.TaskNo, r.RequestID, r.HTTPStatus = resp.Code, resp.Msg, resp.TaskNo, resp.RequestID, resp.HTTPStatus
		if len(resp.Data) > 0 && string(resp.Data) != "null" {
			r.Data = resp.Data
		}
	}
	if err == nil {
		r.HTTPStatus = 0 // 200, said by the state
		return r
	}
	r.Error = strings.TrimPrefix(err.Error(), "jmzs: ")
	r.State = stateFailed
	if errors.Is(err, jmzs.ErrOutcomeUnknown) {
		// No answer to a request that was sent (a timeout, a dropped
		// connection, an answer cut short) or a 504: the backend may
		// have run the call.
		r.State = stateUnknown
	}
	var apiErr *jmzs.APIError
	var gwErr *jmzs.GatewayError
	var decErr *jmzs.DecodeError
	switch {
	case errors.As(err, &apiErr):
		r.Code, r.HTTPStatus, r.RequestID = apiErr.Code, apiErr.HTTPStatus, apiErr.RequestID
	case errors.As(err, &gwErr):
		r.HTTPStatus, r.ErrorCode, r.RequestID = gwErr.HTTPStatus, gwErr.ErrorCode, gwErr.RequestID
	case errors.As(err, &decErr):
		r.HTTPStatus, r.RequestID = decErr.HTTPStatus, decErr.RequestID
	}
	return r
}

// exitCode is 0 when every line is done, else 1.
func (b *batch) exitCode() int {
	b.stats.mu.Lock()
	defer b.stats.mu.Unlock()
	done := 0
	for _, o := range b.stats.lines {
		if o.state == stateDone {
			done++
		}
	}
	if done == b.total {
		return exitOK
	}
	return exitError
}
