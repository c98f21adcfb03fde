#!/usr/bin/env bash
# Regenerates the differential corpus (../testdata) and the path vectors
# (../../../testdata/apig-sign-vectors-paths.json) from Huawei's own
# signers. With -check DIR it writes them under DIR instead, for CI to
# compare with the committed files. See README.md.
set -euo pipefail
cd "$(dirname "$0")"
out=../testdata
vectors=../../../testdata/apig-sign-vectors-paths.json
if [ "${1:-}" = -check ]; then
  out=$2/corpus
  vectors=$2/apig-sign-vectors-paths.json
  mkdir -p "$out"
fi
[ -d node/node_modules ] || (cd node && npm ci --no-audit --no-fund --loglevel=error)
node node/generate.js | go run ./v3go -out "$out" -vectors "$vectors"
