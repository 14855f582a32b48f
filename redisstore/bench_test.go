package redisstore

import (
	"context"
	"fmt"
	"net/url"
	"testing"
	"time"

	"github.com/cookiemonster-go/cookiemonster"
)

// benchCookie returns the i-th cookie of a jar of sites with ten cookies
// each: www.siteN.example, persistent, Secure.
func benchCookie(i int) *cookiemonster.CanonicalCookie {
	t0 := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Microsecond)
	return &cookiemonster.CanonicalCookie{
		Name: fmt.Sprintf("c%d", i%10), Value: fmt.Sprintf("value-%d", i),
		Domain: fmt.Sprintf("www.site%d.example", i/10), Path: "/",
		Creation: t0, LastAccess: t0, LastUpdate: t0, Expiry: t0.Add(24 * time.Hour),
		Secure: true, SameSite: cookiemonster.SameSiteLax, Priority: cookiemonster.PriorityMedium,
		SourceScheme: cookiemonster.SourceSchemeSecure, SourcePort: 443,
	}
}

// BenchmarkWrites measures sustained cookie writes: b.N new cookies are
// added, then one Flush waits until Redis has them all. cookies/s counts
// the whole run, Flush included.
func BenchmarkWrites(b *testing.B) {
	c := client(b)
	s, err := Open(Options{Client: c, Jar: newJar(b)})
	if err != nil {
		b.Fatal(err)
	}
	defer func() { _ = s.Close() }()
	cookies := make([]*cookiemonster.CanonicalCookie, b.N)
	for i := range cookies {
		cookies[i] = benchCookie(i)
	}
	ctx := context.Background()
	b.ResetTimer()
	start := time.Now()
	for _, ck := range cookies {
		s.Add(ck)
	}
	if err := s.Flush(ctx); err != nil {
		b.Fatal(err)
	}
	elapsed := time.Since(start)
	b.StopTimer()
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "cookies/s")
}

// BenchmarkFirstAccess100k measures, on a jar of 100 000 cookies (10 000
// sites), the time from New to the first Cookie header of one site: the
// Monster loads that site first (LoadKey, one HGETALL) while the rest
// loads in the background.
func BenchmarkFirstAccess100k(b *testing.B) {
	c := client(b)
	jar := newJar(b)
	s, err := Open(Options{Client: c, Jar: jar})
	if err != nil {
		b.Fatal(err)
	}
	for i := range 100_000 {
		s.Add(benchCookie(i))
	}
	if err := s.Close(); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	u, _ := url.Parse("https://www.site4242.example/")
	b.ResetTimer()
	for b.Loop() {
		s, err := Open(Options{Client: c, Jar: jar})
		if err != nil {
			b.Fatal(err)
		}
		m, err := cookiemonster.New(cookiemonster.Config{Store: s})
		if err != nil {
			b.Fatal(err)
		}
		h, err := m.CookieHeader(ctx, u, cookiemonster.NavigationOptions())
		if err != nil || h == "" {
			b.Fatalf("%q, %v", h, err)
		}
		b.StopTimer()
		if err := m.Close(); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
}
