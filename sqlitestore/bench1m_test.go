package sqlitestore

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/cookiemonster-go/cookiemonster"
	"github.com/cookiemonster-go/cookiemonster/internal/profilefile"
	"github.com/cookiemonster-go/cookiemonster/storetest"
)

// million is the size of the large jar: 100 000 sites of ten cookies
// (storetest.SyntheticCookie).
const million = 1_000_000

// fixture is a database of storetest.SyntheticCookie 0 … n-1, built once
// per test binary and copied for each benchmark, which then opens a file
// no Store of its own has opened.
type fixture struct {
	n    int
	once sync.Once
	dir  string
	path string
	err  error
}

// fixtures are the jars the large benchmarks share; TestMain removes
// them.
var fixtures = map[int]*fixture{million: {n: million}}

func TestMain(m *testing.M) {
	code := m.Run()
	for _, f := range fixtures {
		if f.dir != "" {
			_ = os.RemoveAll(f.dir)
		}
	}
	os.Exit(code)
}

// fixtureCopy returns the path of a fresh copy of the n-cookie fixture in
// b's temporary directory, building the fixture first if needed.
func fixtureCopy(b *testing.B, n int) string {
	b.Helper()
	f := fixtures[n]
	f.once.Do(func() { f.dir, f.path, f.err = buildFixture(b, n) })
	if f.err != nil {
		b.Fatal(f.err)
	}
	dst := dbPath(b)
	if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
		b.Fatal(err)
	}
	if err := profilefile.CopyFile(f.path, dst); err != nil {
		b.Fatal(err)
	}
	return dst
}

// buildFixture writes SyntheticCookie 0 … n-1 into a new database through
// a Store (storetest.FillSynthetic), then folds the write-ahead log into
// the file, so that the file alone can be copied.
func buildFixture(b *testing.B, n int) (dir, path string, err error) {
	dir, err = os.MkdirTemp("", "sqlitestore-bench-")
	if err != nil {
		return "", "", err
	}
	path = filepath.Join(dir, "Cookies")
	s, err := Open(path, &Options{Logf: func(string, ...any) {}})
	if err != nil {
		return dir, "", err
	}
	storetest.FillSynthetic(b, s, n)
	db, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		return dir, "", err
	}
	defer db.Close()
	if _, err := db.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		return dir, "", err
	}
	return dir, path, nil
}

// BenchmarkFirstAccess1M is storetest.BenchmarkFirstHeader on a copy of
// the million-cookie fixture (100 000 sites) that no Store has opened
// before.
func BenchmarkFirstAccess1M(b *testing.B) {
	path := fixtureCopy(b, million)
	storetest.BenchmarkFirstHeader(b, million, func() (cookiemonster.PersistentStore, error) { return Open(path, nil) })
}

// BenchmarkFirstAccess1MUnindexed is BenchmarkFirstAccess1M on a copy of
// the fixture without the index of hosts, as Chromium leaves a file: the
// first Open builds the index, once, before the first Cookie header.
func BenchmarkFirstAccess1MUnindexed(b *testing.B) {
	path := fixtureCopy(b, million)
	dir := b.TempDir()
	unindexed := filepath.Join(dir, "Unindexed")
	if err := profilefile.CopyFile(path, unindexed); err != nil {
		b.Fatal(err)
	}
	db, err := sql.Open("sqlite", dsn(unindexed))
	if err != nil {
		b.Fatal(err)
	}
	for _, q := range []string{`DROP TABLE cookiemonster_hosts`, `DROP TRIGGER cookiemonster_hosts_insert`,
		`DROP TRIGGER cookiemonster_hosts_delete`, `DROP TRIGGER cookiemonster_hosts_update`, `PRAGMA wal_checkpoint(TRUNCATE)`} {
		if _, err := db.Exec(q); err != nil {
			b.Fatal(err)
		}
	}
	if err := db.Close(); err != nil {
		b.Fatal(err)
	}
	prepare := func() {
		if err := profilefile.CopyFile(unindexed, path); err != nil {
			b.Fatal(err)
		}
	}
	storetest.BenchmarkFirstHeaderAfter(b, million, prepare, func() (cookiemonster.PersistentStore, error) { return Open(path, nil) })
}

// BenchmarkLoad1M measures Open + Load + Close of a file of a million
// cookies (100 000 sites) that no Store has opened before.
func BenchmarkLoad1M(b *testing.B) {
	path := fixtureCopy(b, million)
	ctx := context.Background()
	var total time.Duration
	b.ResetTimer()
	for range b.N {
		start := time.Now()
		s, err := Open(path, nil)
		if err != nil {
			b.Fatal(err)
		}
		got, err := s.Load(ctx)
		if err != nil || len(got) != million {
			b.Fatalf("loaded %d cookies: %v", len(got), err)
		}
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
		total += time.Since(start)
	}
	b.ReportMetric(total.Seconds()/float64(b.N), "s/load")
	b.ReportMetric(float64(million)*float64(b.N)/total.Seconds(), "cookies/s")
}

// BenchmarkWrites100k measures sustained writes as BenchmarkWrites does,
// on a fixed amount per iteration: 100 000 new cookies (genCookie) added
// to a new store with the default batching, then one Flush that makes
// them durable; cookies/s counts the adds and the Flush.
func BenchmarkWrites100k(b *testing.B) {
	const n = 100_000
	cookies := make([]*cookiemonster.CanonicalCookie, n)
	for i := range cookies {
		cookies[i] = genCookie(i)
	}
	ctx := context.Background()
	var total time.Duration
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		s := openKeep(b, dbPath(b), nil, nil)
		b.StartTimer()
		start := time.Now()
		for _, c := range cookies {
			s.Add(c)
		}
		if err := s.Flush(ctx); err != nil {
			b.Fatal(err)
		}
		total += time.Since(start)
		b.StopTimer()
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(n)*float64(b.N)/total.Seconds(), "cookies/s")
}
