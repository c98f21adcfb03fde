package e2e_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	jmzs "github.com/jmzs-sdk/jmzs-go"
)

// countingServer counts the requests it receives and keeps the
// credential-bearing headers of each.
type countingServer struct {
	*httptest.Server
	hits  atomic.Int32
	creds atomic.Value // []string: X-Apig-AppCode and Authorization values seen
}

func newCountingServer(t *testing.T, tls bool, h http.HandlerFunc) *countingServer {
	s := &countingServer{}
	s.creds.Store([]string(nil))
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		s.hits.Add(1)
		seen := s.creds.Load().([]string)
		for _, v := range []string{r.Header.Get(jmzs.HeaderAppCode), r.Header.Get("Authorization")} {
			if v != "" {
				seen = append(seen, v)
			}
		}
		s.creds.Store(seen)
		h(w, r)
	})
	if tls {
		s.Server = httptest.NewTLSServer(handler)
	} else {
		s.Server = httptest.NewServer(handler)
	}
	t.Cleanup(s.Close)
	return s
}

func redirectTo(status int, location func() string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", location())
		w.WriteHeader(status)
	}
}

// TestRedirectsAreNeverFollowed: the gateway never redirects an API call;
// a redirect is an error naming where it points, nothing is sent there,
// and the body is sent once.
func TestRedirectsAreNeverFollowed(t *testing.T) {
	for _, status := range []int{301, 302, 303, 307, 308} {
		for _, withClient := range []bool{false, true} {
			t.Run(fmt.Sprintf("%d, WithHTTPClient %v", status, withClient), func(t *testing.T) {
				target := newCountingServer(t, false, reply(200, okEnvelope))
				origin := newCountingServer(t, false, redirectTo(status, func() string { return target.URL + "/collect?number=YT1234567890" }))

				var redirectsSeen atomic.Int32
				hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error {
					redirectsSeen.Add(1)
					return nil
				}}
				opts := []jmzs.Option{jmzs.WithAppCode(testAppCode), fastRetries()}
				if withClient {
					opts = append(opts, jmzs.WithHTTPClient(hc))
				}
				c, err := jmzs.NewClient(opts...)
				require.NoError(t, err)
				resp, err := callPerson(c, origin.URL, &jmzs.Request{JSON: map[string]string{"idcard": "110101199003071234"}})
				require.Error(t, err)
				require.Nil(t, resp)
				require.ErrorContains(t, err, fmt.Sprintf("HTTP %d redirects to %s", status, target.URL))
				require.NotContains(t, err.Error(), "YT1234567890")
				require.EqualValues(t, 1, origin.hits.Load(), "the body is sent once")
				require.Zero(t, target.hits.Load(), "nothing is sent to the redirect's target")

				// The caller's client is unchanged: its own CheckRedirect
				// still runs when the caller uses it.
				r, err := hc.Get(origin.URL)
				require.NoError(t, err)
				r.Body.Close()
				require.EqualValues(t, 1, redirectsSeen.Load())
			})
		}
	}
}

func TestRedirectLoopIsSentOnce(t *testing.T) {
	var origin *countingServer
	origin = newCountingServer(t, false, redirectTo(307, func() string { return origin.URL + "/express/query-v2" }))
	c, err := jmzs.NewClient(jmzs.WithAppCode(testAppCode), fastRetries())
	require.NoError(t, err)
	_, err = callPerson(c, origin.URL, &jmzs.Request{JSON: map[string]string{"name": "张三"}})
	require.ErrorContains(t, err, "redirects to "+origin.URL)
	require.EqualValues(t, 1, origin.hits.Load())
}

// TestRedirectFromHTTPSToHTTP: an HTTPS gateway that points to plain HTTP
// on the same host name would receive every credential in clear text.
// Nothing is sent there, with the SDK's transport or the caller's client.
func TestRedirectFromHTTPSToHTTP(t *testing.T) {
	plain := newCountingServer(t, false, reply(200, okEnvelope))
	plainURL, err := url.Parse(plain.URL)
	require.NoError(t, err)
	secure := newCountingServer(t, true, redirectTo(307, func() string { return "http://127.0.0.1:" + plainURL.Port() + "/express/query-v2" }))
	require.True(t, strings.HasPrefix(secure.URL, "https://127.0.0.1:"))

	credentials := []struct {
		name string
		opt  jmzs.Option
	}{
		{"AppCode", jmzs.WithAppCode(testAppCode)},
		{"Aliyun AppCode", jmzs.WithAliyunAppCode(testAppCode)},
		{"AppKey", jmzs.WithAppKey(testAppKey, testAppSecret)},
	}
	for _, cred := range credentials {
		for _, withClient := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s, WithHTTPClient %v", cred.name, withClient), func(t *testing.T) {
				opts := []jmzs.Option{cred.opt, fastRetries()}
				if withClient {
					opts = append(opts, jmzs.WithHTTPClient(secure.Client()))
				} else {
					// The SDK's transport defers to http.DefaultTransport
					// when it is replaced; this one trusts the test server.
					saved := http.DefaultTransport
					http.DefaultTransport = secure.Client().Transport
					t.Cleanup(func() { http.DefaultTransport = saved })
				}
				c, err := jmzs.NewClient(opts...)
				require.NoError(t, err)
				before := secure.hits.Load()
				_, err = callPerson(c, secure.URL, &jmzs.Request{JSON: map[string]string{"idcard": "110101199003071234"}})
				require.ErrorContains(t, err, "redirects to http://127.0.0.1:"+plainURL.Port())
				require.Equal(t, before+1, secure.hits.Load(), "the HTTPS gateway got the call once")
				require.Zero(t, plain.hits.Load(), "nothing went over plain HTTP")
				require.Empty(t, plain.creds.Load())
			})
		}
	}
}
