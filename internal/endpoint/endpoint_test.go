package endpoint_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/jmzs-sdk/jmzs-go/internal/endpoint"
)

func TestResolve(t *testing.T) {
	const def = "https://jmidcardv1.market.alicloudapi.com/idcard/validate"
	tests := []struct {
		override, want string
	}{
		{"", def},
		{"http://127.0.0.1:8080", "http://127.0.0.1:8080/idcard/validate"},
		{"http://127.0.0.1:8080/", "http://127.0.0.1:8080/idcard/validate"},
		{"http://127.0.0.1:8080/api/v2/", "http://127.0.0.1:8080/api/v2/idcard/validate"},
		{"http://127.0.0.1:8080/api/v2/check", "http://127.0.0.1:8080/api/v2/check"},
		{"https://proxy.example.com/idcard/validate?stage=test", "https://proxy.example.com/idcard/validate?stage=test"},
	}
	for _, tt := range tests {
		got, err := endpoint.Resolve(tt.override, def)
		require.NoError(t, err, tt.override)
		require.Equal(t, tt.want, got, tt.override)
	}
	for _, bad := range []string{"127.0.0.1:8080", "ftp://x.example.com/", "https://", "http://[::1", "/relative/path"} {
		_, err := endpoint.Resolve(bad, def)
		require.Error(t, err, bad)
	}
}
