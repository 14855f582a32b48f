//go:build !race

package cookiemonster_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	cm "github.com/cookiemonster-go/cookiemonster"
)

// TestSetPathAllocations pins the set path's allocations: a set that
// overwrites its equivalent reuses the stored cookie, and the parsed line,
// the new cookie and the request stay on the stack. (The race detector's
// instrumentation allocates, so this test is left out of -race builds.)
func TestSetPathAllocations(t *testing.T) {
	u := &url.URL{Scheme: "https", Host: "www.example.com", Path: "/login"}
	line := "sid=31d4d96e407aad42; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=3600"
	h := http.Header{}
	h.Add("Set-Cookie", line)
	h.Add("Set-Cookie", "_ga=GA1.2.1234567890.1700000000; Domain=example.com; Path=/; Max-Age=31536000")
	cookies := (&http.Response{Header: h}).Cookies()
	ctx := context.Background()

	// Each set reports whether it stored its cookie, checked outside the
	// measured runs; stored lists the cookies the Monster holds after them.
	cases := []struct {
		name   string
		set    func(m *cm.Monster, j *cm.Jar) bool
		stored []string
	}{
		{"Jar.SetCookies", func(_ *cm.Monster, j *cm.Jar) bool {
			j.SetCookies(u, cookies) // a client makes its Jar once
			return true              // checked through stored
		}, []string{"_ga .example.com", "sid www.example.com"}},
		{"SetCookieLine", func(m *cm.Monster, _ *cm.Jar) bool {
			res, err := m.SetCookieLine(ctx, u, line, cm.NavigationOptions())
			return err == nil && res.Status.IsInclude()
		}, []string{"sid www.example.com"}},
		{"SetCanonicalCookie", func(m *cm.Monster, _ *cm.Jar) bool {
			c := cm.CanonicalCookie{Name: "a", Value: "b", Domain: "www.example.com", Path: "/", Secure: true}
			res, err := m.SetCanonicalCookie(ctx, &c, u, cm.NavigationOptions())
			return err == nil && res.Status.IsInclude()
		}, []string{"a www.example.com"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m, err := cm.New(cm.Config{})
			require.NoError(t, err)
			j := m.Jar()
			require.True(t, tc.set(m, j)) // the first set inserts; the next ones overwrite
			stored := true
			allocs := testing.AllocsPerRun(100, func() { stored = tc.set(m, j) && stored })
			assert.True(t, stored)
			assert.Zero(t, allocs)
			all, err := m.AllCookies(ctx)
			require.NoError(t, err)
			var got []string
			for _, c := range all {
				got = append(got, c.Name+" "+c.Domain)
			}
			assert.ElementsMatch(t, tc.stored, got)
		})
	}
}
