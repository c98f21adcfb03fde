package jmzs

import (
	"os/exec"
	"strings"
	"testing"
)

// A consumer that imports only this package must download no third-party
// module. `go mod tidy` in the consumer loads this package's tests too, so
// the package and its tests may import only the standard library and this
// module's standard-library-only internal packages. Tests that want
// testify, goleak, httpmock or golang.org/x/time belong in internal/e2e.
func TestRootPackageNeedsNoThirdPartyModule(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go command not found")
	}
	out, err := exec.Command(goTool, "list", "-deps", "-test", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}", ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	const module = "github.com/jmzs-sdk/jmzs-go"
	for _, p := range strings.Fields(string(out)) {
		if p == "["+module+".test]" || strings.HasPrefix(p, "[") {
			continue // the "[pkg.test]" suffix of a test variant
		}
		if !strings.HasPrefix(p, module) || strings.HasPrefix(p, module+"/jmzstest") {
			t.Errorf("the root package or its tests import %s: move such tests to internal/e2e", p)
		}
	}
}
