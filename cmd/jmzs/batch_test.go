package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/jmzs-sdk/jmzs-go/jmzstest"
)

const batchPath = "/express/query-v2"

// writeLines writes lines, one a line, to a new file and returns its path.
func writeLines(t *testing.T, lines ...string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "in.jsonl")
	require.NoError(t, os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644))
	return path
}

// numberedLines returns n input lines whose query carries their number.
func numberedLines(n int) []string {
	lines := make([]string, n)
	for i := range lines {
		lines[i] = fmt.Sprintf(`{"query":{"id":"%d"}}`, i+1)
	}
	return lines
}

// readOutput reads jmzs batch's output: every record, and the last one of
// each line.
func readOutput(t *testing.T, path string) (records []batchResult, last map[int]batchResult) {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	last = make(map[int]batchResult)
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var r batchResult
		require.NoError(t, json.Unmarshal(sc.Bytes(), &r), sc.Text())
		records = append(records, r)
		last[r.Line] = r
	}
	require.NoError(t, sc.Err())
	return records, last
}

// sentByID counts the calls that reached the backend (not refused by the
// gateway), by their "id" query parameter.
func sentByID(g *jmzstest.Gateway) map[string]int {
	n := make(map[string]int)
	for _, r := range g.Requests() {
		if r.Status == http.StatusOK {
			n[r.Query.Get("id")]++
		}
	}
	return n
}

func TestBatchSendsEachLineAndResumes(t *testing.T) {
	g := jmzstest.NewGateway(t, jmzstest.WithAppCode(testAppCode), jmzstest.WithAppKey(testAppKey, testAppSecret), jmzstest.WithFixtureRoutes())
	in := writeLines(t,
		`{"query":{"id":"1","number":"YT1234567890123"}}`,
		`{"query":{"id":"2","tag":["a","b"]},"header":{"X-Stage":"RELEASE"}}`,
		``,
		`{"query":{"id":"4"},"form":{"name":"张三"}}`,
		`{"query":{"id":"5"},"json":{"number":"SF1234567890123"}}`,
		`{"query":{"id":"6","idcard":330102199001011234}}`,
		`{"qurey":{"id":"7"}}`,
		`not json at all`,
		`{"query":{"id":"9"},"form":{"a":"b"},"json":{}}`,
		`["an","array"]`,
		`{"query":{"id":"11"}}`,
	)
	out := filepath.Join(t.TempDir(), "out.jsonl")
	for _, env := range [][]string{withAppCode, withAppKey} {
		require.NoError(t, os.RemoveAll(out))
		require.NoError(t, os.RemoveAll(out+".journal"))
		g.ClearRequests()
		r := runJMZS(t, env, "batch", "-in", in, "-out", out, "-concurrency", "3", g.URL()+batchPath)
		require.Equal(t, 1, r.code, r.stderr)
		require.Empty(t, r.stdout)

		records, last := readOutput(t, out)
		require.Len(t, records, 10, "one result per line that is not blank")
		for _, line := range []int{1, 2, 4, 5, 11} {
			res := last[line]
			require.Equal(t, stateDone, res.State, "line %d", line)
			require.Equal(t, 200, res.Code)
			require.NotEmpty(t, res.TaskNo)
			require.Regexp(t, `^[0-9a-f]{32}$`, res.RequestID)
			require.Contains(t, string(res.Data), "expressCompanyName")
			require.Empty(t, res.Error)
		}
		malformed := map[int]string{
			6:  "malformed line: query.idcard: want a string or an array of strings (quote numbers)",
			7:  `malformed line: unknown part "qurey" (want query, form, json, header)`,
			8:  "malformed line: not JSON (at byte 2)",
			9:  `malformed line: "form" and "json" both give a body; send one`,
			10: "malformed line: want a JSON object",
		}
		for line, msg := range malformed {
			require.Equal(t, batchResult{Line: line, State: stateFailed, Error: msg}, last[line])
			require.Contains(t, r.stderr, fmt.Sprintf("jmzs batch: line %d: %s\n", line, msg))
		}
		require.NotContains(t, r.stderr, "330102199001011234", "a malformed line's values are never shown")
		require.Contains(t, r.stderr, "jmzs batch: 10 lines: 5 done, 5 failed (malformed line: 5), 0 unknown, 0 not run\n")
		require.Contains(t, r.stderr, "jmzs batch: this run: 5 sent in ")

		// The gateway received each line as written.
		byID := make(map[string]jmzstest.RecordedRequest)
		for _, req := range g.Requests() {
			require.Equal(t, http.StatusOK, req.Status)
			byID[req.Query.Get("id")] = req
		}
		require.Len(t, byID, 5)
		require.Equal(t, "YT1234567890123", byID["1"].Query.Get("number"))
		require.Equal(t, []string{"a", "b"}, byID["2"].Query["tag"])
		require.Equal(t, "RELEASE", byID["2"].Header.Get("X-Stage"))
		require.Equal(t, "name=%E5%BC%A0%E4%B8%89", string(byID["4"].Body))
		require.JSONEq(t, `{"number":"SF1234567890123"}`, string(byID["5"].Body))

		// A rerun sends nothing: every line has a result.
		g.ClearRequests()
		r = runJMZS(t, env, "batch", "-in", in, "-out", out, g.URL()+batchPath)
		require.Equal(t, 1, r.code, r.stderr)
		require.Empty(t, g.Requests())
		require.Contains(t, r.stderr, "jmzs batch: this run: 0 sent in ")
		again, _ := readOutput(t, out)
		require.Equal(t, records, again)
	}
}

func TestBatchExitsZeroWhenEveryLineIsDone(t *testing.T) {
	g := jmzstest.NewGateway(t, jmzstest.WithAppCode(testAppCode), jmzstest.WithFixtureRoutes())
	in := writeLines(t, numberedLines(20)...)
	out := filepath.Join(t.TempDir(), "out.jsonl")
	r := runJMZS(t, withAppCode, "batch", "-qps", "200", "-in", in, "-out", out, g.URL()+batchPath)
	require.Equal(t, 0, r.code, r.stderr)
	require.Equal(t, "jmzs batch: 20 lines: 20 done, 0 failed, 0 unknown, 0 not run\n", strings.SplitAfter(r.stderr, "\n")[0])
	_, last := readOutput(t, out)
	require.Len(t, last, 20)
	for id, n := range sentByID(g) {
		require.Equal(t, 1, n, "id %s", id)
	}
	require.NotContains(t, r.stderr, testAppCode)
}

func TestBatchFailuresAndUnknowns(t *testing.T) {
	g := jmzstest.NewGateway(t, jmzstest.WithAppCode(testAppCode))
	g.Handle("/biz400", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"code":400,"msg":"参数错误","taskNo":"123","data":null}`)
	}))
	g.Reply("/gw504", 200, "成功", nil)
	g.Fail("/gw504", -1, http.StatusGatewayTimeout)
	g.Reply("/throttled", 200, "成功", nil)
	g.Throttle("/throttled", -1, 0)
	in := writeLines(t, numberedLines(2)...)
	for _, tt := range []struct {
		path, state, errorCode, summary string
		code, status                    int
	}{
		{"/biz400", stateFailed, "", "2 failed (400: 2), 0 unknown", 400, 200},
		{"/gw504", stateUnknown, "APIG.0203", "0 failed, 2 unknown", 0, 504},
		{"/throttled", stateFailed, "APIG.0308", "2 failed (APIG.0308: 2), 0 unknown", 0, 429},
	} {
		t.Run(tt.path, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out.jsonl")
			r := runJMZS(t, withAppCode, "batch", "-retries", "1", "-in", in, "-out", out, g.URL()+tt.path)
			require.Equal(t, 1, r.code, r.stderr)
			require.Contains(t, r.stderr, "jmzs batch: 2 lines: 0 done, "+tt.summary+", 0 not run\n")
			_, last := readOutput(t, out)
			for _, res := range last {
				require.Equal(t, tt.state, res.State)
				require.Equal(t, tt.code, res.Code)
				require.Equal(t, tt.status, res.HTTPStatus)
				require.Equal(t, tt.errorCode, res.ErrorCode)
				require.NotEmpty(t, res.RequestID)
				require.NotEmpty(t, res.Error)
			}
			if tt.path == "/throttled" {
				require.Contains(t, r.stderr, ", 4 throttled\n", "two lines, each tried twice")
			}
		})
	}
}

// TestBatchUnknownWhenTheAnswerIsLost: a call whose request went out and
// whose answer never came (the connection dropped, the answer cut short,
// -timeout) may have been billed: it is unknown. A call that found no
// connection was not sent: it failed.
func TestBatchUnknownWhenTheAnswerIsLost(t *testing.T) {
	g := jmzstest.NewGateway(t, jmzstest.WithAppCode(testAppCode))
	var runs atomic.Int32
	hijack := func(answer string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			runs.Add(1)
			conn, buf, err := http.NewResponseController(w).Hijack()
			if err != nil {
				panic(err)
			}
			defer conn.Close()
			buf.WriteString(answer)
			buf.Flush()
		}
	}
	g.Handle("/drop", hijack(""))
	g.Handle("/cut", hijack("HTTP/1.1 200 OK\r\nContent-Length: 500\r\n\r\n{\"code\":200,"))
	g.Handle("/slow", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		runs.Add(1)
		<-r.Context().Done() // until jmzs batch gives up on it
	}))
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	in := writeLines(t, numberedLines(2)...)
	for _, tt := range []struct {
		name, url, state, summary string
		runs                      int32
	}{
		{"connection dropped", g.URL() + "/drop", stateUnknown, "0 failed, 2 unknown", 2},
		{"answer cut short", g.URL() + "/cut", stateUnknown, "0 failed, 2 unknown", 2},
		{"timed out", g.URL() + "/slow", stateUnknown, "0 failed, 2 unknown", 2},
		{"no connection", closed.URL + batchPath, stateFailed, "2 failed (not sent: 2), 0 unknown", 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			runs.Store(0)
			out := filepath.Join(t.TempDir(), "out.jsonl")
			r := runJMZS(t, withAppCode, "batch", "-retries", "0", "-timeout", "300ms", "-in", in, "-out", out, tt.url)
			require.Equal(t, 1, r.code, r.stderr)
			require.Contains(t, r.stderr, "jmzs batch: 2 lines: 0 done, "+tt.summary+", 0 not run\n")
			require.Equal(t, tt.runs, runs.Load(), "times the backend ran a call")
			_, last := readOutput(t, out)
			require.Len(t, last, 2)
			for _, res := range last {
				require.Equal(t, tt.state, res.State, res.Error)
			}
		})
	}
}

// TestBatchJournalMakesUnknowns: a line in the journal without a result,
// as a killed run leaves it, is recorded unknown and not sent, unless
// -resend-unknown.
func TestBatchJournalMakesUnknowns(t *testing.T) {
	g := jmzstest.NewGateway(t, jmzstest.WithAppCode(testAppCode), jmzstest.WithFixtureRoutes())
	lines := numberedLines(4)
	in := writeLines(t, lines...)
	out := filepath.Join(t.TempDir(), "out.jsonl")
	// Line 1 finished; lines 2 and 3 went out; the output's last record
	// and the journal's were cut short by the crash.
	require.NoError(t, os.WriteFile(out, []byte(`{"line":1,"state":"done","code":200}`+"\n"+`{"line":2,"sta`), 0o644))
	journal := fmt.Sprintf("1 %s\n2 %s\n3 %s\n4 ", lineSum([]byte(lines[0])), lineSum([]byte(lines[1])), lineSum([]byte(lines[2])))
	require.NoError(t, os.WriteFile(out+".journal", []byte(journal), 0o644))

	r := runJMZS(t, withAppCode, "batch", "-in", in, "-out", out, g.URL()+batchPath)
	require.Equal(t, 1, r.code, r.stderr)
	require.Equal(t, map[string]int{"4": 1}, sentByID(g))
	records, last := readOutput(t, out)
	require.Len(t, records, 4)
	require.Equal(t, stateUnknown, last[2].State)
	require.Equal(t, stateUnknown, last[3].State)
	require.Contains(t, last[2].Error, "may have been billed")
	require.Equal(t, stateDone, last[4].State)
	require.Contains(t, r.stderr, "4 lines: 2 done, 0 failed, 2 unknown, 0 not run")

	// Without the flag, never again; with it, once more.
	r = runJMZS(t, withAppCode, "batch", "-in", in, "-out", out, g.URL()+batchPath)
	require.Equal(t, 1, r.code)
	require.Equal(t, map[string]int{"4": 1}, sentByID(g))
	r = runJMZS(t, withAppCode, "batch", "-resend-unknown", "-in", in, "-out", out, g.URL()+batchPath)
	require.Equal(t, 0, r.code, r.stderr)
	require.Equal(t, map[string]int{"2": 1, "3": 1, "4": 1}, sentByID(g))
	records, last = readOutput(t, out)
	require.Len(t, records, 6)
	for line := 1; line <= 4; line++ {
		require.Equal(t, stateDone, last[line].State)
	}
}

func TestBatchRefusesAChangedInput(t *testing.T) {
	g := jmzstest.NewGateway(t, jmzstest.WithAppCode(testAppCode), jmzstest.WithFixtureRoutes())
	out := filepath.Join(t.TempDir(), "out.jsonl")
	r := runJMZS(t, withAppCode, "batch", "-in", writeLines(t, numberedLines(3)...), "-out", out, g.URL()+batchPath)
	require.Equal(t, 0, r.code, r.stderr)

	changed := numberedLines(3)
	changed[1] = `{"query":{"id":"changed"}}`
	r = runJMZS(t, withAppCode, "batch", "-in", writeLines(t, changed...), "-out", out, g.URL()+batchPath)
	require.Equal(t, 2, r.code)
	require.Contains(t, r.stderr, "-in line 2 is not the line an earlier run sent")

	r = runJMZS(t, withAppCode, "batch", "-in", writeLines(t, numberedLines(2)...), "-out", out, g.URL()+batchPath)
	require.Equal(t, 2, r.code)
	require.Contains(t, r.stderr, "holds results for line 3; -in has 2 lines")
	require.Len(t, g.Requests(), 3)
}

func TestBatchUsageErrors(t *testing.T) {
	in := writeLines(t, numberedLines(1)...)
	out := filepath.Join(t.TempDir(), "out.jsonl")
	const password = "redis-pass-do-not-show"
	tests := []struct {
		name string
		env  []string
		args []string
		msg  string
	}{
		{"no URL", withAppCode, []string{"-in", in, "-out", out}, "want one argument, the URL"},
		{"no -in", withAppCode, []string{"-out", out, "http://127.0.0.1:1/x"}, "-in and -out are required"},
		{"negative -qps", withAppCode, []string{"-qps", "-1", "-in", in, "-out", out, "http://127.0.0.1:1/x"}, "-qps must be 0 or more"},
		{"no -concurrency", withAppCode, []string{"-concurrency", "0", "-in", in, "-out", out, "http://127.0.0.1:1/x"}, "-concurrency 1 or more"},
		{"not a URL", withAppCode, []string{"-in", in, "-out", out, "ftp://x/y"}, "want http(s)://host/path"},
		{"no credentials", nil, []string{"-in", in, "-out", out, "http://127.0.0.1:1/x"}, "no credentials"},
		{"-quota-key without -redis", withAppCode, []string{"-quota-key", "k", "-in", in, "-out", out, "http://127.0.0.1:1/x"}, "give -redis too"},
		{"same file", withAppCode, []string{"-in", in, "-out", in, "http://127.0.0.1:1/x"}, "must be different files"},
		{"missing input", withAppCode, []string{"-in", in + ".missing", "-out", out, "http://127.0.0.1:1/x"}, "no such file"},
		{"bad Redis URL", withAppCode, []string{"-redis", "redis://:" + password + "@127.0.0.1:1/x%zz", "-in", in, "-out", out, "http://127.0.0.1:1/x"}, "-redis: not a URL"},
		{"bad Redis scheme", withAppCode, []string{"-redis", "http://:" + password + "@127.0.0.1:1/", "-in", in, "-out", out, "http://127.0.0.1:1/x"}, "-redis (host 127.0.0.1:1): redis: invalid URL scheme: http"},
		{"bad Redis database", []string{"JMZS_APPCODE=" + testAppCode, "JMZS_REDIS_URL=redis://:" + password + "@127.0.0.1:1/" + password},
			[]string{"-in", in, "-out", out, "http://127.0.0.1:1/x"}, "invalid database number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runJMZS(t, tt.env, append([]string{"batch"}, tt.args...)...)
			require.Equal(t, 2, r.code, r.stderr)
			require.Contains(t, r.stderr, tt.msg)
			require.NotContains(t, r.stderr, password)
			require.NotContains(t, r.stderr, testAppCode)
			require.Empty(t, r.stdout)
		})
	}
	_, err := os.Stat(out)
	require.True(t, os.IsNotExist(err), "a usage error creates no output")
}

// TestBatchOneRunPerOutput: a second run on the same -out while the first
// runs is refused, so two runs never send the same line.
func TestBatchOneRunPerOutput(t *testing.T) {
	g := jmzstest.NewGateway(t, jmzstest.WithAppCode(testAppCode), jmzstest.WithFixtureRoutes(), jmzstest.WithLatency(time.Second))
	in := writeLines(t, numberedLines(4)...)
	out := filepath.Join(t.TempDir(), "out.jsonl")
	first := startBatch(t, withAppCode, "-concurrency", "1", "-in", in, "-out", out, g.URL()+batchPath)
	waitForLines(t, out, 1)
	r := runJMZS(t, withAppCode, "batch", "-in", in, "-out", out, g.URL()+batchPath)
	require.Equal(t, 1, r.code)
	require.Contains(t, r.stderr, "another jmzs batch is writing it")
	require.NoError(t, first.Wait())
	for id, n := range sentByID(g) {
		require.Equal(t, 1, n, "id %s", id)
	}
}
