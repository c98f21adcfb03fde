package e2e_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	jmzs "github.com/jmzs-sdk/jmzs-go"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"github.com/jmzs-sdk/jmzs-go/jmzstest"
	"github.com/stretchr/testify/require"
)

// skewedGateway answers like the kit's gateway g, whose clock runs ahead:
// 401 APIG.0303 "signature expired" to a signature dated more than 15
// minutes from its clock, then the envelope. With sendDate false it sends
// no Date header, leaving only the "server time:" in the message.
func skewedGateway(g *jmzstest.Gateway, sendDate bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var ge *jmzs.GatewayError
		if err := g.Verify(r); errors.As(err, &ge) {
			if sendDate {
				w.Header().Set("Date", g.Now().UTC().Format(http.TimeFormat))
			} else {
				w.Header()["Date"] = nil // net/http adds none then
			}
			body, _ := json.Marshal(map[string]string{"error_code": ge.ErrorCode, "error_msg": ge.ErrorMsg, "request_id": "req-skew"})
			reply(ge.HTTPStatus, string(body))(w, r)
			return
		}
		reply(200, okEnvelope)(w, r)
	}
}

// TestClockSkewIsLearntAndKept runs against the kit's gateway with its
// clock an hour ahead.
func TestClockSkewIsLearntAndKept(t *testing.T) {
	g := jmzstest.NewGateway(t, jmzstest.WithAppKey(testAppKey, testAppSecret), jmzstest.WithClockSkew(time.Hour))
	g.Reply("/express/query-v2", 200, "成功", person{Name: "张三"})
	var logs bytes.Buffer
	c, err := jmzs.NewClient(jmzs.WithAppKey(testAppKey, testAppSecret), jmzs.WithMaxRetries(0),
		jmzs.WithLogger(slog.New(slog.NewJSONHandler(&logs, nil))))
	require.NoError(t, err)

	resp, err := callPerson(c, g.URL(), nil)
	require.NoError(t, err, "the call succeeds once signed with the gateway's time")
	require.Equal(t, "张三", resp.Data.Name)
	reqs := g.Requests()
	require.Len(t, reqs, 2, "one extra attempt, even with retries off")
	require.Equal(t, 401, reqs[0].Status)
	require.Equal(t, "APIG.0303", reqs[0].ErrorCode)
	require.Contains(t, logs.String(), "jmzs clock skew")

	_, err = callPerson(c, g.URL(), nil)
	require.NoError(t, err)
	require.Len(t, g.Requests(), 3, "the offset is kept: the next call needs no extra attempt")
}

func TestClockSkewFromMessageWithoutDateHeader(t *testing.T) {
	g := jmzstest.NewGateway(t, jmzstest.WithAppKey(testAppKey, testAppSecret), jmzstest.WithClockSkew(-time.Hour))
	srv := newScriptServer(t, skewedGateway(g, false))
	signer := jmzs.NewAPIGSigner(testAppKey, testAppSecret)
	c, err := jmzs.NewClient(jmzs.WithAuthenticator(signer), jmzs.WithMaxRetries(0))
	require.NoError(t, err)

	_, err = callPerson(c, srv.URL, nil)
	require.NoError(t, err)
	require.Equal(t, 2, srv.count())
	require.InDelta(t, -time.Hour, signer.ClockOffset(), float64(5*time.Second))
	_, err = callPerson(c, srv.URL, nil)
	require.NoError(t, err)
	require.Equal(t, 3, srv.count())
}

func TestClockSkewResignsOnce(t *testing.T) {
	// A gateway that keeps saying "expired" gets one re-signed attempt, no more.
	expired := reply(401, `{"error_code":"APIG.0303","error_msg":"Incorrect app authentication information: signature expired","request_id":"r"}`,
		"Date: "+time.Now().Add(2*time.Hour).UTC().Format(http.TimeFormat))
	srv := newScriptServer(t, expired)
	c, err := jmzs.NewClient(jmzs.WithAppKey(testAppKey, testAppSecret), fastRetries())
	require.NoError(t, err)
	_, err = callPerson(c, srv.URL, nil)
	require.ErrorIs(t, err, jmzs.ErrUnauthorized)
	require.ErrorContains(t, err, "gave up after 2 attempts")
	require.Equal(t, 2, srv.count())
}

func TestClockSkewNeedsASigner(t *testing.T) {
	srv := newScriptServer(t, skewedGateway(jmzstest.NewGateway(t, jmzstest.WithAppKey(testAppKey, testAppSecret), jmzstest.WithClockSkew(time.Hour)), true))
	c, err := jmzs.NewClient(jmzs.WithAppCode(testAppCode), fastRetries())
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err = jmzs.Do[person](ctx, c, &jmzs.Request{URL: srv.URL + "/q"})
	require.ErrorIs(t, err, jmzs.ErrUnauthorized)
	require.Equal(t, 1, srv.count(), "an AppCode call has no signature to date")
}

// wrappedSigner is an Authenticator that wraps the APIG signer, as a
// caller might to add a header, and forwards the clock.
type wrappedSigner struct{ s *jmzs.APIGSigner }

func (w wrappedSigner) Authenticate(req *http.Request) error {
	req.Header.Set("X-Tenant", "t-1")
	return w.s.Authenticate(req)
}

func (w wrappedSigner) ObserveServerTime(t time.Time) { w.s.ObserveServerTime(t) }

// opaqueSigner wraps the signer without forwarding the clock.
type opaqueSigner struct{ s *jmzs.APIGSigner }

func (w opaqueSigner) Authenticate(req *http.Request) error { return w.s.Authenticate(req) }

func TestClockSkewThroughAWrapper(t *testing.T) {
	g := jmzstest.NewGateway(t, jmzstest.WithAppKey(testAppKey, testAppSecret), jmzstest.WithClockSkew(time.Hour))
	g.Reply("/express/query-v2", 200, "成功", person{Name: "张三"})

	var _ jmzs.ServerTimeObserver = wrappedSigner{}
	signer := jmzs.NewAPIGSigner(testAppKey, testAppSecret)
	c, err := jmzs.NewClient(jmzs.WithAuthenticator(wrappedSigner{signer}), jmzs.WithMaxRetries(0))
	require.NoError(t, err)
	_, err = callPerson(c, g.URL(), nil)
	require.NoError(t, err, "the wrapper passes the gateway's clock on")
	require.Len(t, g.Requests(), 2)
	require.InDelta(t, time.Hour, signer.ClockOffset(), float64(5*time.Second))

	other := jmzs.NewAPIGSigner(testAppKey, testAppSecret)
	c, err = jmzs.NewClient(jmzs.WithAuthenticator(opaqueSigner{other}), jmzs.WithMaxRetries(0))
	require.NoError(t, err)
	_, err = callPerson(c, g.URL(), nil)
	require.ErrorIs(t, err, jmzs.ErrUnauthorized, "nothing to teach: the expired signature is the answer")
	require.Len(t, g.Requests(), 3)
}
