package main

// Until the kit's fake gateway (jmzstest) lands, the tests run against this
// loopback gateway, which verifies with internal/apigsign as APIG does.

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/jmzs-sdk/jmzs-go/internal/apigsign"
)

type testGateway struct {
	srv      *httptest.Server
	appCode  string
	appKey   string
	key      *apigsign.Key
	mu       sync.Mutex
	routes   map[string][]byte
	requests []recordedRequest
	n        int
}

func newTestGateway(t *testing.T, appCode, appKey, appSecret string) *testGateway {
	g := &testGateway{appCode: appCode, appKey: appKey, key: apigsign.NewKey(appSecret), routes: map[string][]byte{}}
	g.srv = httptest.NewServer(g)
	t.Cleanup(g.srv.Close)
	return g
}

func (g *testGateway) URL() string { return g.srv.URL }

func (g *testGateway) Reply(path string, code int, msg string, data any) {
	b, _ := json.Marshal(map[string]any{"code": code, "msg": msg, "taskNo": "", "data": data})
	g.mu.Lock()
	g.routes[path] = b
	g.mu.Unlock()
}

// recordedRequest has the fields of jmzstest.RecordedRequest the tests use.
type recordedRequest struct {
	Method, Host, RawQuery string
	Header                 http.Header
	Body                   []byte
}

func (g *testGateway) Requests() []recordedRequest {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]recordedRequest(nil), g.requests...)
}

func (g *testGateway) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	g.mu.Lock()
	g.n++
	id := fmt.Sprintf("req%06d", g.n)
	g.requests = append(g.requests, recordedRequest{r.Method, r.Host, r.URL.RawQuery, r.Header.Clone(), body})
	route, ok := g.routes[r.URL.Path]
	g.mu.Unlock()
	w.Header().Set("X-Request-Id", id)
	fail := func(status int, code, msg string) {
		w.WriteHeader(status)
		json.NewEncoder(w).Encode(map[string]string{"error_code": code, "error_msg": msg, "request_id": id})
	}
	if c := r.Header.Get("X-Apig-AppCode"); c != "" {
		if c != g.appCode {
			fail(401, "APIG.0303", "Incorrect app authentication information: AppCode not found")
			return
		}
	} else {
		a, err := apigsign.ParseAuthorization(r.Header.Get("Authorization"))
		if err != nil || a.Access != g.appKey {
			fail(401, "APIG.0303", "Incorrect app authentication information: app not found")
			return
		}
		var headers []apigsign.Header
		for _, name := range a.SignedHeaders {
			v := r.Header.Get(name)
			if name == "host" {
				v = r.Host
			}
			headers = append(headers, apigsign.Header{Name: name, Value: v})
		}
		query, _ := apigsign.CanonicalQuery(r.URL.RawQuery)
		sum := sha256.Sum256(body)
		canonical, _, _, err := apigsign.AppendCanonicalRequest(nil, &apigsign.Request{
			Method: r.Method, EscapedPath: r.URL.EscapedPath(), Query: query, Headers: headers, PayloadHash: hex.EncodeToString(sum[:]),
		})
		sts := apigsign.AppendStringToSign(nil, r.Header.Get(apigsign.HeaderDate), canonical)
		if err != nil || !g.key.Equal(sts, a.Signature) {
			fail(401, "APIG.0303", "Incorrect app authentication information: verify signature fail, canonicalRequest:"+strings.ReplaceAll(string(canonical), "\n", "|"))
			return
		}
	}
	if !ok {
		fail(404, "APIG.0101", "The API does not exist or has not been published in the environment")
		return
	}
	w.Write([]byte(strings.Replace(string(route), `"taskNo":""`, `"taskNo":"`+fmt.Sprint(240000000000000000+g.n)+`0001"`, 1)))
}
