package sms_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/jmzs-sdk/jmzs-go/internal/producttest"
	"github.com/jmzs-sdk/jmzs-go/sms"
)

func TestSendUsesQueryStringAndDecodes(t *testing.T) {
	g, _, c := producttest.Gateway(t)
	resp, err := sms.New(c, sms.WithBaseURL(g.URL())).Send(context.Background(),
		sms.SendRequest{Mobile: "13812345678", TemplateID: "JM1000372", Value: "code:1234"})
	require.NoError(t, err)
	r := g.Requests()[0]
	require.Equal(t, http.StatusOK, r.Status)
	require.Equal(t, http.MethodPost, r.Method)
	require.Equal(t, "/sms/send", r.Path)
	require.Equal(t, url.Values{"mobile": {"13812345678"}, "templateId": {"JM1000372"}, "value": {"code:1234"}}, r.Query)
	require.Empty(t, r.Body, "the body stays empty")
	require.Equal(t, "APPCODE "+producttest.AliyunAppCode, r.Header.Get("Authorization"))
	// The "sms/ok" fixture, a captured answer.
	require.Equal(t, "JS6420885281662797", resp.Data.TaskID)
	require.NotEmpty(t, resp.TaskNo)
	require.NotEqual(t, resp.Data.TaskID, resp.TaskNo, "taskId and taskNo are different numbers")
}

func TestSendRefusesBadInputWithoutSending(t *testing.T) {
	ok := sms.SendRequest{Mobile: "13812345678", TemplateID: "JM1000372", Value: "1234"}
	tests := []struct {
		name  string
		edit  func(*sms.SendRequest)
		field string
	}{
		{"no mobile", func(r *sms.SendRequest) { r.Mobile = "" }, "mobile"},
		{"landline", func(r *sms.SendRequest) { r.Mobile = "057112345678" }, "mobile"},
		{"no template", func(r *sms.SendRequest) { r.TemplateID = "" }, "templateId"},
		{"no value", func(r *sms.SendRequest) { r.Value = " " }, "value"},
		{"value too long", func(r *sms.SendRequest) { r.Value = strings.Repeat("码", 257) }, "value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, _, c := producttest.Gateway(t)
			req := ok
			tt.edit(&req)
			resp, err := sms.New(c, sms.WithBaseURL(g.URL())).Send(context.Background(), req)
			require.Nil(t, resp)
			producttest.RequireRefused(t, g, err, tt.field)
		})
	}
}
