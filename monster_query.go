package cookiemonster

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strings"
	"time"
)

// eachLocked calls fn for every stored cookie with its key in Chromium's
// order of its cookie maps: the unpartitioned cookies by key, then the
// partitioned ones by partition and key, each key's in the order stored.
// fn must not change the store.
func (m *Monster) eachLocked(fn func(key string, c *CanonicalCookie)) {
	each := func(byKey map[string][]*CanonicalCookie) {
		for _, key := range slices.Sorted(maps.Keys(byKey)) {
			for _, c := range byKey[key] {
				fn(key, c)
			}
		}
	}
	each(m.cookies)
	for _, p := range slices.SortedFunc(maps.Keys(m.partitioned), comparePartitionKeys) {
		each(m.partitioned[p])
	}
}

// deleteWhereLocked removes every cookie for which match is true with
// cause (notifying global subscribers) and returns how many. Each key's list
// is filtered in one pass.
func (m *Monster) deleteWhereLocked(cause ChangeCause, match func(key string, c *CanonicalCookie) bool) int {
	var doomed []keyedCookie
	filter := func(key string, list []*CanonicalCookie) []*CanonicalCookie {
		kept := list[:0]
		for _, c := range list {
			if match(key, c) {
				m.numBytes -= cookieSize(c)
				doomed = append(doomed, keyedCookie{key, c})
			} else {
				kept = append(kept, c)
			}
		}
		clear(list[len(kept):])
		return kept
	}
	for key, list := range m.cookies {
		before := len(list)
		kept := filter(key, list)
		m.numCookies -= before - len(kept)
		if len(kept) == 0 {
			delete(m.cookies, key)
		} else {
			m.cookies[key] = kept
		}
	}
	for p, pm := range m.partitioned {
		for key, list := range pm {
			before := len(list)
			kept := filter(key, list)
			m.numParted -= before - len(kept)
			if len(kept) == 0 {
				delete(pm, key)
			} else {
				pm[key] = kept
			}
		}
		if len(pm) == 0 {
			delete(m.partitioned, p)
		}
	}
	for _, e := range doomed {
		m.forgetLocked(e.key, e.c, cause, true, true)
	}
	return len(doomed)
}

// deleteGlobal runs a global deletion and flushes the store when it deleted
// anything, as Chromium does, so that a deletion reaches the disk.
func (m *Monster) deleteGlobal(ctx context.Context, cause ChangeCause, match func(key string, c *CanonicalCookie) bool) (int, error) {
	if err := m.beginAll(ctx); err != nil {
		return 0, err
	}
	n := m.deleteWhereLocked(cause, match)
	m.unlockAndDeliver()
	if n > 0 && m.store != nil {
		if err := m.store.Flush(ctx); err != nil {
			return n, err
		}
	}
	return n, nil
}

// AllCookies returns copies of every cookie, partitioned ones included,
// sorted for a Cookie header. Cookies that tie (same path length and
// creation time) come as Chromium lists them: unpartitioned ones by storage
// key, then partitioned ones by partition and key. Expired cookies are
// deleted (cause Expired).
func (m *Monster) AllCookies(ctx context.Context) ([]*CanonicalCookie, error) {
	m.ready()
	if err := m.beginAll(ctx); err != nil {
		return nil, err
	}
	now := m.now()
	m.deleteWhereLocked(CauseExpired, func(_ string, c *CanonicalCookie) bool { return c.IsExpired(now) })
	out := make([]*CanonicalCookie, 0, m.numCookies+m.numParted)
	m.eachLocked(func(_ string, c *CanonicalCookie) {
		cp := *c
		out = append(out, &cp)
	})
	m.unlockAndDeliver()
	SortCookies(out)
	return out, nil
}

// Get returns the cookie named name that would be sent to u, as the
// WebExtension cookies.get does: HttpOnly and [SameSite] are ignored, domain,
// path and Secure apply; of several, the longest path wins, then the
// earliest creation. partition adds that partition's cookies (a nonced key
// hides the unpartitioned ones). It sees the cookies without a first-party
// domain (Cookies with Options.FirstPartyDomain reads another first
// party's). It returns nil when there is none.
func (m *Monster) Get(ctx context.Context, u *url.URL, name string, partition PartitionKey) (*CanonicalCookie, error) {
	m.ready()
	o := AllInclusiveOptions()
	o.Partition = partition
	inc, _, err := m.Cookies(ctx, u, o)
	if err != nil {
		return nil, err
	}
	for i := range inc {
		if inc[i].Cookie.Name == name {
			c := inc[i].Cookie
			return &c, nil
		}
	}
	return nil, nil
}

// CookieFilter selects cookies for GetAll, as the WebExtension
// cookies.getAll filter does. Every set field must match.
type CookieFilter struct {
	// URL keeps the cookies that would be sent to it (domain, path and
	// Secure apply; HttpOnly and SameSite do not).
	URL *url.URL
	// Name, when set, keeps the cookies with that exact name.
	Name *string
	// Domain, when not "", keeps the cookies whose domain is it or a
	// subdomain of it.
	Domain string
	// Path, when set, keeps the cookies with exactly that path.
	Path *string
	// Secure and Session, when set, keep the cookies with that
	// secureness, and session (true) or persistent (false) cookies.
	Secure, Session *bool
	// Partitions lists the partitions whose cookies are returned besides
	// the unpartitioned ones: none (the zero value), some, or all.
	Partitions PartitionKeyCollection
	// FirstPartyDomain, when set, keeps the cookies of that first-party
	// domain ("" for those set without one); nil: every first party.
	FirstPartyDomain *string
}

// matches reports whether c passes the filter; domain is the canonical
// Domain filter.
func (f *CookieFilter) matches(c *CanonicalCookie, domain string, now time.Time) bool {
	switch {
	case c.IsPartitioned() && !f.Partitions.Contains(c.Partition):
		return false
	case f.FirstPartyDomain != nil && c.FirstPartyDomain != *f.FirstPartyDomain,
		f.Name != nil && c.Name != *f.Name,
		f.Path != nil && c.Path != *f.Path,
		f.Secure != nil && c.Secure != *f.Secure,
		f.Session != nil && c.IsPersistent() == *f.Session:
		return false
	case domain != "" && !isSubdomainOrSame(c.DomainWithoutDot(), domain):
		return false
	case f.URL != nil && (!isCookieableScheme(f.URL.Scheme) ||
		!c.IncludeForRequestURL(f.URL, AllInclusiveOptions(), now).Status.IsInclude()):
		return false
	}
	return true
}

// GetAll returns copies of the cookies that pass filter, sorted for a
// Cookie header. Expired cookies are deleted (cause Expired).
func (m *Monster) GetAll(ctx context.Context, filter CookieFilter) ([]*CanonicalCookie, error) {
	m.ready()
	all, err := m.AllCookies(ctx)
	if err != nil {
		return nil, err
	}
	domain := strings.TrimPrefix(strings.ToLower(filter.Domain), ".")
	if domain != "" {
		if d, ok := canonicalDomainFilter(domain); ok {
			domain = d
		}
	}
	now := m.now()
	out := all[:0]
	for _, c := range all {
		if filter.matches(c, domain, now) {
			out = append(out, c)
		}
	}
	return out, nil
}

// canonicalDomainFilter canonicalizes a domain given to a filter.
func canonicalDomainFilter(d string) (string, bool) {
	u := url.URL{Scheme: "https", Host: d}
	return canonicalURLHost(&u)
}

// Set stores a cookie given by its fields, as the WebExtension cookies.set
// and Electron's cookies.set do: validated like [NewSanitizedCookie], then set
// from d.URL as an HTTP access in a same-site context in d.Partition. It
// returns the stored cookie, or nil and the reasons it was refused; a nil
// d.URL is [ErrNilURL].
func (m *Monster) Set(ctx context.Context, d CookieDetails) (*CanonicalCookie, InclusionStatus, error) {
	o := Options{IncludeHTTPOnly: true, SameSite: MakeSameSiteContext(ContextStrict)}
	return m.SetWithOptions(ctx, d, o)
}

// SetWithOptions is [Monster.Set] in the access o rather than Set's
// same-site HTTP access: Electron's cookies.set, for one, includes HttpOnly
// only when the cookie is HttpOnly, so that it cannot replace an HttpOnly
// cookie with one that is not. The partition and first-party domain come
// from d, whatever o says.
func (m *Monster) SetWithOptions(ctx context.Context, d CookieDetails, o Options) (*CanonicalCookie, InclusionStatus, error) {
	m.ready()
	if d.PublicSuffixList == nil {
		d.PublicSuffixList = m.psl
	}
	o.Partition, o.FirstPartyDomain = d.Partition, d.FirstPartyDomain
	if d.URL == nil {
		res, err := m.refuseNilURL(DoorMonster, "", &o)
		return nil, res.Status, err
	}
	c, st := NewSanitizedCookie(d, m.now())
	if c == nil {
		if m.observingSets() {
			res := AccessResult{Status: st, EffectiveSameSite: EffectiveUndefined}
			m.observeSet(DoorMonster, d.URL, "", nil, res, false, nil)
		}
		return nil, st, nil
	}
	r := newKeyedURL(d.URL)
	req := setRequest{cookie: c, source: d.URL, url: &r, opts: &o, created: st, returnStored: true}
	res, stored, err := m.setCanonical(ctx, m.now(), req)
	if err != nil || !res.Status.IsInclude() || stored == nil {
		return nil, res.Status, err
	}
	return stored, res.Status, nil
}

// Remove deletes the cookies named name that would be sent to u (HttpOnly
// and [SameSite] ignored) in exactly partition (zero: the unpartitioned
// cookies), as the WebExtension cookies.remove does, and returns copies of
// what it removed (cause Explicit). Like [Monster.Get], it sees the cookies
// without a first-party domain; DeleteMatching with
// DeletionInfo.FirstPartyDomain removes another first party's. A nil u is
// [ErrNilURL].
func (m *Monster) Remove(ctx context.Context, u *url.URL, name string, partition PartitionKey) ([]*CanonicalCookie, error) {
	m.ready()
	if u == nil {
		return nil, ErrNilURL
	}
	h, ok := canonicalURLHost(u)
	if !ok || !isCookieableScheme(u.Scheme) {
		return nil, nil
	}
	key, err := m.beginHost(ctx, h)
	if err != nil {
		return nil, err
	}
	now := m.now()
	r := newRequestURL(u)
	all := AllInclusiveOptions()
	var removed []*CanonicalCookie
	for _, c := range append([]*CanonicalCookie(nil), m.listLocked(key, partition)...) {
		if c.IsExpired(now) {
			m.removeLocked(key, c, CauseExpired, true, true)
			continue
		}
		if c.Name == name && c.FirstPartyDomain == "" && c.includeFor(&r, &all, now).Status.IsInclude() {
			cp := *c
			removed = append(removed, &cp)
			m.removeLocked(key, c, CauseExplicit, true, true)
		}
	}
	m.unlockAndDeliver()
	SortCookies(removed)
	return removed, nil
}

// DeleteCanonicalCookie deletes the stored cookie equivalent to c with the
// same value (cause Explicit) and reports how many it deleted: 0 or 1.
func (m *Monster) DeleteCanonicalCookie(ctx context.Context, c *CanonicalCookie) (int, error) {
	m.ready()
	if c == nil {
		return 0, ErrNilCookie
	}
	key, err := m.beginHost(ctx, c.Domain)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, ex := range m.listLocked(key, c.Partition) {
		if ex.IsEquivalent(c) && ex.Value == c.Value {
			m.removeLocked(key, ex, CauseExplicit, true, true)
			n = 1
			break
		}
	}
	m.unlockAndDeliver()
	if n > 0 && m.store != nil {
		return n, m.store.Flush(ctx)
	}
	return n, nil
}

// TimeRange is a range of creation times [Start, End). A zero bound is
// open; Start == End (not zero) is exactly that instant.
type TimeRange struct {
	Start, End time.Time
}

// contains reports whether t is in the range.
func (r TimeRange) contains(t time.Time) bool {
	if !r.Start.IsZero() && r.Start.Equal(r.End) {
		return t.Equal(r.Start)
	}
	return (r.Start.IsZero() || !t.Before(r.Start)) && (r.End.IsZero() || t.Before(r.End))
}

// DeleteAllCreatedInTimeRange deletes every cookie, partitioned ones
// included, created in r (cause Explicit), and reports how many.
func (m *Monster) DeleteAllCreatedInTimeRange(ctx context.Context, r TimeRange) (int, error) {
	m.ready()
	return m.deleteGlobal(ctx, CauseExplicit, func(_ string, c *CanonicalCookie) bool { return r.contains(c.Creation) })
}

// DeleteAll deletes every cookie (cause Explicit) and reports how many.
func (m *Monster) DeleteAll(ctx context.Context) (int, error) {
	m.ready()
	return m.DeleteAllCreatedInTimeRange(ctx, TimeRange{})
}

// DeleteSessionCookies deletes every session cookie (cause Expired, as in
// Chromium) and reports how many.
func (m *Monster) DeleteSessionCookies(ctx context.Context) (int, error) {
	m.ready()
	return m.deleteGlobal(ctx, CauseExpired, func(_ string, c *CanonicalCookie) bool { return !c.IsPersistent() })
}

// DeleteMatchingFunc deletes every cookie for which match is true (cause
// Explicit) and reports how many. match runs with the store locked: it must
// not call the [Monster].
func (m *Monster) DeleteMatchingFunc(ctx context.Context, match func(c *CanonicalCookie) bool) (int, error) {
	m.ready()
	return m.deleteGlobal(ctx, CauseExplicit, func(_ string, c *CanonicalCookie) bool { return match(c) })
}

// SessionControl selects session or persistent cookies in a [DeletionInfo].
type SessionControl int8

// Session controls. The zero value ignores the distinction.
const (
	IgnoreSessionControl SessionControl = iota
	SessionCookiesOnly
	PersistentCookiesOnly
)

// defined reports whether s is one of the session controls above.
func (s SessionControl) defined() bool {
	return s >= IgnoreSessionControl && s <= PersistentCookiesOnly
}

// DeletionInfo selects cookies to delete, as Chromium's CookieDeletionInfo:
// a cookie is deleted when every field that is set selects it. A zero
// DeletionInfo would select every cookie: [Monster.DeleteMatching] refuses
// it, and [Monster.DeleteAll] says so.
type DeletionInfo struct {
	// Creation selects the cookies created in the range; zero: any.
	Creation TimeRange
	// Session selects session or persistent cookies; zero: both.
	Session SessionControl
	// Host, when not "", selects the host-only cookies whose host is Host
	// or a subdomain of it.
	Host string
	// Name and Value, when not nil, select the cookies with that name,
	// that value.
	Name, Value *string
	// URL, when not nil, selects the cookies that would be sent to it
	// (domain, path and Secure apply; SameSite and HttpOnly do not).
	URL *url.URL
	// DomainsAndIPsToDelete, when not nil, selects the cookies whose
	// registrable domain (eTLD+1), or IP address or dotless host when they
	// have none, is listed: "example.com" selects the cookies of
	// example.com and of every subdomain. Each entry must be such a key: a
	// subdomain ("www.example.com") is an error, since it could select
	// nothing. An empty list selects nothing.
	// DomainsAndIPsToIgnore, under the same rules, keeps the cookies it
	// lists, and wins.
	DomainsAndIPsToDelete, DomainsAndIPsToIgnore []string
	// Partitions, when not nil, limits the partitioned cookies selected to
	// its partitions; nil: every partition.
	Partitions *PartitionKeyCollection
	// PartitionedStateOnly selects partitioned cookies only.
	PartitionedStateOnly bool
	// FirstPartyDomain, when not nil, selects the cookies of that
	// first-party domain ("" for those set without one). URL selects
	// among every first party's cookies.
	FirstPartyDomain *string
}

// ErrDeletionInfo is wrapped by the errors of a DeletionInfo that
// [Monster.DeleteMatching] refuses, deleting nothing: a zero DeletionInfo
// (use DeleteAll), an unknown Session, a Host that is not a host, an entry
// of DomainsAndIPsToDelete or DomainsAndIPsToIgnore that is not a
// registrable domain or IP address.
var ErrDeletionInfo = errors.New("cookiemonster: bad DeletionInfo")

// deletionInfoError is an error wrapping ErrDeletionInfo that names the
// field and the problem: its message follows "cookiemonster: DeletionInfo".
type deletionInfoError string

func (e deletionInfoError) Error() string { return "cookiemonster: DeletionInfo" + string(e) }
func (e deletionInfoError) Unwrap() error { return ErrDeletionInfo }

// isZero reports whether info sets no field.
func (info *DeletionInfo) isZero() bool {
	return info.Creation.Start.IsZero() && info.Creation.End.IsZero() && info.Session == IgnoreSessionControl && info.Host == "" &&
		info.Name == nil && info.Value == nil && info.URL == nil &&
		info.DomainsAndIPsToDelete == nil && info.DomainsAndIPsToIgnore == nil &&
		info.Partitions == nil && !info.PartitionedStateOnly && info.FirstPartyDomain == nil
}

// DeleteMatching deletes every cookie that info selects (cause Explicit)
// and reports how many. It refuses, with an error wrapping
// [ErrDeletionInfo] and deleting nothing, a zero info (which would
// delete every cookie: call [Monster.DeleteAll]) and a field given a value
// it cannot match.
func (m *Monster) DeleteMatching(ctx context.Context, info DeletionInfo) (int, error) {
	m.ready()
	if info.isZero() {
		return 0, deletionInfoError(": a zero DeletionInfo selects every cookie; call DeleteAll to delete them all")
	}
	if !info.Session.defined() {
		return 0, deletionInfoError(fmt.Sprintf(".Session: unknown SessionControl %d", info.Session))
	}
	now := m.now()
	hostName := ""
	if info.Host != "" {
		var ok bool
		if hostName, ok = canonicalDomainFilter(info.Host); !ok {
			return 0, deletionInfoError(fmt.Sprintf(".Host: %q is not a host name or IP address", info.Host))
		}
	}
	toDelete, err := m.domainSet("DomainsAndIPsToDelete", info.DomainsAndIPsToDelete)
	if err != nil {
		return 0, err
	}
	toIgnore, err := m.domainSet("DomainsAndIPsToIgnore", info.DomainsAndIPsToIgnore)
	if err != nil {
		return 0, err
	}
	return m.deleteGlobal(ctx, CauseExplicit, func(key string, c *CanonicalCookie) bool {
		switch {
		case !info.Creation.contains(c.Creation),
			info.Session == SessionCookiesOnly && c.IsPersistent(),
			info.Session == PersistentCookiesOnly && !c.IsPersistent(),
			info.Host != "" && (!c.IsHostOnly() || !c.IsDomainMatch(hostName)),
			info.Name != nil && c.Name != *info.Name,
			info.Value != nil && c.Value != *info.Value,
			info.URL != nil && !c.IncludeForRequestURL(info.URL, AllInclusiveOptions(), now).Status.IsInclude(),
			toDelete != nil && !toDelete[key],
			toIgnore[key],
			info.PartitionedStateOnly && !c.IsPartitioned(),
			info.FirstPartyDomain != nil && c.FirstPartyDomain != *info.FirstPartyDomain,
			c.IsPartitioned() && info.Partitions != nil && !info.Partitions.Contains(c.Partition):
			return false
		}
		return true
	})
}

// domainSet canonicalizes a list of storage keys (eTLD+1s, IP addresses,
// dotless hosts) into a set, or names the first entry that is not one;
// nil stays nil.
func (m *Monster) domainSet(field string, list []string) (map[string]bool, error) {
	if list == nil {
		return nil, nil
	}
	s := make(map[string]bool, len(list))
	for i, d := range list {
		h, ok := canonicalDomainFilter(strings.TrimPrefix(d, "."))
		if !ok {
			return nil, deletionInfoError(fmt.Sprintf(".%s[%d]: %q is not a host name or IP address", field, i, d))
		}
		if key := keyOf(m.psl, h); key != h {
			return nil, deletionInfoError(fmt.Sprintf(".%s[%d]: %q is not a registrable domain (eTLD+1) or IP address; its registrable domain is %q", field, i, d, key))
		}
		s[h] = true
	}
	return s, nil
}
