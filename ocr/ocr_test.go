package ocr_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/require"

	"github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/internal/producttest"
	"github.com/jmzs-sdk/jmzs-go/jmzstest"
	"github.com/jmzs-sdk/jmzs-go/ocr"
)

func form(t *testing.T, r jmzstest.RecordedRequest) url.Values {
	t.Helper()
	v, err := url.ParseQuery(string(r.Body))
	require.NoError(t, err)
	return v
}

func testImage(t *testing.T, format string) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	for i := range 8 {
		img.Set(i, i, color.RGBA{R: 200, A: 255})
	}
	var buf bytes.Buffer
	switch format {
	case "png":
		require.NoError(t, png.Encode(&buf, img))
	case "jpeg":
		require.NoError(t, jpeg.Encode(&buf, img, nil))
	}
	return buf.Bytes()
}

func TestExpressBillSendsBase64FormAndDecodes(t *testing.T) {
	g, c, _ := producttest.Gateway(t)
	img := testImage(t, "jpeg")
	resp, err := ocr.New(c, ocr.WithBaseURL(g.URL())).ExpressBill(context.Background(), bytes.NewReader(img))
	require.NoError(t, err)

	r := g.Requests()[0]
	require.Equal(t, http.StatusOK, r.Status, "the gateway verified the signature over the body")
	require.Equal(t, "/ocr/express-bill", r.Path)
	require.Equal(t, jmzs.ContentTypeForm, r.Header.Get("Content-Type"))
	require.Empty(t, r.Query)
	require.Equal(t, url.Values{"base64": {base64.StdEncoding.EncodeToString(img)}}, form(t, r), "plain base64 in the form")
	require.NotContains(t, string(r.Body), "+", "'+' of base64 must be percent-encoded")

	// The "ocr/expressbill-ok" fixture.
	require.Equal(t, ocr.ExpressBillResult{RecipientName: "张三", RecipientPhone: "138****0000", WaybillNumber: "SF1234567890123"}, resp.Data)
}

func TestHouseholdRegisterSendsDataURI(t *testing.T) {
	tests := []struct {
		format, mime string
	}{
		{"jpeg", "image/jpeg"},
		{"png", "image/png"},
	}
	for _, tt := range tests {
		t.Run(tt.format, func(t *testing.T) {
			g, c, _ := producttest.Gateway(t)
			g.Reply("/ocr/householdRegister", 200, "成功", map[string]any{"name": "张三", "relation": "户主"})
			img := testImage(t, tt.format)
			resp, err := ocr.New(c, ocr.WithBaseURL(g.URL())).HouseholdRegister(context.Background(), bytes.NewReader(img))
			require.NoError(t, err)
			r := g.Requests()[0]
			require.Equal(t, http.StatusOK, r.Status)
			require.Equal(t, "/ocr/householdRegister", r.Path, "a base endpoint serves both methods")
			require.Equal(t, "data:"+tt.mime+";base64,"+base64.StdEncoding.EncodeToString(img), form(t, r).Get("base64"))
			require.Equal(t, "户主", resp.Data["relation"])
		})
	}
}

func TestHouseholdRegisterEmptyAndNullData(t *testing.T) {
	g, c, _ := producttest.Gateway(t)
	svc := ocr.New(c, ocr.WithEndpoint("https://example.invalid/ocr/express-bill"), ocr.WithHouseholdRegisterEndpoint(g.URL()+"/ocr/householdRegister"))
	// The "ocr/household-ok" fixture has data {}: no documented fields.
	resp, err := svc.HouseholdRegister(context.Background(), bytes.NewReader(testImage(t, "png")))
	require.NoError(t, err)
	require.Empty(t, resp.Data)

	g.Handle("/ocr/householdRegister", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"data":null,"msg":"成功","success":true,"code":200,"taskNo":"13516403432971667032"}`))
	}))
	resp, err = svc.HouseholdRegister(context.Background(), bytes.NewReader(testImage(t, "png")))
	require.NoError(t, err)
	require.Nil(t, resp.Data, "data null: nothing recognised")
	require.Len(t, g.Requests(), 2)
}

func TestRefusesBadImagesWithoutSending(t *testing.T) {
	img := testImage(t, "png")
	tests := []struct {
		name  string
		image func() *bytes.Reader
		opts  []ocr.Option
	}{
		{"empty", func() *bytes.Reader { return bytes.NewReader(nil) }, nil},
		{"text", func() *bytes.Reader { return bytes.NewReader([]byte("hello, this is not an image")) }, nil},
		{"PDF", func() *bytes.Reader { return bytes.NewReader([]byte("%PDF-1.7\n...")) }, nil},
		{"over the limit", func() *bytes.Reader { return bytes.NewReader(img) }, []ocr.Option{ocr.WithMaxImageBytes(int64(len(img) - 1))}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, c, _ := producttest.Gateway(t)
			svc := ocr.New(c, append([]ocr.Option{ocr.WithBaseURL(g.URL())}, tt.opts...)...)
			_, err := svc.ExpressBill(context.Background(), tt.image())
			producttest.RequireRefused(t, g, err, "base64")
			_, err = svc.HouseholdRegister(context.Background(), tt.image())
			producttest.RequireRefused(t, g, err, "base64")
		})
	}
}

func TestLimitIsInclusiveAndDefaultRestorable(t *testing.T) {
	g, c, _ := producttest.Gateway(t)
	img := testImage(t, "png")
	_, err := ocr.New(c, ocr.WithBaseURL(g.URL()), ocr.WithMaxImageBytes(int64(len(img)))).ExpressBill(context.Background(), bytes.NewReader(img))
	require.NoError(t, err)
	_, err = ocr.New(c, ocr.WithBaseURL(g.URL()), ocr.WithMaxImageBytes(0)).ExpressBill(context.Background(), bytes.NewReader(img))
	require.NoError(t, err)
	require.Len(t, g.Requests(), 2)
}

func TestReaderErrorIsNotAParamError(t *testing.T) {
	g, c, _ := producttest.Gateway(t)
	boom := errors.New("disk on fire")
	_, err := ocr.New(c, ocr.WithBaseURL(g.URL())).ExpressBill(context.Background(), iotest.ErrReader(boom))
	require.ErrorIs(t, err, boom)
	require.NotErrorIs(t, err, jmzs.ErrInvalidParams)
	_, err = ocr.New(c, ocr.WithBaseURL(g.URL())).ExpressBill(context.Background(), nil)
	require.ErrorIs(t, err, jmzs.ErrInvalidParams)
	require.True(t, strings.Contains(err.Error(), "nil"))
	require.Empty(t, g.Requests())
}
