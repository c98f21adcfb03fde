package aliyunsign

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// corpusPath is the corpus signed by Alibaba Cloud's Node.js SDK
// (npm aliyun-api-gateway@1.1.6); internal/interop/gen/aliyun/README.md
// tells how it is made.
var corpusPath = filepath.Join("..", "interop", "gen", "aliyun", "node-corpus.jsonl")

// corpusRecord is one request of the corpus and what the Node SDK made of it.
type corpusRecord struct {
	I       int               `json:"i"`
	Method  string            `json:"method"`
	Path    string            `json:"path"`   // path and query as sent
	Header  map[string]string `json:"header"` // as sent, less those a signer makes and a defaulted Accept
	Key     string            `json:"key"`
	Secret  string            `json:"secret"`
	TS      int64             `json:"ts"`
	Nonce   string            `json:"nonce"`
	Body    string            `json:"body"`
	BodyB64 string            `json:"body_b64"`
	Notes   []string          `json:"notes"` // the generator's account of what it did that the SDKs disagree on
	Node    struct {
		STS              string `json:"sts"`
		Signature        string `json:"signature"`
		SignatureHeaders string `json:"signature_headers"`
		ContentMD5       string `json:"content_md5"`
	} `json:"node"`
}

// TestNodeCorpus signs every request of the corpus and requires the Node
// SDK's string to sign, signature, X-Ca-Signature-Headers and Content-MD5
// byte for byte, except where the two are known to differ, each asserted
// as documented:
//
//   - repeated-key: a key given twice in the query or the form. The Node
//     SDK signs the values joined by ',', the spec and the Java demo the
//     first value; we refuse the request, naming the key.
//   - padded-header: a header value with leading or trailing white space.
//     The Node SDK signs it untrimmed, but the gateway receives it trimmed
//     (RFC 9110 §5.5); we sign (and send) it trimmed.
//   - md5-of-empty-post-body: the Node SDK sends and signs the MD5 of an
//     empty POST body; we send no Content-MD5 for an empty body, as the
//     Java and Python demos (the gateway checks it only when present).
func TestNodeCorpus(t *testing.T) {
	f, err := os.Open(corpusPath)
	if os.IsNotExist(err) {
		if _, err := os.Stat(filepath.Join("..", "interop", "go.mod")); os.IsNotExist(err) {
			t.Skip("not a repository checkout: the corpus lives in the internal/interop module")
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()

	counts := map[string]int{}
	failures := 0
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var rec corpusRecord
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatalf("corpus line %d: %v", counts["total"]+1, err)
		}
		counts["total"]++
		outcome, err := checkRecord(&rec)
		if err != nil {
			counts["other"]++
			if failures++; failures <= 10 {
				t.Errorf("request %d (%s %s, notes %q): %v", rec.I, rec.Method, rec.Path, rec.Notes, err)
			}
			continue
		}
		counts[outcome]++
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	t.Logf("Node SDK corpus: %d requests: %d agree byte for byte, %d documented differences (%d repeated-key refused, %d padded-header, %d md5-of-empty-post-body), other %d",
		counts["total"], counts["agree"], counts["repeated-key"]+counts["padded-header"]+counts["md5-of-empty-post-body"],
		counts["repeated-key"], counts["padded-header"], counts["md5-of-empty-post-body"], counts["other"])
	if counts["total"] < 1000 {
		t.Errorf("the corpus holds %d requests, want at least 1000", counts["total"])
	}
	for _, c := range []string{"agree", "repeated-key", "padded-header", "md5-of-empty-post-body"} {
		if counts[c] == 0 {
			t.Errorf("no request exercises %q: regenerate the corpus", c)
		}
	}
}

// checkRecord signs rec's request and returns "agree" or the documented
// difference it shows, or an error.
func checkRecord(rec *corpusRecord) (string, error) {
	if got := Signature(rec.Secret, []byte(rec.Node.STS)); got != rec.Node.Signature {
		return "", fmt.Errorf("the Node SDK's signature %s does not sign its string to sign (%s)", rec.Node.Signature, got)
	}
	body := []byte(rec.Body)
	if rec.BodyB64 != "" {
		var err error
		if body, err = base64.StdEncoding.DecodeString(rec.BodyB64); err != nil {
			return "", err
		}
	}
	var r io.Reader = http.NoBody
	if len(body) > 0 {
		r = bytes.NewReader(body)
	}
	req, err := http.NewRequest(rec.Method, "https://jmzs-corpus.market.alicloudapi.com"+rec.Path, r)
	if err != nil {
		return "", err
	}
	for k, v := range rec.Header {
		req.Header.Add(k, v)
	}
	sts, signErr := Sign(req, Signing{AppKey: rec.Key, AppSecret: rec.Secret, Timestamp: rec.TS, Nonce: rec.Nonce})

	var repeated []string
	want := rec.Node.STS
	documented := ""
	for _, n := range rec.Notes {
		kind, arg, _ := strings.Cut(n, ":")
		switch kind {
		case "repeated-key":
			repeated = append(repeated, arg)
		case "padded-header":
			want = trimHeaderLine(want, arg)
		case "md5-of-empty-post-body":
			want = replaceLine(want, 2, "")
		default:
			return "", fmt.Errorf("unknown note %q", n)
		}
		documented = kind
	}
	if len(repeated) > 0 {
		if signErr == nil {
			return "", fmt.Errorf("signed a request with a repeated key %q", repeated)
		}
		for _, k := range repeated {
			if strings.Contains(signErr.Error(), fmt.Sprintf("%q is given more than once", k)) {
				return "repeated-key", nil
			}
		}
		return "", fmt.Errorf("refused, but not for the repeated key %q: %v", repeated, signErr)
	}
	if signErr != nil {
		return "", signErr
	}
	if sts != want {
		return "", fmt.Errorf("string to sign differs\n ours: %q\nwant: %q\nnode: %q", sts, want, rec.Node.STS)
	}
	if got := req.Header.Get(HeaderSignature); got != Signature(rec.Secret, []byte(sts)) {
		return "", fmt.Errorf("X-Ca-Signature %s does not sign our string", got)
	}
	if got := req.Header.Get(HeaderSignatureHeaders); got != rec.Node.SignatureHeaders {
		return "", fmt.Errorf("X-Ca-Signature-Headers: ours %q, node %q", got, rec.Node.SignatureHeaders)
	}
	if documented != "" {
		if sts == rec.Node.STS {
			return "", fmt.Errorf("noted %q, yet the strings agree", rec.Notes)
		}
		return documented, nil
	}
	if got := req.Header.Get(HeaderSignature); got != rec.Node.Signature {
		return "", fmt.Errorf("signature: ours %s, node %s", got, rec.Node.Signature)
	}
	if got := req.Header.Get(HeaderContentMD5); got != rec.Node.ContentMD5 {
		return "", fmt.Errorf("Content-MD5: ours %q, node %q", got, rec.Node.ContentMD5)
	}
	return "agree", nil
}

// trimHeaderLine trims the value of header name in a string to sign:
// Accept is line 1, a signed header the line "name:value".
func trimHeaderLine(sts, name string) string {
	lines := strings.Split(sts, "\n")
	for i, l := range lines {
		if name == "accept" && i == 1 {
			lines[i] = strings.Trim(l, " \t")
			break
		}
		if v, ok := strings.CutPrefix(l, name+":"); ok && i > 4 {
			lines[i] = name + ":" + strings.Trim(v, " \t")
			break
		}
	}
	return strings.Join(lines, "\n")
}

func replaceLine(s string, i int, with string) string {
	lines := strings.Split(s, "\n")
	lines[i] = with
	return strings.Join(lines, "\n")
}
