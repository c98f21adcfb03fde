package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
)

// The states of a line in jmzs batch's output.
const (
	stateDone    = "done"    // business code 200
	stateFailed  = "failed"  // a definite answer other than 200, or a line that could not be sent
	stateUnknown = "unknown" // may have reached the gateway, with no answer recorded
)

// batchResult is one line of jmzs batch's output.
type batchResult struct {
	Line       int             `json:"line"`
	State      string          `json:"state"`
	Code       int             `json:"code,omitempty"` // business code
	Msg        string          `json:"msg,omitempty"`
	TaskNo     string          `json:"taskNo,omitempty"`
	RequestID  string          `json:"requestId,omitempty"`
	Data       json.RawMessage `json:"data,omitempty"`
	HTTPStatus int             `json:"httpStatus,omitempty"`
	ErrorCode  string          `json:"errorCode,omitempty"` // the gateway's, e.g. APIG.0308
	Error      string          `json:"error,omitempty"`
}

// outcome is what the summary needs of a result.
type outcome struct {
	state string
	code  string // what a failure is counted under
}

// outcomeOf sums r up: its state and, for a failure, the most telling of
// its codes: the gateway's error code, the business code, the HTTP
// status, a malformed line, or else a call not sent.
func outcomeOf(r *batchResult) outcome {
	o := outcome{state: r.State}
	if r.State != stateFailed {
		return o
	}
	switch {
	case r.ErrorCode != "":
		o.code = r.ErrorCode
	case r.Code != 0:
		o.code = strconv.Itoa(r.Code)
	case r.HTTPStatus != 0:
		o.code = "HTTP " + strconv.Itoa(r.HTTPStatus)
	case strings.HasPrefix(r.Error, "malformed line"):
		o.code = "malformed line"
	default:
		o.code = "not sent"
	}
	return o
}

// journalSuffix names the journal beside the output: -out results.jsonl
// journals to results.jsonl.journal.
const journalSuffix = ".journal"

// state is what a run of jmzs batch keeps on disk: the output (one result
// per line, appended as calls finish) and the journal of lines going out.
// A line goes in the journal, synced, before it is sent, so after a crash
// at any moment every line that may have been sent is in the journal.
type state struct {
	out     *os.File
	journal *journal

	results map[int]outcome // line → its last result in the output
	sent    map[int]string  // line → its content's lineSum, for the lines in the journal
}

// openState opens (or creates) the output and its journal, locks them
// against another run, and reads what earlier runs recorded. A last line
// cut short by a crash is dropped from either file.
func openState(outPath string) (*state, error) {
	jf, err := os.OpenFile(outPath+journalSuffix, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	if err := lockFile(jf); err != nil {
		jf.Close()
		return nil, fmt.Errorf("-out %s: another jmzs batch is writing it (%v)", outPath, err)
	}
	st := new(state)
	fail := func(err error) (*state, error) {
		jf.Close() // and so unlocks it
		if st.out != nil {
			st.out.Close()
		}
		return nil, err
	}
	var end int64
	if st.sent, end, err = readJournal(jf); err != nil {
		return fail(fmt.Errorf("%s: %w", jf.Name(), err))
	}
	if st.out, err = os.OpenFile(outPath, os.O_RDWR|os.O_CREATE, 0o644); err != nil {
		return fail(err)
	}
	if st.results, err = readResults(st.out); err != nil {
		return fail(fmt.Errorf("-out %s: %w", outPath, err))
	}
	if st.journal, err = newJournal(jf, end); err != nil {
		return fail(fmt.Errorf("%s: %w", jf.Name(), err))
	}
	return st, nil
}

// close syncs the output and releases the files.
func (st *state) close() error {
	err := st.journal.close()
	if serr := st.out.Sync(); err == nil {
		err = serr
	}
	if cerr := st.out.Close(); err == nil {
		err = cerr
	}
	return err // closing the journal released the lock
}

// readResults reads the output's results (the last one of a line counts)
// and leaves f at its end, ready to append.
func readResults(f *os.File) (map[int]outcome, error) {
	results := make(map[int]outcome)
	err := readRecords(f, func(n int, rec []byte) error {
		var r batchResult
		if err := json.Unmarshal(rec, &r); err != nil || r.Line < 1 ||
			(r.State != stateDone && r.State != stateFailed && r.State != stateUnknown) {
			return fmt.Errorf("line %d is not a jmzs batch result", n)
		}
		results[r.Line] = outcomeOf(&r)
		return nil
	})
	return results, err
}

// readJournal reads the journal's records, "LINE SUM\n", which end at
// the first NUL byte (the journal is preallocated with zeros), and
// returns them with the offset after the last complete one. A record cut
// short by a crash is zeroed.
func readJournal(f *os.File) (sent map[int]string, end int64, err error) {
	b, err := io.ReadAll(io.NewSectionReader(f, 0, 1<<62))
	if err != nil {
		return nil, 0, err
	}
	if i := bytes.IndexByte(b, 0); i >= 0 {
		b = b[:i]
	}
	end = int64(bytes.LastIndexByte(b, '\n') + 1)
	if cut := int64(len(b)) - end; cut > 0 {
		if _, err := f.WriteAt(make([]byte, cut), end); err != nil {
			return nil, 0, err
		}
	}
	sent = make(map[int]string)
	for n, rec := range bytes.Split(b[:end], []byte("\n")) {
		if len(rec) == 0 {
			continue
		}
		num, sum, ok := strings.Cut(string(rec), " ")
		line, err := strconv.Atoi(num)
		if !ok || err != nil || line < 1 || sum == "" {
			return nil, 0, fmt.Errorf("line %d is not a jmzs batch journal record", n+1)
		}
		sent[line] = sum
	}
	return sent, end, nil
}

// readRecords calls fn on each complete line of f, then truncates f after
// the last one: a line without its newline was cut short by a crash. f is
// left at its end.
func readRecords(f *os.File, fn func(n int, rec []byte) error) error {
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	r := bufio.NewReader(f)
	var end int64 // after the last complete line
	for n := 1; ; n++ {
		rec, err := r.ReadBytes('\n')
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		end += int64(len(rec))
		if rec = bytes.TrimSpace(rec); len(rec) == 0 {
			continue
		}
		if err := fn(n, rec); err != nil {
			return err
		}
	}
	if err := f.Truncate(end); err != nil {
		return err
	}
	_, err := f.Seek(end, io.SeekStart)
	return err
}

// record appends r to the output. The output is not synced on every
// line: after a crash of the machine, a lost result leaves its line in
// the journal, and so unknown, never sent again.
func (st *state) record(r *batchResult) error {
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	_, err = st.out.Write(append(b, '\n'))
	return err
}

// journal records lines going out, syncing them in batches: every line
// whose record arrives while a sync runs is written and synced by the
// next one, so one sync serves every worker waiting.
//
// The file is preallocated with zeros, a chunk at a time, and written in
// place, so that a sync moves no metadata and only the journal's own
// bytes reach the disk: appending, each sync would also flush the output
// written meanwhile (ext4, data=ordered).
type journal struct {
	f     *os.File
	off   int64         // where the next record goes
	size  int64         // zeros preallocated up to here
	chunk int64         // how much to grow by
	kick  chan struct{} // a record is waiting
	done  chan struct{} // the syncer has stopped

	mu      sync.Mutex
	buf     []byte
	waiters []chan error
	closed  bool
}

// journalChunk is how much the journal grows by: some 50,000 records.
const journalChunk = 1 << 20

func newJournal(f *os.File, end int64) (*journal, error) {
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	j := &journal{f: f, off: end, size: fi.Size(), chunk: journalChunk, kick: make(chan struct{}, 1), done: make(chan struct{})}
	if err := datasync(f); err != nil { // the zeroed tail of a cut record, if any
		return nil, err
	}
	go j.sync()
	return j, nil
}

// add records that line, whose content has the given sum, is going out,
// and returns once the record is on disk.
func (j *journal) add(line int, sum string) error {
	ch := make(chan error, 1)
	j.mu.Lock()
	if j.closed {
		j.mu.Unlock()
		return errJournalClosed
	}
	j.buf = strconv.AppendInt(j.buf, int64(line), 10)
	j.buf = append(j.buf, ' ')
	j.buf = append(j.buf, sum...)
	j.buf = append(j.buf, '\n')
	j.waiters = append(j.waiters, ch)
	select {
	case j.kick <- struct{}{}:
	default: // the syncer is already told
	}
	j.mu.Unlock()
	return <-ch
}

// sync writes and syncs the waiting records, batch after batch.
func (j *journal) sync() {
	defer close(j.done)
	var buf []byte
	for range j.kick {
		j.mu.Lock()
		buf, j.buf = j.buf, buf[:0]
		waiters := j.waiters
		j.waiters = nil
		j.mu.Unlock()
		if len(waiters) == 0 {
			continue
		}
		err := j.write(buf)
		for _, w := range waiters {
			w <- err
		}
	}
}

// write puts records on disk after the last ones.
func (j *journal) write(records []byte) error {
	for j.off+int64(len(records)) > j.size {
		// Grow by a chunk of zeros, synced with the file's new size.
		if _, err := j.f.WriteAt(make([]byte, j.chunk), j.size); err != nil {
			return err
		}
		if err := j.f.Sync(); err != nil {
			return err
		}
		j.size += j.chunk
	}
	if _, err := j.f.WriteAt(records, j.off); err != nil {
		return err
	}
	j.off += int64(len(records))
	return datasync(j.f)
}

// errJournalClosed is returned for a record after close.
var errJournalClosed = errors.New("journal closed")

// close stops the journal once the records added so far are on disk.
func (j *journal) close() error {
	j.mu.Lock()
	if j.closed {
		j.mu.Unlock()
		return nil
	}
	j.closed = true
	close(j.kick)
	j.mu.Unlock()
	<-j.done
	return j.f.Close()
}
