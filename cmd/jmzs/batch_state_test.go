package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestJournalConcurrentRecordsAreOnDisk(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out.jsonl")
	st, err := openState(out)
	require.NoError(t, err)
	st.journal.chunk = 64 // grow many times
	const n = 300
	var wg sync.WaitGroup
	for i := 1; i <= n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			require.NoError(t, st.journal.add(i, fmt.Sprintf("%016x", i)))
		}()
	}
	wg.Wait()
	require.NoError(t, st.close())
	require.ErrorIs(t, st.journal.add(n+1, "x"), errJournalClosed)

	f, err := os.Open(out + journalSuffix)
	require.NoError(t, err)
	defer f.Close()
	sent, end, err := readJournal(f)
	require.NoError(t, err)
	require.Len(t, sent, n)
	for i := 1; i <= n; i++ {
		require.Equal(t, fmt.Sprintf("%016x", i), sent[i])
	}
	fi, err := f.Stat()
	require.NoError(t, err)
	require.Greater(t, fi.Size(), end, "preallocated")
	require.Zero(t, fi.Size()%64)
}

func TestJournalRecordCutShortIsZeroedAndOverwritten(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out.jsonl")
	// A crash left "22 bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb" half written, longer
	// than the record that follows it.
	require.NoError(t, os.WriteFile(out+journalSuffix, []byte("1 aaaa\n22 bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\x00\x00\x00\x00"), 0o644))
	st, err := openState(out)
	require.NoError(t, err)
	require.Equal(t, map[int]string{1: "aaaa"}, st.sent)
	require.NoError(t, st.journal.add(3, "cc"))
	require.NoError(t, st.close())

	b, err := os.ReadFile(out + journalSuffix)
	require.NoError(t, err)
	require.Equal(t, "1 aaaa\n3 cc\n", string(bytes.TrimRight(b, "\x00")))
	st, err = openState(out)
	require.NoError(t, err)
	require.Equal(t, map[int]string{1: "aaaa", 3: "cc"}, st.sent)
	require.NoError(t, st.close())
}

func TestOutputLineCutShortIsDropped(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out.jsonl")
	require.NoError(t, os.WriteFile(out, []byte(`{"line":1,"state":"done","code":200}`+"\n"+`{"line":2,"state":"fai`), 0o644))
	st, err := openState(out)
	require.NoError(t, err)
	require.Equal(t, map[int]outcome{1: {state: stateDone}}, st.results)
	require.NoError(t, st.record(&batchResult{Line: 2, State: stateFailed, Code: 400}))
	require.NoError(t, st.close())
	b, err := os.ReadFile(out)
	require.NoError(t, err)
	require.Equal(t, `{"line":1,"state":"done","code":200}`+"\n"+`{"line":2,"state":"failed","code":400}`+"\n", string(b))
}

func TestOutputOfAnotherProgramIsRefused(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out.jsonl")
	require.NoError(t, os.WriteFile(out, []byte("{\"line\":1,\"state\":\"done\"}\nhello\n"), 0o644))
	_, err := openState(out)
	require.ErrorContains(t, err, "line 2 is not a jmzs batch result")
	require.NoError(t, os.WriteFile(out+journalSuffix, []byte("one two\n"), 0o644))
	require.NoError(t, os.Remove(out))
	_, err = openState(out)
	require.ErrorContains(t, err, "line 1 is not a jmzs batch journal record")
}

func TestOutcomeCountsAFailureUnderItsMostTellingCode(t *testing.T) {
	for _, tt := range []struct {
		r    batchResult
		want string
	}{
		{batchResult{State: stateFailed, Code: 400, HTTPStatus: 200}, "400"},
		{batchResult{State: stateFailed, ErrorCode: "APIG.0308", HTTPStatus: 429}, "APIG.0308"},
		{batchResult{State: stateFailed, HTTPStatus: 502}, "HTTP 502"},
		{batchResult{State: stateFailed, Error: "malformed line: not JSON (at byte 1)"}, "malformed line"},
		{batchResult{State: stateFailed, Error: "dial tcp: connection refused"}, "not sent"},
		{batchResult{State: stateUnknown, HTTPStatus: 504}, ""},
		{batchResult{State: stateDone, Code: 200}, ""},
	} {
		require.Equal(t, tt.want, outcomeOf(&tt.r).code, "%+v", tt.r)
	}
}

func TestConsoleWritesAboveTheProgressLine(t *testing.T) {
	var buf bytes.Buffer
	c := &console{w: &buf, tty: true}
	c.setStatus("jmzs batch: 1/3")
	c.printf("jmzs batch: line 2: malformed line\n")
	c.setStatus("jmzs batch: 2/3")
	c.setStatus("")
	require.Equal(t, "jmzs batch: 1/3"+
		"\r\x1b[Kjmzs batch: line 2: malformed line\njmzs batch: 1/3"+
		"\r\x1b[Kjmzs batch: 2/3"+
		"\r\x1b[K", buf.String())

	b := &batch{total: 10, stats: stats{lines: map[int]outcome{1: {state: stateDone}, 2: {state: stateDone}, 3: {state: stateFailed}}, sent: 3}}
	b.stats.throttled.Store(2)
	line := b.progress(time.Now().Add(-time.Second))
	require.Regexp(t, `^jmzs batch: 3/10  [23]\.\d/s  ETA [23]s  throttled 2$`, line)

	// Not a terminal: messages only, no progress line.
	buf.Reset()
	c = newConsole(&buf)
	stop := c.startProgress(func() string { return "progress" }, func() string { return "learned" })
	stop()
	require.Equal(t, "learned\n", buf.String())
	require.False(t, strings.Contains(buf.String(), "progress"))
}
