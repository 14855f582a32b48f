package cookiemonster

import (
	"context"
	"fmt"
	"net/url"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// cdRecorder records changes; its record method is a subscription callback.
type cdRecorder struct {
	mu  sync.Mutex
	evs []Change
}

func (r *cdRecorder) record(ch Change) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.evs = append(r.evs, ch)
}

// take returns the changes recorded since the last take.
func (r *cdRecorder) take() []Change {
	r.mu.Lock()
	defer r.mu.Unlock()
	evs := r.evs
	r.evs = nil
	return evs
}

// names returns "Cause name" for each change since the last take, nil
// when none.
func (r *cdRecorder) names() []string {
	var out []string
	for _, ch := range r.take() {
		out = append(out, ch.Cause.String()+" "+ch.Cookie.Name)
	}
	return out
}

// events returns "Cause name=value" for each change since the last take,
// nil when none.
func (r *cdRecorder) events() []string {
	var out []string
	for _, ch := range r.take() {
		out = append(out, ch.Cause.String()+" "+ch.Cookie.Name+"="+ch.Cookie.Value)
	}
	return out
}

// cdRecord subscribes a recorder to every change of m.
func cdRecord(m *Monster) *cdRecorder {
	r := &cdRecorder{}
	m.Changes().SubscribeAll(r.record)
	return r
}

// cdSetup returns a memory Monster on a clock at t0 with a global recorder.
func cdSetup(t *testing.T, lim Limits) (*Monster, *fakeClock, *cdRecorder) {
	t.Helper()
	clk := newFakeClock(t0)
	m := gcNew(t, clk, lim, nil)
	return m, clk, cdRecord(m)
}

// cdLine sets an unpartitioned cookie line and requires it accepted.
func cdLine(t *testing.T, m *Monster, rawURL, line string) {
	t.Helper()
	gcSetLine(t, m, rawURL, line, PartitionKey{})
}

// cdGatedStore is a MemoryStore whose loads wait for open, so that
// subscriptions can be made before the Monster loads.
type cdGatedStore struct {
	*MemoryStore
	gate chan struct{}
	once sync.Once
}

func (s *cdGatedStore) open() { s.once.Do(func() { close(s.gate) }) }

func (s *cdGatedStore) Load(ctx context.Context) ([]*CanonicalCookie, error) {
	<-s.gate
	return s.MemoryStore.Load(ctx)
}

func (s *cdGatedStore) LoadKey(ctx context.Context, key string) ([]*CanonicalCookie, error) {
	<-s.gate
	return s.MemoryStore.LoadKey(ctx, key)
}

// cdGated returns a Monster over a gated store holding cookies; the gate is
// opened at cleanup at the latest, so Close does not hang.
func cdGated(t *testing.T, clk *fakeClock, cookies ...*CanonicalCookie) (*Monster, *cdGatedStore) {
	t.Helper()
	s := &cdGatedStore{MemoryStore: NewMemoryStore(nil, cookies...), gate: make(chan struct{})}
	m := gcNew(t, clk, Limits{}, s)
	t.Cleanup(s.open) // runs before the Close registered by gcNew
	return m, s
}

// cdWait fails the test if done is not closed within ten seconds, so that
// a deadlock fails instead of hanging.
func cdWait(t *testing.T, done <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatalf("%s: still blocked after 10s (deadlock)", what)
	}
}

// cdWithin runs fn on another goroutine and waits for it as cdWait does.
// fn must not stop the test (no require), since it runs on a goroutine of
// its own.
func cdWithin(t *testing.T, what string, fn func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn()
	}()
	cdWait(t, done, what)
}

// ---- ChangeCause ----

func TestChangeCauseNames(t *testing.T) {
	cases := []struct {
		c       ChangeCause
		str     string
		web     string
		removed bool
	}{
		{CauseInserted, "Inserted", "explicit", false},
		{CauseExplicit, "Explicit", "explicit", true},
		{CauseUnknownDeletion, "UnknownDeletion", "", true},
		{CauseOverwrite, "Overwrite", "overwrite", true},
		{CauseExpired, "Expired", "expired", true},
		{CauseEvicted, "Evicted", "evicted", true},
		{CauseExpiredOverwrite, "ExpiredOverwrite", "expired_overwrite", true},
	}
	for _, tc := range cases {
		t.Run(tc.str, func(t *testing.T) {
			assert.Equal(t, tc.str, tc.c.String())
			assert.Equal(t, tc.removed, tc.c.Removed())
			if tc.web != "" {
				assert.Equal(t, tc.web, tc.c.WebExtensionName())
			}
		})
	}
}

// ---- events per operation (spec §6) ----

func TestChangeEventsSet(t *testing.T) {
	t.Run("successful set is Inserted", func(t *testing.T) {
		m, _, rec := cdSetup(t, Limits{})
		cdLine(t, m, "https://example.com/", "a=1; SameSite=Lax")
		evs := rec.take()
		require.Len(t, evs, 1)
		assert.Equal(t, CauseInserted, evs[0].Cause)
		assert.Equal(t, "a", evs[0].Cookie.Name)
		assert.Equal(t, "1", evs[0].Cookie.Value)
		assert.True(t, evs[0].AccessResult.Status.IsInclude())
		assert.Equal(t, EffectiveLaxMode, evs[0].AccessResult.EffectiveSameSite, "an insertion carries the set's access result")
	})
	t.Run("an insertion carries the result SetCookieLine returned", func(t *testing.T) {
		m, _, rec := cdSetup(t, Limits{})
		line := "a=1; Domain=" + strings.Repeat("x", 1100) // an over-long attribute is dropped with a warning
		res, err := m.SetCookieLine(context.Background(), mustURL(t, "https://example.com/"), line, NavigationOptions())
		require.NoError(t, err)
		require.True(t, res.Status.IsInclude())
		require.True(t, res.Status.HasWarning(WarnAttributeValueExceedsMaxSize))
		evs := rec.take()
		require.Len(t, evs, 1)
		assert.Equal(t, res, evs[0].AccessResult)
	})
	t.Run("replace is Overwrite(old) then Inserted(new)", func(t *testing.T) {
		m, clk, rec := cdSetup(t, Limits{})
		cdLine(t, m, "https://example.com/", "a=1")
		rec.take()
		clk.Advance(time.Second)
		cdLine(t, m, "https://example.com/", "a=2")
		evs := rec.take()
		require.Len(t, evs, 2)
		assert.Equal(t, []string{"Overwrite a=1", "Inserted a=2"},
			[]string{evs[0].Cause.String() + " a=" + evs[0].Cookie.Value, evs[1].Cause.String() + " a=" + evs[1].Cookie.Value})
		removal := evs[0].AccessResult
		assert.Equal(t, EffectiveUndefined, removal.EffectiveSameSite)
		assert.True(t, removal.AllowedToAccessSecureCookies)
		assert.True(t, removal.Status.IsInclude(), "an empty status")
		assert.Empty(t, removal.Status.Warnings())
	})
	t.Run("same value replaced is still Overwrite then Inserted", func(t *testing.T) {
		m, clk, rec := cdSetup(t, Limits{})
		cdLine(t, m, "https://example.com/", "a=1")
		clk.Advance(time.Second)
		cdLine(t, m, "https://example.com/", "a=1; HttpOnly")
		assert.Equal(t, []string{"Inserted a=1", "Overwrite a=1", "Inserted a=1"}, rec.events())
	})
	for _, line := range []string{"a=gone; Max-Age=0", "a=gone; Expires=Thu, 01 Jan 1970 00:00:00 GMT"} {
		t.Run("already expired over an equivalent is ExpiredOverwrite only/"+line, func(t *testing.T) {
			m, _, rec := cdSetup(t, Limits{})
			cdLine(t, m, "https://example.com/", "a=1")
			cdLine(t, m, "https://example.com/", "b=1")
			rec.take()
			cdLine(t, m, "https://example.com/", line)
			assert.Equal(t, []string{"ExpiredOverwrite a=1"}, rec.events())
			assert.Equal(t, []string{"b"}, gcNames(t, m, nil))
		})
	}
	t.Run("already expired with no equivalent fires nothing", func(t *testing.T) {
		m, _, rec := cdSetup(t, Limits{})
		cdLine(t, m, "https://example.com/", "a=gone; Max-Age=0")
		assert.Empty(t, rec.events())
		assert.Empty(t, gcAll(t, m))
	})
	t.Run("script may not expire an HttpOnly cookie: nothing fires", func(t *testing.T) {
		m, _, rec := cdSetup(t, Limits{})
		cdLine(t, m, "https://example.com/", "h=1; HttpOnly")
		rec.take()
		res, err := m.SetCookieLine(context.Background(), mustURL(t, "https://example.com/"), "h=; Max-Age=0",
			ScriptOptions(MakeSameSiteContext(ContextStrict), PartitionKey{}))
		require.NoError(t, err)
		require.True(t, res.Status.HasExclusion(ExcludeOverwriteHTTPOnly), "%s", res.Status)
		assert.Empty(t, rec.events())
		assert.Equal(t, []string{"h"}, gcNames(t, m, nil))
	})
	t.Run("refused set fires nothing", func(t *testing.T) {
		m, _, rec := cdSetup(t, Limits{})
		cdLine(t, m, "https://example.com/", "a=1; Secure")
		rec.take()
		res, err := m.SetCookieLine(context.Background(), mustURL(t, "http://example.com/"), "a=2", NavigationOptions())
		require.NoError(t, err)
		require.True(t, res.Status.HasExclusion(ExcludeOverwriteSecure))
		assert.Empty(t, rec.events())
	})
}

// Spec §3 Set step 2: "already_expired = IsExpired(creation)": a cookie
// given with a creation time in the past is judged expired or not at that
// creation time, and one that was still live then is inserted (replacing its
// equivalent: Overwrite, Inserted), to expire when next seen (Expired).
func TestChangeEventsAlreadyExpiredJudgedAtCreation(t *testing.T) {
	m, _, rec := cdSetup(t, Limits{})
	cdLine(t, m, "https://example.com/", "a=1")
	rec.take()
	c := gcCookie(t, t0, CookieDetails{URL: mustURL(t, "https://example.com/"), Name: "a", Value: "2",
		Creation: t0.Add(-2 * time.Hour), Expiry: t0.Add(-time.Hour)})
	gcSetCookie(t, m, c, "https://example.com/")
	assert.Equal(t, []string{"Overwrite a=1", "Inserted a=2"}, rec.events())
	assert.Empty(t, gcAll(t, m))
	assert.Equal(t, []string{"Expired a=2"}, rec.events())
}

func TestChangeEventsExpired(t *testing.T) {
	ctx := context.Background()
	setExpiring := func(t *testing.T) (*Monster, *cdRecorder) {
		m, clk, rec := cdSetup(t, Limits{})
		cdLine(t, m, "https://example.com/", "a=1; Max-Age=60")
		cdLine(t, m, "https://example.com/", "b=1")
		rec.take()
		clk.Advance(2 * time.Minute)
		return m, rec
	}
	t.Run("on a get", func(t *testing.T) {
		m, rec := setExpiring(t)
		inc, _, err := m.Cookies(ctx, mustURL(t, "https://example.com/"), NavigationOptions())
		require.NoError(t, err)
		require.Len(t, inc, 1)
		assert.Equal(t, []string{"Expired a=1"}, rec.events())
	})
	t.Run("on a get of another cookie of the key", func(t *testing.T) {
		m, rec := setExpiring(t)
		c, err := m.Get(ctx, mustURL(t, "https://example.com/"), "b", PartitionKey{})
		require.NoError(t, err)
		require.NotNil(t, c)
		assert.Equal(t, []string{"Expired a=1"}, rec.events())
	})
	t.Run("on AllCookies", func(t *testing.T) {
		m, rec := setExpiring(t)
		assert.Len(t, gcAll(t, m), 1)
		assert.Equal(t, []string{"Expired a=1"}, rec.events())
	})
	t.Run("on GetAll", func(t *testing.T) {
		m, rec := setExpiring(t)
		name := "nothing-matches"
		got, err := m.GetAll(ctx, CookieFilter{Name: &name})
		require.NoError(t, err)
		assert.Empty(t, got)
		assert.Equal(t, []string{"Expired a=1"}, rec.events())
	})
	t.Run("on global GC", func(t *testing.T) {
		m, clk, rec := cdSetup(t, Limits{MaxCookies: 2, PurgeCookiesTo: 1})
		cdLine(t, m, "https://x.com/", "x=1; Max-Age=60")
		cdLine(t, m, "https://y.com/", "y=1")
		clk.Advance(2 * time.Minute)
		rec.take()
		cdLine(t, m, "https://z.com/", "z=1")
		// 3 > 2 and the gate is open (no purge yet): x expires; 2 remain.
		assert.Equal(t, []string{"Inserted z=1", "Expired x=1"}, rec.events())
	})
	t.Run("on per-key GC", func(t *testing.T) {
		m, clk, rec := cdSetup(t, Limits{MaxCookiesPerKey: 2, PurgeCookiesPerKeyTo: 1})
		cdLine(t, m, "https://example.com/", "a=1; Max-Age=60")
		cdLine(t, m, "https://example.com/", "b=1")
		clk.Advance(2 * time.Minute)
		rec.take()
		cdLine(t, m, "https://example.com/", "c=1")
		assert.Equal(t, []string{"Inserted c=1", "Expired a=1"}, rec.events())
		assert.Equal(t, []string{"b", "c"}, gcNames(t, m, nil))
	})
	t.Run("on partition GC", func(t *testing.T) {
		m, clk, rec := cdSetup(t, Limits{MaxPartitionCookiesPerKey: 2})
		p := gcPartition(t, "https://top.com/")
		gcSetLine(t, m, "https://example.com/", "a=1; Secure; Partitioned; Max-Age=60", p)
		gcSetLine(t, m, "https://example.com/", "b=1; Secure; Partitioned", p)
		clk.Advance(2 * time.Minute)
		rec.take()
		gcSetLine(t, m, "https://example.com/", "c=1; Secure; Partitioned", p)
		assert.Equal(t, []string{"Inserted c=1", "Expired a=1"}, rec.events())
		assert.Equal(t, []string{"b", "c"}, gcNames(t, m, nil))
	})
	t.Run("DeleteSessionCookies", func(t *testing.T) {
		m, _, rec := cdSetup(t, Limits{})
		cdLine(t, m, "https://example.com/", "s=1")
		cdLine(t, m, "https://example.com/", "p=1; Max-Age=3600")
		cdLine(t, m, "https://other.com/", "s2=1")
		rec.take()
		n, err := m.DeleteSessionCookies(ctx)
		require.NoError(t, err)
		assert.Equal(t, 2, n)
		assert.ElementsMatch(t, []string{"Expired s=1", "Expired s2=1"}, rec.events())
		assert.Equal(t, []string{"p"}, gcNames(t, m, nil))
	})
}

func TestChangeEventsEvicted(t *testing.T) {
	t.Run("domain eviction", func(t *testing.T) {
		m, clk, rec := cdSetup(t, Limits{MaxCookiesPerKey: 2, PurgeCookiesPerKeyTo: 1})
		for _, n := range []string{"a", "b", "c"} {
			clk.Advance(time.Minute)
			cdLine(t, m, "https://example.com/", n+"=1")
		}
		assert.Equal(t, []string{"Inserted a=1", "Inserted b=1", "Inserted c=1", "Evicted a=1", "Evicted b=1"}, rec.events())
	})
	t.Run("global eviction", func(t *testing.T) {
		m, clk, rec := cdSetup(t, Limits{MaxCookies: 2, PurgeCookiesTo: 1})
		old := t0.Add(-40 * 24 * time.Hour)
		gcSetSite(t, m, gcSiteCookie(t, clk.Now(), "x", false, old))
		gcSetSite(t, m, gcSiteCookie(t, clk.Now(), "y", false, old.Add(time.Minute)))
		cdLine(t, m, "https://z.com/", "z=1")
		assert.Equal(t, []string{"Inserted x=v", "Inserted y=v", "Inserted z=1", "Evicted x=v", "Evicted y=v"}, rec.events())
	})
	t.Run("partition eviction", func(t *testing.T) {
		m, clk, rec := cdSetup(t, Limits{MaxPartitionCookiesPerKey: 1})
		p := gcPartition(t, "https://top.com/")
		gcSetLine(t, m, "https://example.com/", "p1=1; Secure; Partitioned", p)
		clk.Advance(time.Minute)
		gcSetLine(t, m, "https://example.com/", "p2=1; Secure; Partitioned", p)
		assert.Equal(t, []string{"Inserted p1=1", "Inserted p2=1", "Evicted p1=1"}, rec.events())
	})
}

func TestChangeEventsDeletes(t *testing.T) {
	ctx := context.Background()
	// setup stores a=1 (t0+1s), b=2 (t0+2s) on example.com and a partitioned
	// p=3 (t0+3s).
	setup := func(t *testing.T) (*Monster, *cdRecorder) {
		m, clk, rec := cdSetup(t, Limits{})
		clk.Advance(time.Second)
		cdLine(t, m, "https://example.com/", "a=1")
		clk.Advance(time.Second)
		cdLine(t, m, "https://example.com/", "b=2")
		clk.Advance(time.Second)
		gcSetLine(t, m, "https://example.com/", "p=3; Secure; Partitioned", gcPartition(t, "https://top.com/"))
		rec.take()
		return m, rec
	}
	t.Run("DeleteAll", func(t *testing.T) {
		m, rec := setup(t)
		n, err := m.DeleteAll(ctx)
		require.NoError(t, err)
		assert.Equal(t, 3, n)
		assert.ElementsMatch(t, []string{"Explicit a=1", "Explicit b=2", "Explicit p=3"}, rec.events())
	})
	t.Run("DeleteAllCreatedInTimeRange", func(t *testing.T) {
		m, rec := setup(t)
		n, err := m.DeleteAllCreatedInTimeRange(ctx, TimeRange{Start: t0.Add(2 * time.Second)})
		require.NoError(t, err)
		assert.Equal(t, 2, n)
		assert.ElementsMatch(t, []string{"Explicit b=2", "Explicit p=3"}, rec.events())
	})
	t.Run("DeleteMatching", func(t *testing.T) {
		m, rec := setup(t)
		name := "a"
		n, err := m.DeleteMatching(ctx, DeletionInfo{Name: &name})
		require.NoError(t, err)
		assert.Equal(t, 1, n)
		assert.Equal(t, []string{"Explicit a=1"}, rec.events())
	})
	t.Run("DeleteMatchingFunc", func(t *testing.T) {
		m, rec := setup(t)
		n, err := m.DeleteMatchingFunc(ctx, func(c *CanonicalCookie) bool { return c.Value == "2" })
		require.NoError(t, err)
		assert.Equal(t, 1, n)
		assert.Equal(t, []string{"Explicit b=2"}, rec.events())
	})
	t.Run("DeleteCanonicalCookie", func(t *testing.T) {
		m, rec := setup(t)
		var a *CanonicalCookie
		for _, c := range gcAll(t, m) {
			if c.Name == "a" {
				a = c
			}
		}
		require.NotNil(t, a)
		wrong := *a
		wrong.Value = "other"
		n, err := m.DeleteCanonicalCookie(ctx, &wrong)
		require.NoError(t, err)
		assert.Equal(t, 0, n)
		assert.Empty(t, rec.events(), "another value deletes nothing")
		n, err = m.DeleteCanonicalCookie(ctx, a)
		require.NoError(t, err)
		assert.Equal(t, 1, n)
		assert.Equal(t, []string{"Explicit a=1"}, rec.events())
	})
	t.Run("Remove", func(t *testing.T) {
		m, rec := setup(t)
		removed, err := m.Remove(ctx, mustURL(t, "https://example.com/"), "b", PartitionKey{})
		require.NoError(t, err)
		require.Len(t, removed, 1)
		assert.Equal(t, []string{"Explicit b=2"}, rec.events())
	})
}

// Loading: a cookie with a control character is dropped (Evicted, to every
// subscriber), a duplicate's older copy is dropped (Explicit, only to URL and
// cookie subscriptions), and nothing else fires.
func TestChangeEventsLoad(t *testing.T) {
	clk := newFakeClock(t0)
	u := mustURL(t, "https://example.com/")
	exp := t0.Add(24 * time.Hour) // persistent, so deletions reach the store
	ok := gcCookie(t, t0.Add(-3*time.Hour), CookieDetails{URL: u, Name: "ok", Value: "1", Creation: t0.Add(-3 * time.Hour), Expiry: exp})
	dupOld := gcCookie(t, t0.Add(-2*time.Hour), CookieDetails{URL: u, Name: "d", Value: "old", Creation: t0.Add(-2 * time.Hour), Expiry: exp})
	dupNew := gcCookie(t, t0.Add(-time.Hour), CookieDetails{URL: u, Name: "d", Value: "new", Creation: t0.Add(-time.Hour), Expiry: exp})
	other := gcCookie(t, t0.Add(-time.Hour), CookieDetails{URL: mustURL(t, "https://other.com/"), Name: "o", Value: "1",
		Creation: t0.Add(-time.Hour), Expiry: exp})
	bad := &CanonicalCookie{
		Name: "bad", Value: "a\x01b", Domain: "example.com", Path: "/", Expiry: exp,
		Creation: t0.Add(-90 * time.Minute), LastAccess: t0.Add(-90 * time.Minute), LastUpdate: t0.Add(-90 * time.Minute),
		Priority: PriorityMedium, SourceScheme: SourceSchemeSecure, SourcePort: 443,
	}
	m, store := cdGated(t, clk, ok, dupOld, bad, dupNew, other)
	all := cdRecord(m)
	var byURL, byName, byOtherName cdRecorder
	defer m.Changes().SubscribeURL(u, PartitionKey{}, byURL.record)()
	defer m.Changes().SubscribeCookie(u, "d", PartitionKey{}, byName.record)()
	defer m.Changes().SubscribeCookie(u, "ok", PartitionKey{}, byOtherName.record)()
	store.open()

	require.Len(t, gcAll(t, m), 3, "ok, d=new and o are loaded") // waits for the full load
	// The set's change comes after the load's. The load delivers its own
	// changes on its goroutine, and a set overlapping that delivery returns
	// before its change is delivered, so wait for the deliveries to end.
	cdLine(t, m, "https://example.com/", "zz=1")
	cdSettle(t, m)

	assert.Equal(t, []string{"Evicted bad=a\x01b", "Inserted zz=1"}, all.events())
	assert.Equal(t, []string{"Evicted bad=a\x01b", "Explicit d=old", "Inserted zz=1"}, byURL.events())
	assert.Equal(t, []string{"Explicit d=old"}, byName.events())
	assert.Empty(t, byOtherName.events(), "loading fires nothing for a good cookie")
	got := gcAll(t, m)
	var vals []string
	for _, c := range got {
		vals = append(vals, c.Name+"="+c.Value)
	}
	assert.ElementsMatch(t, []string{"ok=1", "d=new", "o=1", "zz=1"}, vals)

	var stored []string
	for _, c := range store.Cookies() {
		stored = append(stored, c.Name+"="+c.Value)
	}
	assert.ElementsMatch(t, []string{"ok=1", "d=new", "o=1"}, stored,
		"the control-character cookie and the older duplicate are deleted from the store")
}

// Loading good cookies, expired ones included, fires nothing; the expired
// one fires Expired when it is next seen.
func TestChangeEventsLoadFiresNothing(t *testing.T) {
	clk := newFakeClock(t0)
	u := mustURL(t, "https://example.com/")
	var cookies []*CanonicalCookie
	for i := range 5 {
		created := t0.Add(-time.Duration(10-i) * time.Hour)
		cookies = append(cookies, gcCookie(t, created, CookieDetails{URL: u, Name: fmt.Sprintf("c%d", i), Value: "1", Creation: created}))
	}
	created := t0.Add(-48 * time.Hour)
	cookies = append(cookies, gcCookie(t, created, CookieDetails{URL: u, Name: "gone", Value: "1", Creation: created,
		Expiry: t0.Add(-time.Hour)}))
	m, store := cdGated(t, clk, cookies...)
	all := cdRecord(m)
	var byURL cdRecorder
	defer m.Changes().SubscribeURL(u, PartitionKey{}, byURL.record)()
	store.open()

	inc, _, err := m.Cookies(context.Background(), u, NavigationOptions())
	require.NoError(t, err)
	assert.Len(t, inc, 5)
	cdLine(t, m, "https://example.com/", "zz=1")
	assert.Equal(t, []string{"Expired gone=1", "Inserted zz=1"}, all.events())
	assert.Equal(t, []string{"Expired gone=1", "Inserted zz=1"}, byURL.events())
}

// ---- subscriptions ----

// SubscribeURL applies domain, path and Secure, not HttpOnly or SameSite;
// SubscribeCookie filters by name too.
func TestSubscribeURLMatching(t *testing.T) {
	m, _, _ := cdSetup(t, Limits{})
	d := m.Changes()
	var httpsFoo, httpFoo, nameA, ip, ip6 cdRecorder
	defer d.SubscribeURL(mustURL(t, "https://EXAMPLE.com/foo"), PartitionKey{}, httpsFoo.record)() // host case-folded
	defer d.SubscribeURL(mustURL(t, "http://[::1]:8080/"), PartitionKey{}, ip6.record)()
	defer d.SubscribeURL(mustURL(t, "http://example.com/foo"), PartitionKey{}, httpFoo.record)()
	defer d.SubscribeCookie(mustURL(t, "https://example.com/foo"), "a", PartitionKey{}, nameA.record)()
	defer d.SubscribeURL(mustURL(t, "http://127.0.0.1/"), PartitionKey{}, ip.record)()

	cdLine(t, m, "https://example.com/", "a=1; Path=/foo")
	cdLine(t, m, "https://example.com/", "b=1; Path=/bar")                   // not on path
	cdLine(t, m, "https://example.com/", "c=1; Secure")                      // not for http
	cdLine(t, m, "https://example.com/", "d=1; HttpOnly")                    // HttpOnly ignored
	cdLine(t, m, "https://example.com/", "e=1; SameSite=Strict")             // SameSite ignored
	cdLine(t, m, "https://other.example.com/", "f=1")                        // host-only elsewhere
	cdLine(t, m, "https://other.example.com/", "g=1; Domain=example.com")    // domain cookie
	cdLine(t, m, "https://example.org/", "h=1")                              // other site
	cdLine(t, m, "https://example.com/", "i=1; Path=/foo/bar")               // deeper path
	cdLine(t, m, "https://example.com/", "a=2; Path=/")                      // another cookie "a"
	cdLine(t, m, "https://example.com/", "j=1; SameSite=None; Secure")       // not for http
	cdLine(t, m, "http://127.0.0.1/", "k=1")                                 // IP host
	cdLine(t, m, "http://[::1]:8080/", "l=1")                                // IPv6 host
	cdLine(t, m, "https://example.com/", "b=2; Path=/foo; HttpOnly; Secure") // the Secure rule applies

	assert.Equal(t, []string{"Inserted a=1", "Inserted c=1", "Inserted d=1", "Inserted e=1", "Inserted g=1",
		"Inserted a=2", "Inserted j=1", "Inserted b=2"}, httpsFoo.events())
	assert.Equal(t, []string{"Inserted a=1", "Inserted d=1", "Inserted e=1", "Inserted g=1", "Inserted a=2"}, httpFoo.events())
	assert.Equal(t, []string{"Inserted a=1", "Inserted a=2"}, nameA.events())
	assert.Equal(t, []string{"Inserted k=1"}, ip.events())
	assert.Equal(t, []string{"Inserted l=1"}, ip6.events())

	// Removals are matched the same way.
	n, err := m.DeleteAll(context.Background())
	require.NoError(t, err)
	require.Equal(t, 14, n)
	assert.ElementsMatch(t, []string{"Explicit a=1", "Explicit c=1", "Explicit d=1", "Explicit e=1", "Explicit g=1",
		"Explicit a=2", "Explicit j=1", "Explicit b=2"}, httpsFoo.events())
	assert.ElementsMatch(t, []string{"Explicit a=1", "Explicit a=2"}, nameA.events())
}

// The partition filters: zero key → unpartitioned only; key K →
// unpartitioned and K's; nonced key → only its own partition; SubscribeAll
// → everything.
func TestSubscribePartitionFilters(t *testing.T) {
	m, _, all := cdSetup(t, Limits{})
	u := mustURL(t, "https://example.com/")
	k := gcPartition(t, "https://top.com/")
	k2 := gcPartition(t, "https://top2.com/")
	kSame, err := NewPartitionKey(mustURL(t, "https://top.com/"), false) // same site, other ancestor bit
	require.NoError(t, err)
	n, err := NewNoncedPartitionKey(mustURL(t, "https://frame.com/"), Nonce{1})
	require.NoError(t, err)
	n2, err := NewNoncedPartitionKey(mustURL(t, "https://frame.com/"), Nonce{2})
	require.NoError(t, err)

	d := m.Changes()
	var zr, kr, nr, kn cdRecorder
	defer d.SubscribeURL(u, PartitionKey{}, zr.record)()
	defer d.SubscribeURL(u, k, kr.record)()
	defer d.SubscribeURL(u, n, nr.record)()
	defer d.SubscribeCookie(u, "pk", k, kn.record)()

	gcSetLine(t, m, "https://example.com/", "u=1", PartitionKey{})
	gcSetLine(t, m, "https://example.com/", "pk=1; Secure; Partitioned", k)
	gcSetLine(t, m, "https://example.com/", "pk=2; Secure; Partitioned", k2)
	gcSetLine(t, m, "https://example.com/", "pk=3; Secure; Partitioned", kSame)
	gcSetLine(t, m, "https://example.com/", "pn=1; Secure", n) // a nonce partitions without the attribute
	gcSetLine(t, m, "https://example.com/", "pn=2; Secure", n2)
	require.Len(t, gcAll(t, m), 6)

	assert.Equal(t, []string{"Inserted u=1"}, zr.events(), "zero key: partitioned cookies skipped")
	assert.Equal(t, []string{"Inserted u=1", "Inserted pk=1"}, kr.events(), "K: unpartitioned and K's")
	assert.Equal(t, []string{"Inserted pn=1"}, nr.events(), "nonced key: its partition only")
	assert.Equal(t, []string{"Inserted pk=1"}, kn.events())
	assert.Equal(t, []string{"Inserted u=1", "Inserted pk=1", "Inserted pk=2", "Inserted pk=3", "Inserted pn=1",
		"Inserted pn=2"}, all.events(), "SubscribeAll sees every partition")

	// Removals are filtered the same way.
	_, err = m.DeleteAll(context.Background())
	require.NoError(t, err)
	assert.Equal(t, []string{"Explicit u=1"}, zr.events())
	assert.ElementsMatch(t, []string{"Explicit u=1", "Explicit pk=1"}, kr.events())
	assert.Equal(t, []string{"Explicit pn=1"}, nr.events())
	assert.Len(t, all.events(), 6)
}

// One change goes to the cookie's name subscriptions, then its URL
// subscriptions, then the global ones, each group in subscription order.
func TestSubscribeDispatchOrder(t *testing.T) {
	m, clk, _ := cdSetup(t, Limits{})
	u := mustURL(t, "https://example.com/")
	var mu sync.Mutex
	var log []string
	note := func(label string) func(Change) {
		return func(ch Change) {
			mu.Lock()
			defer mu.Unlock()
			log = append(log, label+":"+ch.Cause.String())
		}
	}
	d := m.Changes()
	defer d.SubscribeAll(note("all1"))()
	defer d.SubscribeURL(u, PartitionKey{}, note("url1"))()
	defer d.SubscribeCookie(u, "a", PartitionKey{}, note("name1"))()
	defer d.SubscribeURL(u, PartitionKey{}, note("url2"))()
	defer d.SubscribeCookie(u, "a", PartitionKey{}, note("name2"))()
	defer d.SubscribeAll(note("all2"))()
	defer d.SubscribeCookie(u, "b", PartitionKey{}, note("nameB"))()

	cdLine(t, m, "https://example.com/", "a=1")
	clk.Advance(time.Second)
	cdLine(t, m, "https://example.com/", "a=2")
	mu.Lock()
	defer mu.Unlock()
	var want []string
	for _, cause := range []string{"Inserted", "Overwrite", "Inserted"} {
		for _, l := range []string{"name1", "name2", "url1", "url2", "all1", "all2"} {
			want = append(want, l+":"+cause)
		}
	}
	assert.Equal(t, want, log)
}

// cdSettle waits until no delivery is under way and nothing is queued.
func cdSettle(t *testing.T, m *Monster) {
	t.Helper()
	d := m.Changes()
	require.Eventually(t, func() bool {
		d.qMu.Lock()
		defer d.qMu.Unlock()
		return !d.delivering && len(d.queue) == 0
	}, 10*time.Second, time.Millisecond, "changes still being delivered")
}

// cdQueued returns how many changes the dispatcher has queued so far and how
// many wait.
func cdQueued(m *Monster) (enqueued uint64, waiting int) {
	d := m.Changes()
	d.qMu.Lock()
	defer d.qMu.Unlock()
	return d.enqueued, len(d.queue)
}

// cancel stops delivery, is idempotent, and leaves other subscriptions alone;
// with none left nothing is queued.
func TestSubscribeCancel(t *testing.T) {
	m := gcNew(t, newFakeClock(t0), Limits{}, nil)
	u := mustURL(t, "https://example.com/")
	d := m.Changes()
	var r1, r2, ru cdRecorder
	cancel1 := d.SubscribeAll(r1.record)
	cancel2 := d.SubscribeAll(r2.record)
	cancelU := d.SubscribeURL(u, PartitionKey{}, ru.record)

	cdLine(t, m, "https://example.com/", "a=1")
	assert.Equal(t, []string{"Inserted a=1"}, r1.events())
	assert.Equal(t, []string{"Inserted a=1"}, r2.events())
	assert.Equal(t, []string{"Inserted a=1"}, ru.events())

	cancel1()
	cancel1() // idempotent: must not cancel anything else
	cancelU()
	cancelU()
	cdLine(t, m, "https://example.com/", "b=1")
	assert.Empty(t, r1.events())
	assert.Empty(t, ru.events())
	assert.Equal(t, []string{"Inserted b=1"}, r2.events(), "the other subscription still gets changes")

	cancel2()
	cancel2()
	before, _ := cdQueued(m)
	cdLine(t, m, "https://example.com/", "c=1")
	_, err := m.DeleteAll(context.Background())
	require.NoError(t, err)
	after, waiting := cdQueued(m)
	assert.Equal(t, before, after, "no subscription: nothing queued")
	assert.Zero(t, waiting)
	assert.Empty(t, r2.events())
}

// "once cancel returns, fn is not started again": a cancel from another
// goroutine while changes are being delivered does not wait for a call of
// fn started before it returned, which may not even have run its first
// statement yet; but callbacks never run two at once, so at most that one
// call counts after cancel returns. Run many times, since the window is
// small.
func TestSubscribeCancelWhileDelivering(t *testing.T) {
	u := mustURL(t, "https://example.com/")
	violations := 0
	for iter := range 2000 {
		m, err := New(Config{})
		require.NoError(t, err)
		var calls atomic.Int64
		cancel := m.Changes().SubscribeAll(func(Change) { calls.Add(1) })
		done := make(chan struct{})
		go func() {
			defer close(done)
			for i := range 50 {
				_, _ = m.SetCookieLine(context.Background(), u, fmt.Sprintf("a%d=1", i), NavigationOptions())
			}
		}()
		for range iter % 20 {
			runtime.Gosched()
		}
		cancel()
		n := calls.Load()
		cdWait(t, done, "the writer")
		if calls.Load() > n+1 {
			violations++
		}
	}
	assert.Zero(t, violations, "iterations in which fn started after cancel returned")
}

// A callback may cancel its own subscription: it is not called again.
func TestSubscribeCancelFromCallback(t *testing.T) {
	m, clk, all := cdSetup(t, Limits{})
	var self cdRecorder
	var cancel func()
	cancel = m.Changes().SubscribeAll(func(ch Change) {
		self.record(ch)
		cancel()
	})
	cdLine(t, m, "https://example.com/", "a=1")
	clk.Advance(time.Second)
	cdLine(t, m, "https://example.com/", "a=2")
	assert.Equal(t, []string{"Inserted a=1"}, self.events())
	assert.Equal(t, []string{"Inserted a=1", "Overwrite a=1", "Inserted a=2"}, all.events())
}

// A callback that calls back into the Monster works without deadlock; the
// changes it makes are delivered after the change being delivered, before
// the outer call returns.
func TestSubscribeReentrantCallback(t *testing.T) {
	m, clk, _ := cdSetup(t, Limits{})
	ctx := context.Background()
	u := mustURL(t, "https://example.com/")
	var inner []string // written by the callback only
	m.Changes().SubscribeAll(func(ch Change) {
		if ch.Cause != CauseInserted || ch.Cookie.Name != "trigger" {
			return
		}
		clk.Advance(time.Second) // the reaction is created after the trigger
		res, err := m.SetCookieLine(ctx, u, "reaction="+ch.Cookie.Value, NavigationOptions())
		if err != nil || !res.Status.IsInclude() {
			inner = append(inner, fmt.Sprintf("set failed: %v %s", err, res.Status))
			return
		}
		all, err := m.AllCookies(ctx)
		if err != nil {
			inner = append(inner, "AllCookies: "+err.Error())
			return
		}
		for _, c := range all {
			inner = append(inner, c.Name+"="+c.Value)
		}
		slices.Sort(inner)
		hdr, err := m.CookieHeader(ctx, u, NavigationOptions())
		if err == nil {
			inner = append(inner, "header:"+hdr)
		}
	})
	rec := cdRecord(m) // subscribed after the reentrant one

	done := make(chan AccessResult)
	go func() {
		res, _ := m.SetCookieLine(ctx, u, "trigger=0", NavigationOptions())
		done <- res
	}()
	select {
	case res := <-done:
		require.True(t, res.Status.IsInclude(), "%s", res.Status)
	case <-time.After(10 * time.Second):
		t.Fatal("deadlock: a callback calling into the Monster")
	}
	assert.Equal(t, []string{"Inserted trigger=0", "Inserted reaction=0"}, rec.events(),
		"the callback's own change arrives right after, before the outer set returns")
	assert.Equal(t, []string{"reaction=0", "trigger=0", "header:trigger=0; reaction=0"}, inner)

	// With a change already queued behind the one being delivered, the
	// callback's change comes after it: changes arrive in the order they
	// happened.
	clk.Advance(time.Second)
	inner = nil
	cdLine(t, m, "https://example.com/", "trigger=1")
	assert.Equal(t, []string{"Overwrite trigger=0", "Inserted trigger=1", "Overwrite reaction=0", "Inserted reaction=1"},
		rec.events())
}

// A callback that sets or deletes cookies itself: the calls it makes return
// before their changes are delivered, and the delivery under way delivers
// those changes right after the one in hand, in the order they happened, to
// every subscription, before the outer call returns.
func TestSubscribeReentrantSetDelete(t *testing.T) {
	ctx := context.Background()
	u := mustURL(t, "https://example.com/")
	cases := []struct {
		name  string
		setup []string               // lines set before subscribing
		react func(m *Monster) error // what the callback does on "Inserted t=1"
		want  []string               // changes every subscription gets
		store []string               // the cookies after, sorted
	}{
		{
			name: "set",
			react: func(m *Monster) error {
				_, err := m.SetCookieLine(ctx, u, "r=1", NavigationOptions())
				return err
			},
			want:  []string{"Inserted t=1", "Inserted r=1"},
			store: []string{"r=1", "t=1"},
		},
		{
			name:  "delete",
			setup: []string{"r=0"},
			react: func(m *Monster) error {
				_, err := m.Remove(ctx, u, "r", PartitionKey{})
				return err
			},
			want:  []string{"Inserted t=1", "Explicit r=0"},
			store: []string{"t=1"},
		},
		{
			name:  "set, overwrite and delete",
			setup: []string{"r=0", "s=0"},
			react: func(m *Monster) error {
				if _, err := m.SetCookieLine(ctx, u, "q=1", NavigationOptions()); err != nil {
					return err
				}
				if _, err := m.SetCookieLine(ctx, u, "r=1", NavigationOptions()); err != nil {
					return err
				}
				name := "s"
				_, err := m.DeleteMatching(ctx, DeletionInfo{Name: &name})
				return err
			},
			want:  []string{"Inserted t=1", "Inserted q=1", "Overwrite r=0", "Inserted r=1", "Explicit s=0"},
			store: []string{"q=1", "r=1", "t=1"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := gcNew(t, newFakeClock(t0), Limits{}, nil)
			for _, line := range tc.setup {
				cdLine(t, m, "https://example.com/", line)
			}
			d := m.Changes()
			var before, after, self cdRecorder
			var reactErr error
			var seenOnReturn []string // what the callback had got when its calls returned
			d.SubscribeAll(before.record)
			d.SubscribeAll(func(ch Change) {
				self.record(ch)
				if ch.Cause == CauseInserted && ch.Cookie.Name == "t" {
					reactErr = tc.react(m)
					self.mu.Lock()
					for _, ev := range self.evs {
						seenOnReturn = append(seenOnReturn, ev.Cause.String()+" "+ev.Cookie.Name+"="+ev.Cookie.Value)
					}
					self.mu.Unlock()
				}
			})
			d.SubscribeCookie(u, "r", PartitionKey{}, after.record)
			d.SubscribeURL(u, PartitionKey{}, after.record)

			var res AccessResult
			var err error
			cdWithin(t, "a set whose callback calls back", func() {
				res, err = m.SetCookieLine(ctx, u, "t=1", NavigationOptions())
			})
			require.NoError(t, err)
			require.True(t, res.Status.IsInclude(), "%s", res.Status)
			require.NoError(t, reactErr)
			assert.Equal(t, []string{"Inserted t=1"}, seenOnReturn, "the callback's calls return before their changes are delivered")
			assert.Equal(t, tc.want, before.events())
			assert.Equal(t, tc.want, self.events())
			var wantAfter []string // the cookie subscription on r, then the URL subscription, for each change
			for _, ev := range tc.want {
				if strings.Contains(ev, " r=") {
					wantAfter = append(wantAfter, ev)
				}
				wantAfter = append(wantAfter, ev)
			}
			assert.Equal(t, wantAfter, after.events())
			var got []string
			for _, c := range gcAll(t, m) {
				got = append(got, c.Name+"="+c.Value)
			}
			slices.Sort(got)
			assert.Equal(t, tc.store, got)
		})
	}
}

// A callback that starts a goroutine which calls back into the Monster, and
// waits for it: the goroutine's calls return before their changes are
// delivered (the delivery is blocked in the callback), and the delivery
// under way delivers them once the callback has returned, in order, to
// every subscription that wants them.
func TestSubscribeCallbackWaitsForGoroutine(t *testing.T) {
	ctx := context.Background()
	u := mustURL(t, "https://example.com/")
	all := []string{"Inserted t=1", "Inserted r=1", "Overwrite t=1", "Inserted t=2"}
	cases := []struct {
		name      string
		subscribe func(d *ChangeDispatcher, fn func(Change)) (cancel func())
		want      []string // what the waiting subscription gets
	}{
		{
			name:      "SubscribeAll",
			subscribe: func(d *ChangeDispatcher, fn func(Change)) func() { return d.SubscribeAll(fn) },
			want:      all,
		},
		{
			name: "SubscribeCookie",
			subscribe: func(d *ChangeDispatcher, fn func(Change)) func() {
				return d.SubscribeCookie(u, "t", PartitionKey{}, fn)
			},
			want: []string{"Inserted t=1", "Overwrite t=1", "Inserted t=2"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := gcNew(t, newFakeClock(t0), Limits{}, nil)
			d := m.Changes()
			var before, after, self cdRecorder
			var goErrs []error
			seenOnReturn := -1 // changes the callback had got when the goroutine finished
			d.SubscribeAll(before.record)
			tc.subscribe(d, func(ch Change) {
				self.record(ch)
				if ch.Cause != CauseInserted || ch.Cookie.Name+"="+ch.Cookie.Value != "t=1" {
					return
				}
				done := make(chan struct{})
				go func() {
					defer close(done)
					for _, line := range []string{"r=1", "t=2"} {
						if _, err := m.SetCookieLine(ctx, u, line, NavigationOptions()); err != nil {
							goErrs = append(goErrs, err)
						}
					}
				}()
				<-done
				self.mu.Lock()
				seenOnReturn = len(self.evs)
				self.mu.Unlock()
			})
			d.SubscribeAll(after.record)

			var err error
			cdWithin(t, "a callback waiting for a goroutine that calls back", func() {
				_, err = m.SetCookieLine(ctx, u, "t=1", NavigationOptions())
			})
			require.NoError(t, err)
			require.Empty(t, goErrs)
			assert.Equal(t, 1, seenOnReturn, "the goroutine's calls return before their changes are delivered")
			assert.Equal(t, tc.want, self.events())
			assert.Equal(t, all, before.events())
			assert.Equal(t, all, after.events())
			assert.Equal(t, []string{"r", "t"}, gcNames(t, m, nil))
		})
	}
}

// cancel does not wait for a running call of fn, so it may be called from
// fn, from a goroutine fn waits for, or from another goroutine while fn
// runs; in each case the rest of the change in hand and the changes after
// are not delivered to fn, and the other subscriptions get them all.
func TestSubscribeCancelDoesNotWait(t *testing.T) {
	ctx := context.Background()
	u := mustURL(t, "https://example.com/")
	cases := []struct {
		name string
		// inFn cancels from inside fn's first call; nil: the test cancels
		// from its own goroutine while that call is blocked.
		inFn func(cancel func())
	}{
		{"from fn itself", func(cancel func()) { cancel() }},
		{"from a goroutine fn waits for", func(cancel func()) {
			done := make(chan struct{})
			go func() {
				defer close(done)
				cancel()
			}()
			<-done
		}},
		{"from another goroutine while fn runs", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := gcNew(t, newFakeClock(t0), Limits{}, nil)
			cdLine(t, m, "https://example.com/", "a=1")
			d := m.Changes()
			var before, after, self cdRecorder
			entered, release := make(chan struct{}), make(chan struct{})
			d.SubscribeAll(before.record)
			var cancel func()
			first := true
			cancel = d.SubscribeURL(u, PartitionKey{}, func(ch Change) {
				self.record(ch)
				if !first {
					return
				}
				first = false
				if tc.inFn != nil {
					tc.inFn(cancel)
					return
				}
				close(entered)
				<-release
			})
			d.SubscribeAll(after.record)

			// One set, two changes: fn is cancelled during the first.
			setDone := make(chan struct{})
			var err error
			go func() {
				defer close(setDone)
				_, err = m.SetCookieLine(ctx, u, "a=2", NavigationOptions())
			}()
			if tc.inFn == nil {
				cdWait(t, entered, "fn's first call")
				cdWithin(t, "cancel while fn runs", cancel)
				close(release)
			}
			cdWait(t, setDone, "the set")
			require.NoError(t, err)
			assert.Equal(t, []string{"Overwrite a=1"}, self.events(), "fn is not started again once cancel has returned")
			assert.Equal(t, []string{"Overwrite a=1", "Inserted a=2"}, before.events())
			assert.Equal(t, []string{"Overwrite a=1", "Inserted a=2"}, after.events())

			cancel() // again: nothing happens
			cdLine(t, m, "https://example.com/", "a=3")
			assert.Empty(t, self.events())
			assert.Equal(t, []string{"Overwrite a=2", "Inserted a=3"}, before.events())
			assert.Equal(t, []string{"Overwrite a=2", "Inserted a=3"}, after.events())
		})
	}
}

// Writers on several goroutines, some of them removing: a writer whose call
// overlaps another's delivery returns before its changes are delivered, but
// once every writer has returned every change has been delivered, exactly
// once to every subscription, in the store's order, and never two
// callbacks at once.
func TestSubscribeConcurrentWriters(t *testing.T) {
	m := gcNew(t, newFakeClock(t0), Limits{}, nil)
	ctx := context.Background()
	urls := []*url.URL{mustURL(t, "https://example.com/"), mustURL(t, "https://www.example.org/")}
	var inFlight, overlaps atomic.Int32
	watch := func(r *cdRecorder) func(Change) {
		return func(ch Change) {
			if inFlight.Add(1) != 1 {
				overlaps.Add(1)
			}
			defer inFlight.Add(-1)
			r.record(ch)
		}
	}
	d := m.Changes()
	var all1, all2, byURL cdRecorder
	defer d.SubscribeAll(watch(&all1))()
	defer d.SubscribeURL(urls[0], PartitionKey{}, watch(&byURL))()
	defer d.SubscribeAll(watch(&all2))()

	const writers, ops = 6, 60
	var (
		mu      sync.Mutex
		stored  []string // values set
		removed []string // values removed by Remove
		failed  []string
	)
	cdWithin(t, "the writers", func() {
		var wg sync.WaitGroup
		for g := range writers {
			wg.Go(func() {
				for i := range ops {
					u := urls[(g+i)%len(urls)]
					name := fmt.Sprintf("n%d", (3*g+i)%5)
					if i%4 == 3 {
						gone, err := m.Remove(ctx, u, name, PartitionKey{})
						mu.Lock()
						if err != nil {
							failed = append(failed, "remove "+name+": "+err.Error())
						}
						for _, c := range gone {
							removed = append(removed, c.Value)
						}
						mu.Unlock()
						continue
					}
					v := fmt.Sprintf("g%di%02d", g, i)
					res, err := m.SetCookieLine(ctx, u, name+"="+v, NavigationOptions())
					mu.Lock()
					if err != nil || !res.Status.IsInclude() {
						failed = append(failed, fmt.Sprintf("set %s=%s: %v %s", name, v, err, res.Status))
					} else {
						stored = append(stored, v)
					}
					mu.Unlock()
				}
			})
		}
		wg.Wait()
	})
	require.Empty(t, failed)
	_, waiting := cdQueued(m)
	assert.Zero(t, waiting, "every change is delivered once the writers have returned")
	assert.Zero(t, overlaps.Load(), "callbacks that ran while another was running")

	// Replay the changes: an insertion must find its cookie absent, a
	// removal must find it with the value removed.
	evs := all1.take()
	replay := make(map[string]string) // "domain name" → value
	var problems, inserted, explicit []string
	for _, ch := range evs {
		k := ch.Cookie.Domain + " " + ch.Cookie.Name
		v, ok := replay[k]
		if ch.Cause == CauseInserted {
			if ok {
				problems = append(problems, fmt.Sprintf("Inserted %s=%s over %s", k, ch.Cookie.Value, v))
			}
			replay[k] = ch.Cookie.Value
			inserted = append(inserted, ch.Cookie.Value)
			continue
		}
		if !ok || v != ch.Cookie.Value {
			problems = append(problems, fmt.Sprintf("%s %s=%s, stored %q", ch.Cause, k, ch.Cookie.Value, v))
		}
		delete(replay, k)
		if ch.Cause == CauseExplicit {
			explicit = append(explicit, ch.Cookie.Value)
		}
	}
	assert.Empty(t, problems, "changes out of the store's order")
	final := make(map[string]string)
	for _, c := range gcAll(t, m) {
		final[c.Domain+" "+c.Name] = c.Value
	}
	assert.Equal(t, final, replay, "replaying the changes gives the store")
	slices.Sort(stored)
	slices.Sort(inserted)
	slices.Sort(removed)
	slices.Sort(explicit)
	assert.Len(t, stored, writers*ops*3/4)
	assert.Equal(t, stored, inserted, "one insertion per set")
	assert.Equal(t, removed, explicit, "one Explicit removal per cookie removed")

	assert.Equal(t, evs, all2.take(), "both global subscriptions get the same changes")
	var onURL []Change
	for _, ch := range evs {
		if ch.Cookie.Domain == "example.com" {
			onURL = append(onURL, ch)
		}
	}
	assert.NotEmpty(t, onURL)
	assert.Equal(t, onURL, byURL.take(), "the URL subscription gets its changes, in the same order")
}

// A callback that panics, or ends its goroutine with runtime.Goexit, ends
// the delivery: the panic goes on through the call that was delivering, and
// the rest of the change in hand and the changes after it stay queued, for
// the next call that changes the store to deliver, so that every
// subscription still gets every change once and in order.
func TestSubscribePanickingCallback(t *testing.T) {
	ctx := context.Background()
	u := mustURL(t, "https://example.com/")
	cases := []struct {
		name      string
		stop      func()
		wantPanic any
	}{
		{"panic", func() { panic("boom") }, "boom"},
		{"runtime.Goexit", runtime.Goexit, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := gcNew(t, newFakeClock(t0), Limits{}, nil)
			cdLine(t, m, "https://example.com/", "a=1")
			d := m.Changes()
			var before, stopper, after cdRecorder
			d.SubscribeAll(before.record)
			d.SubscribeAll(func(ch Change) {
				stopper.record(ch)
				if ch.Cause == CauseOverwrite {
					tc.stop()
				}
			})
			d.SubscribeAll(after.record)

			var recovered any
			returned := false
			cdWithin(t, "a set whose callback stops", func() {
				defer func() { recovered = recover() }()
				_, _ = m.SetCookieLine(ctx, u, "a=2", NavigationOptions())
				returned = true
			})
			assert.False(t, returned)
			assert.Equal(t, tc.wantPanic, recovered)
			assert.Equal(t, []string{"Overwrite a=1"}, before.events())
			assert.Equal(t, []string{"Overwrite a=1"}, stopper.events())
			assert.Empty(t, after.events())
			_, waiting := cdQueued(m)
			assert.Equal(t, 2, waiting, "the rest of the change in hand, and the next change")

			cdLine(t, m, "https://example.com/", "b=1")
			assert.Equal(t, []string{"Inserted a=2", "Inserted b=1"}, before.events())
			assert.Equal(t, []string{"Inserted a=2", "Inserted b=1"}, stopper.events())
			assert.Equal(t, []string{"Overwrite a=1", "Inserted a=2", "Inserted b=1"}, after.events())
			_, waiting = cdQueued(m)
			assert.Zero(t, waiting)
		})
	}
}

// With no subscription nothing is queued; a change that no subscription
// wants is not queued either.
func TestSubscribeNoneNothingQueued(t *testing.T) {
	clk := newFakeClock(t0)
	m := gcNew(t, clk, Limits{MaxCookiesPerKey: 2, PurgeCookiesPerKeyTo: 1}, nil)
	ctx := context.Background()
	for i := range 5 {
		clk.Advance(time.Minute)
		cdLine(t, m, "https://example.com/", fmt.Sprintf("c%d=1", i)) // evicts too
	}
	cdLine(t, m, "https://example.com/", "c4=2")
	_, err := m.DeleteAll(ctx)
	require.NoError(t, err)
	enq, waiting := cdQueued(m)
	assert.Zero(t, enq)
	assert.Zero(t, waiting)

	var other cdRecorder
	defer m.Changes().SubscribeURL(mustURL(t, "https://other.com/"), PartitionKey{}, other.record)()
	cdLine(t, m, "https://example.com/", "x=1")
	enq, waiting = cdQueued(m)
	assert.Zero(t, enq, "a change nobody wants is not queued")
	assert.Zero(t, waiting)
	assert.Empty(t, other.events())
}

// TestSubscribeNil: a nil URL or callback subscribes to nothing, and the
// changes still reach the other subscriptions.
func TestSubscribeNil(t *testing.T) {
	m, _, rec := cdSetup(t, Limits{})
	d := m.Changes()
	for _, cancel := range []func(){
		d.SubscribeAll(nil),
		d.SubscribeURL(nil, PartitionKey{}, func(Change) { t.Error("nil URL subscription called") }),
		d.SubscribeCookie(nil, "a", PartitionKey{}, func(Change) { t.Error("nil URL subscription called") }),
		d.SubscribeURL(mustURL(t, "https://example.com/"), PartitionKey{}, nil),
		d.SubscribeCookie(mustURL(t, "https://example.com/"), "a", PartitionKey{}, nil),
	} {
		require.NotNil(t, cancel)
		cancel()
		cancel()
	}
	cdLine(t, m, "https://example.com/", "a=1")
	assert.Equal(t, []string{"Inserted a=1"}, rec.events())
}
