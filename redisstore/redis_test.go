package redisstore

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/redis/go-redis/v9"

	"github.com/cookiemonster-go/cookiemonster/internal/redisserver"
)

// testRedis is the redis-server the package's tests share: started by
// TestMain on a free loopback port, without persistence.
var testRedis struct {
	addr string
	err  error
}

func TestMain(m *testing.M) {
	srv, err := redisserver.Start(context.Background())
	if err == nil {
		testRedis.addr = srv.Addr
	}
	testRedis.err = err
	code := m.Run()
	if srv != nil {
		srv.Stop()
	}
	os.Exit(code)
}

// client returns a client of the test server, or skips (fails under
// redisserver.RequireEnv) when there is none.
func client(t testing.TB) *redis.Client {
	t.Helper()
	if testRedis.err != nil {
		redisserver.SkipOrFail(t, testRedis.err)
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
