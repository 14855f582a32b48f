package cookiemonster

import (
	"math/rand/v2"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// TestAgeAtMost: ageAtMost answers as now.Sub(t) <= d does, at the
// boundaries, across second boundaries, with a monotonic now, and for
// times centuries apart (where Sub saturates).
func TestAgeAtMost(t *testing.T) {
	base := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	d := LaxAllowUnsafeMaxAge
	cases := []struct{ now, t time.Time }{
		{base, base},
		{base.Add(d), base},
		{base.Add(d + time.Nanosecond), base},
		{base.Add(d - time.Nanosecond), base},
		{base.Add(d + 999*time.Millisecond), base.Add(999 * time.Millisecond)},
		{base.Add(d + 1), base.Add(time.Nanosecond)},
		{base, base.Add(time.Hour)},
		{base.Add(-time.Nanosecond), base},
		{time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)},
		{time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)},
		{time.Now(), time.Now().Add(-d).Round(0)},
	}
	r := rand.New(rand.NewPCG(5, 6))
	for range 10000 {
		off := time.Duration(r.Int64N(int64(4*d))) - 2*time.Duration(r.Int64N(int64(d)))
		cases = append(cases, struct{ now, t time.Time }{base.Add(off), base.Add(time.Duration(r.Int64N(int64(time.Second))))})
	}
	for _, c := range cases {
		assert.Equal(t, c.now.Sub(c.t) <= d, ageAtMost(c.now, c.t, d), "now %v, t %v", c.now, c.t)
	}
}

// TestCookieBlock: for every count, an empty slice with room for exactly
// that many distinct, zero cookies.
func TestCookieBlock(t *testing.T) {
	assert.Nil(t, cookieBlock(0))
	for n := 1; n <= 70; n++ {
		b := cookieBlock(n)
		assert.Len(t, b, 0)
		b = b[:n]
		seen := map[*http.Cookie]bool{}
		for _, c := range b {
			assert.NotNil(t, c)
			assert.Equal(t, http.Cookie{}, *c)
			seen[c] = true
		}
		assert.Len(t, seen, n, "n=%d", n)
	}
}

// TestParseMaxAgeBounds: digits up to and past the largest int64 saturate
// there, exactly at the boundary.
func TestParseMaxAgeBounds(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
		ok   bool
	}{
		{"0", 0, true},
		{"+86400", 86400, true},
		{"922337203685477579", 922337203685477579, true},
		{"922337203685477580", 922337203685477580, true},
		{"9223372036854775807", 1<<63 - 1, true},
		{"9223372036854775808", 1<<63 - 1, true},
		{"9223372036854775799", 9223372036854775799, true},
		{"99999999999999999999999", 1<<63 - 1, true},
		{"12a", 0, false},
		{"", 0, false},
		{"-", 0, false},
	} {
		got, ok := parseMaxAge(tc.in)
		assert.Equal(t, tc.ok, ok, tc.in)
		assert.Equal(t, tc.want, got, tc.in)
	}
}
