package sqlitestore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cookiemonster-go/cookiemonster"
	"github.com/cookiemonster-go/cookiemonster/storetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// openBackendT opens a Backend that the test closes at cleanup (a second
// Close is harmless).
func openBackendT(t testing.TB, path string, opts *Options, hooks *testHooks) *Backend {
	t.Helper()
	if opts == nil {
		opts = &Options{}
	}
	if opts.Logf == nil {
		opts.Logf = t.Logf
	}
	b, err := openBackend(path, opts, hooks)
	require.NoError(t, err)
	t.Cleanup(func() { _ = b.Close() })
	return b
}

// storeT opens the store id of b.
func storeT(t testing.TB, b *Backend, id string, keep bool) *Store {
	t.Helper()
	s, err := b.openStore(context.Background(), id)
	require.NoError(t, err)
	s.KeepSessionCookies(keep)
	return s
}

// inStore returns genCookie(i) with a value of the store id's own.
func inStore(id string, i int) *cookiemonster.CanonicalCookie {
	c := genCookie(i)
	c.Value = id + "-" + c.Value
	return c
}

// storeCookies returns inStore(id, i) for i in [from, to).
func storeCookies(id string, from, to int) []*cookiemonster.CanonicalCookie {
	var out []*cookiemonster.CanonicalCookie
	for i := from; i < to; i++ {
		out = append(out, inStore(id, i))
	}
	return out
}

// persistentOnly returns the cookies with an expiry.
func persistentOnly(cs []*cookiemonster.CanonicalCookie) []*cookiemonster.CanonicalCookie {
	var out []*cookiemonster.CanonicalCookie
	for _, c := range cs {
		if c.IsPersistent() {
			out = append(out, c)
		}
	}
	return out
}

// loadStore opens the store id of b, loads it whole (keeping session
// cookies or not) and closes it.
func loadStore(t testing.TB, b *Backend, id string, keep bool) []*cookiemonster.CanonicalCookie {
	t.Helper()
	s := storeT(t, b, id, keep)
	got, err := s.Load(context.Background())
	require.NoError(t, err)
	require.NoError(t, s.Close())
	return got
}

// storeRows returns the store_id and value of every row of store_cookies,
// and the value of every row of cookies, as "id=value" sorted.
func storeRows(t testing.TB, path string) []string {
	t.Helper()
	db, err := sql.Open("sqlite", dsn(path))
	require.NoError(t, err)
	defer db.Close()
	rows, err := db.Query(`SELECT 'default', value FROM cookies UNION ALL SELECT store_id, value FROM store_cookies`)
	require.NoError(t, err)
	defer rows.Close()
	out := []string{}
	for rows.Next() {
		var id, v string
		require.NoError(t, rows.Scan(&id, &v))
		out = append(out, id+"="+v)
	}
	require.NoError(t, rows.Err())
	slices.Sort(out)
	return out
}

// backendStore is a Store whose Close closes its Backend too: a
// conformance backing that restarts the whole file at each reopen.
type backendStore struct {
	*Store
	b *Backend
}

func (s backendStore) Close() error { return errors.Join(s.Store.Close(), s.b.Close()) }

// backendOpener makes, for each rule, a Backend's file whose stores other
// than id (of default, alice and bob) hold cookies of their own; the
// rules run on the store id, which must see none of them, and at cleanup
// the other stores must still hold exactly theirs. restart: each store
// is opened on a Backend of its own, closed with it; otherwise on one
// Backend for the whole rule. Break renames the store's table away, Stall
// holds the file's write lock from another connection.
func backendOpener(t *testing.T, id string, restart, restore bool, logs *logSink) storetest.Opener {
	return func() (*storetest.Backing, error) {
		ctx := context.Background()
		path := dbPath(t)
		opts := &Options{Logf: logs.logf}
		var neighbors []string
		for _, n := range []string{cookiemonster.DefaultStoreID, "alice", "bob"} {
			if n != id {
				neighbors = append(neighbors, n)
			}
		}
		seed, err := OpenBackend(path, opts)
		if err != nil {
			return nil, err
		}
		for _, n := range neighbors {
			s, err := seed.openStore(ctx, n)
			if err != nil {
				return nil, err
			}
			for _, c := range storeCookies(n, 0, 40) {
				s.Add(c)
			}
		}
		if err := seed.Close(); err != nil {
			return nil, err
		}

		var shared *Backend
		var mu sync.Mutex
		var last cookiemonster.PersistentStore
		if !restart {
			if shared, err = OpenBackend(path, opts); err != nil {
				return nil, err
			}
			t.Cleanup(func() { _ = shared.Close() })
		}
		t.Cleanup(func() {
			mu.Lock()
			defer mu.Unlock()
			b := shared
			if restart {
				if last != nil {
					_ = last.Close()
				}
				var err error
				b, err = OpenBackend(path, opts)
				require.NoError(t, err)
				defer b.Close()
			}
			ids, err := b.StoreIDs(ctx)
			require.NoError(t, err)
			assert.Equal(t, []string{"alice", "bob", cookiemonster.DefaultStoreID}, ids)
			for _, n := range neighbors {
				assert.Equal(t, sorted(storeCookies(n, 0, 40)), sorted(loadStore(t, b, n, true)), "store %q", n)
			}
		})
		other := func() (*sql.DB, error) {
			db, err := sql.Open("sqlite", dsn(path))
			if err != nil {
				return nil, err
			}
			db.SetMaxOpenConns(1)
			return db, nil
		}
		tab, _ := tablesOf(id, false)
		table := tab.name
		return &storetest.Backing{
			Open: func() (cookiemonster.PersistentStore, error) {
				b := shared
				if restart {
					var err error
					if b, err = OpenBackend(path, opts); err != nil {
						return nil, err
					}
				}
				s, err := b.openStore(ctx, id)
				if err != nil {
					if restart {
						err = errors.Join(err, b.Close())
					}
					return nil, err
				}
				s.KeepSessionCookies(restore)
				var ps cookiemonster.PersistentStore = s
				if restart {
					ps = backendStore{Store: s, b: b}
				}
				mu.Lock()
				last = ps
				mu.Unlock()
				return ps, nil
			},
			SessionCookies: restore,
			Break: func() (func() error, error) {
				db, err := other()
				if err != nil {
					return nil, err
				}
				if _, err := db.Exec(`ALTER TABLE ` + table + ` RENAME TO away`); err != nil {
					return nil, errors.Join(err, db.Close())
				}
				return func() error {
					_, err := db.Exec(`ALTER TABLE away RENAME TO ` + table)
					return errors.Join(err, db.Close())
				}, nil
			},
			Stall: func() (func() error, error) {
				db, err := other()
				if err != nil {
					return nil, err
				}
				conn, err := db.Conn(ctx)
				if err != nil {
					return nil, errors.Join(err, db.Close())
				}
				if _, err := conn.ExecContext(ctx, `BEGIN IMMEDIATE`); err != nil {
					return nil, errors.Join(err, conn.Close(), db.Close())
				}
				return func() error {
					_, err := conn.ExecContext(ctx, `ROLLBACK`)
					return errors.Join(err, conn.Close(), db.Close())
				}, nil
			},
		}, nil
	}
}

// TestBackendConformance runs the storetest suite on the default store and
// on another store of a Backend, each in a file where two other stores
// hold cookies, on one Backend or on a Backend per store.
func TestBackendConformance(t *testing.T) {
	for _, id := range []string{cookiemonster.DefaultStoreID, "alice"} {
		for _, restart := range []bool{false, true} {
			for _, restore := range []bool{true, false} {
				name := fmt.Sprintf("store %s, Backend per store %v, restoring session cookies %v", id, restart, restore)
				t.Run(name, func(t *testing.T) {
					logs := &logSink{}
					storetest.Run(t, backendOpener(t, id, restart, restore, logs))
					assert.Empty(t, logs.all(), "nothing dropped or skipped")
				})
			}
		}
	}
}

// schemaObjects returns the type, name and SQL of every object of the
// schema but SQLite's own, sorted by name.
func schemaObjects(t testing.TB, path string) []string {
	t.Helper()
	db := rawDB(t, path)
	rows, err := db.Query(`SELECT type || ' ' || name || ': ' || ifnull(sql, '') FROM sqlite_master WHERE name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY name`)
	require.NoError(t, err)
	defer rows.Close()
	var out []string
	for rows.Next() {
		var o string
		require.NoError(t, rows.Scan(&o))
		out = append(out, o)
	}
	require.NoError(t, rows.Err())
	require.NoError(t, db.Close())
	return out
}

// cookieTableRows returns every row of the cookies table, every column, in
// the order of the unique index.
func cookieTableRows(t testing.TB, path string) [][]any {
	t.Helper()
	db := rawDB(t, path)
	rows, err := db.Query(`SELECT * FROM cookies ORDER BY host_key, top_frame_site_key, has_cross_site_ancestor, name, path, source_scheme, source_port`)
	require.NoError(t, err)
	defer rows.Close()
	cols, err := rows.Columns()
	require.NoError(t, err)
	var out [][]any
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		require.NoError(t, rows.Scan(ptrs...))
		out = append(out, vals)
	}
	require.NoError(t, rows.Err())
	require.NoError(t, db.Close())
	return out
}

// TestBackendSchema: OpenBackend gives a new file Open's schema, object for
// object, plus the store tables.
func TestBackendSchema(t *testing.T) {
	plain, multi := dbPath(t), dbPath(t)
	require.NoError(t, openT(t, plain, nil, nil).Close())
	require.NoError(t, openBackendT(t, multi, nil, nil).Close())
	hosts := []string{
		"table cookiemonster_hosts: " + createHosts,
		"trigger cookiemonster_hosts_delete: " + createHostsDelete,
		"trigger cookiemonster_hosts_insert: " + createHostsInsert,
		"index cookiemonster_hosts_reversed: " + createHostsIndex,
		"trigger cookiemonster_hosts_update: " + createHostsUpdate,
	}
	assert.Equal(t, append(slices.Clone(hosts),
		"table cookies: "+createCookies,
		"index cookies_unique_index: "+createIndex,
		"table meta: "+createMeta,
	), schemaObjects(t, plain))
	assert.Equal(t, append(slices.Clone(hosts),
		"table cookies: "+createCookies,
		"index cookies_unique_index: "+createIndex,
		"table meta: "+createMeta,
		"table store_cookies: "+createStoreCookies,
		"index store_cookies_unique_index: "+createStoreIndex,
		"table stores: "+createStores,
	), schemaObjects(t, multi))
	assert.Equal(t, []string{
		"CREATE TABLE store_cookies(store_id TEXT NOT NULL,first_party_domain TEXT NOT NULL DEFAULT '',creation_utc INTEGER NOT NULL,host_key TEXT NOT NULL," +
			"top_frame_site_key TEXT NOT NULL,name TEXT NOT NULL,value TEXT NOT NULL,encrypted_value BLOB NOT NULL," +
			"path TEXT NOT NULL,expires_utc INTEGER NOT NULL,is_secure INTEGER NOT NULL,is_httponly INTEGER NOT NULL," +
			"last_access_utc INTEGER NOT NULL,has_expires INTEGER NOT NULL,is_persistent INTEGER NOT NULL," +
			"priority INTEGER NOT NULL,samesite INTEGER NOT NULL,source_scheme INTEGER NOT NULL," +
			"source_port INTEGER NOT NULL,last_update_utc INTEGER NOT NULL,source_type INTEGER NOT NULL," +
			"has_cross_site_ancestor INTEGER NOT NULL)",
		"CREATE TABLE stores(store_id TEXT NOT NULL PRIMARY KEY)",
	}, []string{createStoreCookies, createStores})
	assert.Equal(t, "store_id TEXT NOT NULL,first_party_domain TEXT NOT NULL DEFAULT '',"+
		strings.TrimPrefix(createCookies, "CREATE TABLE cookies("),
		strings.TrimPrefix(createStoreCookies, "CREATE TABLE store_cookies("),
		"Chromium's columns after the store_id and the first_party_domain")
	assert.Equal(t, "store_id, first_party_domain, "+
		strings.TrimPrefix(createIndex, "CREATE UNIQUE INDEX cookies_unique_index ON cookies("),
		strings.TrimPrefix(createStoreIndex, "CREATE UNIQUE INDEX store_cookies_unique_index ON store_cookies("),
		"Chromium's unique index after the store_id and the first_party_domain")
}

// TestBackendDefaultStoreIsChromiumsTable: the default store of a Backend
// writes the cookies table row for row as a Store of Open does, Open reads
// it and ignores the other stores, and a file of Open's opens as a Backend
// whose default store holds its cookies.
func TestBackendDefaultStoreIsChromiumsTable(t *testing.T) {
	ctx := context.Background()
	def := storeCookies(cookiemonster.DefaultStoreID, 0, 100)
	plain, multi := dbPath(t), dbPath(t)

	s := openKeep(t, plain, nil, nil)
	for _, c := range def {
		s.Add(c)
	}
	require.NoError(t, s.Close())

	b := openBackendT(t, multi, nil, nil)
	s = storeT(t, b, cookiemonster.DefaultStoreID, true)
	alice := storeT(t, b, "alice", true)
	for _, c := range def {
		s.Add(c)
	}
	for _, c := range storeCookies("alice", 0, 100) {
		alice.Add(c)
	}
	require.NoError(t, b.Close())
	assert.Equal(t, cookieTableRows(t, plain), cookieTableRows(t, multi), "the same rows, column for column")
	assert.Len(t, cookieTableRows(t, multi), len(def))

	// Open reads the default store, and leaves the store tables alone.
	before := storeRows(t, multi)
	assert.Equal(t, sorted(def), sorted(loadAllKeep(t, multi, nil)))
	s = openT(t, multi, nil, nil) // deletes the default store's session cookies at its load
	_, err := s.Load(ctx)
	require.NoError(t, err)
	require.NoError(t, s.Close())
	assert.Equal(t, sorted(persistentOnly(def)), sorted(loadAllKeep(t, multi, nil)))
	var want []string
	for _, r := range before {
		if strings.HasPrefix(r, "alice=") {
			want = append(want, r)
		}
	}
	for _, c := range persistentOnly(def) {
		want = append(want, "default="+c.Value)
	}
	slices.Sort(want)
	assert.Equal(t, want, storeRows(t, multi))

	// A file of Open's, opened as a Backend.
	b = openBackendT(t, plain, nil, nil)
	ids, err := b.StoreIDs(ctx)
	require.NoError(t, err)
	assert.Equal(t, []string{cookiemonster.DefaultStoreID}, ids)
	assert.Equal(t, sorted(def), sorted(loadStore(t, b, cookiemonster.DefaultStoreID, true)))
	require.NoError(t, b.Close())
	assert.Len(t, schemaObjects(t, plain), 11, "with the store tables added")
}

// TestBackendStoreIDsAndDeleteStore: StoreIDs lists the default store and
// every store created, empty ones included, across restarts; DeleteStore
// removes a store and its rows in one transaction, refuses an open store
// and an unknown one, and empties the default store.
func TestBackendStoreIDsAndDeleteStore(t *testing.T) {
	ctx := context.Background()
	path := dbPath(t)
	b := openBackendT(t, path, nil, nil)
	ids := func() []string {
		t.Helper()
		ids, err := b.StoreIDs(ctx)
		require.NoError(t, err)
		return ids
	}
	restart := func() {
		t.Helper()
		require.NoError(t, b.Close())
		b = openBackendT(t, path, nil, nil)
	}
	assert.Equal(t, []string{"default"}, ids())

	// An empty store exists once created, and after a restart.
	empty := storeT(t, b, "empty", true)
	assert.Equal(t, []string{"default", "empty"}, ids())
	for _, id := range []string{"b", "a", "Z", "é", "with space", "default2"} {
		s := storeT(t, b, id, true)
		s.Add(inStore(id, 1))
		require.NoError(t, s.Close())
	}
	d := storeT(t, b, cookiemonster.DefaultStoreID, true)
	d.Add(inStore("default", 1))
	require.NoError(t, d.Close())
	want := []string{"Z", "a", "b", "default", "default2", "empty", "with space", "é"}
	assert.Equal(t, want, ids())

	_, err := b.OpenStore(ctx, "empty")
	assert.ErrorIs(t, err, ErrStoreOpen)
	assert.Equal(t, `sqlitestore: open store "empty" of `+path+": store is open", err.Error())
	err = b.DeleteStore(ctx, "empty")
	assert.ErrorIs(t, err, ErrStoreOpen)
	assert.Equal(t, `sqlitestore: delete store "empty" of `+path+": store is open", err.Error())
	require.NoError(t, empty.Close())

	restart()
	assert.Equal(t, want, ids())
	assert.Equal(t, []string{"Z=Z-v1-1eef", "a=a-v1-1eef", "b=b-v1-1eef", "default2=default2-v1-1eef",
		"default=default-v1-1eef", "with space=with space-v1-1eef", "é=é-v1-1eef"}, storeRows(t, path))

	cases := []struct {
		id   string
		err  string // "": deleted
		is   error
		ids  []string
		rows []string
	}{
		{id: "empty", ids: []string{"Z", "a", "b", "default", "default2", "with space", "é"},
			rows: []string{"Z=Z-v1-1eef", "a=a-v1-1eef", "b=b-v1-1eef", "default2=default2-v1-1eef",
				"default=default-v1-1eef", "with space=with space-v1-1eef", "é=é-v1-1eef"}},
		{id: "empty", err: `sqlitestore: delete store "empty" of ` + path + ": no such store", is: cookiemonster.ErrNoStore,
			ids: []string{"Z", "a", "b", "default", "default2", "with space", "é"},
			rows: []string{"Z=Z-v1-1eef", "a=a-v1-1eef", "b=b-v1-1eef", "default2=default2-v1-1eef",
				"default=default-v1-1eef", "with space=with space-v1-1eef", "é=é-v1-1eef"}},
		{id: "a", ids: []string{"Z", "b", "default", "default2", "with space", "é"},
			rows: []string{"Z=Z-v1-1eef", "b=b-v1-1eef", "default2=default2-v1-1eef",
				"default=default-v1-1eef", "with space=with space-v1-1eef", "é=é-v1-1eef"}},
		{id: "with space", ids: []string{"Z", "b", "default", "default2", "é"},
			rows: []string{"Z=Z-v1-1eef", "b=b-v1-1eef", "default2=default2-v1-1eef", "default=default-v1-1eef", "é=é-v1-1eef"}},
		{id: "default", ids: []string{"Z", "b", "default", "default2", "é"},
			rows: []string{"Z=Z-v1-1eef", "b=b-v1-1eef", "default2=default2-v1-1eef", "é=é-v1-1eef"}},
		{id: "never", err: `sqlitestore: delete store "never" of ` + path + ": no such store", is: cookiemonster.ErrNoStore,
			ids:  []string{"Z", "b", "default", "default2", "é"},
			rows: []string{"Z=Z-v1-1eef", "b=b-v1-1eef", "default2=default2-v1-1eef", "é=é-v1-1eef"}},
	}
	for _, tc := range cases {
		err := b.DeleteStore(ctx, tc.id)
		if tc.err == "" {
			require.NoError(t, err, tc.id)
		} else {
			assert.ErrorIs(t, err, tc.is)
			assert.Equal(t, tc.err, err.Error())
		}
		assert.Equal(t, tc.ids, ids(), "after deleting %q", tc.id)
		assert.Equal(t, tc.rows, storeRows(t, path), "after deleting %q", tc.id)
	}
	restart()
	assert.Equal(t, []string{"Z", "b", "default", "default2", "é"}, ids())

	// A deleted store's ID makes a new, empty store.
	assert.Empty(t, loadStore(t, b, "a", true))
	assert.Equal(t, []string{"Z", "a", "b", "default", "default2", "é"}, ids())
	_, err = b.OpenStore(ctx, "")
	assert.ErrorIs(t, err, fs.ErrInvalid)
	assert.Equal(t, "sqlitestore: open a store of "+path+": invalid argument: the ID is empty", err.Error())
	assert.Equal(t, []string{"Z", "a", "b", "default", "default2", "é"}, ids())

	// A row of stores for the default store, which only another program
	// writes, names no other store.
	require.NoError(t, b.Close())
	db := rawDB(t, path)
	_, err = db.Exec(`INSERT INTO stores(store_id) VALUES ('default')`)
	require.NoError(t, err)
	require.NoError(t, db.Close())
	b = openBackendT(t, path, nil, nil)
	assert.Equal(t, []string{"Z", "a", "b", "default", "default2", "é"}, ids())
}

// TestBackendNewStoreRecordedByItsCommit: a new store's row of stores is
// written by the next commit, with the store's operations; a failed commit
// keeps it for the next one.
func TestBackendNewStoreRecordedByItsCommit(t *testing.T) {
	ctx := context.Background()
	path := dbPath(t)
	var cnt stmtCounter
	b := openBackendT(t, path, &Options{CommitInterval: time.Hour}, cnt.hooks())
	recorded := func() []string {
		t.Helper()
		db := rawDB(t, path)
		defer db.Close()
		rows, err := db.Query(`SELECT store_id FROM stores ORDER BY store_id`)
		require.NoError(t, err)
		defer rows.Close()
		out := []string{}
		for rows.Next() {
			var id string
			require.NoError(t, rows.Scan(&id))
			out = append(out, id)
		}
		require.NoError(t, rows.Err())
		return out
	}
	x := storeT(t, b, "x", true)
	assert.Equal(t, []string{}, recorded(), "not before a commit")
	require.NoError(t, x.Flush(ctx))
	assert.Equal(t, []string{"x"}, recorded())
	_, commits := cnt.get()
	assert.Equal(t, []int{0}, commits, "a commit of no operation, the row alone")

	// A failed commit: the row is written by the next one.
	db := rawDB(t, path)
	_, err := db.Exec(`ALTER TABLE stores RENAME TO stores_away`)
	require.NoError(t, err)
	y := storeT(t, b, "y", true)
	err = y.Flush(ctx)
	require.Error(t, err)
	want := []string{
		"sqlitestore: commit to " + path + ` (store "y"): 0 operations failed and will be retried: preparing a statement: SQL logic error: no such table: stores (1)`,
		"sqlitestore: commit to " + path + ` (store "y"): 0 operations failed and will be retried: recording the store: SQL logic error: no such table: stores (1)`,
	}
	assert.Contains(t, want, err.Error())
	_, err = db.Exec(`ALTER TABLE stores_away RENAME TO stores`)
	require.NoError(t, err)
	require.NoError(t, db.Close())
	y.Add(inStore("y", 1))
	require.NoError(t, y.Flush(ctx))
	assert.Equal(t, []string{"x", "y"}, recorded())
	assert.Equal(t, []string{"y=y-v1-1eef"}, storeRows(t, path))

	// Closed without a Flush: its Close writes the row.
	require.NoError(t, storeT(t, b, "z", true).Close())
	assert.Equal(t, []string{"x", "y", "z"}, recorded())
	_, commits = cnt.get()
	assert.Equal(t, []int{0, 1, 0}, commits)
}

// TestBackendStoresAreIsolated: stores holding cookies of the same unique
// keys each load, update, delete and drop their session cookies of their
// own, by Load and by LoadKey, whichever table they are in.
func TestBackendStoresAreIsolated(t *testing.T) {
	ctx := context.Background()
	path := dbPath(t)
	ids := []string{"alice", "bob", cookiemonster.DefaultStoreID}
	b := openBackendT(t, path, nil, nil)
	for _, id := range ids {
		s := storeT(t, b, id, true)
		for _, c := range storeCookies(id, 0, 60) {
			s.Add(c)
		}
		require.NoError(t, s.Close())
	}
	for _, id := range ids {
		assert.Equal(t, sorted(storeCookies(id, 0, 60)), sorted(loadStore(t, b, id, true)), id)
	}

	// alice: deletes her session cookies at her first load, then deletes
	// cookie 1 and moves the access time of cookie 2.
	alice := storeT(t, b, "alice", false)
	got, err := alice.Load(ctx)
	require.NoError(t, err)
	assert.Equal(t, sorted(persistentOnly(storeCookies("alice", 0, 60))), sorted(got))
	alice.Delete(inStore("alice", 1))
	touched := inStore("alice", 2)
	touched.LastAccess = touched.LastAccess.Add(time.Hour)
	alice.UpdateAccessTime(touched)
	require.NoError(t, alice.Close())

	// bob: one site by LoadKey, then the rest.
	bob := storeT(t, b, "bob", true)
	key := cookiemonster.StorageKey(genCookie(1).Domain, nil)
	var site, rest []*cookiemonster.CanonicalCookie
	for _, c := range storeCookies("bob", 0, 60) {
		if cookiemonster.StorageKey(c.Domain, nil) == key {
			site = append(site, c)
		} else {
			rest = append(rest, c)
		}
	}
	require.NotEmpty(t, site)
	got, err = bob.LoadKey(ctx, key)
	require.NoError(t, err)
	assert.Equal(t, sorted(site), sorted(got))
	got, err = bob.Load(ctx)
	require.NoError(t, err)
	assert.Equal(t, sorted(rest), sorted(got))
	require.NoError(t, bob.Close())

	var wantAlice []*cookiemonster.CanonicalCookie
	for i, c := range storeCookies("alice", 0, 60) {
		switch {
		case !c.IsPersistent() || i == 1:
		case i == 2:
			wantAlice = append(wantAlice, touched)
		default:
			wantAlice = append(wantAlice, c)
		}
	}
	assert.Equal(t, sorted(wantAlice), sorted(loadStore(t, b, "alice", true)))
	assert.Equal(t, sorted(storeCookies("bob", 0, 60)), sorted(loadStore(t, b, "bob", true)))
	assert.Equal(t, sorted(storeCookies(cookiemonster.DefaultStoreID, 0, 60)), sorted(loadStore(t, b, cookiemonster.DefaultStoreID, true)))
}

// TestBackendStoresShareCommits: a Flush of one store commits what every
// store has queued, in one transaction; BatchSize counts the operations of
// every store.
func TestBackendStoresShareCommits(t *testing.T) {
	ctx := context.Background()
	path := dbPath(t)
	var cnt stmtCounter
	b := openBackendT(t, path, &Options{CommitInterval: time.Hour, BatchSize: 8}, cnt.hooks())
	d := storeT(t, b, cookiemonster.DefaultStoreID, true)
	alice := storeT(t, b, "alice", true)
	bob := storeT(t, b, "bob", true)
	require.NoError(t, alice.Flush(ctx)) // the rows of the new stores
	cnt.reset()

	for i := 1; i <= 2; i++ {
		d.Add(inStore("default", i))
		alice.Add(inStore("alice", i))
		bob.Add(inStore("bob", i))
	}
	alice.Delete(inStore("alice", 1))
	require.NoError(t, bob.Flush(ctx))
	stmts, commits := cnt.get()
	assert.Equal(t, []int{6}, commits, "one transaction for the three stores")
	assert.Equal(t, map[opKind]int{opAdd: 5, opDelete: 1}, stmts, "alice's Add then Delete of one cookie coalesced to the Delete")
	assert.Equal(t, []string{"alice=alice-v2-3dde", "bob=bob-v1-1eef", "bob=bob-v2-3dde", "default=default-v1-1eef", "default=default-v2-3dde"},
		storeRows(t, path))
	require.NoError(t, d.Flush(ctx))
	require.NoError(t, alice.Flush(ctx))
	_, commits = cnt.get()
	assert.Equal(t, []int{6}, commits, "nothing left to commit")

	// Eight operations in three stores start a commit.
	cnt.reset()
	for i := 3; i <= 4; i++ {
		d.Add(inStore("default", i))
		alice.Add(inStore("alice", i))
		bob.Add(inStore("bob", i))
	}
	alice.Add(inStore("alice", 5))
	_, commits = cnt.get()
	assert.Empty(t, commits, "seven operations")
	bob.Add(inStore("bob", 5))
	require.Eventually(t, func() bool { _, c := cnt.get(); return len(c) == 1 }, 10*time.Second, time.Millisecond)
	_, commits = cnt.get()
	assert.Equal(t, []int{8}, commits)
	assert.Len(t, storeRows(t, path), 13)
}

// TestBackendCommitErrorsGoToTheirStore: when a commit for one store fails
// in another store's operations, the store that asked gets its own error
// and the other store gets its own, through OnError and its next Flush;
// both batches are retried.
func TestBackendCommitErrorsGoToTheirStore(t *testing.T) {
	ctx := context.Background()
	path := dbPath(t)
	var mu sync.Mutex
	var bg []string
	b := openBackendT(t, path, &Options{CommitInterval: time.Hour, OnError: func(err error) {
		mu.Lock()
		defer mu.Unlock()
		bg = append(bg, err.Error())
	}}, nil)
	d := storeT(t, b, cookiemonster.DefaultStoreID, true)
	alice := storeT(t, b, "alice", true)
	require.NoError(t, d.Flush(ctx))
	db := rawDB(t, path)
	_, err := db.Exec(`ALTER TABLE store_cookies RENAME TO away`)
	require.NoError(t, err)

	d.Add(inStore("default", 1))
	alice.Add(inStore("alice", 1))
	alice.Add(inStore("alice", 2))
	err = d.Flush(ctx)
	require.Error(t, err)
	causes := []string{
		"preparing a statement: SQL logic error: no such table: store_cookies (1)",
		"INSERT of 2 cookies: SQL logic error: no such table: store_cookies (1)",
	}
	var cause string
	for _, c := range causes {
		if strings.HasSuffix(err.Error(), c) {
			cause = c
		}
	}
	require.NotEmpty(t, cause, err.Error())
	assert.Equal(t, "sqlitestore: commit to "+path+` (store "default"): 1 operations failed and will be retried: `+cause, err.Error())
	// OnError runs in a goroutine of its own, not in the caller of the
	// default store's Flush.
	require.Eventually(t, func() bool { mu.Lock(); defer mu.Unlock(); return len(bg) > 0 }, 10*time.Second, time.Millisecond)
	mu.Lock()
	assert.Equal(t, []string{"sqlitestore: commit to " + path + ` (store "alice"): 2 operations failed and will be retried: ` + cause}, bg)
	mu.Unlock()
	assert.Equal(t, 0, countRows(t, path), "the default store's row was rolled back")

	_, err = db.Exec(`ALTER TABLE away RENAME TO store_cookies`)
	require.NoError(t, err)
	require.NoError(t, d.Flush(ctx), "retried, and the default store's error was returned once")
	err = alice.Flush(ctx)
	require.Error(t, err)
	assert.Equal(t, "sqlitestore: commit to "+path+` (store "alice"): 2 operations failed and will be retried: `+cause, err.Error())
	assert.NoError(t, alice.Flush(ctx), "once")
	assert.Equal(t, []string{"alice=alice-v1-1eef", "alice=alice-v2-3dde", "default=default-v1-1eef"}, storeRows(t, path))
}

// TestBackendCloseClosesStores: Close commits and closes the stores still
// open; their methods then fail with ErrClosed, as do the Backend's; the
// file is free for Open.
func TestBackendCloseClosesStores(t *testing.T) {
	ctx := context.Background()
	path := dbPath(t)
	b := openBackendT(t, path, &Options{CommitInterval: time.Hour}, nil)
	d := storeT(t, b, cookiemonster.DefaultStoreID, true)
	alice := storeT(t, b, "alice", true)
	d.Add(inStore("default", 1))
	alice.Add(inStore("alice", 1))
	require.NoError(t, b.Close())
	assert.Equal(t, []string{"alice=alice-v1-1eef", "default=default-v1-1eef"}, storeRows(t, path))

	err := alice.Flush(ctx)
	assert.ErrorIs(t, err, ErrClosed)
	assert.Equal(t, "sqlitestore: flush "+path+` (store "alice"): store is closed`, err.Error())
	_, err = d.Load(ctx)
	assert.ErrorIs(t, err, cookiemonster.ErrStoreClosed)
	assert.Equal(t, "sqlitestore: load "+path+` (store "default"): store is closed`, err.Error())
	assert.NoError(t, alice.Close())
	assert.NoError(t, b.Close())
	assert.Equal(t, []*cookiemonster.CanonicalCookie{inStore("default", 1)}, loadAllKeep(t, path, nil))
}

// TestClosedAndZeroBackend: every method of a closed Backend, of the zero
// Backend and of a nil *Backend fails with ErrClosed at once (Close
// returns nil).
func TestClosedAndZeroBackend(t *testing.T) {
	ctx := context.Background()
	path := dbPath(t)
	closed := openBackendT(t, path, nil, nil)
	require.NoError(t, closed.Close())
	var nilBackend *Backend
	cases := []struct {
		name string
		b    *Backend
		file string
	}{
		{"closed", closed, path},
		{"zero", &Backend{}, "(a Backend not made by OpenBackend)"},
		{"nil", nilBackend, "(a Backend not made by OpenBackend)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ids, err := tc.b.StoreIDs(ctx)
			assert.Nil(t, ids)
			assert.ErrorIs(t, err, ErrClosed)
			assert.Equal(t, "sqlitestore: list the stores of "+tc.file+": store is closed", err.Error())
			s, err := tc.b.OpenStore(ctx, "x")
			assert.Nil(t, s)
			assert.ErrorIs(t, err, cookiemonster.ErrStoreClosed)
			assert.Equal(t, `sqlitestore: open store "x" of `+tc.file+": store is closed", err.Error())
			err = tc.b.DeleteStore(ctx, "x")
			assert.ErrorIs(t, err, ErrClosed)
			assert.Equal(t, `sqlitestore: delete store "x" of `+tc.file+": store is closed", err.Error())
			assert.NoError(t, tc.b.Close())
		})
	}
}

// TestBackendInUse: a file has one Store or one Backend at a time, in
// this process; each is refused while the other is open, and opens once it
// is closed.
func TestBackendInUse(t *testing.T) {
	for _, first := range fileOpeners {
		for _, second := range fileOpeners {
			t.Run(first.name+" then "+second.name, func(t *testing.T) {
				path := dbPath(t)
				closeFirst, err := first.open(path)
				require.NoError(t, err)
				closeSecond, err := second.open(path)
				assert.Nil(t, closeSecond)
				assert.ErrorIs(t, err, ErrInUse)
				assert.Equal(t, "sqlitestore: open "+path+": database is in use by another Store in this process", err.Error())
				require.NoError(t, closeFirst())
				closeSecond, err = second.open(path)
				require.NoError(t, err)
				require.NoError(t, closeSecond())
			})
		}
	}
}

// TestBackendConcurrentStores: stores of one Backend written, flushed and
// loaded from many goroutines at once, with StoreIDs, OpenStore and
// DeleteStore of other stores in between, each end up with exactly their
// own cookies.
func TestBackendConcurrentStores(t *testing.T) {
	const stores, perStore = 6, 150
	ctx := context.Background()
	path := dbPath(t)
	b := openBackendT(t, path, &Options{BatchSize: 40}, nil)
	id := func(i int) string { return fmt.Sprintf("s%d", i) }
	var wg sync.WaitGroup
	errs := make(chan error, stores+1)
	for i := range stores {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := b.openStore(ctx, id(i))
			if err != nil {
				errs <- err
				return
			}
			s.KeepSessionCookies(true)
			if _, err := s.Load(ctx); err != nil {
				errs <- err
			}
			for j := range perStore {
				s.Add(inStore(id(i), j))
				if j%3 == 0 {
					s.Delete(inStore(id(i), j))
				}
				if j%50 == 49 {
					if err := s.Flush(ctx); err != nil {
						errs <- err
					}
				}
			}
			if err := s.Close(); err != nil {
				errs <- err
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for k := range 20 {
			tmp := fmt.Sprintf("tmp%d", k)
			s, err := b.openStore(ctx, tmp)
			if err == nil {
				s.Add(inStore(tmp, k))
				err = errors.Join(s.Close(), b.DeleteStore(ctx, tmp))
			}
			if _, lerr := b.StoreIDs(ctx); lerr != nil {
				err = errors.Join(err, lerr)
			}
			if err != nil {
				errs <- err
				return
			}
		}
	}()
	wg.Wait()
	close(errs)
	for err := range errs {
		assert.NoError(t, err)
	}
	ids, err := b.StoreIDs(ctx)
	require.NoError(t, err)
	assert.Equal(t, []string{"default", "s0", "s1", "s2", "s3", "s4", "s5"}, ids)
	for i := range stores {
		var want []*cookiemonster.CanonicalCookie
		for j, c := range storeCookies(id(i), 0, perStore) {
			if j%3 != 0 {
				want = append(want, c)
			}
		}
		assert.Equal(t, sorted(want), sorted(loadStore(t, b, id(i), true)), id(i))
	}
}
