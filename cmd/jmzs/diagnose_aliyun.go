package main

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/internal/aliyunsign"
)

// When Alibaba Cloud API Gateway rejects a signature it answers "Invalid
// Signature, Server StringToSign:…" in the X-Ca-Error-Message header,
// quoting the string it signed with each newline shown as '#' or removed
// (a header holds no newline; https://help.aliyun.com/document_detail/43799.html).
// Set beside ours, the first part that differs names the cause.

const aliyunMarker = "Server StringToSign:"

// aliyunServerStringToSign returns the string to sign quoted in msg: the
// X-Ca-Error-Message value, that header line, or a pasted response head.
func aliyunServerStringToSign(msg string) (string, bool) {
	_, s, ok := strings.Cut(msg, aliyunMarker)
	if !ok {
		return "", false
	}
	if line, _, cut := strings.Cut(s, "\n"); cut { // the rest of a pasted response head
		s = line
	}
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(strings.TrimSuffix(s, "`"), "`")
	return s, true
}

// aliyunParts is a string to sign split into its parts.
type aliyunParts struct {
	method, accept, contentMD5, contentType, date string
	headers                                       []string // "name:value", in order
	path, params                                  string
}

var headerLine = regexp.MustCompile(`^[A-Za-z0-9-]+:`)

// parseAliyunSTS splits a string to sign whose lines are joined by sep
// ("\n" for ours, "#" for the gateway's). A header value or parameter may
// hold sep: a header line starts with "name:", the URL with '/'.
func parseAliyunSTS(s, sep string) (aliyunParts, error) {
	var p aliyunParts
	f := strings.SplitN(s, sep, 6)
	if len(f) < 6 {
		return p, fmt.Errorf("not a string to sign: want method, Accept, Content-MD5, Content-Type, Date, headers and URL joined by %q", sep)
	}
	p.method, p.accept, p.contentMD5, p.contentType, p.date = f[0], f[1], f[2], f[3], f[4]
	tokens := strings.Split(f[5], sep)
	for i, t := range tokens {
		switch {
		case strings.HasPrefix(t, "/"):
			p.path, p.params, _ = strings.Cut(strings.Join(tokens[i:], sep), "?")
			return p, nil
		case headerLine.MatchString(t) || len(p.headers) == 0:
			p.headers = append(p.headers, t)
		default:
			p.headers[len(p.headers)-1] += sep + t
		}
	}
	return p, errors.New("not a string to sign: no path (a part starting with '/')")
}

// compareAliyun lines up the parts of ours and the gateway's.
func compareAliyun(ours, gw aliyunParts) []row {
	rows := []row{
		{"method", ours.method, gw.method, true, true},
		{"Accept", ours.accept, gw.accept, true, true},
		{"Content-MD5", ours.contentMD5, gw.contentMD5, true, true},
		{"Content-Type", ours.contentType, gw.contentType, true, true},
		{"Date", ours.date, gw.date, true, true},
	}
	rows = appendHeaderRows(rows, ours.headers, gw.headers)
	return append(rows,
		row{"path", ours.path, gw.path, true, true},
		row{"parameters", ours.params, gw.params, true, true})
}

// aliyunHint explains the common causes of a difference in r.
func aliyunHint(r row) string {
	name, isHeader := strings.CutPrefix(r.part, "header ")
	switch {
	case isHeader && r.inOurs && !r.inGateway:
		return "The gateway did not sign this header: X-Ca-Signature-Headers reached it without the name, or the header itself was dropped on the way (proxies drop some headers). Send every signed header and its name in X-Ca-Signature-Headers."
	case isHeader && !r.inOurs && r.inGateway:
		return "The gateway signed a header we did not: its name was in X-Ca-Signature-Headers, so a client or proxy added it after signing. Sign the headers that are sent."
	case name == "x-ca-timestamp" || name == "x-ca-nonce":
		return "X-Ca-Timestamp and X-Ca-Nonce are fresh on every signature: compare with the request that was sent (jmzs sign -aliyun -timestamp MS -nonce UUID, with the values the gateway quotes)."
	case isHeader:
		return "This signed header reached the gateway with another value: a client or proxy rewrote it. Values are signed trimmed, as received; send every signed header exactly as signed."
	case r.part == "method":
		return "The gateway received another method: a redirect (301/302 turns POST into GET) or a proxy changed it. Call the final URL directly."
	case r.part == "Accept":
		return "Accept differs: the gateway received another Accept than was signed (some clients send */* or add one; the SDK sends application/json). Send the signed Accept."
	case r.part == "Content-MD5":
		return "Content-MD5 differs: the body changed on the way (re-serialised JSON, a stripped newline), or the header was added or dropped after signing. Send the exact body signed."
	case r.part == "Content-Type":
		return "Content-Type differs: a client library or proxy changed it (for example added '; charset=UTF-8'). It also decides whether form fields are signed. Send exactly the signed value."
	case r.part == "Date":
		return "Date differs: a client or proxy set another Date than was signed. Sign the Date that is sent, or send none."
	case r.part == "path":
		return "The gateway received another path: a proxy or custom domain rewrote it, or it was encoded differently. The path is signed as sent, still percent-encoded."
	case r.part == "parameters":
		return "The parameters differ: the gateway signs the query and form parameters together, decoded, sorted by name (a form value replaces a query value of the same name, a name with an empty value is written without '='). A proxy or client changed the query or the form, or a name is repeated."
	}
	return ""
}

// aliyunHintSame explains a rejected signature over identical strings.
const aliyunHintSame = "The strings to sign agree, so the signature differs only through the key: the AppSecret is wrong (another app's secret, a pasted space or newline) or the AppKey names another app. Check the app's AppKey and AppSecret in the console (云市场 → 已购买的服务)."

// writeAliyunDiagnosis writes our string to sign beside the gateway's,
// quoted in msg, marks the parts that differ and gives a hint for the
// first. It reports whether they differ.
func writeAliyunDiagnosis(w io.Writer, ours, msg string) (differ bool, err error) {
	quoted, ok := aliyunServerStringToSign(msg)
	if !ok {
		return false, errors.New("the message quotes no string to sign (no \"" + aliyunMarker + "\")")
	}
	op, err := parseAliyunSTS(ours, "\n")
	if err != nil {
		return false, fmt.Errorf("our string to sign: %w", err)
	}
	fmt.Fprintln(w, "Signature diagnosis (验签): our string to sign beside the gateway's")
	gw, err := parseAliyunSTS(quoted, "#")
	if err != nil {
		return writeAliyunPrefixDiagnosis(w, ours, quoted)
	}
	rows := compareAliyun(op, gw)
	first := writeRows(w, rows)
	if first < 0 {
		fmt.Fprintln(w, "No difference.")
		fmt.Fprintln(w, "Hint:", aliyunHintSame)
		return false, nil
	}
	fmt.Fprintf(w, "First difference: %s.\n", rows[first].part)
	fmt.Fprintln(w, "Hint:", aliyunHint(rows[first]))
	return true, nil
}

// writeAliyunPrefixDiagnosis compares ours with a quoted string whose
// newlines were removed: it can only say where the two part ways.
func writeAliyunPrefixDiagnosis(w io.Writer, ours, quoted string) (bool, error) {
	flat := strings.ReplaceAll(ours, "\n", "")
	n := 0
	for n < len(flat) && n < len(quoted) && flat[n] == quoted[n] {
		n++
	}
	if n == len(flat) && n == len(quoted) {
		fmt.Fprintln(w, "No difference.")
		fmt.Fprintln(w, "Hint:", aliyunHintSame)
		return false, nil
	}
	// Name the part of ours in which the difference starts: the first
	// line that does not end before it.
	parts := []string{"method", "Accept", "Content-MD5", "Content-Type", "Date"}
	lines := strings.Split(ours, "\n")
	part, at := "parameters", 0
	for i, l := range lines {
		if at+len(l) > n || (at+len(l) == n && i < len(lines)-1) {
			switch {
			case i < len(parts):
				part = parts[i]
			case i < len(lines)-1:
				part = "header " + headerName(l)
			case n-at < len(strings.SplitN(l, "?", 2)[0]):
				part = "path"
			}
			break
		}
		at += len(l)
	}
	fmt.Fprintf(w, "  (the gateway's copy has no line breaks: compared as one string, from the part that differs)\n")
	fmt.Fprintf(w, "  = agreed:   %s\n", show(flat[:at], true))
	fmt.Fprintf(w, "  ! ours:     %s\n", show(flat[at:], true))
	fmt.Fprintf(w, "    gateway:  %s\n", show(quoted[at:], true))
	fmt.Fprintf(w, "First difference: %s.\n", part)
	fmt.Fprintln(w, "Hint:", aliyunHint(row{part: part, inOurs: true, inGateway: true}))
	return true, nil
}

// diagnoseAliyunError explains an Aliyun "Invalid Signature" answer to the
// request sent, rebuilding our string to sign from it: its X-Ca-Timestamp
// and X-Ca-Nonce, signed by the same rules.
func diagnoseAliyunError(w io.Writer, e *jmzs.GatewayError, c credentials, sent *http.Request) {
	if !strings.Contains(e.ErrorMsg, aliyunMarker) || sent == nil {
		if h := aliyunMessageHint(e.ErrorMsg); h != "" {
			fmt.Fprintln(w, "Hint:", h)
		}
		return
	}
	ts, err := strconv.ParseInt(sent.Header.Get(aliyunsign.HeaderTimestamp), 10, 64)
	if err != nil {
		fmt.Fprintln(w, "jmzs call: cannot rebuild our string to sign: the request sent had no X-Ca-Timestamp")
		return
	}
	ours, err := aliyunsign.Sign(sent.Clone(sent.Context()), aliyunsign.Signing{
		AppKey: c.aliyunAppKey, AppSecret: c.aliyunAppSecret, Timestamp: ts, Nonce: sent.Header.Get(aliyunsign.HeaderNonce),
	})
	if err != nil {
		fmt.Fprintf(w, "jmzs call: cannot rebuild our string to sign: %v\n", err)
		return
	}
	if _, err := writeAliyunDiagnosis(w, ours, e.ErrorMsg); err != nil {
		fmt.Fprintf(w, "jmzs call: cannot compare strings to sign: %v\n", err)
	}
}

// aliyunMessageHint explains an Aliyun refusal that quotes no string to
// sign, or returns "".
func aliyunMessageHint(msg string) string {
	switch {
	case strings.Contains(msg, "Timestamp Expired"), strings.Contains(msg, "Invalid Timestamp"):
		return "X-Ca-Timestamp is more than 15 minutes from the gateway's clock: set the clock right (NTP; compare `date -u` with the Date of the answer)."
	case strings.Contains(msg, "Nonce Used"):
		return "X-Ca-Nonce was used within 15 minutes: a request was sent twice as signed. Sign every attempt afresh (the SDK does)."
	case strings.Contains(msg, "Invalid AppKey"):
		return "The gateway knows no app with this AppKey: copy the AppKey of the app the API market created for the purchase; AppKey and AppSecret must belong to the same app."
	case strings.Contains(msg, "Invalid Content-MD5"):
		return "Content-MD5 is not the MD5 of the body received: the body changed on the way. Send the exact body signed."
	case strings.Contains(msg, "Invalid AppCode"):
		return "The gateway knows no such AppCode: copy it from 云市场 → 已购买的服务, without spaces."
	}
	return ""
}
