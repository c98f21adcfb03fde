package interop

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"reflect"
	"strings"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/request"

	"github.com/jmzs-sdk/jmzs-go/internal/apigsign"
)

// ourCanonical renders the canonical request our signer covered, from the
// signed request and the header list in its Authorization. It is only a
// diagnostic for mismatches.
func ourCanonical(req *http.Request, body string) string {
	a, err := apigsign.ParseAuthorization(req.Header.Get("Authorization"))
	if err != nil {
		return "(" + err.Error() + ")"
	}
	host := req.Host
	if host == "" {
		host = req.URL.Host
	}
	var hs []apigsign.Header
	for _, name := range a.SignedHeaders {
		v := host
		if name != "host" {
			v = headerFold(req.Header, name)
		}
		hs = append(hs, apigsign.Header{Name: name, Value: v})
	}
	payload := req.Header.Get(apigsign.HeaderContentSHA256)
	if payload == "" {
		payload = sha256Hex(body)
	}
	return render(req.Method, req.URL.EscapedPath(), req.URL.RawQuery, hs, payload)
}

// v3CanonicalQuery is the canonical query string of the query values v3
// was given, in the form of package apigsign.
func v3CanonicalQuery(req *request.DefaultHttpRequest) (string, error) {
	var q []string
	for k, v := range req.GetQueryParams() {
		rv := v.(reflect.Value)
		if rv.Kind() == reflect.Slice {
			for i := 0; i < rv.Len(); i++ {
				q = append(q, apigsign.Escape(k)+"="+apigsign.Escape(rv.Index(i).String()))
			}
		} else {
			q = append(q, apigsign.Escape(k)+"="+apigsign.Escape(rv.String()))
		}
	}
	return apigsign.CanonicalQuery(strings.Join(q, "&"))
}

func render(method, escapedPath, query string, hs []apigsign.Header, payload string) string {
	cr, _, _, err := apigsign.AppendCanonicalRequest(nil, &apigsign.Request{
		Method: method, EscapedPath: escapedPath, Query: query, Headers: hs, PayloadHash: payload,
	})
	if err != nil {
		return "(" + err.Error() + ")"
	}
	return string(cr)
}

func headerFold(h http.Header, name string) string {
	for k, vs := range h {
		if strings.EqualFold(k, name) && len(vs) > 0 {
			return vs[0]
		}
	}
	return ""
}

func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}
