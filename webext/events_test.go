package webext

import (
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cookiemonster-go/cookiemonster"
)

// recorder keeps the events it hears.
type recorder struct {
	mu     sync.Mutex
	events []ChangeInfo
}

func (r *recorder) listen(info ChangeInfo) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, info)
}

// take returns the events heard since the last take.
func (r *recorder) take() []ChangeInfo {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.events
	r.events = nil
	return out
}

// session is a session cookie of a.example in the default store.
func session(name, value string) Cookie {
	return Cookie{Name: name, Value: value, Domain: "a.example", HostOnly: true, Path: "/", SameSite: SameSiteUnspecified, Session: true, StoreID: "default"}
}

func TestOnChangedSequences(t *testing.T) {
	persistent := func(name, value string, exp *float64) Cookie {
		c := session(name, value)
		c.Session, c.ExpirationDate = false, exp
		return c
	}
	type step func(t *testing.T, e *env)
	set := func(d SetDetails) step {
		return func(t *testing.T, e *env) {
			_, err := e.api.Set(e.ctx, d)
			require.NoError(t, err)
		}
	}
	tests := []struct {
		name  string
		setup []step
		act   []step
		want  []ChangeInfo
	}{
		{"set inserts",
			nil,
			[]step{set(SetDetails{URL: "https://a.example/", Name: "n", Value: "1"})},
			[]ChangeInfo{{Removed: false, Cookie: session("n", "1"), Cause: CauseExplicit}}},
		{"set updates: overwrite of the old, then the new",
			[]step{set(SetDetails{URL: "https://a.example/", Name: "n", Value: "1"})},
			[]step{set(SetDetails{URL: "https://a.example/", Name: "n", Value: "2"})},
			[]ChangeInfo{
				{Removed: true, Cookie: session("n", "1"), Cause: CauseOverwrite},
				{Removed: false, Cookie: session("n", "2"), Cause: CauseExplicit},
			}},
		{"set of the same cookie again",
			[]step{set(SetDetails{URL: "https://a.example/", Name: "n", Value: "1"})},
			[]step{set(SetDetails{URL: "https://a.example/", Name: "n", Value: "1"})},
			[]ChangeInfo{
				{Removed: true, Cookie: session("n", "1"), Cause: CauseOverwrite},
				{Removed: false, Cookie: session("n", "1"), Cause: CauseExplicit},
			}},
		{"remove",
			[]step{set(SetDetails{URL: "https://a.example/", Name: "n", Value: "1"})},
			[]step{func(t *testing.T, e *env) {
				got, err := e.api.Remove(e.ctx, RemoveDetails{URL: "https://a.example/", Name: "n"})
				require.NoError(t, err)
				require.NotNil(t, got)
			}},
			[]ChangeInfo{{Removed: true, Cookie: session("n", "1"), Cause: CauseExplicit}}},
		{"remove of two paths, longest first",
			[]step{
				set(SetDetails{URL: "https://a.example/", Name: "n", Value: "root"}),
				set(SetDetails{URL: "https://a.example/", Name: "n", Value: "deep", Path: "/d"}),
			},
			[]step{func(t *testing.T, e *env) {
				_, err := e.api.Remove(e.ctx, RemoveDetails{URL: "https://a.example/d/x", Name: "n"})
				require.NoError(t, err)
			}},
			[]ChangeInfo{
				{Removed: true, Cookie: session("n", "root"), Cause: CauseExplicit},
				{Removed: true, Cookie: func() Cookie { c := session("n", "deep"); c.Path = "/d"; return c }(), Cause: CauseExplicit},
			}},
		{"expiry, found by a read",
			[]step{set(SetDetails{URL: "https://a.example/", Name: "n", Value: "1", ExpirationDate: secs(time.Minute)})},
			[]step{func(t *testing.T, e *env) {
				e.clock.Advance(2 * time.Minute)
				all, err := e.api.GetAll(e.ctx, GetAllDetails{})
				require.NoError(t, err)
				assert.Equal(t, []Cookie{}, all)
			}},
			[]ChangeInfo{{Removed: true, Cookie: persistent("n", "1", secs(time.Minute)), Cause: CauseExpired}}},
		{"expired_overwrite: set with a past expiry",
			[]step{set(SetDetails{URL: "https://a.example/", Name: "n", Value: "1", ExpirationDate: secs(time.Hour)})},
			[]step{set(SetDetails{URL: "https://a.example/", Name: "n", Value: "gone", ExpirationDate: secs(-time.Hour)})},
			[]ChangeInfo{{Removed: true, Cookie: persistent("n", "1", secs(time.Hour)), Cause: CauseExpiredOverwrite}}},
		{"set with a past expiry over nothing",
			nil,
			[]step{set(SetDetails{URL: "https://a.example/", Name: "n", Value: "1", ExpirationDate: secs(-time.Hour)})},
			nil},
		{"eviction past the per-site limit (3, purged to 2)",
			[]step{
				set(SetDetails{URL: "https://a.example/", Name: "n0", Value: "0"}),
				set(SetDetails{URL: "https://a.example/", Name: "n1", Value: "1"}),
				set(SetDetails{URL: "https://a.example/", Name: "n2", Value: "2"}),
			},
			[]step{set(SetDetails{URL: "https://a.example/", Name: "n3", Value: "3"})},
			[]ChangeInfo{
				{Removed: false, Cookie: session("n3", "3"), Cause: CauseExplicit},
				{Removed: true, Cookie: session("n0", "0"), Cause: CauseEvicted},
				{Removed: true, Cookie: session("n1", "1"), Cause: CauseEvicted},
			}},
		{"partitioned cookie",
			nil,
			[]step{set(SetDetails{URL: "https://a.example/", Name: "p", Value: "1", Secure: true, PartitionKey: &PartitionKey{TopLevelSite: new("https://top.example")}})},
			[]ChangeInfo{{Removed: false, Cookie: func() Cookie {
				c := session("p", "1")
				c.Secure, c.PartitionKey = true, NewPartitionKey("https://top.example", true)
				return c
			}(), Cause: CauseExplicit}}},
		{"refused set: no event",
			nil,
			[]step{func(t *testing.T, e *env) {
				_, err := e.api.Set(e.ctx, SetDetails{URL: "http://a.example/", Name: "n", Secure: true})
				require.Error(t, err)
			}},
			nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, []string{AllURLs}, cookiemonster.Limits{MaxCookiesPerKey: 3, PurgeCookiesPerKeyTo: 2})
			for _, s := range tt.setup {
				s(t, e)
				e.clock.Advance(time.Second)
			}
			var r recorder
			cancel := e.api.OnChanged(r.listen)
			defer cancel()
			for _, s := range tt.act {
				s(t, e)
			}
			assert.Equal(t, tt.want, r.take())
		})
	}
}

func TestOnChangedStores(t *testing.T) {
	e := newEnv(t, []string{AllURLs}, cookiemonster.Limits{})
	_, err := e.set.Create(e.ctx, "before", cookiemonster.StorePersistent)
	require.NoError(t, err)
	var r recorder
	cancel := e.api.OnChanged(r.listen)

	// A store created after the listener is heard too.
	_, err = e.set.Create(e.ctx, "incog", cookiemonster.StorePrivate)
	require.NoError(t, err)
	for _, id := range []string{"", "before", "incog"} {
		_, err := e.api.Set(e.ctx, SetDetails{URL: "https://a.example/", Name: "n", Value: id, StoreID: id})
		require.NoError(t, err)
	}
	inStore := func(c Cookie, id string) Cookie { c.StoreID = id; return c }
	assert.Equal(t, []ChangeInfo{
		{Cookie: session("n", ""), Cause: CauseExplicit},
		{Cookie: inStore(session("n", "before"), "before"), Cause: CauseExplicit},
		{Cookie: inStore(session("n", "incog"), "incog"), Cause: CauseExplicit},
	}, r.take())

	// A persistent store closed and opened again is heard again.
	require.NoError(t, e.set.CloseStore("before"))
	_, err = e.api.Set(e.ctx, SetDetails{URL: "https://a.example/", Name: "m", Value: "again", StoreID: "before"})
	require.NoError(t, err)
	assert.Equal(t, []ChangeInfo{{Cookie: inStore(session("m", "again"), "before"), Cause: CauseExplicit}}, r.take())

	cancel()
	cancel() // twice is fine
	_, err = e.api.Set(e.ctx, SetDetails{URL: "https://a.example/", Name: "n", Value: "after"})
	require.NoError(t, err)
	_, err = e.set.Create(e.ctx, "later", cookiemonster.StorePrivate)
	require.NoError(t, err)
	_, err = e.api.Set(e.ctx, SetDetails{URL: "https://a.example/", Name: "n", Value: "after", StoreID: "later"})
	require.NoError(t, err)
	assert.Nil(t, r.take())
}

func TestOnChangedHostPermissions(t *testing.T) {
	e := newEnv(t, []string{AllURLs}, cookiemonster.Limits{})
	api := e.withPerms(t, []string{"https://a.example/*"})
	var r recorder
	defer api.OnChanged(r.listen)()
	var none recorder
	defer e.withPerms(t, nil).OnChanged(none.listen)()
	for _, d := range []SetDetails{
		{URL: "https://a.example/", Name: "seen", Value: "1"},
		{URL: "https://b.example/", Name: "unseen", Value: "1"},
		{URL: "https://x.a.example/", Name: "unseen", Value: "2"},
		{URL: "https://x.a.example/", Name: "seen-domain", Value: "1", Domain: "a.example"},
	} {
		_, err := e.api.Set(e.ctx, d)
		require.NoError(t, err)
	}
	domainCookie := session("seen-domain", "1")
	domainCookie.Domain, domainCookie.HostOnly = ".a.example", false
	assert.Equal(t, []ChangeInfo{
		{Cookie: session("seen", "1"), Cause: CauseExplicit},
		{Cookie: domainCookie, Cause: CauseExplicit},
	}, r.take())
	assert.Nil(t, none.take())
}

func TestOnChangedListenerUsesAPI(t *testing.T) {
	e := newEnv(t, []string{AllURLs}, cookiemonster.Limits{})
	var r recorder
	var cancel func()
	cancel = e.api.OnChanged(func(info ChangeInfo) {
		r.listen(info)
		if info.Cookie.Name == "trigger" && !info.Removed {
			// A set from the listener is reported after it returns.
			_, err := e.api.Set(e.ctx, SetDetails{URL: "https://a.example/", Name: "echo", Value: info.Cookie.Value})
			assert.NoError(t, err)
		}
		if info.Cookie.Name == "stop" {
			cancel()
		}
	})
	defer cancel()
	for _, name := range []string{"trigger", "stop", "after"} {
		_, err := e.api.Set(e.ctx, SetDetails{URL: "https://a.example/", Name: name, Value: "v"})
		require.NoError(t, err)
	}
	assert.Equal(t, []ChangeInfo{
		{Cookie: session("trigger", "v"), Cause: CauseExplicit},
		{Cookie: session("echo", "v"), Cause: CauseExplicit},
		{Cookie: session("stop", "v"), Cause: CauseExplicit},
	}, r.take())
}

func TestChangeInfoCauses(t *testing.T) {
	api, err := New(nil, AllHosts())
	require.NoError(t, err)
	c := cookiemonster.CanonicalCookie{Name: "n", Value: "v", Domain: "a.example", Path: "/"}
	tests := []struct {
		cause   cookiemonster.ChangeCause
		removed bool
		want    OnChangedCause
	}{
		{cookiemonster.CauseInserted, false, CauseExplicit},
		{cookiemonster.CauseExplicit, true, CauseExplicit},
		{cookiemonster.CauseUnknownDeletion, true, CauseExplicit},
		{cookiemonster.CauseOverwrite, true, CauseOverwrite},
		{cookiemonster.CauseExpired, true, CauseExpired},
		{cookiemonster.CauseEvicted, true, CauseEvicted},
		{cookiemonster.CauseExpiredOverwrite, true, CauseExpiredOverwrite},
	}
	for _, tt := range tests {
		t.Run(tt.cause.String(), func(t *testing.T) {
			info, ok := api.changeInfo("s", &cookiemonster.Change{Cookie: c, Cause: tt.cause})
			require.True(t, ok)
			want := session("n", "v")
			want.StoreID = "s"
			assert.Equal(t, ChangeInfo{Removed: tt.removed, Cookie: want, Cause: tt.want}, info)
			// The root package names the causes alike.
			assert.Equal(t, string(tt.want), tt.cause.WebExtensionName())
		})
	}
	// A nonced partition cannot be represented: not reported.
	nonced, err := cookiemonster.NewNoncedPartitionKey(mustURL(t, "https://top.example/"), cookiemonster.Nonce{1})
	require.NoError(t, err)
	c.Partition = nonced
	_, ok := api.changeInfo("s", &cookiemonster.Change{Cookie: c, Cause: cookiemonster.CauseInserted})
	assert.False(t, ok)
}

func TestOnChangedConcurrentStores(t *testing.T) {
	e := newEnv(t, []string{AllURLs}, cookiemonster.Limits{})
	stores := []string{"default", "s1", "s2", "s3"}
	for _, id := range stores[1:] {
		_, err := e.set.Create(e.ctx, id, cookiemonster.StorePrivate)
		require.NoError(t, err)
	}
	var r recorder
	defer e.api.OnChanged(r.listen)()
	var wg sync.WaitGroup
	for _, id := range stores {
		wg.Go(func() {
			for _, v := range []string{"1", "2"} {
				_, err := e.api.Set(e.ctx, SetDetails{URL: "https://a.example/", Name: "n", Value: v, StoreID: id})
				assert.NoError(t, err)
			}
			_, err := e.api.Remove(e.ctx, RemoveDetails{URL: "https://a.example/", Name: "n", StoreID: id})
			assert.NoError(t, err)
		})
	}
	wg.Wait()
	// Each store's changes come in its order; stores interleave.
	byStore := map[string][]ChangeInfo{}
	for _, info := range r.take() {
		byStore[info.Cookie.StoreID] = append(byStore[info.Cookie.StoreID], info)
	}
	for _, id := range stores {
		c := func(v string) Cookie { c := session("n", v); c.StoreID = id; return c }
		assert.Equal(t, []ChangeInfo{
			{Cookie: c("1"), Cause: CauseExplicit},
			{Removed: true, Cookie: c("1"), Cause: CauseOverwrite},
			{Cookie: c("2"), Cause: CauseExplicit},
			{Removed: true, Cookie: c("2"), Cause: CauseExplicit},
		}, byStore[id], id)
	}
}
