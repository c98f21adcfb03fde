package jmzs

import (
	"errors"
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
	record := func(name string) Middleware {
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
	c, err := NewClient(WithAppKey(testAppKey, testAppSecret), fastRetries(),
		WithMiddleware(record("outer")), WithMiddleware(record("inner")))
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
	c, err := NewClient(WithAppCode(testAppCode), WithMiddleware(answer))
	require.NoError(t, err)
	resp, err := callPerson(c, srv.URL, nil)
	require.NoError(t, err)
	require.Equal(t, "cached", resp.Data.Name)
	require.Zero(t, srv.count())

	boom := errors.New("circuit open")
	fail := func(req *http.Request, next func(*http.Request) (*http.Response, error)) (*http.Response, error) {
		return nil, boom
	}
	c, err = NewClient(WithAppCode(testAppCode), fastRetries(), WithMaxRetries(0), WithMiddleware(fail))
	require.NoError(t, err)
	_, err = callPerson(c, srv.URL, nil)
	require.ErrorIs(t, err, boom)
	require.Zero(t, srv.count())
}
