package jmzs

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"github.com/jmzs-sdk/jmzs-go/internal/apigsign"
	"github.com/stretchr/testify/require"
)

// skewedGateway is a gateway whose clock runs ahead of ours by ahead. Like
// APIG, it answers 401 APIG.0303 "signature expired" to a signature dated
// more than 15 minutes from its clock, and checks the signature otherwise.
func skewedGateway(ahead time.Duration, sendDate bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		now := time.Now().Add(ahead).UTC()
		signed, err := time.Parse(apigsign.DateFormat, r.Header.Get(apigsign.HeaderDate))
		if err != nil || now.Sub(signed).Abs() > 15*time.Minute {
			if sendDate {
				w.Header().Set("Date", now.Format(http.TimeFormat))
			} else {
				w.Header()["Date"] = nil // net/http adds none then
			}
			reply(401, fmt.Sprintf(`{"error_code":"APIG.0303","error_msg":"Incorrect app authentication information: signature expired, signature time:%s,server time:%s","request_id":"req-skew"}`,
				r.Header.Get(apigsign.HeaderDate), now.Format(apigsign.DateFormat)))(w, r)
			return
		}
		body, _ := io.ReadAll(r.Body)
		if err := verifyAPIGRequest(r, body, testAppSecret); err != nil {
			reply(401, mismatchBody)(w, r)
			return
		}
		reply(200, okEnvelope)(w, r)
	}
}

func TestClockSkewIsLearntAndKept(t *testing.T) {
	for _, sendDate := range []bool{true, false} {
		t.Run(fmt.Sprintf("Date header %v", sendDate), func(t *testing.T) {
			srv := newScriptServer(t, skewedGateway(time.Hour, sendDate))
			var logs bytes.Buffer
			c, err := NewClient(WithAppKey(testAppKey, testAppSecret), WithMaxRetries(0),
				WithLogger(slog.New(slog.NewJSONHandler(&logs, nil))))
			require.NoError(t, err)

			resp, err := callPerson(c, srv.URL, nil)
			require.NoError(t, err, "the call succeeds once signed with the gateway's time")
			require.Equal(t, "张三", resp.Data.Name)
			require.Equal(t, 2, srv.count(), "one extra attempt, even with retries off")
			require.InDelta(t, time.Hour, c.auth.(*APIGSigner).ClockOffset(), float64(5*time.Second))
			require.Contains(t, logs.String(), "jmzs clock skew")

			_, err = callPerson(c, srv.URL, nil)
			require.NoError(t, err)
			require.Equal(t, 3, srv.count(), "the offset is kept: the next call needs no extra attempt")
		})
	}
}

func TestClockSkewResignsOnce(t *testing.T) {
	// A gateway that keeps saying "expired" gets one re-signed attempt, no more.
	expired := reply(401, `{"error_code":"APIG.0303","error_msg":"Incorrect app authentication information: signature expired","request_id":"r"}`,
		"Date: "+time.Now().Add(2*time.Hour).UTC().Format(http.TimeFormat))
	srv := newScriptServer(t, expired)
	c, err := NewClient(WithAppKey(testAppKey, testAppSecret), fastRetries())
	require.NoError(t, err)
	_, err = callPerson(c, srv.URL, nil)
	require.ErrorIs(t, err, ErrUnauthorized)
	require.ErrorContains(t, err, "gave up after 2 attempts")
	require.Equal(t, 2, srv.count())
}

func TestClockSkewNeedsASigner(t *testing.T) {
	srv := newScriptServer(t, skewedGateway(time.Hour, true))
	c, err := NewClient(WithAppCode(testAppCode), fastRetries())
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err = Do[person](ctx, c, &Request{URL: srv.URL + "/q"})
	require.ErrorIs(t, err, ErrUnauthorized)
	require.Equal(t, 1, srv.count(), "an AppCode call has no signature to date")
}
