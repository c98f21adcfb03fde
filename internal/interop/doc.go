// Package interop checks jmzs.APIGSigner against the signer of
// github.com/huaweicloud/huaweicloud-sdk-go-v3 (core/auth/signer) and
// against the known-answer vectors in testdata/apig-sign-vectors.json.
//
// It is a module of its own so that the SDK's module never depends on the
// 47 MB v3 SDK; its tests run with
//
//	cd internal/interop && go test ./...
package interop
