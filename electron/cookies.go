package electron

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"time"

	"github.com/cookiemonster-go/cookiemonster"
)

// Filter selects cookies for [Cookies.Get], as the filter of cookies.get;
// every field that is set must match. The pointer fields are Electron's
// optional ones: nil is "not given".
type Filter struct {
	// URL, when not "", keeps the unpartitioned cookies that would be sent
	// to it, HttpOnly and SameSite ignored; "" lists every cookie.
	URL string `json:"url,omitempty"`
	// Name keeps the cookies with exactly that name.
	Name *string `json:"name,omitempty"`
	// Domain keeps the cookies that domain-match it as a host: whose
	// domain is Domain, or domain cookies of which Domain is a subdomain
	// ("www.example.com" keeps ".example.com"). It is compared as given.
	Domain *string `json:"domain,omitempty"`
	// Path keeps the cookies with exactly that path.
	Path *string `json:"path,omitempty"`
	// Secure, Session and HTTPOnly keep the cookies with that Secure
	// attribute, session (true) or persistent (false) cookies, and the
	// cookies with that HttpOnly attribute.
	Secure   *bool `json:"secure,omitempty"`
	Session  *bool `json:"session,omitempty"`
	HTTPOnly *bool `json:"httpOnly,omitempty"`
}

// matches reports whether c passes the filter, as Electron's MatchesCookie.
func (f *Filter) matches(c *cookiemonster.CanonicalCookie) bool {
	switch {
	case f.Name != nil && *f.Name != c.Name,
		f.Path != nil && *f.Path != c.Path,
		f.Domain != nil && !c.IsDomainMatch(*f.Domain),
		f.Secure != nil && *f.Secure != c.Secure,
		f.Session != nil && *f.Session == c.IsPersistent(),
		f.HTTPOnly != nil && *f.HTTPOnly != c.HTTPOnly:
		return false
	}
	return true
}

// Details are the fields of a cookie for [Cookies.Set], as the details of
// cookies.set.
type Details struct {
	// URL is the URL the cookie is set from; it is required. Its host
	// gives the domain of a host-only cookie, its path the default path.
	URL string `json:"url"`
	// Name and Value are the cookie's name and value; "" by default.
	Name  string `json:"name,omitempty"`
	Value string `json:"value,omitempty"`
	// Domain makes a domain cookie, for the domain and its subdomains; ""
	// makes a host-only cookie.
	Domain string `json:"domain,omitempty"`
	// Path is the cookie's path; "" is the default path of URL.
	Path string `json:"path,omitempty"`
	// Secure is the Secure attribute; nil is true for SameSite
	// no_restriction and false otherwise.
	Secure *bool `json:"secure,omitempty"`
	// HTTPOnly is the HttpOnly attribute. A cookie that is not HttpOnly
	// may not overwrite one that is.
	HTTPOnly bool `json:"httpOnly,omitempty"`
	// ExpirationDate is the expiry in seconds since the Unix epoch (see
	// [UnixSeconds]); nil makes a session cookie. A date in the past, 0
	// (the epoch) included, deletes the cookie this one would replace, and
	// stores nothing.
	ExpirationDate *float64 `json:"expirationDate,omitempty"`
	// SameSite is the SameSite policy; "" is lax.
	SameSite SameSite `json:"sameSite,omitempty"`
}

// Get returns the cookies of the session that pass f, as cookies.get: with
// f.URL, the unpartitioned cookies that would be sent to it (HttpOnly and
// SameSite ignored), without it every cookie, partitioned ones included;
// each in the order of a Cookie header, longer paths first, then older
// cookies. A URL that does not parse, or whose scheme takes no cookies,
// matches none. Expired cookies met on the way are deleted (cause expired).
// The result is never nil.
func (c *Cookies) Get(ctx context.Context, f Filter) ([]Cookie, error) {
	m, err := c.monster(ctx)
	if err != nil {
		return nil, err
	}
	var list []*cookiemonster.CanonicalCookie
	if f.URL == "" {
		if list, err = m.AllCookies(ctx); err != nil {
			return nil, fmt.Errorf("electron: %w", err)
		}
	} else if u, perr := url.Parse(f.URL); perr == nil {
		inc, _, err := m.Cookies(ctx, u, cookiemonster.AllInclusiveOptions())
		if err != nil {
			return nil, fmt.Errorf("electron: %w", err)
		}
		list = make([]*cookiemonster.CanonicalCookie, len(inc))
		for i := range inc {
			list[i] = &inc[i].Cookie
		}
	}
	out := make([]Cookie, 0, len(list))
	for _, cc := range list {
		if f.matches(cc) {
			out = append(out, cookieOf(cc))
		}
	}
	return out, nil
}

// Set stores the cookie d describes, as cookies.set: validated as
// Chromium's CreateSanitizedCookie, then set from d.URL in a same-site
// context, with the right to overwrite an HttpOnly cookie only when the new
// one is HttpOnly. A cookie whose expiration date has passed deletes the
// cookie it replaces (cause expired-overwrite) and stores nothing; Set
// returns nil for it, as Electron resolves. The store is checked for an
// HttpOnly cookie to protect just before the set, not atomically with it:
// one that another goroutine sets in between may be overwritten.
//
// A rejection is a *[SetError] with Electron's message; it also wraps
// [ErrMissingURL] for an empty d.URL, [ErrInvalidSameSite] for an unknown
// d.SameSite, and the reasons the store refused the cookie with (a d.URL
// that does not parse, or has no scheme, is refused with
// [cookiemonster.ExcludeInvalidDomain] alone). Other errors come from the
// store: a closed one, a cancelled wait.
func (c *Cookies) Set(ctx context.Context, d Details) error {
	if c == nil {
		return ErrNilCookies
	}
	details, e := cookieDetails(d)
	if e != nil {
		return e
	}
	m, err := c.monster(ctx)
	if err != nil {
		return err
	}
	// The cookie as CreateSanitizedCookie makes it, to compare with the
	// stored ones; its times do not matter, and Set makes it again with
	// the store's clock and list.
	nc, created := cookiemonster.NewSanitizedCookie(details, time.Unix(0, 0))
	if !d.HTTPOnly && nc != nil {
		e, err := httpOnlyOverwrite(ctx, m, nc, details.URL)
		if err != nil {
			return fmt.Errorf("electron: %w", err)
		}
		if e != nil {
			return e
		}
	}
	_, st, err := m.Set(ctx, details)
	if err != nil {
		return fmt.Errorf("electron: %w", err)
	}
	if st.IsInclude() {
		return nil
	}
	warn := st.Warnings()
	if nc != nil {
		// Refused by the store, not at creation: Electron reports the
		// status of SetCanonicalCookie, which starts without the
		// creation's warnings that Monster.Set adds.
		warn = slices.DeleteFunc(warn, func(w cookiemonster.WarningReason) bool { return created.HasWarning(w) })
	}
	return refusal(st.Exclusions(), warn)
}

// cookieDetails converts d as Electron's Set reads its details, or returns
// Electron's rejection of them.
func cookieDetails(d Details) (cookiemonster.CookieDetails, *SetError) {
	if d.URL == "" {
		return cookiemonster.CookieDetails{}, &SetError{Message: "Missing required option 'url'", kind: ErrMissingURL}
	}
	sameSite, ok := parseSameSite(d.SameSite)
	if !ok {
		return cookiemonster.CookieDetails{}, &SetError{
			Message: "Failed to convert '" + string(d.SameSite) + "' to an appropriate cookie same site value",
			kind:    ErrInvalidSameSite,
		}
	}
	secure := sameSite == cookiemonster.SameSiteNone
	if d.Secure != nil {
		secure = *d.Secure
	}
	u, err := url.Parse(d.URL)
	if err != nil || u.Scheme == "" {
		// GURL would not be valid: Electron refuses it with this reason
		// alone, before making any cookie.
		return cookiemonster.CookieDetails{}, refusal([]cookiemonster.ExclusionReason{cookiemonster.ExcludeInvalidDomain}, nil)
	}
	return cookiemonster.CookieDetails{
		URL:      u,
		Name:     d.Name,
		Value:    d.Value,
		Domain:   d.Domain,
		Path:     d.Path,
		Secure:   secure,
		HTTPOnly: d.HTTPOnly,
		Expiry:   parseTimeProperty(d.ExpirationDate),
		SameSite: sameSite,
	}, nil
}

// httpOnlyOverwrite returns the refusal of the cookie nc, set from u, when
// the store holds an HttpOnly cookie that nc would replace, and nil
// otherwise. Electron sets a cookie that is not HttpOnly without
// CookieOptions' include_httponly, which forbids that overwrite;
// [cookiemonster.Monster.Set] sets with include_httponly, and decides as
// Electron would when there is no such cookie. The refusal has the reasons
// Chromium's SetCanonicalCookie gives: those of IsSetPermittedInContext, then
// EXCLUDE_OVERWRITE_SECURE when u may not touch a Secure cookie that nc
// would shadow, then EXCLUDE_OVERWRITE_HTTP_ONLY, which clears the SameSite
// warnings.
//
// The store is looked at under its lock and changed by nothing: a cookie
// that another goroutine sets between this look and Monster.Set is not
// seen.
func httpOnlyOverwrite(ctx context.Context, m *cookiemonster.Monster, nc *cookiemonster.CanonicalCookie, u *url.URL) (*SetError, error) {
	var httpOnly, secure bool
	_, err := m.DeleteMatchingFunc(ctx, func(ex *cookiemonster.CanonicalCookie) bool {
		if ex.HTTPOnly && nc.IsEquivalent(ex) {
			httpOnly = true
		}
		if ex.Secure && equivalentForSecureCookieMatching(nc, ex) {
			secure = true
		}
		return false // look, delete nothing
	})
	if err != nil || !httpOnly {
		return nil, err
	}
	o := cookiemonster.Options{SameSite: cookiemonster.MakeSameSiteContext(cookiemonster.ContextStrict)}
	res := nc.IsSetPermittedInContext(u, o, time.Time{})
	excl := res.Status.Exclusions()
	if secure && !res.AllowedToAccessSecureCookies {
		excl = append(excl, cookiemonster.ExcludeOverwriteSecure)
	}
	excl = append(excl, cookiemonster.ExcludeOverwriteHTTPOnly)
	slices.Sort(excl)
	excl = slices.Compact(excl)
	warn := slices.DeleteFunc(res.Status.Warnings(), clearedByExclusion)
	return refusal(excl, warn), nil
}

// equivalentForSecureCookieMatching reports whether c, set from a URL that
// may not touch Secure cookies, would overwrite or shadow the Secure cookie
// existing, as Chromium's IsEquivalentForSecureCookieMatching: same
// partition and name, domains the same or one a subdomain of the other,
// and c's path on existing's path.
func equivalentForSecureCookieMatching(c, existing *cookiemonster.CanonicalCookie) bool {
	if c.Partition != existing.Partition || c.Name != existing.Name {
		return false
	}
	a, b := c.DomainWithoutDot(), existing.DomainWithoutDot()
	if !subdomainOrSame(a, b) && !subdomainOrSame(b, a) {
		return false
	}
	return existing.IsOnPath(c.Path)
}

// subdomainOrSame reports whether the domain a is b or a subdomain of it.
func subdomainOrSame(a, b string) bool {
	return a == b || (len(a) > len(b) && a[len(a)-len(b)-1:] == "."+b)
}

// clearedByExclusion reports whether Chromium drops the warning w from a
// status excluded for a reason that is not about SameSite, as
// CookieInclusionStatus::MaybeClearSameSiteWarning does.
func clearedByExclusion(w cookiemonster.WarningReason) bool {
	switch w {
	case cookiemonster.WarnSameSiteUnspecifiedCrossSiteContext,
		cookiemonster.WarnSameSiteNoneInsecure,
		cookiemonster.WarnSameSiteUnspecifiedLaxAllowUnsafe,
		cookiemonster.WarnStrictLaxDowngradeStrictSameSite,
		cookiemonster.WarnStrictCrossDowngradeStrictSameSite,
		cookiemonster.WarnStrictCrossDowngradeLaxSameSite,
		cookiemonster.WarnLaxCrossDowngradeStrictSameSite,
		cookiemonster.WarnLaxCrossDowngradeLaxSameSite,
		cookiemonster.WarnCrossSiteRedirectDowngradeChangesInclusion:
		return true
	}
	return false
}

// Remove deletes the cookies named name that would be sent to rawURL,
// HttpOnly and SameSite ignored, in every partition, as cookies.remove
// (through Chromium's CookieDeletionInfo); the deletions are cause explicit
// and are flushed to the store's backend. A URL that does not parse removes
// nothing, and is no error, as Electron resolves.
func (c *Cookies) Remove(ctx context.Context, rawURL, name string) error {
	m, err := c.monster(ctx)
	if err != nil {
		return err
	}
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil
	}
	if _, err := m.DeleteMatching(ctx, cookiemonster.DeletionInfo{URL: u, Name: &name}); err != nil {
		return fmt.Errorf("electron: %w", err)
	}
	return nil
}

// FlushStore commits the writes the session's store has queued for its
// backend, as cookies.flushStore, and reports the store's errors since the
// last flush.
func (c *Cookies) FlushStore(ctx context.Context) error {
	m, err := c.monster(ctx)
	if err != nil {
		return err
	}
	if err := m.Flush(ctx); err != nil {
		return fmt.Errorf("electron: %w", err)
	}
	return nil
}
