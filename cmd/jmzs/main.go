// Command jmzs calls 聚美智数 (jumdata) APIs behind Huawei API Gateway
// (APIG, 网关) and Alibaba Cloud API Gateway (阿里云云市场) from a shell,
// signs requests by hand (签名) and explains why the gateway rejects a
// signature (验签失败), and runs the SDK's fake gateway for integration
// tests in any language. It never echoes an argument in an error: any
// may be a secret typed in the wrong place.
//
// Usage:
//
//	jmzs call [-appcode C | -appkey K -appsecret S | -aliyun-appcode C | -aliyun-appkey K -aliyun-appsecret S] [-q k=v]… [-f k=v]… [-json BODY] [-H 'K: V']… [-v] URL
//	jmzs sign [-aliyun] -appkey K -appsecret S [-date 20060102T150405Z | -timestamp MS -nonce UUID] [-H 'K: V']… [-d BODY] [-explain] [-compare MESSAGE] METHOD URL
//	jmzs batch [-appcode C | -appkey K -appsecret S | -aliyun-appcode C | -aliyun-appkey K -aliyun-appsecret S] [-qps N] [-concurrency N] [-redis URL] [-quota-key NAME] [-resend-unknown] -in FILE -out FILE URL
//	jmzs mock [-addr 127.0.0.1:8080] [-appcode C] [-appkey K -appsecret S] [-aliyun-appcode C] [-aliyun-appkey K -aliyun-appsecret S] [-qps N]
//	jmzs version
//
// Run "jmzs help COMMAND" for the flags of a command.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
)

// Exit codes.
const (
	exitOK    = 0
	exitError = 1 // the call failed: business or gateway error, network
	exitUsage = 2 // bad flags or arguments
)

const usage = `jmzs — call 聚美智数 APIs on Huawei API Gateway (APIG, 网关) and Alibaba Cloud API Gateway
(阿里云云市场), sign and check signatures.

Usage:
  jmzs call [flags] URL            call an API and print the response envelope (AppCode or AppKey/AppSecret)
  jmzs sign [flags] METHOD URL     sign a request (签名, SDK-HMAC-SHA256; -aliyun: HmacSHA256) and print the
                                   headers to send; -explain / -compare diagnose a rejected signature
                                   (验签失败, APIG.0303 or Aliyun "Invalid Signature")
  jmzs batch [flags] -in F -out F URL
                                   send one call per JSONL line, paced (-qps, shared through -redis),
                                   resumable, never sending a line twice
  jmzs mock [flags]                run a fake gateway with the SDK's fixtures until interrupted
  jmzs version                     print the version

Credentials come from flags or the environment: Huawei Cloud KooGallery JMZS_APPCODE, or JMZS_APP_KEY
and JMZS_APP_SECRET; Alibaba Cloud API market JMZS_ALIYUN_APPCODE, or JMZS_ALIYUN_APP_KEY and
JMZS_ALIYUN_APP_SECRET. No argument is echoed in an error: errors name flags and positions.
Run "jmzs COMMAND -h" for the flags of a command.
`

type command struct {
	run func(ctx context.Context, args []string, stdio stdio) int
}

var commands = map[string]command{
	"batch":   {runBatch},
	"call":    {runCall},
	"sign":    {runSign},
	"mock":    {runMock},
	"version": {runVersion},
}

// stdio is where a command reads and writes.
type stdio struct {
	in       io.Reader
	out, err io.Writer
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], stdio{os.Stdin, os.Stdout, os.Stderr})
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, s stdio) int {
	if len(args) == 0 {
		fmt.Fprint(s.err, usage)
		return exitUsage
	}
	name, rest := args[0], args[1:]
	switch name {
	case "-h", "-help", "--help", "help":
		if len(rest) > 0 {
			if _, ok := commands[rest[0]]; ok {
				return run(ctx, []string{rest[0], "-h"}, s)
			}
		}
		fmt.Fprint(s.out, usage)
		return exitOK
	case "-version", "--version":
		name = "version"
	}
	cmd, ok := commands[name]
	if !ok {
		shown := "(not shown: it may be a secret)"
		if flagName.MatchString(name) {
			shown = strconv.Quote(name)
		}
		fmt.Fprintf(s.err, "jmzs: unknown command %s\n\n%s", shown, usage)
		return exitUsage
	}
	return cmd.run(ctx, rest, s)
}

// usageError is a mistake in the command line; it exits with exitUsage.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{fmt.Sprintf(format, args...)}
}

// exitCode reports err on stderr and returns its exit code.
func exitCode(s stdio, cmd string, err error) int {
	if err == nil {
		return exitOK
	}
	if err == errReported {
		return exitError
	}
	var ue *usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(s.err, "jmzs %s: %s\nRun 'jmzs %s -h' for usage.\n", cmd, ue.msg, cmd)
		return exitUsage
	}
	fmt.Fprintf(s.err, "jmzs %s: %s\n", cmd, strings.TrimPrefix(err.Error(), "jmzs: "))
	return exitError
}
