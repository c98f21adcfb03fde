package redisquota_test

import (
	"log"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/jmzs-sdk/jmzs-go/contrib/redisquota"
)

// A fleet of replicas, each running this, shares 20 calls a second.
// Pass quota to jmzs.WithRateLimiter.
func ExampleNew() {
	rdb := redis.NewClient(&redis.Options{Addr: "127.0.0.1:6379"})
	quota, err := redisquota.New(rdb, "invoice-app", 20, time.Second)
	if err != nil {
		log.Fatal(err)
	}
	_ = quota // jmzs.NewClient(jmzs.WithAppCode(code), jmzs.WithRateLimiter(quota))
}

// With no rate of its own, the limiter lets calls through until a rate is
// set: by jmzs.WithLearnedPacing, when the gateway states its limit in a
// throttle, on any replica.
func ExampleLimiter_SetRate() {
	rdb := redis.NewClient(&redis.Options{Addr: "127.0.0.1:6379"})
	quota, err := redisquota.New(rdb, "invoice-app", 0, 0)
	if err != nil {
		log.Fatal(err)
	}
	_ = quota // jmzs.NewClient(jmzs.WithAppCode(code), jmzs.WithRateLimiter(quota), jmzs.WithLearnedPacing())
}
