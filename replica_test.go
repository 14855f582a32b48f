package cookiemonster

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rpStore is a blocking MemoryStore that is an Attacher and a
// CauseRecorder, and logs the Monster's writes in order.
type rpStore struct {
	*psBlockingStore

	rmu      sync.Mutex
	attached []*Monster
	// attachedAtLoad is how many Attach calls came before Load.
	attachedAtLoad int
	writes         []string
}

func rpNewStore(cookies ...*CanonicalCookie) *rpStore {
	return &rpStore{psBlockingStore: psNewBlocking(cookies...), attachedAtLoad: -1}
}

func (s *rpStore) logf(format string, args ...any) {
	s.rmu.Lock()
	defer s.rmu.Unlock()
	s.writes = append(s.writes, fmt.Sprintf(format, args...))
}

func (s *rpStore) Attach(m *Monster) {
	s.rmu.Lock()
	defer s.rmu.Unlock()
	s.attached = append(s.attached, m)
}

func (s *rpStore) Load(ctx context.Context) ([]*CanonicalCookie, error) {
	s.rmu.Lock()
	s.attachedAtLoad = len(s.attached)
	s.rmu.Unlock()
	return s.psBlockingStore.Load(ctx)
}

func (s *rpStore) Add(c *CanonicalCookie) {
	s.logf("Add %s", mqDesc(c))
	s.psBlockingStore.Add(c)
}

func (s *rpStore) UpdateAccessTime(c *CanonicalCookie) {
	s.logf("UpdateAccessTime %s", mqDesc(c))
	s.psBlockingStore.UpdateAccessTime(c)
}

func (s *rpStore) Delete(c *CanonicalCookie) {
	s.logf("Delete %s", mqDesc(c))
	s.psBlockingStore.Delete(c)
}

func (s *rpStore) DeleteCause(c *CanonicalCookie, cause ChangeCause) {
	s.logf("DeleteCause %s %s", mqDesc(c), cause)
	s.psBlockingStore.Delete(c)
}

// takeWrites returns the writes logged since the last call, nil when none.
func (s *rpStore) takeWrites() []string {
	s.rmu.Lock()
	defer s.rmu.Unlock()
	w := s.writes
	s.writes = nil
	return w
}

func (s *rpStore) attachedTo() []*Monster {
	s.rmu.Lock()
	defer s.rmu.Unlock()
	return append([]*Monster(nil), s.attached...)
}

// rpNew returns a loaded Monster over an rpStore holding stored (in
// memory once loaded), a recorder of every change, and the store with its
// log of writes empty.
func rpNew(t *testing.T, lim Limits, stored ...*CanonicalCookie) (*Monster, *rpStore, *cdRecorder) {
	t.Helper()
	s := rpNewStore(stored...)
	s.release()
	m := gcNew(t, newFakeClock(t0.Add(time.Minute)), lim, s)
	rec := cdRecord(m)
	// Wait for the load, and check it wrote nothing.
	require.NoError(t, m.Replicate(psLong(t), func(*Replica) {}))
	require.Nil(t, s.takeWrites(), "the load wrote to the store")
	return m, s, rec
}

// rpReplicate runs fn through m.Replicate and requires it to succeed.
func rpReplicate(t *testing.T, m *Monster, fn func(r *Replica)) {
	t.Helper()
	ran := false
	require.NoError(t, m.Replicate(psLong(t), func(r *Replica) {
		ran = true
		fn(r)
	}))
	require.True(t, ran, "Replicate did not run fn")
}

// rpEvents returns the changes recorded since the last call as
// "Cause remote|local name=value domain path", nil when none.
func rpEvents(t *testing.T, m *Monster, rec *cdRecorder) []string {
	t.Helper()
	cdSettle(t, m)
	var out []string
	for _, ch := range rec.take() {
		where := "local"
		if ch.Remote {
			where = "remote"
		}
		out = append(out, ch.Cause.String()+" "+where+" "+mqDesc(&ch.Cookie))
	}
	return out
}

// rpCookie makes a persistent cookie (an hour) set from rawURL with line,
// created at t0+sec seconds.
func rpCookie(t *testing.T, rawURL, line string, sec int) *CanonicalCookie {
	t.Helper()
	return psCookie(t, rawURL, line+"; Max-Age=3600", t0.Add(time.Duration(sec)*time.Second), PartitionKey{})
}

// rpDeleted returns the cookies that writes ("DeleteCause desc cause")
// delete.
func rpDeleted(writes []string) []string {
	var out []string
	for _, w := range writes {
		d, ok := strings.CutPrefix(w, "DeleteCause ")
		if i := strings.LastIndexByte(d, ' '); ok && i >= 0 {
			out = append(out, d[:i])
		}
	}
	return out
}

// ---- Attach and Replicate ----

func TestReplicaAttachCalledOnceBeforeLoad(t *testing.T) {
	s := rpNewStore()
	m, _ := psNewLoading(t, s, s.psBlockingStore, Config{})
	require.Equal(t, []*Monster{m}, s.attachedTo(), "New attaches the store to the Monster")
	s.release()
	require.NoError(t, m.Replicate(psLong(t), func(*Replica) {}))
	assert.Equal(t, []*Monster{m}, s.attachedTo(), "Attach is called once")
	s.rmu.Lock()
	defer s.rmu.Unlock()
	assert.Equal(t, 1, s.attachedAtLoad, "Attach comes before Load")
}

// A store that is no Attacher is used as before; a CauseRecorder that is
// no Attacher still gets DeleteCause.
func TestReplicaCauseRecorderWithoutAttacher(t *testing.T) {
	type recorderOnly struct {
		PersistentStore
		CauseRecorder
	}
	s := rpNewStore(rpCookie(t, "https://example.com/", "a=1", 0))
	s.release()
	m := gcNew(t, newFakeClock(t0.Add(time.Minute)), Limits{}, recorderOnly{s, s})
	n, err := m.DeleteAll(psLong(t))
	require.NoError(t, err)
	require.Equal(t, 1, n)
	assert.Empty(t, s.attachedTo())
	assert.Equal(t, []string{"DeleteCause a=1 example.com / Explicit"}, s.takeWrites())
}

func TestReplicateWaitsForLoad(t *testing.T) {
	a := rpCookie(t, "https://example.com/", "a=1", 0)
	s := rpNewStore(a)
	m, _ := psNewLoading(t, s, s.psBlockingStore, Config{})

	type result struct {
		err  error
		seen []string
	}
	done := make(chan result, 1)
	go func() {
		var r result
		r.err = m.Replicate(context.Background(), func(rp *Replica) {
			rp.Each(func(c CanonicalCookie) { r.seen = append(r.seen, mqDesc(&c)) })
		})
		done <- r
	}()
	select {
	case r := <-done:
		t.Fatalf("Replicate returned during the load: %+v", r)
	case <-time.After(50 * time.Millisecond):
	}
	s.release()
	select {
	case r := <-done:
		require.NoError(t, r.err)
		assert.Equal(t, []string{"a=1 example.com /"}, r.seen, "fn runs once the store is loaded")
	case <-time.After(10 * time.Second):
		t.Fatal("Replicate still blocked after the load")
	}
}

func TestReplicateErrors(t *testing.T) {
	cancelled := func(t *testing.T) context.Context {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		return ctx
	}
	cases := []struct {
		name string
		// loaded: the store's load is released before Replicate.
		loaded bool
		close  bool
		ctx    func(t *testing.T) context.Context
		want   error
	}{
		{name: "deadline during load", ctx: psShort, want: context.DeadlineExceeded},
		{name: "cancelled during load", ctx: cancelled, want: context.Canceled},
		{name: "closed", loaded: true, close: true, ctx: psLong, want: ErrClosed},
		{name: "closed, cancelled ctx", loaded: true, close: true, ctx: cancelled, want: ErrClosed},
		{name: "loaded, cancelled ctx", loaded: true, ctx: cancelled, want: nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := rpNewStore(rpCookie(t, "https://example.com/", "a=1", 0))
			m, _ := psNewLoading(t, s, s.psBlockingStore, Config{})
			if tc.loaded {
				s.release()
				_, err := m.AllCookies(psLong(t))
				require.NoError(t, err)
			}
			if tc.close {
				require.NoError(t, m.Close())
			}
			ran := false
			err := m.Replicate(tc.ctx(t), func(*Replica) { ran = true })
			if tc.want == nil {
				require.NoError(t, err)
				assert.True(t, ran)
				return
			}
			require.ErrorIs(t, err, tc.want)
			if tc.want != ErrClosed {
				assert.False(t, errors.Is(err, ErrClosed))
			}
			assert.False(t, ran, "fn must not run")
		})
	}
}

// Replicate holds the Monster's lock during fn, and delivers the changes
// after fn returns.
func TestReplicateLocksAndDeliversAfter(t *testing.T) {
	m, _, rec := rpNew(t, Limits{})
	c := rpCookie(t, "https://example.com/", "a=1", 0)
	other := make(chan []string, 1)
	rpReplicate(t, m, func(r *Replica) {
		require.True(t, r.Insert(c, nil))
		go func() {
			all, err := m.AllCookies(context.Background())
			if err != nil {
				other <- []string{err.Error()}
				return
			}
			other <- mqDescs(all)
		}()
		select {
		case got := <-other:
			t.Errorf("AllCookies ran during fn: %v", got)
		case <-time.After(50 * time.Millisecond):
		}
		assert.Empty(t, rec.take(), "changes delivered before fn returned")
	})
	select {
	case got := <-other:
		assert.Equal(t, []string{"a=1 example.com /"}, got)
	case <-time.After(10 * time.Second):
		t.Fatal("AllCookies still blocked after Replicate")
	}
	assert.Equal(t, []string{"Inserted remote a=1 example.com /"}, rpEvents(t, m, rec))
}

// ---- Insert ----

type rpNewer int

const (
	newerYes rpNewer = iota // c is newer than every other
	newerNo                 // c is older than every other
	newerNil                // newer is nil
)

func TestReplicaInsert(t *testing.T) {
	const (
		a1      = "a=1 example.com /"
		a2      = "a=2 example.com /"
		secure  = "s=secure example.com /"
		plain   = "s=plain example.com /foo"
		old     = "s=old example.com /foo"
		renewed = "s=new example.com /foo"
	)
	// The same cookie from https and from http: equivalent, but of other
	// unique keys (source scheme and port).
	httpsA1 := func(t *testing.T) *CanonicalCookie { return rpCookie(t, "https://example.com/", "a=1", 0) }
	httpA1 := func(t *testing.T) *CanonicalCookie { return rpCookie(t, "http://example.com/", "a=1", 0) }
	httpsA2 := func(t *testing.T) *CanonicalCookie { return rpCookie(t, "https://example.com/", "a=2", 5) }
	secureS := func(t *testing.T) *CanonicalCookie {
		return rpCookie(t, "https://example.com/", "s=secure; Secure; Path=/", 1)
	}
	plainS := func(t *testing.T) *CanonicalCookie {
		return rpCookie(t, "http://example.com/foo/", "s=plain; Path=/foo", 2)
	}
	// plainHTTPS is the insecure cookie set from a secure origin: Leave
	// Secure Cookies Alone does not apply to it.
	plainHTTPS := func(t *testing.T) *CanonicalCookie {
		return rpCookie(t, "https://example.com/foo/", "s=plain; Path=/foo", 2)
	}
	// plainOld and plainNew have the same unique key.
	plainOld := func(t *testing.T) *CanonicalCookie {
		return rpCookie(t, "http://example.com/foo/", "s=old; Path=/foo", 0)
	}
	plainNew := func(t *testing.T) *CanonicalCookie {
		return rpCookie(t, "http://example.com/foo/", "s=new; Path=/foo", 5)
	}
	// badValue has the unique key of httpsA1.
	badValue := func(t *testing.T) *CanonicalCookie {
		c := httpsA1(t)
		c.Value = "x\x01y"
		return c
	}
	onSuffix := func(t *testing.T) *CanonicalCookie {
		c := rpCookie(t, "https://example.com/", "x=1; Domain=example.com", 5)
		c.Domain = ".com"
		return c
	}
	badPath := func(t *testing.T) *CanonicalCookie {
		c := rpCookie(t, "https://example.com/", "x=1", 5)
		c.Path = "nopath"
		return c
	}
	badName := func(t *testing.T) *CanonicalCookie {
		c := rpCookie(t, "https://example.com/", "x=1", 5)
		c.Name = "x;y"
		return c
	}

	cases := []struct {
		name   string
		stored []func(*testing.T) *CanonicalCookie
		insert func(*testing.T) *CanonicalCookie
		newer  rpNewer
		wantOK bool
		// wantAsked are the cookies newer was asked about.
		wantAsked  []string
		wantMemory []string
		wantEvents []string
		wantWrites []string
	}{
		{
			name:       "new cookie",
			insert:     httpsA1,
			wantOK:     true,
			wantMemory: []string{a1},
			wantEvents: []string{"Inserted remote " + a1},
		},
		{
			name:       "new cookie next to another",
			stored:     []func(*testing.T) *CanonicalCookie{secureS},
			insert:     httpsA1,
			wantOK:     true,
			wantMemory: []string{a1, secure},
			wantEvents: []string{"Inserted remote " + a1},
		},
		{
			name:       "same unique key replaced",
			stored:     []func(*testing.T) *CanonicalCookie{httpsA1},
			insert:     httpsA2,
			newer:      newerNo, // not asked: the same key is always replaced
			wantOK:     true,
			wantMemory: []string{a2},
			wantEvents: []string{"Overwrite remote " + a1, "Inserted remote " + a2},
		},
		{
			name:       "equivalent of other scheme, c newer",
			stored:     []func(*testing.T) *CanonicalCookie{httpA1},
			insert:     httpsA2,
			newer:      newerYes,
			wantOK:     true,
			wantAsked:  []string{a1},
			wantMemory: []string{a2},
			wantEvents: []string{"Overwrite local " + a1, "Inserted remote " + a2},
			wantWrites: []string{"DeleteCause " + a1 + " Overwrite"},
		},
		{
			name:       "equivalent of other scheme, nil newer",
			stored:     []func(*testing.T) *CanonicalCookie{httpA1},
			insert:     httpsA2,
			newer:      newerNil,
			wantOK:     true,
			wantMemory: []string{a2},
			wantEvents: []string{"Overwrite local " + a1, "Inserted remote " + a2},
			wantWrites: []string{"DeleteCause " + a1 + " Overwrite"},
		},
		{
			name:       "equivalent of other scheme, c older",
			stored:     []func(*testing.T) *CanonicalCookie{httpA1},
			insert:     httpsA2,
			newer:      newerNo,
			wantAsked:  []string{a1},
			wantMemory: []string{a1},
		},
		{
			name:       "insecure under a Secure cookie, insecure newer",
			stored:     []func(*testing.T) *CanonicalCookie{secureS},
			insert:     plainS,
			newer:      newerYes,
			wantAsked:  []string{secure},
			wantMemory: []string{secure},
		},
		{
			name:       "insecure under a Secure cookie, insecure older",
			stored:     []func(*testing.T) *CanonicalCookie{secureS},
			insert:     plainS,
			newer:      newerNo,
			wantOK:     true,
			wantAsked:  []string{secure},
			wantMemory: []string{plain, secure},
			wantEvents: []string{"Inserted remote " + plain},
		},
		{
			name:       "insecure from a secure origin under a Secure cookie",
			stored:     []func(*testing.T) *CanonicalCookie{secureS},
			insert:     plainHTTPS,
			newer:      newerYes,
			wantOK:     true,
			wantMemory: []string{plain, secure},
			wantEvents: []string{"Inserted remote " + plain},
		},
		{
			name:       "Secure over an insecure cookie, Secure newer",
			stored:     []func(*testing.T) *CanonicalCookie{plainS},
			insert:     secureS,
			newer:      newerYes,
			wantOK:     true,
			wantAsked:  []string{plain},
			wantMemory: []string{plain, secure},
			wantEvents: []string{"Inserted remote " + secure},
		},
		{
			name:       "Secure over an insecure cookie, insecure newer",
			stored:     []func(*testing.T) *CanonicalCookie{plainS},
			insert:     secureS,
			newer:      newerNo,
			wantOK:     true,
			wantAsked:  []string{plain},
			wantMemory: []string{secure},
			wantEvents: []string{"Overwrite local " + plain, "Inserted remote " + secure},
			wantWrites: []string{"DeleteCause " + plain + " Overwrite"},
		},
		{
			name:       "Secure over an insecure cookie from a secure origin",
			stored:     []func(*testing.T) *CanonicalCookie{plainHTTPS},
			insert:     secureS,
			newer:      newerNo,
			wantOK:     true,
			wantMemory: []string{plain, secure},
			wantEvents: []string{"Inserted remote " + secure},
		},
		{
			name: "insecure under a Secure cookie replacing an older one, insecure newer",
			// The other Monster replaced plainOld with plainNew (same
			// unique key): plainNew loses, and the store deletes it, so
			// plainOld must not stay in memory either.
			stored:     []func(*testing.T) *CanonicalCookie{plainOld, secureS},
			insert:     plainNew,
			newer:      newerYes,
			wantAsked:  []string{secure},
			wantMemory: []string{secure},
			wantEvents: []string{"Overwrite remote " + old},
		},
		{
			name:       "insecure under a Secure cookie replacing an older one, insecure older",
			stored:     []func(*testing.T) *CanonicalCookie{plainOld, secureS},
			insert:     plainNew,
			newer:      newerNo,
			wantOK:     true,
			wantAsked:  []string{secure},
			wantMemory: []string{renewed, secure},
			wantEvents: []string{"Overwrite remote " + old, "Inserted remote " + renewed},
		},
		{
			name:       "invalid value replacing a cookie",
			stored:     []func(*testing.T) *CanonicalCookie{httpsA1, secureS},
			insert:     badValue,
			wantMemory: []string{secure},
			wantEvents: []string{"Overwrite remote " + a1},
		},
		{
			name:       "domain cookie on a public suffix",
			stored:     []func(*testing.T) *CanonicalCookie{httpsA1},
			insert:     onSuffix,
			wantMemory: []string{a1},
		},
		{
			name:       "path not absolute",
			stored:     []func(*testing.T) *CanonicalCookie{httpsA1},
			insert:     badPath,
			wantMemory: []string{a1},
		},
		{
			name:       "invalid name",
			stored:     []func(*testing.T) *CanonicalCookie{httpsA1},
			insert:     badName,
			wantMemory: []string{a1},
		},
		{
			name:       "nil cookie",
			stored:     []func(*testing.T) *CanonicalCookie{httpsA1},
			insert:     func(*testing.T) *CanonicalCookie { return nil },
			wantMemory: []string{a1},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var stored []*CanonicalCookie
			for _, mk := range tc.stored {
				stored = append(stored, mk(t))
			}
			m, s, rec := rpNew(t, Limits{}, stored...)
			storeBefore := psDescs(s.Cookies())

			c := tc.insert(t)
			var asked []string
			var newer func(*CanonicalCookie) bool
			if tc.newer != newerNil {
				newer = func(o *CanonicalCookie) bool {
					asked = append(asked, mqDesc(o))
					return tc.newer == newerYes
				}
			}
			var before CanonicalCookie
			if c != nil {
				before = *c
			}
			rpReplicate(t, m, func(r *Replica) {
				ok := r.Insert(c, newer)
				require.Equal(t, tc.wantOK, ok, "Insert")
				if c == nil {
					return
				}
				got, found := r.Lookup(c.UniqueKey())
				assert.Equal(t, tc.wantOK, found, "Lookup after Insert")
				if tc.wantOK {
					assert.Equal(t, *c, got, "Lookup returns the inserted cookie")
				}
			})
			if c != nil {
				assert.Equal(t, before, *c, "Insert changed its argument")
			}
			assert.Equal(t, tc.wantAsked, asked, "newer asked about")
			assert.Equal(t, tc.wantMemory, mqAll(t, m), "memory")
			assert.Equal(t, tc.wantEvents, rpEvents(t, m, rec), "changes")
			assert.Equal(t, tc.wantWrites, s.takeWrites(), "store writes")
			// The store holds what it held, less what Insert deleted.
			want := mqWithout(storeBefore, rpDeleted(tc.wantWrites)...)
			assert.Equal(t, want, psDescs(s.Cookies()), "store contents")
		})
	}
}

// An insertion does not evict; EnforceLimits after it enforces the key's
// limits, and the evictions are this Monster's own: local changes, deleted
// from the store with their cause.
func TestReplicaInsertEvicts(t *testing.T) {
	// Three cookies of example.com, least recently used first.
	cookie := func(t *testing.T, line string, sec int) *CanonicalCookie {
		return rpCookie(t, "https://example.com/", line, sec)
	}
	session := func(t *testing.T, line string, sec int) *CanonicalCookie {
		return psCookie(t, "https://example.com/", line, t0.Add(time.Duration(sec)*time.Second), PartitionKey{})
	}
	part := func(t *testing.T, line string, sec int) *CanonicalCookie {
		return psCookie(t, "https://example.com/", line+"; Secure; Partitioned; Max-Age=3600",
			t0.Add(time.Duration(sec)*time.Second), gcPartition(t, "https://top.com/"))
	}
	cases := []struct {
		name       string
		lim        Limits
		stored     func(t *testing.T) []*CanonicalCookie
		insert     func(t *testing.T) *CanonicalCookie
		wantMemory []string
		wantEvents []string
		wantWrites []string
	}{
		{
			name: "over MaxCookiesPerKey",
			lim:  Limits{MaxCookiesPerKey: 3, PurgeCookiesPerKeyTo: 2},
			stored: func(t *testing.T) []*CanonicalCookie {
				return []*CanonicalCookie{cookie(t, "a=1", 0), cookie(t, "b=2", 1), cookie(t, "c=3", 2)}
			},
			insert:     func(t *testing.T) *CanonicalCookie { return cookie(t, "d=4", 3) },
			wantMemory: []string{"c=3 example.com /", "d=4 example.com /"},
			wantEvents: []string{
				"Inserted remote d=4 example.com /",
				"Evicted local a=1 example.com /",
				"Evicted local b=2 example.com /",
			},
			wantWrites: []string{
				"DeleteCause a=1 example.com / Evicted",
				"DeleteCause b=2 example.com / Evicted",
			},
		},
		{
			name: "the inserted cookie is the least recently used",
			lim:  Limits{MaxCookiesPerKey: 3, PurgeCookiesPerKeyTo: 2},
			stored: func(t *testing.T) []*CanonicalCookie {
				return []*CanonicalCookie{cookie(t, "a=1", 1), cookie(t, "b=2", 2), cookie(t, "c=3", 3)}
			},
			insert:     func(t *testing.T) *CanonicalCookie { return cookie(t, "d=4", 0) },
			wantMemory: []string{"b=2 example.com /", "c=3 example.com /"},
			wantEvents: []string{
				"Inserted remote d=4 example.com /",
				"Evicted local d=4 example.com /",
				"Evicted local a=1 example.com /",
			},
			wantWrites: []string{
				"DeleteCause d=4 example.com / Evicted",
				"DeleteCause a=1 example.com / Evicted",
			},
		},
		{
			name: "evicted session cookies are not in the store",
			lim:  Limits{MaxCookiesPerKey: 3, PurgeCookiesPerKeyTo: 2},
			stored: func(t *testing.T) []*CanonicalCookie {
				return []*CanonicalCookie{session(t, "a=1", 0), cookie(t, "b=2", 1), cookie(t, "c=3", 2)}
			},
			insert:     func(t *testing.T) *CanonicalCookie { return cookie(t, "d=4", 3) },
			wantMemory: []string{"c=3 example.com /", "d=4 example.com /"},
			wantEvents: []string{
				"Inserted remote d=4 example.com /",
				"Evicted local a=1 example.com /",
				"Evicted local b=2 example.com /",
			},
			wantWrites: []string{"DeleteCause b=2 example.com / Evicted"},
		},
		{
			name: "at MaxCookiesPerKey",
			lim:  Limits{MaxCookiesPerKey: 3, PurgeCookiesPerKeyTo: 2},
			stored: func(t *testing.T) []*CanonicalCookie {
				return []*CanonicalCookie{cookie(t, "a=1", 0), cookie(t, "b=2", 1)}
			},
			insert:     func(t *testing.T) *CanonicalCookie { return cookie(t, "d=4", 3) },
			wantMemory: []string{"a=1 example.com /", "b=2 example.com /", "d=4 example.com /"},
			wantEvents: []string{"Inserted remote d=4 example.com /"},
		},
		{
			name: "over MaxPartitionCookiesPerKey",
			lim:  Limits{MaxPartitionCookiesPerKey: 2},
			stored: func(t *testing.T) []*CanonicalCookie {
				return []*CanonicalCookie{part(t, "a=1", 0), part(t, "b=2", 1), cookie(t, "c=3", 2)}
			},
			insert: func(t *testing.T) *CanonicalCookie { return part(t, "d=4", 3) },
			wantMemory: []string{
				"b=2 example.com / @https://top.com",
				"c=3 example.com /",
				"d=4 example.com / @https://top.com",
			},
			wantEvents: []string{
				"Inserted remote d=4 example.com / @https://top.com",
				"Evicted local a=1 example.com / @https://top.com",
			},
			wantWrites: []string{"DeleteCause a=1 example.com / @https://top.com Evicted"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m, s, rec := rpNew(t, tc.lim, tc.stored(t)...)
			storeBefore := psDescs(s.Cookies())
			c := tc.insert(t)
			rpReplicate(t, m, func(r *Replica) {
				require.True(t, r.Insert(c, nil))
			})
			assert.Empty(t, s.takeWrites(), "Insert alone evicts nothing")
			rpReplicate(t, m, func(r *Replica) { r.EnforceLimits(c) })
			assert.Equal(t, tc.wantMemory, mqAll(t, m), "memory")
			assert.Equal(t, tc.wantEvents, rpEvents(t, m, rec), "changes")
			assert.Equal(t, tc.wantWrites, s.takeWrites(), "store writes")
			// The inserted cookie was never added to the store.
			assert.Equal(t, mqWithout(storeBefore, rpDeleted(tc.wantWrites)...), psDescs(s.Cookies()), "store contents")
		})
	}
}

// ---- Remove, Touch, Lookup, Each ----

func TestReplicaRemove(t *testing.T) {
	a := func(t *testing.T) *CanonicalCookie { return rpCookie(t, "https://example.com/", "a=1", 0) }
	b := func(t *testing.T) *CanonicalCookie { return rpCookie(t, "https://example.com/", "b=2; Path=/b", 1) }
	p := func(t *testing.T) *CanonicalCookie {
		return psCookie(t, "https://example.com/", "p=3; Secure; Partitioned; Max-Age=3600", t0.Add(2*time.Second),
			gcPartition(t, "https://top.com/"))
	}
	all := []string{"b=2 example.com /b", "a=1 example.com /", "p=3 example.com / @https://top.com"}
	cases := []struct {
		name   string
		key    func(t *testing.T) UniqueKey
		cause  ChangeCause
		wantOK bool
		// wantKept: the cookie with the key is still in memory after.
		wantKept   bool
		wantMemory []string
		wantEvents []string
	}{
		{
			name:       "explicit",
			key:        func(t *testing.T) UniqueKey { return a(t).UniqueKey() },
			cause:      CauseExplicit,
			wantOK:     true,
			wantMemory: mqWithout(all, "a=1 example.com /"),
			wantEvents: []string{"Explicit remote a=1 example.com /"},
		},
		{
			name:       "expired",
			key:        func(t *testing.T) UniqueKey { return b(t).UniqueKey() },
			cause:      CauseExpired,
			wantOK:     true,
			wantMemory: mqWithout(all, "b=2 example.com /b"),
			wantEvents: []string{"Expired remote b=2 example.com /b"},
		},
		{
			name:       "partitioned, unknown deletion",
			key:        func(t *testing.T) UniqueKey { return p(t).UniqueKey() },
			cause:      CauseUnknownDeletion,
			wantOK:     true,
			wantMemory: mqWithout(all, "p=3 example.com / @https://top.com"),
			wantEvents: []string{"UnknownDeletion remote p=3 example.com / @https://top.com"},
		},
		{
			name:       "overwrite",
			key:        func(t *testing.T) UniqueKey { return a(t).UniqueKey() },
			cause:      CauseOverwrite,
			wantOK:     true,
			wantMemory: mqWithout(all, "a=1 example.com /"),
			wantEvents: []string{"Overwrite remote a=1 example.com /"},
		},
		{
			name: "unknown key",
			key: func(t *testing.T) UniqueKey {
				return rpCookie(t, "https://example.com/", "zz=1", 0).UniqueKey()
			},
			cause:      CauseExplicit,
			wantMemory: all,
		},
		{
			name: "other source scheme",
			key: func(t *testing.T) UniqueKey {
				return rpCookie(t, "http://example.com/", "a=1", 0).UniqueKey()
			},
			cause:      CauseExplicit,
			wantMemory: all,
		},
		{
			name: "unpartitioned key of a partitioned cookie",
			key: func(t *testing.T) UniqueKey {
				k := p(t).UniqueKey()
				k.Partition = PartitionKey{}
				return k
			},
			cause:      CauseExplicit,
			wantMemory: all,
		},
		{
			name:       "not a removal",
			key:        func(t *testing.T) UniqueKey { return a(t).UniqueKey() },
			cause:      CauseInserted,
			wantKept:   true,
			wantMemory: all,
		},
		{
			name:       "zero cause",
			key:        func(t *testing.T) UniqueKey { return a(t).UniqueKey() },
			wantKept:   true,
			wantMemory: all,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m, s, rec := rpNew(t, Limits{}, a(t), b(t), p(t))
			storeBefore := psDescs(s.Cookies())
			k := tc.key(t)
			rpReplicate(t, m, func(r *Replica) {
				require.Equal(t, tc.wantOK, r.Remove(k, tc.cause), "Remove")
				_, found := r.Lookup(k)
				assert.Equal(t, tc.wantKept, found, "Lookup after Remove")
			})
			assert.Equal(t, tc.wantMemory, mqAll(t, m), "memory")
			assert.Equal(t, tc.wantEvents, rpEvents(t, m, rec), "changes")
			assert.Nil(t, s.takeWrites(), "store writes")
			assert.Equal(t, storeBefore, psDescs(s.Cookies()), "store contents")
		})
	}
}

func TestReplicaTouch(t *testing.T) {
	a := func(t *testing.T) *CanonicalCookie { return rpCookie(t, "https://example.com/", "a=1", 0) }
	b := func(t *testing.T) *CanonicalCookie { return rpCookie(t, "https://example.com/", "b=2", 1) }
	la := t0 // a's LastAccess
	cases := []struct {
		name   string
		key    func(t *testing.T) UniqueKey
		at     time.Time
		wantOK bool
		// wantAccess is the LastAccess of a and b afterwards.
		wantAccess [2]time.Time
	}{
		{"later", func(t *testing.T) UniqueKey { return a(t).UniqueKey() }, la.Add(time.Millisecond), true,
			[2]time.Time{la.Add(time.Millisecond), t0.Add(time.Second)}},
		{"much later", func(t *testing.T) UniqueKey { return b(t).UniqueKey() }, la.Add(time.Hour), true,
			[2]time.Time{la, t0.Add(time.Hour)}},
		{"same time", func(t *testing.T) UniqueKey { return a(t).UniqueKey() }, la, false,
			[2]time.Time{la, t0.Add(time.Second)}},
		{"earlier", func(t *testing.T) UniqueKey { return b(t).UniqueKey() }, la, false,
			[2]time.Time{la, t0.Add(time.Second)}},
		{"unknown key", func(t *testing.T) UniqueKey {
			return rpCookie(t, "http://example.com/", "a=1", 0).UniqueKey()
		}, la.Add(time.Hour), false, [2]time.Time{la, t0.Add(time.Second)}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m, s, rec := rpNew(t, Limits{}, a(t), b(t))
			storeBefore := s.Cookies()
			k := tc.key(t)
			rpReplicate(t, m, func(r *Replica) {
				require.Equal(t, tc.wantOK, r.Touch(k, tc.at), "Touch")
			})
			var got [2]time.Time
			for _, c := range gcAll(t, m) {
				switch c.Name {
				case "a":
					got[0] = c.LastAccess
				case "b":
					got[1] = c.LastAccess
				default:
					t.Errorf("unexpected cookie %s", mqDesc(c))
				}
			}
			assert.Equal(t, tc.wantAccess, got, "LastAccess of a and b")
			assert.Nil(t, rpEvents(t, m, rec), "changes")
			assert.Nil(t, s.takeWrites(), "store writes")
			assert.Equal(t, storeBefore, s.Cookies(), "store contents")
		})
	}
}

// Lookup and Each hand out copies of the cookies in memory.
func TestReplicaLookupEach(t *testing.T) {
	a := rpCookie(t, "https://example.com/", "a=1", 0)
	p := psCookie(t, "https://other.org/", "p=2; Secure; Partitioned; Max-Age=3600", t0.Add(time.Second),
		gcPartition(t, "https://top.com/"))
	m, _, rec := rpNew(t, Limits{}, a, p)
	rpReplicate(t, m, func(r *Replica) {
		got, ok := r.Lookup(a.UniqueKey())
		require.True(t, ok)
		assert.Equal(t, *a, got)
		got.Value = "changed"

		got, ok = r.Lookup(p.UniqueKey())
		require.True(t, ok)
		assert.Equal(t, *p, got)

		got, ok = r.Lookup(UniqueKey{Name: "a", Domain: "example.com", Path: "/"})
		assert.False(t, ok)
		assert.Equal(t, CanonicalCookie{}, got)

		var each []CanonicalCookie
		r.Each(func(c CanonicalCookie) {
			each = append(each, c)
			c.Value = "changed"
		})
		assert.ElementsMatch(t, []CanonicalCookie{*a, *p}, each)
	})
	assert.Equal(t, []string{"a=1 example.com /", "p=2 other.org / @https://top.com"}, mqAll(t, m))
	assert.Nil(t, rpEvents(t, m, rec))
}

// A Replica kept past its Replicate, and the zero Replica, do nothing.
func TestReplicaInert(t *testing.T) {
	a := rpCookie(t, "https://example.com/", "a=1", 0)
	m, s, rec := rpNew(t, Limits{}, a)
	var kept *Replica
	rpReplicate(t, m, func(r *Replica) { kept = r })

	cases := []struct {
		name string
		r    *Replica
	}{
		{"kept past Replicate", kept},
		{"zero", &Replica{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.r
			require.NotPanics(t, func() {
				got, ok := r.Lookup(a.UniqueKey())
				assert.False(t, ok, "Lookup")
				assert.Equal(t, CanonicalCookie{}, got)
				called := false
				r.Each(func(CanonicalCookie) { called = true })
				assert.False(t, called, "Each called fn")
				assert.False(t, r.Touch(a.UniqueKey(), t0.Add(time.Hour)), "Touch")
				assert.False(t, r.Remove(a.UniqueKey(), CauseExplicit), "Remove")
				b := rpCookie(t, "https://example.com/", "b=2", 1)
				assert.False(t, r.Insert(b, nil), "Insert")
				c := rpCookie(t, "http://example.com/", "a=3", 1)
				assert.False(t, r.Insert(c, func(*CanonicalCookie) bool { return true }), "Insert")
			})
			all := gcAll(t, m)
			require.Len(t, all, 1)
			assert.Equal(t, *a, *all[0], "memory")
			assert.Nil(t, rpEvents(t, m, rec), "changes")
			assert.Nil(t, s.takeWrites(), "store writes")
		})
	}
}

// Insert stores the source port as a load does: -1 is PortUnspecified,
// above 65535 PortInvalid.
func TestReplicaInsertSourcePort(t *testing.T) {
	cases := []struct {
		port, want int
	}{
		{443, 443},
		{-1, PortUnspecified},
		{70000, PortInvalid},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprint(tc.port), func(t *testing.T) {
			m, s, rec := rpNew(t, Limits{})
			c := rpCookie(t, "https://example.com/", "a=1", 0)
			c.SourcePort = tc.port
			want := *c
			want.SourcePort = tc.want
			rpReplicate(t, m, func(r *Replica) {
				require.True(t, r.Insert(c, nil))
				got, ok := r.Lookup(want.UniqueKey())
				require.True(t, ok)
				assert.Equal(t, want, got)
			})
			all := gcAll(t, m)
			require.Len(t, all, 1)
			assert.Equal(t, want, *all[0])
			assert.Equal(t, tc.port, c.SourcePort, "Insert changed its argument")
			assert.Equal(t, []string{"Inserted remote a=1 example.com /"}, rpEvents(t, m, rec))
			assert.Nil(t, s.takeWrites())
		})
	}
}

// A session-only policy wraps the store (NewSessionCleanupStore); the
// wrapper passes the causes of deletions on, and the attached store is
// still attached.
func TestReplicaCausesThroughSessionCleanup(t *testing.T) {
	s := rpNewStore()
	s.release()
	var settings CookieSettings
	settings.SetDefault(SettingSessionOnly)
	m, err := New(Config{Now: newFakeClock(t0.Add(time.Minute)).Now, Store: s, Policy: &settings})
	require.NoError(t, err)
	t.Cleanup(func() { _ = m.Close() })
	u, err := url.Parse("https://example.com/")
	require.NoError(t, err)
	res, err := m.SetCookieLine(psLong(t), u, "a=1; Max-Age=3600", Options{IncludeHTTPOnly: true, SameSite: MakeSameSiteContext(ContextStrict)})
	require.NoError(t, err)
	require.True(t, res.Status.IsInclude(), res.Status.String())
	s.takeWrites()
	n, err := m.DeleteAll(psLong(t))
	require.NoError(t, err)
	require.Equal(t, 1, n)
	assert.Equal(t, []*Monster{m}, s.attachedTo())
	assert.Equal(t, []string{"DeleteCause a=1 example.com / Explicit"}, s.takeWrites())
}
