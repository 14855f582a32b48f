package storetest

import (
	"context"
	"fmt"
	"net/url"
	"testing"
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

// SyntheticNow is a time within the lifetime of every SyntheticCookie (an
// hour after the first one's creation), the clock of the benchmarks'
// Monsters, so that the figures do not depend on the day they are taken.
func SyntheticNow() time.Time { return time.Date(2026, 12, 7, 13, 0, 0, 0, time.UTC) }

// FillSynthetic adds SyntheticCookie 0 … n-1 to s, flushing every 10 000
// so that the queue stays small, and closes s.
func FillSynthetic(b testing.TB, s cookiemonster.PersistentStore, n int) {
	b.Helper()
	for i := range n {
		s.Add(SyntheticCookie(i))
		if (i+1)%10_000 == 0 {
			if err := s.Flush(context.Background()); err != nil {
				b.Fatal(err)
			}
		}
	}
	if err := s.Close(); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkFirstAccess measures, on a store holding n synthetic cookies
// (SyntheticCookie 0 … n-1), the time from opening the store and a Monster
// on it to the first Cookie header of one site: a KeyLoader loads that
// site first while the rest loads in the background. open opens the same
// backing each time; the first store it returns is filled
// (FillSynthetic). Stores run it so that their figures compare.
func BenchmarkFirstAccess(b *testing.B, n int, open func() (cookiemonster.PersistentStore, error)) {
	s, err := open()
	if err != nil {
		b.Fatal(err)
	}
	FillSynthetic(b, s, n)
	BenchmarkFirstHeader(b, n, open)
}

// BenchmarkFirstHeader is BenchmarkFirstAccess on a backing that holds the
// n synthetic cookies already. Besides ns/op it reports ms/first-header;
// the Monster's Close, which waits for the full load, is not timed.
func BenchmarkFirstHeader(b *testing.B, n int, open func() (cookiemonster.PersistentStore, error)) {
	BenchmarkFirstHeaderAfter(b, n, nil, open)
}

// BenchmarkFirstHeaderAfter is BenchmarkFirstHeader calling prepare, when
// not nil, before each open, untimed: to give each iteration a backing in
// a given state, such as a fresh copy of a file.
func BenchmarkFirstHeaderAfter(b *testing.B, n int, prepare func(), open func() (cookiemonster.PersistentStore, error)) {
	u, err := url.Parse("https://" + SyntheticSite(n/20) + "/")
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	var total time.Duration
	b.ResetTimer()
	for b.Loop() {
		if prepare != nil {
			b.StopTimer()
			prepare()
			b.StartTimer()
		}
		start := time.Now()
		s, err := open()
		if err != nil {
			b.Fatal(err)
		}
		m, err := cookiemonster.New(cookiemonster.Config{Store: s, Now: SyntheticNow})
		if err != nil {
			b.Fatal(err)
		}
		h, err := m.CookieHeader(ctx, u, cookiemonster.NavigationOptions())
		if err != nil || h == "" {
			b.Fatalf("%q, %v", h, err)
		}
		total += time.Since(start)
		b.StopTimer()
		if err := m.Close(); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(total.Microseconds())/1000/float64(b.N), "ms/first-header")
}
