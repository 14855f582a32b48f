package cookiemonster

import (
	"net/url"
	"time"
)

// IsSetPermittedInContext decides whether the cookie may be set from u in
// the access described by o at now (zero: time.Now()): cookieable scheme,
// domain match, Secure from a secure origin, HttpOnly from an HTTP access,
// SameSite=None with Secure, a context of at least Lax for a cookie with any
// [SameSite] restriction, no unpartitioned cookie from an anonymous context.
// What depends on the cookies already stored (overwriting Secure or
// HttpOnly cookies) is the store's to check.
func (c *CanonicalCookie) IsSetPermittedInContext(u *url.URL, o Options, now time.Time) AccessResult {
	r := newRequestURL(u)
	return c.setPermitted(u, &r, &o, now)
}

// setPermitted is IsSetPermittedInContext for u prepared as r.
func (c *CanonicalCookie) setPermitted(u *url.URL, r *requestURL, o *Options, now time.Time) AccessResult {
	if now.IsZero() {
		now = time.Now()
	}
	var st InclusionStatus
	res := AccessResult{AccessSemantics: o.AccessSemantics}
	// Reasons accumulate: a non-cookieable scheme is reported even when the
	// URL has no usable host (file:///...).
	if u != nil && !r.cookieable {
		st.addExclusion(ExcludeNoncookieableScheme)
	}
	if !r.ok {
		if h, valid := sanitizedURLHost(u); !valid || h != "" {
			st.addExclusion(ExcludeFailureToStore)
			res.Status = st
			return res
		}
		// A URL that has no host by its scheme (file:///x, data:) is
		// judged with the empty host, as Chromium judges it: a cookie
		// without a domain matches it, and the scheme alone refuses it.
		hostless := requestURL{path: urlPath(u), port: effectivePort(u), access: accessSchemeOf(u, ""), cookieable: r.cookieable, ok: true}
		r = &hostless
	}
	if !c.IsDomainMatch(r.host) {
		st.addExclusion(ExcludeDomainMismatch)
	}
	c.checkSecure(r.access, &st, &res)
	if !o.IncludeHTTPOnly && c.HTTPOnly {
		st.addExclusion(ExcludeHTTPOnly)
	}
	if _, nonced := o.Partition.Nonce(); nonced && !c.IsPartitioned() {
		st.addExclusion(ExcludeAnonymousContext)
	}
	res.EffectiveSameSite = c.EffectiveSameSite(now, o.AccessSemantics)
	c.applySameSite(&st, res.EffectiveSameSite, o, true)
	res.Status = st
	return res
}
