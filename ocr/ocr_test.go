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
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/require"

	"github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/internal/testsrv"
	"github.com/jmzs-sdk/jmzs-go/ocr"
)

// Fields of research §3.14 and §3.15 in the vendor's envelope.
const (
	billOK       = `{"data":{"recipient_name":"张三","recipient_phone":"138****5678","waybill_number":"SF1234567890123"},"msg":"成功","success":true,"code":200,"taskNo":"13516403432971667030"}`
	householdOK  = `{"data":{"name":"张三","relation":"户主","id_card_number":"11010519491231002X"},"msg":"成功","success":true,"code":200,"taskNo":"13516403432971667031"}`
	householdNil = `{"data":null,"msg":"成功","success":true,"code":200,"taskNo":"13516403432971667032"}`
)

func client(t *testing.T) *jmzs.Client {
	t.Helper()
	c, err := jmzs.NewClient(jmzs.WithAppKey("test-app-key", "test-app-secret"), jmzs.WithMaxRetries(0))
	require.NoError(t, err)
	return c
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
	srv := testsrv.New(t, http.StatusOK, billOK)
	img := testImage(t, "jpeg")
	resp, err := ocr.New(client(t), ocr.WithEndpoint(srv.URL)).ExpressBill(context.Background(), bytes.NewReader(img))
	require.NoError(t, err)

	r := srv.Requests()[0]
	require.Equal(t, "/ocr/express-bill", r.Path)
	require.Equal(t, jmzs.ContentTypeForm, r.ContentType)
	require.Empty(t, r.Query)
	require.Contains(t, r.Header.Get("Authorization"), "SDK-HMAC-SHA256")
	require.Equal(t, base64.StdEncoding.EncodeToString(img), r.Form.Get("base64"), "plain base64, URL-encoded in the form")
	require.NotContains(t, string(r.Body), "+", "'+' of base64 must be percent-encoded")

	require.Equal(t, ocr.ExpressBill{RecipientName: "张三", RecipientPhone: "138****5678", WaybillNumber: "SF1234567890123"}, resp.Data)
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
			srv := testsrv.New(t, http.StatusOK, householdOK)
			img := testImage(t, tt.format)
			resp, err := ocr.New(client(t), ocr.WithEndpoint(srv.URL+"/")).HouseholdRegister(context.Background(), bytes.NewReader(img))
			require.NoError(t, err)
			r := srv.Requests()[0]
			require.Equal(t, "/ocr/householdRegister", r.Path, "a base endpoint serves both methods")
			require.Equal(t, "data:"+tt.mime+";base64,"+base64.StdEncoding.EncodeToString(img), r.Form.Get("base64"))
			require.Equal(t, "户主", resp.Data["relation"])
		})
	}
}

func TestHouseholdRegisterNullData(t *testing.T) {
	srv := testsrv.New(t, http.StatusOK, householdNil)
	svc := ocr.New(client(t), ocr.WithEndpoint("https://example.invalid/ocr/express-bill"), ocr.WithHouseholdRegisterEndpoint(srv.URL+"/hk"))
	resp, err := svc.HouseholdRegister(context.Background(), bytes.NewReader(testImage(t, "png")))
	require.NoError(t, err)
	require.Nil(t, resp.Data)
	require.Equal(t, "/hk", srv.Requests()[0].Path)
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
			srv := testsrv.New(t, http.StatusOK, billOK)
			svc := ocr.New(client(t), append([]ocr.Option{ocr.WithEndpoint(srv.URL)}, tt.opts...)...)
			_, err := svc.ExpressBill(context.Background(), tt.image())
			require.ErrorIs(t, err, jmzs.ErrInvalidParams)
			var pe *jmzs.ParamError
			require.True(t, errors.As(err, &pe))
			require.Equal(t, "base64", pe.Field)
			_, err = svc.HouseholdRegister(context.Background(), tt.image())
			require.ErrorIs(t, err, jmzs.ErrInvalidParams)
			require.Empty(t, srv.Requests())
		})
	}
}

func TestLimitIsInclusiveAndDefaultRestorable(t *testing.T) {
	srv := testsrv.New(t, http.StatusOK, billOK)
	img := testImage(t, "png")
	_, err := ocr.New(client(t), ocr.WithEndpoint(srv.URL), ocr.WithMaxImageBytes(int64(len(img)))).ExpressBill(context.Background(), bytes.NewReader(img))
	require.NoError(t, err)
	_, err = ocr.New(client(t), ocr.WithEndpoint(srv.URL), ocr.WithMaxImageBytes(0)).ExpressBill(context.Background(), bytes.NewReader(img))
	require.NoError(t, err)
	require.Len(t, srv.Requests(), 2)
}

func TestReaderErrorIsNotAParamError(t *testing.T) {
	srv := testsrv.New(t, http.StatusOK, billOK)
	boom := errors.New("disk on fire")
	_, err := ocr.New(client(t), ocr.WithEndpoint(srv.URL)).ExpressBill(context.Background(), iotest.ErrReader(boom))
	require.ErrorIs(t, err, boom)
	require.NotErrorIs(t, err, jmzs.ErrInvalidParams)
	_, err = ocr.New(client(t), ocr.WithEndpoint(srv.URL)).ExpressBill(context.Background(), nil)
	require.ErrorIs(t, err, jmzs.ErrInvalidParams)
	require.True(t, strings.Contains(err.Error(), "nil"))
	require.Empty(t, srv.Requests())
}
