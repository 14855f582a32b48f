package redisstore

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cookiemonster-go/cookiemonster"
)

// failOnce fails the first command named name, alone or in a pipeline.
type failOnce struct {
	name string
	done atomic.Bool
}

var errOnce = errors.New("test: one command fails")

func (h *failOnce) DialHook(next redis.DialHook) redis.DialHook { return next }

func (h *failOnce) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		if cmd.Name() == h.name && h.done.CompareAndSwap(false, true) {
			cmd.SetErr(errOnce)
			return errOnce
		}
		return next(ctx, cmd)
	}
}

func (h *failOnce) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		for _, c := range cmds {
			if c.Name() == h.name && h.done.CompareAndSwap(false, true) {
				for _, c := range cmds {
					c.SetErr(errOnce)
				}
				return errOnce
			}
		}
		return next(ctx, cmds)
	}
}

// TestLoadFails: a worker whose load fails once (Redis briefly away as it
// starts) still ends with the jar's cookies once it follows the log: what
// the load missed is not lost for good.
func TestLoadFails(t *testing.T) {
	client(t)
	for _, cmd := range []string{
		"get",     // the jar's epoch, before the load marks where the log ends
		"hgetall", // the sites' cookies
	} {
		t.Run(cmd, func(t *testing.T) {
			jar := newJar(t)
			a := newWorker(t, "a", testRedis.addr, jar, cookiemonster.Config{})
			require.True(t, setLine(t, a, "https://www.example.com/", "x=1; Max-Age=3600"))
			require.NoError(t, a.m.Flush(t.Context()))
			h := &failOnce{name: cmd}
			b := newWorkerWith(t, "b", testRedis.addr, cookiemonster.Config{}, Options{Jar: jar}, h)
			ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
			defer cancel()
			_, err := b.m.AllCookies(ctx) // after the load
			require.NoError(t, err)
			require.Error(t, b.m.Flush(ctx), "the load's failure")
			require.True(t, h.done.Load())
			require.NoError(t, b.store.CatchUp(ctx), "b does not follow the log")
			require.True(t, setLine(t, a, "https://www.example.com/", "y=1; Max-Age=3600"))
			settle(t, a, b)
			want := []string{"x=1 www.example.com/ Secure", "y=1 www.example.com/ Secure"}
			assert.Equal(t, want, all(t, a), "a")
			assert.Equal(t, want, all(t, b), "b")
		})
	}
}
