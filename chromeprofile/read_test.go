package chromeprofile

import (
	"cmp"
	"context"
	"crypto/sha256"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cookiemonster-go/cookiemonster"
	"github.com/cookiemonster-go/cookiemonster/internal/chromedb"
	"github.com/cookiemonster-go/cookiemonster/sqlitestore"
)

// Chrome's schemas, as its SQLitePersistentCookieStore creates them.
const (
	schemaV24 = `CREATE TABLE meta(key LONGVARCHAR NOT NULL UNIQUE PRIMARY KEY, value LONGVARCHAR);
CREATE TABLE cookies(creation_utc INTEGER NOT NULL, host_key TEXT NOT NULL, top_frame_site_key TEXT NOT NULL,
 name TEXT NOT NULL, value TEXT NOT NULL, encrypted_value BLOB NOT NULL, path TEXT NOT NULL, expires_utc INTEGER NOT NULL,
 is_secure INTEGER NOT NULL, is_httponly INTEGER NOT NULL, last_access_utc INTEGER NOT NULL, has_expires INTEGER NOT NULL,
 is_persistent INTEGER NOT NULL, priority INTEGER NOT NULL, samesite INTEGER NOT NULL, source_scheme INTEGER NOT NULL,
 source_port INTEGER NOT NULL, last_update_utc INTEGER NOT NULL, source_type INTEGER NOT NULL,
 has_cross_site_ancestor INTEGER NOT NULL);
CREATE UNIQUE INDEX cookies_unique_index ON cookies(host_key, top_frame_site_key, has_cross_site_ancestor, name, path, source_scheme, source_port);`
	// Version 18: is_same_party, no source_type, no has_cross_site_ancestor.
	schemaV18 = `CREATE TABLE meta(key LONGVARCHAR NOT NULL UNIQUE PRIMARY KEY, value LONGVARCHAR);
CREATE TABLE cookies(creation_utc INTEGER NOT NULL, host_key TEXT NOT NULL, top_frame_site_key TEXT NOT NULL,
 name TEXT NOT NULL, value TEXT NOT NULL, encrypted_value BLOB DEFAULT '', path TEXT NOT NULL, expires_utc INTEGER NOT NULL,
 is_secure INTEGER NOT NULL, is_httponly INTEGER NOT NULL, last_access_utc INTEGER NOT NULL, has_expires INTEGER NOT NULL DEFAULT 1,
 is_persistent INTEGER NOT NULL DEFAULT 1, priority INTEGER NOT NULL DEFAULT 1, samesite INTEGER NOT NULL DEFAULT -1,
 source_scheme INTEGER NOT NULL DEFAULT 0, source_port INTEGER NOT NULL DEFAULT -1, is_same_party INTEGER NOT NULL DEFAULT 0,
 last_update_utc INTEGER NOT NULL DEFAULT 0, UNIQUE (host_key, top_frame_site_key, name, path));`
	// Version 12 (2019): no partitions, ports or last update.
	schemaV12 = `CREATE TABLE meta(key LONGVARCHAR NOT NULL UNIQUE PRIMARY KEY, value LONGVARCHAR);
CREATE TABLE cookies(creation_utc INTEGER NOT NULL, host_key TEXT NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL,
 path TEXT NOT NULL, expires_utc INTEGER NOT NULL, is_secure INTEGER NOT NULL, is_httponly INTEGER NOT NULL,
 last_access_utc INTEGER NOT NULL, has_expires INTEGER NOT NULL DEFAULT 1, is_persistent INTEGER NOT NULL DEFAULT 1,
 priority INTEGER NOT NULL DEFAULT 1, encrypted_value BLOB DEFAULT '', samesite INTEGER NOT NULL DEFAULT -1,
 source_scheme INTEGER NOT NULL DEFAULT 0, UNIQUE (host_key, name, path));`
)

var t0 = time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)

// fixture is one cookie of a fixture profile and how its value is stored.
type fixture struct {
	c      cookiemonster.CanonicalCookie
	stored string // "", "v10", "v11": plaintext or the prefix it is encrypted with
	keys   Keys   // to encrypt with (v10, v11)
	hashOf string // the host whose SHA-256 prefixes the value (version 24); "": its own
}

// build writes a Chrome cookies database of the schema and version with
// the fixtures, as Chrome would write them.
func build(t *testing.T, schema string, version int, fs []fixture) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "Default", "Cookies")
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	db, err := sql.Open("sqlite", path)
	require.NoError(t, err)
	defer db.Close()
	_, err = db.Exec(schema)
	require.NoError(t, err)
	_, err = db.Exec(`INSERT INTO meta VALUES ('version', ?), ('last_compatible_version', ?)`, version, version)
	require.NoError(t, err)
	cols, err := columns(context.Background(), db)
	require.NoError(t, err)
	for _, f := range fs {
		c := f.c
		value, enc := c.Value, []byte{}
		if f.stored != "" {
			plain := []byte(c.Value)
			if version >= 24 {
				h := sha256.Sum256([]byte(cmp.Or(f.hashOf, c.Domain)))
				plain = append(h[:], plain...)
			}
			enc, err = Encrypt(f.keys, f.stored, plain)
			require.NoError(t, err)
			value = ""
		}
		site, cross, err := c.Partition.Serialize()
		require.NoError(t, err)
		vals := map[string]any{
			"creation_utc": chromedb.TimeToDB(c.Creation), "host_key": c.Domain, "top_frame_site_key": site,
			"name": c.Name, "value": value, "encrypted_value": enc, "path": c.Path,
			"expires_utc": chromedb.TimeToDB(c.Expiry), "is_secure": chromedb.Bool(c.Secure),
			"is_httponly": chromedb.Bool(c.HTTPOnly), "last_access_utc": chromedb.TimeToDB(c.LastAccess),
			"has_expires": chromedb.Bool(c.IsPersistent()), "is_persistent": chromedb.Bool(c.IsPersistent()),
			"priority": chromedb.PriorityToDB(c.Priority), "samesite": chromedb.SameSiteToDB(c.SameSite),
			"source_scheme": int64(c.SourceScheme), "source_port": chromedb.PortToDB(c.SourcePort),
			"last_update_utc": chromedb.TimeToDB(c.LastUpdate), "source_type": 0,
			"has_cross_site_ancestor": chromedb.Bool(site != "" && cross),
		}
		var names, marks []string
		var args []any
		for n := range cols {
			if v, ok := vals[n]; ok {
				names, marks, args = append(names, n), append(marks, "?"), append(args, v)
			}
		}
		_, err = db.Exec("INSERT INTO cookies("+strings.Join(names, ", ")+") VALUES("+strings.Join(marks, ", ")+")", args...)
		require.NoError(t, err)
	}
	return path
}

// cookie returns a persistent cookie with every field set.
func cookie(name, domain string, edit func(c *cookiemonster.CanonicalCookie)) cookiemonster.CanonicalCookie {
	c := cookiemonster.CanonicalCookie{
		Name: name, Value: "value of " + name, Domain: domain, Path: "/",
		Creation: t0, Expiry: t0.Add(24 * time.Hour), LastAccess: t0.Add(time.Minute), LastUpdate: t0.Add(2 * time.Minute),
		Secure: true, HTTPOnly: true, SameSite: cookiemonster.SameSiteLax, Priority: cookiemonster.PriorityHigh,
		SourceScheme: cookiemonster.SourceSchemeSecure, SourcePort: 443,
	}
	if edit != nil {
		edit(&c)
	}
	return c
}

func partition(t *testing.T, top string) cookiemonster.PartitionKey {
	p, err := cookiemonster.PartitionKeyFromStorage(top, true, nil)
	require.NoError(t, err)
	return p
}

// TestReadV24: every field of every kind of row of the current layout,
// into CanonicalCookies and, through sqlitestore, into a store and back.
func TestReadV24(t *testing.T) {
	linux := Keys{Platform: Linux, Password: []byte("keyring secret")}
	fs := []fixture{
		{c: cookie("plain", "www.example.com", nil)},
		{c: cookie("session", ".example.com", func(c *cookiemonster.CanonicalCookie) {
			c.Expiry, c.Secure, c.HTTPOnly, c.SameSite = time.Time{}, false, false, cookiemonster.SameSiteUnspecified
			c.Priority, c.SourceScheme, c.SourcePort, c.Path = cookiemonster.PriorityMedium, cookiemonster.SourceSchemeNonSecure, 80, "/app"
		})},
		{c: cookie("v10", "www.example.com", nil), stored: "v10", keys: linux},
		{c: cookie("v11", "www.example.com", nil), stored: "v11", keys: linux},
		{c: cookie("chips", "widget.example", func(c *cookiemonster.CanonicalCookie) {
			c.Partition, c.SameSite = partition(t, "https://top.example"), cookiemonster.SameSiteNone
		}), stored: "v10", keys: linux},
		{c: cookie("wrongkey", "www.example.com", nil), stored: "v11", keys: Keys{Platform: Linux, Password: []byte("another")}},
		{c: cookie("moved", "www.example.com", nil), stored: "v10", keys: linux, hashOf: "evil.example"},
	}
	path := build(t, schemaV24, 24, fs)
	before, err := os.ReadFile(path)
	require.NoError(t, err)

	p, err := Read(context.Background(), path, linux, nil)
	require.NoError(t, err)
	assert.Equal(t, 24, p.Version)
	want := []cookiemonster.CanonicalCookie{fs[0].c, fs[1].c, fs[2].c, fs[3].c, fs[4].c}
	got := make([]cookiemonster.CanonicalCookie, len(p.Cookies))
	for i, c := range p.Cookies {
		got[i] = *c
	}
	assert.Equal(t, want, got)
	require.Len(t, p.Errors, 2)
	assert.Equal(t, "wrongkey", p.Errors[0].Name)
	assert.ErrorIs(t, p.Errors[0], ErrDecrypt)
	assert.Equal(t, int64(6), p.Errors[0].Row)
	assert.Equal(t, "moved", p.Errors[1].Name)
	assert.ErrorIs(t, p.Errors[1], ErrHostHash)

	after, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, before, after, "the profile was modified")

	// Into a store and back out.
	out := filepath.Join(t.TempDir(), "store.db")
	s, err := sqlitestore.Open(out, nil)
	require.NoError(t, err)
	s.KeepSessionCookies(true)
	for _, c := range p.Cookies {
		s.Add(c)
	}
	require.NoError(t, s.Close())
	s, err = sqlitestore.Open(out, nil)
	require.NoError(t, err)
	s.KeepSessionCookies(true)
	back, err := s.Load(context.Background())
	require.NoError(t, err)
	require.NoError(t, s.Close())
	cookiemonster.SortCookies(back)
	sorted := append([]*cookiemonster.CanonicalCookie(nil), p.Cookies...)
	cookiemonster.SortCookies(sorted)
	assert.Equal(t, sorted, back)
}

// TestReadOlderVersions: the layouts of versions 18 and 12 read with the
// values Chromium's migrations give the missing columns.
func TestReadOlderVersions(t *testing.T) {
	for _, tc := range []struct {
		name    string
		schema  string
		version int
		in      cookiemonster.CanonicalCookie
		want    func(c *cookiemonster.CanonicalCookie)
	}{
		{"v18 partitioned", schemaV18, 18, cookie("p", "widget.example", func(c *cookiemonster.CanonicalCookie) {
			c.Partition, c.SameSite = partition(t, "https://top.example"), cookiemonster.SameSiteNone
		}), nil},
		{"v12", schemaV12, 12, cookie("old", "www.example.com", nil), func(c *cookiemonster.CanonicalCookie) {
			c.SourcePort = cookiemonster.PortUnspecified
			c.LastUpdate = c.Creation
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			keys := Keys{}
			path := build(t, tc.schema, tc.version, []fixture{{c: tc.in, stored: "v10", keys: keys}})
			p, err := Read(context.Background(), path, keys, nil)
			require.NoError(t, err)
			require.Empty(t, p.Errors)
			want := tc.in
			if tc.want != nil {
				tc.want(&want)
			}
			require.Len(t, p.Cookies, 1)
			assert.Equal(t, want, *p.Cookies[0])
		})
	}
}

// TestReadPlatforms: macOS keys (password, 1003 iterations), and Windows
// values reported as unsupported while plaintext rows read.
func TestReadPlatforms(t *testing.T) {
	mac := Keys{Platform: MacOS, Password: []byte("keychain secret")}
	path := build(t, schemaV24, 24, []fixture{
		{c: cookie("plain", "www.example.com", nil)},
		{c: cookie("mac", "www.example.com", nil), stored: "v10", keys: mac},
	})
	p, err := Read(context.Background(), path, mac, nil)
	require.NoError(t, err)
	require.Empty(t, p.Errors)
	require.Len(t, p.Cookies, 2)
	assert.Equal(t, cookie("plain", "www.example.com", nil), *p.Cookies[0])
	assert.Equal(t, cookie("mac", "www.example.com", nil), *p.Cookies[1])

	p, err = Read(context.Background(), path, Keys{Platform: MacOS}, nil)
	require.NoError(t, err)
	require.Len(t, p.Errors, 1)
	assert.Equal(t, "mac", p.Errors[0].Name)
	assert.ErrorIs(t, p.Errors[0], ErrNoPassword)

	p, err = Read(context.Background(), path, Keys{Platform: Windows}, nil)
	require.NoError(t, err)
	require.Len(t, p.Cookies, 1)
	assert.Equal(t, cookie("plain", "www.example.com", nil), *p.Cookies[0])
	require.Len(t, p.Errors, 1)
	assert.Equal(t, "mac", p.Errors[0].Name)
	assert.ErrorIs(t, p.Errors[0], ErrUnsupported)
}

// TestReadLocked: a profile whose database another connection holds
// locked (as a running browser does) reads, unchanged.
func TestReadLocked(t *testing.T) {
	path := build(t, schemaV24, 24, []fixture{{c: cookie("a", "www.example.com", nil)}})
	before, err := os.ReadFile(path)
	require.NoError(t, err)
	db, err := sql.Open("sqlite", path)
	require.NoError(t, err)
	defer db.Close()
	conn, err := db.Conn(context.Background())
	require.NoError(t, err)
	defer conn.Close()
	_, err = conn.ExecContext(context.Background(), "BEGIN EXCLUSIVE")
	require.NoError(t, err)
	defer func() { _, _ = conn.ExecContext(context.Background(), "ROLLBACK") }()
	p, err := Read(context.Background(), path, Keys{}, nil)
	require.NoError(t, err)
	require.Len(t, p.Cookies, 1)
	assert.Equal(t, cookie("a", "www.example.com", nil), *p.Cookies[0])
	after, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, before, after, "the profile was modified")
}

// TestReadBadFiles: a truncated database, another program's database and
// a file that is not SQLite each fail as a whole, saying why.
func TestReadBadFiles(t *testing.T) {
	dir := t.TempDir()
	good := build(t, schemaV24, 24, []fixture{{c: cookie("a", "www.example.com", nil)}})
	b, err := os.ReadFile(good)
	require.NoError(t, err)
	truncated := filepath.Join(dir, "truncated")
	require.NoError(t, os.WriteFile(truncated, b[:len(b)/2], 0o600))
	other := filepath.Join(dir, "other.db")
	db, err := sql.Open("sqlite", other)
	require.NoError(t, err)
	_, err = db.Exec("CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT)")
	require.NoError(t, err)
	require.NoError(t, db.Close())
	noTable := filepath.Join(dir, "notable.db")
	db, err = sql.Open("sqlite", noTable)
	require.NoError(t, err)
	_, err = db.Exec("CREATE TABLE meta(key LONGVARCHAR NOT NULL UNIQUE PRIMARY KEY, value LONGVARCHAR); INSERT INTO meta VALUES ('version', '24')")
	require.NoError(t, err)
	require.NoError(t, db.Close())
	text := filepath.Join(dir, "cookies.txt")
	require.NoError(t, os.WriteFile(text, []byte("# Netscape HTTP Cookie File\n"), 0o600))

	for _, tc := range []struct {
		name, path string
		is         error
		has        string
	}{
		{"truncated", truncated, ErrNotChrome, "database disk image is malformed"},
		{"another program's", other, ErrNotChrome, "reading meta version: SQL logic error: no such table: meta"},
		{"a meta but no cookies table", noTable, ErrNotChrome, "no cookies table"},
		{"not SQLite", text, ErrNotChrome, "SQLite header"},
		{"missing", filepath.Join(dir, "none"), os.ErrNotExist, "no such file or directory"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Read(context.Background(), tc.path, Keys{}, nil)
			require.Error(t, err)
			assert.Nil(t, p)
			assert.Contains(t, err.Error(), tc.path)
			assert.Contains(t, err.Error(), tc.has)
			assert.ErrorIs(t, err, tc.is)
		})
	}
}

// TestWriteProfile: sqlitestore with a Crypter writes a Cookies database
// whose values Read decrypts with the same keys and refuses without them.
func TestWriteProfile(t *testing.T) {
	keys := Keys{Platform: Linux, Password: []byte("keyring secret")}
	cr, err := NewCrypter(keys, "v11")
	require.NoError(t, err)
	_, err = NewCrypter(Keys{Platform: Windows}, "v10")
	require.ErrorIs(t, err, ErrUnsupported)

	path := filepath.Join(t.TempDir(), "Cookies")
	s, err := sqlitestore.Open(path, &sqlitestore.Options{Crypter: cr})
	require.NoError(t, err)
	c := cookie("sid", "www.example.com", nil)
	s.Add(&c)
	require.NoError(t, s.Close())

	p, err := Read(context.Background(), path, keys, nil)
	require.NoError(t, err)
	require.Empty(t, p.Errors)
	require.Len(t, p.Cookies, 1)
	assert.Equal(t, c, *p.Cookies[0])

	p, err = Read(context.Background(), path, Keys{Platform: Linux}, nil)
	require.NoError(t, err)
	require.Len(t, p.Errors, 1)
	assert.ErrorIs(t, p.Errors[0], ErrNoPassword)
}
