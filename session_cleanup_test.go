package cookiemonster_test

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/cookiemonster-go/cookiemonster"
	"github.com/cookiemonster-go/cookiemonster/storetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// cleanupT0 is the creation time of the first cookie of these tests.
var cleanupT0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// jarCookie returns a persistent cookie named name on domain (a leading
// dot: a domain cookie), created i seconds after cleanupT0.
func jarCookie(i int, name, domain string, secure bool) *cookiemonster.CanonicalCookie {
	created := cleanupT0.Add(time.Duration(i) * time.Second)
	scheme := cookiemonster.SourceSchemeNonSecure
	if secure {
		scheme = cookiemonster.SourceSchemeSecure
	}
	return &cookiemonster.CanonicalCookie{
		Name: name, Value: "v-" + name, Domain: domain, Path: "/",
		Creation: created, LastAccess: created, LastUpdate: created,
		Expiry: created.Add(24 * time.Hour), Secure: secure,
		SourceScheme: scheme, SourcePort: cookiemonster.PortUnspecified,
	}
}

// mixedJar is a jar of two sites, a.example and b.example: host and
// domain cookies, secure and not, one partitioned.
func mixedJar() []*cookiemonster.CanonicalCookie {
	part, err := cookiemonster.NewPartitionKey(&url.URL{Scheme: "https", Host: "top.example"}, true)
	if err != nil {
		panic(err)
	}
	partitioned := jarCookie(4, "a-part", "a.example", true)
	partitioned.Partition = part
	return []*cookiemonster.CanonicalCookie{
		jarCookie(0, "a-host", "a.example", false),
		jarCookie(1, "a-host-secure", "a.example", true),
		jarCookie(2, "a-dom", ".a.example", false),
		jarCookie(3, "a-dom-secure", ".a.example", true),
		partitioned,
		jarCookie(5, "www-a", "www.a.example", false),
		jarCookie(6, "b-host", "b.example", false),
		jarCookie(7, "b-dom-secure", ".b.example", true),
	}
}

// names returns the sorted names of cookies.
func names(cookies []*cookiemonster.CanonicalCookie) []string {
	out := make([]string, 0, len(cookies))
	for _, c := range cookies {
		out = append(out, c.Name)
	}
	sort.Strings(out)
	return out
}

// settings is a deleteOnExit predicate whose answers can change, and
// which records every question.
type settings struct {
	mu    sync.Mutex
	match func(o cookiemonster.CookieOrigin) bool
	asked []cookiemonster.CookieOrigin
}

func newSettings(match func(o cookiemonster.CookieOrigin) bool) *settings {
	return &settings{match: match}
}

func (s *settings) DeleteOnExit(domain string, secure bool) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	o := cookiemonster.CookieOrigin{Domain: domain, Secure: secure}
	s.asked = append(s.asked, o)
	return s.match != nil && s.match(o)
}

func (s *settings) set(match func(o cookiemonster.CookieOrigin) bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.match = match
}

// questions returns the questions asked since the last call.
func (s *settings) questions() []cookiemonster.CookieOrigin {
	s.mu.Lock()
	defer s.mu.Unlock()
	q := s.asked
	s.asked = nil
	return q
}

// domains matches the origins of the given domains, secure or not.
func domains(ds ...string) func(cookiemonster.CookieOrigin) bool {
	return func(o cookiemonster.CookieOrigin) bool { return slices.Contains(ds, o.Domain) }
}

// origins matches exactly the given origins.
func origins(os ...cookiemonster.CookieOrigin) func(cookiemonster.CookieOrigin) bool {
	return func(o cookiemonster.CookieOrigin) bool { return slices.Contains(os, o) }
}

// deleterless hides a MemoryStore's DeleteAllInList: the session cleanup
// store then deletes cookie by cookie. It is still a KeyLoader.
type deleterless struct{ m *cookiemonster.MemoryStore }

func (d deleterless) Load(ctx context.Context) ([]*cookiemonster.CanonicalCookie, error) {
	return d.m.Load(ctx)
}
func (d deleterless) LoadKey(ctx context.Context, key string) ([]*cookiemonster.CanonicalCookie, error) {
	return d.m.LoadKey(ctx, key)
}
func (d deleterless) Add(c *cookiemonster.CanonicalCookie)              { d.m.Add(c) }
func (d deleterless) UpdateAccessTime(c *cookiemonster.CanonicalCookie) { d.m.UpdateAccessTime(c) }
func (d deleterless) Delete(c *cookiemonster.CanonicalCookie)           { d.m.Delete(c) }
func (d deleterless) Flush(ctx context.Context) error                   { return d.m.Flush(ctx) }
func (d deleterless) Close() error                                      { return d.m.Close() }

// backends are the two ways the session cleanup store deletes: through
// the wrapped store's DeleteAllInList, and one cookie at a time.
var backends = []struct {
	name string
	wrap func(*cookiemonster.MemoryStore) cookiemonster.PersistentStore
}{
	{"DeleteAllInList", func(m *cookiemonster.MemoryStore) cookiemonster.PersistentStore { return m }},
	{"one by one", func(m *cookiemonster.MemoryStore) cookiemonster.PersistentStore { return deleterless{m} }},
}

// TestSessionCleanupClose: the cookies of the origins that are
// session-only at Close are gone from the wrapped store after Close, and
// all the others are there, whether they were loaded from the store or
// added during the run.
func TestSessionCleanupClose(t *testing.T) {
	a := func(secure bool) cookiemonster.CookieOrigin {
		return cookiemonster.CookieOrigin{Domain: "a.example", Secure: secure}
	}
	dotA := func(secure bool) cookiemonster.CookieOrigin {
		return cookiemonster.CookieOrigin{Domain: ".a.example", Secure: secure}
	}
	everything := []string{"a-dom", "a-dom-secure", "a-host", "a-host-secure", "a-part", "b-dom-secure", "b-host", "www-a"}
	cases := []struct {
		name  string
		match func(cookiemonster.CookieOrigin) bool
		want  []string
	}{
		{"nothing is session-only", nil, everything},
		{"host a.example, secure or not", domains("a.example"),
			[]string{"a-dom", "a-dom-secure", "b-dom-secure", "b-host", "www-a"}},
		{"host a.example, insecure only", origins(a(false)),
			[]string{"a-dom", "a-dom-secure", "a-host-secure", "a-part", "b-dom-secure", "b-host", "www-a"}},
		{"host a.example, secure only (the partitioned cookie too)", origins(a(true)),
			[]string{"a-dom", "a-dom-secure", "a-host", "b-dom-secure", "b-host", "www-a"}},
		{"domain .a.example, secure or not", domains(".a.example"),
			[]string{"a-host", "a-host-secure", "a-part", "b-dom-secure", "b-host", "www-a"}},
		{"domain .a.example, secure only", origins(dotA(true)),
			[]string{"a-dom", "a-host", "a-host-secure", "a-part", "b-dom-secure", "b-host", "www-a"}},
		{"every origin of site a.example", domains("a.example", ".a.example", "www.a.example"),
			[]string{"b-dom-secure", "b-host"}},
		{"an origin with no cookie", origins(cookiemonster.CookieOrigin{Domain: "b.example", Secure: true}), everything},
		{"everything", func(cookiemonster.CookieOrigin) bool { return true }, []string{}},
	}
	for _, be := range backends {
		for _, tc := range cases {
			for _, loaded := range []bool{true, false} {
				how := map[bool]string{true: "loaded", false: "added"}[loaded]
				t.Run(be.name+"/"+tc.name+"/"+how, func(t *testing.T) {
					jar := mixedJar()
					var mem *cookiemonster.MemoryStore
					// The predicate starts out matching nothing: the
					// cookies are loaded, not dropped as leftovers.
					set := newSettings(nil)
					if loaded {
						mem = cookiemonster.NewMemoryStore(nil, jar...)
					} else {
						mem = cookiemonster.NewMemoryStore(nil)
					}
					s := cookiemonster.NewSessionCleanupStore(be.wrap(mem), set.DeleteOnExit)
					got, err := s.Load(t.Context())
					require.NoError(t, err)
					if loaded {
						require.Equal(t, names(jar), names(got))
					} else {
						require.Empty(t, got)
						for _, c := range jar {
							s.Add(c)
						}
					}
					set.set(tc.match)
					require.NoError(t, s.Close())
					assert.Equal(t, tc.want, names(mem.Cookies()))
				})
			}
		}
	}
}

// TestSessionCleanupThroughMonster: a Monster over the cleanup store of a
// MemoryStore; the session-only site's cookies, set through the Monster,
// are gone from the store after Close, the other site's are there.
func TestSessionCleanupThroughMonster(t *testing.T) {
	for _, be := range backends {
		t.Run(be.name, func(t *testing.T) {
			ctx := t.Context()
			mem := cookiemonster.NewMemoryStore(nil)
			set := newSettings(domains("a.example", ".a.example"))
			m, err := cookiemonster.New(cookiemonster.Config{Store: cookiemonster.NewSessionCleanupStore(be.wrap(mem), set.DeleteOnExit)})
			require.NoError(t, err)
			for _, sc := range []struct{ u, line string }{
				{"https://a.example/", "host=1; Secure; Max-Age=3600"},
				{"http://a.example/", "plain=2; Max-Age=3600"},
				{"https://www.a.example/", "dom=3; Domain=a.example; Max-Age=3600"},
				{"https://www.a.example/", "www=4; Max-Age=3600"},
				{"https://b.example/", "b=5; Secure; Max-Age=3600"},
				{"https://b.example/", "bdom=6; Domain=b.example; Max-Age=3600"},
			} {
				u, err := url.Parse(sc.u)
				require.NoError(t, err)
				res, err := m.SetCookieLine(ctx, u, sc.line, cookiemonster.NavigationOptions())
				require.NoError(t, err)
				require.True(t, res.Status.IsInclude(), "%s: %s", sc.line, res.Status)
			}
			require.NoError(t, m.Flush(ctx))
			assert.Equal(t, []string{"b", "bdom", "dom", "host", "plain", "www"}, names(mem.Cookies()),
				"every cookie is stored while the Monster runs")
			assert.Empty(t, set.questions(), "the settings are not asked while the Monster runs")
			require.NoError(t, m.Close())
			assert.Equal(t, []string{"b", "bdom", "www"}, names(mem.Cookies()))
		})
	}
}

// TestSessionCleanupLeftovers: the cookies of session-only origins that a
// load finds, left by a run that did not close its store, are not
// returned and are deleted from the wrapped store, by Load and by
// LoadKey; the others are returned and stay.
func TestSessionCleanupLeftovers(t *testing.T) {
	cases := []struct {
		name      string
		match     func(cookiemonster.CookieOrigin) bool
		key       string // "" : Load
		delivered []string
		stored    []string
	}{
		{"Load, site a.example session-only", domains("a.example", ".a.example", "www.a.example"), "",
			[]string{"b-dom-secure", "b-host"}, []string{"b-dom-secure", "b-host"}},
		{"Load, host a.example secure only", origins(cookiemonster.CookieOrigin{Domain: "a.example", Secure: true}), "",
			[]string{"a-dom", "a-dom-secure", "a-host", "b-dom-secure", "b-host", "www-a"},
			[]string{"a-dom", "a-dom-secure", "a-host", "b-dom-secure", "b-host", "www-a"}},
		{"Load, nothing session-only", nil, "",
			names(mixedJar()), names(mixedJar())},
		{"LoadKey of the session-only site", domains("a.example", ".a.example"), "a.example",
			[]string{"www-a"}, []string{"b-dom-secure", "b-host", "www-a"}},
		{"LoadKey of another site", domains("a.example", ".a.example"), "b.example",
			[]string{"b-dom-secure", "b-host"},
			// LoadKey of b.example leaves a.example's rows to Load.
			names(mixedJar())},
	}
	for _, be := range backends {
		for _, tc := range cases {
			t.Run(be.name+"/"+tc.name, func(t *testing.T) {
				mem := cookiemonster.NewMemoryStore(nil, mixedJar()...)
				set := newSettings(tc.match)
				s := cookiemonster.NewSessionCleanupStore(be.wrap(mem), set.DeleteOnExit)
				var got []*cookiemonster.CanonicalCookie
				var err error
				if tc.key == "" {
					got, err = s.Load(t.Context())
				} else {
					kl, ok := s.(cookiemonster.KeyLoader)
					require.True(t, ok)
					got, err = kl.LoadKey(t.Context(), tc.key)
				}
				require.NoError(t, err)
				assert.Equal(t, tc.delivered, names(got))
				assert.Equal(t, tc.stored, names(mem.Cookies()))
				// Asked once per origin.
				q := set.questions()
				seen := make(map[cookiemonster.CookieOrigin]bool)
				for _, o := range q {
					assert.False(t, seen[o], "asked twice about %v", o)
					seen[o] = true
				}
				require.NoError(t, s.Close())
				assert.Equal(t, tc.stored, names(mem.Cookies()), "Close deletes nothing more: what was loaded is not session-only")
			})
		}
	}
}

// TestSessionCleanupAsksAtClose: deleteOnExit is asked nothing while
// cookies are added, updated and deleted, and at Close once about every
// origin seen, in order; a site made session-only during the run loses its
// cookies, one that stops being session-only keeps them.
func TestSessionCleanupAsksAtClose(t *testing.T) {
	for _, be := range backends {
		t.Run(be.name, func(t *testing.T) {
			mem := cookiemonster.NewMemoryStore(nil, jarCookie(0, "loaded-b", "b.example", false))
			set := newSettings(domains("a.example"))
			s := cookiemonster.NewSessionCleanupStore(be.wrap(mem), set.DeleteOnExit)
			got, err := s.Load(t.Context())
			require.NoError(t, err)
			require.Equal(t, []string{"loaded-b"}, names(got))
			set.questions()

			for i, c := range mixedJar() {
				s.Add(c)
				if i%2 == 0 {
					c.LastAccess = c.LastAccess.Add(time.Hour)
					s.UpdateAccessTime(c)
				}
			}
			s.Delete(jarCookie(0, "a-host", "a.example", false))
			require.NoError(t, s.Flush(t.Context()))
			assert.Empty(t, set.questions(), "nothing is asked before Close")

			// a.example stops being session-only, b.example becomes so.
			set.set(domains("b.example", ".b.example"))
			require.NoError(t, s.Close())
			assert.Equal(t, []cookiemonster.CookieOrigin{
				{Domain: ".a.example", Secure: false},
				{Domain: ".a.example", Secure: true},
				{Domain: ".b.example", Secure: true},
				{Domain: "a.example", Secure: false}, // its only cookie was deleted; still asked
				{Domain: "a.example", Secure: true},
				{Domain: "b.example", Secure: false},
				{Domain: "www.a.example", Secure: false},
			}, set.questions())
			assert.Equal(t, []string{"a-dom", "a-dom-secure", "a-host-secure", "a-part", "www-a"}, names(mem.Cookies()))

			require.NoError(t, s.Close(), "a second Close")
			assert.Empty(t, set.questions(), "a second Close asks nothing")
		})
	}
}

// plainStore is a PersistentStore and nothing more.
type plainStore struct{ m *cookiemonster.MemoryStore }

func (p plainStore) Load(ctx context.Context) ([]*cookiemonster.CanonicalCookie, error) {
	return p.m.Load(ctx)
}
func (p plainStore) Add(c *cookiemonster.CanonicalCookie)              { p.m.Add(c) }
func (p plainStore) UpdateAccessTime(c *cookiemonster.CanonicalCookie) { p.m.UpdateAccessTime(c) }
func (p plainStore) Delete(c *cookiemonster.CanonicalCookie)           { p.m.Delete(c) }
func (p plainStore) Flush(ctx context.Context) error                   { return p.m.Flush(ctx) }
func (p plainStore) Close() error                                      { return p.m.Close() }

// keeper records what KeepSessionCookies was told.
type keeper struct {
	mu    sync.Mutex
	calls []bool
}

func (k *keeper) KeepSessionCookies(keep bool) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.calls = append(k.calls, keep)
}

// keeperStore is a plainStore and a SessionKeeper.
type keeperStore struct {
	plainStore
	*keeper
}

// keyKeeperStore is a MemoryStore (a KeyLoader) and a SessionKeeper.
type keyKeeperStore struct {
	*cookiemonster.MemoryStore
	*keeper
}

// TestSessionCleanupInterfaces: the cleanup store is a KeyLoader exactly
// when the wrapped store is one, a SessionKeeper exactly when it is one,
// never an OriginDeleter, and passes LoadKey and KeepSessionCookies on; a
// Monster over it tells the wrapped store to keep session cookies.
func TestSessionCleanupInterfaces(t *testing.T) {
	cases := []struct {
		name                string
		store               func(*cookiemonster.MemoryStore, *keeper) cookiemonster.PersistentStore
		keyLoader, sessions bool
	}{
		{"neither", func(m *cookiemonster.MemoryStore, _ *keeper) cookiemonster.PersistentStore { return plainStore{m} }, false, false},
		{"KeyLoader", func(m *cookiemonster.MemoryStore, _ *keeper) cookiemonster.PersistentStore { return m }, true, false},
		{"SessionKeeper", func(m *cookiemonster.MemoryStore, k *keeper) cookiemonster.PersistentStore {
			return keeperStore{plainStore{m}, k}
		}, false, true},
		{"both", func(m *cookiemonster.MemoryStore, k *keeper) cookiemonster.PersistentStore {
			return keyKeeperStore{m, k}
		}, true, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			mem := cookiemonster.NewMemoryStore(nil,
				jarCookie(0, "a1", "a.example", false), jarCookie(1, "b1", "b.example", false))
			k := &keeper{}
			inner := tc.store(mem, k)
			_, innerKL := inner.(cookiemonster.KeyLoader)
			_, innerSK := inner.(cookiemonster.SessionKeeper)
			require.Equal(t, tc.keyLoader, innerKL)
			require.Equal(t, tc.sessions, innerSK)

			s := cookiemonster.NewSessionCleanupStore(inner, newSettings(nil).DeleteOnExit)
			kl, isKL := s.(cookiemonster.KeyLoader)
			sk, isSK := s.(cookiemonster.SessionKeeper)
			_, isOD := s.(cookiemonster.OriginDeleter)
			assert.Equal(t, tc.keyLoader, isKL, "KeyLoader")
			assert.Equal(t, tc.sessions, isSK, "SessionKeeper")
			assert.False(t, isOD, "OriginDeleter")

			if isKL {
				got, err := kl.LoadKey(t.Context(), "a.example")
				require.NoError(t, err)
				assert.Equal(t, []string{"a1"}, names(got))
			}
			if isSK {
				sk.KeepSessionCookies(true)
				sk.KeepSessionCookies(false)
				assert.Equal(t, []bool{true, false}, k.calls)
			}
			got, err := s.Load(t.Context())
			require.NoError(t, err)
			if isKL {
				assert.Equal(t, []string{"b1"}, names(got))
			} else {
				assert.Equal(t, []string{"a1", "b1"}, names(got))
			}
			require.NoError(t, s.Close())

			// Through a Monster: New tells the store about
			// PersistSessionCookies when, and only when, it is a
			// SessionKeeper.
			k2 := &keeper{}
			m, err := cookiemonster.New(cookiemonster.Config{
				Store:                 cookiemonster.NewSessionCleanupStore(tc.store(cookiemonster.NewMemoryStore(nil), k2), nil),
				PersistSessionCookies: true,
			})
			require.NoError(t, err)
			require.NoError(t, m.Close())
			if tc.sessions {
				assert.Equal(t, []bool{true}, k2.calls)
			} else {
				assert.Empty(t, k2.calls)
			}
		})
	}
}

// TestSessionCleanupNil: a nil store gives a nil store, not a typed nil;
// a nil deleteOnExit deletes nothing.
func TestSessionCleanupNil(t *testing.T) {
	s := cookiemonster.NewSessionCleanupStore(nil, newSettings(nil).DeleteOnExit)
	assert.Nil(t, s)
	assert.True(t, s == nil)

	mem := cookiemonster.NewMemoryStore(nil, jarCookie(0, "a1", "a.example", false))
	s = cookiemonster.NewSessionCleanupStore(mem, nil)
	got, err := s.Load(t.Context())
	require.NoError(t, err)
	assert.Equal(t, []string{"a1"}, names(got))
	s.Add(jarCookie(1, "a2", "a.example", true))
	s.Add(nil)
	s.UpdateAccessTime(nil)
	s.Delete(nil)
	require.NoError(t, s.Close())
	assert.Equal(t, []string{"a1", "a2"}, names(mem.Cookies()))
}

// TestSessionCleanupAfterClose: after Close the calls go to the closed
// wrapped store: loads and Flush fail with ErrStoreClosed, writes do
// nothing, and nothing panics.
func TestSessionCleanupAfterClose(t *testing.T) {
	mem := cookiemonster.NewMemoryStore(nil)
	s := cookiemonster.NewSessionCleanupStore(mem, newSettings(domains("a.example")).DeleteOnExit)
	require.NoError(t, s.Close())
	_, err := s.Load(t.Context())
	require.ErrorIs(t, err, cookiemonster.ErrStoreClosed)
	_, err = s.(cookiemonster.KeyLoader).LoadKey(t.Context(), "a.example")
	require.ErrorIs(t, err, cookiemonster.ErrStoreClosed)
	require.ErrorIs(t, s.Flush(t.Context()), cookiemonster.ErrStoreClosed)
	s.Add(jarCookie(0, "late", "b.example", false))
	s.UpdateAccessTime(jarCookie(0, "late", "b.example", false))
	s.Delete(jarCookie(0, "late", "b.example", false))
	require.NoError(t, s.Close())
	assert.Empty(t, mem.Cookies())
}

// failingStore fails DeleteAllInList, or Close, with errBoom.
type failingStore struct {
	*cookiemonster.MemoryStore
	failDelete, failClose bool
}

var errBoom = errors.New("boom")

func (f *failingStore) DeleteAllInList(ctx context.Context, os []cookiemonster.CookieOrigin) error {
	if f.failDelete {
		return errBoom
	}
	return f.MemoryStore.DeleteAllInList(ctx, os)
}

func (f *failingStore) Close() error {
	err := f.MemoryStore.Close()
	if f.failClose {
		return errBoom
	}
	return err
}

// TestSessionCleanupErrors: Close returns the deletion's error, wrapped,
// and still closes the wrapped store; the session-only cookies then stay
// in it, and the next load deletes them. An error of the wrapped store's
// Close is returned too.
func TestSessionCleanupErrors(t *testing.T) {
	cases := []struct {
		name                  string
		failDelete, failClose bool
		stored                []string // after Close
	}{
		{"DeleteAllInList fails", true, false, []string{"a1", "b1"}},
		{"Close fails", false, true, []string{"b1"}},
		{"both fail", true, true, []string{"a1", "b1"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := &failingStore{MemoryStore: cookiemonster.NewMemoryStore(nil), failDelete: tc.failDelete, failClose: tc.failClose}
			s := cookiemonster.NewSessionCleanupStore(f, newSettings(domains("a.example")).DeleteOnExit)
			_, err := s.Load(t.Context())
			require.NoError(t, err)
			s.Add(jarCookie(0, "a1", "a.example", false))
			s.Add(jarCookie(1, "b1", "b.example", false))
			err = s.Close()
			require.ErrorIs(t, err, errBoom)
			if tc.failDelete {
				assert.Contains(t, err.Error(), "session-only")
			}
			require.ErrorIs(t, f.Flush(t.Context()), cookiemonster.ErrStoreClosed, "the wrapped store is closed")
			assert.Equal(t, tc.stored, names(f.Cookies()))

			// The next run drops the leftovers at load.
			next := cookiemonster.NewMemoryStore(nil, f.Cookies()...)
			s2 := cookiemonster.NewSessionCleanupStore(next, newSettings(domains("a.example")).DeleteOnExit)
			got, err := s2.Load(t.Context())
			require.NoError(t, err)
			assert.Equal(t, []string{"b1"}, names(got))
			require.NoError(t, s2.Close())
			assert.Equal(t, []string{"b1"}, names(next.Cookies()))
		})
	}
}

// TestSessionCleanupConcurrent: loads, adds, updates and deletes from many
// goroutines, then Close: exactly the surviving cookies of the sites that
// are not session-only remain. Run it with -race.
func TestSessionCleanupConcurrent(t *testing.T) {
	const workers, each = 8, 60
	for _, be := range backends {
		t.Run(be.name, func(t *testing.T) {
			var seed []*cookiemonster.CanonicalCookie
			for i := range 40 {
				seed = append(seed, jarCookie(i, fmt.Sprintf("seed%d", i), fmt.Sprintf("s%d.example", i%4), i%2 == 0))
			}
			mem := cookiemonster.NewMemoryStore(nil, seed...)
			set := newSettings(nil)
			s := cookiemonster.NewSessionCleanupStore(be.wrap(mem), set.DeleteOnExit)
			kl := s.(cookiemonster.KeyLoader)
			var wg sync.WaitGroup
			var loadMu sync.Mutex
			var loaded []*cookiemonster.CanonicalCookie
			for w := range workers {
				wg.Go(func() {
					got, err := kl.LoadKey(context.Background(), fmt.Sprintf("s%d.example", w%4))
					assert.NoError(t, err)
					loadMu.Lock()
					loaded = append(loaded, got...)
					loadMu.Unlock()
					for i := range each {
						domain := []string{"a.example", ".a.example", "b.example", ".b.example"}[i%4]
						c := jarCookie(1000+w*each+i, fmt.Sprintf("w%d-%d", w, i), domain, i%3 == 0)
						s.Add(c)
						s.UpdateAccessTime(c)
						if i%5 == 0 {
							s.Delete(c)
						}
					}
				})
			}
			wg.Go(func() {
				got, err := s.Load(context.Background())
				assert.NoError(t, err)
				loadMu.Lock()
				loaded = append(loaded, got...)
				loadMu.Unlock()
			})
			wg.Wait()
			assert.Equal(t, names(seed), names(loaded), "every seed cookie loaded once")
			set.set(func(o cookiemonster.CookieOrigin) bool {
				return o.Domain == "a.example" || o.Domain == ".a.example" || o.Domain == "s1.example"
			})
			require.NoError(t, s.Close())
			var want []string
			for _, c := range seed {
				if c.Domain != "s1.example" {
					want = append(want, c.Name)
				}
			}
			for w := range workers {
				for i := range each {
					if i%4 >= 2 && i%5 != 0 {
						want = append(want, fmt.Sprintf("w%d-%d", w, i))
					}
				}
			}
			sort.Strings(want)
			assert.Equal(t, want, names(mem.Cookies()))
		})
	}
}

// savedBacking is the storage of the conformance suite's MemoryStores:
// what a store held when it closed is what the next one starts with.
type savedBacking struct {
	mu    sync.Mutex
	saved []*cookiemonster.CanonicalCookie
}

// savingMemoryStore is a MemoryStore that saves its cookies to its
// backing when it closes.
type savingMemoryStore struct {
	*cookiemonster.MemoryStore
	b *savedBacking
}

func (s savingMemoryStore) Close() error {
	err := s.MemoryStore.Close()
	s.b.mu.Lock()
	defer s.b.mu.Unlock()
	s.b.saved = s.Cookies()
	return err
}

// TestSessionCleanupConformance runs the store conformance suite over the
// cleanup store of a MemoryStore, with settings that make nothing it
// stores session-only.
func TestSessionCleanupConformance(t *testing.T) {
	predicates := []struct {
		name string
		fn   func(domain string, secure bool) bool
	}{
		{"nothing session-only", func(string, bool) bool { return false }},
		{"only an origin the suite never stores", func(d string, _ bool) bool { return d == "session-only.invalid" }},
	}
	for _, p := range predicates {
		t.Run(p.name, func(t *testing.T) {
			storetest.Run(t, func() (*storetest.Backing, error) {
				b := &savedBacking{}
				return &storetest.Backing{
					SessionCookies: true,
					Open: func() (cookiemonster.PersistentStore, error) {
						b.mu.Lock()
						mem := cookiemonster.NewMemoryStore(nil, b.saved...)
						b.mu.Unlock()
						return cookiemonster.NewSessionCleanupStore(savingMemoryStore{mem, b}, p.fn), nil
					},
				}, nil
			})
		})
	}
}

// TestMemoryStoreDeleteAllInList: MemoryStore.DeleteAllInList deletes the
// cookies of the listed origins, loaded or not, and nothing else.
func TestMemoryStoreDeleteAllInList(t *testing.T) {
	cases := []struct {
		name    string
		origins []cookiemonster.CookieOrigin
		want    []string
	}{
		{"none", nil, names(mixedJar())},
		{"host a.example insecure", []cookiemonster.CookieOrigin{{Domain: "a.example"}},
			[]string{"a-dom", "a-dom-secure", "a-host-secure", "a-part", "b-dom-secure", "b-host", "www-a"}},
		{"host a.example secure, domain .b.example secure", []cookiemonster.CookieOrigin{
			{Domain: "a.example", Secure: true}, {Domain: ".b.example", Secure: true}},
			[]string{"a-dom", "a-dom-secure", "a-host", "b-host", "www-a"}},
		{"an origin with no cookie", []cookiemonster.CookieOrigin{{Domain: "c.example"}}, names(mixedJar())},
	}
	for _, tc := range cases {
		for _, loadFirst := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/loaded=%v", tc.name, loadFirst), func(t *testing.T) {
				mem := cookiemonster.NewMemoryStore(nil, mixedJar()...)
				if loadFirst {
					_, err := mem.LoadKey(t.Context(), "a.example")
					require.NoError(t, err)
				}
				require.NoError(t, mem.DeleteAllInList(t.Context(), tc.origins))
				assert.Equal(t, tc.want, names(mem.Cookies()))
			})
		}
	}
	mem := cookiemonster.NewMemoryStore(nil, mixedJar()...)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	require.ErrorIs(t, mem.DeleteAllInList(ctx, []cookiemonster.CookieOrigin{{Domain: "a.example"}}), context.Canceled)
	assert.Equal(t, names(mixedJar()), names(mem.Cookies()), "a canceled call deletes nothing")
	require.NoError(t, mem.Close())
	require.ErrorIs(t, mem.DeleteAllInList(t.Context(), nil), cookiemonster.ErrStoreClosed)
}

// TestSessionCleanupDuplicates: a store holding two cookies of one
// UniqueKey (a damaged store), without DeleteAllInList: the Monster keeps
// one of them and deletes the other at load; Close then deletes the one
// kept when its origin is session-only, and leaves it otherwise.
func TestSessionCleanupDuplicates(t *testing.T) {
	for _, sessionOnly := range []bool{true, false} {
		t.Run(fmt.Sprintf("session-only=%v", sessionOnly), func(t *testing.T) {
			older := jarCookie(0, "x", "a.example", false)
			newer := jarCookie(5, "x", "a.example", false)
			newer.Value = "newer"
			mem := cookiemonster.NewMemoryStore(nil, older, newer, jarCookie(6, "y", "b.example", false))
			set := newSettings(nil)
			m, err := cookiemonster.New(cookiemonster.Config{
				Store: cookiemonster.NewSessionCleanupStore(deleterless{mem}, set.DeleteOnExit),
				Now:   func() time.Time { return cleanupT0.Add(time.Minute) },
			})
			require.NoError(t, err)
			all, err := m.AllCookies(t.Context())
			require.NoError(t, err)
			require.Equal(t, []string{"x", "y"}, names(all))
			require.Len(t, mem.Cookies(), 2, "the Monster deleted one of the duplicates")
			if sessionOnly {
				set.set(domains("a.example"))
			}
			require.NoError(t, m.Close())
			if sessionOnly {
				assert.Equal(t, []string{"y"}, names(mem.Cookies()))
			} else {
				assert.Equal(t, []string{"x", "y"}, names(mem.Cookies()))
			}
		})
	}
}
