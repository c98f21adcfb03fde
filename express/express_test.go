package express_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/express"
	"github.com/jmzs-sdk/jmzs-go/internal/producttest"
	"github.com/jmzs-sdk/jmzs-go/jmzstest"
)

func TestQuerySendsQueryStringAndDecodes(t *testing.T) {
	g, c, _ := producttest.Gateway(t)
	resp, err := express.New(c, express.WithBaseURL(g.URL())).Query(context.Background(), express.QueryRequest{
		Number: "SF1234567890123", ExpressCode: "sf", Mobile: "5678", Sort: express.SortAscending,
	})
	require.NoError(t, err)

	reqs := g.Requests()
	require.Len(t, reqs, 1)
	r := reqs[0]
	require.Equal(t, http.StatusOK, r.Status, "the gateway verified the signature")
	require.Equal(t, http.MethodPost, r.Method)
	require.Equal(t, "/express/query-v2", r.Path)
	require.Equal(t, url.Values{"number": {"SF1234567890123"}, "expressCode": {"SF"}, "mobile": {"5678"}, "sort": {"1"}}, r.Query,
		"courier code upper-cased; parameters in the query string")
	require.Empty(t, r.Body, "the body stays empty")
	require.Equal(t, jmzs.ContentTypeJSON, r.Header.Get("Content-Type"))

	// The "express/ok" fixture.
	require.Equal(t, 200, resp.Code)
	require.NotEmpty(t, resp.TaskNo)
	d := resp.Data
	require.Equal(t, "SF1234567890123", d.Number)
	require.Equal(t, "SF", d.ExpressCode)
	require.Equal(t, "顺丰速运", d.CompanyName)
	require.Equal(t, express.StatusSign, d.Status)
	require.Equal(t, "已签收", d.StatusDesc)
	require.Len(t, d.Traces, 2)
	require.True(t, d.Traces[0].Time.Equal(time.UnixMilli(1716163200000)))
	require.Equal(t, express.StatusCollect, d.Traces[0].Status)
	require.Equal(t, "广东省深圳市", d.Traces[0].AreaName)
	require.Equal(t, "快件已签收", d.Traces[1].Desc)
}

func TestQueryTraceTimeAsString(t *testing.T) {
	g, c, _ := producttest.Gateway(t)
	g.Reply("/express/query-v2", 200, "success", map[string]any{
		"number": "YT1234567890", "logisticsTraceDetails": []any{map[string]any{"time": "1700086400123", "desc": "运输中"}},
	})
	resp, err := express.New(c, express.WithBaseURL(g.URL())).Query(context.Background(), express.QueryRequest{Number: "YT1234567890"})
	require.NoError(t, err)
	require.True(t, resp.Data.Traces[0].Time.Equal(time.UnixMilli(1700086400123)))
	require.Equal(t, url.Values{"number": {"YT1234567890"}}, g.Requests()[0].Query, "unset optional parameters are not sent")
}

func TestQueryFullEndpoint(t *testing.T) {
	g, c, _ := producttest.Gateway(t)
	g.ReplyFixture("/api/v2/track", "express/ok")
	_, err := express.New(c, express.WithEndpoint(g.URL()+"/api/v2/track")).Query(context.Background(), express.QueryRequest{Number: "YT1234567890", ExpressCode: "YTO"})
	require.NoError(t, err)
	require.Equal(t, "/api/v2/track", g.Requests()[0].Path, "a URL with a path is the full endpoint")
}

func TestQueryRefusesBadInputWithoutSending(t *testing.T) {
	tests := []struct {
		name  string
		req   express.QueryRequest
		field string
	}{
		{"no number", express.QueryRequest{ExpressCode: "YTO"}, "number"},
		{"space in number", express.QueryRequest{Number: "SF 123"}, "number"},
		{"number too long", express.QueryRequest{Number: string(make([]byte, 65))}, "number"},
		{"bad courier code", express.QueryRequest{Number: "123456", ExpressCode: "S-F"}, "expressCode"},
		{"SF without mobile", express.QueryRequest{Number: "SF1234567890123", ExpressCode: "SF"}, "mobile"},
		{"zto without mobile", express.QueryRequest{Number: "7512345678901", ExpressCode: "zto"}, "mobile"},
		{"KD without mobile", express.QueryRequest{Number: "KY1234567890", ExpressCode: "KD"}, "mobile"},
		{"three digits", express.QueryRequest{Number: "SF1234567890123", ExpressCode: "SF", Mobile: "567"}, "mobile"},
		{"not a mobile", express.QueryRequest{Number: "SF1234567890123", ExpressCode: "SF", Mobile: "02112345678"}, "mobile"},
		{"undocumented sort", express.QueryRequest{Number: "YT1234567890", Sort: "desc"}, "sort"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, c, _ := producttest.Gateway(t)
			resp, err := express.New(c, express.WithBaseURL(g.URL())).Query(context.Background(), tt.req)
			require.Nil(t, resp)
			producttest.RequireRefused(t, g, err, tt.field)
		})
	}
}

func TestQueryAcceptsFullMobileForSF(t *testing.T) {
	g, c, _ := producttest.Gateway(t)
	_, err := express.New(c, express.WithBaseURL(g.URL())).Query(context.Background(), express.QueryRequest{Number: "SF1234567890123", ExpressCode: "SF", Mobile: "13812345678"})
	require.NoError(t, err)
	require.Equal(t, "13812345678", g.Requests()[0].Query.Get("mobile"))
}

func TestQueryBusinessErrors(t *testing.T) {
	tests := []struct {
		fixture  string
		code     int
		sentinel error
	}{
		{"express/701", 701, nil},
		{"express/411", 411, nil},
		{"express/412", 412, nil},
		{"express/400", 400, jmzs.ErrInvalidParams},
		{"express/500", 500, jmzs.ErrProviderMaintenance},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			g, c, _ := producttest.Gateway(t)
			g.ReplyFixture("/express/query-v2", tt.fixture)
			_, err := express.New(c, express.WithBaseURL(g.URL())).Query(context.Background(), express.QueryRequest{Number: "YT1234567890", ExpressCode: "YTO"})
			var ae *jmzs.APIError
			require.ErrorAs(t, err, &ae)
			require.Equal(t, tt.code, ae.Code)
			if tt.sentinel != nil {
				require.ErrorIs(t, err, tt.sentinel)
			}
			var pe *jmzs.ParamError
			require.False(t, errors.As(err, &pe), "a vendor refusal is an APIError, not a local ParamError")
			require.Len(t, g.Requests(), 1)
		})
	}
}

func TestDiscernSendsFormToAliyun(t *testing.T) {
	g, _, c := producttest.Gateway(t)
	g.Reply("/express/number-discern", 200, "成功", map[string]any{"details": []any{map[string]any{"expressCode": "YTO"}, map[string]any{"expressCode": "ZTO"}}})
	svc := express.New(c, express.WithBaseURL(g.URL()))

	resp, err := svc.Discern(context.Background(), "YT1234567890")
	require.NoError(t, err)
	r := g.Requests()[0]
	require.Equal(t, http.StatusOK, r.Status, "the gateway accepted the Aliyun AppCode")
	require.Equal(t, "/express/number-discern", r.Path, "a base endpoint serves Discern too")
	require.Equal(t, jmzs.ContentTypeForm, r.Header.Get("Content-Type"))
	require.Equal(t, "number=YT1234567890", string(r.Body))
	require.Empty(t, r.Query)
	require.Equal(t, []express.Candidate{{ExpressCode: "YTO"}, {ExpressCode: "ZTO"}}, resp.Data.Details)

	_, err = svc.Discern(context.Background(), "")
	require.ErrorIs(t, err, jmzs.ErrInvalidParams)
	require.Len(t, g.Requests(), 1)
}

func TestDiscernEndpointOverride(t *testing.T) {
	g, _, c := producttest.Gateway(t)
	g.Reply("/x/discern", 200, "成功", map[string]any{"details": []any{}})
	svc := express.New(c, express.WithEndpoint("https://example.invalid/express/query-v2"), express.WithDiscernEndpoint(g.URL()+"/x/discern"))
	_, err := svc.Discern(context.Background(), "YT1234567890")
	require.NoError(t, err)
	require.Equal(t, "/x/discern", g.Requests()[0].Path)
}

func TestResultJSONRoundTrip(t *testing.T) {
	var first express.Result
	require.NoError(t, json.Unmarshal(jmzstest.Fixture("express/ok"), &struct{ Data *express.Result }{&first}))
	b, err := json.Marshal(first)
	require.NoError(t, err)
	var again express.Result
	require.NoError(t, json.Unmarshal(b, &again))
	require.Equal(t, len(first.Traces), len(again.Traces))
	for i := range again.Traces {
		require.True(t, first.Traces[i].Time.Equal(again.Traces[i].Time))
		require.Equal(t, first.Traces[i].Desc, again.Traces[i].Desc)
	}
}

func TestTraceRejectsNonNumericTime(t *testing.T) {
	var tr express.Trace
	require.Error(t, json.Unmarshal([]byte(`{"time":"yesterday"}`), &tr))
	require.NoError(t, json.Unmarshal([]byte(`{"time":null,"desc":"x"}`), &tr))
	require.True(t, tr.Time.IsZero())
}

func TestServiceConcurrentUse(t *testing.T) {
	g, c, _ := producttest.Gateway(t)
	svc := express.New(c, express.WithBaseURL(g.URL()))
	const n = 16
	errs := make(chan error, n)
	for i := range n {
		go func() {
			_, err := svc.Query(context.Background(), express.QueryRequest{Number: "YT123456789" + string(rune('0'+i%10)), ExpressCode: "YTO"})
			errs <- err
		}()
	}
	for range n {
		require.NoError(t, <-errs)
	}
	require.Len(t, g.Requests(), n)
}
