package cookiemonster

import (
	"net/url"
	"time"
)

// IncludeForRequestURL decides whether the cookie may be sent to u in the
// access described by o at now (zero: time.Now()): HttpOnly, Secure, domain,
// path, [SameSite], SameSite=None without Secure, with warnings. It does not
// check expiry or partitions; the store does.
func (c *CanonicalCookie) IncludeForRequestURL(u *url.URL, o Options, now time.Time) AccessResult {
	r := newRequestURL(u)
	return c.includeFor(&r, &o, now)
}

// includeFor is IncludeForRequestURL for a prepared URL.
func (c *CanonicalCookie) includeFor(r *requestURL, o *Options, now time.Time) AccessResult {
	if now.IsZero() {
		now = time.Now()
	}
	var st InclusionStatus
	res := AccessResult{AccessSemantics: o.AccessSemantics}
	if !r.ok {
		st.addExclusion(ExcludeFailureToStore)
		res.Status = st
		return res
	}
	if !o.IncludeHTTPOnly && c.HTTPOnly {
		st.addExclusion(ExcludeHTTPOnly)
	}
	access := r.access
	c.checkSecure(access, &st, &res)
	// A trustworthy URL (http to localhost) may use secure-source cookies:
	// only a non-cryptographic access is a scheme mismatch for them.
	if (c.SourceScheme == SourceSchemeSecure && access == accessNonCryptographic && !st.HasExclusion(ExcludeSecureOnly)) ||
		(c.SourceScheme == SourceSchemeNonSecure && access == accessCryptographic) {
		st.addWarning(WarnSchemeMismatch)
	}
	if !(r.port == c.SourcePort || c.SourcePort == PortUnspecified ||
		!c.IsHostOnly() || (access == accessTrustworthy && c.SourcePort == 443)) {
		st.addWarning(WarnPortMismatch)
	}
	if !c.IsDomainMatch(r.host) {
		st.addExclusion(ExcludeDomainMismatch)
	}
	if !c.IsOnPath(r.path) {
		st.addExclusion(ExcludeNotOnPath)
	}
	res.EffectiveSameSite = c.EffectiveSameSite(now, o.AccessSemantics)
	c.applySameSite(&st, res.EffectiveSameSite, o, false)
	res.Status = st
	return res
}

// checkSecure applies the Secure rule, for reads and sets alike, to an
// access of the given kind: a Secure cookie needs https/wss, or localhost or
// loopback (with a warning).
func (c *CanonicalCookie) checkSecure(access accessScheme, st *InclusionStatus, res *AccessResult) {
	res.AllowedToAccessSecureCookies = access != accessNonCryptographic
	switch {
	case c.Secure && access == accessNonCryptographic:
		st.addExclusion(ExcludeSecureOnly)
	case c.Secure && access == accessTrustworthy:
		st.addWarning(WarnSecureAccessGrantedNonCryptographic)
	}
}
