package main

import (
	"bufio"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// startMock runs jmzs mock on a free port and returns its URL and a
// function that interrupts it and returns its exit code and output.
func startMock(t *testing.T, args ...string) (url string, stop func() (code int, stdout, stderr string)) {
	t.Helper()
	cmd := exec.Command(binary, append([]string{"mock", "-addr", "127.0.0.1:0"}, args...)...)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH")}
	// A file, not a buffer: the test reads it while the command runs.
	stderr, err := os.Create(t.TempDir() + "/stderr")
	require.NoError(t, err)
	defer stderr.Close()
	cmd.Stderr = stderr
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	done := false
	t.Cleanup(func() {
		if !done {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	r := bufio.NewReader(out)
	first, err := r.ReadString('\n')
	require.NoError(t, err, readFile(t, stderr.Name()))
	url = strings.TrimSpace(first)
	require.Regexp(t, `^http://127\.0\.0\.1:[1-9][0-9]*$`, url)
	return url, func() (int, string, string) {
		require.NoError(t, cmd.Process.Signal(os.Interrupt))
		rest, err := io.ReadAll(r)
		require.NoError(t, err)
		waitErr := make(chan error, 1)
		go func() { waitErr <- cmd.Wait() }()
		select {
		case <-waitErr:
		case <-time.After(10 * time.Second):
			t.Fatal("jmzs mock did not stop on SIGINT")
		}
		done = true
		return cmd.ProcessState.ExitCode(), first + string(rest), readFile(t, stderr.Name())
	}
}

func readFile(t *testing.T, name string) string {
	b, err := os.ReadFile(name)
	require.NoError(t, err)
	return string(b)
}

func TestMockServesRequestsSignedByJmzsSign(t *testing.T) {
	url, stop := startMock(t, "-appcode", testAppCode, "-appkey", testAppKey, "-appsecret", testAppSecret)
	endpoint := url + "/express/query-v2"

	// A request signed by jmzs sign and sent by another HTTP client.
	body := `{"number":"SF1234567890123"}`
	r := runJMZS(t, withAppKey, "sign", "-H", "Content-Type: application/json", "-d", body, "POST", endpoint+"?expressCode=SF&number=SF1234567890123")
	require.Equal(t, 0, r.code, r.stderr)
	resp, err := http.DefaultClient.Do(parseHead(t, r.stdout, body))
	require.NoError(t, err)
	var env envelope
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&env))
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Equal(t, 200, env.Code)
	require.Contains(t, string(env.Data), "expressCompanyName")

	// The same request with another body is refused, with the gateway's
	// canonical request to compare.
	resp, err = http.DefaultClient.Do(parseHead(t, r.stdout, `{"number":"SF0"}`))
	require.NoError(t, err)
	gatewayBody, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.NoError(t, err)
	require.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	c := runJMZS(t, withAppKey, "sign", "-date", signedDate(t, r.stdout), "-H", "Content-Type: application/json", "-d", body,
		"-compare", string(gatewayBody), "POST", endpoint+"?expressCode=SF&number=SF1234567890123")
	require.Equal(t, 1, c.code, c.stdout+c.stderr)
	require.Contains(t, c.stdout, "First difference: payload hash")

	// jmzs call, with either credential, and with a wrong secret.
	require.Equal(t, 0, runJMZS(t, withAppCode, "call", "-q", "number=SF1234567890123", endpoint).code)
	require.Equal(t, 0, runJMZS(t, withAppKey, "call", "-q", "number=SF1234567890123", endpoint).code)
	wrong := runJMZS(t, []string{"JMZS_APP_KEY=" + testAppKey, "JMZS_APP_SECRET=wrong"}, "call", endpoint)
	require.Equal(t, 1, wrong.code)
	require.Contains(t, wrong.stderr, "No difference.")
	notFound := runJMZS(t, withAppCode, "call", url+"/no/such/api")
	require.Equal(t, 1, notFound.code)
	require.Regexp(t, `error_code: +APIG.0101\n`, notFound.stderr)

	code, stdout, stderr := stop()
	require.Equal(t, 0, code, stderr)
	require.Contains(t, stdout, url+"/express/query-v2  (express.Query, huawei: express/ok)\n")
	require.Contains(t, stdout, url+"/invoice/validate  (invoice.Validate, huawei: invoice/ok)\n"+
		"  "+url+"/invoice/validate  (invoice.ValidateAliyun, aliyun: invoice/ok)\n")
	require.Contains(t, stderr, "jmzs mock: stopped")
	for _, secret := range []string{testAppCode, testAppSecret} {
		require.NotContains(t, stdout+stderr, secret)
	}
}

// signedDate reads X-Sdk-Date from the output of jmzs sign.
func signedDate(t *testing.T, head string) string {
	t.Helper()
	for _, line := range strings.Split(head, "\n") {
		if d, ok := strings.CutPrefix(line, "X-Sdk-Date: "); ok {
			return d
		}
	}
	t.Fatal("no X-Sdk-Date in\n" + head)
	return ""
}

func TestMockUsageAndStartErrors(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	tests := []struct {
		name string
		env  []string
		args []string
		code int
		msg  string
	}{
		{"no credentials", nil, []string{"mock"}, 2, "no credentials to accept"},
		{"AppKey without AppSecret", nil, []string{"mock", "-appkey", "k"}, 2, "go together"},
		{"an argument", withAppCode, []string{"mock", "extra"}, 2, "want no arguments; got 1 (argument 1;"},
		{"Aliyun AppKey without AppSecret", nil, []string{"mock", "-aliyun-appsecret", "s"}, 2, "-aliyun-appkey and -aliyun-appsecret go together"},
		{"address in use", withAppCode, []string{"mock", "-addr", l.Addr().String()}, 1, "WithAddr"},
		{"bad address", withAppCode, []string{"mock", "-addr", "no-port"}, 1, "no-port"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runJMZS(t, tt.env, tt.args...)
			require.Equal(t, tt.code, r.code, r.stderr)
			require.Contains(t, r.stderr, tt.msg)
			require.Empty(t, r.stdout)
		})
	}
}

func TestMockThrottlesEachAppLikeAPIG(t *testing.T) {
	url, stop := startMock(t, "-appcode", testAppCode, "-qps", "2")
	call := func() (int, string) {
		req, err := http.NewRequest(http.MethodPost, url+"/express/query-v2", nil)
		require.NoError(t, err)
		req.Header.Set("X-Apig-AppCode", testAppCode)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		return resp.StatusCode, string(body)
	}
	// Two calls a second: of ten at once, the bucket lets two through.
	var ok, throttled int
	for range 10 {
		status, body := call()
		switch status {
		case http.StatusOK:
			ok++
		case http.StatusTooManyRequests:
			throttled++
			require.Contains(t, body, `"error_code":"APIG.0308"`)
			require.Contains(t, body, "The throttling threshold has been reached: policy user over ratelimit,limit:2,time:1 second")
		default:
			t.Fatalf("HTTP %d: %s", status, body)
		}
	}
	require.GreaterOrEqual(t, ok, 2)
	require.Greater(t, throttled, 0)
	code, _, stderr := stop()
	require.Equal(t, 0, code)
	require.Contains(t, stderr, ", 2 calls a second per app; Ctrl-C to stop")

	require.Equal(t, 2, runJMZS(t, withAppCode, "mock", "-qps", "-1").code)
}
