package e2e_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"os"
	"testing"
	"time"

	jmzs "github.com/jmzs-sdk/jmzs-go"
)

// TestLiveExpressQuery calls the real Huawei-market express API, once per
// configured credential. It is skipped unless JMZS_APPCODE, or
// JMZS_APP_KEY and JMZS_APP_SECRET, are set; each call may be billed.
// JMZS_LIVE_URL overrides the endpoint.
func TestLiveExpressQuery(t *testing.T) {
	endpoint := os.Getenv("JMZS_LIVE_URL")
	if endpoint == "" {
		endpoint = "https://expressqueryv2.apistore.huaweicloud.com/express/query-v2"
	}
	var opts []jmzs.Option
	if code := os.Getenv("JMZS_APPCODE"); code != "" {
		opts = append(opts, jmzs.WithAppCode(code))
	}
	if key, secret := os.Getenv("JMZS_APP_KEY"), os.Getenv("JMZS_APP_SECRET"); key != "" && secret != "" {
		opts = append(opts, jmzs.WithAppKey(key, secret))
	}
	if len(opts) == 0 {
		t.Skip("no live credentials: set JMZS_APPCODE or JMZS_APP_KEY and JMZS_APP_SECRET")
	}
	for _, opt := range opts {
		c, err := jmzs.NewClient(opt, jmzs.WithMaxRetries(0))
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		resp, err := jmzs.Do[json.RawMessage](ctx, c, &jmzs.Request{
			URL:   endpoint,
			Query: url.Values{"number": {"YT0000000000000"}, "expressCode": {"YTO"}},
		})
		cancel()
		// Any business answer proves the credentials and the signature were
		// accepted; a gateway refusal does not.
		var gwErr *jmzs.GatewayError
		if errors.As(err, &gwErr) {
			t.Fatalf("%v: gateway refused: %v", c, err)
		}
		if resp == nil {
			t.Fatalf("%v: %v", c, err)
		}
		t.Logf("%v: code %d msg %q taskNo %s request id %s", c, resp.Code, resp.Msg, resp.TaskNo, resp.RequestID)
	}
}
