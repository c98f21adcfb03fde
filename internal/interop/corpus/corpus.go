// Package corpus reads and writes the differential corpus of
// testdata/corpus-*.jsonl: seeded random requests signed by Huawei's own
// SDK-HMAC-SHA256 signers, each with every signer's canonical request,
// Authorization and the request as it arrived on a loopback server. The
// generator is in ../gen (see its README); the tests that use the corpus
// are in package interop.
package corpus

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"
)

// Meta describes a corpus: how it was made and what it holds.
type Meta struct {
	Seed     int64             `json:"seed"`
	Date     string            `json:"date"` // X-Sdk-Date of every request
	AK       string            `json:"ak"`
	SK       string            `json:"sk"`
	Requests int               `json:"requests"`
	Files    []string          `json:"files"`
	Signers  map[string]string `json:"signers"`  // signers run: name → package and version
	NotRun   map[string]string `json:"not_run"`  // Huawei's signers that could not be run here, and why
	Quirks   map[string]string `json:"quirks"`   // documented quirk → what it is
	Vectors  string            `json:"vectors"`  // the vector file written from the vector records
	Comment  string            `json:"_comment"` // how to regenerate
}

// Record is one request as the caller wrote it, and each signer's result.
type Record struct {
	ID        int                `json:"id"`
	Method    string             `json:"method"`
	Host      string             `json:"host"`
	Target    string             `json:"target"` // escaped path and raw query
	Headers   [][2]string        `json:"headers"`
	Body      string             `json:"body,omitempty"`
	BodyB64   string             `json:"body_b64,omitempty"` // a body that is not UTF-8
	Undefined string             `json:"undefined,omitempty"`
	Vector    *Vector            `json:"vector,omitempty"`
	Signers   map[string]*Result `json:"signers"`
}

// Undefined shapes: Huawei's signers disagree on them, so the SDK refuses
// them.
const (
	UndefinedInvalidUTF8 = "invalid-utf8" // an escape that does not decode to UTF-8
	UndefinedEmptyKey    = "empty-key"    // a query parameter "=v"
)

// Vector names a record that also becomes a known-answer vector.
type Vector struct {
	Name  string `json:"name"`
	Notes string `json:"notes"`
}

// Result is what one signer made of a record.
type Result struct {
	Canonical     string   `json:"canonical,omitempty"`     // the canonical request it signed
	Authorization string   `json:"authorization,omitempty"` // the Authorization it sent
	Wire          *Wire    `json:"wire,omitempty"`          // what arrived; nil if not sent
	Quirks        []string `json:"quirks,omitempty"`        // documented quirks that apply
	Error         string   `json:"error,omitempty"`         // the signer refused the request
	SendError     string   `json:"send_error,omitempty"`    // it signed but could not send
	// NotExpressible says why the signer's API cannot take the request.
	NotExpressible string `json:"not_expressible,omitempty"`
}

// Wire is a request as it arrived, where it differs from the caller's:
// empty fields are the record's (headers compared as a set).
type Wire struct {
	Target  string      `json:"target,omitempty"`
	Host    string      `json:"host,omitempty"`
	Headers [][2]string `json:"headers,omitempty"` // all but transport headers, Host and Authorization
	Body    *string     `json:"body,omitempty"`
	BodyB64 string      `json:"body_b64,omitempty"`
}

// SignedHeaders returns the SignedHeaders list of an SDK-HMAC-SHA256
// Authorization value, as written ("host;x-sdk-date").
func SignedHeaders(authorization string) string {
	_, list, _ := strings.Cut(authorization, "SignedHeaders=")
	list, _, _ = strings.Cut(list, ",")
	return list
}

// BodyBytes returns the record's body.
func (r *Record) BodyBytes() []byte {
	if r.BodyB64 != "" {
		b, _ := base64.StdEncoding.DecodeString(r.BodyB64)
		return b
	}
	return []byte(r.Body)
}

// SetBody sets the record's body.
func (r *Record) SetBody(b []byte) { r.Body, r.BodyB64 = encodeBody(b) }

func encodeBody(b []byte) (text, b64 string) {
	if utf8.Valid(b) {
		return string(b), ""
	}
	return "", base64.StdEncoding.EncodeToString(b)
}

// Resolve returns the request as it arrived: the wire's fields, or the
// record's where the wire leaves them out.
func (r *Record) Resolve(w *Wire) (target, host string, headers [][2]string, body []byte) {
	target, host, headers, body = r.Target, r.Host, r.Headers, r.BodyBytes()
	if w.Target != "" {
		target = w.Target
	}
	if w.Host != "" {
		host = w.Host
	}
	if w.Headers != nil {
		headers = w.Headers
	}
	switch {
	case w.BodyB64 != "":
		body, _ = base64.StdEncoding.DecodeString(w.BodyB64)
	case w.Body != nil:
		body = []byte(*w.Body)
	}
	return target, host, headers, body
}

// NewWire returns the Wire of a request that arrived as given, for r.
func (r *Record) NewWire(target, host string, headers [][2]string, body []byte) *Wire {
	w := &Wire{}
	if target != r.Target {
		w.Target = target
	}
	if host != r.Host {
		w.Host = host
	}
	if !sameSet(headers, r.Headers) {
		w.Headers = headers
	}
	if !bytes.Equal(body, r.BodyBytes()) {
		text, b64 := encodeBody(body)
		if b64 != "" {
			w.BodyB64 = b64
		} else {
			w.Body = &text
		}
	}
	return w
}

func sameSet(a, b [][2]string) bool {
	if len(a) != len(b) {
		return false
	}
	key := func(p [][2]string) []string {
		out := make([]string, len(p))
		for i, h := range p {
			out[i] = h[0] + "\x00" + h[1]
		}
		sort.Strings(out)
		return out
	}
	ka, kb := key(a), key(b)
	for i := range ka {
		if ka[i] != kb[i] {
			return false
		}
	}
	return true
}

// MetaFile is the corpus's description, beside its record files.
const MetaFile = "corpus.json"

// Read reads the corpus in dir.
func Read(dir string) (*Meta, []*Record, error) {
	b, err := os.ReadFile(filepath.Join(dir, MetaFile))
	if err != nil {
		return nil, nil, err
	}
	var meta Meta
	if err := json.Unmarshal(b, &meta); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", MetaFile, err)
	}
	var records []*Record
	for _, name := range meta.Files {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			return nil, nil, err
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			var r Record
			if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
				f.Close()
				return nil, nil, fmt.Errorf("%s: %w", name, err)
			}
			records = append(records, &r)
		}
		f.Close()
		if err := sc.Err(); err != nil {
			return nil, nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	if len(records) != meta.Requests {
		return nil, nil, fmt.Errorf("corpus: %d records, %s says %d", len(records), MetaFile, meta.Requests)
	}
	return &meta, records, nil
}

// MaxFileBytes bounds each record file: the repository refuses tracked
// files over 1 MB.
const MaxFileBytes = 600 << 10

// Write writes records to dir as corpus-NN.jsonl files of at most
// MaxFileBytes, and meta (with the file names and count filled in) as
// MetaFile.
func Write(dir string, meta *Meta, records []*Record) error {
	meta.Requests = len(records)
	meta.Files = nil
	var buf bytes.Buffer
	flush := func() error {
		if buf.Len() == 0 {
			return nil
		}
		name := fmt.Sprintf("corpus-%02d.jsonl", len(meta.Files)+1)
		meta.Files = append(meta.Files, name)
		err := os.WriteFile(filepath.Join(dir, name), buf.Bytes(), 0o644)
		buf.Reset()
		return err
	}
	for _, r := range records {
		line, err := Marshal(r)
		if err != nil {
			return err
		}
		if len(line)+1 > MaxFileBytes {
			return errors.New("corpus: a record is larger than a file")
		}
		if buf.Len()+len(line)+1 > MaxFileBytes {
			if err := flush(); err != nil {
				return err
			}
		}
		buf.Write(line)
		buf.WriteByte('\n')
	}
	if err := flush(); err != nil {
		return err
	}
	b, err := Marshal(meta)
	if err != nil {
		return err
	}
	var indented bytes.Buffer
	if err := json.Indent(&indented, b, "", "  "); err != nil {
		return err
	}
	indented.WriteByte('\n')
	return os.WriteFile(filepath.Join(dir, MetaFile), indented.Bytes(), 0o644)
}

// Marshal is json.Marshal without HTML escaping, as the Node generator
// writes JSON.
func Marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}
