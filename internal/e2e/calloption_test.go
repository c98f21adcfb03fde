package e2e_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	jmzs "github.com/jmzs-sdk/jmzs-go"
)

func callWith(c *jmzs.Client, base string, opts ...jmzs.CallOption) (*jmzs.Response[person], error) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	return jmzs.Do[person](ctx, c, &jmzs.Request{URL: base + "/express/query-v2"}, opts...)
}

func TestCallMaxRetries(t *testing.T) {
	zero := 0
	tests := []struct {
		name     string
		client   []jmzs.Option
		req      *int
		call     []jmzs.CallOption
		wantHits int
	}{
		{"CallMaxRetries(0)", nil, nil, []jmzs.CallOption{jmzs.CallMaxRetries(0)}, 1},
		{"CallMaxRetries(4) over WithMaxRetries(0)", []jmzs.Option{jmzs.WithMaxRetries(0)}, nil, []jmzs.CallOption{jmzs.CallMaxRetries(4)}, 5},
		{"CallMaxRetries(1) over Request.MaxRetries", nil, &zero, []jmzs.CallOption{jmzs.CallMaxRetries(1)}, 2},
		{"the last one wins", nil, nil, []jmzs.CallOption{jmzs.CallMaxRetries(3), jmzs.CallMaxRetries(0)}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newScriptServer(t, reply(503, nginx503))
			c, err := jmzs.NewClient(append([]jmzs.Option{jmzs.WithAppCode(testAppCode), fastRetries()}, tt.client...)...)
			require.NoError(t, err)
			//lint:ignore SA1019 CallMaxRetries overrides the deprecated field
			_, err = jmzs.Do[person](context.Background(), c, &jmzs.Request{URL: srv.URL + "/q", MaxRetries: tt.req}, tt.call...)
			require.Error(t, err)
			require.Equal(t, tt.wantHits, srv.count())
		})
	}
}

func TestCallAttemptTimeout(t *testing.T) {
	done := make(chan struct{})
	srv := newScriptServer(t, stall(done), reply(200, okEnvelope))
	defer srv.Close()
	defer close(done)
	c, err := jmzs.NewClient(jmzs.WithAppCode(testAppCode), fastRetries(), jmzs.WithAttemptTimeout(time.Hour))
	require.NoError(t, err)
	_, err = callWith(c, srv.URL, jmzs.CallAttemptTimeout(100*time.Millisecond))
	require.ErrorIs(t, err, context.DeadlineExceeded)
	require.ErrorContains(t, err, "attempt timed out after 100ms")
	require.Equal(t, 1, srv.count(), "sent, so not sent again")
}

func TestCallHeaderIsSentAndSigned(t *testing.T) {
	srv := newScriptServer(t, reply(200, okEnvelope))
	c, err := jmzs.NewClient(jmzs.WithAppKey(testAppKey, testAppSecret))
	require.NoError(t, err)
	_, err = jmzs.Do[person](context.Background(), c, &jmzs.Request{URL: srv.URL + "/q", Header: http.Header{"X-Trace-Id": {"from-request"}}},
		jmzs.CallHeader("x-trace-id", "t-42"), jmzs.CallHeader("X-Order", "o-7"), jmzs.CallHeader("User-Agent", "shop/1.0"))
	require.NoError(t, err)
	h := srv.recorded()[0]
	require.NoError(t, h.sigErr, "the kit's gateway verified the signature")
	require.Equal(t, []string{"t-42"}, h.header.Values("X-Trace-Id"), "CallHeader replaces Request.Header's value")
	require.Equal(t, "o-7", h.header.Get("X-Order"))
	require.Equal(t, "shop/1.0", h.header.Get("User-Agent"))
	require.Contains(t, h.header.Get("Authorization"), "x-order;x-sdk-date;x-trace-id")
}

func TestCallLogAttrs(t *testing.T) {
	srv := newScriptServer(t, reply(503, nginx503), reply(200, okEnvelope))
	var logs bytes.Buffer
	c, err := jmzs.NewClient(jmzs.WithAppCode(testAppCode), fastRetries(),
		jmzs.WithLogger(slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	require.NoError(t, err)
	_, err = callWith(c, srv.URL, jmzs.CallLogAttrs(slog.String("order", "o-7")), jmzs.CallLogAttrs(slog.Int("shard", 3)))
	require.NoError(t, err)
	recs := decodeLog(t, logs.Bytes())
	require.Len(t, recs, 3, "attempt, retry, attempt")
	for _, rec := range recs {
		require.Equal(t, "o-7", rec["order"], rec)
		require.EqualValues(t, 3, rec["shard"], rec)
	}
}

func TestBadCallOptions(t *testing.T) {
	srv := newScriptServer(t, reply(200, okEnvelope))
	c, err := jmzs.NewClient(jmzs.WithAppCode(testAppCode))
	require.NoError(t, err)
	for name, opt := range map[string]jmzs.CallOption{
		"negative retries":      jmzs.CallMaxRetries(-1),
		"zero attempt timeout":  jmzs.CallAttemptTimeout(0),
		"header name":           jmzs.CallHeader("X Trace", "v"),
		"header value":          jmzs.CallHeader("X-Trace", "zq\r\nX-Evil: 1"),
		"nil":                   nil,
		"empty header name":     jmzs.CallHeader("", "v"),
		"header value with NUL": jmzs.CallHeader("X-Trace", "a\x00b"),
	} {
		_, err := callWith(c, srv.URL, opt)
		require.Error(t, err, name)
		require.True(t, strings.HasPrefix(err.Error(), "jmzs: "), err.Error())
		require.NotContains(t, err.Error(), "zq", "never the value")
	}
	require.Zero(t, srv.count(), "nothing was sent")
}
