module github.com/jmzs-sdk/jmzs-go/cmd/jmzs

go 1.24

require (
	github.com/jmzs-sdk/jmzs-go v0.0.0
	github.com/jmzs-sdk/jmzs-go/contrib/redisquota v0.0.0
	github.com/redis/go-redis/v9 v9.22.0
	github.com/stretchr/testify v1.11.1
	golang.org/x/time v0.12.0
)

require (
	github.com/cespare/xxhash/v2 v2.3.0 // indirect
	github.com/davecgh/go-spew v1.1.1 // indirect
	github.com/go-redis/redis_rate/v10 v10.0.1 // indirect
	github.com/pmezard/go-difflib v1.0.0 // indirect
	go.uber.org/atomic v1.11.0 // indirect
	golang.org/x/sys v0.30.0 // indirect
	gopkg.in/yaml.v3 v3.0.1 // indirect
)

// The command is built from this tree. A release tags the root module,
// contrib/redisquota and cmd/jmzs together and requires those versions
// here in place of these lines, so that `go install …/cmd/jmzs@vX` works.
replace (
	github.com/jmzs-sdk/jmzs-go => ../..
	github.com/jmzs-sdk/jmzs-go/contrib/redisquota => ../../contrib/redisquota
)
