package cookiemonster

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"math/rand"
	"net/url"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// stressClock is a clock that moves forward by step on every reading, safe
// for concurrent use.
type stressClock struct {
	n    atomic.Int64
	step time.Duration
}

func (c *stressClock) now() time.Time { return t0.Add(time.Duration(c.n.Add(1)) * c.step) }

// stressCookieID identifies a stored cookie for the replay: its
// equivalence key plus value and creation.
type stressCookieID struct {
	partition          PartitionKey
	name, domain, path string
	value              string
	creation           int64 // µs
}

type stressEquivKey struct {
	partition          PartitionKey
	name, domain, path string
}

func stressID(c *CanonicalCookie) stressCookieID {
	return stressCookieID{c.Partition, c.Name, c.Domain, c.Path, c.Value, c.Creation.UnixMicro()}
}

func (id stressCookieID) String() string {
	return fmt.Sprintf("[%s] %s=%s; domain=%s; path=%s; created=%d", id.partition, id.name, id.value, id.domain, id.path, id.creation)
}

func sortStressIDs(ids []stressCookieID) {
	slices.SortFunc(ids, func(a, b stressCookieID) int {
		return cmp.Or(
			cmp.Compare(a.partition.String(), b.partition.String()),
			cmp.Compare(a.name, b.name),
			cmp.Compare(a.domain, b.domain),
			cmp.Compare(a.path, b.path),
			cmp.Compare(a.value, b.value),
			cmp.Compare(a.creation, b.creation),
		)
	})
}

// stressRecorder records every change it is given, in order.
type stressRecorder struct {
	mu      sync.Mutex
	changes []Change
}

func (r *stressRecorder) record(ch Change) {
	r.mu.Lock()
	r.changes = append(r.changes, ch)
	r.mu.Unlock()
}

func (r *stressRecorder) snapshot() []Change {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.changes)
}

// replayStressChanges applies changes to an empty set: an insertion adds
// its cookie, any other cause removes the equivalent cookie with the same
// value and creation. It returns the resulting set, sorted, and every
// inconsistency met (an insertion over a live equivalent, the removal of a
// cookie that is not there).
func replayStressChanges(changes []Change) (ids []stressCookieID, problems []string) {
	live := make(map[stressEquivKey]stressCookieID)
	for i, ch := range changes {
		c := &ch.Cookie
		k := stressEquivKey{c.Partition, c.Name, c.Domain, c.Path}
		id := stressID(c)
		if ch.Cause == CauseInserted {
			if old, ok := live[k]; ok {
				problems = append(problems, fmt.Sprintf("event %d: Inserted %s while %s is live", i, id, old))
			}
			live[k] = id
			continue
		}
		old, ok := live[k]
		switch {
		case !ok:
			problems = append(problems, fmt.Sprintf("event %d: %s of %s, which is not live", i, ch.Cause, id))
		case old != id:
			problems = append(problems, fmt.Sprintf("event %d: %s of %s, but the live cookie is %s", i, ch.Cause, id, old))
		default:
			delete(live, k)
		}
	}
	for _, id := range live {
		ids = append(ids, id)
	}
	sortStressIDs(ids)
	return ids, problems
}

func stressIDs(cookies []*CanonicalCookie) []stressCookieID {
	ids := make([]stressCookieID, 0, len(cookies))
	for _, c := range cookies {
		ids = append(ids, stressID(c))
	}
	sortStressIDs(ids)
	return ids
}

// checkStressInvariants checks that all holds no two equivalent cookies and
// respects the per-key and per-partition limits.
func checkStressInvariants(t *testing.T, all []*CanonicalCookie, l Limits, now time.Time) {
	t.Helper()
	l = l.withDefaults()
	seen := make(map[stressEquivKey]*CanonicalCookie)
	perKey := make(map[string]int)
	type partKey struct {
		p   PartitionKey
		key string
	}
	perPart := make(map[partKey]int)
	perPartBytes := make(map[partKey]int)
	for _, c := range all {
		k := stressEquivKey{c.Partition, c.Name, c.Domain, c.Path}
		if old, ok := seen[k]; ok {
			t.Errorf("two equivalent cookies: %s and %s", stressID(old), stressID(c))
		}
		seen[k] = c
		if c.IsExpired(now) {
			t.Errorf("AllCookies returned an expired cookie: %s (expiry %v, now %v)", stressID(c), c.Expiry, now)
		}
		key := keyOf(nil, c.Domain)
		if c.IsPartitioned() {
			pk := partKey{c.Partition, key}
			perPart[pk]++
			perPartBytes[pk] += len(c.Name) + len(c.Value)
		} else {
			perKey[key]++
		}
	}
	most := 0
	for key, n := range perKey {
		assert.LessOrEqual(t, n, l.MaxCookiesPerKey, "unpartitioned cookies of %s", key)
		most = max(most, n)
	}
	t.Logf("at most %d unpartitioned cookies per key (limit %d)", most, l.MaxCookiesPerKey)
	for pk, n := range perPart {
		assert.LessOrEqual(t, n, l.MaxPartitionCookiesPerKey, "cookies of %s in partition %s", pk.key, pk.p)
		assert.LessOrEqual(t, perPartBytes[pk], l.MaxPartitionBytesPerKey, "bytes of %s in partition %s", pk.key, pk.p)
	}
}

// stressWithTimeout runs fn and fails the test with every goroutine's stack
// if progress (a counter fn's work advances) stands still for d: a
// deadlock, not a slow machine, fails it.
func stressWithTimeout(t *testing.T, d time.Duration, progress func() int64, fn func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn()
	}()
	tick := time.NewTicker(d)
	defer tick.Stop()
	last := progress()
	for {
		select {
		case <-done:
			return
		case <-tick.C:
			now := progress()
			if now != last {
				last = now
				continue
			}
			var buf bytes.Buffer
			_ = pprof.Lookup("goroutine").WriteTo(&buf, 2)
			t.Fatalf("no progress for %v (deadlock?); goroutines:\n%s", d, buf.String())
		}
	}
}

// ---- TestStressConcurrent ----

type stressURL struct {
	u     *url.URL
	https bool
}

type stressHost struct {
	host, site string
	urls       []stressURL
}

func newStressHost(t *testing.T, host, site string, paths ...string) stressHost {
	h := stressHost{host: host, site: site}
	for _, scheme := range []string{"https", "http"} {
		for _, p := range paths {
			h.urls = append(h.urls, stressURL{u: mustURL(t, scheme+"://"+host+p), https: scheme == "https"})
		}
	}
	return h
}

// subState is what an extra subscription's callback checks.
type subState struct {
	cancelled atomic.Bool  // set once cancel has returned
	late      atomic.Int64 // calls that saw cancelled set
	inflight  atomic.Int32
	calls     atomic.Int64
}

type stressEnv struct {
	m      *Monster
	hosts  []stressHost
	eph    stressHost // short-lived cookies only, below every limit
	parts  []PartitionKey
	names  []string
	values []string

	subCalls, afterCancel, overlap, callErrs atomic.Int64
}

func newStressEnv(t *testing.T, m *Monster) *stressEnv {
	e := &stressEnv{m: m}
	for _, site := range []string{"alpha.com", "beta.co.uk", "gamma.net"} {
		for _, h := range []string{site, "www." + site, "api." + site, "x.www." + site} {
			e.hosts = append(e.hosts, newStressHost(t, h, site, "/", "/p/x", "/p/q/y"))
		}
	}
	e.eph = newStressHost(t, "tmp.delta.org", "delta.org", "/")
	for _, top := range []string{"https://top1.com/", "https://top2.org/", "https://alpha.com/"} {
		for _, cross := range []bool{false, true} {
			pk, err := NewPartitionKey(mustURL(t, top), cross)
			require.NoError(t, err)
			e.parts = append(e.parts, pk)
		}
	}
	for i := range 12 {
		e.names = append(e.names, fmt.Sprintf("n%02d", i))
	}
	e.values = []string{"v0", "v1", "v2", "v3", strings.Repeat("L", 40)}
	return e
}

func (e *stressEnv) pick(rng *rand.Rand) (*stressHost, stressURL) {
	h := &e.hosts[rng.Intn(len(e.hosts))]
	return h, h.urls[rng.Intn(len(h.urls))]
}

func (e *stressEnv) check(_ any, err error) {
	if err != nil {
		e.callErrs.Add(1)
	}
}

// set sets one random cookie. One set in twelve goes to e.eph: few names,
// short-lived, partitioned or not, so that expiry also happens on a key
// eviction never touches.
func (e *stressEnv) set(ctx context.Context, rng *rand.Rand, b *strings.Builder) {
	b.Reset()
	o := NavigationOptions()
	if rng.Intn(12) == 0 {
		su := e.eph.urls[0] // https://tmp.delta.org/
		b.WriteString("e")
		b.WriteString(strconv.Itoa(rng.Intn(4)))
		b.WriteString("=v; Path=/; Max-Age=")
		b.WriteString(strconv.Itoa(rng.Intn(4)))
		if rng.Intn(3) == 0 {
			b.Reset()
			b.WriteString("e")
			b.WriteString(strconv.Itoa(rng.Intn(2)))
			b.WriteString("=v; Path=/; Secure; Partitioned; Max-Age=")
			b.WriteString(strconv.Itoa(rng.Intn(4)))
			o.Partition = e.parts[rng.Intn(len(e.parts))]
		}
		e.check(e.m.SetCookieLine(ctx, su.u, b.String(), o))
		return
	}
	h, su := e.pick(rng)
	b.WriteString(e.names[rng.Intn(len(e.names))])
	b.WriteByte('=')
	b.WriteString(e.values[rng.Intn(len(e.values))])
	switch rng.Intn(4) {
	case 0:
		if h.host != h.site {
			b.WriteString("; Domain=" + h.site)
		}
	case 1:
		b.WriteString("; Domain=" + h.host)
	}
	switch rng.Intn(4) {
	case 1:
		b.WriteString("; Path=/")
	case 2:
		b.WriteString("; Path=/p")
	case 3:
		b.WriteString("; Path=/p/q")
	}
	secure := (su.https && rng.Intn(2) == 0) || rng.Intn(40) == 0
	if su.https && rng.Intn(6) == 0 {
		b.WriteString("; Partitioned")
		o.Partition = e.parts[rng.Intn(len(e.parts))]
		secure = true
	}
	if secure {
		b.WriteString("; Secure")
	}
	if rng.Intn(8) == 0 {
		b.WriteString("; HttpOnly")
	}
	if rng.Intn(8) == 0 {
		b.WriteString("; SameSite=None")
	}
	switch rng.Intn(8) {
	case 0:
		b.WriteString("; Priority=Low")
	case 1:
		b.WriteString("; Priority=High")
	}
	switch rng.Intn(15) {
	case 0:
		b.WriteString("; Max-Age=0")
	case 1:
		b.WriteString("; Max-Age=86400")
	}
	if rng.Intn(10) == 0 {
		// Short-lived: expires during the run, so reads, eviction and
		// AllCookies meet expired cookies.
		b.WriteString("; Max-Age=" + strconv.Itoa(1+rng.Intn(3)))
	}
	if rng.Intn(10) == 0 {
		o.IncludeHTTPOnly = false // script-like: may not touch HttpOnly cookies
	}
	e.check(e.m.SetCookieLine(ctx, su.u, b.String(), o))
}

// callback returns an extra subscription's callback: it checks that it is
// not started after cancel returned nor twice at once, and every sixth call
// reads back into the Monster. cancel does not wait for a call started
// before it returned, which may see cancelled set; any other call that sees
// it started after cancel returned.
func (e *stressEnv) callback(st *subState, read *url.URL) func(Change) {
	return func(Change) {
		if st.cancelled.Load() && st.late.Add(1) > 1 {
			e.afterCancel.Add(1)
		}
		if st.inflight.Add(1) != 1 {
			e.overlap.Add(1)
		}
		e.subCalls.Add(1)
		if st.calls.Add(1)%6 == 1 {
			_, _, err := e.m.Cookies(context.Background(), read, NavigationOptions())
			e.check(nil, err)
		}
		st.inflight.Add(-1)
	}
}

func (e *stressEnv) worker(g, ops int) {
	rng := rand.New(rand.NewSource(int64(g)*7919 + 17))
	ctx := context.Background()
	var b strings.Builder
	var last []CookieWithAccessResult
	type extra struct {
		cancel func()
		st     *subState
	}
	var subs []extra
	for range ops {
		r := rng.Intn(100)
		switch {
		case r < 45:
			e.set(ctx, rng, &b)
		case r < 70:
			_, su := e.pick(rng)
			if rng.Intn(20) == 0 {
				su = e.eph.urls[rng.Intn(len(e.eph.urls))]
			}
			o := NavigationOptions()
			if rng.Intn(3) == 0 {
				o.Partition = e.parts[rng.Intn(len(e.parts))]
			}
			if rng.Intn(2) == 0 {
				inc, _, err := e.m.Cookies(ctx, su.u, o)
				e.check(nil, err)
				if len(inc) > 0 {
					last = inc
				}
			} else {
				e.check(e.m.CookieHeader(ctx, su.u, o))
			}
		case r < 78:
			if len(last) > 0 {
				c := last[rng.Intn(len(last))].Cookie
				if rng.Intn(5) == 0 {
					c.Value += "x" // no match: deletes nothing
				}
				e.check(e.m.DeleteCanonicalCookie(ctx, &c))
			}
		case r < 86:
			_, su := e.pick(rng)
			var p PartitionKey
			if rng.Intn(3) == 0 {
				p = e.parts[rng.Intn(len(e.parts))]
			}
			e.check(e.m.Remove(ctx, su.u, e.names[rng.Intn(len(e.names))], p))
		case r < 88:
			h, _ := e.pick(rng)
			name := e.names[rng.Intn(len(e.names))]
			e.check(e.m.DeleteMatching(ctx, DeletionInfo{Name: &name, DomainsAndIPsToDelete: []string{h.site}}))
		case r < 94:
			if len(subs) >= 1 {
				continue
			}
			st := &subState{}
			_, read := e.pick(rng)
			fn := e.callback(st, read.u)
			_, su := e.pick(rng)
			var p PartitionKey
			if rng.Intn(3) == 0 {
				p = e.parts[rng.Intn(len(e.parts))]
			}
			var cancel func()
			switch rng.Intn(5) {
			case 0, 1:
				cancel = e.m.Changes().SubscribeURL(su.u, p, fn)
			case 2, 3:
				cancel = e.m.Changes().SubscribeCookie(su.u, e.names[rng.Intn(len(e.names))], p, fn)
			default:
				cancel = e.m.Changes().SubscribeAll(fn)
			}
			subs = append(subs, extra{cancel, st})
		default:
			if len(subs) == 0 {
				continue
			}
			i := rng.Intn(len(subs))
			subs[i].cancel()
			subs[i].st.cancelled.Store(true)
			subs = slices.Delete(subs, i, i+1)
		}
	}
	for _, s := range subs {
		s.cancel()
		s.st.cancelled.Store(true)
	}
}

// TestStressConcurrent runs 8 goroutines of mixed operations on one
// Monster, then checks the store's invariants and that the change events
// replay into exactly the final store.
func TestStressConcurrent(t *testing.T) {
	for _, tc := range []struct {
		name   string
		limits Limits
	}{
		{"chromium-limits", Limits{}},
		// Small limits, so that per-key and per-partition eviction run
		// under contention all the time.
		{"small-limits", Limits{MaxCookiesPerKey: 20, MaxPartitionCookiesPerKey: 8, MaxPartitionBytesPerKey: 120}},
	} {
		t.Run(tc.name, func(t *testing.T) { runStress(t, tc.limits, 8, 10000) })
	}
}

func runStress(t *testing.T, limits Limits, workers, ops int) {
	start := time.Now()
	clock := &stressClock{step: time.Millisecond}
	m, err := New(Config{Now: clock.now, Limits: limits})
	require.NoError(t, err)
	e := newStressEnv(t, m)
	rec := &stressRecorder{}
	cancelRec := m.Changes().SubscribeAll(rec.record)

	stressWithTimeout(t, 50*time.Second, clock.n.Load, func() {
		var wg sync.WaitGroup
		for g := range workers {
			wg.Go(func() { e.worker(g, ops) })
		}
		wg.Wait()
	})

	ctx := context.Background()
	before := t0.Add(time.Duration(clock.n.Load()) * clock.step) // AllCookies reads a later time
	all, err := m.AllCookies(ctx)
	require.NoError(t, err)
	cancelRec()
	changes := rec.snapshot()

	causes := make(map[ChangeCause]int)
	for _, ch := range changes {
		causes[ch.Cause]++
	}
	t.Logf("%d workers × %d ops in %v: %d cookies at the end, %d events %v, %d extra callback calls",
		workers, ops, time.Since(start).Round(time.Millisecond), len(all), len(changes), causes, e.subCalls.Load())

	assert.Zero(t, e.callErrs.Load(), "calls that returned an error")
	assert.Zero(t, e.overlap.Load(), "callbacks of one subscription running at once")
	assert.Zero(t, e.afterCancel.Load(), "callback calls that began after their cancel had returned")
	assert.NotZero(t, causes[CauseInserted])
	assert.NotZero(t, causes[CauseOverwrite])
	assert.NotZero(t, causes[CauseExpiredOverwrite])
	assert.NotZero(t, causes[CauseExplicit])
	assert.NotZero(t, causes[CauseExpired])
	if limits.MaxCookiesPerKey != 0 {
		assert.NotZero(t, causes[CauseEvicted], "small limits must make eviction happen")
	}

	checkStressInvariants(t, all, limits, before)

	replayed, problems := replayStressChanges(changes)
	for i, p := range problems {
		if i == 10 {
			t.Errorf("... and %d more replay problems", len(problems)-10)
			break
		}
		t.Error(p)
	}
	assert.Equal(t, stressIDs(all), replayed, "replaying the events must give the final store")
}

// ---- TestStressSubscriberReentrancy ----

// stressValueSink records changes and counts the insertions of each value.
type stressValueSink struct {
	stressRecorder
	inserted map[string]int
}

func newStressValueSink() *stressValueSink { return &stressValueSink{inserted: make(map[string]int)} }

func (s *stressValueSink) record(ch Change) {
	s.mu.Lock()
	s.changes = append(s.changes, ch)
	if ch.Cause == CauseInserted {
		s.inserted[ch.Cookie.Value]++
	}
	s.mu.Unlock()
}

func (s *stressValueSink) insertions(v string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.inserted[v]
}

// TestStressSubscriberReentrancy has callbacks set cookies, read, subscribe
// and cancel from inside callbacks while other goroutines set cookies. It
// checks that nothing deadlocks, that every change reaches every
// subscription exactly once and in the same order, that every change has
// been delivered once the writers have returned, and that the changes
// replay into the final store.
func TestStressSubscriberReentrancy(t *testing.T) {
	clock := &stressClock{step: time.Millisecond}
	// A small per-key limit adds evictions to the reentrant sets.
	m, err := New(Config{Now: clock.now, Limits: Limits{MaxCookiesPerKey: 30}})
	require.NoError(t, err)
	ctx := context.Background()
	opts := NavigationOptions()
	urls := []*url.URL{
		mustURL(t, "https://www.alpha.com/"), mustURL(t, "https://api.alpha.com/a"),
		mustURL(t, "https://beta.co.uk/"), mustURL(t, "https://x.gamma.net/"),
	}

	var (
		uniq        atomic.Int64
		stored      atomic.Int64 // sets that stored a cookie, callbacks' included
		overlap     atomic.Int64
		nestedCalls atomic.Int64
		errs        atomic.Int64
		setMu       sync.Mutex
		setVals     []string // values of the worker sets that stored a cookie
	)
	set := func(u *url.URL, name string) (string, bool) {
		v := "u" + strconv.FormatInt(uniq.Add(1), 10)
		res, err := m.SetCookieLine(ctx, u, name+"="+v, opts)
		if err != nil {
			errs.Add(1)
		}
		if !res.Status.IsInclude() {
			return v, false
		}
		stored.Add(1)
		return v, true
	}

	r1, r2 := newStressValueSink(), newStressValueSink()
	cancel1 := m.Changes().SubscribeAll(r1.record)

	// The re-entrant subscription: each insertion of a cookie of depth 0
	// or 1 ("w…", "c1_…") sets a child cookie of the next depth from inside
	// the callback, reads back, subscribes and cancels, and now and then
	// runs a global operation.
	var inflight atomic.Int32
	var seen atomic.Int64
	cancelR := m.Changes().SubscribeAll(func(ch Change) {
		if inflight.Add(1) != 1 {
			overlap.Add(1)
		}
		defer inflight.Add(-1)
		n := seen.Add(1)
		if ch.Cause != CauseInserted || strings.HasPrefix(ch.Cookie.Name, "c2_") {
			return
		}
		depth := 1
		if strings.HasPrefix(ch.Cookie.Name, "c1_") {
			depth = 2
		}
		u := urls[int(n)%len(urls)]
		set(u, fmt.Sprintf("c%d_%d", depth, n%8))
		if _, err := m.CookieHeader(ctx, u, opts); err != nil {
			errs.Add(1)
		}
		cancel := m.Changes().SubscribeURL(u, PartitionKey{}, func(Change) { nestedCalls.Add(1) })
		cancel()
		if n%64 == 0 {
			if _, err := m.AllCookies(ctx); err != nil {
				errs.Add(1)
			}
		}
	})
	// Subscribed after the re-entrant one, so it sees the callbacks'
	// changes in the same order as r1.
	cancel2 := m.Changes().SubscribeAll(r2.record)

	// A URL subscription that cancels itself from its own callback.
	var selfCancel atomic.Pointer[func()]
	var selfCalls atomic.Int64
	c := m.Changes().SubscribeURL(urls[0], PartitionKey{}, func(Change) {
		if selfCalls.Add(1) == 5 {
			if f := selfCancel.Load(); f != nil {
				(*f)()
			}
		}
	})
	selfCancel.Store(&c)

	const workers, sets = 4, 400
	stressWithTimeout(t, 30*time.Second, uniq.Load, func() {
		var wg sync.WaitGroup
		for g := range workers {
			wg.Go(func() {
				rng := rand.New(rand.NewSource(int64(g) + 1))
				for i := range sets {
					u := urls[rng.Intn(len(urls))]
					if v, ok := set(u, fmt.Sprintf("w%d_%d", g, i%10)); ok {
						setMu.Lock()
						setVals = append(setVals, v)
						setMu.Unlock()
					}
					if rng.Intn(4) == 0 {
						if _, err := m.CookieHeader(ctx, u, opts); err != nil {
							errs.Add(1)
						}
					}
				}
			})
		}
		wg.Wait()
	})

	all, err := m.AllCookies(ctx)
	require.NoError(t, err)
	cancel1()
	cancel2()
	cancelR()
	c()

	assert.Zero(t, errs.Load(), "calls that returned an error")
	assert.Zero(t, overlap.Load(), "the re-entrant callback ran twice at once")
	var undelivered []string
	for _, v := range setVals {
		if r1.insertions(v) != 1 {
			undelivered = append(undelivered, v)
		}
	}
	assert.Empty(t, undelivered, "worker sets whose insertion was not delivered once by the time the writers returned")
	assert.EqualValues(t, 5, selfCalls.Load(), "a callback that cancels its own subscription is not called again")
	assert.Zero(t, nestedCalls.Load(), "a subscription cancelled at once gets nothing")

	ch1, ch2 := r1.snapshot(), r2.snapshot()
	ins := 0
	for _, ch := range ch1 {
		if ch.Cause == CauseInserted {
			ins++
		}
	}
	assert.EqualValues(t, stored.Load(), ins, "one insertion event per stored cookie")
	assert.EqualValues(t, workers*sets*3, stored.Load(), "every worker set stored, and two nested sets per worker set")
	for v, n := range r1.inserted {
		if n != 1 {
			t.Errorf("value %s inserted %d times", v, n)
		}
	}
	require.Equal(t, len(ch1), len(ch2), "both recorders get every change")
	for i := range ch1 {
		if stressID(&ch1[i].Cookie) != stressID(&ch2[i].Cookie) || ch1[i].Cause != ch2[i].Cause {
			t.Fatalf("change %d differs between recorders: %s %s vs %s %s", i,
				ch1[i].Cause, stressID(&ch1[i].Cookie), ch2[i].Cause, stressID(&ch2[i].Cookie))
		}
	}
	replayed, problems := replayStressChanges(ch1)
	for i, p := range problems {
		if i == 10 {
			break
		}
		t.Error(p)
	}
	assert.Equal(t, stressIDs(all), replayed, "replaying the events must give the final store")
	t.Logf("%d changes, %d cookies at the end", len(ch1), len(all))
}

// ---- known bugs ----

// stressRecover runs fn and returns what it panicked with, if anything.
func stressRecover(fn func()) (panicked any) {
	defer func() { panicked = recover() }()
	fn()
	return nil
}

// TestGCWithExpiredCookies: eviction of a key (unpartitioned, or of one
// partition) that holds an expired cookie deletes the expired cookies and
// keeps the rest. Regression test: removeExpiredLocked used to range over
// the store's own slice while removeLocked shifted it, and dereferenced the
// nil slot left at its end (a panic with m.mu held) — fixed in c32993d.
func TestGCWithExpiredCookies(t *testing.T) {
	ctx := context.Background()
	u := mustURL(t, "https://www.example.com/")
	t.Run("per-key", func(t *testing.T) {
		now := t0
		m, err := New(Config{Now: func() time.Time { return now }, Limits: Limits{MaxCookiesPerKey: 4}})
		require.NoError(t, err)
		o := NavigationOptions()
		for _, line := range []string{"e0=1; Max-Age=1", "n1=1", "n2=1", "n3=1"} {
			res, err := m.SetCookieLine(ctx, u, line, o)
			require.NoError(t, err)
			require.True(t, res.Status.IsInclude())
		}
		now = now.Add(2 * time.Second) // e0 has expired
		var res AccessResult
		p := stressRecover(func() { res, err = m.SetCookieLine(ctx, u, "n4=1", o) })
		require.Nil(t, p, "SetCookieLine panicked")
		require.NoError(t, err)
		assert.True(t, res.Status.IsInclude())
		all, err := m.AllCookies(ctx)
		require.NoError(t, err)
		var names []string
		for _, c := range all {
			names = append(names, c.Name)
		}
		// 4 live cookies (n1..n4) after the expired one went: no eviction.
		assert.ElementsMatch(t, []string{"n1", "n2", "n3", "n4"}, names)
	})
	t.Run("partitioned", func(t *testing.T) {
		now := t0
		m, err := New(Config{Now: func() time.Time { return now }, Limits: Limits{MaxPartitionCookiesPerKey: 4}})
		require.NoError(t, err)
		pk, err := NewPartitionKey(mustURL(t, "https://top.com/"), true)
		require.NoError(t, err)
		o := NavigationOptions()
		o.Partition = pk
		for _, line := range []string{"e0=1; Max-Age=1", "n1=1", "n2=1", "n3=1"} {
			res, err := m.SetCookieLine(ctx, u, line+"; Secure; Partitioned", o)
			require.NoError(t, err)
			require.True(t, res.Status.IsInclude())
		}
		now = now.Add(2 * time.Second)
		p := stressRecover(func() { _, err = m.SetCookieLine(ctx, u, "n4=1; Secure; Partitioned", o) })
		require.Nil(t, p, "SetCookieLine panicked")
		require.NoError(t, err)
	})
}

// TestChangeCallbackAfterCancel: ChangeDispatcher documents that once
// cancel returns, fn is not started again. cancel does not wait for a call
// started before it returned, so that one call may still see the flag set
// after cancel returned; a second one would have started after. The window
// is narrow, so this test loops for up to two seconds.
func TestChangeCallbackAfterCancel(t *testing.T) {
	m, err := New(Config{})
	require.NoError(t, err)
	ctx := context.Background()
	u := mustURL(t, "https://www.example.com/")
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for g := range 2 {
		wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				_, _ = m.SetCookieLine(ctx, u, fmt.Sprintf("a%d=%d", g, i), NavigationOptions())
			}
		})
	}
	var late atomic.Int64
	deadline := time.Now().Add(2 * time.Second)
	rounds := 0
	for ; time.Now().Before(deadline) && late.Load() == 0; rounds++ {
		var cancelled atomic.Bool
		var seen atomic.Int64 // calls that saw cancelled set
		cancel := m.Changes().SubscribeURL(u, PartitionKey{}, func(Change) {
			if cancelled.Load() && seen.Add(1) > 1 {
				late.Add(1)
			}
		})
		time.Sleep(50 * time.Microsecond)
		cancel()
		cancelled.Store(true)
	}
	close(stop)
	wg.Wait()
	assert.Zero(t, late.Load(), "callback calls that began after cancel returned (%d rounds)", rounds)
}

// TestGetKeyChromiumExamples: the storage keys of cookie_monster_perftest
// and spec §3: "www.Domain_1.com" → "domain_1.com", "a0001.izzle" → itself.
//
// BUG (internal/host.Key, used by keyOf and Monster.key): it does not
// lower-case, so "www.Domain_1.com" keys to "Domain_1.com" where Chromium's
// GetKey gives "domain_1.com". Every caller but one passes a canonical
// (lower-case) domain. The exception is a cookie loaded from a
// PersistentStore without validation (MemoryStore keeps what it is given):
// domain "www.Example.com" is filed under "Example.com", is listed by
// AllCookies, but is never sent to https://www.example.com/ and is not
// returned by LoadKey("example.com").
func TestGetKeyChromiumExamples(t *testing.T) {
	assert.Equal(t, "a0001.izzle", keyOf(nil, "a0001.izzle"))
	assert.Equal(t, "foo.com", keyOf(nil, "www.foo.com"))
	assert.Equal(t, "foo.com", keyOf(nil, ".foo.com"))
	assert.Equal(t, "domain_1.com", keyOf(nil, "www.Domain_1.com"))

	// A stored cookie whose domain is not canonical is dropped at load
	// (and from the store), never filed under a wrong key.
	ctx := context.Background()
	store := NewMemoryStore(nil, &CanonicalCookie{Name: "b", Value: "1", Domain: "www.Example.com", Path: "/", Creation: t0})
	m, err := New(Config{Store: store})
	require.NoError(t, err)
	all, err := m.AllCookies(ctx)
	require.NoError(t, err)
	assert.Empty(t, all)
	assert.Empty(t, store.Cookies())
}
