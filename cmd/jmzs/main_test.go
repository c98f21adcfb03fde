package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// binary is the jmzs command built once by TestMain.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "jmzs-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "jmzs")
	if out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "go build: %v\n%s", err, out)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// result is what a run of the binary printed and its exit code.
type result struct {
	stdout, stderr string
	code           int
}

// runJMZS runs the binary with args and the environment variables env
// ("K=V"), and none of the caller's JMZS_ variables.
func runJMZS(t *testing.T, env []string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "JMZS_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("running jmzs %q: %v", args, err)
	}
	return result{stdout.String(), stderr.String(), cmd.ProcessState.ExitCode()}
}

func TestHelpNamesWhatUsersSearchFor(t *testing.T) {
	r := runJMZS(t, nil, "-h")
	require.Equal(t, 0, r.code)
	for _, word := range []string{"签名", "验签", "AppCode", "网关", "call", "sign", "mock", "batch", "version"} {
		require.Contains(t, r.stdout, word)
	}
	for _, cmd := range []string{"call", "sign", "mock", "batch", "version"} {
		t.Run(cmd, func(t *testing.T) {
			r := runJMZS(t, nil, cmd, "-h")
			require.Equal(t, 0, r.code, r.stderr)
			require.Contains(t, r.stdout, "Usage: jmzs "+cmd)
			require.Equal(t, r.stdout, runJMZS(t, nil, "help", cmd).stdout)
		})
	}
	require.Contains(t, runJMZS(t, nil, "sign", "-h").stdout, "验签")
	require.Contains(t, runJMZS(t, nil, "call", "-h").stdout, "AppCode")
}

func TestUnknownCommandAndNoArguments(t *testing.T) {
	for _, args := range [][]string{nil, {"frobnicate"}} {
		r := runJMZS(t, nil, args...)
		require.Equal(t, 2, r.code)
		require.Contains(t, r.stderr, "Usage:")
		require.Empty(t, r.stdout)
	}
}

func TestVersion(t *testing.T) {
	r := runJMZS(t, nil, "version")
	require.Equal(t, 0, r.code)
	require.Regexp(t, `^jmzs \d+\.\d+\.\d+ \(module .+, go1\.\d+.* \w+/\w+\)\n$`, r.stdout)
	require.Equal(t, 2, runJMZS(t, nil, "version", "extra").code)
}
