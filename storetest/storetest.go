package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cookiemonster-go/cookiemonster"
)

// Backing is one storage that stores are opened on, one at a time: a
// database file, a key prefix on a server. What a store committed to its
// backing is what the next store opened on it loads.
type Backing struct {
	// Open opens a store on the backing. The suite closes each store
	// before it opens the next one on the same backing.
	Open func() (cookiemonster.PersistentStore, error)
	// SessionCookies reports that the stores keep session cookies (a zero
	// Expiry) for the next store, as a store set to restore them does;
	// when false, the suite stores only persistent cookies.
	SessionCookies bool
	// Break, when not nil, makes every commit to the backing fail until
	// the repair function it returns is called: a renamed table, a
	// read-only file. The FlushErrors rule needs it.
	Break func() (repair func() error, err error)
	// Stall, when not nil, makes every commit to the backing wait until
	// the release function it returns is called, and then go on: a write
	// lock held by another connection. The WritesDoNotBlock rule needs
	// it.
	Stall func() (release func() error, err error)
}

// Opener returns a new, empty [Backing]. The suite calls it once for each
// rule it checks. Releasing the backing's resources (temporary files,
// keys on a server) is up to the Opener, for example with
// [testing.T.Cleanup].
type Opener func() (*Backing, error)

// Rule is a part of the contract of [cookiemonster.PersistentStore]. A
// Rule is an error: every violation that [Check] reports wraps the Rule it
// breaks, for [errors.Is].
type Rule string

// Error returns "storetest: " and the name of the rule.
func (r Rule) Error() string { return "storetest: " + string(r) }

// The rules, in the order the suite checks them. "Reopened" means that
// the store was closed and another opened on the same backing.
const (
	// RoundTrip: the cookies added and flushed load again when reopened,
	// every field unchanged: every SameSite, Priority and source scheme,
	// special and ordinary source ports, partitions with and without a
	// cross-site ancestor, session cookies when the backing keeps them,
	// times in UTC to the microsecond, zero times zero. Loading changes
	// nothing: they load again when reopened once more. A new backing
	// loads nothing.
	RoundTrip Rule = "RoundTrip"
	// UniqueKey: cookies that differ in one field of their
	// [cookiemonster.UniqueKey] only are different cookies: they all load,
	// and a Delete removes only its own.
	UniqueKey Rule = "UniqueKey"
	// Delete: a deleted cookie does not load again, whether it was
	// committed or added in the same batch; Delete names a cookie by its
	// UniqueKey, whatever its other fields; deleting a cookie that is not
	// stored does nothing.
	Delete Rule = "Delete"
	// Replace: a Delete followed by an Add of the same UniqueKey leaves
	// the added cookie, in one batch or across a Flush.
	Replace Rule = "Replace"
	// UpdateAccessTime: UpdateAccessTime stores the new LastAccess and
	// changes no other field, the last call winning, in one batch or
	// across a Flush; it stores nothing for a cookie that is not stored.
	UpdateAccessTime Rule = "UpdateAccessTime"
	// Copies: the store keeps no reference to the cookies passed to Add,
	// UpdateAccessTime and Delete, nor to the cookies it returned from a
	// load: changing them after the call changes nothing stored.
	Copies Rule = "Copies"
	// DeliverOnce: no cookie is returned twice: a second LoadKey of a key
	// returns nothing, Load returns nothing LoadKey returned, LoadKey after
	// Load returns nothing, and a cookie added once its key is loaded is
	// not returned by a load. Needs a [cookiemonster.KeyLoader].
	DeliverOnce Rule = "DeliverOnce"
	// PriorityLoad: LoadKey(key) returns exactly the cookies whose Domain
	// has the [cookiemonster.StorageKey] key, partitioned ones included,
	// for registrable domains under ICANN and private suffixes, hosts
	// without one (IP addresses, localhost), unknown top-level domains and
	// keys that are public suffixes; Load then returns the rest. Needs a
	// KeyLoader.
	PriorityLoad Rule = "PriorityLoad"
	// FlushErrors: a Flush after a failed commit returns an error; once
	// the backing works again, the next Flush returns nil, and what was
	// committed before the failure and after it loads again. Needs
	// Backing.Break.
	FlushErrors Rule = "FlushErrors"
	// CloseFlushes: Close commits what is queued: adds, updates and
	// deletes made since the last Flush hold when reopened.
	CloseFlushes Rule = "CloseFlushes"
	// Closed: after Close, Load, LoadKey and Flush return errors wrapping
	// [cookiemonster.ErrStoreClosed]; Add, UpdateAccessTime and Delete
	// return at once and store nothing; a second Close returns nil.
	// Nothing panics.
	Closed Rule = "Closed"
	// Concurrency: Load, LoadKey, Add, UpdateAccessTime, Delete and Flush
	// called from many goroutines at once, in the order a Monster calls
	// them for each key, lose nothing and return nothing twice. Run it
	// with the race detector.
	Concurrency Rule = "Concurrency"
	// WritesDoNotBlock: Add, UpdateAccessTime and Delete return at once
	// while a commit waits for the backing, and what they queued is
	// committed once it is released. Needs Backing.Stall.
	WritesDoNotBlock Rule = "WritesDoNotBlock"
)

// rules are the checks, in order.
var rules = []struct {
	rule  Rule
	check func(*run)
}{
	{RoundTrip, checkRoundTrip},
	{UniqueKey, checkUniqueKey},
	{Delete, checkDelete},
	{Replace, checkReplace},
	{UpdateAccessTime, checkUpdateAccessTime},
	{Copies, checkCopies},
	{DeliverOnce, checkDeliverOnce},
	{PriorityLoad, checkPriorityLoad},
	{FlushErrors, checkFlushErrors},
	{CloseFlushes, checkCloseFlushes},
	{Closed, checkClosed},
	{Concurrency, checkConcurrency},
	{WritesDoNotBlock, checkWritesDoNotBlock},
}

// Run checks the stores that open makes against every [Rule], each in a
// subtest named after it. A rule that needs what the store or the
// [Backing] lacks is skipped.
func Run(t *testing.T, open Opener) {
	t.Helper()
	for _, rc := range rules {
		t.Run(string(rc.rule), func(t *testing.T) {
			r := checkRule(t.Context(), open, rc.rule, rc.check)
			if r.skip != "" {
				t.Skip(r.skip)
			}
			for _, err := range r.errs {
				t.Error(err)
			}
		})
	}
}

// Check checks the stores that open makes against every [Rule] and
// returns every violation, joined, or nil. Each violation wraps the Rule
// it breaks and says what went wrong. Rules that need what the store or
// the [Backing] lacks are not checked. ctx bounds the calls of the
// stores.
func Check(ctx context.Context, open Opener) error {
	var errs []error
	for _, rc := range rules {
		errs = append(errs, checkRule(ctx, open, rc.rule, rc.check).errs...)
	}
	return errors.Join(errs...)
}

// cookie is short for the cookie type.
type cookie = cookiemonster.CanonicalCookie

// run is the check of one rule on one backing.
type run struct {
	ctx  context.Context
	rule Rule
	b    *Backing
	skip string // why the rule was not checked

	mu   sync.Mutex
	errs []error
	open []cookiemonster.PersistentStore // to close when the check ends
}

// abort ends a check early, from the goroutine running it.
type abort struct{}

// checkRule runs check for rule on a new backing, turning a panic into a
// violation.
func checkRule(ctx context.Context, open Opener, rule Rule, check func(*run)) (r *run) {
	r = &run{ctx: ctx, rule: rule}
	defer func() {
		if p := recover(); p != nil {
			if _, ok := p.(abort); !ok {
				r.failf("panic: %v", p)
			}
		}
		for _, s := range r.open {
			_ = s.Close()
		}
	}()
	b, err := open()
	if err != nil || b == nil || b.Open == nil {
		if err == nil {
			err = errors.New("no Backing or no Open function")
		}
		r.failf("making a backing: %v", err)
		return r
	}
	r.b = b
	check(r)
	return r
}

// failf records a violation of the rule.
func (r *run) failf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errs = append(r.errs, fmt.Errorf("%w: %s", r.rule, fmt.Sprintf(format, args...)))
}

// fatalf records a violation and ends the check.
func (r *run) fatalf(format string, args ...any) {
	r.failf(format, args...)
	panic(abort{})
}

// skipf ends the check without checking the rule.
func (r *run) skipf(format string, args ...any) {
	r.skip = fmt.Sprintf(format, args...)
	panic(abort{})
}

// openStore opens a store on the backing.
func (r *run) openStore() cookiemonster.PersistentStore {
	s, err := r.b.Open()
	if err != nil || s == nil {
		if err == nil {
			err = errors.New("nil store")
		}
		r.fatalf("opening a store: %v", err)
	}
	r.mu.Lock()
	r.open = append(r.open, s)
	r.mu.Unlock()
	return s
}

// fresh opens the first store on a new backing, which must load nothing.
func (r *run) fresh() cookiemonster.PersistentStore {
	s := r.openStore()
	r.require("a new backing loads", r.load(s), nil)
	return s
}

// closeStore closes s, which must succeed.
func (r *run) closeStore(s cookiemonster.PersistentStore) {
	r.mu.Lock()
	r.open = slices.DeleteFunc(r.open, func(x cookiemonster.PersistentStore) bool { return x == s })
	r.mu.Unlock()
	if err := s.Close(); err != nil {
		r.fatalf("Close: %v", err)
	}
}

// reopen closes s and opens the next store on the backing.
func (r *run) reopen(s cookiemonster.PersistentStore) cookiemonster.PersistentStore {
	r.closeStore(s)
	return r.openStore()
}

// flush flushes s, which must succeed.
func (r *run) flush(s cookiemonster.PersistentStore) {
	if err := s.Flush(r.ctx); err != nil {
		r.fatalf("Flush: %v", err)
	}
}

// load calls s.Load, which must succeed.
func (r *run) load(s cookiemonster.PersistentStore) []*cookie {
	cs, err := s.Load(r.ctx)
	if err != nil {
		r.fatalf("Load: %v", err)
	}
	return cs
}

// loadKey calls LoadKey, which must succeed.
func (r *run) loadKey(kl cookiemonster.KeyLoader, key string) []*cookie {
	cs, err := kl.LoadKey(r.ctx, key)
	if err != nil {
		r.fatalf("LoadKey(%q): %v", key, err)
	}
	return cs
}

// keyLoader returns s as a KeyLoader, or skips the rule.
func (r *run) keyLoader(s cookiemonster.PersistentStore) cookiemonster.KeyLoader {
	kl, ok := s.(cookiemonster.KeyLoader)
	if !ok {
		r.skipf("the store does not implement cookiemonster.KeyLoader")
	}
	return kl
}

// reload reopens the backing and loads everything.
func (r *run) reload(s cookiemonster.PersistentStore) (cookiemonster.PersistentStore, []*cookie) {
	s = r.reopen(s)
	return s, r.load(s)
}

// add adds a copy of each cookie: the suite never changes what it gave a
// store, except to check Copies.
func add(s cookiemonster.PersistentStore, cs ...*cookie) {
	for _, c := range cs {
		s.Add(clone(c))
	}
}

func clone(c *cookie) *cookie {
	cp := *c
	return &cp
}

// expect records a violation for each difference between the cookies got
// and want, matched by UniqueKey; a cookie of maybe may be there or not.
// It reports whether there was none.
func (r *run) expect(what string, got, want []*cookie, maybe ...*cookie) bool {
	problems := compare(got, want, maybe)
	for _, p := range problems {
		r.failf("%s: %s", what, p)
	}
	return len(problems) == 0
}

// require is expect that ends the check when got is not as wanted, since
// what follows would only repeat the difference. Only the goroutine
// running the check may call it.
func (r *run) require(what string, got, want []*cookie, maybe ...*cookie) {
	if !r.expect(what, got, want, maybe...) {
		panic(abort{})
	}
}

// compare lists the differences between got and want, in a stable order.
func compare(got, want, maybe []*cookie) []string {
	var problems []string
	byKey := make(map[cookiemonster.UniqueKey][]*cookie)
	for _, c := range got {
		if c == nil {
			problems = append(problems, "a nil cookie")
			continue
		}
		byKey[c.UniqueKey()] = append(byKey[c.UniqueKey()], c)
	}
	check := func(w *cookie, optional bool) {
		k := w.UniqueKey()
		list := byKey[k]
		delete(byKey, k)
		switch {
		case len(list) == 0 && !optional:
			problems = append(problems, "missing "+describe(w))
		case len(list) > 1:
			problems = append(problems, fmt.Sprintf("%s returned %d times", describe(w), len(list)))
		}
		if len(list) > 0 {
			if d := diff(list[0], w); len(d) > 0 {
				problems = append(problems, describe(w)+": "+strings.Join(d, ", "))
			}
		}
	}
	for _, w := range want {
		check(w, false)
	}
	for _, w := range maybe {
		check(w, true)
	}
	var extra []string
	for _, list := range byKey {
		for _, c := range list {
			extra = append(extra, "unexpected "+describe(c))
		}
	}
	slices.Sort(extra)
	return append(problems, extra...)
}

// describe names a cookie by its UniqueKey and value.
func describe(c *cookie) string {
	var b strings.Builder
	fmt.Fprintf(&b, "cookie %q=%q (domain %q, path %q", c.Name, c.Value, c.Domain, c.Path)
	if c.IsPartitioned() {
		fmt.Fprintf(&b, ", partition %s", c.Partition)
	}
	fmt.Fprintf(&b, ", source %s port %d)", c.SourceScheme, c.SourcePort)
	return b.String()
}

// diff lists the fields in which got differs from want. Times must be
// equal and in UTC.
func diff(got, want *cookie) []string {
	var d []string
	field := func(name string, differ bool, g, w any) {
		if differ {
			d = append(d, fmt.Sprintf("%s %v, want %v", name, g, w))
		}
	}
	quoted := func(name, g, w string) { field(name, g != w, fmt.Sprintf("%q", g), fmt.Sprintf("%q", w)) }
	times := func(name string, g, w time.Time) {
		field(name, !g.Equal(w) || g.Location() != time.UTC, fmtTime(g), fmtTime(w))
	}
	quoted("Name", got.Name, want.Name)
	quoted("Value", got.Value, want.Value)
	quoted("Domain", got.Domain, want.Domain)
	quoted("Path", got.Path, want.Path)
	times("Creation", got.Creation, want.Creation)
	times("Expiry", got.Expiry, want.Expiry)
	times("LastAccess", got.LastAccess, want.LastAccess)
	times("LastUpdate", got.LastUpdate, want.LastUpdate)
	field("Secure", got.Secure != want.Secure, got.Secure, want.Secure)
	field("HTTPOnly", got.HTTPOnly != want.HTTPOnly, got.HTTPOnly, want.HTTPOnly)
	field("SameSite", got.SameSite != want.SameSite, got.SameSite, want.SameSite)
	field("Priority", got.Priority != want.Priority, got.Priority, want.Priority)
	field("Partition", got.Partition != want.Partition, fmt.Sprintf("%q", got.Partition), fmt.Sprintf("%q", want.Partition))
	field("SourceScheme", got.SourceScheme != want.SourceScheme, got.SourceScheme, want.SourceScheme)
	field("SourcePort", got.SourcePort != want.SourcePort, got.SourcePort, want.SourcePort)
	return d
}

func fmtTime(t time.Time) string {
	if t.IsZero() {
		return "zero"
	}
	return t.Format("2006-01-02T15:04:05.000000000 MST")
}
