package firefoxprofile

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cookiemonster-go/cookiemonster"
	"github.com/cookiemonster-go/cookiemonster/sqlitestore"
)

// Firefox's layouts, as CookiePersistentStorage creates or migrates them.
const (
	// Version 16, a new profile's (CreateTableWorker): expiry in
	// milliseconds, no rawSameSite.
	schemaV16 = `CREATE TABLE moz_cookies (id INTEGER PRIMARY KEY, originAttributes TEXT NOT NULL DEFAULT '', name TEXT,
 value TEXT, host TEXT, path TEXT, expiry INTEGER, lastAccessed INTEGER, creationTime INTEGER, isSecure INTEGER,
 isHttpOnly INTEGER, inBrowserElement INTEGER DEFAULT 0, sameSite INTEGER DEFAULT 0, schemeMap INTEGER DEFAULT 0,
 isPartitionedAttributeSet INTEGER DEFAULT 0, CONSTRAINT moz_uniqueid UNIQUE (name, host, path, originAttributes));`
	// Versions 13 and 14: expiry in seconds, rawSameSite.
	schemaV14 = `CREATE TABLE moz_cookies(id INTEGER PRIMARY KEY, originAttributes TEXT NOT NULL DEFAULT '', name TEXT,
 value TEXT, host TEXT, path TEXT, expiry INTEGER, lastAccessed INTEGER, creationTime INTEGER, isSecure INTEGER,
 isHttpOnly INTEGER, inBrowserElement INTEGER DEFAULT 0, sameSite INTEGER DEFAULT 0, rawSameSite INTEGER DEFAULT 0,
 schemeMap INTEGER DEFAULT 0, isPartitionedAttributeSet INTEGER DEFAULT 0,
 CONSTRAINT moz_uniqueid UNIQUE (name, host, path, originAttributes));`
	// Version 11: no schemeMap, no isPartitionedAttributeSet.
	schemaV11 = `CREATE TABLE moz_cookies(id INTEGER PRIMARY KEY, originAttributes TEXT NOT NULL DEFAULT '', name TEXT,
 value TEXT, host TEXT, path TEXT, expiry INTEGER, lastAccessed INTEGER, creationTime INTEGER, isSecure INTEGER,
 isHttpOnly INTEGER, inBrowserElement INTEGER DEFAULT 0, sameSite INTEGER DEFAULT 0, rawSameSite INTEGER DEFAULT 0,
 CONSTRAINT moz_uniqueid UNIQUE (name, host, path, originAttributes));`
)

var t0 = time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)

// dbRow is one row of moz_cookies, by column; a column the layout lacks is
// left out.
type dbRow map[string]any

// fixRow returns a row of a Secure, HttpOnly, Lax cookie set over https,
// expiring a day after t0, edited by edit.
func fixRow(name, host string, edit func(r dbRow)) dbRow {
	r := dbRow{
		"originAttributes": "", "name": name, "value": "value of " + name, "host": host, "path": "/",
		"expiry": t0.Add(24 * time.Hour).UnixMilli(), "lastAccessed": t0.Add(time.Minute).UnixMicro(),
		"creationTime": t0.UnixMicro(), "isSecure": 1, "isHttpOnly": 1, "inBrowserElement": 0,
		"sameSite": 1, "rawSameSite": 1, "schemeMap": 2, "isPartitionedAttributeSet": 0,
	}
	if edit != nil {
		edit(r)
	}
	return r
}

// want returns the cookie fixRow(name, host, nil) reads as, edited by edit.
func want(name, host string, edit func(c *cookiemonster.CanonicalCookie)) cookiemonster.CanonicalCookie {
	c := cookiemonster.CanonicalCookie{
		Name: name, Value: "value of " + name, Domain: host, Path: "/",
		Creation: t0, Expiry: t0.Add(24 * time.Hour), LastAccess: t0.Add(time.Minute), LastUpdate: t0,
		Secure: true, HTTPOnly: true, SameSite: cookiemonster.SameSiteLax, Priority: cookiemonster.PriorityMedium,
		SourceScheme: cookiemonster.SourceSchemeSecure, SourcePort: cookiemonster.PortUnspecified,
	}
	if edit != nil {
		edit(&c)
	}
	return c
}

// build writes a cookies.sqlite of the schema and version with the rows,
// in write-ahead-log mode as Firefox keeps it. Expiries are given in
// milliseconds and written in seconds below version 16.
func build(t *testing.T, schema string, version int, rows []dbRow) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "profile", "cookies.sqlite")
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	db, err := sql.Open("sqlite", path)
	require.NoError(t, err)
	defer db.Close()
	for _, q := range []string{"PRAGMA journal_mode = WAL", schema, "PRAGMA user_version = " + strconv.Itoa(version)} {
		_, err = db.Exec(q)
		require.NoError(t, err)
	}
	cols, err := columns(context.Background(), db)
	require.NoError(t, err)
	for _, r := range rows {
		insert(t, db, cols, version, r)
	}
	return path
}

type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

func insert(t *testing.T, db execer, cols map[string]bool, version int, r dbRow) {
	t.Helper()
	var names, marks []string
	var args []any
	for n, v := range r {
		if !cols[n] {
			continue
		}
		if ms, ok := v.(int64); ok && n == "expiry" && version < 16 {
			v = ms / 1000
		}
		names, marks, args = append(names, n), append(marks, "?"), append(args, v)
	}
	_, err := db.ExecContext(context.Background(), "INSERT INTO moz_cookies("+strings.Join(names, ", ")+") VALUES("+strings.Join(marks, ", ")+")", args...)
	require.NoError(t, err)
}

func partition(t *testing.T, site string, cross bool) cookiemonster.PartitionKey {
	p, err := cookiemonster.PartitionKeyFromStorage(site, cross, nil)
	require.NoError(t, err)
	return p
}

// rowCase is a row and what it reads as: a cookie of a store, or an error
// (errIs, when set, is wrapped; errHas is in its text).
type rowCase struct {
	name   string
	row    dbRow
	want   cookiemonster.CanonicalCookie
	store  string
	errIs  error
	errHas string
}

func attrs(r dbRow, oa string) { r["originAttributes"] = oa }

// currentCases: every kind of row of the current layout.
func currentCases(t *testing.T) []rowCase {
	return []rowCase{
		{name: "host-only", row: fixRow("hostonly", "www.example.com", nil), want: want("hostonly", "www.example.com", nil), store: DefaultStore},
		{name: "domain, unset SameSite, http", row: fixRow("domain", ".example.com", func(r dbRow) {
			r["isSecure"], r["isHttpOnly"], r["sameSite"], r["schemeMap"], r["path"] = 0, 0, 256, 1, "/app"
		}), want: want("domain", ".example.com", func(c *cookiemonster.CanonicalCookie) {
			c.Secure, c.HTTPOnly, c.SameSite, c.SourceScheme, c.Path = false, false, cookiemonster.SameSiteUnspecified, cookiemonster.SourceSchemeNonSecure, "/app"
		}), store: DefaultStore},
		{name: "None, http and https", row: fixRow("none", "www.example.com", func(r dbRow) { r["sameSite"], r["schemeMap"] = 0, 3 }),
			want: want("none", "www.example.com", func(c *cookiemonster.CanonicalCookie) {
				c.SameSite, c.SourceScheme = cookiemonster.SameSiteNone, cookiemonster.SourceSchemeUnset
			}), store: DefaultStore},
		{name: "Strict, no scheme", row: fixRow("strict", "www.example.com", func(r dbRow) { r["sameSite"], r["schemeMap"] = 2, 0 }),
			want: want("strict", "www.example.com", func(c *cookiemonster.CanonicalCookie) {
				c.SameSite, c.SourceScheme = cookiemonster.SameSiteStrict, cookiemonster.SourceSchemeUnset
			}), store: DefaultStore},
		{name: "file scheme", row: fixRow("file", "www.example.com", func(r dbRow) { r["schemeMap"] = 4 }),
			want: want("file", "www.example.com", func(c *cookiemonster.CanonicalCookie) { c.SourceScheme = cookiemonster.SourceSchemeUnset }), store: DefaultStore},
		{name: "container", row: fixRow("container", "www.example.com", func(r dbRow) { attrs(r, "^userContextId=2") }),
			want: want("container", "www.example.com", nil), store: "firefox-container-2"},
		{name: "private", row: fixRow("private", "www.example.com", func(r dbRow) { attrs(r, "^privateBrowsingId=1") }),
			want: want("private", "www.example.com", nil), store: PrivateStore},
		{name: "first party", row: fixRow("fpi", "www.example.com", func(r dbRow) { attrs(r, "^userContextId=5&firstPartyDomain=example.com") }),
			want: want("fpi", "www.example.com", func(c *cookiemonster.CanonicalCookie) { c.FirstPartyDomain = "example.com" }), store: "firefox-container-5"},
		{name: "first party, IPv6, sanitized", row: fixRow("fpi6", "www.example.com", func(r dbRow) { attrs(r, "^firstPartyDomain=%5B%2B%2B1%5D") }),
			want: want("fpi6", "www.example.com", func(c *cookiemonster.CanonicalCookie) { c.FirstPartyDomain = "[::1]" }), store: DefaultStore},
		{name: "CHIPS third-party", row: fixRow("chips", "widget.example", func(r dbRow) {
			attrs(r, "^partitionKey=%28https%2Ctop.example%29")
			r["sameSite"], r["isPartitionedAttributeSet"] = 0, 1
		}), want: want("chips", "widget.example", func(c *cookiemonster.CanonicalCookie) {
			c.SameSite, c.Partition = cookiemonster.SameSiteNone, partition(t, "https://top.example", true)
		}), store: DefaultStore},
		{name: "CHIPS first-party", row: fixRow("chips1p", "www.top.example", func(r dbRow) {
			attrs(r, "^partitionKey=%28https%2Ctop.example%29")
			r["isPartitionedAttributeSet"] = 1
		}), want: want("chips1p", "www.top.example", func(c *cookiemonster.CanonicalCookie) {
			c.Partition = partition(t, "https://top.example", false)
		}), store: DefaultStore},
		{name: "foreign ancestor", row: fixRow("aba", "www.top.example", func(r dbRow) {
			attrs(r, "^partitionKey=%28https%2Ctop.example%2Cf%29")
		}), want: want("aba", "www.top.example", func(c *cookiemonster.CanonicalCookie) {
			c.Partition = partition(t, "https://top.example", true)
		}), store: DefaultStore},
		{name: "every attribute, unencoded", row: fixRow("all", "widget.example", func(r dbRow) {
			attrs(r, "^userContextId=2&privateBrowsingId=1&firstPartyDomain=example.com&partitionKey=(https,example.com)")
		}), want: want("all", "widget.example", func(c *cookiemonster.CanonicalCookie) {
			c.FirstPartyDomain, c.Partition = "example.com", partition(t, "https://example.com", true)
		}), store: PrivateStore},

		{name: "control character in name", row: fixRow("bad\x01name", "www.example.com", nil), errIs: cookiemonster.ErrNotCanonical, errHas: "name"},
		{name: "originAttributes without ^", row: fixRow("noCaret", "www.example.com", func(r dbRow) { attrs(r, "userContextId=2") }), errHas: "no leading ^"},
		{name: "unknown attribute", row: fixRow("unknown", "www.example.com", func(r dbRow) { attrs(r, "^geckoViewUserContextId=x") }), errHas: "unknown attribute geckoViewUserContextId"},
		{name: "bad container id", row: fixRow("badContainer", "www.example.com", func(r dbRow) { attrs(r, "^userContextId=-1") }), errHas: "userContextId"},
		{name: "partition key with a port", row: fixRow("port", "127.0.0.1", func(r dbRow) { attrs(r, "^partitionKey=%28https%2C127.0.0.1%2C8443%29") }), errIs: ErrUnsupported, errHas: "port"},
		{name: "bare-host partition key", row: fixRow("bare", "widget.example", func(r dbRow) { attrs(r, "^partitionKey=top.example") }), errIs: ErrUnsupported},
		{name: "malformed partition key", row: fixRow("malformed", "widget.example", func(r dbRow) { attrs(r, "^partitionKey=%28https%2C%29") }), errHas: "malformed"},
		{name: "partitioned, not Secure", row: fixRow("tcp", "widget.example", func(r dbRow) {
			attrs(r, "^partitionKey=%28https%2Ctop.example%29")
			r["isSecure"] = 0
		}), errIs: cookiemonster.ErrNotCanonical},
		{name: "unknown sameSite", row: fixRow("ss3", "www.example.com", func(r dbRow) { r["sameSite"] = 3 }), errHas: "sameSite 3"},
		{name: "unknown scheme bits", row: fixRow("scheme9", "www.example.com", func(r dbRow) { r["schemeMap"] = 9 }), errHas: "schemeMap 9"},
	}
}

// check reads path and asserts the cases, in order, came out as they say.
func check(t *testing.T, path string, version int, cases []rowCase) *Profile {
	t.Helper()
	p, err := Read(context.Background(), path, nil)
	require.NoError(t, err)
	assert.Equal(t, version, p.Version)
	var cookies []cookiemonster.CanonicalCookie
	stores := map[string][]string{}
	var errs []*RowError
	for i, tc := range cases {
		if tc.errIs == nil && tc.errHas == "" {
			cookies = append(cookies, tc.want)
			stores[tc.store] = append(stores[tc.store], tc.want.Name)
			continue
		}
		errs = append(errs, &RowError{Row: int64(i + 1), Host: tc.row["host"].(string), Name: tc.row["name"].(string)})
	}
	got := make([]cookiemonster.CanonicalCookie, len(p.Cookies))
	for i, c := range p.Cookies {
		got[i] = *c
		assert.True(t, c.IsPersistent(), "%s", c.Name)
	}
	assert.Equal(t, cookies, got)
	gotStores := map[string][]string{}
	for s, cs := range p.Stores {
		for _, c := range cs {
			gotStores[s] = append(gotStores[s], c.Name)
		}
	}
	assert.Equal(t, stores, gotStores)
	require.Len(t, p.Errors, len(errs))
	j := 0
	for _, tc := range cases {
		if tc.errIs == nil && tc.errHas == "" {
			continue
		}
		e := p.Errors[j]
		assert.Equal(t, errs[j].Row, e.Row, tc.name)
		assert.Equal(t, errs[j].Host, e.Host, tc.name)
		assert.Equal(t, errs[j].Name, e.Name, tc.name)
		if tc.errIs != nil {
			assert.ErrorIs(t, e, tc.errIs, tc.name)
		}
		assert.Contains(t, e.Error(), tc.errHas, tc.name)
		j++
	}
	return p
}

func rowsOf(cases []rowCase) []dbRow {
	rows := make([]dbRow, len(cases))
	for i, tc := range cases {
		rows[i] = tc.row
	}
	return rows
}

// TestReadCurrent: every kind of row of version 16, every field, and
// through sqlitestore into a store and back.
func TestReadCurrent(t *testing.T) {
	cases := currentCases(t)
	path := build(t, schemaV16, 16, rowsOf(cases))
	p := check(t, path, 16, cases)

	roundTrip(t, p)
}

// roundTrip adds the cookies of every store of p to the store of that ID
// of a sqlitestore Backend (a file of Open's has no place for cookies with
// a first-party domain), and asserts that they load back equal.
func roundTrip(t *testing.T, p *Profile) {
	t.Helper()
	ctx := context.Background()
	out := filepath.Join(t.TempDir(), "store.db")
	b, err := sqlitestore.OpenBackend(out, nil)
	require.NoError(t, err)
	for id, cs := range p.Stores {
		ps, err := b.OpenStore(ctx, id)
		require.NoError(t, err)
		s := ps.(*sqlitestore.Store)
		s.KeepSessionCookies(true)
		for _, c := range cs {
			s.Add(c)
		}
		require.NoError(t, s.Close())
	}
	require.NoError(t, b.Close())

	b, err = sqlitestore.OpenBackend(out, nil)
	require.NoError(t, err)
	defer func() { require.NoError(t, b.Close()) }()
	for id, cs := range p.Stores {
		ps, err := b.OpenStore(ctx, id)
		require.NoError(t, err)
		s := ps.(*sqlitestore.Store)
		s.KeepSessionCookies(true)
		back, err := s.Load(ctx)
		require.NoError(t, err)
		require.NoError(t, s.Close())
		// The fixtures' names are unique within a store.
		byName := func(a, b *cookiemonster.CanonicalCookie) int { return strings.Compare(a.Name, b.Name) }
		slices.SortFunc(back, byName)
		sorted := slices.SortedFunc(slices.Values(cs), byName)
		assert.Equal(t, sorted, back, id)
	}
}

// TestReadMilliseconds: version 16's expiry keeps its milliseconds.
func TestReadMilliseconds(t *testing.T) {
	exp := t0.Add(24*time.Hour + 123*time.Millisecond)
	path := build(t, schemaV16, 16, []dbRow{fixRow("ms", "www.example.com", func(r dbRow) { r["expiry"] = exp.UnixMilli() })})
	p, err := Read(context.Background(), path, nil)
	require.NoError(t, err)
	require.Len(t, p.Cookies, 1)
	assert.Equal(t, exp, p.Cookies[0].Expiry)
}

// TestReadOlderVersions: the layouts of versions 14 (rawSameSite, expiry in
// seconds) and 11 (no schemeMap, no isPartitionedAttributeSet).
func TestReadOlderVersions(t *testing.T) {
	raw := func(name string, ss, rawSS int, wantSS cookiemonster.SameSite) rowCase {
		return rowCase{name: name, row: fixRow(name, "www.example.com", func(r dbRow) { r["sameSite"], r["rawSameSite"] = ss, rawSS }),
			want: want(name, "www.example.com", func(c *cookiemonster.CanonicalCookie) { c.SameSite = wantSS }), store: DefaultStore}
	}
	v14 := []rowCase{
		raw("laxByDefault", 1, 0, cookiemonster.SameSiteUnspecified),
		raw("none", 0, 0, cookiemonster.SameSiteNone),
		raw("lax", 1, 1, cookiemonster.SameSiteLax),
		raw("strict", 2, 2, cookiemonster.SameSiteStrict),
		raw("strictRawNone", 2, 0, cookiemonster.SameSiteStrict),
		{name: "domain, container, CHIPS", row: fixRow("chips", ".widget.example", func(r dbRow) {
			attrs(r, "^userContextId=3&partitionKey=%28https%2Ctop.example%29")
			r["isPartitionedAttributeSet"] = 1
		}), want: want("chips", ".widget.example", func(c *cookiemonster.CanonicalCookie) {
			c.Partition = partition(t, "https://top.example", true)
		}), store: "firefox-container-3"},
		{name: "bad row", row: fixRow("bad;name", "www.example.com", nil), errIs: cookiemonster.ErrNotCanonical},
	}
	v11 := []rowCase{
		{name: "no scheme map", row: fixRow("old", "www.example.com", nil), want: want("old", "www.example.com", func(c *cookiemonster.CanonicalCookie) {
			c.SourceScheme = cookiemonster.SourceSchemeUnset
		}), store: DefaultStore},
		{name: "laxByDefault", row: fixRow("laxByDefault", "www.example.com", func(r dbRow) { r["sameSite"], r["rawSameSite"] = 1, 0 }),
			want: want("laxByDefault", "www.example.com", func(c *cookiemonster.CanonicalCookie) {
				c.SameSite, c.SourceScheme = cookiemonster.SameSiteUnspecified, cookiemonster.SourceSchemeUnset
			}), store: DefaultStore},
	}
	for _, tc := range []struct {
		name    string
		schema  string
		version int
		cases   []rowCase
	}{
		{"v14", schemaV14, 14, v14},
		{"v13", schemaV14, 13, v14},
		{"v11", schemaV11, 11, v11},
	} {
		t.Run(tc.name, func(t *testing.T) {
			roundTrip(t, check(t, build(t, tc.schema, tc.version, rowsOf(tc.cases)), tc.version, tc.cases))
		})
	}
}

// TestReadLocked: a profile whose database another connection holds
// locked, with cookies still in its write-ahead log (as a running Firefox
// has it), reads them all and is left byte for byte as it was.
func TestReadLocked(t *testing.T) {
	path := build(t, schemaV16, 16, []dbRow{fixRow("a", "www.example.com", nil)})
	db, err := sql.Open("sqlite", path)
	require.NoError(t, err)
	defer db.Close()
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	require.NoError(t, err)
	defer conn.Close()
	_, err = conn.ExecContext(ctx, "PRAGMA wal_autocheckpoint = 0")
	require.NoError(t, err)
	cols, err := columns(ctx, db)
	require.NoError(t, err)
	insert(t, conn, cols, 16, fixRow("inWAL", "www.example.com", nil))
	_, err = conn.ExecContext(ctx, "BEGIN EXCLUSIVE")
	require.NoError(t, err)
	defer func() { _, _ = conn.ExecContext(ctx, "ROLLBACK") }()

	before := map[string][]byte{}
	for _, f := range []string{path, path + "-wal"} {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		before[f] = b
	}
	require.NotEmpty(t, before[path+"-wal"])

	p, err := Read(ctx, path, nil)
	require.NoError(t, err)
	require.Empty(t, p.Errors)
	require.Len(t, p.Cookies, 2)
	assert.Equal(t, want("a", "www.example.com", nil), *p.Cookies[0])
	assert.Equal(t, want("inWAL", "www.example.com", nil), *p.Cookies[1])

	for f, b := range before {
		after, err := os.ReadFile(f)
		require.NoError(t, err)
		assert.Equal(t, b, after, "%s was modified", f)
	}
}

// TestReadBadFiles: a truncated database, another program's database and
// a file that is not SQLite each fail as a whole, naming the file.
func TestReadBadFiles(t *testing.T) {
	dir := t.TempDir()
	good := build(t, schemaV16, 16, []dbRow{fixRow("a", "www.example.com", nil)})
	// Fold the write-ahead log in, so that the file alone holds the table.
	db, err := sql.Open("sqlite", good)
	require.NoError(t, err)
	_, err = db.Exec("PRAGMA journal_mode = DELETE")
	require.NoError(t, err)
	require.NoError(t, db.Close())
	b, err := os.ReadFile(good)
	require.NoError(t, err)
	truncated := filepath.Join(dir, "truncated.sqlite")
	require.NoError(t, os.WriteFile(truncated, b[:len(b)/2], 0o600))
	other := filepath.Join(dir, "places.sqlite")
	db, err = sql.Open("sqlite", other)
	require.NoError(t, err)
	_, err = db.Exec("CREATE TABLE moz_places(id INTEGER PRIMARY KEY, url TEXT)")
	require.NoError(t, err)
	require.NoError(t, db.Close())
	noColumns := filepath.Join(dir, "nocolumns.sqlite")
	db, err = sql.Open("sqlite", noColumns)
	require.NoError(t, err)
	_, err = db.Exec("CREATE TABLE moz_cookies(id INTEGER PRIMARY KEY, name TEXT)")
	require.NoError(t, err)
	require.NoError(t, db.Close())
	text := filepath.Join(dir, "cookies.txt")
	require.NoError(t, os.WriteFile(text, []byte("# Netscape HTTP Cookie File\n"), 0o600))

	for _, tc := range []struct {
		name, path string
		is         error
		has        string
	}{
		{"truncated", truncated, ErrNotFirefox, "database disk image is malformed"},
		{"another program's", other, ErrNotFirefox, "no moz_cookies table"},
		{"missing columns", noColumns, ErrNotFirefox, "no value column"},
		{"not SQLite", text, ErrNotFirefox, "SQLite header"},
		{"missing", filepath.Join(dir, "none"), os.ErrNotExist, "no such file or directory"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Read(context.Background(), tc.path, nil)
			require.Error(t, err)
			assert.Nil(t, p)
			assert.Contains(t, err.Error(), tc.path)
			assert.Contains(t, err.Error(), tc.has)
			assert.ErrorIs(t, err, tc.is)
		})
	}
}
