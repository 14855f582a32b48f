package sqlitestore

import (
	"context"
	"database/sql"
	"net/url"
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

// fixture is a database of storetest.SyntheticCookie 0 … n-1 in
// Chromium's layout, built once per test binary and copied for each
// benchmark, which then opens a file no Store has touched.
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
	f.once.Do(func() { f.dir, f.path, f.err = buildFixture(n) })
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

// buildFixture writes SyntheticCookie 0 … n-1 into a new database with one
// prepared INSERT in one transaction, as Chromium lays the rows out.
func buildFixture(n int) (dir, path string, err error) {
	dir, err = os.MkdirTemp("", "sqlitestore-bench-")
	if err != nil {
		return "", "", err
	}
	path = filepath.Join(dir, "Cookies")
	s, err := Open(path, &Options{Logf: func(string, ...any) {}})
	if err != nil {
		return dir, "", err
	}
	if err := s.Close(); err != nil {
		return dir, "", err
	}
	db, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		return dir, "", err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	tx, err := db.Begin()
	if err != nil {
		return dir, "", err
	}
	defer func() { _ = tx.Rollback() }()
	st, err := tx.Prepare(`INSERT INTO cookies (` + insertColumns + `) VALUES ` + insertRow)
	if err != nil {
		return dir, "", err
	}
	defer st.Close()
	for i := range n {
		c := storetest.SyntheticCookie(i)
		if _, err := st.Exec(toDB(c.Creation), c.Domain, "", c.Name, c.Value, []byte{}, c.Path,
			toDB(c.Expiry), b2i(c.Secure), b2i(c.HTTPOnly), toDB(c.LastAccess), b2i(c.IsPersistent()),
			b2i(c.IsPersistent()), priorityToDB(c.Priority), sameSiteToDB(c.SameSite),
			int64(c.SourceScheme), portToDB(c.SourcePort), toDB(c.LastUpdate), 0); err != nil {
			return dir, "", err
		}
	}
	if err := tx.Commit(); err != nil {
		return dir, "", err
	}
	if _, err := db.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		return dir, "", err
	}
	return dir, path, nil
}

// BenchmarkFirstAccess1M measures, on a file of a million cookies
// (100 000 sites, storetest.SyntheticCookie) that no Store has opened
// before, the time from Open to the first Cookie header of one site
// through a Monster, as storetest.BenchmarkFirstAccess does: the Monster
// loads that site first while the rest loads in the background. The
// Monster's Close, which waits for the full load, is not timed.
func BenchmarkFirstAccess1M(b *testing.B) {
	path := fixtureCopy(b, million)
	u, err := url.Parse("https://" + storetest.SyntheticSite(million/20) + "/")
	if err != nil {
		b.Fatal(err)
	}
	// Within the fixture's cookies' lifetime.
	now := time.Date(2026, 12, 7, 13, 0, 0, 0, time.UTC)
	ctx := context.Background()
	var total time.Duration
	b.ResetTimer()
	for range b.N {
		start := time.Now()
		s, err := Open(path, nil)
		if err != nil {
			b.Fatal(err)
		}
		m, err := cookiemonster.New(cookiemonster.Config{Store: s, Now: func() time.Time { return now }})
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
