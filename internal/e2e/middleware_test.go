package e2e_test

import (
	"errors"
	jmzs "github.com/jmzs-sdk/jmzs-go"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestMiddlewareRunsInOrderOnEveryAttemptAfterSigning(t *testing.T) {
	srv := newScriptServer(t, reply(503, nginx503), reply(200, okEnvelope))
	var mu sync.Mutex
	var trace []string
	var auths []string
	record := func(name string) jmzs.Middleware {
		return func(req *http.Request, next func(*http.Request) (*http.Response, error)) (*http.Response, error) {
			mu.Lock()
			trace = append(trace, name+">")
			if name == "outer" {
				auths = append(auths, req.Header.Get("Authorization"))
			}
			mu.Unlock()
			resp, err := next(req)
			mu.Lock()
			trace = append(trace, "<"+name)
			mu.Unlock()
			return resp, err
		}
	}
	c, err := jmzs.NewClient(jmzs.WithAppKey(testAppKey, testAppSecret), fastRetries(),
		jmzs.WithMiddleware(record("outer")), jmzs.WithMiddleware(record("inner")))
	require.NoError(t, err)
	_, err = callPerson(c, srv.URL, nil)
	require.NoError(t, err)

	require.Equal(t, []string{"outer>", "inner>", "<inner", "<outer", "outer>", "inner>", "<inner", "<outer"}, trace)
	require.Len(t, auths, 2)
	for i, h := range srv.recorded() {
		require.Equal(t, h.header.Get("Authorization"), auths[i], "the middleware saw the signed request")
		require.NoError(t, h.sigErr)
	}
}

func TestMiddlewareMayAnswerOrFail(t *testing.T) {
	srv := newScriptServer(t, reply(200, okEnvelope))
	answer := func(req *http.Request, next func(*http.Request) (*http.Response, error)) (*http.Response, error) {
		return &http.Response{StatusCode: 200, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(`{"code":200,"data":{"name":"cached"}}`))}, nil
	}
	c, err := jmzs.NewClient(jmzs.WithAppCode(testAppCode), jmzs.WithMiddleware(answer))
	require.NoError(t, err)
	resp, err := callPerson(c, srv.URL, nil)
	require.NoError(t, err)
	require.Equal(t, "cached", resp.Data.Name)
	require.Zero(t, srv.count())

	boom := errors.New("circuit open")
	fail := func(req *http.Request, next func(*http.Request) (*http.Response, error)) (*http.Response, error) {
		return nil, boom
	}
	c, err = jmzs.NewClient(jmzs.WithAppCode(testAppCode), fastRetries(), jmzs.WithMaxRetries(0), jmzs.WithMiddleware(fail))
	require.NoError(t, err)
	_, err = callPerson(c, srv.URL, nil)
	require.ErrorIs(t, err, boom)
	require.Zero(t, srv.count())
}
