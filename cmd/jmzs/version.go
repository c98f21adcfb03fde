package main

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/jmzs-sdk/jmzs-go"
)

func runVersion(_ context.Context, args []string, s stdio) int {
	fs := newFlagSet("version", "Usage: jmzs version\n\nPrints the version of jmzs and of the SDK it is built on.\n")
	pos, err := parseArgs(fs, args, s)
	if err == errHelp {
		return exitOK
	}
	if err == nil && len(pos) > 0 {
		err = usagef("takes no arguments")
	}
	if err != nil {
		return exitCode(s, "version", err)
	}
	module := "(devel)"
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		module = bi.Main.Version
	}
	fmt.Fprintf(s.out, "jmzs %s (module %s, %s %s/%s)\n", jmzs.Version, module, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return exitOK
}
