package webext

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cookiemonster-go/cookiemonster"
)

// Options configures an API.
type Options struct {
	// HostPermissions are the extension's host permissions, as match
	// patterns: AllURLs ("<all_urls>"), "*://*.example.com/*",
	// "https://a.example/*", "http://127.0.0.1/*". The scheme "*" is
	// http, https, ws and wss; the host "*" is any host, and "*." starts
	// a host and its subdomains; a port (":8080", ":*") may follow the
	// host, as Chrome allows; the path is required and ignored, as
	// browsers ignore it for host permissions.
	//
	// Empty, the API has no host permissions, as an extension that
	// declares none: Get, Set, Remove and Import fail, and GetAll, Export
	// and OnChanged see no cookie. AllHosts gives an API every host.
	HostPermissions []string
	// PublicSuffixList decides the sites of partition keys; nil: the
	// set's (StoreSet.Config), which the API reads itself.
	//
	// Deprecated: leave it nil. A list given here is still used in place of
	// the set's, and must be the set's.
	PublicSuffixList cookiemonster.PublicSuffixList
}

// AllHosts returns Options whose host permissions cover every URL and
// cookie: []string{AllURLs}.
func AllHosts() Options { return Options{HostPermissions: []string{AllURLs}} }

// API is the WebExtension cookies namespace over the stores of a
// cookiemonster.StoreSet. Each method is the namespace's function of the
// same name, a Go error for a rejected promise. An API is safe for
// concurrent use. Create one with New; the zero API has no host
// permissions and works over a StoreSet of its own, and must not be copied
// after first use.
type API struct {
	set   *cookiemonster.StoreSet
	own   cookiemonster.StoreSet
	perms permissions
	psl   cookiemonster.PublicSuffixList
}

// New returns the API over set with opts; a nil set is a memory-only set of
// the API's own. It fails, naming the pattern, when a host permission is
// not a match pattern.
func New(set *cookiemonster.StoreSet, opts Options) (*API, error) {
	perms, err := newPermissions(opts.HostPermissions)
	if err != nil {
		return nil, err
	}
	return &API{set: set, perms: perms, psl: opts.PublicSuffixList}, nil
}

// publicSuffixList returns the list that decides sites: Options'
// PublicSuffixList, else the set's.
func (a *API) publicSuffixList() cookiemonster.PublicSuffixList {
	if a.psl != nil {
		return a.psl
	}
	return a.storeSet().Config().PublicSuffixList
}

// storeSet returns the set the API works over.
func (a *API) storeSet() *cookiemonster.StoreSet {
	if a.set != nil {
		return a.set
	}
	return &a.own
}

// store returns the Monster of the store id ("": the default store) and
// its ID.
func (a *API) store(ctx context.Context, id string) (*cookiemonster.Monster, string, error) {
	if id == "" {
		id = cookiemonster.DefaultStoreID
	}
	m, err := a.storeSet().Store(ctx, id)
	switch {
	case errors.Is(err, cookiemonster.ErrNoStore):
		return nil, id, fmt.Errorf("webext: invalid cookie store id %q: %w", id, cookiemonster.ErrNoStore)
	case err != nil:
		return nil, id, fmt.Errorf("webext: cookie store %q: %w", id, err)
	}
	return m, id, nil
}

// parseURL parses the url field of details, without its query and
// fragment.
func parseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil || !u.IsAbs() {
		return nil, fmt.Errorf("%w: invalid url %q", ErrInvalidDetails, raw)
	}
	u.RawQuery, u.ForceQuery, u.Fragment, u.RawFragment = "", false, "", ""
	return u, nil
}

// permittedURL parses the url field of details and checks it against the
// host permissions.
func (a *API) permittedURL(raw string) (*url.URL, error) {
	u, err := parseURL(raw)
	if err != nil {
		return nil, err
	}
	if !a.perms.allowsURL(u) {
		return nil, a.perms.errNotAllowed(raw)
	}
	return u, nil
}

// isolating reports whether the set isolates first parties.
func (a *API) isolating() bool { return a.storeSet().Config().FirstPartyIsolation }

// firstPartyOf resolves the firstPartyDomain of get, set and remove, as
// Firefox does: nil (absent or null) is "", the cookies set without one,
// and an error under first-party isolation.
func (a *API) firstPartyOf(d *string) (string, error) {
	switch {
	case d != nil:
		return *d, nil
	case a.isolating():
		return "", ErrFirstPartyDomainRequired
	}
	return "", nil
}

// firstPartiesOf resolves the firstPartyDomain of getAll into a filter:
// null is every first party (nil); absent is "", and an error under
// first-party isolation.
func (a *API) firstPartiesOf(f FirstPartyFilter) (*string, error) {
	if f.IsAll() {
		return nil, nil
	}
	d, ok := f.Domain()
	if !ok && a.isolating() {
		return nil, ErrFirstPartyDomainRequired
	}
	return &d, nil
}

// errFirstPartyPartitioned is the error of a set with a first-party domain
// and a partitionKey.
var errFirstPartyPartitioned = fmt.Errorf("%w: partitioned cookies cannot have a 'firstPartyDomain' attribute", ErrInvalidDetails)

// site parses a topLevelSite.
func (a *API) site(s string) (cookiemonster.Site, error) {
	u, err := url.Parse(s)
	if err == nil && u.Scheme != "" && u.Host != "" {
		if site := cookiemonster.SiteOf(u, a.publicSuffixList()); !site.IsOpaque() {
			return site, nil
		}
	}
	return cookiemonster.Site{}, fmt.Errorf("%w: partitionKey.topLevelSite %q is not a site such as \"https://example.com\"", ErrInvalidDetails, s)
}

// errCrossSiteWithoutSite is the error of {hasCrossSiteAncestor} alone.
var errCrossSiteWithoutSite = fmt.Errorf("%w: partitionKey.hasCrossSiteAncestor without partitionKey.topLevelSite", ErrInvalidDetails)

// errUnpartitionedCrossSite is the error of {topLevelSite: "", hasCrossSiteAncestor: true}.
var errUnpartitionedCrossSite = fmt.Errorf("%w: partitionKey with an empty topLevelSite (unpartitioned) and hasCrossSiteAncestor true", ErrInvalidDetails)

// partitionFor resolves the partitionKey of get, set and remove for the
// URL u: nil, {} and {topLevelSite: ""} are the unpartitioned cookies; a
// site without hasCrossSiteAncestor takes the bit u implies (u is
// cross-site with the top-level site), as Chrome's get and set and
// Firefox compute it. cross reports whether u is cross-site with the site.
func (a *API) partitionFor(k *PartitionKey, u *url.URL) (key cookiemonster.PartitionKey, cross bool, err error) {
	if k == nil {
		return key, false, nil
	}
	if k.TopLevelSite == nil {
		if k.HasCrossSiteAncestor != nil {
			return key, false, errCrossSiteWithoutSite
		}
		return key, false, nil
	}
	if *k.TopLevelSite == "" {
		if k.HasCrossSiteAncestor != nil && *k.HasCrossSiteAncestor {
			return key, false, errUnpartitionedCrossSite
		}
		return key, false, nil
	}
	site, err := a.site(*k.TopLevelSite)
	if err != nil {
		return key, false, err
	}
	cross = !cookiemonster.SiteOf(u, a.publicSuffixList()).SameSiteAs(site, true)
	bit := cross
	if k.HasCrossSiteAncestor != nil {
		bit = *k.HasCrossSiteAncestor
	}
	key, err = cookiemonster.NewPartitionKeyFromSite(site, bit)
	if err != nil {
		return key, false, fmt.Errorf("%w: partitionKey: %w", ErrInvalidDetails, err)
	}
	return key, cross, nil
}

// partitionFilter is what the partitionKey of getAll selects.
type partitionFilter struct {
	partitions      cookiemonster.PartitionKeyCollection
	partitionedOnly bool
}

// partitionsFor resolves the partitionKey of getAll, as Chrome does: nil
// and {topLevelSite: ""} are the unpartitioned cookies; {} every cookie; a
// site the cookies of its partitions, with either bit or the one given.
func (a *API) partitionsFor(k *PartitionKey) (partitionFilter, error) {
	var f partitionFilter
	switch {
	case k == nil:
		return f, nil
	case k.TopLevelSite == nil:
		if k.HasCrossSiteAncestor != nil {
			return f, errCrossSiteWithoutSite
		}
		f.partitions = cookiemonster.AllPartitions()
		return f, nil
	case *k.TopLevelSite == "":
		if k.HasCrossSiteAncestor != nil && *k.HasCrossSiteAncestor {
			return f, errUnpartitionedCrossSite
		}
		return f, nil
	}
	site, err := a.site(*k.TopLevelSite)
	if err != nil {
		return f, err
	}
	bits := []bool{false, true}
	if k.HasCrossSiteAncestor != nil {
		bits = []bool{*k.HasCrossSiteAncestor}
	}
	var keys []cookiemonster.PartitionKey
	for _, b := range bits {
		key, err := cookiemonster.NewPartitionKeyFromSite(site, b)
		if err != nil {
			return f, fmt.Errorf("%w: partitionKey: %w", ErrInvalidDetails, err)
		}
		keys = append(keys, key)
	}
	f.partitions = cookiemonster.PartitionKeys(keys...)
	f.partitionedOnly = true
	return f, nil
}

// partitionKeyOf returns the API form of a cookie's partition key: nil
// for an unpartitioned cookie; ok is false for a nonced key, which the API
// cannot represent (Chrome drops such cookies from its events too).
func partitionKeyOf(k cookiemonster.PartitionKey) (pk *PartitionKey, ok bool) {
	if !k.IsPartitioned() {
		return nil, true
	}
	site, cross, err := k.Serialize()
	if err != nil {
		return nil, false
	}
	return NewPartitionKey(site, cross), true
}

// CookieOf returns the stored cookie c as the store storeID reports it to
// an extension; ok is false for a cookie of a nonced partition, which the
// API cannot represent.
func CookieOf(c *cookiemonster.CanonicalCookie, storeID string) (Cookie, bool) {
	pk, ok := partitionKeyOf(c.Partition)
	if !ok {
		return Cookie{}, false
	}
	out := Cookie{
		Name:         c.Name,
		Value:        c.Value,
		Domain:       c.Domain,
		HostOnly:     c.IsHostOnly(),
		Path:         c.Path,
		Secure:       c.Secure,
		HTTPOnly:     c.HTTPOnly,
		SameSite:     sameSiteFrom(c.SameSite),
		Session:      !c.IsPersistent(),
		StoreID:      storeID,
		PartitionKey: pk,

		FirstPartyDomain: c.FirstPartyDomain,
	}
	if c.IsPersistent() {
		out.ExpirationDate = ExpirationDate(c.Expiry)
	}
	return out, true
}

// Get returns the cookie named d.Name that would be sent to d.URL, as
// cookies.get does: domain, path and Secure apply, HttpOnly and SameSite do
// not; of several, the one with the longest path, then the earliest
// creation. It returns nil when there is none. d.URL must be covered by
// the host permissions; d.PartitionKey selects the partition (nil: the
// unpartitioned cookies; {topLevelSite}: that site's partition, with the
// cross-site bit d.URL implies unless given), and d.FirstPartyDomain the
// first party (nil: the cookies set without one; required under
// first-party isolation, ErrFirstPartyDomainRequired).
func (a *API) Get(ctx context.Context, d GetDetails) (*Cookie, error) {
	if a == nil {
		return nil, ErrNilAPI
	}
	fpd, err := a.firstPartyOf(d.FirstPartyDomain)
	if err != nil {
		return nil, err
	}
	u, err := a.permittedURL(d.URL)
	if err != nil {
		return nil, err
	}
	m, id, err := a.store(ctx, d.StoreID)
	if err != nil {
		return nil, err
	}
	key, _, err := a.partitionFor(d.PartitionKey, u)
	if err != nil {
		return nil, err
	}
	list, err := readable(ctx, m, u, key, fpd)
	if err != nil {
		return nil, fmt.Errorf("webext: cookies.get: %w", err)
	}
	for i := range list {
		if c := &list[i].Cookie; c.Name == d.Name {
			if out, ok := CookieOf(c, id); ok {
				return &out, nil
			}
		}
	}
	return nil, nil
}

// readable returns the cookies of exactly the partition key and the first
// party fpd that would be sent to u, HttpOnly and SameSite ignored, sorted
// for a Cookie header.
func readable(ctx context.Context, m *cookiemonster.Monster, u *url.URL, key cookiemonster.PartitionKey, fpd string) ([]cookiemonster.CookieWithAccessResult, error) {
	o := cookiemonster.AllInclusiveOptions()
	o.Partition, o.FirstPartyDomain = key, fpd
	list, _, err := m.Cookies(ctx, u, o)
	if err != nil {
		return nil, err
	}
	out := list[:0]
	for _, c := range list {
		if c.Cookie.Partition == key {
			out = append(out, c)
		}
	}
	return out, nil
}

// GetAll returns the cookies of a store that pass every field of d, as
// cookies.getAll does, sorted as RFC 6265 §5.4 sorts a Cookie header:
// longest path first, then earliest creation. Only cookies covered by the
// host permissions are returned; a url outside them is not an error, its
// cookies are filtered out, as browsers do. The result is never nil.
func (a *API) GetAll(ctx context.Context, d GetAllDetails) ([]Cookie, error) {
	if a == nil {
		return nil, ErrNilAPI
	}
	fps, err := a.firstPartiesOf(d.FirstPartyDomain)
	if err != nil {
		return nil, err
	}
	var u *url.URL
	if d.URL != "" {
		if u, err = parseURL(d.URL); err != nil {
			return nil, err
		}
	}
	m, id, err := a.store(ctx, d.StoreID)
	if err != nil {
		return nil, err
	}
	pf, err := a.partitionsFor(d.PartitionKey)
	if err != nil {
		return nil, err
	}
	out := []Cookie{}
	if d.Domain != nil && strings.TrimPrefix(*d.Domain, ".") == "" {
		return out, nil // no cookie has the empty domain
	}
	filter := cookiemonster.CookieFilter{URL: u, Name: d.Name, Path: d.Path, Secure: d.Secure, Session: d.Session,
		Partitions: pf.partitions, FirstPartyDomain: fps}
	if d.Domain != nil {
		filter.Domain = *d.Domain
	}
	list, err := m.GetAll(ctx, filter)
	if err != nil {
		return nil, fmt.Errorf("webext: cookies.getAll: %w", err)
	}
	for _, c := range list {
		if (pf.partitionedOnly && !c.IsPartitioned()) || !a.perms.coversCookie(c) {
			continue
		}
		if ck, ok := CookieOf(c, id); ok {
			out = append(out, ck)
		}
	}
	return out, nil
}

// Set stores a cookie, as cookies.set does, and returns it as stored. The
// cookie is judged as Chromium's CreateSanitizedCookie and an HTTP set from
// d.URL in a same-site context judge it; a refusal is a *SetError naming
// every reason. A d.ExpirationDate in the past deletes the equivalent
// cookie (a change with cause expired_overwrite) and Set returns nil and
// no error, as browsers resolve with no cookie. d.URL must be covered by
// the host permissions. A partitionKey whose hasCrossSiteAncestor is
// false while d.URL is cross-site with its topLevelSite is refused, as
// Chrome refuses it.
//
// The cookie is set under d.FirstPartyDomain (nil: none), which is
// required under first-party isolation (ErrFirstPartyDomainRequired); it
// only replaces a cookie of the same first party. As in Firefox, a
// non-empty firstPartyDomain with any partitionKey, {} included, is
// refused (ErrInvalidDetails).
func (a *API) Set(ctx context.Context, d SetDetails) (*Cookie, error) {
	if a == nil {
		return nil, ErrNilAPI
	}
	ck, _, err := a.setCookie(ctx, d, time.Time{}, false)
	return ck, err
}

// setCookie is Set with a creation time (zero: the store's now); it also
// returns the stored cookie. imported allows a first party with a
// partitionKey, which Set refuses.
func (a *API) setCookie(ctx context.Context, d SetDetails, creation time.Time, imported bool) (*Cookie, *cookiemonster.CanonicalCookie, error) {
	fpd, err := a.firstPartyOf(d.FirstPartyDomain)
	if err != nil {
		return nil, nil, err
	}
	if fpd != "" && d.PartitionKey != nil && !imported {
		return nil, nil, errFirstPartyPartitioned
	}
	u, err := a.permittedURL(d.URL)
	if err != nil {
		return nil, nil, err
	}
	m, id, err := a.store(ctx, d.StoreID)
	if err != nil {
		return nil, nil, err
	}
	key, cross, err := a.partitionFor(d.PartitionKey, u)
	if err != nil {
		return nil, nil, err
	}
	if key.IsPartitioned() && cross && !key.CrossSiteAncestor() {
		return nil, nil, fmt.Errorf("%w: partitionKey.hasCrossSiteAncestor is false, but url %q is cross-site with topLevelSite %q", ErrInvalidDetails, d.URL, key.Site())
	}
	ss, ok := sameSiteTo(d.SameSite)
	if !ok {
		return nil, nil, fmt.Errorf("%w: sameSite %q is not one of \"no_restriction\", \"lax\", \"strict\", \"unspecified\"", ErrInvalidDetails, d.SameSite)
	}
	var expiry time.Time
	if d.ExpirationDate != nil {
		if expiry, ok = timeFromSeconds(*d.ExpirationDate); !ok {
			return nil, nil, fmt.Errorf("%w: expirationDate %s is not a date", ErrInvalidDetails, formatSeconds(*d.ExpirationDate))
		}
	}
	c, st, err := m.Set(ctx, cookiemonster.CookieDetails{
		URL:       u,
		Name:      d.Name,
		Value:     d.Value,
		Domain:    d.Domain,
		Path:      d.Path,
		Secure:    d.Secure,
		HTTPOnly:  d.HTTPOnly,
		Expiry:    expiry,
		SameSite:  ss,
		Partition: key,
		Creation:  creation,

		FirstPartyDomain: fpd,
	})
	switch {
	case err != nil:
		return nil, nil, fmt.Errorf("webext: cookies.set: %w", err)
	case !st.IsInclude():
		return nil, nil, &SetError{Name: d.Name, URL: d.URL, Status: st}
	case c == nil:
		return nil, nil, nil // already expired: it deleted its equivalent
	}
	out, _ := CookieOf(c, id)
	return &out, c, nil
}

// Remove deletes the cookies named d.Name that would be sent to d.URL in
// d.PartitionKey's partition (nil: the unpartitioned cookies) and
// d.FirstPartyDomain's first party (nil: the cookies set without one;
// required under first-party isolation), as cookies.remove does, and
// returns the details of the cookie removed: url and name as given, its
// store, its first-party domain and its partition key. It returns nil when
// there was none. Cookies of that name on several paths are all removed,
// as Chrome removes them. d.URL must be covered by the host permissions.
func (a *API) Remove(ctx context.Context, d RemoveDetails) (*RemoveDetails, error) {
	if a == nil {
		return nil, ErrNilAPI
	}
	fpd, err := a.firstPartyOf(d.FirstPartyDomain)
	if err != nil {
		return nil, err
	}
	u, err := a.permittedURL(d.URL)
	if err != nil {
		return nil, err
	}
	m, id, err := a.store(ctx, d.StoreID)
	if err != nil {
		return nil, err
	}
	key, _, err := a.partitionFor(d.PartitionKey, u)
	if err != nil {
		return nil, err
	}
	found, err := remove(ctx, m, u, d.Name, key, fpd)
	if err != nil {
		return nil, fmt.Errorf("webext: cookies.remove: %w", err)
	}
	if !found {
		return nil, nil
	}
	pk, _ := partitionKeyOf(key)
	return &RemoveDetails{URL: d.URL, Name: d.Name, StoreID: id, FirstPartyDomain: &fpd, PartitionKey: pk}, nil
}

// remove deletes the cookies named name that would be sent to u in exactly
// the partition key and the first party fpd, and reports whether there
// were any. (Monster.Remove would delete those of every first party.) A
// read first deletes the expired cookies (cause expired), as a remove in
// the browsers never reports one, and tells whether any is left to delete.
func remove(ctx context.Context, m *cookiemonster.Monster, u *url.URL, name string, key cookiemonster.PartitionKey, fpd string) (bool, error) {
	list, err := readable(ctx, m, u, key, fpd)
	if err != nil || !slices.ContainsFunc(list, func(c cookiemonster.CookieWithAccessResult) bool { return c.Cookie.Name == name }) {
		return false, err
	}
	info := cookiemonster.DeletionInfo{URL: u, Name: &name, FirstPartyDomain: &fpd,
		Partitions: &cookiemonster.PartitionKeyCollection{}}
	if key.IsPartitioned() {
		info.Partitions = new(cookiemonster.PartitionKeys(key))
		info.PartitionedStateOnly = true
	}
	n, err := m.DeleteMatching(ctx, info)
	return n > 0, err
}

// GetAllCookieStores lists the stores of the set, as
// cookies.getAllCookieStores does: the default store first, then the
// others by ID, open ones and the persistent ones the set's backend holds.
// A private store is incognito. There are no tabs: every TabIDs is empty.
func (a *API) GetAllCookieStores(ctx context.Context) ([]CookieStore, error) {
	if a == nil {
		return nil, ErrNilAPI
	}
	if _, _, err := a.store(ctx, ""); err != nil {
		return nil, err
	}
	infos, err := a.storeSet().Stores(ctx)
	if err != nil {
		return nil, fmt.Errorf("webext: cookies.getAllCookieStores: %w", err)
	}
	out := make([]CookieStore, 0, len(infos))
	for _, in := range infos {
		out = append(out, CookieStore{ID: in.ID, TabIDs: []int{}, Incognito: in.Kind == cookiemonster.StorePrivate})
	}
	return out, nil
}

// formatSeconds formats an expirationDate as JSON writes it.
func formatSeconds(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
