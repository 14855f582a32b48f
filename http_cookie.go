package cookiemonster

import (
	"net/http"
	"net/url"
	"time"
)

// HTTPCookie returns c as a net/http cookie, for code that speaks
// http.Cookie: name, value (Quoted when the value is in DQUOTEs, so that
// net/http writes it unchanged), Path, Domain (with its leading dot for a
// domain cookie, "" for a host-only one), Expires (zero for a session
// cookie), Secure, HttpOnly, SameSite and Partitioned. Raw is the cookie's
// Set-Cookie line (see [CanonicalCookie.String]), which a [Jar] re-parses.
// What http.Cookie cannot carry is lost: Priority, the partition's site,
// the source scheme and port, the creation and access times. nil gives nil.
func (c *CanonicalCookie) HTTPCookie() *http.Cookie {
	if c == nil {
		return nil
	}
	hc := &http.Cookie{
		Name: c.Name, Value: c.Value, Path: c.Path, Expires: c.Expiry,
		Secure: c.Secure, HttpOnly: c.HTTPOnly, Partitioned: c.IsPartitioned(), Raw: c.String(),
	}
	if !c.IsHostOnly() {
		hc.Domain = c.Domain
	}
	if v := c.Value; len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
		hc.Value, hc.Quoted = v[1:len(v)-1], true
	}
	switch c.SameSite {
	case SameSiteNone:
		hc.SameSite = http.SameSiteNoneMode
	case SameSiteLax:
		hc.SameSite = http.SameSiteLaxMode
	case SameSiteStrict:
		hc.SameSite = http.SameSiteStrictMode
	}
	return hc
}

// NewCanonicalCookieFromHTTP makes the cookie that hc, received from u,
// stands for, with the checks of [NewCanonicalCookie]: from hc.Raw when it
// is the Set-Cookie line of a cookie of that name (net/http's parser drops
// what it does not know), else from the fields, written as a Set-Cookie
// line (MaxAge < 0 is Max-Age=0). Fields that cannot be written without
// changing their meaning (a ';' or a control character, a '=' in the name)
// are refused with [ExcludeDisallowedCharacter]; a nil u or hc with
// [ExcludeFailureToStore].
func NewCanonicalCookieFromHTTP(u *url.URL, hc *http.Cookie, creation time.Time, o CreateOptions) (*CanonicalCookie, InclusionStatus) {
	var st InclusionStatus
	if u == nil || hc == nil {
		st.addExclusion(ExcludeFailureToStore)
		return nil, st
	}
	line, ok := setCookieLineOf(hc)
	if !ok {
		st.addExclusion(ExcludeDisallowedCharacter)
		return nil, st
	}
	return NewCanonicalCookie(u, line, creation, o)
}
