package jmzs

import (
	"errors"
	"testing"
)

func TestParamErrorMatchesErrInvalidParams(t *testing.T) {
	var err error = &ParamError{Field: "idCardNo", Reason: "check character does not match (GB 11643)"}
	if !errors.Is(err, ErrInvalidParams) {
		t.Fatal("ParamError does not match ErrInvalidParams")
	}
	if errors.Is(err, ErrOther) || errors.Is(err, ErrMalformedResponse) {
		t.Fatal("ParamError matches another sentinel")
	}
	const want = `jmzs: invalid parameter "idCardNo": check character does not match (GB 11643)`
	if err.Error() != want {
		t.Fatalf("Error() = %q; want %q", err.Error(), want)
	}
}
