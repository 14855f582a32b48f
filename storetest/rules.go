package storetest

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/cookiemonster-go/cookiemonster"
)

// base is the creation time of the fixtures: UTC, to the microsecond.
var base = time.Date(2026, 2, 3, 4, 5, 6, 789012000, time.UTC)

// mk returns a persistent, Secure, SameSite=Lax cookie set from
// https://...:443; i makes its value and times its own.
func mk(i int, name, domain, path string) *cookie {
	created := base.Add(time.Duration(i) * 1001 * time.Microsecond)
	return &cookie{
		Name:         name,
		Value:        "v" + strconv.Itoa(i),
		Domain:       domain,
		Path:         path,
		Creation:     created,
		Expiry:       created.Add(30*24*time.Hour + time.Duration(i)*time.Microsecond),
		LastAccess:   created.Add(time.Duration(i)*time.Second + 7*time.Microsecond),
		LastUpdate:   created.Add(time.Duration(i)*time.Millisecond + 3*time.Microsecond),
		Secure:       true,
		SameSite:     cookiemonster.SameSiteLax,
		Priority:     cookiemonster.PriorityMedium,
		SourceScheme: cookiemonster.SourceSchemeSecure,
		SourcePort:   443,
	}
}

// changed returns a cookie with c's UniqueKey and, in the other fields,
// other values (i's, and the opposite HttpOnly, Strict, High; Secure stays
// set).
func changed(c *cookie, i int) *cookie {
	n := mk(i, c.Name, c.Domain, c.Path)
	n.Partition, n.SourceScheme, n.SourcePort = c.Partition, c.SourceScheme, c.SourcePort
	n.Secure = c.Secure || c.IsPartitioned()
	n.HTTPOnly = !c.HTTPOnly
	n.SameSite = cookiemonster.SameSiteStrict
	n.Priority = cookiemonster.PriorityHigh
	return n
}

// partitions returns the partitions of the fixtures: https://top-site.com
// without and with a cross-site ancestor, and http://plain-top.org.
func (r *run) partitions() (same, cross, plain cookiemonster.PartitionKey) {
	mkKey := func(scheme, domain string, crossSite bool) cookiemonster.PartitionKey {
		k, err := cookiemonster.NewPartitionKeyFromSite(cookiemonster.Site{Scheme: scheme, Domain: domain}, crossSite)
		if err != nil {
			r.fatalf("making the partition key of %s://%s: %v", scheme, domain, err)
		}
		return k
	}
	return mkKey("https", "top-site.com", false), mkKey("https", "top-site.com", true), mkKey("http", "plain-top.org", true)
}

// roundTripCookies returns cookies that use every value of every field a
// store keeps; session cookies too when session is set.
func (r *run) roundTripCookies(session bool) []*cookie {
	same, cross, plain := r.partitions()
	var cs []*cookie
	i := 0
	next := func(name, domain, path string, f func(c *cookie)) {
		i++
		c := mk(i, name, domain, path)
		if f != nil {
			f(c)
		}
		cs = append(cs, c)
	}
	next("strict", "www.example.com", "/", func(c *cookie) {
		c.HTTPOnly, c.SameSite, c.Priority = true, cookiemonster.SameSiteStrict, cookiemonster.PriorityHigh
	})
	next("lax", ".example.com", "/a/b", func(c *cookie) {
		c.Secure, c.Priority = false, cookiemonster.PriorityLow
		c.SourceScheme, c.SourcePort = cookiemonster.SourceSchemeNonSecure, 80
	})
	next("none", "www.example.com", "/none", func(c *cookie) {
		c.SameSite = cookiemonster.SameSiteNone
		c.SourceScheme, c.SourcePort = cookiemonster.SourceSchemeUnset, cookiemonster.PortUnspecified
	})
	next("unspecified", "www.example.com", "/", func(c *cookie) {
		c.Secure, c.SameSite = false, cookiemonster.SameSiteUnspecified
		c.SourceScheme, c.SourcePort = cookiemonster.SourceSchemeNonSecure, 8080
	})
	next("", "www.example.com", "/nameless", func(c *cookie) { c.Value = "nameless" })
	next("empty", "www.example.com", "/", func(c *cookie) { c.Value = "" })
	next("odd", "www.example.com", "/odd", func(c *cookie) { c.Value = "a b \"c\" é=1,2" })
	next("chips", "shop.example.net", "/", func(c *cookie) { c.Partition = same })
	next("chips", "shop.example.net", "/", func(c *cookie) { c.Partition = cross })
	next("chips", "shop.example.net", "/", func(c *cookie) { c.Partition = plain })
	next("port", "www.example.com", "/", func(c *cookie) { c.SourcePort = 65535 })
	next("port", "www.example.com", "/", func(c *cookie) { c.SourcePort = 1 })
	next("port", "www.example.com", "/", func(c *cookie) { c.SourcePort = cookiemonster.PortInvalid })
	next("ip", "192.0.2.1", "/", func(c *cookie) {
		c.Secure, c.SourceScheme, c.SourcePort = false, cookiemonster.SourceSchemeNonSecure, 80
	})
	next("ip6", "[2001:db8::1]", "/", nil)
	next("local", "localhost", "/", func(c *cookie) { c.SourceScheme, c.SourcePort = cookiemonster.SourceSchemeNonSecure, 3000 })
	next("idn", "xn--bcher-kva.example", "/", nil)
	next("__Host-id", "www.example.com", "/", nil)
	next("__Secure-id", ".example.com", "/", nil)
	next("unread", "www.example.com", "/unread", func(c *cookie) { c.LastAccess, c.LastUpdate = time.Time{}, time.Time{} })
	next("long", "www.example.com", "/", func(c *cookie) { c.Expiry = c.Creation.Add(cookiemonster.MaxExpiryAge) })
	if session {
		next("session", "www.example.com", "/", func(c *cookie) { c.Expiry = time.Time{} })
		next("session", "shop.example.net", "/", func(c *cookie) { c.Expiry, c.Partition = time.Time{}, cross })
	}
	return cs
}

func checkRoundTrip(r *run) {
	want := r.roundTripCookies(r.b.SessionCookies)
	s := r.fresh()
	add(s, want...)
	r.flush(s)
	s, got := r.reload(s)
	r.require("reopened", got, want)
	_, got = r.reload(s)
	r.require("reopened again", got, want)
}

func checkUniqueKey(r *run) {
	same, cross, _ := r.partitions()
	k := mk(1, "k", "www.example.org", "/")
	variant := func(i int, f func(c *cookie)) *cookie {
		c := changed(k, i)
		f(c)
		return c
	}
	variants := []*cookie{
		variant(2, func(c *cookie) { c.Name = "k2" }),
		variant(3, func(c *cookie) { c.Domain = "example.org" }),
		variant(4, func(c *cookie) { c.Domain = ".example.org" }),
		variant(5, func(c *cookie) { c.Path = "/p" }),
		variant(6, func(c *cookie) { c.Partition = same }),
		variant(7, func(c *cookie) { c.Partition = cross }),
		variant(8, func(c *cookie) { c.SourceScheme = cookiemonster.SourceSchemeNonSecure }),
		variant(9, func(c *cookie) { c.SourceScheme = cookiemonster.SourceSchemeUnset }),
		variant(10, func(c *cookie) { c.SourcePort = 8443 }),
		variant(11, func(c *cookie) { c.SourcePort = cookiemonster.PortUnspecified }),
	}
	all := append([]*cookie{k}, variants...)
	s := r.fresh()
	add(s, all...)
	r.flush(s)
	s, got := r.reload(s)
	r.require("all of them, reopened", got, all)

	// One Delete per cookie: each removes its own only.
	s.Delete(changed(k, 20))
	r.flush(s)
	s, got = r.reload(s)
	r.require(`after deleting "k"`, got, variants)
	for i, v := range variants {
		s.Delete(changed(v, 30+i))
		r.flush(s)
		s, got = r.reload(s)
		r.require(fmt.Sprintf("after deleting %s", describe(v)), got, variants[i+1:])
	}
}

func checkDelete(r *run) {
	a, b := mk(1, "a", "www.example.com", "/"), mk(2, "b", ".example.com", "/")
	c, d := mk(3, "c", "www.example.com", "/c"), mk(4, "d", "www.example.com", "/")
	e, f := mk(5, "e", "www.example.com", "/"), mk(6, "f", "www.example.com", "/")
	never := mk(7, "never", "www.example.com", "/")
	s := r.fresh()
	add(s, a, b, c, d)
	r.flush(s)
	s, got := r.reload(s)
	r.require("reopened", got, []*cookie{a, b, c, d})

	s.Delete(clone(a))      // exactly as stored
	s.Delete(changed(b, 8)) // another value, expiry, times, flags
	s.Delete(clone(never))  // never stored
	add(s, e)               // added and deleted in one batch
	s.Delete(clone(e))
	add(s, f)
	r.flush(s)
	s.Delete(clone(f)) // added, flushed, deleted
	r.flush(s)
	_, got = r.reload(s)
	r.require("after the deletes, reopened", got, []*cookie{c, d})
}

func checkReplace(r *run) {
	a, b := mk(1, "a", "www.example.com", "/"), mk(2, "b", ".example.com", "/")
	c, d := mk(3, "c", "www.example.com", "/"), mk(4, "d", "www.example.com", "/")
	a2, b2, c2 := changed(a, 11), changed(b, 12), changed(c, 13)
	d2, d3 := changed(d, 14), changed(d, 15)
	s := r.fresh()
	add(s, a, b)
	r.flush(s)
	s, got := r.reload(s)
	r.require("reopened", got, []*cookie{a, b})

	s.Delete(clone(a)) // stored: replaced in one batch
	add(s, a2)
	s.Delete(clone(b)) // stored: replaced across a Flush
	r.flush(s)
	add(s, b2)
	add(s, c) // added and replaced in one batch
	s.Delete(clone(c))
	add(s, c2)
	add(s, d) // replaced twice, across a Flush and in one batch
	r.flush(s)
	s.Delete(clone(d))
	add(s, d2)
	s.Delete(clone(d2))
	add(s, d3)
	r.flush(s)
	_, got = r.reload(s)
	r.require("after the replacements, reopened", got, []*cookie{a2, b2, c2, d3})
}

func checkUpdateAccessTime(r *run) {
	a, b := mk(1, "a", "www.example.com", "/"), mk(2, "b", ".example.com", "/")
	c, never := mk(3, "c", "www.example.com", "/"), mk(4, "never", "www.example.com", "/")
	s := r.fresh()
	add(s, a, b)
	r.flush(s)
	s, got := r.reload(s)
	r.require("reopened", got, []*cookie{a, b})

	at := func(c *cookie, d time.Duration) *cookie {
		u := changed(c, 20+int(d/time.Hour))
		u.LastAccess = c.LastAccess.Add(d)
		return u
	}
	// Only LastAccess is stored, whatever the other fields say.
	s.UpdateAccessTime(at(a, time.Hour))
	// The last of several updates wins, across a Flush too.
	s.UpdateAccessTime(at(b, 2*time.Hour))
	s.UpdateAccessTime(at(b, 3*time.Hour))
	r.flush(s)
	s.UpdateAccessTime(at(b, 4*time.Hour))
	// Added and updated in one batch.
	add(s, c)
	s.UpdateAccessTime(at(c, 5*time.Hour))
	// Not stored: nothing to update.
	s.UpdateAccessTime(clone(never))
	r.flush(s)
	_, got = r.reload(s)
	wantA, wantB, wantC := clone(a), clone(b), clone(c)
	wantA.LastAccess = a.LastAccess.Add(time.Hour)
	wantB.LastAccess = b.LastAccess.Add(4 * time.Hour)
	wantC.LastAccess = c.LastAccess.Add(5 * time.Hour)
	r.require("after the updates, reopened", got, []*cookie{wantA, wantB, wantC})
}

func checkCopies(r *run) {
	a, b := mk(1, "a", "www.example.com", "/"), mk(2, "b", ".example.com", "/")
	c, d := mk(3, "c", "www.example.com", "/c"), mk(4, "d", "www.example.com", "/")
	other := mk(9, "other", "other.example", "/x")
	other.Partition, _, _ = r.partitions()
	scribble := func(p *cookie) { *p = *other }

	s := r.fresh()
	pa, pb, pc := clone(a), clone(b), clone(c)
	s.Add(pa)
	s.Add(pb)
	s.Add(pc)
	scribble(pa) // changed before the commit
	r.flush(s)
	scribble(pb) // changed after it
	s, got := r.reload(s)
	r.require("reopened after the cookies passed to Add changed", got, []*cookie{a, b, c})

	u := clone(b)
	u.LastAccess = b.LastAccess.Add(time.Hour)
	s.UpdateAccessTime(u)
	u.LastAccess = b.LastAccess.Add(2 * time.Hour)
	u.Name = "renamed"
	pd := clone(c)
	s.Delete(pd)
	pd.Name, pd.Path = d.Name, d.Path
	add(s, d)
	r.flush(s)
	scribble(u)
	scribble(pd)
	// Change what the load returned, as the Monster does.
	for _, x := range got {
		x.LastAccess = x.LastAccess.Add(time.Minute)
		x.Value = "changed"
	}
	s, got = r.reload(s)
	wantB := clone(b)
	wantB.LastAccess = b.LastAccess.Add(time.Hour)
	r.require("reopened after the cookies passed to UpdateAccessTime and Delete changed", got, []*cookie{a, wantB, d})
	for _, x := range got {
		scribble(x)
	}
	_, got = r.reload(s)
	r.require("reopened after the loaded cookies changed", got, []*cookie{a, wantB, d})
}

// keyFixture is cookies of four storage keys.
func keyFixture() map[string][]*cookie {
	return map[string][]*cookie{
		"a.com": {mk(1, "a1", "www.a.com", "/"), mk(2, "a2", ".a.com", "/")},
		"b.com": {mk(3, "b1", "b.com", "/")},
		"c.com": {mk(4, "c1", "x.y.c.com", "/")},
		"d.com": {mk(5, "d1", ".d.com", "/")},
	}
}

func checkDeliverOnce(r *run) {
	same, _, _ := r.partitions()
	byKey := keyFixture()
	part := mk(6, "p", "shop.a.com", "/")
	part.Partition = same
	byKey["a.com"] = append(byKey["a.com"], part)
	s := r.fresh()
	for _, cs := range byKey {
		add(s, cs...)
	}
	r.flush(s)
	s = r.reopen(s)
	kl := r.keyLoader(s)

	r.require(`LoadKey("a.com")`, r.loadKey(kl, "a.com"), byKey["a.com"])
	r.require(`LoadKey("a.com") again`, r.loadKey(kl, "a.com"), nil)
	fresh := mk(7, "new", "www.a.com", "/new")
	add(s, fresh) // its key is loaded: the Monster has it
	updated := clone(byKey["a.com"][0])
	updated.LastAccess = updated.LastAccess.Add(time.Hour)
	s.UpdateAccessTime(clone(updated))
	r.flush(s)
	r.require(`LoadKey("a.com") after an Add to it`, r.loadKey(kl, "a.com"), nil)
	r.require(`LoadKey("b.com")`, r.loadKey(kl, "b.com"), byKey["b.com"])
	r.require("Load after LoadKey", r.load(s), append(slices.Clone(byKey["c.com"]), byKey["d.com"]...))
	for _, k := range []string{"a.com", "b.com", "c.com", "d.com", "e.com"} {
		r.require(fmt.Sprintf("LoadKey(%q) after Load", k), r.loadKey(kl, k), nil)
	}
	_, got := r.reload(s)
	want := []*cookie{fresh, updated, byKey["a.com"][1], part, byKey["b.com"][0], byKey["c.com"][0], byKey["d.com"][0]}
	r.require("reopened", got, want)
}

func checkPriorityLoad(r *run) {
	same, cross, _ := r.partitions()
	i := 0
	c := func(name, domain string) *cookie {
		i++
		return mk(i, name, domain, "/")
	}
	parted := func(x *cookie, p cookiemonster.PartitionKey) *cookie {
		x.Partition = p
		return x
	}
	cookies := []*cookie{
		c("uk1", ".www.example.co.uk"), c("uk2", "shop.example.co.uk"), c("uk3", ".example.co.uk"),
		c("other-uk", "www.other.co.uk"),
		c("gh1", "foo.github.io"), c("gh2", "www.foo.github.io"), c("gh3", "bar.github.io"),
		c("net1", "a.b.example.net"), parted(c("net2", "example.net"), same), parted(c("net3", "x.example.net"), cross),
		c("local", "localhost"), c("ip4", "192.0.2.1"), c("ip4b", "192.0.2.10"), c("ip6", "[2001:db8::1]"),
		c("corp", "intranet.corp"), c("corp2", "www.intranet.corp"),
		c("com", "example.com"),
	}
	byKey := make(map[string][]*cookie)
	for _, x := range cookies {
		k := cookiemonster.StorageKey(x.Domain, nil)
		byKey[k] = append(byKey[k], x)
	}
	s := r.fresh()
	add(s, cookies...)
	r.flush(s)
	s = r.reopen(s)
	kl := r.keyLoader(s)
	// Keys that hold nothing, some of them suffixes of keys that do.
	for _, k := range []string{"co.uk", "github.io", "net", "example", "192.0.2", "2001:db8::1", "corp", "nothing.example"} {
		r.require(fmt.Sprintf("LoadKey(%q)", k), r.loadKey(kl, k), nil)
	}
	loaded := []string{"example.co.uk", "foo.github.io", "example.net", "localhost", "192.0.2.1", "[2001:db8::1]", "intranet.corp"}
	for _, k := range loaded {
		r.require(fmt.Sprintf("LoadKey(%q)", k), r.loadKey(kl, k), byKey[k])
	}
	var rest []*cookie
	for _, x := range cookies {
		if !slices.Contains(loaded, cookiemonster.StorageKey(x.Domain, nil)) {
			rest = append(rest, x)
		}
	}
	r.require("Load after LoadKey", r.load(s), rest)
}

func checkFlushErrors(r *run) {
	if r.b.Break == nil {
		r.skipf("the Backing has no Break function")
	}
	a, b, c := mk(1, "a", "www.example.com", "/"), mk(2, "b", "www.example.com", "/b"), mk(3, "c", "www.example.com", "/c")
	s := r.fresh()
	add(s, a)
	r.flush(s)
	repair, err := r.b.Break()
	if err != nil {
		r.fatalf("breaking the backing: %v", err)
	}
	add(s, b)
	ferr := s.Flush(r.ctx)
	if rerr := repair(); rerr != nil {
		r.fatalf("repairing the backing: %v", rerr)
	}
	if ferr == nil {
		r.failf("Flush of a broken backing returned nil")
	}
	if err := s.Flush(r.ctx); err != nil {
		r.failf("Flush after the repair returned %v, want nil: an error is reported once", err)
	}
	add(s, c)
	r.flush(s)
	_, got := r.reload(s)
	r.require("reopened", got, []*cookie{a, c}, b)
}

func checkCloseFlushes(r *run) {
	a, b := mk(1, "a", "www.example.com", "/"), mk(2, "b", "www.example.com", "/b")
	c, d := mk(3, "c", "www.example.com", "/c"), mk(4, "d", "www.other.com", "/")
	s := r.fresh()
	add(s, a, b)
	r.flush(s)
	s, got := r.reload(s)
	r.require("reopened", got, []*cookie{a, b})
	u := clone(a)
	u.LastAccess = a.LastAccess.Add(time.Hour)
	s.UpdateAccessTime(clone(u))
	s.Delete(clone(b))
	add(s, c, d)
	_, got = r.reload(s) // no Flush
	r.require("closed without a Flush, reopened", got, []*cookie{u, c, d})
}

// within runs f and reports whether it returned within d. A panic in f is
// a violation.
func (r *run) within(d time.Duration, what string, f func()) bool {
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer func() {
			if p := recover(); p != nil {
				r.failf("%s: panic: %v", what, p)
			}
		}()
		f()
	}()
	select {
	case <-done:
		return true
	case <-time.After(d):
		r.failf("%s did not return within %v", what, d)
		return false
	}
}

func checkClosed(r *run) {
	a, b := mk(1, "a", "www.example.com", "/"), mk(2, "b", "www.example.com", "/b")
	s := r.fresh()
	add(s, a)
	r.flush(s)
	r.closeStore(s)

	const wait = 5 * time.Second
	closedErr := func(what string, err error) {
		switch {
		case err == nil:
			r.failf("%s after Close returned nil", what)
		case !errors.Is(err, cookiemonster.ErrStoreClosed):
			r.failf("%s after Close returned %q, which does not wrap cookiemonster.ErrStoreClosed", what, err)
		}
	}
	r.within(wait, "Load after Close", func() {
		got, err := s.Load(r.ctx)
		closedErr("Load", err)
		r.expect("Load after Close", got, nil)
	})
	if kl, ok := s.(cookiemonster.KeyLoader); ok {
		r.within(wait, "LoadKey after Close", func() {
			got, err := kl.LoadKey(r.ctx, "example.com")
			closedErr("LoadKey", err)
			r.expect("LoadKey after Close", got, nil)
		})
	}
	r.within(wait, "Flush after Close", func() { closedErr("Flush", s.Flush(r.ctx)) })
	r.within(wait, "Add after Close", func() { add(s, b) })
	r.within(wait, "UpdateAccessTime after Close", func() {
		u := clone(a)
		u.LastAccess = a.LastAccess.Add(time.Hour)
		s.UpdateAccessTime(u)
	})
	r.within(wait, "Delete after Close", func() { s.Delete(clone(a)) })
	r.within(wait, "a second Close", func() {
		if err := s.Close(); err != nil {
			r.failf("a second Close returned %v, want nil", err)
		}
	})

	s = r.openStore()
	r.require("reopened after the calls on the closed store", r.load(s), []*cookie{a})
}

func checkConcurrency(r *run) {
	const workers, ops = 8, 64
	keyOf := func(w int) string { return fmt.Sprintf("site%d.com", w) }
	old := make([][]*cookie, workers)
	var all []*cookie
	for w := range workers {
		old[w] = []*cookie{
			mk(w*10+1, "old1", "www."+keyOf(w), "/"),
			mk(w*10+2, "old2", "."+keyOf(w), "/"),
			mk(w*10+3, "old3", keyOf(w), "/x"),
		}
		all = append(all, old[w]...)
	}
	s := r.fresh()
	add(s, all...)
	r.flush(s)
	s = r.reopen(s)
	kl, isKeyLoader := s.(cookiemonster.KeyLoader)

	var mu sync.Mutex
	var delivered []*cookie
	deliver := func(what string, cs []*cookie, err error) {
		if err != nil {
			r.failf("%s: %v", what, err)
		}
		mu.Lock()
		defer mu.Unlock()
		delivered = append(delivered, cs...)
	}
	// Half the keys are loaded ahead of Load, as the first accesses to
	// their sites would be; the others while Load runs.
	var writers, early sync.WaitGroup
	early.Add(workers / 2)
	loaded := make(chan struct{})
	if isKeyLoader {
		go func() {
			defer close(loaded)
			early.Wait()
			cs, err := s.Load(r.ctx)
			deliver("Load", cs, err)
		}()
	} else {
		// Without a KeyLoader, the Monster writes once Load has returned.
		cs, err := s.Load(r.ctx)
		deliver("Load", cs, err)
		close(loaded)
	}
	final := make([][]*cookie, workers)
	for w := range workers {
		writers.Go(func() {
			if isKeyLoader {
				cs, err := kl.LoadKey(r.ctx, keyOf(w))
				deliver(fmt.Sprintf("LoadKey(%q)", keyOf(w)), cs, err)
				if w < workers/2 {
					early.Done()
				}
				if len(cs) == 0 {
					// Load has them: the Monster waits for it.
					<-loaded
				}
			}
			kept := map[cookiemonster.UniqueKey]*cookie{}
			for _, c := range old[w] {
				kept[c.UniqueKey()] = c
			}
			s.Delete(clone(old[w][0]))
			delete(kept, old[w][0].UniqueKey())
			u := clone(old[w][1])
			u.LastAccess = u.LastAccess.Add(time.Hour)
			s.UpdateAccessTime(clone(u))
			kept[u.UniqueKey()] = u
			for j := range ops {
				c := mk(1000+w*ops+j, "n"+strconv.Itoa(j), "www."+keyOf(w), "/")
				add(s, c)
				kept[c.UniqueKey()] = c
				if j%2 == 0 {
					u := clone(c)
					u.LastAccess = c.LastAccess.Add(time.Hour)
					s.UpdateAccessTime(clone(u))
					kept[c.UniqueKey()] = u
				}
				if j%3 == 0 {
					s.Delete(clone(c))
					delete(kept, c.UniqueKey())
				}
				if j%16 == 15 {
					if err := s.Flush(r.ctx); err != nil {
						r.failf("Flush: %v", err)
					}
				}
				if isKeyLoader && j%20 == 10 {
					cs, err := kl.LoadKey(r.ctx, keyOf(w))
					if err != nil {
						r.failf("LoadKey(%q) again: %v", keyOf(w), err)
					}
					r.expect(fmt.Sprintf("LoadKey(%q) again, while writing", keyOf(w)), cs, nil)
				}
			}
			for _, c := range kept {
				final[w] = append(final[w], c)
			}
		})
	}
	stop := make(chan struct{})
	var flusher sync.WaitGroup
	flusher.Go(func() {
		for {
			select {
			case <-stop:
				return
			default:
			}
			if err := s.Flush(r.ctx); err != nil {
				r.failf("Flush: %v", err)
				return
			}
			time.Sleep(time.Millisecond)
		}
	})
	writers.Wait()
	<-loaded
	close(stop)
	flusher.Wait()
	r.require("the loads, together", delivered, all)
	r.flush(s)
	_, got := r.reload(s)
	r.require("reopened after the concurrent writes", got, slices.Concat(final...))
}

func checkWritesDoNotBlock(r *run) {
	if r.b.Stall == nil {
		r.skipf("the Backing has no Stall function")
	}
	const ops = 300
	a := mk(1, "a", "www.example.com", "/")
	s := r.fresh()
	add(s, a)
	r.flush(s)
	release, err := r.b.Stall()
	if err != nil {
		r.fatalf("stalling the backing: %v", err)
	}
	released := false
	defer func() {
		if !released {
			_ = release()
		}
	}()
	// A commit waits for the backing.
	add(s, mk(2, "b", "www.example.com", "/b"))
	flushed := make(chan error, 1)
	go func() { flushed <- s.Flush(r.ctx) }()
	time.Sleep(100 * time.Millisecond)

	want := []*cookie{a, mk(2, "b", "www.example.com", "/b")}
	var cs []*cookie
	for i := range ops {
		cs = append(cs, mk(100+i, "n"+strconv.Itoa(i), "www.example.com", "/"))
	}
	returned := r.within(time.Second, fmt.Sprintf("%d calls of Add, UpdateAccessTime and Delete while a commit waits for the backing", ops+ops+ops/2), func() {
		for i, c := range cs {
			add(s, c)
			u := clone(c)
			u.LastAccess = u.LastAccess.Add(time.Hour)
			s.UpdateAccessTime(u)
			if i%2 == 0 {
				s.Delete(clone(c))
			}
		}
	})
	released = true
	if err := release(); err != nil {
		r.fatalf("releasing the backing: %v", err)
	}
	if !returned {
		panic(abort{})
	}
	if err := <-flushed; err != nil {
		r.failf("Flush waiting for the stalled backing: %v", err)
	}
	for i, c := range cs {
		if i%2 == 1 {
			u := clone(c)
			u.LastAccess = u.LastAccess.Add(time.Hour)
			want = append(want, u)
		}
	}
	r.flush(s)
	_, got := r.reload(s)
	r.require("reopened", got, want)
}
