package sqlitestore

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

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
	openers := []struct {
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
	for _, tc := range cases {
		for _, o := range openers {
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
