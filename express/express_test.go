package express_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/express"
	"github.com/jmzs-sdk/jmzs-go/internal/testsrv"
)

// queryOK is shaped on the Huawei express guide's sample (research §3.12);
// the second trace's time is a numeric string, as loose vendors send.
const queryOK = `{"code":200,"msg":"success","success":true,"taskNo":"438349168196884244029961","data":{
 "number":"SF1234567890123","expressCode":"SF","expressCompanyName":"顺丰速运",
 "logisticsStatus":"SIGN","logisticsStatusDesc":"已签收",
 "logisticsTraceDetails":[
  {"time":1700000000000,"desc":"已揽收","areaName":"浙江省杭州市","logisticsStatus":"ACCEPT"},
  {"time":"1700086400123","desc":"已签收","areaName":"上海市","logisticsStatus":"SIGN"}]}}`

func huaweiClient(t *testing.T) *jmzs.Client {
	t.Helper()
	c, err := jmzs.NewClient(jmzs.WithAppKey("test-app-key", "test-app-secret"), jmzs.WithMaxRetries(0))
	require.NoError(t, err)
	return c
}

func TestQuerySendsQueryStringAndDecodes(t *testing.T) {
	srv := testsrv.New(t, http.StatusOK, queryOK)
	svc := express.New(huaweiClient(t), express.WithEndpoint(srv.URL))

	resp, err := svc.Query(context.Background(), express.QueryRequest{
		Number: "SF1234567890123", ExpressCode: "sf", Mobile: "5678", Sort: express.SortAscending,
	})
	require.NoError(t, err)

	reqs := srv.Requests()
	require.Len(t, reqs, 1)
	r := reqs[0]
	require.Equal(t, http.MethodPost, r.Method)
	require.Equal(t, "/express/query-v2", r.Path)
	require.Equal(t, "SF1234567890123", r.Query.Get("number"))
	require.Equal(t, "SF", r.Query.Get("expressCode"), "courier code is upper-cased")
	require.Equal(t, "5678", r.Query.Get("mobile"))
	require.Equal(t, "1", r.Query.Get("sort"))
	require.Empty(t, r.Body, "parameters go in the query string, the body stays empty")
	require.Equal(t, jmzs.ContentTypeJSON, r.ContentType)
	require.Contains(t, r.Header.Get("Authorization"), "SDK-HMAC-SHA256 Access=test-app-key")

	require.Equal(t, 200, resp.Code)
	require.Equal(t, "438349168196884244029961", resp.TaskNo)
	d := resp.Data
	require.Equal(t, "SF1234567890123", d.Number)
	require.Equal(t, "SF", d.ExpressCode)
	require.Equal(t, "顺丰速运", d.CompanyName)
	require.Equal(t, express.StatusSign, d.Status)
	require.Equal(t, "已签收", d.StatusDesc)
	require.Len(t, d.Traces, 2)
	require.True(t, d.Traces[0].Time.Equal(time.UnixMilli(1700000000000)))
	require.True(t, d.Traces[1].Time.Equal(time.UnixMilli(1700086400123)))
	require.Equal(t, "上海市", d.Traces[1].AreaName)
	require.Equal(t, "已签收", d.Traces[1].Desc)
	require.Equal(t, express.StatusAccept, d.Traces[0].Status)
}

func TestQueryOmitsUnsetOptionalParameters(t *testing.T) {
	srv := testsrv.New(t, http.StatusOK, queryOK)
	svc := express.New(huaweiClient(t), express.WithEndpoint(srv.URL+"/custom/path"))
	_, err := svc.Query(context.Background(), express.QueryRequest{Number: "YT1234567890", ExpressCode: "YTO"})
	require.NoError(t, err)
	r := srv.Requests()[0]
	require.Equal(t, "/custom/path", r.Path, "a URL with a path is the full endpoint")
	require.Equal(t, map[string][]string{"number": {"YT1234567890"}, "expressCode": {"YTO"}}, map[string][]string(r.Query))
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
			srv := testsrv.New(t, http.StatusOK, queryOK)
			svc := express.New(huaweiClient(t), express.WithEndpoint(srv.URL))
			resp, err := svc.Query(context.Background(), tt.req)
			require.Nil(t, resp)
			require.ErrorIs(t, err, jmzs.ErrInvalidParams)
			var pe *jmzs.ParamError
			require.True(t, errors.As(err, &pe))
			require.Equal(t, tt.field, pe.Field)
			require.Empty(t, srv.Requests(), "a refused call must send nothing")
		})
	}
}

func TestQueryAcceptsFullMobileForSF(t *testing.T) {
	srv := testsrv.New(t, http.StatusOK, queryOK)
	svc := express.New(huaweiClient(t), express.WithEndpoint(srv.URL))
	_, err := svc.Query(context.Background(), express.QueryRequest{Number: "SF1234567890123", ExpressCode: "SF", Mobile: "13812345678"})
	require.NoError(t, err)
	require.Equal(t, "13812345678", srv.Requests()[0].Query.Get("mobile"))
}

func TestQueryBusinessErrors(t *testing.T) {
	tests := []struct {
		name     string
		body     string
		code     int
		sentinel error
	}{
		{"no data", `{"data":{},"msg":"未查询到快递物流数据","success":false,"code":701}`, 701, nil},
		{"unsupported courier", `{"msg":"不支持的快递编码","success":false,"code":411}`, 411, nil},
		{"wrong mobile", `{"data":{},"msg":"验证失败，请输入正确的手机号码","success":false,"code":400}`, 400, jmzs.ErrInvalidParams},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := testsrv.New(t, http.StatusOK, tt.body)
			svc := express.New(huaweiClient(t), express.WithEndpoint(srv.URL))
			_, err := svc.Query(context.Background(), express.QueryRequest{Number: "YT1234567890", ExpressCode: "YTO"})
			var ae *jmzs.APIError
			require.ErrorAs(t, err, &ae)
			require.Equal(t, tt.code, ae.Code)
			if tt.sentinel != nil {
				require.ErrorIs(t, err, tt.sentinel)
			}
			var pe *jmzs.ParamError
			require.False(t, errors.As(err, &pe), "a vendor refusal is an APIError, not a local ParamError")
			require.Len(t, srv.Requests(), 1)
		})
	}
}

func TestDiscernSendsFormToAliyun(t *testing.T) {
	body := `{"data":{"details":[{"expressCode":"YTO"},{"expressCode":"ZTO"}]},"msg":"成功","success":true,"code":200,"taskNo":"13516403432971667030"}`
	srv := testsrv.New(t, http.StatusOK, body)
	c, err := jmzs.NewClient(jmzs.WithAliyunAppCode("test-aliyun-appcode"), jmzs.WithMaxRetries(0))
	require.NoError(t, err)
	svc := express.New(c, express.WithEndpoint(srv.URL+"/"))

	resp, err := svc.Discern(context.Background(), "YT1234567890")
	require.NoError(t, err)
	r := srv.Requests()[0]
	require.Equal(t, "/express/number-discern", r.Path, "a base endpoint serves Discern too")
	require.Equal(t, jmzs.ContentTypeForm, r.ContentType)
	require.Equal(t, "YT1234567890", r.Form.Get("number"))
	require.Empty(t, r.Query)
	require.Equal(t, "APPCODE test-aliyun-appcode", r.Header.Get("Authorization"))
	require.Equal(t, []express.Candidate{{ExpressCode: "YTO"}, {ExpressCode: "ZTO"}}, resp.Data.Details)

	_, err = svc.Discern(context.Background(), "")
	require.ErrorIs(t, err, jmzs.ErrInvalidParams)
	require.Len(t, srv.Requests(), 1)
}

func TestDiscernEndpointOverride(t *testing.T) {
	srv := testsrv.New(t, http.StatusOK, `{"code":200,"data":{"details":[]}}`)
	c, err := jmzs.NewClient(jmzs.WithAliyunAppCode("test-aliyun-appcode"))
	require.NoError(t, err)
	svc := express.New(c, express.WithEndpoint("https://example.invalid/express/query-v2"), express.WithDiscernEndpoint(srv.URL+"/x/discern"))
	_, err = svc.Discern(context.Background(), "YT1234567890")
	require.NoError(t, err)
	require.Equal(t, "/x/discern", srv.Requests()[0].Path)
}

func TestTraceRoundTrip(t *testing.T) {
	srv := testsrv.New(t, http.StatusOK, queryOK)
	svc := express.New(huaweiClient(t), express.WithEndpoint(srv.URL))
	resp, err := svc.Query(context.Background(), express.QueryRequest{Number: "YT1234567890"})
	require.NoError(t, err)

	b, err := json.Marshal(resp.Data)
	require.NoError(t, err)
	var again express.Result
	require.NoError(t, json.Unmarshal(b, &again))
	require.Equal(t, len(resp.Data.Traces), len(again.Traces))
	for i := range again.Traces {
		require.True(t, resp.Data.Traces[i].Time.Equal(again.Traces[i].Time))
		require.Equal(t, resp.Data.Traces[i].Desc, again.Traces[i].Desc)
	}
}

func TestTraceRejectsNonNumericTime(t *testing.T) {
	var tr express.Trace
	require.Error(t, json.Unmarshal([]byte(`{"time":"yesterday"}`), &tr))
	require.NoError(t, json.Unmarshal([]byte(`{"time":null,"desc":"x"}`), &tr))
	require.True(t, tr.Time.IsZero())
}
