package sqlitestore

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/cookiemonster-go/cookiemonster"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// setCookie sets line from u on m, and requires it stored.
func setCookie(t testing.TB, m *cookiemonster.Monster, u, line string) {
	t.Helper()
	res, err := m.SetCookieLine(context.Background(), mustURL(t, u), line, cookiemonster.NavigationOptions())
	require.NoError(t, err)
	require.True(t, res.Status.IsInclude(), "%s: %v", line, res.Status)
}

// header returns the Cookie header m sends to u.
func header(t testing.TB, m *cookiemonster.Monster, u string) string {
	t.Helper()
	h, err := m.CookieHeader(context.Background(), mustURL(t, u), cookiemonster.NavigationOptions())
	require.NoError(t, err)
	return h
}

// TestThousandStoresInOneFile: a StoreSet of 1000 persistent stores on one
// Backend, each with the same cookie of a value of its own, closed and
// reopened: each store has its own cookie back, and only it; the file
// holds exactly one row per store.
func TestThousandStoresInOneFile(t *testing.T) {
	const n = 1000
	ctx := context.Background()
	path := dbPath(t)
	// Nothing is committed before the stores close: the first store's Close
	// commits every store's cookie in one transaction.
	opts := &Options{CommitInterval: time.Hour, BatchSize: 1 << 20}
	id := func(i int) string { return fmt.Sprintf("identity-%04d", i) }
	const site = "https://www.example.com/"

	start := time.Now()
	b := openBackendT(t, path, opts, nil)
	set, err := cookiemonster.NewStoreSet(ctx, cookiemonster.StoreSetConfig{Backend: b})
	require.NoError(t, err)
	for i := range n {
		m, err := set.Create(ctx, id(i), cookiemonster.StorePersistent)
		require.NoError(t, err)
		setCookie(t, m, site, fmt.Sprintf("sid=value-%04d; Max-Age=86400", i))
	}
	created := time.Since(start)
	start = time.Now()
	require.NoError(t, set.Close())
	require.NoError(t, b.Close())
	closed := time.Since(start)
	fi, err := os.Stat(path)
	require.NoError(t, err)

	want := []string{cookiemonster.DefaultStoreID}
	var rows []string
	for i := range n {
		want = append(want, id(i))
		rows = append(rows, fmt.Sprintf("%s=value-%04d", id(i), i))
	}
	assert.Equal(t, rows, storeRows(t, path), "one row per store, in store_cookies")

	start = time.Now()
	b = openBackendT(t, path, opts, nil)
	ids, err := b.StoreIDs(ctx)
	require.NoError(t, err)
	assert.Equal(t, want, ids)
	set, err = cookiemonster.NewStoreSet(ctx, cookiemonster.StoreSetConfig{Backend: b})
	require.NoError(t, err)
	for i := range n {
		m, err := set.Store(ctx, id(i))
		require.NoError(t, err)
		assert.Equal(t, fmt.Sprintf("sid=value-%04d", i), header(t, m, site), "store %d", i)
	}
	def, err := set.Store(ctx, cookiemonster.DefaultStoreID)
	require.NoError(t, err)
	assert.Equal(t, "", header(t, def, site), "the default store has none of them")
	require.NoError(t, set.Close())
	require.NoError(t, b.Close())
	t.Logf("%d stores: created and written in %v, closed (one commit) in %v, reopened and read in %v; file %d bytes",
		n, created, closed, time.Since(start), fi.Size())
}

// TestPrivateStoreLeavesNothingOnDisk: the cookie of a private store of a
// set on a Backend is in none of the files beside the database, while
// that of a persistent store is (which proves that the search finds
// values), and the private store's ID is not recorded.
func TestPrivateStoreLeavesNothingOnDisk(t *testing.T) {
	ctx := context.Background()
	path := dbPath(t)
	const (
		persistentValue = "persistent-3f9c2e71b8d4a6"
		privateValue    = "incognito-8a41d7c05e92bf"
	)
	b := openBackendT(t, path, nil, nil)
	set, err := cookiemonster.NewStoreSet(ctx, cookiemonster.StoreSetConfig{Backend: b})
	require.NoError(t, err)
	persistent, err := set.Create(ctx, "work", cookiemonster.StorePersistent)
	require.NoError(t, err)
	private, err := set.Create(ctx, "incognito", cookiemonster.StorePrivate)
	require.NoError(t, err)
	setCookie(t, persistent, "https://example.com/", "id="+persistentValue+"; Max-Age=86400")
	setCookie(t, private, "https://example.com/", "id="+privateValue+"; Max-Age=86400")
	setCookie(t, private, "https://example.com/", "session="+privateValue)
	assert.Equal(t, "id="+privateValue+"; session="+privateValue, header(t, private, "https://example.com/"))
	require.NoError(t, persistent.Flush(ctx))
	require.NoError(t, private.Flush(ctx))

	// While open: the database and its write-ahead log.
	onDisk := func() []byte {
		entries, err := os.ReadDir(filepath.Dir(path))
		require.NoError(t, err)
		var all []byte
		for _, e := range entries {
			b, err := os.ReadFile(filepath.Join(filepath.Dir(path), e.Name()))
			require.NoError(t, err)
			all = append(all, b...)
		}
		return all
	}
	open := onDisk()
	assert.True(t, bytes.Contains(open, []byte(persistentValue)), "the persistent store's value is on disk")
	assert.False(t, bytes.Contains(open, []byte(privateValue)), "the private store's value is not")

	require.NoError(t, set.Close())
	require.NoError(t, b.Close())
	closed := onDisk()
	assert.True(t, bytes.Contains(closed, []byte(persistentValue)), "the persistent store's value is on disk")
	assert.False(t, bytes.Contains(closed, []byte(privateValue)), "the private store's value is not")
	assert.False(t, bytes.Contains(closed, []byte("incognito")), "nor its ID")

	b = openBackendT(t, path, nil, nil)
	ids, err := b.StoreIDs(ctx)
	require.NoError(t, err)
	assert.Equal(t, []string{cookiemonster.DefaultStoreID, "work"}, ids)
}
