package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
)

// listFlag is a flag that may be given many times.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ", ") }

func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// newFlagSet returns a flag set whose help text is synopsis, then the
// flags.
func newFlagSet(name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet("jmzs "+name, flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), synopsis)
		fmt.Fprintln(fs.Output(), "\nFlags:")
		fs.PrintDefaults()
	}
	return fs
}

// errHelp reports that -h was given and help was printed.
var errHelp = errors.New("help requested")

// parseArgs parses args with fs, letting flags follow positional
// arguments ("jmzs call URL -v"), and returns the positional arguments.
// "--" ends the flags. On -h it prints help to stdout and returns errHelp.
func parseArgs(fs *flag.FlagSet, args []string, s stdio) ([]string, error) {
	var errBuf strings.Builder
	fs.SetOutput(&errBuf)
	var positional []string
	for {
		rest := args
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fs.SetOutput(s.out)
				fs.Usage()
				return nil, errHelp
			}
			return nil, usagef("%v", err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, nil
		}
		if len(rest) > len(args) && rest[len(rest)-len(args)-1] == "--" {
			return append(positional, args...), nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

// parseHeader splits "Name: value".
func parseHeader(h string) (name, value string, err error) {
	name, value, ok := strings.Cut(h, ":")
	name = strings.TrimSpace(name)
	if !ok || name == "" || strings.ContainsAny(name, " \t\r\n") {
		return "", "", usagef("header %q: want 'Name: value'", h)
	}
	return http.CanonicalHeaderKey(name), strings.TrimSpace(value), nil
}

// parseKV splits "key=value".
func parseKV(flagName, kv string) (key, value string, err error) {
	key, value, ok := strings.Cut(kv, "=")
	if !ok || key == "" {
		return "", "", usagef("-%s %q: want key=value", flagName, kv)
	}
	return key, value, nil
}

// readValue returns v, or the contents of a file for "@path", or stdin
// for "@-", as curl does.
func readValue(flagName, v string, stdin io.Reader) ([]byte, error) {
	path, ok := strings.CutPrefix(v, "@")
	if !ok {
		return []byte(v), nil
	}
	var b []byte
	var err error
	if path == "-" {
		b, err = io.ReadAll(stdin)
	} else {
		b, err = os.ReadFile(path)
	}
	if err != nil {
		return nil, usagef("-%s %s: %v", flagName, v, err)
	}
	return b, nil
}
