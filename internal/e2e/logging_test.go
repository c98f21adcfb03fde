package e2e_test

import (
	"bytes"
	"encoding/json"
	jmzs "github.com/jmzs-sdk/jmzs-go"
	"log/slog"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func decodeLog(t *testing.T, b []byte) []map[string]any {
	t.Helper()
	var recs []map[string]any
	for _, line := range bytes.Split(bytes.TrimSpace(b), []byte("\n")) {
		var rec map[string]any
		require.NoError(t, json.Unmarshal(line, &rec), string(line))
		recs = append(recs, rec)
	}
	return recs
}

func TestLoggerRecordsAttemptsAndRetries(t *testing.T) {
	srv := newScriptServer(t, reply(503, nginx503, "X-Request-Id: req-a"), reply(200, okEnvelope, "X-Request-Id: req-b"))
	var logs bytes.Buffer
	c, err := jmzs.NewClient(jmzs.WithAppKey(testAppKey, testAppSecret), fastRetries(),
		jmzs.WithLogger(slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	require.NoError(t, err)
	_, err = callPerson(c, srv.URL, &jmzs.Request{Query: url.Values{"idcard": {"110101199003071234"}}})
	require.NoError(t, err)

	recs := decodeLog(t, logs.Bytes())
	require.Len(t, recs, 3, logs.String())
	host := strings.TrimPrefix(srv.URL, "http://")
	first, retry, second := recs[0], recs[1], recs[2]

	require.Equal(t, "DEBUG", first["level"])
	require.Equal(t, "jmzs attempt", first["msg"])
	require.Equal(t, "POST", first["method"])
	require.Equal(t, host, first["host"])
	require.Equal(t, "/express/query-v2", first["path"])
	require.EqualValues(t, 1, first["attempt"])
	require.EqualValues(t, 503, first["status"])
	require.Equal(t, "req-a", first["request_id"])
	require.Contains(t, first, "latency")
	require.Contains(t, first["error"], "HTTP 503")

	require.Equal(t, "INFO", retry["level"])
	require.Equal(t, "jmzs retry", retry["msg"])
	require.EqualValues(t, 1, retry["attempt"])
	require.Contains(t, retry, "wait")

	require.EqualValues(t, 2, second["attempt"])
	require.EqualValues(t, 200, second["status"])
	require.EqualValues(t, 200, second["code"])
	require.Equal(t, "912345678901234567890", second["task_no"], "taskNo stays a string")
	require.Equal(t, "req-b", second["request_id"])
	require.NotContains(t, second, "error")

	require.NotContains(t, logs.String(), "110101199003071234", "the query may hold personal data")
}

func TestLoggerAtInfoSkipsAttempts(t *testing.T) {
	srv := newScriptServer(t, reply(200, okEnvelope))
	var logs bytes.Buffer
	c, err := jmzs.NewClient(jmzs.WithAppCode(testAppCode), jmzs.WithLogger(slog.New(slog.NewJSONHandler(&logs, nil))))
	require.NoError(t, err)
	_, err = callPerson(c, srv.URL, nil)
	require.NoError(t, err)
	require.Empty(t, logs.String(), "a successful call logs nothing at info")
}
