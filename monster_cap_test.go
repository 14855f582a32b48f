package cookiemonster

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// capSite is the URL of the i-th site of the cap tests.
func capSite(i int) string { return fmt.Sprintf("https://site%02d.example/", i) }

// TestHardCapEvictsLeastRecentlyAccessed: above MaxTotalCookies a set
// evicts, across every site and partition, the least recently accessed
// cookies (secure ones and recent ones included), down to 10/11 of the cap.
func TestHardCapEvictsLeastRecentlyAccessed(t *testing.T) {
	clk := newFakeClock(t0)
	m := gcNew(t, clk, Limits{MaxTotalCookies: 11}, nil)
	rec := cdRecord(m)
	part, err := NewPartitionKeyFromSite(Site{Scheme: "https", Domain: "top.example"}, false)
	require.NoError(t, err)
	var all []string
	for i := range 11 {
		clk.Advance(time.Minute)
		name := fmt.Sprintf("c%02d", i)
		all = append(all, name)
		line, p := name+"=v; Secure", PartitionKey{}
		if i == 3 {
			line, p = name+"=v; Secure; Partitioned", part
		}
		gcSetLine(t, m, capSite(i), line, p)
	}
	assert.Equal(t, gcWithCause(CauseInserted, all), rec.names(), "11 is the cap, not above it")

	// Reading site00 refreshes c00, the oldest.
	clk.Advance(time.Minute)
	inc, _, err := m.Cookies(context.Background(), mustURL(t, capSite(0)), NavigationOptions())
	require.NoError(t, err)
	require.Len(t, inc, 1)

	clk.Advance(time.Minute)
	gcSetLine(t, m, capSite(11), "c11=v", PartitionKey{})
	// 12 > 11: down to 10, the two least recently accessed first: c01,
	// then c02 (c00 was read).
	assert.Equal(t, []string{"Inserted c11", "Evicted c01", "Evicted c02"}, rec.names())
	assert.Equal(t, gcMinus(append(all, "c11"), []string{"c01", "c02"}), gcNames(t, m, nil))

	// The partitioned cookie counts and goes in its turn.
	clk.Advance(time.Minute)
	gcSetLine(t, m, capSite(12), "c12=v", PartitionKey{})
	assert.Equal(t, []string{"Inserted c12"}, rec.names(), "11: at the cap")
	clk.Advance(time.Minute)
	gcSetLine(t, m, capSite(13), "c13=v", PartitionKey{})
	assert.Equal(t, []string{"Inserted c13", "Evicted c03", "Evicted c04"}, rec.names())
}

// TestHardCapBytes: above MaxTotalBytes a set evicts the least recently
// accessed cookies until the sizes (name, value, domain, path, partition
// site) add up to 10/11 of the cap at most; expired cookies go first.
func TestHardCapBytes(t *testing.T) {
	clk := newFakeClock(t0)
	// Each cookie below: name 3 + value 10 + domain 14 + path 1 = 28 bytes.
	m := gcNew(t, clk, Limits{MaxTotalBytes: 28 * 5}, nil)
	rec := cdRecord(m)
	for i := range 5 {
		clk.Advance(time.Minute)
		line := fmt.Sprintf("c%02d=0123456789", i)
		if i == 2 {
			line += "; Max-Age=600"
		}
		gcSetLine(t, m, capSite(i), line, PartitionKey{})
	}
	assert.Equal(t, gcWithCause(CauseInserted, []string{"c00", "c01", "c02", "c03", "c04"}), rec.names(), "140 bytes: at the cap")
	clk.Advance(10 * time.Minute) // c02 has expired
	gcSetLine(t, m, capSite(5), "c05=0123456789", PartitionKey{})
	// 6 × 28 = 168 > 140: c02 goes as expired (140), then c00, the least
	// recently accessed, until 112 ≤ 127 (140 × 10 / 11).
	assert.Equal(t, []string{"Inserted c05", "Expired c02", "Evicted c00"}, rec.names())
	assert.Equal(t, []string{"c01", "c03", "c04", "c05"}, gcNames(t, m, nil))
	m.mu.Lock()
	assert.Equal(t, int64(4*28), m.numBytes, "the size kept in step")
	m.mu.Unlock()
}

// TestHardCapOffByDefault: without a cap, cookies in use on 400 sites all
// stay, as in Chromium (whose global purge spares cookies used in the last
// 30 days).
func TestHardCapOffByDefault(t *testing.T) {
	clk := newFakeClock(t0)
	m := gcNew(t, clk, Limits{MaxCookies: 300}, nil)
	for i := range 400 {
		gcSetLine(t, m, fmt.Sprintf("https://s%d.example/", i), "c=v", PartitionKey{})
	}
	assert.Len(t, gcAll(t, m), 400)
}

// TestHardCapLimitsValidated: negative caps are refused.
func TestHardCapLimitsValidated(t *testing.T) {
	for _, tc := range []struct {
		lim  Limits
		want string
	}{
		{Limits{MaxTotalCookies: -1}, "cookiemonster: inconsistent limits: Limits.MaxTotalCookies is -1, negative"},
		{Limits{MaxTotalBytes: -5}, "cookiemonster: inconsistent limits: Limits.MaxTotalBytes is -5, negative"},
	} {
		_, err := New(Config{Limits: tc.lim})
		require.Error(t, err)
		assert.True(t, errors.Is(err, ErrBadLimits))
		assert.Equal(t, tc.want, err.Error())
	}
}
