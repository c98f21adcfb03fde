package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strconv"
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
	all := args
	var positional []string
	for {
		rest := args
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fs.SetOutput(s.out)
				fs.Usage()
				return nil, errHelp
			}
			return nil, flagError(fs, all, err)
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

// parseHeader splits "Name: value". Its error does not show h, which
// may be a secret given to the wrong flag.
func parseHeader(h string) (name, value string, err error) {
	name, value, ok := strings.Cut(h, ":")
	name = strings.TrimSpace(name)
	if !ok || name == "" || strings.ContainsAny(name, " \t\r\n") {
		return "", "", usagef("-H: want 'Name: value'")
	}
	return http.CanonicalHeaderKey(name), strings.TrimSpace(value), nil
}

// parseKV splits "key=value". Its error does not show kv.
func parseKV(flagName, kv string) (key, value string, err error) {
	key, value, ok := strings.Cut(kv, "=")
	if !ok || key == "" {
		return "", "", usagef("-%s: want key=value", flagName)
	}
	return key, value, nil
}

// The command line is never echoed in an error: any argument may be a
// secret typed in the wrong place ("-appkey KEY SECRET URL" with a
// forgotten -appsecret). Errors name the flag and the position instead,
// counted from 1 after the command name.

// argRef is where an argument stands on the command line.
type argRef struct {
	pos   int    // 1-based, after the command name
	after string // the flag whose value comes just before it, or ""
}

// scanArgs walks args as fs parses them and reports the positions of the
// positional arguments and of each flag's values.
func scanArgs(fs *flag.FlagSet, args []string) (positional []argRef, values map[string][]int) {
	values = make(map[string][]int)
	lastValueOf := ""
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			for j := i + 1; j < len(args); j++ {
				positional = append(positional, argRef{pos: j + 1})
			}
			break
		}
		name, _, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		f := fs.Lookup(name)
		if len(a) < 2 || a[0] != '-' || f == nil {
			positional = append(positional, argRef{pos: i + 1, after: lastValueOf})
			lastValueOf = ""
			continue
		}
		lastValueOf = ""
		switch {
		case hasValue:
			values[name] = append(values[name], i+1)
		case isBoolFlag(f):
		case i+1 < len(args):
			i++
			values[name] = append(values[name], i+1)
			lastValueOf = name
		}
	}
	return positional, values
}

func isBoolFlag(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// valueAt names the n-th (from 0) value of -name in args, e.g. "-q at
// argument 5".
func valueAt(fs *flag.FlagSet, args []string, name string, n int) string {
	_, values := scanArgs(fs, args)
	if v := values[name]; n < len(v) {
		return fmt.Sprintf("-%s at argument %d", name, v[n])
	}
	return "-" + name
}

// countError reports that the positional arguments are not what the
// command wants, saying where they stand without showing them.
func countError(fs *flag.FlagSet, args []string, want string) error {
	positional, _ := scanArgs(fs, args)
	var b strings.Builder
	fmt.Fprintf(&b, "want %s; got %d", want, len(positional))
	if len(positional) == 0 {
		return usagef("%s", b.String())
	}
	b.WriteString(" (argument")
	if len(positional) > 1 {
		b.WriteString("s")
	}
	for i, p := range positional {
		switch {
		case i == 0:
			b.WriteString(" ")
		case i == len(positional)-1:
			b.WriteString(" and ")
		default:
			b.WriteString(", ")
		}
		b.WriteString(strconv.Itoa(p.pos))
	}
	b.WriteString("; not shown, as they may be secrets)")
	for _, p := range positional {
		if p.after != "" {
			q := missingSecret(p.after)
			if q == "" {
				q = ": is a flag missing before it?"
			}
			fmt.Fprintf(&b, ". Argument %d follows the value of -%s%s", p.pos, p.after, q)
			break
		}
	}
	return usagef("%s", b.String())
}

// missingSecret asks about the flag that usually follows -after's value.
func missingSecret(after string) string {
	if k, ok := strings.CutSuffix(after, "appkey"); ok {
		return ": is -" + k + "appsecret missing before it?"
	}
	return ""
}

// argError reports a bad positional argument by its position.
func argError(fs *flag.FlagSet, args []string, i int, what string) error {
	positional, _ := scanArgs(fs, args)
	if i < len(positional) {
		p := positional[i]
		msg := fmt.Sprintf("argument %d %s", p.pos, what)
		if p.after != "" {
			msg += fmt.Sprintf(" (it follows the value of -%s%s)", p.after, missingSecret(p.after))
		}
		return usagef("%s", msg)
	}
	return usagef("%s", what)
}

// urlArg parses the i-th positional argument, raw, as an http or https
// URL. Its error names the position, never the value.
func urlArg(fs *flag.FlagSet, args []string, i int, raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, argError(fs, args, i, "is not a URL: want http(s)://host/path")
	}
	return u, nil
}

// flagName matches what may be shown of an unknown flag: a short word, not
// a credential.
var flagName = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9-]{0,19}$`)

// flagError rewrites an error of the flag package, which quotes the
// argument it could not parse, to name the flag and position instead.
func flagError(fs *flag.FlagSet, args []string, err error) error {
	msg := err.Error()
	position := func(match func(name string) bool) string {
		for i, a := range args {
			if a == "--" {
				break
			}
			if name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "="); strings.HasPrefix(a, "-") && match(name) {
				return " at argument " + strconv.Itoa(i+1)
			}
		}
		return ""
	}
	switch {
	case strings.HasPrefix(msg, "flag provided but not defined: -"):
		name := strings.TrimPrefix(msg, "flag provided but not defined: -")
		if flagName.MatchString(name) {
			return usagef("%s", msg)
		}
		return usagef("unknown flag%s (not shown: it may be a secret)", position(func(n string) bool { return n == name }))
	case strings.HasPrefix(msg, "invalid value ") || strings.HasPrefix(msg, "invalid boolean value "):
		// invalid value "V" for flag -NAME: REASON
		if i := strings.LastIndex(msg, " -"); i >= 0 {
			name, reason, _ := strings.Cut(msg[i+2:], ": ")
			return usagef("invalid value for -%s%s: %s", name, position(func(n string) bool { return n == name }), reason)
		}
		return usagef("invalid flag value")
	case strings.HasPrefix(msg, "bad flag syntax: "):
		return usagef("bad flag syntax%s", positionOf(args, strings.TrimPrefix(msg, "bad flag syntax: ")))
	}
	return usagef("%s", msg) // "flag needs an argument: -NAME"
}

// positionOf returns " at argument N" for the argument a, or "".
func positionOf(args []string, a string) string {
	for i, x := range args {
		if x == a {
			return " at argument " + strconv.Itoa(i+1)
		}
	}
	return ""
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
