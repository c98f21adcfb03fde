package interop

import (
	"io"
	"math/rand"
	"testing"

	"github.com/stretchr/testify/require"

	jmzs "github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/internal/interop/corpus"
)

func TestAPIGSignerMatchesV3Random(t *testing.T) {
	const n = 2000
	r := rand.New(rand.NewSource(20240102))
	coverage := map[string]int{}
	mismatches := 0
	for i := range n {
		s := newSample(r)
		for _, c := range s.classes {
			coverage[c]++
		}
		req, err := s.ourRequest()
		require.NoError(t, err, "sample %d: %s", i, s.url)
		require.NoError(t, jmzs.NewAPIGSigner(s.ak, s.sk).Authenticate(req), "sample %d: %s", i, s.url)
		ours := req.Header.Get("Authorization")

		theirs, v3req, err := s.v3.Sign(s.ak, s.sk)
		require.NoError(t, err, "sample %d", i)
		_, v3Unsigned := v3req.GetHeaderParams()["X-Sdk-Content-Sha256"]
		require.Equal(t, s.header.Get("X-Sdk-Content-Sha256") != "", v3Unsigned,
			"sample %d: harness and v3 disagree on UNSIGNED-PAYLOAD for %q", i, s.v3.Headers["Content-Type"])

		if s.body != "" {
			got, err := io.ReadAll(req.Body)
			require.NoError(t, err)
			require.Equal(t, s.body, string(got), "sample %d: signing consumed the body", i)
		}

		if ours != theirs {
			mismatches++
			if mismatches <= 5 {
				v3Canonical, err := corpus.V3Canonical(v3req, theirs, s.sk, v3req.GetHeaderParams()["X-Sdk-Date"])
				if err != nil {
					v3Canonical = "(" + err.Error() + ")"
				}
				t.Errorf("sample %d: Authorization differs\nURL    %s (req.Host %q)\nheader %q\nbody   %q\nv3 in  path=%q query=%q headers=%q\nours   %s\nv3     %s\n--- our canonical request:\n%s\n--- v3's canonical request:\n%s",
					i, s.url, s.host, s.header, s.body, s.v3.Path, s.v3.Query, v3req.GetHeaderParams(), ours, theirs,
					ourCanonical(req, s.body), v3Canonical)
			}
		}
	}
	require.Zero(t, mismatches, "%d of %d random requests signed differently", mismatches, n)

	// The generator must really produce every class of input, else the
	// comparison above proves little.
	requireCoverage(t, coverage, 20)
}
