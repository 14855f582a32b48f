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
// returns nil for it, as Electron resolves.
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
	return set(ctx, m, d, details)
}

// set is Set on the store m, for d converted to details.
func set(ctx context.Context, m *cookiemonster.Monster, d Details, details cookiemonster.CookieDetails) error {
	// Electron includes HttpOnly only for an HttpOnly cookie, so that a
	// cookie that is not cannot replace one that is.
	o := cookiemonster.Options{IncludeHTTPOnly: d.HTTPOnly, SameSite: cookiemonster.MakeSameSiteContext(cookiemonster.ContextStrict)}
	_, st, err := m.SetWithOptions(ctx, details, o)
	if err != nil {
		return fmt.Errorf("electron: %w", err)
	}
	// The cookie as CreateSanitizedCookie makes it (its times do not
	// matter), for the warnings of its creation.
	nc, created := cookiemonster.NewSanitizedCookie(details, time.Unix(0, 0))
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
