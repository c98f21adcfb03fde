// This go.mod only keeps the Node.js project here, and the node_modules
// that npm installs into it (some npm packages ship .go files), out of
// the internal/interop module's ./... patterns.
module github.com/jmzs-sdk/jmzs-go/internal/interop/gen/node

go 1.24
