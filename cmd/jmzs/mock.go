package main

import (
	"context"
	"fmt"
)

const mockSynopsis = `Usage: jmzs mock [-addr 127.0.0.1:8080] [-appcode C] [-appkey K -appsecret S]

Runs the SDK's fake Huawei API Gateway (网关) with the fixtures of every product until
interrupted (Ctrl-C, SIGTERM), for integration tests in any language. It prints its URL.
`

func runMock(_ context.Context, args []string, s stdio) int {
	fs := newFlagSet("mock", mockSynopsis)
	_, err := parseArgs(fs, args, s)
	if err == errHelp {
		return exitOK
	}
	if err == nil {
		err = fmt.Errorf("not available yet: the fake gateway (package jmzstest) has not landed")
	}
	return exitCode(s, "mock", err)
}
