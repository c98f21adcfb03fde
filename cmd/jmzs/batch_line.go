package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"

	"github.com/jmzs-sdk/jmzs-go"
)

// parseLine reads one line of jmzs batch's input,
// {"query":{…},"form":{…},"json":…,"header":{…}} with every part
// optional, into a request for endpoint. Its errors name fields, never
// values: they are personal data.
func parseLine(line []byte, method, endpoint string) (*jmzs.Request, error) {
	var parts map[string]json.RawMessage
	if err := json.Unmarshal(line, &parts); err != nil {
		var syntax *json.SyntaxError
		if errors.As(err, &syntax) {
			return nil, fmt.Errorf("malformed line: not JSON (at byte %d)", syntax.Offset)
		}
		return nil, errors.New("malformed line: want a JSON object")
	}
	req := &jmzs.Request{Method: method, URL: endpoint}
	for _, name := range slices.Sorted(maps.Keys(parts)) {
		raw := parts[name]
		if name == "json" {
			if string(raw) != "null" {
				req.JSON = raw
			}
			continue
		}
		v, err := parseValues(raw)
		if err != nil {
			return nil, fmt.Errorf("malformed line: %s%s", name, err)
		}
		switch name {
		case "query":
			req.Query = v
		case "form":
			req.Form = v
		case "header":
			req.Header = http.Header{}
			for k, vs := range v {
				for _, s := range vs {
					req.Header.Add(k, s)
				}
			}
		default:
			return nil, fmt.Errorf("malformed line: unknown part %q (want query, form, json, header)", name)
		}
	}
	if req.Form != nil && req.JSON != nil {
		return nil, errors.New(`malformed line: "form" and "json" both give a body; send one`)
	}
	return req, nil
}

// parseValues reads an object whose values are strings or arrays of
// strings. Its errors start with the name of the bad value, if any.
func parseValues(raw json.RawMessage) (url.Values, error) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(raw, &fields); err != nil || fields == nil {
		return nil, errors.New(": want an object")
	}
	v := make(url.Values, len(fields))
	for name, r := range fields {
		var one string
		if r[0] == '"' && json.Unmarshal(r, &one) == nil {
			v[name] = []string{one}
			continue
		}
		var many []string
		if r[0] != '[' || json.Unmarshal(r, &many) != nil {
			// A number would lose the digits of an ID number: say so.
			return nil, fmt.Errorf(".%s: want a string or an array of strings (quote numbers)", name)
		}
		v[name] = many
	}
	return v, nil
}

// lineSum identifies the content of an input line in the journal, so a
// rerun can tell that -in changed under -out.
func lineSum(line []byte) string {
	sum := sha256.Sum256(line)
	return hex.EncodeToString(sum[:8])
}

// isBlank reports a line with nothing but spaces.
func isBlank(line []byte) bool { return len(bytes.TrimSpace(line)) == 0 }
