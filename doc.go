// Package cookiemonster is an embeddable HTTP cookie store built the way
// Chromium's CookieMonster is built: a Set-Cookie line is tokenized into a
// ParsedCookie (RFC 6265bis §5.6 with Chromium's limits), validated into a
// CanonicalCookie against the URL that set it, and judged per access with
// an InclusionStatus that names every reason a cookie was excluded.
//
// Options describes an access (HTTP or script-like, its SameSite context,
// its CHIPS partition); SameSiteInput computes the SameSite context of a
// request, a response, a script access or a subresource the way a browser
// does.
package cookiemonster
