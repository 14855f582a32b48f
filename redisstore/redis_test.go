package redisstore

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// requireEnv makes a missing redis-server a failure instead of a skip;
// .ci/run sets it.
const requireEnv = "COOKIEMONSTER_REQUIRE_REDIS"

// testRedis is the redis-server the package's tests share: started by
// TestMain on a free loopback port, without persistence.
var testRedis struct {
	addr string
	err  error
}

func TestMain(m *testing.M) {
	stop, err := startRedis()
	testRedis.err = err
	code := m.Run()
	if stop != nil {
		stop()
	}
	os.Exit(code)
}

// startRedis starts redis-server on 127.0.0.1 and waits until it answers.
func startRedis() (stop func(), err error) {
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		return nil, fmt.Errorf("no redis-server binary (Debian: apt-get install redis-server): %w", err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	port := l.Addr().(*net.TCPAddr).Port
	_ = l.Close()
	dir, err := os.MkdirTemp("", "redisstore-test")
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "--port", fmt.Sprint(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
		"--dir", dir, "--protected-mode", "yes")
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
		}
	}()
	stop = func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		_ = os.RemoveAll(dir)
	}
	testRedis.addr = fmt.Sprintf("127.0.0.1:%d", port)
	c := redis.NewClient(&redis.Options{Addr: testRedis.addr})
	defer c.Close()
	deadline := time.Now().Add(10 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		err := c.Ping(ctx).Err()
		cancel()
		if err == nil {
			return stop, nil
		}
		if time.Now().After(deadline) {
			stop()
			return nil, fmt.Errorf("redis-server on %s did not answer: %w", testRedis.addr, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// client returns a client of the test server, or skips (fails under
// COOKIEMONSTER_REQUIRE_REDIS) when there is none.
func client(t testing.TB) *redis.Client {
	t.Helper()
	if testRedis.err != nil {
		if os.Getenv(requireEnv) != "" {
			t.Fatalf("%s is set but: %v", requireEnv, testRedis.err)
		}
		t.Skipf("skipped: %v", testRedis.err)
	}
	c := redis.NewClient(&redis.Options{Addr: testRedis.addr})
	t.Cleanup(func() { _ = c.Close() })
	return c
}

var jarSeq atomic.Int64

// newJar returns a jar name no other test uses.
func newJar(t testing.TB) string {
	return fmt.Sprintf("%s-%d", strings.ReplaceAll(t.Name(), "/", "-"), jarSeq.Add(1))
}
