package sqlitestore

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cookiemonster-go/cookiemonster"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// genCookies returns cookies n0 to n1-1 of genCookie.
func genCookies(n0, n1 int) []*cookiemonster.CanonicalCookie {
	out := make([]*cookiemonster.CanonicalCookie, 0, n1-n0)
	for i := n0; i < n1; i++ {
		out = append(out, genCookie(i))
	}
	return out
}

// crashedFiles writes cookies 0 to n-1 through a Store at path and returns
// the database file and its -wal file as a crash of the process would
// leave them: copied while the Store is open, after its Flush, so that the
// -wal file holds the commits not yet copied into the database file.
func crashedFiles(t *testing.T, path string, n int) (db, wal []byte) {
	t.Helper()
	s := openT(t, path, &Options{BatchSize: n + 1}, nil)
	for _, c := range genCookies(0, n) {
		s.Add(c)
	}
	require.NoError(t, s.Flush(context.Background()))
	db, err := os.ReadFile(path)
	require.NoError(t, err)
	wal, err = os.ReadFile(path + "-wal")
	require.NoError(t, err)
	require.NoError(t, s.Close())
	require.Greater(t, len(wal), walHeaderSize, "the commits are in the -wal file")
	return db, wal
}

// TestOrphanWAL: a -wal file holding commits beside a database file that
// is missing or empty is refused by Open and OpenBackend with
// ErrOrphanWAL, naming the -wal file; no file is created, deleted or
// changed, and once the database file is back every cookie of the log
// loads. A -wal file without frames holds nothing to lose and does not
// stop Open.
func TestOrphanWAL(t *testing.T) {
	const n = 300
	src := dbPath(t)
	db, wal := crashedFiles(t, src, n)
	cases := []struct {
		name  string
		db    []byte // nil: no database file
		wal   []byte
		state string // "": Open succeeds
	}{
		{name: "no database file", wal: wal, state: "missing"},
		{name: "an empty database file", db: []byte{}, wal: wal, state: "empty"},
		{name: "a -wal file of only a header", wal: wal[:walHeaderSize]},
		{name: "an empty -wal file", wal: []byte{}},
	}
	for _, tc := range cases {
		for _, o := range fileOpeners {
			t.Run(tc.name+", "+o.name, func(t *testing.T) {
				path := dbPath(t)
				dir := filepath.Dir(path)
				if tc.db != nil {
					writeFile(t, path, tc.db)
				}
				writeFile(t, path+"-wal", tc.wal)
				before := dirSnapshot(t, dir)

				closeFn, err := o.open(path)
				if tc.state == "" {
					require.NoError(t, err)
					require.NoError(t, closeFn())
					assert.Empty(t, loadAll(t, path, nil))
					return
				}
				require.Error(t, err)
				assert.Equal(t, "sqlitestore: open "+path+": write-ahead log without its database: "+
					path+"-wal holds "+strconv.Itoa(len(wal))+" bytes of writes but the database file is "+tc.state+
					" (restore the database file, or move "+path+"-wal away to start a new database)", err.Error())
				assert.ErrorIs(t, err, ErrOrphanWAL)
				after := dirSnapshot(t, dir)
				require.Equal(t, names(before), names(after))
				for n, b := range before {
					assert.True(t, slices.Equal(b, after[n]), "%s changed", n)
				}

				// The database file restored, the log's cookies are all
				// there.
				writeFile(t, path, db)
				assert.Equal(t, sorted(genCookies(0, n)), sorted(loadAllKeep(t, path, nil)))
			})
		}
	}
}

// faultCookies is how many cookies the files of the damage tests hold.
const faultCookies = 3000

// storeFile writes cookies 0 to n-1 through a Store at a new path, closes
// it (the database file alone remains, its -wal file checkpointed and
// deleted) and returns the path and the file's bytes.
func storeFile(t *testing.T, n int) (string, []byte) {
	t.Helper()
	path := dbPath(t)
	s := openT(t, path, &Options{BatchSize: n + 1}, nil)
	for _, c := range genCookies(0, n) {
		s.Add(c)
	}
	require.NoError(t, s.Close())
	require.Equal(t, []string{"Cookies"}, names(dirSnapshot(t, filepath.Dir(path))))
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return path, b
}

// pageSize is the page size of the files this package creates.
const pageSize = 4096

// assertUnchanged asserts that dir holds exactly the files of before,
// byte for byte.
func assertUnchanged(t *testing.T, dir string, before map[string][]byte) {
	t.Helper()
	after := dirSnapshot(t, dir)
	require.Equal(t, names(before), names(after))
	for n, b := range before {
		assert.True(t, slices.Equal(b, after[n]), "%s changed", n)
	}
}

// TestTruncatedFile: a store file of thousands of cookies cut short, at a
// page boundary, inside a page, to its first page or to the 100-byte
// header, is refused by Open and OpenBackend with ErrCorrupt and SQLite's
// cause (the header's page count is beyond the end of the file), and left
// as it was: no byte changed, no file created beside it.
func TestTruncatedFile(t *testing.T) {
	_, full := storeFile(t, faultCookies)
	pages := len(full) / pageSize
	require.Zero(t, len(full)%pageSize)
	require.Greater(t, pages, 100)
	cases := []struct {
		name string
		size int
	}{
		{"half the pages", pages / 2 * pageSize},
		{"the last page cut off", (pages - 1) * pageSize},
		{"inside a page", pages/2*pageSize + 1000},
		{"to the first page", pageSize},
		{"to the header", 100},
	}
	for _, tc := range cases {
		for _, backend := range []bool{false, true} {
			t.Run(tc.name+map[bool]string{false: ", Open", true: ", OpenBackend"}[backend], func(t *testing.T) {
				path := dbPath(t)
				writeFile(t, path, full[:tc.size])
				before := dirSnapshot(t, filepath.Dir(path))
				var err error
				if backend {
					var b *Backend
					b, err = OpenBackend(path, nil)
					assert.Nil(t, b)
				} else {
					var s *Store
					s, err = Open(path, nil)
					assert.Nil(t, s)
				}
				require.Error(t, err)
				assert.Equal(t, "sqlitestore: open "+path+": database is corrupt: reading the schema: database disk image is malformed (11)", err.Error())
				assert.ErrorIs(t, err, ErrCorrupt)
				assertUnchanged(t, filepath.Dir(path), before)
			})
		}
	}
}

// pagesOf returns the pages of the b-tree of the table or index name in
// the database at path, of the type pagetype ("leaf" or "internal"), in
// the order of their keys.
func pagesOf(t *testing.T, path, name, pagetype string) []int {
	t.Helper()
	pages, err := readInts(rawDB(t, path), `SELECT pageno FROM dbstat WHERE name = ? AND pagetype = ? ORDER BY path`, name, pagetype)
	require.NoError(t, err)
	require.NotEmpty(t, pages, "%s %s pages", name, pagetype)
	return pages
}

// readInts runs a query of one integer column and returns its values.
func readInts(db *sql.DB, q string, args ...any) ([]int, error) {
	rows, err := db.Query(q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var n int
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// readable returns the cookies of all that a reader of the damaged file
// at path, independent of this package, reads: all of them when the
// cookies table reads whole; otherwise those of each eTLD+1 whose rows
// read through the unique index, all or none, as Load returns them. A
// group that reads with other rows than its own fails the test.
func readable(t *testing.T, path string, all []*cookiemonster.CanonicalCookie) []*cookiemonster.CanonicalCookie {
	t.Helper()
	db, err := sql.Open("sqlite", fileURI(path, url.Values{"mode": {"ro"}, "immutable": {"1"}}))
	require.NoError(t, err)
	defer db.Close()
	var n int
	if db.QueryRow(`SELECT count(*) FROM (SELECT * FROM cookies NOT INDEXED)`).Scan(&n) == nil && n == len(all) {
		return all
	}
	groups := make(map[string][]*cookiemonster.CanonicalCookie)
	for _, c := range all {
		k := cookiemonster.StorageKey(c.Domain, nil)
		groups[k] = append(groups[k], c)
	}
	var out []*cookiemonster.CanonicalCookie
	for _, cs := range groups {
		var args []any
		for _, c := range cs {
			if !slices.Contains(args, any(c.Domain)) {
				args = append(args, c.Domain)
			}
		}
		rows, err := db.Query(`SELECT name, value FROM cookies WHERE host_key IN (?`+strings.Repeat(",?", len(args)-1)+`)`, args...)
		if err != nil {
			continue
		}
		var got [][2]string
		for rows.Next() {
			var nv [2]string
			if rows.Scan(&nv[0], &nv[1]) != nil {
				break
			}
			got = append(got, nv)
		}
		err = errors.Join(rows.Err(), rows.Close())
		if err != nil {
			continue
		}
		var want [][2]string
		for _, c := range cs {
			want = append(want, [2]string{c.Name, c.Value})
		}
		require.ElementsMatch(t, want, got, "a damaged group reads with other rows")
		out = append(out, cs...)
	}
	return out
}

// TestDamagedPages: random bytes over pages in the middle of a store file
// of thousands of cookies (never the first page), each of a part of the
// database. The outcome is exact: Open refuses the file (ErrCorrupt, the
// file unchanged) when a page it reads is damaged; otherwise Load returns
// exactly the cookies that an independent reader reads, field for field
// (every cookie when the cookies table reads whole; else every eTLD+1
// whose rows read, and no part of any other), and an error that names the
// file, ErrCorrupt, SQLite's cause and every eTLD+1 it could not read.
// Nothing is deleted: after Close a reader reads what it read before.
func TestDamagedPages(t *testing.T) {
	src, full := storeFile(t, faultCookies)
	all := genCookies(0, faultCookies)
	middle := func(name string) []int {
		p := pagesOf(t, src, name, "leaf")
		return []int{p[len(p)/2]}
	}
	const malformed = "database disk image is malformed (11)"
	cases := []struct {
		name    string
		pages   []int
		openErr string // after "sqlitestore: open <path>: "; "": Open succeeds
		partial bool   // some cookies do not load
		logged  string // a line of Logf, after "sqlitestore: <path>: "
	}{
		{name: "a leaf page of the cookies table", pages: middle("cookies"), partial: true},
		{name: "the root page of the cookies table", pages: pagesOf(t, src, "cookies", "internal"), partial: true},
		{name: "a leaf page of the unique index", pages: middle("cookies_unique_index")},
		{name: "a leaf page of the hosts table", pages: middle("cookiemonster_hosts")},
		{name: "a leaf page of the hosts index", pages: middle("cookiemonster_hosts_reversed"),
			logged: "listing the stored hosts: " + malformed + "; listing the hosts of the cookies table instead"},
		{name: "three pages in the middle of the file", pages: []int{len(full) / pageSize / 2, len(full)/pageSize/2 + 1, len(full)/pageSize/2 + 2},
			partial: true},
		{name: "the page of the meta table", pages: pagesOf(t, src, "meta", "leaf"),
			openErr: `database is corrupt: not a cookie database: reading meta "version": ` + malformed},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			damaged := slices.Clone(full)
			for i, p := range tc.pages {
				require.Greater(t, p, 1, "never the first page")
				copy(damaged[(p-1)*pageSize:p*pageSize], randomBytes(pageSize * (i + 1))[i*pageSize:])
			}
			path := dbPath(t)
			writeFile(t, path, damaged)
			want := readable(t, path, all)
			before := dirSnapshot(t, filepath.Dir(path))
			logs := &logSink{}
			s, err := Open(path, &Options{Logf: logs.logf})
			if tc.openErr != "" {
				require.Error(t, err)
				assert.Nil(t, s)
				assert.Equal(t, "sqlitestore: open "+path+": "+tc.openErr, err.Error())
				assert.ErrorIs(t, err, ErrCorrupt)
				assertUnchanged(t, filepath.Dir(path), before)
				return
			}
			require.NoError(t, err)
			s.KeepSessionCookies(true)
			got, err := s.Load(context.Background())
			require.NoError(t, s.Close())
			assert.Equal(t, sorted(want), sorted(got))
			if !tc.partial {
				require.NoError(t, err)
				assert.Len(t, got, faultCookies)
			} else {
				require.Error(t, err)
				assert.ErrorIs(t, err, ErrCorrupt)
				assert.Less(t, len(got), faultCookies)
				// The first line is the failed scan, each other names
				// eTLD+1 groups that did not load: together exactly the
				// groups missing.
				lines := strings.Split(err.Error(), "\n")
				prefix := "sqlitestore: load " + path + ": database is corrupt: reading the cookies"
				assert.Equal(t, prefix+": "+malformed, lines[0])
				missing := make(map[string]bool)
				for _, c := range all {
					missing[cookiemonster.StorageKey(c.Domain, nil)] = true
				}
				for _, c := range got {
					delete(missing, cookiemonster.StorageKey(c.Domain, nil))
				}
				named := make(map[string]bool)
				for _, l := range lines[1:] {
					list, ok := strings.CutPrefix(l, prefix+" of [")
					require.True(t, ok, l)
					list, ok = strings.CutSuffix(list, "]: "+malformed)
					require.True(t, ok, l)
					for _, q := range strings.Fields(list) {
						k, err := strconv.Unquote(q)
						require.NoError(t, err)
						named[k] = true
					}
				}
				assert.Equal(t, missing, named)
			}
			var wantLogs []string
			if tc.logged != "" {
				wantLogs = []string{"sqlitestore: " + path + ": " + tc.logged}
			}
			assert.Equal(t, wantLogs, logs.all(), "nothing dropped")
			t.Logf("pages %v: %d of %d cookies load", tc.pages, len(got), faultCookies)
			assert.Equal(t, sorted(want), sorted(readable(t, path, all)), "the same cookies read after Close")
		})
	}
}

// crashEnvLoad makes TestCrashChild the child of TestCrashDuringLoad
// (crashLoadChild).
const crashEnvLoad = "SQLITESTORE_CRASH_CHILD_LOAD"

// crashLoadChild opens the database at path as at a browser's start,
// deleting the session cookies of the earlier run, and prints "OPEN"
// after Open, "LOADED n" after its Load of n cookies and "CLOSED" after
// Close.
func crashLoadChild(t *testing.T, path string) {
	s, err := Open(path, &Options{Logf: func(format string, args ...any) {
		if line := fmt.Sprintf(format, args...); strings.Contains(line, "dropped") {
			fmt.Printf("DROP %s\n", line)
		}
	}})
	require.NoError(t, err)
	fmt.Println("OPEN")
	got, err := s.Load(context.Background())
	require.NoError(t, err)
	fmt.Printf("LOADED %d\n", len(got))
	require.NoError(t, s.Close())
	fmt.Println("CLOSED")
}

// TestCrashSafetyLargeBatches is TestCrashSafety with large transactions:
// each Flush commits largeBatchFlush cookies (5 000; 1 000 under the race
// detector), as many deletions and a third as many access-time updates,
// with no commit in between (BatchSize and CommitInterval out of reach).
// The kills land while the child loads, writes and flushes, at least one
// flush after it is ready.
func TestCrashSafetyLargeBatches(t *testing.T) {
	if os.Getenv(crashEnvDB) != "" {
		t.Skip("in the child")
	}
	if testing.Short() {
		t.Skip("large batches: skipped with -short")
	}
	r := crashRun{w: crashWorkload{FlushEvery: largeBatchFlush, Window: 3 * largeBatchFlush, BatchSize: 1 << 20, Interval: time.Hour},
		kills: largeBatchKills, minKills: largeBatchKills, startup: time.Second, acks: 2}
	st := r.run(t)
	assert.Equal(t, largeBatchKills, st.kills)
	assert.GreaterOrEqual(t, st.ack, 2*largeBatchFlush, "the children got flushes done")
}

// cookieRows returns the number of rows of the cookies table of the
// database at path that match where, and sums of their columns (of each
// integer column, and of the lengths of the others): a row deleted,
// added or changed changes them.
func cookieRows(t *testing.T, path, where string) (int, string) {
	t.Helper()
	db := rawDB(t, path)
	var n int
	var sums string
	require.NoError(t, db.QueryRow(`SELECT count(*), printf('%d %d %d %d %d %d %d %d', `+
		`total(creation_utc), total(expires_utc), total(last_access_utc), total(last_update_utc), `+
		`total(is_secure + 2*is_httponly + 4*has_expires + 8*is_persistent + 16*has_cross_site_ancestor), `+
		`total(priority + 4*samesite + 16*source_scheme + 64*source_type), total(source_port), `+
		`total(length(host_key) + length(top_frame_site_key) + length(name) + length(value) + length(encrypted_value) + length(path))) `+
		`FROM cookies `+where).Scan(&n, &sums))
	require.NoError(t, db.Close())
	return n, sums
}

// integrityCheck runs PRAGMA integrity_check on the database at path and
// returns its result, "ok" for an intact database.
func integrityCheck(t *testing.T, path string) string {
	t.Helper()
	db := rawDB(t, path)
	var res string
	require.NoError(t, db.QueryRow(`PRAGMA integrity_check`).Scan(&res))
	require.NoError(t, db.Close())
	return res
}

// TestCrashDuringLoad kills with SIGKILL, at random moments, a child that
// opens a file of loadKillCookies cookies (50 000; 10 000 under the race
// detector) as at a browser's start and loads it, which deletes the
// session cookies of the earlier run in one transaction. After each kill
// the database is intact and its cookies table holds (by the sums of its
// columns) either every row it held or every row but the session cookies: nothing
// else, never half the deletion. When the deletion is done the file is
// put back as it was, for the next kill. At the end a Store loads the
// cookies, field for field.
func TestCrashDuringLoad(t *testing.T) {
	if os.Getenv(crashEnvDB) != "" {
		t.Skip("in the child")
	}
	if testing.Short() {
		t.Skip("a large file: skipped with -short")
	}
	begin := time.Now()
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, seed>>1))
	path, pristine := storeFile(t, loadKillCookies)
	built := time.Since(begin)
	all := genCookies(0, loadKillCookies)
	var persistent []*cookiemonster.CanonicalCookie
	for _, c := range all {
		if c.IsPersistent() {
			persistent = append(persistent, c)
		}
	}
	nAll, whole := cookieRows(t, path, "")
	nKept, kept := cookieRows(t, path, "WHERE is_persistent = 1")
	require.Equal(t, len(all), nAll)
	require.Equal(t, len(persistent), nKept)
	restore := func() {
		for _, suffix := range []string{"-wal", "-shm"} {
			require.NoError(t, os.RemoveAll(path+suffix))
		}
		writeFile(t, path, pristine)
	}
	// child runs a child and kills it after delay (never, if negative);
	// it returns the last line the child printed.
	child := func(delay time.Duration) string {
		cmd := childTest("TestCrashChild", crashEnvDB+"="+path, crashEnvLoad+"=1")
		out, err := cmd.StdoutPipe()
		require.NoError(t, err)
		require.NoError(t, cmd.Start())
		var last atomic.Value
		last.Store("")
		done := make(chan struct{})
		go func() {
			defer close(done)
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				if l := sc.Text(); l == "OPEN" || l == "CLOSED" || strings.HasPrefix(l, "LOADED ") || strings.HasPrefix(l, "DROP ") {
					last.Store(l)
				}
			}
		}()
		if delay >= 0 {
			time.Sleep(delay)
			require.NoError(t, cmd.Process.Kill()) // SIGKILL
			<-done
			_ = cmd.Wait()
		} else {
			<-done
			require.NoError(t, cmd.Wait())
		}
		return last.Load().(string)
	}

	// A run to its end times the child and deletes the session cookies.
	start := time.Now()
	require.Equal(t, "CLOSED", child(-1))
	span := time.Since(start)
	n, rows := cookieRows(t, path, "")
	require.Equal(t, nKept, n)
	require.Equal(t, kept, rows, "the persistent rows, unchanged")
	restore()

	reached := make(map[string]int) // what the child printed last
	states := make(map[string]int)  // what the file held
	for kill := 1; kill <= loadKills; kill++ {
		last := child(time.Duration(rng.Int64N(int64(span))))
		require.False(t, strings.HasPrefix(last, "DROP "), "kill %d: %s", kill, last)
		if strings.HasPrefix(last, "LOADED ") {
			require.Equal(t, "LOADED "+strconv.Itoa(nKept), last, "kill %d", kill)
			last = "LOADED"
		}
		if last == "" {
			last = "nothing"
		}
		reached[last]++
		require.Equal(t, "ok", integrityCheck(t, path), "kill %d", kill)
		n, rows := cookieRows(t, path, "")
		switch {
		case n == nAll && rows == whole:
			states["every row"]++
		case n == nKept && rows == kept:
			states["the persistent rows"]++
			restore()
		default:
			t.Fatalf("kill %d (after %q): %d rows, neither the %d of the file nor its %d persistent ones", kill, last, n, nAll, nKept)
		}
	}
	// The file as the last kill left it (or put back): every cookie.
	assert.Equal(t, sorted(all), sorted(loadAllKeep(t, path, nil)))
	t.Logf("%d cookies (%d persistent), built in %v; a child's run %v; %d kills, the child's last word %v, the file then held %v; %v in all",
		nAll, nKept, built, span, loadKills, reached, states, time.Since(begin))
}

// TestCloseReportsLostOperations: when the last commit of Close fails,
// its error says that the operations are lost, not that they will be
// retried; the file holds what was committed before.
func TestCloseReportsLostOperations(t *testing.T) {
	causes := []string{
		"preparing a statement: SQL logic error: no such table: cookies (1)",
		"INSERT of 2 cookies: SQL logic error: no such table: cookies (1)",
	}
	for _, backend := range []bool{false, true} {
		t.Run(map[bool]string{false: "Open", true: "OpenBackend"}[backend], func(t *testing.T) {
			path := dbPath(t)
			var s *Store
			var closeFn func() error
			if backend {
				b := openBackendT(t, path, nil, nil)
				s, closeFn = storeT(t, b, cookiemonster.DefaultStoreID, true), b.Close
			} else {
				s = openT(t, path, nil, nil)
				closeFn = s.Close
			}
			s.Add(genCookie(0))
			require.NoError(t, s.Flush(context.Background()))
			db := rawDB(t, path)
			_, err := db.Exec(`ALTER TABLE cookies RENAME TO away`)
			require.NoError(t, err)
			s.Add(genCookie(1))
			s.Add(genCookie(2))
			err = closeFn()
			require.Error(t, err)
			name := path
			if backend {
				name += ` (store "default")`
			}
			lines := strings.Split(err.Error(), "\n")
			require.Len(t, lines, 2, err.Error())
			var cause string
			for _, c := range causes {
				if strings.HasSuffix(lines[0], c) {
					cause = c
				}
			}
			require.NotEmpty(t, cause, err.Error())
			// The commit's error, then that of restoring the triggers of
			// the hosts index, on the same missing table.
			assert.Equal(t, []string{
				"sqlitestore: commit to " + name + ": 2 operations failed and are lost, the store closing: " + cause,
				"sqlitestore: close " + path + ": arming the hosts index: SQL logic error: no such table: main.cookies (1)",
			}, lines)
			_, err = db.Exec(`ALTER TABLE away RENAME TO cookies`)
			require.NoError(t, err)
			require.NoError(t, db.Close())
			assert.Equal(t, []*cookiemonster.CanonicalCookie{genCookie(0)}, loadAllKeep(t, path, nil))
		})
	}
}

// TestLoadKeyDamagedHostsIndex: a LoadKey that runs before the listing of
// the stored hosts has ended, and cannot read the index of hosts (a leaf
// page of it overwritten), waits for the listing instead, which reads the
// hosts of the cookies table: it returns exactly its group, and Load the
// rest, every cookie once.
func TestLoadKeyDamagedHostsIndex(t *testing.T) {
	_, full := storeFile(t, faultCookies)
	all := genCookies(0, faultCookies)
	path := dbPath(t)
	damaged := slices.Clone(full)
	// Every leaf but the first, which Open reads for hosts without their
	// reversed form.
	leaves := pagesOf(t, writeTemp(t, full), "cookiemonster_hosts_reversed", "leaf")
	require.Greater(t, len(leaves), 2)
	for _, p := range leaves[1:] {
		copy(damaged[(p-1)*pageSize:p*pageSize], randomBytes(pageSize))
	}
	writeFile(t, path, damaged)

	release := make(chan struct{})
	var once sync.Once
	hooks := &testHooks{
		beforeListing:    func() { <-release }, // the listing waits for LoadKey's fallback
		hostsIndexFailed: func() { once.Do(func() { close(release) }) },
	}
	logs := &logSink{}
	s := openT(t, path, &Options{Logf: logs.logf}, hooks)
	t.Cleanup(hooks.hostsIndexFailed) // a failed test's Close must not wait for the listing
	s.KeepSessionCookies(true)
	key := cookiemonster.StorageKey(all[len(all)/2].Domain, nil)
	var want, rest []*cookiemonster.CanonicalCookie
	for _, c := range all {
		if cookiemonster.StorageKey(c.Domain, nil) == key {
			want = append(want, c)
		} else {
			rest = append(rest, c)
		}
	}
	require.NotEmpty(t, want)
	ctx := context.Background()
	got, err := s.LoadKey(ctx, key)
	require.NoError(t, err)
	assert.Equal(t, sorted(want), sorted(got))
	got, err = s.Load(ctx)
	require.NoError(t, err)
	assert.Equal(t, sorted(rest), sorted(got))
	require.NoError(t, s.Close())
	const malformed = "database disk image is malformed (11)"
	assert.Equal(t, []string{
		"sqlitestore: " + path + ": the index of hosts is unreadable: finding the hosts of " + strconv.Quote(key) + ": " +
			malformed + "; waiting for the listing of the stored hosts instead",
		"sqlitestore: " + path + ": listing the stored hosts: " + malformed + "; listing the hosts of the cookies table instead",
	}, logs.all())
}

// writeTemp writes b to a new file and returns its path.
func writeTemp(t *testing.T, b []byte) string {
	t.Helper()
	path := dbPath(t)
	writeFile(t, path, b)
	return path
}
