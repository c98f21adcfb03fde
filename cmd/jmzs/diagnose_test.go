package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// The canonical request of GET https://d7da6fe436fb48f2af3c5c2e5b203df7.example.com/test
// signed at 20230527T015431Z, as in Huawei's APIG FAQ (apig-faq-0009).
const faqOurs = "GET\n/test/\n\nhost:d7da6fe436fb48f2af3c5c2e5b203df7.example.com\nx-sdk-date:20230527T015431Z\n\nhost;x-sdk-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

// faqMessage is the gateway's error_msg as published, unmasked (en-us page).
const faqMessage = "Incorrect app authentication information: verify signature fail, canonicalRequest:GET|/test/||host:d7da6fe436fb48f2af3c5c2e5b203df7.example.com|x-sdk-date:20230527T015431Z||host;x-sdk-date|e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

func TestParseCanonical(t *testing.T) {
	tests := []struct {
		name, in, sep string
		want          canonicalParts
	}{
		{"ours", faqOurs, "\n", canonicalParts{
			method: "GET", uri: "/test/",
			headers:       []string{"host:d7da6fe436fb48f2af3c5c2e5b203df7.example.com", "x-sdk-date:20230527T015431Z"},
			signedHeaders: "host;x-sdk-date", payloadHash: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
		}},
		{"gateway's, with '|'", strings.ReplaceAll(faqOurs, "\n", "|"), "|", canonicalParts{
			method: "GET", uri: "/test/",
			headers:       []string{"host:d7da6fe436fb48f2af3c5c2e5b203df7.example.com", "x-sdk-date:20230527T015431Z"},
			signedHeaders: "host;x-sdk-date", payloadHash: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
		}},
		{"'|' inside a header value", "POST|/a/|x=1|x-note:a|b|x-sdk-date:D||x-note;x-sdk-date|UNSIGNED-PAYLOAD", "|", canonicalParts{
			method: "POST", uri: "/a/", query: "x=1",
			headers:       []string{"x-note:a|b", "x-sdk-date:D"},
			signedHeaders: "x-note;x-sdk-date", payloadHash: "UNSIGNED-PAYLOAD",
		}},
		{"headers that do not fit the list are cut at every separator", "GET|/||a:1|b:2||c;d|h", "|", canonicalParts{
			method: "GET", uri: "/", headers: []string{"a:1", "b:2"}, signedHeaders: "c;d", payloadHash: "h",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseCanonical(tt.in, tt.sep)
			require.NoError(t, err)
			require.Equal(t, tt.want, got)
		})
	}
}

func TestParseCanonicalRejectsOtherText(t *testing.T) {
	for _, in := range []string{"", "GET|/", "GET|/|q|h:1|x|signed|hash", "not a canonical request at all"} {
		_, err := parseCanonical(in, "|")
		require.Error(t, err, in)
	}
}

func TestGatewayCanonicalRequest(t *testing.T) {
	want := strings.ReplaceAll(faqOurs, "\n", "|")
	tests := []struct{ name, msg string }{
		{"error_msg", faqMessage},
		{"whole JSON body", `{"error_msg":"` + faqMessage + `","error_code":"APIG.0303","request_id":"cb141a91c945e68950a14a8eff5d62dc"}`},
		{"JSON body cut short by a shell", `"error_msg": "` + faqMessage + `", "error_code": "APIG.0303"`},
		{"canonical request alone", "canonicalRequest:" + want + "\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := gatewayCanonicalRequest(tt.msg)
			require.True(t, ok)
			require.Equal(t, want, got)
		})
	}
	_, ok := gatewayCanonicalRequest("Incorrect app authentication information: app not found, appkey 0117***e5e1")
	require.False(t, ok)
}

func TestMatchesMaskedText(t *testing.T) {
	tests := []struct {
		ours, gateway string
		want          bool
	}{
		{"host:d7da6fe436fb48f2af3c5c2e5b203df7.example.com", "host:d7da***3df7.example.com", true},
		{"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "e3b0c…52b855", true},
		{"host:other.example.com", "host:d7da***3df7.example.com", false},
		{"host:d7da3df7.example.com", "host:d7da***3df7.example.com", true},
		{"host:d7d3df7.example.com", "host:d7da***3df7.example.com", false}, // prefix and suffix may not overlap
		{"a", "a", true},
		{"a", "b", false},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, matches(tt.ours, tt.gateway), "%s vs %s", tt.ours, tt.gateway)
	}
}

func TestWriteDiagnosis(t *testing.T) {
	// gw rewrites faqMessage's canonical request with one change.
	gw := func(old, new string) string { return strings.Replace(faqMessage, old, new, 1) }
	ours := func(old, new string) string { return strings.Replace(faqOurs, old, new, 1) }
	tests := []struct {
		name, ours, msg string
		differ          bool
		first, hint     string
	}{
		{"same: the secret is wrong", faqOurs, faqMessage, false, "", "AppSecret is wrong"},
		{"same, as masked in the Chinese FAQ", faqOurs,
			gw("d7da6fe436fb48f2af3c5c2e5b203df7", "d7da***3df7"), false, "", "AppSecret is wrong"},
		{"method", ours("GET", "POST"), faqMessage, true, "method (line 1", "redirect"},
		{"path", ours("/test/", "/v1/test/"), faqMessage, true, "canonical URI (line 2", "path"},
		{"query", ours("/test/\n", "/test/\nb=x%20y"), gw("/test/|", "/test/|b=x%2By"), true, "query (line 3", "query encoding"},
		{"host", faqOurs, gw("host:d7da6fe436fb48f2af3c5c2e5b203df7.example.com", "host:10.1.2.3"), true, "header host (line 4", "Host"},
		{"content-type signed, not sent",
			ours("\nhost:", "\ncontent-type:application/json\nhost:") + "", gw("canonicalRequest:GET|/test/||", "canonicalRequest:GET|/test/||content-type:|"),
			true, "header content-type (line 4", "signed but not sent"},
		{"content-type not signed by the gateway's request",
			ours("\nhost:", "\ncontent-type:application/json\nhost:"), faqMessage,
			true, "header content-type", "did not sign this header"},
		{"date", faqOurs, gw("x-sdk-date:20230527T015431Z", "x-sdk-date:20230527T015432Z"), true, "header x-sdk-date (line 5", "clock"},
		{"body", faqOurs, gw("|e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "|44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"),
			true, "payload hash (line 8", "body changed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			differ, err := writeDiagnosis(&b, tt.ours, tt.msg)
			require.NoError(t, err)
			require.Equal(t, tt.differ, differ, b.String())
			out := b.String()
			if tt.differ {
				require.Contains(t, out, "First difference: "+tt.first)
				require.Contains(t, out, "  ! ")
			} else {
				require.Contains(t, out, "No difference.")
				require.NotContains(t, out, "  ! ")
			}
			require.Contains(t, out, tt.hint)
		})
	}
}

func TestWriteDiagnosisErrors(t *testing.T) {
	var b strings.Builder
	_, err := writeDiagnosis(&b, faqOurs, "Incorrect app authentication information: signature expired")
	require.ErrorContains(t, err, "no \"canonicalRequest:\"")
	_, err = writeDiagnosis(&b, faqOurs, "canonicalRequest:GET|/")
	require.ErrorContains(t, err, "gateway's canonical request")
	_, err = writeDiagnosis(&b, "GET", faqMessage)
	require.ErrorContains(t, err, "our canonical request")
}

func TestMessageHint(t *testing.T) {
	require.Contains(t, messageHint("Incorrect app authentication information: signature expired, signature time:20230527T000431Z,server time:20230527T020608Z"), "clock")
	require.Contains(t, messageHint("Incorrect app authentication information: app not found, appkey 0117***e5e1"), "AppKey")
	require.Empty(t, messageHint("something else"))
}
