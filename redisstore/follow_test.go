package redisstore

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/url"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cookiemonster-go/cookiemonster"
)

// worker is one member of a test fleet: a Monster on a Store of its own,
// with a client of its own, and the changes its subscribers got.
type worker struct {
	name    string
	client  *redis.Client
	store   *Store
	m       *cookiemonster.Monster
	mu      sync.Mutex
	changes []cookiemonster.Change
	errs    []error
}

// newWorker attaches a new worker to jar on the server at addr.
func newWorker(t testing.TB, name, addr, jar string, cfg cookiemonster.Config) *worker {
	t.Helper()
	return newWorkerWith(t, name, addr, cfg, Options{Jar: jar})
}

// newWorkerWith is newWorker with store options and client hooks.
func newWorkerWith(t testing.TB, name, addr string, cfg cookiemonster.Config, opts Options, hooks ...redis.Hook) *worker {
	t.Helper()
	w := &worker{name: name, client: redis.NewClient(&redis.Options{Addr: addr})}
	for _, h := range hooks {
		w.client.AddHook(h)
	}
	t.Cleanup(func() { _ = w.client.Close() })
	opts.Client = w.client
	opts.OnError = func(err error) {
		w.mu.Lock()
		w.errs = append(w.errs, err)
		w.mu.Unlock()
	}
	s, err := Open(opts)
	require.NoError(t, err)
	w.store = s
	cfg.Store = s
	w.m, err = cookiemonster.New(cfg)
	require.NoError(t, err)
	w.m.Changes().SubscribeAll(func(c cookiemonster.Change) {
		w.mu.Lock()
		w.changes = append(w.changes, c)
		w.mu.Unlock()
	})
	t.Cleanup(func() { _ = w.m.Close() })
	return w
}

// took returns and forgets the changes the worker's subscribers got.
func (w *worker) took() []cookiemonster.Change {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := w.changes
	w.changes = nil
	return out
}

// settle waits until every worker's writes are in Redis and every worker
// has applied the whole log, repeatedly, until a round changes nothing:
// applying a change can make a worker write (a conflict settled, an
// eviction).
func settle(t testing.TB, ws ...*worker) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	prev := ""
	for {
		for _, w := range ws {
			// A Flush reports errors since the last one: after a fault,
			// the first may report it.
			if err := w.m.Flush(ctx); err != nil {
				require.NoError(t, w.m.Flush(ctx), w.name)
			}
		}
		for _, w := range ws {
			require.NoError(t, w.store.CatchUp(ctx), w.name)
		}
		end, err := ws[0].store.logEnd(ctx)
		require.NoError(t, err)
		if end.id == prev {
			return
		}
		prev = end.id
	}
}

// short describes a cookie by what tells cookies apart in these tests.
func short(c *cookiemonster.CanonicalCookie) string {
	return fmt.Sprintf("%s=%s %s%s", c.Name, c.Value, c.Domain, c.Path)
}

// dump describes cookies with all their fields, one per line, sorted:
// workers may list cookies created in the same microsecond in other
// orders.
func dump(cs []*cookiemonster.CanonicalCookie) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = fmt.Sprintf("%+v", *c)
	}
	slices.Sort(out)
	return out
}

// changeList describes changes as "cause remote? cookie".
func changeList(cs []cookiemonster.Change) []string {
	var out []string
	for _, c := range cs {
		r := "local"
		if c.Remote {
			r = "remote"
		}
		out = append(out, fmt.Sprintf("%s %s %s", c.Cause, r, short(&c.Cookie)))
	}
	return out
}

func mustURL(t testing.TB, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	require.NoError(t, err)
	return u
}

var httpAccess = cookiemonster.Options{IncludeHTTPOnly: true, SameSite: cookiemonster.MakeSameSiteContext(cookiemonster.ContextStrict)}

// TestPropagation: what one worker does, the other sees, with the
// original cause and marked remote: an insert, an overwrite, a deletion, an
// expired overwrite, an eviction.
func TestPropagation(t *testing.T) {
	client(t)
	ctx := context.Background()
	jar := newJar(t)
	limits := cookiemonster.Limits{MaxCookiesPerKey: 4, PurgeCookiesPerKeyTo: 3}
	a := newWorker(t, "a", testRedis.addr, jar, cookiemonster.Config{Limits: limits})
	b := newWorker(t, "b", testRedis.addr, jar, cookiemonster.Config{Limits: limits})
	u := mustURL(t, "https://www.example.com/")
	set := func(line string) {
		t.Helper()
		res, err := a.m.SetCookieLine(ctx, u, line, httpAccess)
		require.NoError(t, err)
		require.True(t, res.Status.IsInclude(), line)
	}
	steps := []struct {
		name string
		do   func()
		want []string
	}{
		{"insert", func() { set("sid=1; Max-Age=3600") },
			[]string{"Inserted remote sid=1 www.example.com/"}},
		{"overwrite", func() { set("sid=2; Max-Age=3600") },
			[]string{"Overwrite remote sid=1 www.example.com/", "Inserted remote sid=2 www.example.com/"}},
		{"delete", func() {
			n, err := a.m.Remove(ctx, u, "sid", cookiemonster.PartitionKey{})
			require.NoError(t, err)
			require.Len(t, n, 1)
		}, []string{"Explicit remote sid=2 www.example.com/"}},
		{"expired overwrite", func() { set("x=1; Max-Age=3600"); set("x=gone; Max-Age=0") },
			[]string{"Inserted remote x=1 www.example.com/", "ExpiredOverwrite remote x=1 www.example.com/"}},
		{"eviction", func() {
			for i := range 5 {
				set(fmt.Sprintf("e%d=%d; Max-Age=3600", i, i))
			}
		}, []string{
			"Inserted remote e0=0 www.example.com/", "Inserted remote e1=1 www.example.com/",
			"Inserted remote e2=2 www.example.com/", "Inserted remote e3=3 www.example.com/",
			"Inserted remote e4=4 www.example.com/",
			"Evicted remote e0=0 www.example.com/", "Evicted remote e1=1 www.example.com/",
		}},
	}
	settle(t, a, b)
	a.took()
	b.took()
	for _, st := range steps {
		st.do()
		settle(t, a, b)
		assert.Equal(t, st.want, changeList(b.took()), st.name)
		got, err := b.m.AllCookies(ctx)
		require.NoError(t, err)
		want, err := a.m.AllCookies(ctx)
		require.NoError(t, err)
		assert.Equal(t, want, got, st.name)
	}
	for _, w := range []*worker{a, b} {
		w.mu.Lock()
		assert.Empty(t, w.errs, w.name)
		w.mu.Unlock()
	}
}

// TestConvergence: four workers, each with its own connections, run 20 000
// random operations (set, overwrite, delete, expire, read) on the 50 sites
// of one jar at once. After quiescence every worker holds the same cookies,
// and so does a worker that loads the jar afresh.
func TestConvergence(t *testing.T) {
	client(t)
	const workers, opsPerWorker, sites = 4, 5000, 50
	ctx := context.Background()
	jar := newJar(t)
	ws := make([]*worker, workers)
	for i := range ws {
		ws[i] = newWorker(t, fmt.Sprintf("w%d", i), testRedis.addr, jar, cookiemonster.Config{})
	}
	var wg sync.WaitGroup
	for i, w := range ws {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(i), 42))
			for n := range opsPerWorker {
				site := rng.IntN(sites)
				scheme := "https"
				if rng.IntN(5) == 0 {
					scheme = "http"
				}
				u := mustURL(t, fmt.Sprintf("%s://www.site%d.example/", scheme, site))
				name := string(rune('a' + rng.IntN(5)))
				attrs := []string{"", "; Path=/p", "; Domain=site" + fmt.Sprint(site) + ".example"}[rng.IntN(3)]
				if scheme == "https" && rng.IntN(2) == 0 {
					attrs += "; Secure"
				}
				var err error
				switch op := rng.IntN(20); {
				case op < 10: // set or overwrite
					_, err = w.m.SetCookieLine(ctx, u, fmt.Sprintf("%s=%s-%d%s; Max-Age=3600", name, w.name, n, attrs), httpAccess)
				case op < 13: // delete
					_, err = w.m.Remove(ctx, u, name, cookiemonster.PartitionKey{})
				case op < 16: // expire at once
					_, err = w.m.SetCookieLine(ctx, u, fmt.Sprintf("%s=x%s; Max-Age=0", name, attrs), httpAccess)
				case op < 17: // expire soon
					_, err = w.m.SetCookieLine(ctx, u, fmt.Sprintf("%s=s-%s-%d%s; Max-Age=1", name, w.name, n, attrs), httpAccess)
				default:
					_, _, err = w.m.Cookies(ctx, u, httpAccess)
				}
				if err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	settle(t, ws...)
	// Let the short-lived cookies expire, have every worker see it, and
	// settle again.
	time.Sleep(1100 * time.Millisecond)
	for _, w := range ws {
		_, err := w.m.AllCookies(ctx)
		require.NoError(t, err)
	}
	settle(t, ws...)

	want, err := ws[0].m.AllCookies(ctx)
	require.NoError(t, err)
	require.NotEmpty(t, want)
	for _, w := range ws[1:] {
		got, err := w.m.AllCookies(ctx)
		require.NoError(t, err)
		require.Equal(t, dump(want), dump(got), "%s and %s differ", ws[0].name, w.name)
	}
	fresh := newWorker(t, "fresh", testRedis.addr, jar, cookiemonster.Config{})
	got, err := fresh.m.AllCookies(ctx)
	require.NoError(t, err)
	require.Equal(t, dump(want), dump(got), "a fresh worker loads something else")
	// No two equivalent cookies survive.
	seen := map[string]string{}
	for _, c := range want {
		k := c.Name + "|" + c.Domain + "|" + c.Path
		require.NotContains(t, seen, k, "%s and %s are equivalent", seen[k], short(c))
		seen[k] = short(c)
	}
	for _, w := range append(ws, fresh) {
		w.mu.Lock()
		assert.Empty(t, w.errs, w.name)
		w.mu.Unlock()
	}
	t.Logf("%d cookies survive", len(want))
}

// readGate holds a client's reads of the log (XREAD) while closed, so that
// a test decides what a worker has seen.
type readGate struct {
	mu     sync.Mutex
	closed chan struct{} // nil: open
}

func (g *readGate) DialHook(next redis.DialHook) redis.DialHook { return next }

func (g *readGate) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return next
}

func (g *readGate) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		if cmd.Name() == "xread" {
			g.mu.Lock()
			ch := g.closed
			g.mu.Unlock()
			if ch != nil {
				select {
				case <-ch:
				case <-ctx.Done():
					return ctx.Err()
				}
			}
		}
		return next(ctx, cmd)
	}
}

// close holds the reads to come, and waits out a read under way.
func (g *readGate) close() {
	g.mu.Lock()
	g.closed = make(chan struct{})
	g.mu.Unlock()
	time.Sleep(tailBlock + 100*time.Millisecond)
}

func (g *readGate) open() {
	g.mu.Lock()
	if g.closed != nil {
		close(g.closed)
		g.closed = nil
	}
	g.mu.Unlock()
}

// gatedWorker is newWorker with a readGate on its client.
func gatedWorker(t *testing.T, name, jar string, opts Options) (*worker, *readGate) {
	t.Helper()
	g := &readGate{}
	t.Cleanup(g.open) // before the client closes
	opts.Jar = jar
	return newWorkerWith(t, name, testRedis.addr, cookiemonster.Config{}, opts, g), g
}

// setLine sets line from u on w and reports whether it was included.
func setLine(t *testing.T, w *worker, u, line string) bool {
	t.Helper()
	res, err := w.m.SetCookieLine(context.Background(), mustURL(t, u), line, httpAccess)
	require.NoError(t, err)
	return res.Status.IsInclude()
}

// all describes a worker's cookies, sorted: workers may list cookies
// created in the same microsecond in other orders.
func all(t *testing.T, w *worker) []string {
	t.Helper()
	cs, err := w.m.AllCookies(context.Background())
	require.NoError(t, err)
	var out []string
	for _, c := range cs {
		out = append(out, short(c)+" "+c.SourceScheme.String())
	}
	slices.Sort(out)
	return out
}

// TestRaces: two workers write the same cookie, or cookies that exclude
// each other, without seeing each other's writes (the second worker's
// reads of the log are held); once they do, both hold the same cookies,
// by the documented order.
func TestRaces(t *testing.T) {
	client(t)
	const www, insecure = "https://www.example.com/", "http://www.example.com/"
	cases := []struct {
		name string
		// before is set by a and seen by both; then a does first, b (not
		// seeing it) does second.
		before, first, second func(t *testing.T, a, b *worker)
		want                  []string
		wantB                 []string // b's changes after it sees a's
	}{{
		name:   "a deletion removes only the cookie it saw",
		before: func(t *testing.T, a, b *worker) { require.True(t, setLine(t, a, www, "x=1; Max-Age=3600")) },
		first:  func(t *testing.T, a, b *worker) { require.True(t, setLine(t, a, www, "x=2; Max-Age=3600")) },
		second: func(t *testing.T, a, b *worker) {
			n, err := b.m.Remove(context.Background(), mustURL(t, www), "x", cookiemonster.PartitionKey{})
			require.NoError(t, err)
			require.Len(t, n, 1)
		},
		want:  []string{"x=2 www.example.com/ Secure"},
		wantB: []string{"Inserted remote x=2 www.example.com/"},
	}, {
		name:   "the later of two writes wins",
		first:  func(t *testing.T, a, b *worker) { require.True(t, setLine(t, a, www, "x=a; Max-Age=3600")) },
		second: func(t *testing.T, a, b *worker) { require.True(t, setLine(t, b, www, "x=b; Max-Age=3600")) },
		want:   []string{"x=b www.example.com/ Secure"},
		wantB:  nil, // a's older write never reaches b's memory
	}, {
		name:   "a write from another scheme replaces the equivalent cookie",
		first:  func(t *testing.T, a, b *worker) { require.True(t, setLine(t, a, www, "x=a; Max-Age=3600")) },
		second: func(t *testing.T, a, b *worker) { require.True(t, setLine(t, b, insecure, "x=b; Max-Age=3600")) },
		want:   []string{"x=b www.example.com/ NonSecure"},
		wantB:  nil,
	}, {
		name:  "Leave Secure Cookies Alone: a later insecure cookie under a Secure one goes",
		first: func(t *testing.T, a, b *worker) { require.True(t, setLine(t, a, www, "x=s; Secure; Max-Age=3600")) },
		second: func(t *testing.T, a, b *worker) {
			require.True(t, setLine(t, b, insecure, "x=i; Path=/a; Max-Age=3600"))
		},
		want:  []string{"x=s www.example.com/ Secure"},
		wantB: []string{"Overwrite local x=i www.example.com/a", "Inserted remote x=s www.example.com/"},
	}, {
		name: "Leave Secure Cookies Alone: an earlier insecure cookie stays",
		first: func(t *testing.T, a, b *worker) {
			require.True(t, setLine(t, a, insecure, "x=i; Path=/a; Max-Age=3600"))
		},
		second: func(t *testing.T, a, b *worker) { require.True(t, setLine(t, b, www, "x=s; Secure; Max-Age=3600")) },
		want:   []string{"x=i www.example.com/a NonSecure", "x=s www.example.com/ Secure"},
		wantB:  []string{"Inserted remote x=i www.example.com/a"},
	}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			jar := newJar(t)
			a := newWorker(t, "a", testRedis.addr, jar, cookiemonster.Config{})
			b, gate := gatedWorker(t, "b", jar, Options{})
			if tc.before != nil {
				tc.before(t, a, b)
			}
			settle(t, a, b)
			b.took()
			gate.close()
			tc.first(t, a, b)
			require.NoError(t, a.m.Flush(t.Context()))
			tc.second(t, a, b)
			require.NoError(t, b.m.Flush(t.Context()))
			b.took()
			gate.open()
			settle(t, a, b)
			assert.Equal(t, tc.want, all(t, a), "a")
			assert.Equal(t, tc.want, all(t, b), "b")
			assert.Equal(t, tc.wantB, changeList(b.took()), "b's changes")
			fresh := newWorker(t, "fresh", testRedis.addr, jar, cookiemonster.Config{})
			assert.Equal(t, tc.want, all(t, fresh), "a fresh worker")
		})
	}
}

// TestTrimmedLog: a worker that was away for more changes than the jar's
// log keeps reloads the jar. A cookie deleted meanwhile stays deleted (no
// resurrection from its memory) and it gets everything else.
func TestTrimmedLog(t *testing.T) {
	client(t)
	jar := newJar(t)
	a := newWorker(t, "a", testRedis.addr, jar, cookiemonster.Config{})
	b, gate := gatedWorker(t, "b", jar, Options{LogLength: 10})
	require.True(t, setLine(t, a, "https://www.example.com/", "x=1; Max-Age=3600"))
	settle(t, a, b)
	b.took()

	gate.close()
	n, err := a.m.Remove(context.Background(), mustURL(t, "https://www.example.com/"), "x", cookiemonster.PartitionKey{})
	require.NoError(t, err)
	require.Len(t, n, 1)
	// b's store trims the log to about 10 entries on its writes; a's keeps
	// 100 000: b writes once the log is long.
	var want []string
	for i := range 1000 {
		site := fmt.Sprintf("https://www.site%d.example/", i%10)
		require.True(t, setLine(t, a, site, fmt.Sprintf("k%03d=1; Max-Age=3600", i)))
	}
	require.NoError(t, a.m.Flush(t.Context()))
	require.True(t, setLine(t, b, "https://www.other.example/", "y=1; Max-Age=3600"))
	require.NoError(t, b.m.Flush(t.Context()))
	length, err := testRedisLen(t, b.store)
	require.NoError(t, err)
	require.Less(t, length, int64(1000), "the log was not trimmed")
	gate.open()
	settle(t, a, b)

	want = all(t, a)
	require.Len(t, want, 1001)
	assert.NotContains(t, want, "x=1 www.example.com/ Secure")
	assert.Equal(t, want, all(t, b), "b")
	fresh := newWorker(t, "fresh", testRedis.addr, jar, cookiemonster.Config{})
	assert.Equal(t, want, all(t, fresh), "a fresh worker")
	changes := changeList(b.took())
	assert.Contains(t, changes, "UnknownDeletion remote x=1 www.example.com/", "b learns of the deletion by reloading")
}

// testRedisLen returns the length of a store's log.
func testRedisLen(t *testing.T, s *Store) (int64, error) {
	return s.client.XLen(t.Context(), s.logKey()).Result()
}

// TestFleetLimits: three workers each set 150 cookies on one site at once,
// none above Chromium's 180 alone, 450 together. Within limitGrace of
// seeing the others', each evicts; after quiescence every worker, and a
// fresh one, hold the same cookies, within the limit.
func TestFleetLimits(t *testing.T) {
	client(t)
	jar := newJar(t)
	ws := make([]*worker, 3)
	for i := range ws {
		ws[i] = newWorker(t, fmt.Sprintf("w%d", i), testRedis.addr, jar, cookiemonster.Config{})
	}
	var wg sync.WaitGroup
	for i, w := range ws {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 150 {
				res, err := w.m.SetCookieLine(context.Background(), mustURL(t, "https://www.example.com/"),
					fmt.Sprintf("w%dc%03d=1; Max-Age=3600", i, j), httpAccess)
				if !assert.NoError(t, err) || !assert.True(t, res.Status.IsInclude()) {
					return
				}
			}
		}()
	}
	wg.Wait()
	settle(t, ws...)
	time.Sleep(limitGrace + 2*tailBlock)
	settle(t, ws...)
	want := all(t, ws[0])
	assert.LessOrEqual(t, len(want), 180, "above the per-site limit")
	assert.GreaterOrEqual(t, len(want), 100, "evicted far below Chromium's purge target (150)")
	for _, w := range ws[1:] {
		assert.Equal(t, want, all(t, w), w.name)
	}
	fresh := newWorker(t, "fresh", testRedis.addr, jar, cookiemonster.Config{})
	assert.Equal(t, want, all(t, fresh), "a fresh worker")
	t.Logf("%d cookies remain", len(want))
}

// TestAccessTimePropagates: a read that updates a cookie's last access
// (once a minute at most) reaches the other workers' memory and Redis; no
// change is delivered for it.
func TestAccessTimePropagates(t *testing.T) {
	clk, jar, a, b := clockedPair(t)
	require.True(t, setLine(t, a, "https://www.example.com/", "x=1; Max-Age=3600"))
	settle(t, a, b)
	b.took()
	clk.advance(2 * time.Minute)
	_, _, err := a.m.Cookies(context.Background(), mustURL(t, "https://www.example.com/"), httpAccess)
	require.NoError(t, err)
	settle(t, a, b)
	lastAccess := func(w *worker) time.Time {
		cs, err := w.m.AllCookies(context.Background())
		require.NoError(t, err)
		require.Len(t, cs, 1, w.name)
		return cs[0].LastAccess
	}
	want := clk.now()
	assert.Equal(t, want, lastAccess(a), "a")
	assert.Equal(t, want, lastAccess(b), "b")
	fresh := newWorker(t, "fresh", testRedis.addr, jar, cookiemonster.Config{Now: clk.now})
	assert.Equal(t, want, lastAccess(fresh), "a fresh worker")
	assert.Empty(t, b.took(), "b's changes")
}

// testClock is a clock the workers of a test share, which the test moves.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

// clockedPair returns a new jar and two workers of it, a and b, whose
// Monsters both read the time from the returned test clock.
func clockedPair(t *testing.T) (clk *testClock, jar string, a, b *worker) {
	t.Helper()
	client(t)
	clk = newTestClock()
	jar = newJar(t)
	a = newWorker(t, "a", testRedis.addr, jar, cookiemonster.Config{Now: clk.now})
	b = newWorker(t, "b", testRedis.addr, jar, cookiemonster.Config{Now: clk.now})
	return clk, jar, a, b
}

func newTestClock() *testClock { return &testClock{t: time.Now().UTC().Truncate(time.Second)} }

func (c *testClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}
