package redisquota

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// testRedis returns a client for the Redis named by JMZS_TEST_REDIS
// (host:port), which .ci/run starts; without it the test is skipped.
func testRedis(t *testing.T) *redis.Client {
	t.Helper()
	addr := os.Getenv("JMZS_TEST_REDIS")
	if addr == "" {
		t.Skip("no Redis: set JMZS_TEST_REDIS=127.0.0.1:6390 and run redis-server --port 6390 (.ci/run does)")
	}
	rdb := redis.NewClient(&redis.Options{Addr: addr})
	t.Cleanup(func() { rdb.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := rdb.Ping(ctx).Err(); err != nil {
		t.Fatalf("JMZS_TEST_REDIS=%s does not answer: %v", addr, err)
	}
	return rdb
}

// uniqueName returns a limiter name no other test run uses.
func uniqueName(t *testing.T) string {
	return fmt.Sprintf("jmzs-test:%s:%d", t.Name(), time.Now().UnixNano())
}

// redisServer is a redis-server process of the test's own, which the test
// may kill and start again on the same port.
type redisServer struct {
	t    *testing.T
	port int
	cmd  *exec.Cmd
}

// startRedisServer runs redis-server on a free loopback port, or skips
// the test when there is no redis-server binary.
func startRedisServer(t *testing.T) *redisServer {
	t.Helper()
	if _, err := exec.LookPath("redis-server"); err != nil {
		t.Skip("no redis-server binary (Debian: apt-get install redis-server)")
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	s := &redisServer{t: t, port: port}
	s.start()
	t.Cleanup(s.kill)
	return s
}

func (s *redisServer) addr() string { return "127.0.0.1:" + strconv.Itoa(s.port) }

func (s *redisServer) start() {
	s.t.Helper()
	s.cmd = exec.Command("redis-server", "--port", strconv.Itoa(s.port), "--bind", "127.0.0.1",
		"--save", "", "--appendonly", "no", "--loglevel", "warning")
	if err := s.cmd.Start(); err != nil {
		s.t.Fatal(err)
	}
	rdb := redis.NewClient(&redis.Options{Addr: s.addr()})
	defer rdb.Close()
	for i := 0; ; i++ {
		err := rdb.Ping(context.Background()).Err()
		if err == nil {
			return
		}
		if i == 100 {
			s.t.Fatalf("redis-server on %s did not answer: %v", s.addr(), err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// kill stops the server abruptly, as a crash would.
func (s *redisServer) kill() {
	if s.cmd != nil && s.cmd.Process != nil {
		s.cmd.Process.Kill()
		s.cmd.Wait()
		s.cmd = nil
	}
}
