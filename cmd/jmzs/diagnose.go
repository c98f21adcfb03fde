package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// When APIG rejects a signature it answers 401 APIG.0303 "Incorrect app
// authentication information: verify signature fail,
// canonicalRequest:GET|/test/||host:…|x-sdk-date:…||host;x-sdk-date|e3b0…",
// quoting the canonical request it computed with '|' for each newline
// (Huawei APIG FAQ, "Incorrect app authentication information",
// https://support.huaweicloud.com/intl/en-us/usermanual-apig/apig_03_0048.html).
// Set beside ours, the first line
// that differs names the cause.

const canonicalMarker = "canonicalRequest:"

// canonicalParts is a canonical request split into its parts.
type canonicalParts struct {
	method, uri, query string
	headers            []string // "name:value" lines, sorted by name
	signedHeaders      string
	payloadHash        string
}

// parseCanonical splits a canonical request whose lines are joined by sep
// ("\n" for ours, "|" for the gateway's). Header values may contain sep:
// the SignedHeaders list tells where each header line starts.
func parseCanonical(s, sep string) (canonicalParts, error) {
	var p canonicalParts
	f := strings.Split(s, sep)
	// method, URI, query, headers…, "", signed headers, payload hash
	if len(f) < 6 || f[len(f)-3] != "" {
		return p, fmt.Errorf("not a canonical request: want method, URI, query, headers, a blank line, signed headers and payload hash joined by %q", sep)
	}
	p.method, p.uri, p.query = f[0], f[1], f[2]
	p.signedHeaders, p.payloadHash = f[len(f)-2], f[len(f)-1]
	p.headers = splitHeaderLines(strings.Join(f[3:len(f)-3], sep), sep, strings.Split(p.signedHeaders, ";"))
	return p, nil
}

// splitHeaderLines splits block into one line per signed header, cutting
// only before "sep name:" of the next signed name; if the names do not
// fit, it falls back to cutting at every sep.
func splitHeaderLines(block, sep string, names []string) []string {
	if block == "" {
		return nil
	}
	lines := make([]string, 0, len(names))
	rest := block
	for i, name := range names {
		if !strings.HasPrefix(rest, name+":") {
			return strings.Split(block, sep)
		}
		if i == len(names)-1 {
			return append(lines, rest)
		}
		j := strings.Index(rest, sep+names[i+1]+":")
		if j < 0 {
			return strings.Split(block, sep)
		}
		lines = append(lines, rest[:j])
		rest = rest[j+len(sep):]
	}
	return strings.Split(block, sep)
}

// gatewayCanonicalRequest returns the canonical request quoted in msg,
// which may be the error_msg or the whole JSON error body.
func gatewayCanonicalRequest(msg string) (string, bool) {
	var body struct {
		ErrorMsg string `json:"error_msg"`
	}
	if json.Unmarshal([]byte(msg), &body) == nil && body.ErrorMsg != "" {
		msg = body.ErrorMsg
	}
	i := strings.Index(msg, canonicalMarker)
	if i < 0 {
		return "", false
	}
	s := msg[i+len(canonicalMarker):]
	if j := strings.IndexByte(s, '"'); j >= 0 { // the rest of a JSON body pasted whole
		s = s[:j]
	}
	return strings.TrimSpace(s), true
}

// row is one part of the two canonical requests.
type row struct {
	part              string // "method", "header host", …
	ours, gateway     string
	inOurs, inGateway bool
}

func (r row) same() bool { return r.inOurs && r.inGateway && matches(r.ours, r.gateway) }

// matches reports whether ours equals the gateway's text, in which the
// gateway (or whoever pasted it) may have masked a middle part with "***"
// or "…".
func matches(ours, gateway string) bool {
	for _, mask := range []string{"***", "…"} {
		if pre, suf, ok := strings.Cut(gateway, mask); ok {
			return len(ours) >= len(pre)+len(suf) && strings.HasPrefix(ours, pre) && strings.HasSuffix(ours, suf)
		}
	}
	return ours == gateway
}

// compareCanonical lines up the parts of ours and the gateway's.
func compareCanonical(ours, gw canonicalParts) []row {
	rows := []row{
		{"method", ours.method, gw.method, true, true},
		{"canonical URI", ours.uri, gw.uri, true, true},
		{"query", ours.query, gw.query, true, true},
	}
	rows = appendHeaderRows(rows, ours.headers, gw.headers)
	return append(rows,
		row{"signed headers", ours.signedHeaders, gw.signedHeaders, true, true},
		row{"payload hash", ours.payloadHash, gw.payloadHash, true, true})
}

// appendHeaderRows appends a row for each header of ours and the
// gateway's, both "name:value" lines sorted by name, lined up by name.
func appendHeaderRows(rows []row, ours, gw []string) []row {
	i, j := 0, 0
	for i < len(ours) || j < len(gw) {
		var on, gn string
		if i < len(ours) {
			on = headerName(ours[i])
		}
		if j < len(gw) {
			gn = headerName(gw[j])
		}
		switch {
		case j >= len(gw) || (i < len(ours) && on < gn):
			rows = append(rows, row{"header " + on, ours[i], "", true, false})
			i++
		case i >= len(ours) || gn < on:
			rows = append(rows, row{"header " + gn, "", gw[j], false, true})
			j++
		default:
			rows = append(rows, row{"header " + on, ours[i], gw[j], true, true})
			i++
			j++
		}
	}
	return rows
}

func headerName(line string) string {
	name, _, _ := strings.Cut(line, ":")
	return name
}

// hint explains the common causes of a difference in r.
func hint(r row) string {
	switch name, _ := strings.CutPrefix(r.part, "header "); {
	case r.inOurs && !r.inGateway:
		return "The request the gateway checked did not sign this header (its SignedHeaders lacks it): the signer that made it left the header out (some SDKs never sign content-type or host). Sign the same headers."
	case !r.inOurs && r.inGateway:
		return "The request the gateway checked signed a header we did not: sign it too (-H) with the value that was sent, or drop it from the signature."
	case r.part == "method":
		return "The gateway received another method: a redirect (301/302 turns POST into GET) or a proxy changed it. Call the final URL directly."
	case r.part == "canonical URI":
		return "The gateway received another path: a proxy or custom domain rewrote it, or it was encoded differently (spaces, non-ASCII). The gateway decodes the path before splitting it on '/', so an encoded slash (%2F) counts as a slash: a signer that splits first signs another path. Sign the path the gateway receives, as Huawei's signers and this one do."
	case r.part == "query":
		return "The query differs (query encoding): send the query exactly as signed — `jmzs sign` prints the URL to use — with spaces as %20, never '+', and no re-encoding by a tool or proxy."
	case name == "host":
		return "The gateway received another Host: when you call through an IP address, a proxy or a custom domain, sign and send the Host the gateway sees (-H 'Host: api.example.com')."
	case name == "content-type" && strings.TrimPrefix(r.gateway, "content-type:") == "":
		return "Content-Type was signed but not sent: send the header with the signed value (curl sends none without -d; the SDK always sends one)."
	case name == "content-type":
		return "Content-Type differs: a client library or proxy changed it (for example added '; charset=UTF-8'). Send exactly the signed value."
	case name == "x-sdk-date":
		return "X-Sdk-Date differs: send the header with the value that was signed. (A clock more than 15 minutes off gives 'signature expired' instead; check the clock with `date -u`.)"
	case strings.HasPrefix(r.part, "header "):
		return "This signed header reached the gateway with another value, or not at all: proxies drop headers whose names contain '_' and may rewrite others. Send every signed header exactly as signed."
	case r.part == "signed headers":
		return "The SignedHeaders lists differ: the request the gateway checked signed other headers, or its Authorization header was changed on the way."
	case r.part == "payload hash":
		return "The body changed: the gateway hashed other bytes than were signed. Send the exact body (no re-serialised JSON, no added or stripped newline — use curl --data-binary, not -d @file)."
	}
	return ""
}

// hintSame explains a rejected signature over identical canonical requests.
const hintSame = "The canonical requests agree, so the signature differs only through the key: the AppSecret is wrong (another app's secret, a pasted space or newline) or the AppKey names another app. Check the credentials (凭据) of the app in the console."

// writeDiagnosis writes ours beside the gateway's canonical request quoted
// in msg, marks the parts that differ and gives a hint for the first. It
// reports whether they differ.
func writeDiagnosis(w io.Writer, ours, msg string) (differ bool, err error) {
	quoted, ok := gatewayCanonicalRequest(msg)
	if !ok {
		return false, errors.New("the message quotes no canonical request (no \"" + canonicalMarker + "\")")
	}
	gw, err := parseCanonical(quoted, "|")
	if err != nil {
		return false, fmt.Errorf("gateway's canonical request: %w", err)
	}
	op, err := parseCanonical(ours, "\n")
	if err != nil {
		return false, fmt.Errorf("our canonical request: %w", err)
	}
	fmt.Fprintln(w, "Signature diagnosis (验签): our canonical request beside the gateway's")
	rows := compareCanonical(op, gw)
	first := writeRows(w, rows)
	if first < 0 {
		fmt.Fprintln(w, "No difference.")
		fmt.Fprintln(w, "Hint:", hintSame)
		return false, nil
	}
	fmt.Fprintf(w, "First difference: %s (line %d of the canonical request).\n", rows[first].part, lineNumber(rows, first))
	fmt.Fprintln(w, "Hint:", hint(rows[first]))
	return true, nil
}

// writeRows writes the parts of ours beside the gateway's, one row each,
// marking those that differ, and returns the index of the first that
// differs, or -1.
func writeRows(w io.Writer, rows []row) (first int) {
	width := 0
	for _, r := range rows {
		width = max(width, len(r.part))
	}
	first = -1
	for i, r := range rows {
		if r.same() {
			fmt.Fprintf(w, "  = %-*s  %s\n", width, r.part, show(r.ours, true))
			continue
		}
		if first < 0 {
			first = i
		}
		fmt.Fprintf(w, "  ! %-*s  ours:    %s\n", width, r.part, show(r.ours, r.inOurs))
		fmt.Fprintf(w, "    %-*s  gateway: %s\n", width, "", show(r.gateway, r.inGateway))
	}
	return first
}

// lineNumber is the 1-based line of rows[i] in the gateway's canonical
// request (ours when the gateway lacks it).
func lineNumber(rows []row, i int) int {
	n := 0
	for _, r := range rows[:i] {
		if r.inGateway {
			n++
		}
	}
	if p := rows[i].part; p == "signed headers" || p == "payload hash" {
		n++ // the blank line after the headers
	}
	return n + 1
}

func show(s string, present bool) string {
	switch {
	case !present:
		return "(absent)"
	case s == "":
		return "(empty)"
	}
	return s
}

// messageHint explains an APIG.0303 message that quotes no canonical
// request, or returns "".
func messageHint(msg string) string {
	switch {
	case strings.Contains(msg, "signature expired"):
		return "The signature time (X-Sdk-Date) is more than 15 minutes from the gateway's clock: set the clock right (NTP; compare `date -u` with the server time in the message)."
	case strings.Contains(msg, "app not found"):
		return "The gateway knows no app with this AppKey: copy the AppKey (Key) of the app from the console; AppKey and AppSecret must belong to the same app."
	}
	return ""
}
