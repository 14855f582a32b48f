package main

import (
	"bytes"
	"context"
	"errors"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cookiemonster-go/cookiemonster/internal/redisserver"
)

// TestFleet checks the whole output, the Redis address, the jar's name
// and the delays aside: worker 2 sends the session worker 1 logged in to,
// and nothing once worker 1 logged out.
func TestFleet(t *testing.T) {
	var out bytes.Buffer
	err := run(context.Background(), &out)
	if errors.Is(err, errNoRedis) {
		redisserver.SkipOrFail(t, err)
	}
	require.NoError(t, err)
	got := regexp.MustCompile(`(?m)^redis: .*, jar "fleet-[a-z2-7]{10}"$`).ReplaceAllString(out.String(), "redis: ADDR, jar JAR")
	got = regexp.MustCompile(`, [0-9.]+(ns|µs|ms|s) after`).ReplaceAllString(got, ", DELAY after")
	assert.Equal(t, ""+
		"redis: ADDR, jar JAR\n"+
		"worker 2: following the jar, which holds 0 cookies\n"+
		"worker 1: GET /login; the server sets sid (session, HttpOnly) and __Host-csrf (Secure)\n"+
		"worker 2: received the session from Redis, DELAY after worker 1's Monster made it\n"+
		"worker 2: GET /whoami; the server received Cookie: sid=31d4d96e407aad42; __Host-csrf=9f2c7a\n"+
		"worker 1: GET /logout; the server expires both\n"+
		"worker 2: received the removals (ExpiredOverwrite) from Redis, DELAY after worker 1's Monster made it\n"+
		"worker 2: GET /whoami; the server received no Cookie header\n",
		got)
}

// TestNoRedis: without REDIS_ADDR and without redis-server, run says so;
// with an unreachable REDIS_ADDR, it names it.
func TestNoRedis(t *testing.T) {
	t.Setenv("REDIS_ADDR", "")
	t.Setenv("PATH", t.TempDir())
	var out bytes.Buffer
	err := run(context.Background(), &out)
	require.ErrorIs(t, err, errNoRedis)
	assert.Contains(t, err.Error(), "no redis-server binary")
	assert.Empty(t, out.String())

	t.Setenv("REDIS_ADDR", "127.0.0.1:1")
	err = run(context.Background(), &out)
	require.Error(t, err)
	assert.NotErrorIs(t, err, errNoRedis)
	assert.Contains(t, err.Error(), "REDIS_ADDR=127.0.0.1:1: ")
	assert.Empty(t, out.String())
}
