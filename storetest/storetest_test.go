package storetest_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/cookiemonster-go/cookiemonster"
	"github.com/cookiemonster-go/cookiemonster/storetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type C = cookiemonster.CanonicalCookie

// allRules lists every rule, in the suite's order.
var allRules = []storetest.Rule{
	storetest.RoundTrip, storetest.UniqueKey, storetest.Delete, storetest.Replace, storetest.UpdateAccessTime,
	storetest.Copies, storetest.DeliverOnce, storetest.PriorityLoad, storetest.FlushErrors, storetest.CloseFlushes,
	storetest.Closed, storetest.Concurrency, storetest.WritesDoNotBlock,
}

// broken returns the rules err breaks.
func broken(err error) []storetest.Rule {
	var out []storetest.Rule
	for _, r := range allRules {
		if errors.Is(err, r) {
			out = append(out, r)
		}
	}
	return out
}

// memoryBacking is the backing of stores opened on it: what the last one
// held when it was closed. A commit to it fails while it is broken and
// waits while it is stalled.
type memoryBacking struct {
	mu      sync.Mutex
	saved   []*C
	broken  bool
	stalled chan struct{} // closed when released
}

func (b *memoryBacking) load() []*C {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.saved
}

func (b *memoryBacking) save(cs []*C) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.saved = cs
}

var errBroken = errors.New("the backing is broken")

// commit waits while the backing is stalled and fails while it is broken.
func (b *memoryBacking) commit(ctx context.Context) error {
	b.mu.Lock()
	gate := b.stalled
	b.mu.Unlock()
	if gate != nil {
		select {
		case <-gate:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.broken {
		return errBroken
	}
	return nil
}

func (b *memoryBacking) breakIt() (func() error, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.broken = true
	return func() error {
		b.mu.Lock()
		defer b.mu.Unlock()
		b.broken = false
		return nil
	}, nil
}

func (b *memoryBacking) stall() (func() error, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	gate := make(chan struct{})
	b.stalled = gate
	return func() error {
		b.mu.Lock()
		defer b.mu.Unlock()
		b.stalled = nil
		close(gate)
		return nil
	}, nil
}

// savingStore is a MemoryStore that saves its cookies to its backing when
// it is closed.
type savingStore struct {
	*cookiemonster.MemoryStore
	b *memoryBacking
}

func (s *savingStore) Close() error {
	err := s.MemoryStore.Close()
	s.b.save(s.Cookies())
	return err
}

// memoryConfig says how memoryOpener opens stores.
type memoryConfig struct {
	psl    cookiemonster.PublicSuffixList
	faults bool // the Backing has Break and Stall
	wrap   func(*savingStore) cookiemonster.PersistentStore
}

// memoryOpener opens MemoryStores with cfg.psl, each starting with what
// the previous one held, through cfg.wrap (nil: none).
func memoryOpener(cfg memoryConfig) storetest.Opener {
	return func() (*storetest.Backing, error) {
		b := &memoryBacking{}
		backing := &storetest.Backing{
			SessionCookies: true,
			Open: func() (cookiemonster.PersistentStore, error) {
				s := &savingStore{MemoryStore: cookiemonster.NewMemoryStore(cfg.psl, b.load()...), b: b}
				if cfg.wrap == nil {
					return s, nil
				}
				return cfg.wrap(s), nil
			},
		}
		if cfg.faults {
			backing.Break, backing.Stall = b.breakIt, b.stall
		}
		return backing, nil
	}
}

// committingStore commits to its backing when flushed, and reports what
// that commit returns.
type committingStore struct{ *savingStore }

func (s committingStore) Flush(ctx context.Context) error {
	if err := s.savingStore.Flush(ctx); err != nil {
		return err
	}
	return s.b.commit(ctx)
}

// swallowingStore does not report the errors of its commits.
type swallowingStore struct{ *savingStore }

func (s swallowingStore) Flush(ctx context.Context) error {
	if err := s.savingStore.Flush(ctx); err != nil {
		return err
	}
	_ = s.b.commit(ctx)
	return nil
}

// lockingStore holds its lock while it commits, so that its writes wait
// for a stalled commit.
type lockingStore struct {
	*savingStore
	mu *sync.Mutex
}

func newLockingStore(s *savingStore) cookiemonster.PersistentStore {
	return lockingStore{savingStore: s, mu: new(sync.Mutex)}
}

func (s lockingStore) Flush(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.savingStore.Flush(ctx); err != nil {
		return err
	}
	return s.b.commit(ctx)
}

func (s lockingStore) Add(c *C) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.savingStore.Add(c)
}

func (s lockingStore) UpdateAccessTime(c *C) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.savingStore.UpdateAccessTime(c)
}

func (s lockingStore) Delete(c *C) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.savingStore.Delete(c)
}

func TestMemoryStore(t *testing.T) {
	storetest.Run(t, memoryOpener(memoryConfig{}))
}

// redeliverStore's Load also returns what LoadKey returned.
type redeliverStore struct {
	*savingStore
	mu   sync.Mutex
	sent []*C
}

func (s *redeliverStore) LoadKey(ctx context.Context, key string) ([]*C, error) {
	cs, err := s.savingStore.LoadKey(ctx, key)
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range cs {
		cp := *c
		s.sent = append(s.sent, &cp)
	}
	return cs, err
}

func (s *redeliverStore) Load(ctx context.Context) ([]*C, error) {
	cs, err := s.savingStore.Load(ctx)
	s.mu.Lock()
	defer s.mu.Unlock()
	return append(cs, s.sent...), err
}

// pointerStore keeps the cookies passed to Add themselves, and writes
// them to its backing when it is closed.
type pointerStore struct {
	*savingStore
	mu     sync.Mutex
	held   map[cookiemonster.UniqueKey]*C
	closed bool
}

func newPointerStore(s *savingStore) cookiemonster.PersistentStore {
	p := &pointerStore{savingStore: s, held: make(map[cookiemonster.UniqueKey]*C)}
	for _, c := range s.Cookies() {
		p.held[c.UniqueKey()] = c
	}
	return p
}

func (s *pointerStore) Add(c *C) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.closed {
		s.held[c.UniqueKey()] = c
	}
}

func (s *pointerStore) UpdateAccessTime(c *C) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if h := s.held[c.UniqueKey()]; h != nil && !s.closed {
		h.LastAccess = c.LastAccess
	}
}

func (s *pointerStore) Delete(c *C) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.closed {
		delete(s.held, c.UniqueKey())
	}
}

func (s *pointerStore) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	var out []*C
	for _, c := range s.held {
		cp := *c
		out = append(out, &cp)
	}
	err := s.MemoryStore.Close()
	s.b.save(out)
	return err
}

// bitlessStore forgets the cross-site-ancestor bit of partitions, as a
// store without a column for it would.
type bitlessStore struct{ *savingStore }

func (s bitlessStore) Add(c *C) {
	cp := *c
	if c.IsPartitioned() {
		k, err := cookiemonster.NewPartitionKeyFromSite(c.Partition.Site(), false)
		if err == nil {
			cp.Partition = k
		}
	}
	s.savingStore.Add(&cp)
}

// lastLabel is a public suffix list whose suffix is the last label of a
// name: it makes a store key "www.example.co.uk" as "co.uk".
type lastLabel struct{}

func (lastLabel) PublicSuffix(domain string) string {
	return domain[strings.LastIndexByte(domain, '.')+1:]
}
func (lastLabel) String() string { return "the last label" }

// openClosedStore's Load, LoadKey and Flush fail after Close with an
// error of its own.
type openClosedStore struct {
	*savingStore
	mu     sync.Mutex
	closed bool
}

var errShut = errors.New("shut")

func (s *openClosedStore) isClosed() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closed
}

func (s *openClosedStore) Load(ctx context.Context) ([]*C, error) {
	if s.isClosed() {
		return nil, errShut
	}
	return s.savingStore.Load(ctx)
}

func (s *openClosedStore) LoadKey(ctx context.Context, key string) ([]*C, error) {
	if s.isClosed() {
		return nil, errShut
	}
	return s.savingStore.LoadKey(ctx, key)
}

func (s *openClosedStore) Flush(ctx context.Context) error {
	if s.isClosed() {
		return errShut
	}
	return s.savingStore.Flush(ctx)
}

func (s *openClosedStore) Close() error {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	return s.savingStore.Close()
}

// redeliveredTwice lists the violations of Concurrency by a store whose
// Load returns again what LoadKey returned, for the sites from..to-1 of
// the rule's eight. LoadKey of the first four runs before Load; of the
// others, at the same time.
func redeliveredTwice(from, to int) []string {
	var out []string
	for w := from; w < to; w++ {
		site := fmt.Sprintf("site%d.com", w)
		for i, c := range []struct{ name, domain, path string }{{"old1", "www." + site, "/"}, {"old2", "." + site, "/"}, {"old3", site, "/x"}} {
			out = append(out, fmt.Sprintf(`storetest: Concurrency: the loads, together: cookie %q="v%d" (domain %q, path %q, source Secure port 443) returned 2 times`,
				c.name, w*10+i+1, c.domain, c.path))
		}
	}
	return out
}

func TestBrokenStoresFail(t *testing.T) {
	const (
		chips8    = `cookie "chips"="v8" (domain "shop.example.net", path "/", partition https://top-site.com (same-site), source Secure port 443)`
		chips8as9 = `Value "v9", want "v8", Creation 2026-02-03T04:05:06.798021000 UTC, want 2026-02-03T04:05:06.797020000 UTC, ` +
			`Expiry 2026-03-05T04:05:06.798030000 UTC, want 2026-03-05T04:05:06.797028000 UTC, ` +
			`LastAccess 2026-02-03T04:05:15.798028000 UTC, want 2026-02-03T04:05:14.797027000 UTC, ` +
			`LastUpdate 2026-02-03T04:05:06.807024000 UTC, want 2026-02-03T04:05:06.805023000 UTC`
		k6    = `cookie "k"="v6" (domain "www.example.org", path "/", partition https://top-site.com (same-site), source Secure port 443)`
		k6as7 = `Value "v7", want "v6", Creation 2026-02-03T04:05:06.796019000 UTC, want 2026-02-03T04:05:06.795018000 UTC, ` +
			`Expiry 2026-03-05T04:05:06.796026000 UTC, want 2026-03-05T04:05:06.795024000 UTC, ` +
			`LastAccess 2026-02-03T04:05:13.796026000 UTC, want 2026-02-03T04:05:12.795025000 UTC, ` +
			`LastUpdate 2026-02-03T04:05:06.803022000 UTC, want 2026-02-03T04:05:06.801021000 UTC`
	)
	cases := []struct {
		name       string
		cfg        memoryConfig
		broken     []storetest.Rule
		violations []string
		// racy are violations that may be reported too, after the
		// others, in this order, depending on how goroutines run.
		racy []string
	}{
		{
			name:   "Load returns what LoadKey returned",
			cfg:    memoryConfig{wrap: func(s *savingStore) cookiemonster.PersistentStore { return &redeliverStore{savingStore: s} }},
			broken: []storetest.Rule{storetest.DeliverOnce, storetest.PriorityLoad, storetest.Concurrency},
			violations: append([]string{
				`storetest: DeliverOnce: Load after LoadKey: unexpected cookie "a1"="v1" (domain "www.a.com", path "/", source Secure port 443)`,
				`storetest: DeliverOnce: Load after LoadKey: unexpected cookie "a2"="v2" (domain ".a.com", path "/", source Secure port 443)`,
				`storetest: DeliverOnce: Load after LoadKey: unexpected cookie "b1"="v3" (domain "b.com", path "/", source Secure port 443)`,
				`storetest: DeliverOnce: Load after LoadKey: unexpected cookie "p"="v6" (domain "shop.a.com", path "/", partition https://top-site.com (same-site), source Secure port 443)`,
				`storetest: PriorityLoad: Load after LoadKey: unexpected cookie "corp"="v15" (domain "intranet.corp", path "/", source Secure port 443)`,
				`storetest: PriorityLoad: Load after LoadKey: unexpected cookie "corp2"="v16" (domain "www.intranet.corp", path "/", source Secure port 443)`,
				`storetest: PriorityLoad: Load after LoadKey: unexpected cookie "gh1"="v5" (domain "foo.github.io", path "/", source Secure port 443)`,
				`storetest: PriorityLoad: Load after LoadKey: unexpected cookie "gh2"="v6" (domain "www.foo.github.io", path "/", source Secure port 443)`,
				`storetest: PriorityLoad: Load after LoadKey: unexpected cookie "ip4"="v12" (domain "192.0.2.1", path "/", source Secure port 443)`,
				`storetest: PriorityLoad: Load after LoadKey: unexpected cookie "ip6"="v14" (domain "[2001:db8::1]", path "/", source Secure port 443)`,
				`storetest: PriorityLoad: Load after LoadKey: unexpected cookie "local"="v11" (domain "localhost", path "/", source Secure port 443)`,
				`storetest: PriorityLoad: Load after LoadKey: unexpected cookie "net1"="v8" (domain "a.b.example.net", path "/", source Secure port 443)`,
				`storetest: PriorityLoad: Load after LoadKey: unexpected cookie "net2"="v9" (domain "example.net", path "/", partition https://top-site.com (same-site), source Secure port 443)`,
				`storetest: PriorityLoad: Load after LoadKey: unexpected cookie "net3"="v10" (domain "x.example.net", path "/", partition https://top-site.com (cross-site), source Secure port 443)`,
				`storetest: PriorityLoad: Load after LoadKey: unexpected cookie "uk1"="v1" (domain ".www.example.co.uk", path "/", source Secure port 443)`,
				`storetest: PriorityLoad: Load after LoadKey: unexpected cookie "uk2"="v2" (domain "shop.example.co.uk", path "/", source Secure port 443)`,
				`storetest: PriorityLoad: Load after LoadKey: unexpected cookie "uk3"="v3" (domain ".example.co.uk", path "/", source Secure port 443)`,
			}, redeliveredTwice(0, 4)...),
			racy: redeliveredTwice(4, 8),
		},
		{
			name:   "keeps the cookies passed to Add",
			cfg:    memoryConfig{wrap: newPointerStore},
			broken: []storetest.Rule{storetest.Copies},
			violations: []string{
				`storetest: Copies: reopened after the cookies passed to Add changed: missing cookie "a"="v1" (domain "www.example.com", path "/", source Secure port 443)`,
				`storetest: Copies: reopened after the cookies passed to Add changed: missing cookie "b"="v2" (domain ".example.com", path "/", source Secure port 443)`,
				`storetest: Copies: reopened after the cookies passed to Add changed: unexpected cookie "other"="v9" (domain "other.example", path "/x", partition https://top-site.com (same-site), source Secure port 443)`,
				`storetest: Copies: reopened after the cookies passed to Add changed: unexpected cookie "other"="v9" (domain "other.example", path "/x", partition https://top-site.com (same-site), source Secure port 443)`,
			},
		},
		{
			name:   "loses the cross-site-ancestor bit",
			cfg:    memoryConfig{wrap: func(s *savingStore) cookiemonster.PersistentStore { return bitlessStore{s} }},
			broken: []storetest.Rule{storetest.RoundTrip, storetest.UniqueKey, storetest.PriorityLoad},
			violations: []string{
				`storetest: RoundTrip: reopened: ` + chips8 + `: ` + chips8as9,
				`storetest: RoundTrip: reopened: missing cookie "chips"="v9" (domain "shop.example.net", path "/", partition https://top-site.com (cross-site), source Secure port 443)`,
				`storetest: RoundTrip: reopened: missing cookie "chips"="v10" (domain "shop.example.net", path "/", partition http://plain-top.org (cross-site), source Secure port 443)`,
				`storetest: RoundTrip: reopened: missing cookie "session"="v23" (domain "shop.example.net", path "/", partition https://top-site.com (cross-site), source Secure port 443)`,
				`storetest: RoundTrip: reopened: unexpected cookie "chips"="v10" (domain "shop.example.net", path "/", partition http://plain-top.org (same-site), source Secure port 443)`,
				`storetest: RoundTrip: reopened: unexpected cookie "session"="v23" (domain "shop.example.net", path "/", partition https://top-site.com (same-site), source Secure port 443)`,
				`storetest: UniqueKey: all of them, reopened: ` + k6 + `: ` + k6as7,
				`storetest: UniqueKey: all of them, reopened: missing cookie "k"="v7" (domain "www.example.org", path "/", partition https://top-site.com (cross-site), source Secure port 443)`,
				`storetest: PriorityLoad: LoadKey("example.net"): missing cookie "net3"="v10" (domain "x.example.net", path "/", partition https://top-site.com (cross-site), source Secure port 443)`,
				`storetest: PriorityLoad: LoadKey("example.net"): unexpected cookie "net3"="v10" (domain "x.example.net", path "/", partition https://top-site.com (same-site), source Secure port 443)`,
			},
		},
		{
			name:   "keys LoadKey by the last two labels",
			cfg:    memoryConfig{psl: lastLabel{}},
			broken: []storetest.Rule{storetest.PriorityLoad},
			violations: []string{
				`storetest: PriorityLoad: LoadKey("co.uk"): unexpected cookie "other-uk"="v4" (domain "www.other.co.uk", path "/", source Secure port 443)`,
				`storetest: PriorityLoad: LoadKey("co.uk"): unexpected cookie "uk1"="v1" (domain ".www.example.co.uk", path "/", source Secure port 443)`,
				`storetest: PriorityLoad: LoadKey("co.uk"): unexpected cookie "uk2"="v2" (domain "shop.example.co.uk", path "/", source Secure port 443)`,
				`storetest: PriorityLoad: LoadKey("co.uk"): unexpected cookie "uk3"="v3" (domain ".example.co.uk", path "/", source Secure port 443)`,
			},
		},
		{
			name:   "fails after Close with an error of its own",
			cfg:    memoryConfig{wrap: func(s *savingStore) cookiemonster.PersistentStore { return &openClosedStore{savingStore: s} }},
			broken: []storetest.Rule{storetest.Closed},
			violations: []string{
				`storetest: Closed: Load after Close returned "shut", which does not wrap cookiemonster.ErrStoreClosed`,
				`storetest: Closed: LoadKey after Close returned "shut", which does not wrap cookiemonster.ErrStoreClosed`,
				`storetest: Closed: Flush after Close returned "shut", which does not wrap cookiemonster.ErrStoreClosed`,
			},
		},
		{
			name:   "reports no commit error",
			cfg:    memoryConfig{faults: true, wrap: func(s *savingStore) cookiemonster.PersistentStore { return swallowingStore{s} }},
			broken: []storetest.Rule{storetest.FlushErrors},
			violations: []string{
				`storetest: FlushErrors: Flush of a broken backing returned nil`,
			},
		},
		{
			name:   "holds its lock while it commits",
			cfg:    memoryConfig{faults: true, wrap: newLockingStore},
			broken: []storetest.Rule{storetest.WritesDoNotBlock},
			violations: []string{
				`storetest: WritesDoNotBlock: 750 calls of Add, UpdateAccessTime and Delete while a commit waits for the backing did not return within 1s`,
			},
		},
		{
			name: "a store that commits and reports its errors passes",
			cfg:  memoryConfig{faults: true, wrap: func(s *savingStore) cookiemonster.PersistentStore { return committingStore{s} }},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := storetest.Check(context.Background(), memoryOpener(tc.cfg))
			if tc.violations == nil {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Equal(t, tc.broken, broken(err))
			lines := strings.Split(err.Error(), "\n")
			if extra := len(lines) - len(tc.violations); extra > 0 {
				// The racy violations reported are a subsequence of racy.
				rest := lines[len(tc.violations):]
				lines = lines[:len(tc.violations)]
				var reported []string
				for _, r := range tc.racy {
					if slices.Contains(rest, r) {
						reported = append(reported, r)
					}
				}
				assert.Equal(t, reported, rest)
			}
			assert.Equal(t, tc.violations, lines)
		})
	}
}
