package sqlitestore

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/cookiemonster-go/cookiemonster"
	"github.com/stretchr/testify/require"
)

// t0 is the tests' fixed "now".
var t0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// logSink collects what a store logs.
type logSink struct {
	mu    sync.Mutex
	lines []string
}

func (l *logSink) logf(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, fmt.Sprintf(format, args...))
}

func (l *logSink) all() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.lines)
}

// dbPath returns a fresh database path in the test's temporary directory.
func dbPath(t testing.TB) string {
	return filepath.Join(t.TempDir(), "profile", "Cookies")
}

// openT opens a store that the test closes at cleanup (a second Close is
// harmless).
func openT(t testing.TB, path string, opts *Options, hooks *testHooks) *Store {
	t.Helper()
	if opts == nil {
		opts = &Options{}
	}
	if opts.Logf == nil {
		opts.Logf = t.Logf
	}
	s, err := open(path, opts, hooks)
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// openKeep is openT on a store that keeps the session cookies of earlier
// runs, as under a Monster with PersistSessionCookies.
func openKeep(t testing.TB, path string, opts *Options, hooks *testHooks) *Store {
	t.Helper()
	s := openT(t, path, opts, hooks)
	s.KeepSessionCookies(true)
	return s
}

// rawDB opens a second connection pool on the database, as another reader.
func rawDB(t testing.TB, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", dsn(path))
	require.NoError(t, err)
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { _ = db.Close() })
	return db
}

// countRows counts the rows of the cookies table (committed ones).
func countRows(t testing.TB, path string) int {
	t.Helper()
	db, err := sql.Open("sqlite", dsn(path))
	require.NoError(t, err)
	defer db.Close()
	var n int
	require.NoError(t, db.QueryRow(`SELECT count(*) FROM cookies`).Scan(&n))
	return n
}

func mustURL(t testing.TB, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	require.NoError(t, err)
	return u
}

// partitionKey returns the partition of the top-level site https://top<i>.com.
func partitionKey(i int, cross bool) cookiemonster.PartitionKey {
	u, _ := url.Parse(fmt.Sprintf("https://www.top%d.com/", i))
	k, err := cookiemonster.NewPartitionKey(u, cross)
	if err != nil {
		panic(err)
	}
	return k
}

// genCookie returns cookie number i of a deterministic, varied jar: sites
// spread over eTLD+1 groups, host-only and domain cookies, partitioned
// (same-site and cross-site ancestors), session and persistent, every
// priority, SameSite mode, source scheme and several ports.
func genCookie(i int) *cookiemonster.CanonicalCookie {
	site := fmt.Sprintf("site%d.com", i%997)
	if i%13 == 0 {
		site = fmt.Sprintf("site%d.co.uk", i%997)
	}
	domain := fmt.Sprintf("h%d.%s", i%7, site)
	if i%3 == 0 {
		domain = "." + site
	}
	creation := t0.Add(-time.Duration(i%5000) * time.Minute).Add(time.Duration(i) * time.Microsecond)
	c := &cookiemonster.CanonicalCookie{
		Name:       fmt.Sprintf("n%d", i),
		Value:      fmt.Sprintf("v%d-%x", i, i*7919),
		Domain:     domain,
		Path:       fmt.Sprintf("/p%d", i%11),
		Creation:   creation,
		LastAccess: creation.Add(time.Duration(i%97) * time.Second),
		LastUpdate: creation.Add(time.Duration(i%53) * time.Millisecond),
		Secure:     i%2 == 0,
		HTTPOnly:   i%3 == 1,
		SameSite:   cookiemonster.SameSite(i % 4),
		Priority:   cookiemonster.Priority(i%3 - 1),
		// SourceScheme cycles Unset, NonSecure, Secure.
		SourceScheme: cookiemonster.SourceScheme(i % 3),
		SourcePort:   []int{cookiemonster.PortUnspecified, 443, 80, 8443}[i%4],
	}
	if i%7 != 0 {
		c.Expiry = creation.Add(time.Duration(1+i%300) * 24 * time.Hour)
	}
	if i%5 == 0 {
		c.Secure = true
		c.Partition = partitionKey(i%17, i%10 == 0)
	}
	if i%29 == 0 {
		c.Value = "" // empty value
	}
	if i%31 == 0 {
		c.Name = "" // nameless cookie: its value alone
		c.Value = fmt.Sprintf("nameless%d", i)
	}
	return c
}

// cookieID orders cookies by everything that identifies them.
func cookieID(c *cookiemonster.CanonicalCookie) string {
	site, bit, _ := c.Partition.Serialize()
	return fmt.Sprintf("%s|%s|%s|%s|%v|%d|%d|%s|%s", c.Domain, c.Name, c.Path, site, bit, c.SourceScheme, c.SourcePort,
		c.FirstPartyDomain, c.Value)
}

// sorted returns copies of cookies in cookieID order.
func sorted(cookies []*cookiemonster.CanonicalCookie) []*cookiemonster.CanonicalCookie {
	type keyed struct {
		id string
		c  *cookiemonster.CanonicalCookie
	}
	ks := make([]keyed, len(cookies))
	for i, c := range cookies {
		ks[i] = keyed{cookieID(c), c}
	}
	slices.SortFunc(ks, func(a, b keyed) int { return cmp.Compare(a.id, b.id) })
	out := make([]*cookiemonster.CanonicalCookie, len(ks))
	for i, k := range ks {
		out[i] = k.c
	}
	return out
}

// loadAll opens path, loads everything and closes it.
func loadAll(t testing.TB, path string, opts *Options) []*cookiemonster.CanonicalCookie {
	t.Helper()
	s := openT(t, path, opts, nil)
	got, err := s.Load(context.Background())
	require.NoError(t, err)
	require.NoError(t, s.Close())
	return got
}

// loadAllKeep is loadAll with a store that keeps the session cookies.
func loadAllKeep(t testing.TB, path string, opts *Options) []*cookiemonster.CanonicalCookie {
	t.Helper()
	s := openKeep(t, path, opts, nil)
	got, err := s.Load(context.Background())
	require.NoError(t, err)
	require.NoError(t, s.Close())
	return got
}

// clock is a settable clock for Monsters.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func parseURL(s string) (*url.URL, error) { return url.Parse(s) }

// fileOpeners are the two ways to open a file, Open and OpenBackend, each
// returning the Close of what it opened.
var fileOpeners = []struct {
	name string
	open func(path string) (func() error, error)
}{
	{"Open", func(p string) (func() error, error) {
		s, err := Open(p, nil)
		if err != nil {
			return nil, err
		}
		return s.Close, nil
	}},
	{"OpenBackend", func(p string) (func() error, error) {
		b, err := OpenBackend(p, nil)
		if err != nil {
			return nil, err
		}
		return b.Close, nil
	}},
}

// childTest returns the command that runs the test binary's test named
// test (alone, once) in a child process, with env added to the
// environment and the child's standard error on the parent's.
func childTest(test string, env ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^"+test+"$", "-test.count=1")
	cmd.Env = append(os.Environ(), env...)
	cmd.Stderr = os.Stderr
	return cmd
}
