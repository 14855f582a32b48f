package redisstore

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/cookiemonster-go/cookiemonster"
	"github.com/cookiemonster-go/cookiemonster/storetest"
)

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
		cookies[i] = storetest.SyntheticCookie(i)
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
	storetest.BenchmarkFirstAccess(b, 100_000, func() (cookiemonster.PersistentStore, error) {
		return Open(Options{Client: c, Jar: jar})
	})
}

// BenchmarkPropagation measures the delay from one worker's set (the call
// returning) to the other worker's subscriber receiving it as a remote
// change, one cookie at a time: p50 and p99 over b.N sets.
func BenchmarkPropagation(b *testing.B) {
	client(b)
	jar := newJar(b)
	newM := func() *cookiemonster.Monster {
		c := redis.NewClient(&redis.Options{Addr: testRedis.addr})
		b.Cleanup(func() { _ = c.Close() })
		s, err := Open(Options{Client: c, Jar: jar})
		if err != nil {
			b.Fatal(err)
		}
		m, err := cookiemonster.New(cookiemonster.Config{Store: s})
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { _ = m.Close() })
		return m
	}
	a, r := newM(), newM()
	got := make(chan struct{}, 1)
	r.Changes().SubscribeAll(func(c cookiemonster.Change) {
		if c.Remote && c.Cause == cookiemonster.CauseInserted {
			got <- struct{}{}
		}
	})
	ctx := context.Background()
	if err := r.Replicate(ctx, func(*cookiemonster.Replica) {}); err != nil { // loaded
		b.Fatal(err)
	}
	u, _ := url.Parse("https://www.example.com/")
	opts := cookiemonster.Options{IncludeHTTPOnly: true, SameSite: cookiemonster.MakeSameSiteContext(cookiemonster.ContextStrict)}
	delays := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := range b.N {
		start := time.Now()
		if _, err := a.SetCookieLine(ctx, u, fmt.Sprintf("c%d=%d; Max-Age=3600", i%100, i), opts); err != nil {
			b.Fatal(err)
		}
		select {
		case <-got:
		case <-time.After(5 * time.Second):
			b.Fatalf("set %d did not arrive", i)
		}
		delays = append(delays, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(delays)
	b.ReportMetric(float64(delays[len(delays)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(delays[len(delays)*99/100].Microseconds()), "p99-µs")
}
