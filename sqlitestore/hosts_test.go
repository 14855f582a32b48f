package sqlitestore

import (
	"context"
	"database/sql"
	"testing"

	"github.com/cookiemonster-go/cookiemonster"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hostsIndex reads the hosts index of the file at path: host_key →
// reversed ("NULL" for a NULL).
func hostsIndex(t *testing.T, db *sql.DB) map[string]string {
	t.Helper()
	rows, err := db.Query(`SELECT host_key, reversed FROM cookiemonster_hosts`)
	require.NoError(t, err)
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var h string
		var r sql.NullString
		require.NoError(t, rows.Scan(&h, &r))
		out[h] = r.String
		if !r.Valid {
			out[h] = "NULL"
		}
	}
	require.NoError(t, rows.Err())
	return out
}

// hostsState reads which triggers of the hosts index the file has and
// whether the meta row of an open Store is there.
func hostsState(t *testing.T, db *sql.DB) (triggers []string, open bool) {
	t.Helper()
	rows, err := db.Query(`SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name`)
	require.NoError(t, err)
	defer rows.Close()
	for rows.Next() {
		var n string
		require.NoError(t, rows.Scan(&n))
		triggers = append(triggers, n)
	}
	require.NoError(t, rows.Err())
	var n int
	require.NoError(t, db.QueryRow(`SELECT count(*) FROM meta WHERE key = 'cookiemonster_hosts'`).Scan(&n))
	return triggers, n == 1
}

var allTriggers = []string{"cookiemonster_hosts_delete", "cookiemonster_hosts_insert", "cookiemonster_hosts_update"}

// fixtureIndex is the hosts index of groupFixture.
var fixtureIndex = map[string]string{
	".example.com": "moc.elpmaxe", "www.example.com": "moc.elpmaxe.www", "a.example.com": "moc.elpmaxe.a",
	"other.com": "moc.rehto", ".other.com": "moc.rehto",
}

// TestHostsIndexKept: the commits of an open Store add the hosts they
// write to the index; the triggers are dropped while the Store is open and
// armed by Close.
func TestHostsIndexKept(t *testing.T) {
	path := dbPath(t)
	groupFixture(t, path, nil)
	db := rawDB(t, path)
	assert.Equal(t, fixtureIndex, hostsIndex(t, db))
	triggers, open := hostsState(t, db)
	assert.Equal(t, allTriggers, triggers, "armed at rest")
	assert.False(t, open)

	s := openT(t, path, nil, nil)
	triggers, open = hostsState(t, db)
	assert.Empty(t, triggers, "dropped while open")
	assert.True(t, open)
	c := genCookie(3) // .site3.com
	s.Add(c)
	require.NoError(t, s.Flush(context.Background()))
	want := map[string]string{".site3.com": "moc.3etis"}
	for h, r := range fixtureIndex {
		want[h] = r
	}
	assert.Equal(t, want, hostsIndex(t, db))
	// A host whose last row the Store deletes leaves the index.
	s.Delete(c)
	require.NoError(t, s.Flush(context.Background()))
	assert.Equal(t, fixtureIndex, hostsIndex(t, db))
	// Added and deleted in one commit: not indexed, and indexed again by
	// a later insert.
	s.Add(c)
	s.Delete(c)
	require.NoError(t, s.Flush(context.Background()))
	assert.Equal(t, fixtureIndex, hostsIndex(t, db))
	s.Add(c)
	require.NoError(t, s.Flush(context.Background()))
	assert.Equal(t, want, hostsIndex(t, db))
	require.NoError(t, s.Close())
	triggers, open = hostsState(t, db)
	assert.Equal(t, allTriggers, triggers)
	assert.False(t, open)
}

// TestHostsIndexForeignWrites: what another program does to the file while
// no Store has it open reaches the index, through the triggers or, when
// they are gone or a Store did not close, by a rebuild at Open; and the
// first LoadKey finds the cookies those writes added.
func TestHostsIndexForeignWrites(t *testing.T) {
	cases := []struct {
		name    string
		prepare func(t *testing.T, db *sql.DB)
		// index is the hosts index after the foreign writes, before Open.
		index map[string]string
	}{
		{"triggers armed", func(*testing.T, *sql.DB) {}, map[string]string{"b.example.com": "NULL"}},
		{"triggers dropped (a rebuilt table)", func(t *testing.T, db *sql.DB) {
			for _, tr := range allTriggers {
				_, err := db.Exec(`DROP TRIGGER ` + tr)
				require.NoError(t, err)
			}
		}, map[string]string{}},
		{"a Store that did not close", func(t *testing.T, db *sql.DB) {
			// As an open Store leaves the file.
			for _, q := range []string{markOpen, `DROP TRIGGER cookiemonster_hosts_insert`,
				`DROP TRIGGER cookiemonster_hosts_delete`, `DROP TRIGGER cookiemonster_hosts_update`} {
				_, err := db.Exec(q)
				require.NoError(t, err)
			}
		}, map[string]string{}},
		{"an index of another shape", func(t *testing.T, db *sql.DB) {
			for _, q := range []string{`DROP INDEX cookiemonster_hosts_reversed`, `CREATE INDEX cookiemonster_hosts_reversed ON cookiemonster_hosts(host_key)`} {
				_, err := db.Exec(q)
				require.NoError(t, err)
			}
		}, map[string]string{"b.example.com": "NULL"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := dbPath(t)
			example, _ := groupFixture(t, path, nil)
			db := rawDB(t, path)
			tc.prepare(t, db)
			insertBadRow(t, db, map[string]any{"name": "foreign"}) // a good row of b.example.com
			_, err := db.Exec(`DELETE FROM cookies WHERE host_key = 'a.example.com'`)
			require.NoError(t, err)
			want := map[string]string{}
			for h, r := range fixtureIndex {
				want[h] = r
			}
			for h, r := range tc.index {
				want[h] = r
			}
			if _, ok := tc.index["b.example.com"]; ok {
				delete(want, "a.example.com") // the delete trigger
			}
			assert.Equal(t, want, hostsIndex(t, db))

			block := make(chan struct{})
			s := openT(t, path, nil, &testHooks{beforeListing: func() { <-block }})
			got, err := s.LoadKey(context.Background(), "example.com")
			require.NoError(t, err)
			foreign := &cookiemonster.CanonicalCookie{Name: "foreign", Value: "v", Domain: "b.example.com", Path: "/",
				Creation: t0, LastAccess: t0, LastUpdate: t0, Expiry: t0.Add(3600e9), Secure: true,
				SameSite: cookiemonster.SameSiteUnspecified, Priority: cookiemonster.PriorityMedium,
				SourceScheme: cookiemonster.SourceSchemeSecure, SourcePort: 443}
			assert.Equal(t, sorted([]*cookiemonster.CanonicalCookie{example[0], example[1], foreign}), sorted(got))
			close(block)
			require.NoError(t, s.Close())
			want = map[string]string{}
			for h, r := range fixtureIndex {
				want[h] = r
			}
			delete(want, "a.example.com")
			want["b.example.com"] = "moc.elpmaxe.b"
			assert.Equal(t, want, hostsIndex(t, db), "filled in at Open, the host without rows gone")
			triggers, open := hostsState(t, db)
			assert.Equal(t, allTriggers, triggers)
			assert.False(t, open)
		})
	}
}

// TestLoadKeyBeforeListing: while the listing of the hosts has not ended,
// LoadKey reads its group through the hosts index; the listing then leaves
// that group out, so that Load returns every other cookie and none twice.
// A bad group found that way is dropped as any other.
func TestLoadKeyBeforeListing(t *testing.T) {
	path := dbPath(t)
	example, other := groupFixture(t, path, nil)
	ctx := context.Background()

	block := make(chan struct{})
	s := openT(t, path, nil, &testHooks{beforeListing: func() { <-block }})
	got, err := s.LoadKey(ctx, "example.com")
	require.NoError(t, err)
	assert.Equal(t, sorted(example), sorted(got))
	got, err = s.LoadKey(ctx, "example.com")
	require.NoError(t, err)
	assert.Empty(t, got, "returned once")
	got, err = s.LoadKey(ctx, "absent.example")
	require.NoError(t, err)
	assert.Empty(t, got)
	close(block)
	got, err = s.Load(ctx)
	require.NoError(t, err)
	assert.Equal(t, sorted(other), sorted(got))
	got, err = s.LoadKey(ctx, "example.com")
	require.NoError(t, err)
	assert.Empty(t, got)
	require.NoError(t, s.Close())

	insertBadRow(t, rawDB(t, path), map[string]any{"name": "a;b"})
	logs := &logSink{}
	block = make(chan struct{})
	s = openT(t, path, &Options{Logf: logs.logf}, &testHooks{beforeListing: func() { <-block }})
	got, err = s.LoadKey(ctx, "example.com")
	require.NoError(t, err)
	assert.Empty(t, got, "the bad group is dropped")
	close(block)
	got, err = s.Load(ctx)
	require.NoError(t, err)
	assert.Equal(t, sorted(other), sorted(got))
	require.NoError(t, s.Close())
	require.Len(t, logs.all(), 1)
	assert.Contains(t, logs.all()[0], `sqlitestore: dropped all 4 stored cookies of "example.com": row (host_key "b.example.com", name "a;b")`)
	assert.Equal(t, 0, hostRows(t, path, ".example.com", "www.example.com", "a.example.com", "b.example.com"))
}

// assertIndexExact asserts that the hosts index of db lists exactly the
// hosts of the cookies table, each reversed.
func assertIndexExact(t *testing.T, db *sql.DB, msg string) {
	t.Helper()
	rows, err := db.Query(`SELECT DISTINCT host_key FROM cookies`)
	require.NoError(t, err)
	defer rows.Close()
	want := map[string]string{}
	for rows.Next() {
		var h string
		require.NoError(t, rows.Scan(&h))
		want[h] = reverseHost(h, cookiemonster.StorageKey(h, nil))
	}
	require.NoError(t, rows.Err())
	assert.Equal(t, want, hostsIndex(t, db), msg)
}

// TestHostsIndexAfterDeletions: every way a Store deletes rows of the
// cookies table takes the hosts left without rows out of the index.
func TestHostsIndexAfterDeletions(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name string
		run  func(t *testing.T, path string) int // the rows left
	}{
		{"session rows", func(t *testing.T, path string) int {
			persistent := sessionFixture(t, path)
			s := openT(t, path, nil, nil)
			_, err := s.LoadKey(ctx, "site1.com")
			require.NoError(t, err)
			require.NoError(t, s.Close())
			return len(persistent)
		}},
		{"a bad group", func(t *testing.T, path string) int {
			groupFixture(t, path, nil)
			insertBadRow(t, rawDB(t, path), map[string]any{"name": "a;b", "host_key": "z.example.com"})
			loadAll(t, path, &Options{Logf: func(string, ...any) {}})
			return 2
		}},
		{"DeleteAllInList", func(t *testing.T, path string) int {
			groupFixture(t, path, nil)
			s := openT(t, path, nil, nil)
			require.NoError(t, s.DeleteAllInList(ctx, []cookiemonster.CookieOrigin{
				{Domain: "www.example.com", Secure: false}, {Domain: "other.com", Secure: false}}))
			require.NoError(t, s.Close())
			return 3
		}},
		{"DeleteStore of the default store", func(t *testing.T, path string) int {
			groupFixture(t, path, nil)
			b := openBackendT(t, path, nil, nil)
			require.NoError(t, b.DeleteStore(ctx, cookiemonster.DefaultStoreID))
			require.NoError(t, b.Close())
			return 0
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := dbPath(t)
			left := tc.run(t, path)
			assert.Equal(t, left, countRows(t, path))
			db := rawDB(t, path)
			assertIndexExact(t, db, "")
			if left > 0 {
				assert.NotEmpty(t, hostsIndex(t, db))
			}
		})
	}
}
