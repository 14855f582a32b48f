package webext

import (
	"context"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/cookiemonster-go/cookiemonster"
)

// t0 is the fake clock's start.
var t0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// secs is t0 + d as an expirationDate.
func secs(d time.Duration) *float64 { return ExpirationDate(t0.Add(d)) }

// fakeClock is a clock that moves only when told.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// env is an API over a set with a fake clock and a memory backend.
type env struct {
	ctx   context.Context
	clock *fakeClock
	set   *cookiemonster.StoreSet
	api   *API
}

// newEnv returns an env whose API has perms; limits bound every store.
func newEnv(t *testing.T, perms []string, limits cookiemonster.Limits) *env {
	t.Helper()
	return newEnvConfig(t, perms, cookiemonster.Config{Limits: limits})
}

// newEnvConfig returns an env whose API has perms, over a set whose stores
// are made with cfg and the env's clock.
func newEnvConfig(t *testing.T, perms []string, cfg cookiemonster.Config) *env {
	t.Helper()
	ctx := context.Background()
	clock := &fakeClock{now: t0}
	cfg.Now = clock.Now
	set, err := cookiemonster.NewStoreSet(ctx, cookiemonster.StoreSetConfig{
		Config:  cfg,
		Backend: cookiemonster.NewMemoryBackend(nil),
	})
	require.NoError(t, err)
	t.Cleanup(func() { _ = set.Close() })
	api, err := New(set, Options{HostPermissions: perms})
	require.NoError(t, err)
	return &env{ctx: ctx, clock: clock, set: set, api: api}
}

// withPerms returns an API over the same set with other permissions.
func (e *env) withPerms(t *testing.T, perms []string) *API {
	t.Helper()
	api, err := New(e.set, Options{HostPermissions: perms})
	require.NoError(t, err)
	return api
}

// fixture is a cookie set by the fixture, and what Set must return.
type fixture struct {
	key  string
	set  SetDetails
	want Cookie
}

// fixtures are set one second apart from t0, in this order, into the
// default store, except "priv", in the private store "incog".
var fixtures = []fixture{
	{"host", SetDetails{URL: "https://www.example.com/", Name: "sid", Value: "1", Secure: true, HTTPOnly: true, SameSite: SameSiteLax, ExpirationDate: secs(time.Hour + 250*time.Millisecond)},
		Cookie{Name: "sid", Value: "1", Domain: "www.example.com", HostOnly: true, Path: "/", Secure: true, HTTPOnly: true, SameSite: SameSiteLax, ExpirationDate: new(1772370000.25), StoreID: "default"}},
	{"dom", SetDetails{URL: "https://www.example.com/", Name: "sid", Value: "2", Domain: "example.com"},
		Cookie{Name: "sid", Value: "2", Domain: ".example.com", Path: "/", SameSite: SameSiteUnspecified, Session: true, StoreID: "default"}},
	{"deep", SetDetails{URL: "https://www.example.com/app/page?q=1#top", Name: "pref", Value: "3", SameSite: SameSiteStrict},
		Cookie{Name: "pref", Value: "3", Domain: "www.example.com", HostOnly: true, Path: "/app", SameSite: SameSiteStrict, Session: true, StoreID: "default"}},
	{"other", SetDetails{URL: "https://other.test/", Name: "x", Value: "4", Secure: true, SameSite: SameSiteNoRestriction, ExpirationDate: secs(48 * time.Hour)},
		Cookie{Name: "x", Value: "4", Domain: "other.test", HostOnly: true, Path: "/", Secure: true, SameSite: SameSiteNoRestriction, ExpirationDate: new(1772539200.0), StoreID: "default"}},
	{"part", SetDetails{URL: "https://embed.example/", Name: "chips", Value: "5", Secure: true, PartitionKey: &PartitionKey{TopLevelSite: new("https://top.example")}},
		Cookie{Name: "chips", Value: "5", Domain: "embed.example", HostOnly: true, Path: "/", Secure: true, SameSite: SameSiteUnspecified, Session: true, StoreID: "default", PartitionKey: NewPartitionKey("https://top.example", true)}},
	{"part-same", SetDetails{URL: "https://top.example/", Name: "chips", Value: "6", Secure: true, PartitionKey: &PartitionKey{TopLevelSite: new("https://www.top.example/landing")}},
		Cookie{Name: "chips", Value: "6", Domain: "top.example", HostOnly: true, Path: "/", Secure: true, SameSite: SameSiteUnspecified, Session: true, StoreID: "default", PartitionKey: NewPartitionKey("https://top.example", false)}},
	{"unpart", SetDetails{URL: "https://embed.example/", Name: "chips", Value: "7", Secure: true},
		Cookie{Name: "chips", Value: "7", Domain: "embed.example", HostOnly: true, Path: "/", Secure: true, SameSite: SameSiteUnspecified, Session: true, StoreID: "default"}},
	{"priv", SetDetails{URL: "https://www.example.com/", Name: "sid", Value: "8", StoreID: "incog"},
		Cookie{Name: "sid", Value: "8", Domain: "www.example.com", HostOnly: true, Path: "/", SameSite: SameSiteUnspecified, Session: true, StoreID: "incog"}},
}

// fx returns the fixture cookies of keys.
func fx(keys ...string) []Cookie {
	out := []Cookie{}
	for _, k := range keys {
		found := false
		for _, f := range fixtures {
			if f.key == k {
				out = append(out, f.want)
				found = true
			}
		}
		if !found {
			panic("no fixture " + k)
		}
	}
	return out
}

// populated returns an env (all hosts permitted) holding the fixtures.
func populated(t *testing.T) *env {
	t.Helper()
	e := newEnv(t, []string{AllURLs}, cookiemonster.Limits{})
	_, err := e.set.Create(e.ctx, "incog", cookiemonster.StorePrivate)
	require.NoError(t, err)
	for _, f := range fixtures {
		got, err := e.api.Set(e.ctx, f.set)
		require.NoError(t, err, f.key)
		require.Equal(t, &f.want, got, f.key)
		e.clock.Advance(time.Second)
	}
	return e
}

// mustURL parses s.
func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	require.NoError(t, err)
	return u
}
