package redisstore

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cookiemonster-go/cookiemonster"
)

// TestExpiryPropagates: a cookie that expires is removed by the first
// worker that meets it (a read, here), and the others get the removal with
// cause Expired, marked remote.
func TestExpiryPropagates(t *testing.T) {
	clk, jar, a, b := clockedPair(t)
	require.True(t, setLine(t, a, "https://www.example.com/", "short=1; Max-Age=60"))
	require.True(t, setLine(t, a, "https://www.example.com/", "long=1; Max-Age=3600"))
	settle(t, a, b)
	b.took()
	clk.advance(2 * time.Minute)
	_, _, err := a.m.Cookies(context.Background(), mustURL(t, "https://www.example.com/"), httpAccess)
	require.NoError(t, err)
	settle(t, a, b)
	assert.Equal(t, []string{"Expired remote short=1 www.example.com/"}, changeList(b.took()))
	want := []string{"long=1 www.example.com/ Secure"}
	assert.Equal(t, want, all(t, a), "a")
	assert.Equal(t, want, all(t, b), "b")
	fresh := newWorker(t, "fresh", testRedis.addr, jar, cookiemonster.Config{Now: clk.now})
	assert.Equal(t, want, all(t, fresh), "a fresh worker")
}
