package sqlitestore

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cookiemonster-go/cookiemonster"
	"github.com/cookiemonster-go/cookiemonster/storetest"
)

// BenchmarkWrites measures sustained cookie writes with the default
// batching (a commit per 512 operations, in the background): b.N new
// cookies are added, then one Flush makes them durable. cookies/s counts
// the whole run, Flush included.
func BenchmarkWrites(b *testing.B) {
	path := dbPath(b)
	s := openKeep(b, path, nil, nil)
	cookies := make([]*cookiemonster.CanonicalCookie, b.N)
	for i := range cookies {
		cookies[i] = genCookie(i)
	}
	ctx := context.Background()
	b.ResetTimer()
	start := time.Now()
	for _, c := range cookies {
		s.Add(c)
	}
	if err := s.Flush(ctx); err != nil {
		b.Fatal(err)
	}
	elapsed := time.Since(start)
	b.StopTimer()
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "cookies/s")
}

// BenchmarkWritesMonster is BenchmarkWrites through a Monster: each
// cookie is set from a Set-Cookie line, then one Flush.
func BenchmarkWritesMonster(b *testing.B) {
	path := dbPath(b)
	s := openT(b, path, nil, nil)
	m, err := cookiemonster.New(cookiemonster.Config{Store: s})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	type set struct{ u, line string }
	sets := make([]set, b.N)
	for i := range sets {
		c := genCookie(i)
		sets[i] = set{"https://" + strings.TrimPrefix(c.Domain, ".") + "/", c.Name + "x=" + strconv.Itoa(i) + "; Max-Age=86400"}
	}
	b.ResetTimer()
	start := time.Now()
	for _, st := range sets {
		u, _ := parseURL(st.u)
		if _, err := m.SetCookieLine(ctx, u, st.line, cookiemonster.NavigationOptions()); err != nil {
			b.Fatal(err)
		}
	}
	if err := m.Flush(ctx); err != nil {
		b.Fatal(err)
	}
	elapsed := time.Since(start)
	b.StopTimer()
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "cookies/s")
	_ = m.Close()
}

// jarDB builds a database of n generated cookies and returns its path.
func jarDB(b *testing.B, n int) (string, []*cookiemonster.CanonicalCookie) {
	b.Helper()
	path := dbPath(b)
	s, err := Open(path, nil)
	if err != nil {
		b.Fatal(err)
	}
	s.KeepSessionCookies(true)
	cookies := make([]*cookiemonster.CanonicalCookie, n)
	for i := range cookies {
		cookies[i] = genCookie(i)
		s.Add(cookies[i])
	}
	if err := s.Close(); err != nil {
		b.Fatal(err)
	}
	return path, cookies
}

func benchmarkLoad(b *testing.B, n int) {
	path, _ := jarDB(b, n)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s, err := Open(path, nil)
		if err != nil {
			b.Fatal(err)
		}
		s.KeepSessionCookies(true)
		got, err := s.Load(ctx)
		if err != nil || len(got) != n {
			b.Fatalf("loaded %d cookies: %v", len(got), err)
		}
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "cookies/s")
}

// BenchmarkLoad10k measures Open + Load + Close of a 10,000-cookie jar.
func BenchmarkLoad10k(b *testing.B) { benchmarkLoad(b, 10_000) }

// BenchmarkLoad100k measures Open + Load + Close of a 100,000-cookie jar.
func BenchmarkLoad100k(b *testing.B) { benchmarkLoad(b, 100_000) }

// wchar returns the bytes this process has passed to write(2), from
// /proc/self/io; false where that file does not exist.
func wchar() (int64, bool) {
	f, err := os.Open("/proc/self/io")
	if err != nil {
		return 0, false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "wchar: "); ok {
			n, err := strconv.ParseInt(v, 10, 64)
			return n, err == nil
		}
	}
	return 0, false
}

// BenchmarkBytesPerChange measures the bytes written to disk for one
// cookie change in a 10,000-cookie jar, Flush included and the WAL
// checkpointed into the database after each change (the worst case: every
// changed page is written twice), and compares them with rewriting the
// whole jar as one JSON file, as persistent-cookiejar saves. The change is
// an overwrite with a new value (DELETE + INSERT, as a Monster sends it);
// the sub-benchmark "touch" is an access-time update.
func BenchmarkBytesPerChange(b *testing.B) {
	for _, kind := range []string{"overwrite", "touch"} {
		b.Run(kind, func(b *testing.B) { benchmarkBytesPerChange(b, kind) })
	}
}

func benchmarkBytesPerChange(b *testing.B, kind string) {
	const n = 10_000
	path, cookies := jarDB(b, n)
	jsonJar, err := json.Marshal(cookies)
	if err != nil {
		b.Fatal(err)
	}
	s, err := Open(path, nil)
	if err != nil {
		b.Fatal(err)
	}
	s.KeepSessionCookies(true)
	defer s.Close()
	ctx := context.Background()
	if _, err := s.Load(ctx); err != nil {
		b.Fatal(err)
	}
	// A separate connection for checkpoints and page counts.
	db, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	checkpoint := func() {
		var busy, log, done int64
		if err := db.QueryRow(`PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &log, &done); err != nil || busy != 0 {
			b.Fatalf("checkpoint: busy %d: %v", busy, err)
		}
	}
	var pageSize int64
	if err := db.QueryRow(`PRAGMA page_size`).Scan(&pageSize); err != nil {
		b.Fatal(err)
	}
	checkpoint()
	var walBytes, ckptBytes, sysBytes int64
	_, haveWchar := wchar()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c := *cookies[(i*7919)%n]
		w0, _ := wchar()
		switch kind {
		case "overwrite":
			s.Delete(&c)
			c.Value = "changed-" + strconv.Itoa(i)
			c.LastUpdate = c.LastUpdate.Add(time.Second)
			s.Add(&c)
		case "touch":
			c.LastAccess = c.LastAccess.Add(time.Duration(i+1) * time.Minute)
			s.UpdateAccessTime(&c)
		}
		if err := s.Flush(ctx); err != nil {
			b.Fatal(err)
		}
		fi, err := os.Stat(path + "-wal")
		if err != nil {
			b.Fatal(err)
		}
		// The WAL: a 32-byte header, then a 24-byte header and a page per
		// frame; the checkpoint copies each frame's page into the database.
		walBytes += fi.Size()
		ckptBytes += (fi.Size() - 32) / (pageSize + 24) * pageSize
		checkpoint()
		w1, _ := wchar()
		sysBytes += w1 - w0
		cookies[(i*7919)%n] = &c
	}
	b.StopTimer()
	// The figure compared: every byte the process passed to write(2)
	// during the change, its Flush and the checkpoint where /proc/self/io
	// tells it, else the WAL frames plus the checkpoint's pages.
	perChange := float64(walBytes+ckptBytes) / float64(b.N)
	if haveWchar {
		perChange = float64(sysBytes) / float64(b.N)
	}
	b.ReportMetric(float64(walBytes)/float64(b.N), "wal-B/change")
	b.ReportMetric(perChange, "sqlite-B/change")
	b.ReportMetric(float64(len(jsonJar)), "json-B/change")
	b.ReportMetric(float64(len(jsonJar))/perChange, "json/sqlite")
}

// BenchmarkFirstAccess100k measures, on a jar of 100 000 cookies (10 000
// sites, storetest.SyntheticCookie), the time from opening the store to the
// first Cookie header of one site: the Monster loads that site first
// (LoadKey) while the rest loads in the background. redisstore has the same
// benchmark.
func BenchmarkFirstAccess100k(b *testing.B) {
	path := dbPath(b)
	storetest.BenchmarkFirstAccess(b, 100_000, func() (cookiemonster.PersistentStore, error) {
		return Open(path, nil)
	})
}
