module github.com/jmzs-sdk/jmzs-go/examples/fleet

go 1.24

require (
	github.com/jmzs-sdk/jmzs-go v0.0.0
	github.com/jmzs-sdk/jmzs-go/contrib/redisquota v0.0.0
	github.com/redis/go-redis/v9 v9.22.0
)

require (
	github.com/cespare/xxhash/v2 v2.3.0 // indirect
	github.com/go-redis/redis_rate/v10 v10.0.1 // indirect
	github.com/jarcoal/httpmock v1.4.1 // indirect
	go.uber.org/atomic v1.11.0 // indirect
	golang.org/x/sys v0.30.0 // indirect
	golang.org/x/time v0.12.0 // indirect
)

replace (
	github.com/jmzs-sdk/jmzs-go => ../..
	github.com/jmzs-sdk/jmzs-go/contrib/redisquota => ../../contrib/redisquota
)
