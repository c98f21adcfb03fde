// Package interop checks jmzs.APIGSigner and the kit's fake gateway
// against Huawei's own SDK-HMAC-SHA256 signers: the signer of
// github.com/huaweicloud/huaweicloud-sdk-go-v3 (core/auth/signer), run
// live on random requests; the known-answer vectors in
// testdata/apig-sign-vectors*.json; and the differential corpus in
// testdata/corpus-*.jsonl, 2,004 requests signed by the v3 Go and
// JavaScript cores and the standalone APIG JavaScript signer, made by
// gen/generate.sh (see gen/README.md).
//
// It is a module of its own so that the SDK's module never depends on the
// 47 MB v3 SDK; its tests run with
//
//	cd internal/interop && go test ./...
//
// and go test -v -run TestCorpus prints the corpus counts.
package interop
