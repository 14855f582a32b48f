package cookiemonster

import (
	"context"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// modelSteps bounds a sequence: few enough cookies that no per-site,
// per-partition or global limit is reached, so the model needs no eviction.
const modelSteps = 64

// runModel runs the operations encoded in ops on a Monster and on the
// reference model, and fails at the first difference: a set accepted by
// one and refused by the other, a Cookie header, or the stored cookies
// after any step, or after a restart from what the Monster wrote to its
// store.
func runModel(t *testing.T, keys []PartitionKey, ops []byte) (st modelStats) {
	clk := newFakeClock(t0)
	store := NewMemoryStore(nil)
	m, err := New(Config{Now: clk.Now, Store: store, PersistSessionCookies: true})
	require.NoError(t, err)
	ref := &refModel{}
	r := &opBytes{b: ops}
	ctx := context.Background()
	var trail []string   // what ran, for the failure message
	var seen []modelRead // the URLs of earlier sets
	for step := 0; !r.done() && step < modelSteps; step++ {
		clk.Advance(time.Millisecond) // distinct creation times: a total header order
		now := clk.Now()
		switch k := r.next() % 8; {
		case k < 4:
			s := readSet(r)
			seen = append(seen, modelRead{secureURL: s.secureURL, host: s.host, path: s.path})
			res, err := m.SetCookieLine(ctx, mustURL(t, s.url()), s.line(), s.options(keys))
			require.NoError(t, err)
			why, want := ref.set(s, now)
			trail = append(trail, "set "+s.url()+" "+s.line()+" "+res.Status.String())
			if want {
				st.accepted++
			} else {
				st.refused++
			}
			if res.Status.IsInclude() != want || (!want && !res.Status.HasExclusion(why)) {
				t.Fatalf("set %s %q in %+v: store says %s, the model include=%v (%v)\n%s", s.url(), s.line(),
					s.options(keys), res.Status, want, why, strings.Join(trail, "\n"))
			}
		case k < 6:
			q := readRead(r, seen)
			inc, _, err := m.Cookies(ctx, mustURL(t, q.url()), q.options(keys))
			require.NoError(t, err)
			got := make([]modelCookie, len(inc))
			for i := range inc {
				got[i] = modelOf(&inc[i].Cookie, keys)
			}
			want := ref.get(q, now)
			if len(want) > 0 {
				st.sent++
			} else {
				st.empty++
			}
			trail = append(trail, "get "+q.url())
			if modelHeader(got) != modelHeader(want) {
				t.Fatalf("get %s in %+v: store sends %q, the model %q\nstore: %v\nmodel: %v\n%s", q.url(), q.options(keys),
					modelHeader(got), modelHeader(want), got, want, strings.Join(trail, "\n"))
			}
		case k == 6:
			d := modelAdvances[r.pick(len(modelAdvances))]
			clk.Advance(d)
			trail = append(trail, "advance "+d.String())
		default:
			trail = append(trail, runModelDelete(t, m, ref, r, keys))
		}
		compareStores(t, m, ref, keys, clk.Now(), trail)
	}
	// What the store was told survives a restart: a new Monster loading
	// it holds the model's cookies.
	require.NoError(t, m.Close())
	again, err := New(Config{Now: clk.Now, Store: NewMemoryStore(nil, store.Cookies()...), PersistSessionCookies: true})
	require.NoError(t, err)
	defer func() { require.NoError(t, again.Close()) }()
	compareStores(t, again, ref, keys, clk.Now(), append(trail, "restart"))
	return st
}

// modelStats counts what a sequence exercised.
type modelStats struct {
	accepted, refused int // sets
	sent, empty       int // reads with and without cookies
}

// runModelDelete deletes one stored cookie by value, or every session
// cookie, from both stores.
func runModelDelete(t *testing.T, m *Monster, ref *refModel, r *opBytes, keys []PartitionKey) string {
	ctx := context.Background()
	if r.next()%2 == 0 {
		n, err := m.DeleteSessionCookies(ctx)
		require.NoError(t, err)
		before := len(ref.cookies)
		ref.cookies = slices.DeleteFunc(ref.cookies, func(c modelCookie) bool { return c.expiry.IsZero() })
		require.Equal(t, before-len(ref.cookies), n, "session cookies deleted")
		return "delete session cookies"
	}
	all, err := m.AllCookies(ctx)
	require.NoError(t, err)
	if len(all) == 0 {
		return "delete: nothing stored"
	}
	c := all[r.pick(len(all))]
	n, err := m.DeleteCanonicalCookie(ctx, c)
	require.NoError(t, err)
	require.Equal(t, 1, n, "delete %s", c)
	mc := modelOf(c, keys)
	before := len(ref.cookies)
	ref.cookies = slices.DeleteFunc(ref.cookies, func(e modelCookie) bool { return modelKey(e) == modelKey(mc) })
	require.Equal(t, before-1, len(ref.cookies), "the model holds %s", mc)
	return "delete " + mc.String()
}

// compareStores fails if the Monster and the model do not hold the same
// cookies, field for field, or if the Monster's counts of its cookies and
// their bytes are not those of what it holds.
func compareStores(t *testing.T, m *Monster, ref *refModel, keys []PartitionKey, now time.Time, trail []string) {
	t.Helper()
	all, err := m.AllCookies(context.Background())
	require.NoError(t, err)
	// The counters the limits and the cap read match what is stored.
	var size int64
	for _, c := range all {
		size += cookieSize(c)
	}
	m.mu.Lock()
	counted, bytes := m.numCookies+m.numParted, m.numBytes
	m.mu.Unlock()
	if counted != len(all) || bytes != size {
		t.Fatalf("counted %d cookies of %d bytes, %d stored of %d bytes\n%s", counted, bytes, len(all), size, strings.Join(trail, "\n"))
	}
	ref.expire(now)
	got := make([]modelCookie, len(all))
	for i, c := range all {
		got[i] = modelOf(c, keys)
	}
	want := slices.Clone(ref.cookies)
	byKey := func(a, b modelCookie) int { return strings.Compare(modelKey(a), modelKey(b)) }
	slices.SortFunc(got, byKey)
	slices.SortFunc(want, byKey)
	if !slices.Equal(got, want) {
		t.Fatalf("stored cookies differ\nstore: %v\nmodel: %v\n%s", got, want, strings.Join(trail, "\n"))
	}
}

// modelSeeds are fixed pseudo-random operation sequences.
func modelSeeds(n, size int) [][]byte {
	rng := rand.New(rand.NewPCG(17, 6265))
	seeds := make([][]byte, n)
	for i := range seeds {
		seeds[i] = make([]byte, size)
		for j := range seeds[i] {
			seeds[i][j] = byte(rng.Uint32())
		}
	}
	return seeds
}

// FuzzMonsterModel checks the Monster against the reference model on
// random sequences of sets, reads, clock steps and deletions.
func FuzzMonsterModel(f *testing.F) {
	for _, s := range modelSeeds(16, 200) {
		f.Add(s)
	}
	keys := modelPartitions(f)
	f.Fuzz(func(t *testing.T, ops []byte) { runModel(t, keys, ops) })
}

// TestMonsterModel runs many fixed pseudo-random sequences through the
// model comparison, so that every test run covers more than the seeds.
func TestMonsterModel(t *testing.T) {
	n := 1000
	if testing.Short() {
		n = 100
	}
	keys := modelPartitions(t)
	var total modelStats
	for i, ops := range modelSeeds(n, 300) {
		t.Run("", func(t *testing.T) {
			defer func() {
				if t.Failed() {
					t.Logf("sequence %d", i)
				}
			}()
			st := runModel(t, keys, ops)
			total.accepted += st.accepted
			total.refused += st.refused
			total.sent += st.sent
			total.empty += st.empty
		})
	}
	t.Logf("%+v", total)
	// The universe is drawn so that every outcome is common: a sequence
	// set that rarely stores or reads that rarely send would prove little.
	require.Greater(t, total.accepted, n, "sets accepted")
	require.Greater(t, total.refused, n, "sets refused")
	require.Greater(t, total.sent, n, "reads that send cookies")
	require.Greater(t, total.empty, n, "reads that send none")
}
