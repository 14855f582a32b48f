package sqlitestore

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/cookiemonster-go/cookiemonster"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// dirSnapshot returns every file of dir with its contents.
func dirSnapshot(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	snap := make(map[string][]byte, len(entries))
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		require.NoError(t, err)
		snap[e.Name()] = b
	}
	return snap
}

// names returns the sorted keys of a snapshot.
func names(snap map[string][]byte) []string {
	var out []string
	for n := range snap {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

// plainDB opens an SQLite database at path as another program would: the
// default rollback journal, no settings.
func plainDB(t *testing.T, path string, settings ...string) *sql.DB {
	t.Helper()
	q := url.Values{}
	for _, s := range settings {
		q.Add("_pragma", s)
	}
	db, err := sql.Open("sqlite", fileURI(path, q))
	require.NoError(t, err)
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { _ = db.Close() })
	return db
}

// foreignDB writes a database of another program at path: a table notes
// with a row, in the given journal mode.
func foreignDB(t *testing.T, path, journal string) {
	t.Helper()
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o700))
	db := plainDB(t, path, "journal_mode("+journal+")")
	_, err := db.Exec(`CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT)`)
	require.NoError(t, err)
	_, err = db.Exec(`INSERT INTO notes(body) VALUES ('keep me')`)
	require.NoError(t, err)
	require.NoError(t, db.Close())
}

// historyDB makes a database shaped like Chromium's History: a meta table
// of version 66 (compatible with 16, so not too new for this package) and
// a urls table, with no cookies table.
func historyDB(t *testing.T, path string) {
	t.Helper()
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o700))
	db := plainDB(t, path, "journal_mode(DELETE)")
	for _, q := range []string{
		`CREATE TABLE meta(key LONGVARCHAR NOT NULL UNIQUE PRIMARY KEY, value LONGVARCHAR)`,
		`INSERT INTO meta VALUES ('version', '66'), ('last_compatible_version', '16')`,
		`CREATE TABLE urls(id INTEGER PRIMARY KEY AUTOINCREMENT, url LONGVARCHAR)`,
		`INSERT INTO urls(url) VALUES ('https://example.com/')`,
	} {
		_, err := db.Exec(q)
		require.NoError(t, err, q)
	}
	require.NoError(t, db.Close())
}

// writeFile writes b at path, creating its directory.
func writeFile(t *testing.T, path string, b []byte) {
	t.Helper()
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o700))
	require.NoError(t, os.WriteFile(path, b, 0o600))
}

// randomBytes returns n bytes of a fixed pseudo-random sequence.
func randomBytes(n int) []byte {
	b := make([]byte, n)
	_, _ = rand.NewChaCha8([32]byte{7}).Read(b)
	return b
}

// cookieDB writes an empty cookie database at path with its meta values
// set.
func cookieDB(t *testing.T, path string, version, compatible int) {
	t.Helper()
	require.NoError(t, openT(t, path, nil, nil).Close())
	setMeta(t, path, "version", version)
	setMeta(t, path, "last_compatible_version", compatible)
}

// storeTablesDB writes an empty cookie database at path, then runs
// statements on it.
func storeTablesDB(t *testing.T, path string, stmts ...string) {
	t.Helper()
	cookieDB(t, path, CurrentVersion, CompatibleVersion)
	db := plainDB(t, path)
	for _, q := range stmts {
		_, err := db.Exec(q)
		require.NoError(t, err, q)
	}
	require.NoError(t, db.Close())
}

// TestOpenRefusals: each way Open and OpenBackend refuse a file, with its
// exact error (one "sqlitestore: " prefix, the file, the cause), the
// sentinel it wraps, and the file and its directory exactly as they were:
// no byte changed, no -wal, -shm or -journal file created.
func TestOpenRefusals(t *testing.T) {
	cases := []struct {
		name        string
		setup       func(t *testing.T, path string) // nil: Open("")
		err         string                          // after "sqlitestore: open <path>: "
		is          error
		files       []string // the directory, before and after
		backendOnly bool     // store tables that Open ignores
	}{
		{
			name: "empty path",
			is:   fs.ErrInvalid,
		},
		{
			name:  "too new",
			setup: func(t *testing.T, path string) { cookieDB(t, path, 26, 25) },
			err:   "database is too new: its last compatible version is 25, this package writes version 24",
			is:    ErrTooNew,
			files: []string{"Cookies"},
		},
		{
			name:  "too old",
			setup: func(t *testing.T, path string) { cookieDB(t, path, 23, 23) },
			err:   "database schema is too old: version 23, this package reads version 24 only",
			is:    ErrTooOld,
			files: []string{"Cookies"},
		},
		{
			name:  "a foreign database",
			setup: func(t *testing.T, path string) { foreignDB(t, path, "DELETE") },
			err:   `not a cookie database: it has "notes" but no meta or cookies table`,
			is:    ErrNotCookieDB,
			files: []string{"Cookies"},
		},
		{
			name:  "another Chromium database (History)",
			setup: historyDB,
			err:   `not a cookie database: it has "urls" and a meta table but no cookies table`,
			is:    ErrNotCookieDB,
			files: []string{"Cookies"},
		},
		{
			name:  "a foreign database in WAL mode",
			setup: func(t *testing.T, path string) { foreignDB(t, path, "WAL") },
			err:   `not a cookie database: it has "notes" but no meta or cookies table`,
			is:    ErrNotCookieDB,
			files: []string{"Cookies"},
		},
		{
			name: "a foreign database with many tables",
			setup: func(t *testing.T, path string) {
				foreignDB(t, path, "DELETE")
				db := plainDB(t, path)
				for _, q := range []string{`CREATE INDEX notes_body ON notes(body)`, `CREATE TABLE a(x)`, `CREATE TABLE b(x)`,
					`CREATE TABLE c(x)`, `CREATE VIEW v AS SELECT body FROM notes`} {
					_, err := db.Exec(q)
					require.NoError(t, err)
				}
				require.NoError(t, db.Close())
			},
			err:   `not a cookie database: it has "a", "b", "c", "notes", "notes_body" and 1 more but no meta or cookies table`,
			is:    ErrNotCookieDB,
			files: []string{"Cookies"},
		},
		{
			name: "a cookies table without meta",
			setup: func(t *testing.T, path string) {
				require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o700))
				db := plainDB(t, path)
				_, err := db.Exec(`CREATE TABLE cookies(x)`)
				require.NoError(t, err)
				require.NoError(t, db.Close())
			},
			err:   "not a cookie database: a cookies table without a meta table",
			is:    ErrNotCookieDB,
			files: []string{"Cookies"},
		},
		{
			name:  "random bytes",
			setup: func(t *testing.T, path string) { writeFile(t, path, randomBytes(8192)) },
			err:   "not an SQLite database: the file does not start with the SQLite header",
			is:    ErrNotSQLite,
			files: []string{"Cookies"},
		},
		{
			name: "a text file",
			setup: func(t *testing.T, path string) {
				writeFile(t, path, []byte(strings.Repeat("not a database at all, just text that is long enough to be a page\n", 100)))
			},
			err:   "not an SQLite database: the file does not start with the SQLite header",
			is:    ErrNotSQLite,
			files: []string{"Cookies"},
		},
		{
			name:  "a short file",
			setup: func(t *testing.T, path string) { writeFile(t, path, []byte("SQLite format 3\x00...")) },
			err:   "not an SQLite database: the file is 19 bytes long, shorter than an SQLite header",
			is:    ErrNotSQLite,
			files: []string{"Cookies"},
		},
		{
			name: "an SQLite header on garbage",
			setup: func(t *testing.T, path string) {
				writeFile(t, path, append([]byte("SQLite format 3\x00"), randomBytes(4096-16)...))
			},
			err:   "not an SQLite database: reading the schema: file is not a database (26)",
			is:    ErrNotSQLite,
			files: []string{"Cookies"},
		},
		{
			name: "in use",
			setup: func(t *testing.T, path string) {
				s := openT(t, path, nil, nil)
				s.Add(genCookie(1))
				require.NoError(t, s.Flush(context.Background()))
			},
			err:   "database is in use by another Store in this process",
			is:    ErrInUse,
			files: []string{"Cookies", "Cookies-shm", "Cookies-wal"},
		},
		{
			name: "in use by a Backend",
			setup: func(t *testing.T, path string) {
				s := storeT(t, openBackendT(t, path, nil, nil), "alice", true)
				s.Add(genCookie(1))
				require.NoError(t, s.Flush(context.Background()))
			},
			err:   "database is in use by another Store in this process",
			is:    ErrInUse,
			files: []string{"Cookies", "Cookies-shm", "Cookies-wal"},
		},
		{
			name:        "a stores table without a store_cookies table",
			setup:       func(t *testing.T, path string) { storeTablesDB(t, path, createStores) },
			err:         "not a cookie database: a stores table without a store_cookies table",
			is:          ErrNotCookieDB,
			files:       []string{"Cookies"},
			backendOnly: true,
		},
		{
			name:        "a store_cookies table without a stores table",
			setup:       func(t *testing.T, path string) { storeTablesDB(t, path, createStoreCookies, createStoreIndex) },
			err:         "not a cookie database: a store_cookies table without a stores table",
			is:          ErrNotCookieDB,
			files:       []string{"Cookies"},
			backendOnly: true,
		},
		{
			name: "a store_cookies_unique_index on another table",
			setup: func(t *testing.T, path string) {
				storeTablesDB(t, path, `CREATE TABLE other(x)`, `CREATE UNIQUE INDEX store_cookies_unique_index ON other(x)`)
			},
			err:         "not a cookie database: a store_cookies_unique_index without a store_cookies table",
			is:          ErrNotCookieDB,
			files:       []string{"Cookies"},
			backendOnly: true,
		},
		{
			name: "another program's stores table",
			setup: func(t *testing.T, path string) {
				storeTablesDB(t, path, `CREATE TABLE stores(id INTEGER PRIMARY KEY, name TEXT)`, createStoreCookies)
			},
			err:         "not a cookie database: its stores table has the columns id, name, not store_id",
			is:          ErrNotCookieDB,
			files:       []string{"Cookies"},
			backendOnly: true,
		},
		{
			name: "another program's store_cookies table",
			setup: func(t *testing.T, path string) {
				storeTablesDB(t, path, createStores, `CREATE TABLE store_cookies(store_id TEXT, cookie BLOB)`)
			},
			err: "not a cookie database: its store_cookies table has the columns store_id, cookie, not store_id, " +
				"first_party_domain, creation_utc, host_key, top_frame_site_key, name, value, encrypted_value, path, expires_utc, " +
				"is_secure, is_httponly, last_access_utc, has_expires, is_persistent, priority, samesite, " +
				"source_scheme, source_port, last_update_utc, source_type, has_cross_site_ancestor",
			is:          ErrNotCookieDB,
			files:       []string{"Cookies"},
			backendOnly: true,
		},
		{
			name: "a store_cookies table of the earlier layout, without first_party_domain",
			setup: func(t *testing.T, path string) {
				storeTablesDB(t, path, createStores, `CREATE TABLE store_cookies(store_id TEXT NOT NULL,`+
					strings.TrimPrefix(createCookies, "CREATE TABLE cookies("),
					`CREATE UNIQUE INDEX store_cookies_unique_index ON store_cookies(store_id, `+
						strings.TrimPrefix(createIndex, "CREATE UNIQUE INDEX cookies_unique_index ON cookies("))
			},
			err: "not a cookie database: its store_cookies table is of an earlier layout, " +
				"without a first_party_domain column, which this package does not migrate",
			is:          ErrNotCookieDB,
			files:       []string{"Cookies"},
			backendOnly: true,
		},
	}
	openers := []struct {
		name string
		open func(path string) (any, error)
	}{
		{"Open", func(p string) (any, error) { return Open(p, nil) }},
		{"OpenBackend", func(p string) (any, error) { return OpenBackend(p, nil) }},
	}
	for _, tc := range cases {
		for _, o := range openers {
			if tc.backendOnly && o.name == "Open" {
				continue
			}
			t.Run(tc.name+", "+o.name, func(t *testing.T) {
				if tc.setup == nil {
					s, err := o.open("")
					require.Error(t, err)
					assert.Nil(t, s)
					assert.Equal(t, "sqlitestore: open: invalid argument: the path is empty", err.Error())
					assert.ErrorIs(t, err, tc.is)
					assert.Equal(t, 1, strings.Count(err.Error(), "sqlitestore:"), "one prefix")
					return
				}
				path := dbPath(t)
				tc.setup(t, path)
				dir := filepath.Dir(path)
				before := dirSnapshot(t, dir)
				require.Equal(t, tc.files, names(before))

				s, err := o.open(path)
				require.Error(t, err)
				assert.Nil(t, s)
				assert.Equal(t, "sqlitestore: open "+path+": "+tc.err, err.Error())
				assert.ErrorIs(t, err, tc.is)
				assert.Equal(t, 1, strings.Count(err.Error(), "sqlitestore:"), "one prefix")

				after := dirSnapshot(t, dir)
				assert.Equal(t, tc.files, names(after))
				for _, n := range tc.files {
					assert.True(t, slices.Equal(before[n], after[n]), "%s changed", n)
				}
			})
		}
	}
}

// TestOpenIgnoresStoreTables: the store tables that OpenBackend refuses
// are another program's tables to Open, which opens the file.
func TestOpenIgnoresStoreTables(t *testing.T) {
	for _, stmts := range [][]string{
		{createStores},
		{createStoreCookies},
		{`CREATE TABLE stores(id INTEGER PRIMARY KEY, name TEXT)`, createStoreCookies},
	} {
		path := dbPath(t)
		storeTablesDB(t, path, stmts...)
		s, err := Open(path, nil)
		require.NoError(t, err, stmts)
		s.Add(genCookie(1))
		require.NoError(t, s.Close())
		assert.Equal(t, []*cookiemonster.CanonicalCookie{genCookie(1)}, loadAll(t, path, nil))
	}
}

// TestOpenForeignDatabaseUnchangedThroughWAL: a foreign database in WAL
// mode whose tables are only in its -wal file (its program crashed before
// a checkpoint) is read through the WAL and refused; the database and its
// WAL are unchanged.
func TestOpenForeignDatabaseUnchangedThroughWAL(t *testing.T) {
	path := dbPath(t)
	dir := filepath.Dir(path)
	require.NoError(t, os.MkdirAll(dir, 0o700))
	src := filepath.Join(t.TempDir(), "notes.db")
	db := plainDB(t, src, "journal_mode(WAL)", "wal_autocheckpoint(0)")
	_, err := db.Exec(`CREATE TABLE notes(body TEXT)`)
	require.NoError(t, err)
	// The files as a crash leaves them, copied while the database is open.
	for _, suffix := range []string{"", "-wal", "-shm"} {
		b, err := os.ReadFile(src + suffix)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(path+suffix, b, 0o600))
	}
	require.NoError(t, db.Close())
	before := dirSnapshot(t, dir)
	require.Equal(t, []string{"Cookies", "Cookies-shm", "Cookies-wal"}, names(before))

	_, err = Open(path, nil)
	require.Error(t, err)
	assert.Equal(t, "sqlitestore: open "+path+`: not a cookie database: it has "notes" but no meta or cookies table`, err.Error())
	assert.ErrorIs(t, err, ErrNotCookieDB)
	after := dirSnapshot(t, dir)
	assert.Equal(t, names(before), names(after))
	assert.True(t, slices.Equal(before["Cookies"], after["Cookies"]), "the database changed")
	assert.True(t, slices.Equal(before["Cookies-wal"], after["Cookies-wal"]), "the WAL changed")
}

// TestOpenTakesEmptyFiles: an empty file, and an SQLite database without
// any table, become cookie databases.
func TestOpenTakesEmptyFiles(t *testing.T) {
	cases := []struct {
		name  string
		setup func(t *testing.T, path string)
	}{
		{"empty file", func(t *testing.T, path string) { writeFile(t, path, nil) }},
		{"SQLite database without tables", func(t *testing.T, path string) {
			require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o700))
			db := plainDB(t, path)
			_, err := db.Exec(`PRAGMA user_version = 7`)
			require.NoError(t, err)
			require.NoError(t, db.Close())
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := dbPath(t)
			tc.setup(t, path)
			s := openT(t, path, nil, nil)
			s.Add(genCookie(1))
			require.NoError(t, s.Close())
			assert.Equal(t, []*cookiemonster.CanonicalCookie{genCookie(1)}, loadAll(t, path, nil))
			assert.Equal(t, []string{"Cookies"}, names(dirSnapshot(t, filepath.Dir(path))))
		})
	}
}

// TestInUseInProcess: a second Store on a file open in this process, by
// the same path, a symbolic link or a hard link, is refused at once; the
// first keeps working and keeps its SQLite locks; after its Close the
// file opens again.
func TestInUseInProcess(t *testing.T) {
	path := dbPath(t)
	dir := filepath.Dir(path)
	a := openT(t, path, nil, nil)
	ctx := context.Background()
	_, err := a.Load(ctx)
	require.NoError(t, err)
	locks, haveLocks := posixLocks(t, path)
	if haveLocks {
		require.NotEmpty(t, locks, "SQLite holds a lock on the file while the store is open")
	}

	others := []string{path}
	link := filepath.Join(dir, "Link")
	require.NoError(t, os.Symlink("Cookies", link))
	others = append(others, link)
	if runtime.GOOS == "linux" {
		hard := filepath.Join(dir, "Hard")
		require.NoError(t, os.Link(path, hard))
		others = append(others, hard)
	}
	for _, p := range others {
		s, err := Open(p, nil)
		require.Error(t, err, p)
		assert.Nil(t, s)
		assert.Equal(t, "sqlitestore: open "+p+": database is in use by another Store in this process", err.Error())
		assert.ErrorIs(t, err, ErrInUse)
	}
	if haveLocks {
		after, _ := posixLocks(t, path)
		assert.Equal(t, locks, after, "the refused Opens closed no descriptor of the file")
	}

	c := genCookie(1)
	a.Add(c)
	require.NoError(t, a.Flush(ctx))
	require.NoError(t, a.Close())
	b := openT(t, link, nil, nil)
	got, err := b.Load(ctx)
	require.NoError(t, err)
	assert.Equal(t, []*cookiemonster.CanonicalCookie{c}, got)
	require.NoError(t, b.Close())
}

// inUseEnvDB names the database of TestInUseChild, inUseEnvBackend makes
// it open the file as a Backend.
const (
	inUseEnvDB      = "SQLITESTORE_IN_USE_CHILD_DB"
	inUseEnvBackend = "SQLITESTORE_IN_USE_CHILD_BACKEND"
)

// TestInUseChild is the child process of TestInUseOtherProcess; it does
// nothing unless started by it. It opens the store (the default store of
// a Backend, with inUseEnvBackend), writes "OPEN", waits for the end of
// its standard input and closes the store.
func TestInUseChild(t *testing.T) {
	path := os.Getenv(inUseEnvDB)
	if path == "" {
		t.Skip("the child process of TestInUseOtherProcess")
	}
	var s *Store
	var b *Backend
	var err error
	if os.Getenv(inUseEnvBackend) != "" {
		b, err = OpenBackend(path, nil)
		require.NoError(t, err)
		s, err = b.openStore(context.Background(), cookiemonster.DefaultStoreID)
	} else {
		s, err = Open(path, nil)
	}
	require.NoError(t, err)
	s.Add(genCookie(1))
	require.NoError(t, s.Flush(context.Background()))
	fmt.Println("OPEN")
	_, err = io.Copy(io.Discard, os.Stdin)
	require.NoError(t, err)
	require.NoError(t, s.Close())
	if b != nil {
		require.NoError(t, b.Close())
	}
}

// TestInUseOtherProcess: a file open by a Store or a Backend of another
// process is refused at once, to Open and to OpenBackend, and opens once
// that process has closed it.
func TestInUseOtherProcess(t *testing.T) {
	if os.Getenv(inUseEnvDB) != "" {
		t.Skip("in the child")
	}
	if runtime.GOOS != "linux" {
		t.Skip("Stores of other processes are detected on Linux only")
	}
	for _, backend := range []bool{false, true} {
		t.Run(map[bool]string{false: "a Store", true: "a Backend"}[backend], func(t *testing.T) {
			path := dbPath(t)
			env := []string{inUseEnvDB + "=" + path}
			if backend {
				env = append(env, inUseEnvBackend+"=1")
			}
			cmd := childTest("TestInUseChild", env...)
			stdin, err := cmd.StdinPipe()
			require.NoError(t, err)
			stdout, err := cmd.StdoutPipe()
			require.NoError(t, err)
			require.NoError(t, cmd.Start())
			t.Cleanup(func() {
				if cmd.ProcessState == nil {
					_ = cmd.Process.Kill()
					_ = cmd.Wait()
				}
			})
			out := bufio.NewScanner(stdout)
			var lines []string
			for out.Scan() && out.Text() != "OPEN" {
				lines = append(lines, out.Text())
			}
			require.Equal(t, "OPEN", out.Text(), "the child did not open the store: %q", lines)

			s, err := Open(path, nil)
			require.Error(t, err)
			assert.Nil(t, s)
			assert.Equal(t, "sqlitestore: open "+path+": database is in use by another Store in another process", err.Error())
			assert.ErrorIs(t, err, ErrInUse)
			b, err := OpenBackend(path, nil)
			require.Error(t, err)
			assert.Nil(t, b)
			assert.Equal(t, "sqlitestore: open "+path+": database is in use by another Store in another process", err.Error())
			assert.ErrorIs(t, err, ErrInUse)
			assert.Equal(t, 1, countRows(t, path), "the child's store is intact")

			require.NoError(t, stdin.Close())
			_, err = io.Copy(io.Discard, stdout)
			require.NoError(t, err)
			require.NoError(t, cmd.Wait())

			assert.Equal(t, []*cookiemonster.CanonicalCookie{genCookie(1)}, loadAll(t, path, nil))
		})
	}
}

// TestSentinelsHaveNoPrefix: the sentinel errors are causes, without the
// prefix that the errors wrapping them have.
func TestSentinelsHaveNoPrefix(t *testing.T) {
	cases := []struct {
		err  error
		want string
	}{
		{ErrTooNew, "database is too new"},
		{ErrTooOld, "database schema is too old"},
		{ErrNotCookieDB, "not a cookie database"},
		{ErrNotSQLite, "not an SQLite database"},
		{ErrInUse, "database is in use by another Store"},
		{ErrOrphanWAL, "write-ahead log without its database"},
		{ErrCorrupt, "database is corrupt"},
		{ErrClosed, "store is closed"},
		{ErrStoreOpen, "store is open"},
		{ErrNoCrypter, "encrypted value without a Crypter"},
		{ErrHostHash, "decrypted value does not belong to its host"},
		{ErrValueAndEncrypted, "row has both value and encrypted_value"},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.want, tc.err.Error())
	}
	assert.ErrorIs(t, ErrClosed, cookiemonster.ErrStoreClosed)
}

// TestZeroStore calls every method of a Store not made by Open: each
// returns at once, the errors wrapping ErrClosed and saying so.
func TestZeroStore(t *testing.T) {
	var s Store
	ctx := context.Background()
	c := &cookiemonster.CanonicalCookie{Name: "a", Value: "1", Domain: "example.com", Path: "/"}
	s.Add(c)
	s.UpdateAccessTime(c)
	s.Delete(c)
	s.KeepSessionCookies(true)
	_, err := s.Load(ctx)
	require.ErrorIs(t, err, ErrClosed)
	assert.Equal(t, "sqlitestore: load (a Store not made by Open): store is closed", err.Error())
	_, err = s.LoadKey(ctx, "example.com")
	require.ErrorIs(t, err, cookiemonster.ErrStoreClosed)
	assert.Equal(t, `sqlitestore: load "example.com" from (a Store not made by Open): store is closed`, err.Error())
	err = s.Flush(ctx)
	require.ErrorIs(t, err, ErrClosed)
	assert.Equal(t, "sqlitestore: flush (a Store not made by Open): store is closed", err.Error())
	assert.NoError(t, s.Close())
}
