package sqlitestore

import (
	"context"
	"database/sql"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cookiemonster-go/cookiemonster"
)

// TestFirstPartyDomainNotWritten: a cookie with a first-party domain is not
// written to Chromium's cookies table, which cannot hold it (it would come
// back visible to every first party); the store logs why.
func TestFirstPartyDomainNotWritten(t *testing.T) {
	path := dbPath(t)
	var logs logSink
	s := openT(t, path, &Options{Logf: logs.logf}, nil)
	c := cookiemonster.CanonicalCookie{Name: "id", Value: "1", Domain: "tracker.example", Path: "/",
		Creation: t0, LastAccess: t0, LastUpdate: t0, Expiry: t0.Add(time.Hour), FirstPartyDomain: "site-a.example",
		SourceScheme: cookiemonster.SourceSchemeSecure, SourcePort: 443}
	plain := c
	plain.Name, plain.FirstPartyDomain = "plain", ""
	s.Add(&c)
	s.Add(&plain)
	require.NoError(t, s.Flush(context.Background()))
	require.NoError(t, s.Close())
	got := loadAll(t, path, nil)
	require.Len(t, got, 1)
	assert.Equal(t, "plain", got[0].Name)
	require.Eventually(t, func() bool { return len(logs.all()) == 1 }, 5*time.Second, time.Millisecond)
	assert.Equal(t, []string{`sqlitestore: not storing INSERT of cookie "id" on "tracker.example": it has a first-party domain ("site-a.example"), which the cookies table cannot hold`}, logs.all())
}

// fpRows returns the rows of store_cookies as "store_id|first_party_domain|
// name=value" and those of Chromium's cookies table as "name=value",
// sorted, read with plain SQL.
func fpRows(t testing.TB, path string) (storeCookies, cookies []string) {
	t.Helper()
	db, err := sql.Open("sqlite", dsn(path))
	require.NoError(t, err)
	defer db.Close()
	read := func(q string) []string {
		rows, err := db.Query(q)
		require.NoError(t, err)
		defer rows.Close()
		out := []string{}
		for rows.Next() {
			var s string
			require.NoError(t, rows.Scan(&s))
			out = append(out, s)
		}
		require.NoError(t, rows.Err())
		slices.Sort(out)
		return out
	}
	return read(`SELECT store_id || '|' || first_party_domain || '|' || name || '=' || value FROM store_cookies`),
		read(`SELECT name || '=' || value FROM cookies`)
}

// fpOpts are navigation options under the first-party domain fpd.
func fpOpts(fpd string) cookiemonster.Options {
	o := cookiemonster.NavigationOptions()
	o.FirstPartyDomain = fpd
	return o
}

// TestFirstPartyDomainsInBackend: through a StoreSet with first-party
// isolation over a Backend, the same cookie set under two first parties
// and under none, in the default store and in another store, is back
// after a restart with its first-party domain, each visible under its own
// first party only; the default store's cookies with a first-party domain
// are in store_cookies under its ID, Chromium's cookies table holds only
// the other; deleting one first party's cookie deletes its row only.
func TestFirstPartyDomainsInBackend(t *testing.T) {
	const site = "https://tracker.example/"
	sets := []struct{ fpd, line string }{
		{"site-a.test", "id=a; Max-Age=3600"},
		{"site-b.test", "id=b; Max-Age=3600"},
		{"", "id=none; Max-Age=3600"},
	}
	cases := []struct {
		id                      string
		storeRows, cookieRows   []string
		afterDelete, cookiesDel []string
		ids                     []string
	}{
		{
			id:          cookiemonster.DefaultStoreID,
			storeRows:   []string{"default|site-a.test|id=a", "default|site-b.test|id=b"},
			cookieRows:  []string{"id=none"},
			afterDelete: []string{"default|site-b.test|id=b"},
			cookiesDel:  []string{"id=none"},
			ids:         []string{cookiemonster.DefaultStoreID},
		},
		{
			id:          "work",
			storeRows:   []string{"work|site-a.test|id=a", "work|site-b.test|id=b", "work||id=none"},
			cookieRows:  []string{},
			afterDelete: []string{"work|site-b.test|id=b", "work||id=none"},
			cookiesDel:  []string{},
			ids:         []string{cookiemonster.DefaultStoreID, "work"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.id, func(t *testing.T) {
			ctx := context.Background()
			path := dbPath(t)
			openSet := func() (*Backend, *cookiemonster.StoreSet) {
				b := openBackendT(t, path, nil, nil)
				set, err := cookiemonster.NewStoreSet(ctx, cookiemonster.StoreSetConfig{
					Config: cookiemonster.Config{FirstPartyIsolation: true}, Backend: b})
				require.NoError(t, err)
				return b, set
			}
			b, set := openSet()
			var m *cookiemonster.Monster
			var err error
			if tc.id == cookiemonster.DefaultStoreID {
				m, err = set.Store(ctx, tc.id)
			} else {
				m, err = set.Create(ctx, tc.id, cookiemonster.StorePersistent)
			}
			require.NoError(t, err)
			for _, s := range sets {
				res, err := m.SetCookieLine(ctx, mustURL(t, site), s.line, fpOpts(s.fpd))
				require.NoError(t, err)
				require.True(t, res.Status.IsInclude(), "%s: %v", s.line, res.Status)
			}
			require.NoError(t, set.Close())
			require.NoError(t, b.Close())

			storeRows, cookieRows := fpRows(t, path)
			assert.Equal(t, tc.storeRows, storeRows, "store_cookies")
			assert.Equal(t, tc.cookieRows, cookieRows, "Chromium's cookies table")

			// The store loads all three back, each with its first party.
			b = openBackendT(t, path, nil, nil)
			s := storeT(t, b, tc.id, false)
			loaded, err := s.Load(ctx)
			require.NoError(t, err)
			var got []string
			for _, c := range loaded {
				got = append(got, c.Name+"="+c.Value+"@"+c.FirstPartyDomain)
			}
			slices.Sort(got)
			want := []string{"id=a@site-a.test", "id=b@site-b.test", "id=none@"}
			assert.Equal(t, want, got)
			require.NoError(t, b.Close())

			b, set = openSet()
			ids, err := b.StoreIDs(ctx)
			require.NoError(t, err)
			assert.Equal(t, tc.ids, ids)
			m, err = set.Store(ctx, tc.id)
			require.NoError(t, err)
			all, err := m.AllCookies(ctx)
			require.NoError(t, err)
			got = got[:0]
			for _, c := range all {
				got = append(got, c.Name+"="+c.Value+"@"+c.FirstPartyDomain)
			}
			slices.Sort(got)
			assert.Equal(t, want, got)
			for fpd, want := range map[string]string{"site-a.test": "id=a", "site-b.test": "id=b", "": "id=none", "site-c.test": ""} {
				h, err := m.CookieHeader(ctx, mustURL(t, site), fpOpts(fpd))
				require.NoError(t, err)
				assert.Equal(t, want, h, "first party %q", fpd)
			}

			a := "site-a.test"
			n, err := m.DeleteMatching(ctx, cookiemonster.DeletionInfo{FirstPartyDomain: &a})
			require.NoError(t, err)
			assert.Equal(t, 1, n)
			require.NoError(t, set.Close())
			require.NoError(t, b.Close())
			storeRows, cookieRows = fpRows(t, path)
			assert.Equal(t, tc.afterDelete, storeRows, "store_cookies after the deletion")
			assert.Equal(t, tc.cookiesDel, cookieRows, "Chromium's cookies table after the deletion")
		})
	}
}

// TestFirstPartyDomainRows: the operations of a Backend's stores on
// cookies that differ only by their first-party domain each name their
// own row (UpdateAccessTime and Delete included); the first load deletes
// the session rows of both tables of the default store; Open ignores the
// default store's rows of store_cookies; DeleteStore of the default store
// empties both tables.
func TestFirstPartyDomainRows(t *testing.T) {
	ctx := context.Background()
	base := cookiemonster.CanonicalCookie{Name: "id", Value: "1", Domain: "tracker.example", Path: "/",
		Creation: t0, LastAccess: t0, LastUpdate: t0, Expiry: t0.Add(time.Hour),
		SourceScheme: cookiemonster.SourceSchemeSecure, SourcePort: 443}
	with := func(fpd, value string, session bool) *cookiemonster.CanonicalCookie {
		c := base
		c.FirstPartyDomain, c.Value = fpd, value
		if session {
			c.Expiry = time.Time{}
		}
		return &c
	}
	later := t0.Add(time.Minute)
	for _, id := range []string{cookiemonster.DefaultStoreID, "work"} {
		t.Run(id, func(t *testing.T) {
			path := dbPath(t)
			b := openBackendT(t, path, nil, nil)
			s := storeT(t, b, id, false)
			a, bb, none := with("site-a.test", "a", false), with("site-b.test", "b", false), with("", "none", false)
			session := with("site-c.test", "session", true)
			for _, c := range []*cookiemonster.CanonicalCookie{a, bb, none, session} {
				s.Add(c)
			}
			require.NoError(t, s.Flush(ctx))
			touched := *bb
			touched.LastAccess = later
			s.UpdateAccessTime(&touched)
			s.Delete(a)
			require.NoError(t, s.Close())
			require.NoError(t, b.Close())

			b = openBackendT(t, path, nil, nil)
			s = storeT(t, b, id, false)
			got, err := s.Load(ctx)
			require.NoError(t, err)
			assert.Equal(t, []*cookiemonster.CanonicalCookie{&touched, none}, sorted(got))
			require.NoError(t, s.Close())
			storeRows, cookieRows := fpRows(t, path)
			if id == cookiemonster.DefaultStoreID {
				assert.Equal(t, []string{"default|site-b.test|id=b"}, storeRows, "the session row is deleted")
				assert.Equal(t, []string{"id=none"}, cookieRows)
			} else {
				assert.Equal(t, []string{"work|site-b.test|id=b", "work||id=none"}, storeRows, "the session row is deleted")
				assert.Equal(t, []string{}, cookieRows)
			}
			ids, err := b.StoreIDs(ctx)
			require.NoError(t, err)
			require.NoError(t, b.DeleteStore(ctx, id))
			require.NoError(t, b.Close())
			storeRows, cookieRows = fpRows(t, path)
			assert.Equal(t, []string{}, storeRows)
			assert.Equal(t, []string{}, cookieRows)
			if id == cookiemonster.DefaultStoreID {
				assert.Equal(t, []string{cookiemonster.DefaultStoreID}, ids)
			} else {
				assert.Equal(t, []string{cookiemonster.DefaultStoreID, "work"}, ids)
			}
		})
	}
}

// TestFirstPartyDomainInvisibleToOpen: the default store's cookies with
// a first-party domain are in store_cookies, which Open (like Chromium)
// does not read: it loads the others only.
func TestFirstPartyDomainInvisibleToOpen(t *testing.T) {
	path := dbPath(t)
	b := openBackendT(t, path, nil, nil)
	s := storeT(t, b, cookiemonster.DefaultStoreID, false)
	c := cookiemonster.CanonicalCookie{Name: "id", Value: "1", Domain: "tracker.example", Path: "/",
		Creation: t0, LastAccess: t0, LastUpdate: t0, Expiry: t0.Add(time.Hour), FirstPartyDomain: "site-a.test",
		SourceScheme: cookiemonster.SourceSchemeSecure, SourcePort: 443}
	plain := c
	plain.FirstPartyDomain = ""
	s.Add(&c)
	s.Add(&plain)
	require.NoError(t, b.Close())
	assert.Equal(t, []*cookiemonster.CanonicalCookie{&plain}, loadAll(t, path, nil))
}
