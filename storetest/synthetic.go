package storetest

import (
	"fmt"
	"time"

	"github.com/cookiemonster-go/cookiemonster"
)

// SyntheticSite is the site of the cookies [SyntheticCookie] numbers
// 10*n to 10*n+9: www.site<n>.example.
func SyntheticSite(n int) string { return fmt.Sprintf("www.site%d.example", n) }

// SyntheticCookie returns the i-th cookie of a synthetic jar for store
// benchmarks, so that stores are measured on one workload: ten cookies per
// site (c0 … c9 on [SyntheticSite](i/10), path /), persistent for a day,
// Secure, SameSite=Lax, created a microsecond apart from 2026-12-07 12:00
// UTC.
func SyntheticCookie(i int) *cookiemonster.CanonicalCookie {
	t0 := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Microsecond)
	return &cookiemonster.CanonicalCookie{
		Name: fmt.Sprintf("c%d", i%10), Value: fmt.Sprintf("value-%d", i),
		Domain: SyntheticSite(i / 10), Path: "/",
		Creation: t0, LastAccess: t0, LastUpdate: t0, Expiry: t0.Add(24 * time.Hour),
		Secure: true, SameSite: cookiemonster.SameSiteLax, Priority: cookiemonster.PriorityMedium,
		SourceScheme: cookiemonster.SourceSchemeSecure, SourcePort: 443,
	}
}
