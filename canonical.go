package cookiemonster

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cookiemonster-go/cookiemonster/internal/cookiedate"
	"github.com/cookiemonster-go/cookiemonster/internal/host"
)

// MaxExpiryAge is the longest lifetime a cookie may have: an expiry further
// away than creation + 400 days is moved back to it (RFC 6265bis §5.5).
const MaxExpiryAge = 400 * 24 * time.Hour

// PublicSuffixList reports public suffixes, as net/http/cookiejar's
// interface of the same name does; golang.org/x/net/publicsuffix.List
// implements it.
type PublicSuffixList interface {
	// PublicSuffix returns the public suffix of domain.
	PublicSuffix(domain string) string
	// String returns a description of the list's source.
	String() string
}

// SourceScheme records whether a cookie was set from a secure origin.
type SourceScheme int8

// Source schemes, numbered as in Chromium's storage.
const (
	SourceSchemeUnset     SourceScheme = 0
	SourceSchemeNonSecure SourceScheme = 1
	SourceSchemeSecure    SourceScheme = 2
)

// String returns "Unset", "NonSecure" or "Secure".
func (s SourceScheme) String() string {
	switch s {
	case SourceSchemeNonSecure:
		return "NonSecure"
	case SourceSchemeSecure:
		return "Secure"
	}
	return "Unset"
}

// Special source ports.
const (
	// PortUnspecified: the cookie's source port is not known.
	PortUnspecified = -1
	// PortInvalid: a stored source port outside 0..65535.
	PortInvalid = -2
)

// alreadyExpired is the expiry of a cookie set with Max-Age <= 0: the
// smallest non-null time in Chromium's µs-since-1601 encoding, so it sorts
// before any creation time and survives storage.
func alreadyExpired() time.Time { return time.Date(1601, 1, 1, 0, 0, 0, 1000, time.UTC) }

// CanonicalCookie is a validated cookie, as the store keeps it.
type CanonicalCookie struct {
	Name, Value string
	// Domain is ".example.com" for a domain cookie, "www.example.com" for a
	// host-only cookie; always canonical (lower-case, punycode).
	Domain string
	Path   string
	// Times are UTC with microsecond precision. A zero Expiry is a session
	// cookie.
	Creation, Expiry, LastAccess, LastUpdate time.Time
	Secure, HTTPOnly                         bool
	SameSite                                 SameSite
	Priority                                 Priority
	// Partition is the CHIPS partition; zero: unpartitioned.
	Partition    PartitionKey
	SourceScheme SourceScheme
	// SourcePort is the port the cookie was set from, PortUnspecified or
	// PortInvalid.
	SourcePort int
}

// CreateOptions are the inputs of NewCanonicalCookie beyond the line.
type CreateOptions struct {
	// ServerTime is the response's Date; zero: same as creation, so no
	// clock-skew correction.
	ServerTime time.Time
	// Partition is where a Partitioned cookie goes; zero: unpartitioned.
	Partition PartitionKey
	// PublicSuffixList decides registrable domains; nil: the default,
	// golang.org/x/net/publicsuffix.
	PublicSuffixList PublicSuffixList
}

// normTime returns t in UTC with microsecond precision and no monotonic
// clock reading, the precision cookies are stored with.
func normTime(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	if t.Nanosecond()%1000 == 0 && t.Location() == time.UTC && t == t.Round(0) {
		return t // already normal: a store's hot paths pass such times
	}
	return t.UTC().Truncate(time.Microsecond)
}

// canonicalURLHost returns the canonical host of u, IPv6 in brackets. It
// reports false for a nil URL or an invalid or empty host.
func canonicalURLHost(u *url.URL) (string, bool) {
	if u == nil {
		return "", false
	}
	h := u.Hostname()
	if strings.IndexByte(h, ':') >= 0 {
		h = "[" + h + "]"
	}
	return host.Canonicalize(h)
}

// accessScheme classifies how secure a URL is for cookie access.
type accessScheme int8

const (
	accessNonCryptographic accessScheme = iota
	accessTrustworthy                   // http to localhost or loopback
	accessCryptographic                 // https, wss
)

func isCryptographicScheme(scheme string) bool {
	return strings.EqualFold(scheme, "https") || strings.EqualFold(scheme, "wss")
}

func accessSchemeOf(u *url.URL, h string) accessScheme {
	if isCryptographicScheme(u.Scheme) {
		return accessCryptographic
	}
	if host.IsLocalhost(h) {
		return accessTrustworthy
	}
	return accessNonCryptographic
}

// urlPath returns the escaped path of u, "/" when empty.
func urlPath(u *url.URL) string {
	p := u.EscapedPath()
	if p == "" {
		return "/"
	}
	return p
}

// DefaultPath returns the default cookie path for a URL path
// (RFC 6265bis §5.1.4): the path up to, not including, its right-most '/';
// "/" when that is the first character or there is none.
func DefaultPath(urlPath string) string {
	i := strings.LastIndexByte(urlPath, '/')
	if i <= 0 {
		return "/"
	}
	return urlPath[:i]
}

// effectivePort returns the port of u, explicit or the scheme's default,
// PortUnspecified for a scheme without a default, PortInvalid for an
// out-of-range port.
func effectivePort(u *url.URL) int {
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || n > 65535 {
			return PortInvalid
		}
		return n
	}
	switch s := u.Scheme; {
	case strings.EqualFold(s, "http"), strings.EqualFold(s, "ws"):
		return 80
	case strings.EqualFold(s, "https"), strings.EqualFold(s, "wss"):
		return 443
	}
	return PortUnspecified
}

// NewCanonicalCookie creates a cookie from one Set-Cookie line received from
// u at creation (zero: now), with every rule of RFC 6265bis §5.6–5.7 as
// Chromium applies them: Domain (public suffixes, IP hosts, IDN), default
// path, expiry (Max-Age over Expires, clock skew, the 400-day cap), the
// __Secure-, __Host-, __Http- and __Host-Http- prefixes, Partitioned. It
// does not check what depends on the access (scheme, Secure from an insecure
// origin, HttpOnly from script, SameSite): the store does that at set time.
//
// On failure it returns nil and the reasons; on success the status may
// hold warnings.
func NewCanonicalCookie(u *url.URL, line string, creation time.Time, o CreateOptions) (*CanonicalCookie, InclusionStatus) {
	var st InclusionStatus
	r := newRequestURL(u)
	if !r.ok {
		st.AddExclusion(ExcludeFailureToStore)
		return nil, st
	}
	pc, st := ParseCookie(line)
	if pc == nil {
		return nil, st
	}
	c := new(CanonicalCookie)
	if st = newFromParsed(c, &r, pc, creation, o, st); !st.IsInclude() {
		return nil, st
	}
	return c, st
}

// NewCanonicalCookieFromParsed is NewCanonicalCookie for a line already
// parsed with ParseCookie.
func NewCanonicalCookieFromParsed(u *url.URL, pc *ParsedCookie, creation time.Time, o CreateOptions) (*CanonicalCookie, InclusionStatus) {
	var st InclusionStatus
	r := newRequestURL(u)
	if !r.ok || !pc.IsValid() {
		st.AddExclusion(ExcludeFailureToStore)
		return nil, st
	}
	c := new(CanonicalCookie)
	if st = newFromParsed(c, &r, pc, creation, o, st); !st.IsInclude() {
		return nil, st
	}
	return c, st
}

// newFromParsed fills c with the cookie of pc received from the URL r
// (which must be ok) and returns the status; c is meaningful only when the
// status includes.
func newFromParsed(c *CanonicalCookie, r *requestURL, pc *ParsedCookie, creation time.Time, o CreateOptions, st InclusionStatus) InclusionStatus {
	if creation.IsZero() {
		creation = time.Now()
	}
	creation = normTime(creation)
	h, access := r.host, r.access

	domAttr, _ := pc.Domain()
	domain, ok := cookieDomain(h, domAttr, o.PublicSuffixList, &st)
	if !ok {
		st.AddExclusion(ExcludeInvalidDomain)
	}

	path, hasPath := pc.Path()
	if !hasPath || path == "" || path[0] != '/' {
		path = DefaultPath(r.path)
	}

	secureOK := pc.Secure() && access != accessNonCryptographic
	if name := pc.Name(); (len(name) >= 2 && name[0] == '_' && name[1] == '_' &&
		!prefixesOK(name, secureOK, pc.HTTPOnly(), pathIsSlash(pc), domainAttrEmpty(pc, h))) ||
		hasHiddenPrefix(name, pc.Value()) {
		st.AddExclusion(ExcludeInvalidPrefix)
	}

	_, nonced := o.Partition.Nonce()
	if pc.Partitioned() && !nonced && !secureOK {
		st.AddExclusion(ExcludeInvalidPartitioned)
	}
	if !st.IsInclude() {
		return st
	}

	*c = CanonicalCookie{
		Name:       pc.Name(),
		Value:      pc.Value(),
		Domain:     domain,
		Path:       path,
		Creation:   creation,
		LastAccess: creation,
		LastUpdate: creation,
		Secure:     pc.Secure(),
		HTTPOnly:   pc.HTTPOnly(),
		SameSite:   pc.SameSite(),
		Priority:   pc.Priority(),
	}
	if (pc.Partitioned() || nonced) && o.Partition.IsPartitioned() {
		c.Partition = o.Partition
	}
	c.setSource(r.port, access, &st)
	c.Expiry = expiryOf(pc, creation, o.ServerTime)
	// Everything else IsCanonical checks holds by construction (the fuzz
	// test asserts IsCanonical for every cookie made here); a default path
	// taken from the URL may still hold a ';', which no Set-Cookie line
	// can carry.
	if strings.IndexByte(path, ';') >= 0 {
		st.AddExclusion(ExcludeFailureToStore)
		return st
	}
	return st
}

// setSource records the source scheme and port: secure when the cookie is
// Secure or comes from https/wss. A Secure cookie from a non-cryptographic URL
// gets a warning, and port 80 becomes 443.
func (c *CanonicalCookie) setSource(port int, access accessScheme, st *InclusionStatus) {
	c.SourceScheme = SourceSchemeNonSecure
	c.SourcePort = port
	if c.Secure || access == accessCryptographic {
		c.SourceScheme = SourceSchemeSecure
	}
	if c.Secure && access != accessCryptographic {
		st.AddWarning(WarnTentativelyAllowingSecureSourceScheme)
		if c.SourcePort == 80 {
			c.SourcePort = 443
		}
	}
}

// pathIsSlash reports whether the Path attribute is literally "/".
func pathIsSlash(pc *ParsedCookie) bool {
	p, ok := pc.Path()
	return ok && p == "/"
}

// domainAttrEmpty reports whether the Domain attribute is absent or empty,
// or, for an IP host, names that host: what __Host- requires.
func domainAttrEmpty(pc *ParsedCookie, h string) bool {
	d, _ := pc.Domain()
	if d == "" {
		return true
	}
	return host.IsIP(h) && (strings.EqualFold(d, h) || strings.EqualFold(d, "."+h))
}

// cookieDomain computes the Domain field from the URL host and the Domain
// attribute (RFC 6265bis §5.6.3, Chromium's GetCookieDomainWithString).
func cookieDomain(h, attr string, psl PublicSuffixList, st *InclusionStatus) (string, bool) {
	for i := 0; i < len(attr); i++ {
		if attr[i] >= 0x80 {
			st.AddWarning(WarnDomainNonASCII)
			break
		}
	}
	isIP := host.IsIP(h)
	if attr == "" {
		return h, true
	}
	if isIP {
		if strings.EqualFold(attr, h) || strings.EqualFold(attr, "."+h) {
			return h, true
		}
		return "", false
	}
	if strings.IndexByte(attr, '%') >= 0 {
		return "", false
	}
	d, ok := host.Canonicalize(strings.TrimPrefix(attr, "."))
	if !ok || d == "" || d[0] == '.' {
		return "", false
	}
	hostRD := host.RegistrableDomain(psl, h)
	if hostRD == "" {
		// An IP, a public suffix, an unknown TLD: only a host cookie, and
		// only when the attribute names the host itself.
		if d == h {
			return h, true
		}
		return "", false
	}
	if d != hostRD && host.RegistrableDomain(psl, d) != hostRD {
		return "", false
	}
	switch {
	case len(h) > len(d) && strings.HasSuffix(h, d) && h[len(h)-len(d)-1] == '.':
		return h[len(h)-len(d)-1:], true // ".d", a tail of h
	case h != d:
		return "", false
	case len(attr) == len(d)+1 && attr[0] == '.' && attr[1:] == d:
		return attr, true
	}
	return "." + d, true
}

// Cookie name prefixes.
const (
	prefixSecure   = "__Secure-"
	prefixHost     = "__Host-"
	prefixHTTP     = "__Http-"
	prefixHostHTTP = "__Host-Http-"
)

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// prefixesOK checks the rules of the name's prefix, case-insensitively:
// __Secure- needs Secure from a secure origin; __Host- also a Path of "/" and
// no Domain; __Http- Secure and HttpOnly; __Host-Http- all of these.
func prefixesOK(name string, secureOK, httpOnly, pathSlash, noDomain bool) bool {
	switch {
	case hasPrefixFold(name, prefixSecure):
		return secureOK
	case hasPrefixFold(name, prefixHTTP):
		return secureOK && httpOnly
	case hasPrefixFold(name, prefixHostHTTP):
		return secureOK && httpOnly && pathSlash && noDomain
	case hasPrefixFold(name, prefixHost):
		return secureOK && pathSlash && noDomain
	}
	return true
}

// hasHiddenPrefix reports whether a nameless cookie's value starts with a
// prefix, which a server would read as a prefixed name.
func hasHiddenPrefix(name, value string) bool {
	if name != "" {
		return false
	}
	v := strings.TrimLeft(value, " \t")
	return hasPrefixFold(v, prefixSecure) || hasPrefixFold(v, prefixHost) || hasPrefixFold(v, prefixHTTP)
}

// parseMaxAge parses a Max-Age value as a signed decimal int64, saturating
// on overflow. It reports false for anything else.
func parseMaxAge(s string) (int64, bool) {
	if s == "" {
		return 0, false
	}
	neg := false
	switch s[0] {
	case '-':
		neg = true
		s = s[1:]
	case '+':
		s = s[1:]
	}
	if s == "" {
		return 0, false
	}
	var n int64
	sat := false
	for i := 0; i < len(s); i++ {
		d := s[i]
		if d < '0' || d > '9' {
			return 0, false
		}
		if n > (1<<63-1-int64(d-'0'))/10 {
			sat = true
			continue
		}
		n = n*10 + int64(d-'0')
	}
	if sat {
		n = 1<<63 - 1
	}
	if neg {
		return -n, true
	}
	return n, true
}

// expiryOf computes the expiry: Max-Age when it is an integer, else
// Expires corrected for clock skew, capped at creation + 400 days. Zero means
// a session cookie.
func expiryOf(pc *ParsedCookie, creation, serverTime time.Time) time.Time {
	if ma, ok := pc.MaxAge(); ok {
		if n, ok := parseMaxAge(ma); ok {
			if n <= 0 {
				return alreadyExpired()
			}
			if n > int64(MaxExpiryAge/time.Second) {
				return creation.Add(MaxExpiryAge)
			}
			return creation.Add(time.Duration(n) * time.Second)
		}
	}
	exp, ok := pc.Expires()
	if !ok || exp == "" {
		return time.Time{}
	}
	t, ok := cookiedate.Parse(exp)
	if !ok {
		return time.Time{}
	}
	if !serverTime.IsZero() {
		t = t.Add(creation.Sub(serverTime))
	}
	return capExpiry(normTime(t), creation)
}

// capExpiry moves an expiry beyond creation + 400 days back to it.
func capExpiry(expiry, creation time.Time) time.Time {
	if limit := creation.Add(MaxExpiryAge); expiry.After(limit) {
		return limit
	}
	if !expiry.After(alreadyExpired()) {
		return alreadyExpired()
	}
	return expiry
}

// IsHostOnly reports whether the cookie is sent only to the host that set
// it (its Domain has no leading dot).
func (c *CanonicalCookie) IsHostOnly() bool { return !strings.HasPrefix(c.Domain, ".") }

// IsPersistent reports whether the cookie has an expiry.
func (c *CanonicalCookie) IsPersistent() bool { return !c.Expiry.IsZero() }

// IsExpired reports whether the cookie has expired at now.
func (c *CanonicalCookie) IsExpired(now time.Time) bool {
	return c.IsPersistent() && !now.Before(c.Expiry)
}

// IsPartitioned reports whether the cookie has a partition key.
func (c *CanonicalCookie) IsPartitioned() bool { return c.Partition.IsPartitioned() }

// DomainWithoutDot returns Domain without its leading dot.
func (c *CanonicalCookie) DomainWithoutDot() string { return strings.TrimPrefix(c.Domain, ".") }

// IsDomainMatch reports whether the cookie may be sent to the canonical
// host h: h is the cookie's domain, or, for a domain cookie, a subdomain.
func (c *CanonicalCookie) IsDomainMatch(h string) bool {
	return isDomainMatch(c.Domain, h)
}

func isDomainMatch(domain, h string) bool {
	if h == domain {
		return true
	}
	if domain == "" || domain[0] != '.' {
		return false
	}
	if domain[1:] == h {
		return true
	}
	return len(h) > len(domain) && strings.HasSuffix(h, domain)
}

// IsOnPath reports whether the cookie's path path-matches the URL path p
// (RFC 6265bis §5.1.4). Paths are compared as escaped, byte for byte.
func (c *CanonicalCookie) IsOnPath(p string) bool { return isOnPath(c.Path, p) }

func isOnPath(cpath, p string) bool {
	if cpath == "" || !strings.HasPrefix(p, cpath) {
		return false
	}
	return len(p) == len(cpath) || cpath[len(cpath)-1] == '/' || p[len(cpath)] == '/'
}

// IsEquivalent reports whether o would replace c in the store: same
// partition, name, domain (host-only and domain cookies differ) and path.
func (c *CanonicalCookie) IsEquivalent(o *CanonicalCookie) bool {
	return c.Name == o.Name && c.Path == o.Path && c.Domain == o.Domain && c.Partition == o.Partition
}

// isSubdomainOrSame reports whether a is b or a subdomain of b (dotless).
func isSubdomainOrSame(a, b string) bool {
	return a == b || (len(a) > len(b) && strings.HasSuffix(a, b) && a[len(a)-len(b)-1] == '.')
}

// IsEquivalentForSecureCookieMatching reports whether c, set from an
// insecure origin, would overwrite or shadow the Secure cookie existing: same
// partition and name, domains that are the same or one a subdomain of the
// other, and c's path on existing's path.
func (c *CanonicalCookie) IsEquivalentForSecureCookieMatching(existing *CanonicalCookie) bool {
	if c.Partition != existing.Partition || c.Name != existing.Name {
		return false
	}
	a, b := c.DomainWithoutDot(), existing.DomainWithoutDot()
	if !isSubdomainOrSame(a, b) && !isSubdomainOrSame(b, a) {
		return false
	}
	return existing.IsOnPath(c.Path)
}

// EffectiveSameSite returns the SameSite mode the cookie is judged under at
// now.
func (c *CanonicalCookie) EffectiveSameSite(now time.Time, sem AccessSemantics) EffectiveSameSite {
	return EffectiveSameSiteFor(c.SameSite, c.Creation, now, sem)
}

// IncludeForRequestURL decides whether the cookie may be sent to u in the
// access described by o at now (zero: time.Now()): HttpOnly, Secure, domain,
// path, SameSite, SameSite=None without Secure, with warnings. It does not
// check expiry or partitions; the store does.
func (c *CanonicalCookie) IncludeForRequestURL(u *url.URL, o Options, now time.Time) AccessResult {
	r := newRequestURL(u)
	return c.includeFor(&r, o, now)
}

// requestURL is a URL prepared once for deciding many cookies.
type requestURL struct {
	host       string
	path       string
	port       int
	access     accessScheme
	cookieable bool   // the scheme takes cookies
	ok         bool   // the URL has a valid host
	key        string // the store's key of host, once a Monster computed it
}

func newRequestURL(u *url.URL) requestURL {
	h, ok := canonicalURLHost(u)
	if !ok {
		return requestURL{cookieable: u != nil && IsCookieableScheme(u.Scheme)}
	}
	return requestURL{host: h, path: urlPath(u), port: effectivePort(u), access: accessSchemeOf(u, h),
		cookieable: IsCookieableScheme(u.Scheme), ok: true}
}

// includeFor is IncludeForRequestURL for a prepared URL.
func (c *CanonicalCookie) includeFor(r *requestURL, o Options, now time.Time) AccessResult {
	if now.IsZero() {
		now = time.Now()
	}
	var st InclusionStatus
	res := AccessResult{AccessSemantics: o.AccessSemantics}
	if !r.ok {
		st.AddExclusion(ExcludeFailureToStore)
		res.Status = st
		return res
	}
	if !o.IncludeHTTPOnly && c.HTTPOnly {
		st.AddExclusion(ExcludeHTTPOnly)
	}
	access := r.access
	c.checkSecure(access, &st, &res)
	// A trustworthy URL (http to localhost) may use secure-source cookies:
	// only a non-cryptographic access is a scheme mismatch for them.
	if (c.SourceScheme == SourceSchemeSecure && access == accessNonCryptographic && !st.HasExclusion(ExcludeSecureOnly)) ||
		(c.SourceScheme == SourceSchemeNonSecure && access == accessCryptographic) {
		st.AddWarning(WarnSchemeMismatch)
	}
	if !(r.port == c.SourcePort || c.SourcePort == PortUnspecified ||
		!c.IsHostOnly() || (access == accessTrustworthy && c.SourcePort == 443)) {
		st.AddWarning(WarnPortMismatch)
	}
	if !c.IsDomainMatch(r.host) {
		st.AddExclusion(ExcludeDomainMismatch)
	}
	if !c.IsOnPath(r.path) {
		st.AddExclusion(ExcludeNotOnPath)
	}
	res.EffectiveSameSite = c.EffectiveSameSite(now, o.AccessSemantics)
	c.applySameSite(&st, res.EffectiveSameSite, o, false)
	res.Status = st
	return res
}

// checkSecure applies the Secure rule for an access of the given kind: a Secure cookie needs https/wss, or localhost or loopback (with a
// warning).
func (c *CanonicalCookie) checkSecure(access accessScheme, st *InclusionStatus, res *AccessResult) {
	res.AllowedToAccessSecureCookies = access != accessNonCryptographic
	switch {
	case c.Secure && access == accessNonCryptographic:
		st.AddExclusion(ExcludeSecureOnly)
	case c.Secure && access == accessTrustworthy:
		st.AddWarning(WarnSecureAccessGrantedNonCryptographic)
	}
}

// IsSetPermittedInContext decides whether the cookie may be set from u in
// the access described by o at now (zero: time.Now()): cookieable scheme,
// domain match, Secure from a secure origin, HttpOnly from an HTTP access,
// SameSite=None with Secure, a context of at least Lax for a cookie with any
// SameSite restriction, no unpartitioned cookie from an anonymous context.
// What depends on the cookies already stored (overwriting Secure or
// HttpOnly cookies) is the store's to check.
func (c *CanonicalCookie) IsSetPermittedInContext(u *url.URL, o Options, now time.Time) AccessResult {
	r := newRequestURL(u)
	return c.setPermitted(u, &r, o, now)
}

// setPermitted is IsSetPermittedInContext for u prepared as r.
func (c *CanonicalCookie) setPermitted(u *url.URL, r *requestURL, o Options, now time.Time) AccessResult {
	if now.IsZero() {
		now = time.Now()
	}
	var st InclusionStatus
	res := AccessResult{AccessSemantics: o.AccessSemantics}
	// Reasons accumulate: a non-cookieable scheme is reported even when the
	// URL has no usable host (file:///...).
	if u != nil && !r.cookieable {
		st.AddExclusion(ExcludeNoncookieableScheme)
	}
	if !r.ok {
		st.AddExclusion(ExcludeFailureToStore)
		res.Status = st
		return res
	}
	if !c.IsDomainMatch(r.host) {
		st.AddExclusion(ExcludeDomainMismatch)
	}
	c.checkSecure(r.access, &st, &res)
	if !o.IncludeHTTPOnly && c.HTTPOnly {
		st.AddExclusion(ExcludeHTTPOnly)
	}
	if _, nonced := o.Partition.Nonce(); nonced && !c.IsPartitioned() {
		st.AddExclusion(ExcludeAnonymousContext)
	}
	res.EffectiveSameSite = c.EffectiveSameSite(now, o.AccessSemantics)
	c.applySameSite(&st, res.EffectiveSameSite, o, true)
	res.Status = st
	return res
}

// sameSiteExclusion returns the exclusion a cookie in mode eff gets in
// context ctx, for a read or a set, and whether it is excluded.
func (c *CanonicalCookie) sameSiteExclusion(eff EffectiveSameSite, ctx ContextType, set bool) (ExclusionReason, bool) {
	laxReason := ExcludeSameSiteLax
	if c.SameSite == SameSiteUnspecified {
		laxReason = ExcludeSameSiteUnspecifiedTreatedAsLax
	}
	switch eff {
	case EffectiveStrictMode:
		if set {
			return ExcludeSameSiteStrict, ctx < ContextLax
		}
		return ExcludeSameSiteStrict, ctx < ContextStrict
	case EffectiveLaxMode:
		return laxReason, ctx < ContextLax
	case EffectiveLaxModeAllowUnsafe:
		if set {
			return laxReason, ctx < ContextLax
		}
		return laxReason, ctx < ContextLaxMethodUnsafe
	}
	return 0, false
}

// applySameSite adds the SameSite exclusions and warnings. The warnings are
// Chromium's ApplySameSiteCookieWarningToStatus: they are judged on the
// schemeful context whatever the access semantics, and for reads and sets
// alike except where downgradeWarning says otherwise.
func (c *CanonicalCookie) applySameSite(st *InclusionStatus, eff EffectiveSameSite, o Options, set bool) {
	ctx := o.SameSite.forInclusion(o.AccessSemantics)
	if r, excluded := c.sameSiteExclusion(eff, ctx, set); excluded {
		st.AddExclusion(r)
	}
	if c.SameSite == SameSiteNone && !c.Secure && o.AccessSemantics != SemanticsLegacy {
		st.AddExclusion(ExcludeSameSiteNoneInsecure)
	}
	warnCtx := o.SameSite.Schemeful
	switch {
	case eff == EffectiveLaxModeAllowUnsafe && warnCtx == ContextLaxMethodUnsafe:
		// More specific than, so replaces, the cross-site-context warning.
		st.AddWarning(WarnSameSiteUnspecifiedLaxAllowUnsafe)
	case c.SameSite == SameSiteUnspecified && warnCtx < ContextLax:
		st.AddWarning(WarnSameSiteUnspecifiedCrossSiteContext)
	}
	if c.SameSite == SameSiteNone && !c.Secure {
		st.AddWarning(WarnSameSiteNoneInsecure)
	}
	if w, ok := downgradeWarning(o.SameSite, eff, set); ok {
		st.AddWarning(w)
	}
}

// downgradeWarning names the warning for a cookie that the schemeless
// context would treat better than the schemeful one, as Chromium decides it:
// Strict→Lax only for a Strict cookie being read; Strict→Cross (or
// Strict→LaxMethodUnsafe) for Strict and Lax cookies; Lax→Cross for Lax
// cookies, and for Strict cookies only when being set.
func downgradeWarning(c SameSiteContext, eff EffectiveSameSite, set bool) (WarningReason, bool) {
	strict := eff == EffectiveStrictMode
	lax := eff == EffectiveLaxMode || eff == EffectiveLaxModeAllowUnsafe
	switch {
	case c.Context == ContextStrict && c.Schemeful == ContextLax:
		return WarnStrictLaxDowngradeStrictSameSite, strict && !set
	case c.Context == ContextStrict && c.Schemeful <= ContextLaxMethodUnsafe:
		if strict {
			return WarnStrictCrossDowngradeStrictSameSite, true
		}
		return WarnStrictCrossDowngradeLaxSameSite, lax
	case c.Context == ContextLax && c.Schemeful == ContextCrossSite:
		if strict {
			return WarnLaxCrossDowngradeStrictSameSite, set
		}
		return WarnLaxCrossDowngradeLaxSameSite, lax
	}
	return 0, false
}

// IsCookieableScheme reports whether URLs of scheme take cookies: http,
// https, ws and wss.
func IsCookieableScheme(scheme string) bool {
	for _, s := range [...]string{"http", "https", "ws", "wss"} {
		if strings.EqualFold(scheme, s) {
			return true
		}
	}
	return false
}

// ErrNotCanonical is wrapped by the errors of NewCanonicalCookieFromStorage.
var ErrNotCanonical = errors.New("cookiemonster: stored cookie is not canonical")

// IsCanonicalForFromStorage reports whether the cookie could have been
// made by this package, as a cookie loaded from storage must: name and value
// the parser could produce, a canonical domain (empty is allowed; a domain
// cookie is not on an IP address), a path starting with '/' that a
// Set-Cookie line can carry, a creation time when there is a last-access
// time, the prefix rules, Partitioned only with Secure (or a nonce). Size
// limits and the expiry cap are not checked, so that older stores still
// load; public suffixes need a list, so the Monster checks them.
func (c *CanonicalCookie) IsCanonicalForFromStorage() bool { return c.storageError() == nil }

// storageError says why the cookie fails IsCanonicalForFromStorage.
func (c *CanonicalCookie) storageError() error {
	switch {
	case !validToken(c.Name):
		return fmt.Errorf("%w: name %q", ErrNotCanonical, c.Name)
	case !validValue(c.Value):
		return fmt.Errorf("%w: value %q", ErrNotCanonical, c.Value)
	case c.Name == "" && c.Value == "":
		return fmt.Errorf("%w: empty name and value", ErrNotCanonical)
	case !c.LastAccess.IsZero() && c.Creation.IsZero():
		return fmt.Errorf("%w: last access without creation time", ErrNotCanonical)
	case c.Path == "" || c.Path[0] != '/' || hasCTL(c.Path) || strings.IndexByte(c.Path, ';') >= 0:
		return fmt.Errorf("%w: path %q", ErrNotCanonical, c.Path)
	}
	if c.Domain != "" {
		bare := c.DomainWithoutDot()
		d, ok := host.Canonicalize(bare)
		if !ok || d != bare || bare == "" || bare[0] == '.' || (!c.IsHostOnly() && host.IsIP(bare)) {
			return fmt.Errorf("%w: domain %q", ErrNotCanonical, c.Domain)
		}
	}
	if !prefixesOK(c.Name, c.Secure, c.HTTPOnly, c.Path == "/", c.Domain != "" && c.IsHostOnly()) {
		return fmt.Errorf("%w: prefix rules of %q", ErrNotCanonical, c.Name)
	}
	if hasHiddenPrefix(c.Name, c.Value) {
		return fmt.Errorf("%w: nameless cookie with a prefix in its value", ErrNotCanonical)
	}
	if _, nonced := c.Partition.Nonce(); c.IsPartitioned() && !nonced && !c.Secure {
		return fmt.Errorf("%w: partitioned cookie without Secure", ErrNotCanonical)
	}
	return nil
}

// NewCanonicalCookieFromStorage returns a copy of c, as loaded from a
// persistent store, after checking IsCanonicalForFromStorage. A source port
// outside 0..65535 becomes PortInvalid. The error wraps ErrNotCanonical and
// says which field is wrong.
func NewCanonicalCookieFromStorage(c CanonicalCookie) (*CanonicalCookie, error) {
	if c.SourcePort != PortUnspecified && (c.SourcePort < 0 || c.SourcePort > 65535) {
		c.SourcePort = PortInvalid
	}
	if c.SourceScheme < SourceSchemeUnset || c.SourceScheme > SourceSchemeSecure {
		c.SourceScheme = SourceSchemeUnset
	}
	if err := c.storageError(); err != nil {
		return nil, err
	}
	return &c, nil
}

// CookieDetails are the explicit fields of a cookie, as the WebExtension
// cookies.set API and Electron's Cookies.set take them.
type CookieDetails struct {
	// URL is the URL the cookie is set for; its host and path give the
	// defaults, its scheme decides Secure, prefixes and Partitioned.
	URL         *url.URL
	Name, Value string
	// Domain is "" for a host-only cookie; otherwise the cookie is a
	// domain cookie for it (a leading dot is optional).
	Domain string
	// Path is "" for the default path of URL; otherwise it must start
	// with '/' and need no URL escaping.
	Path             string
	Secure, HTTPOnly bool
	// Expiry is zero for a session cookie; it is capped at creation + 400
	// days.
	Expiry   time.Time
	SameSite SameSite
	Priority Priority
	// Partition partitions the cookie; zero: unpartitioned.
	Partition PartitionKey
	// Creation and LastAccess default to now and to Creation.
	Creation, LastAccess time.Time
	// PublicSuffixList decides registrable domains; nil: the default.
	PublicSuffixList PublicSuffixList
}

// validExplicitPath reports whether p is a path that URL canonicalization
// would keep unchanged and that a Set-Cookie line can carry.
func validExplicitPath(p string) bool {
	if p == "" || p[0] != '/' {
		return false
	}
	for i := 0; i < len(p); i++ {
		switch b := p[i]; {
		case b <= 0x20 || b >= 0x7f:
			return false
		case strings.IndexByte("\"#;<>?`{}\\", b) >= 0:
			return false
		}
	}
	return true
}

// NewSanitizedCookie creates a cookie from explicit fields, validated as
// Chromium's CreateSanitizedCookie does: the characters and sizes of name and
// value (an empty name with '=' in the value is refused with
// ExcludeAmbiguousSerialization, since it would be sent as another cookie),
// domain and path of at most 1024 bytes, the Domain rules, a path that needs
// no escaping (ExcludeInvalidPath), the prefix and Partitioned rules. now is
// the creation time when d.Creation is zero (zero: time.Now()).
func NewSanitizedCookie(d CookieDetails, now time.Time) (*CanonicalCookie, InclusionStatus) {
	var st InclusionStatus
	if now.IsZero() {
		now = time.Now()
	}
	now = normTime(now)
	h, ok := canonicalURLHost(d.URL)
	if !ok {
		st.AddExclusion(ExcludeFailureToStore)
		return nil, st
	}
	switch {
	case !validToken(d.Name) || !validValue(d.Value):
		st.AddExclusion(ExcludeDisallowedCharacter)
	case d.Name == "" && d.Value == "":
		st.AddExclusion(ExcludeNoCookieContent)
	case d.Name == "" && strings.IndexByte(d.Value, '=') >= 0:
		st.AddExclusion(ExcludeAmbiguousSerialization)
	case len(d.Name)+len(d.Value) > MaxNameValueSize:
		st.AddExclusion(ExcludeNameValuePairExceedsMaxSize)
	}
	domain := h
	if len(d.Domain) > MaxAttributeValueSize {
		st.AddExclusion(ExcludeAttributeValueExceedsMaxSize)
	} else if domain, ok = cookieDomain(h, d.Domain, d.PublicSuffixList, &st); !ok {
		st.AddExclusion(ExcludeInvalidDomain)
	}
	path := d.Path
	switch {
	case len(path) > MaxAttributeValueSize:
		st.AddExclusion(ExcludeAttributeValueExceedsMaxSize)
	case path == "":
		path = DefaultPath(urlPath(d.URL))
	case !validExplicitPath(path):
		st.AddExclusion(ExcludeInvalidPath)
	}
	access := accessSchemeOf(d.URL, h)
	secureOK := d.Secure && access != accessNonCryptographic
	noDomain := d.Domain == "" || (host.IsIP(h) && domain == h)
	if !prefixesOK(d.Name, secureOK, d.HTTPOnly, d.Path == "/", noDomain) || hasHiddenPrefix(d.Name, d.Value) {
		st.AddExclusion(ExcludeInvalidPrefix)
	}
	if _, nonced := d.Partition.Nonce(); d.Partition.IsPartitioned() && !nonced && !secureOK {
		st.AddExclusion(ExcludeInvalidPartitioned)
	}
	if !st.IsInclude() {
		return nil, st
	}
	creation := normTime(d.Creation)
	if creation.IsZero() {
		creation = now
	}
	lastAccess := normTime(d.LastAccess)
	if lastAccess.IsZero() {
		lastAccess = creation
	}
	c := &CanonicalCookie{
		Name:       d.Name,
		Value:      d.Value,
		Domain:     domain,
		Path:       path,
		Creation:   creation,
		LastAccess: lastAccess,
		LastUpdate: now,
		Secure:     d.Secure,
		HTTPOnly:   d.HTTPOnly,
		SameSite:   d.SameSite,
		Priority:   d.Priority,
		Partition:  d.Partition,
	}
	c.setSource(effectivePort(d.URL), access, &st)
	if !d.Expiry.IsZero() {
		c.Expiry = capExpiry(normTime(d.Expiry), creation)
	}
	if !c.IsCanonical() {
		st.AddExclusion(ExcludeFailureToStore)
		return nil, st
	}
	return c, st
}

// IsCanonical reports whether the cookie is canonical for storage and its
// expiry is within creation + 400 days.
func (c *CanonicalCookie) IsCanonical() bool {
	if !c.IsCanonicalForFromStorage() || len(c.Name)+len(c.Value) > MaxNameValueSize {
		return false
	}
	return !c.IsPersistent() || !c.Expiry.After(c.Creation.Add(MaxExpiryAge))
}

// String returns the cookie as a Set-Cookie line that, received from a URL
// on its domain and path at its creation time, creates an equal cookie.
func (c *CanonicalCookie) String() string {
	f := lineFields{name: c.Name, value: c.Value, path: c.Path, secure: c.Secure, httpOnly: c.HTTPOnly,
		sameSite: c.SameSite, priority: c.Priority, partitioned: c.IsPartitioned(), expires: c.Expiry}
	if !c.IsHostOnly() {
		f.domain = c.DomainWithoutDot()
	}
	return f.String()
}

// lineFields are the parts of a Set-Cookie line this package writes, for
// CanonicalCookie.String and for cookies that come as fields (net/http).
type lineFields struct {
	name, value, domain, path string
	// maxAge, when not "", is written instead of expires.
	maxAge                        string
	expires                       time.Time
	secure, httpOnly, partitioned bool
	sameSite                      SameSite
	priority                      Priority
}

// String writes the line; empty attributes are left out.
func (f *lineFields) String() string {
	var b strings.Builder
	b.Grow(len(f.name) + len(f.value) + len(f.domain) + len(f.path) + 96)
	b.WriteString(f.name)
	b.WriteByte('=')
	b.WriteString(f.value)
	attr := func(name, value string) {
		if value != "" {
			b.WriteString("; ")
			b.WriteString(name)
			b.WriteByte('=')
			b.WriteString(value)
		}
	}
	flag := func(name string, on bool) {
		if on {
			b.WriteString("; ")
			b.WriteString(name)
		}
	}
	attr("Domain", f.domain)
	attr("Path", f.path)
	switch {
	case f.maxAge != "":
		attr("Max-Age", f.maxAge)
	case !f.expires.IsZero():
		attr("Expires", f.expires.UTC().Format(httpTimeFormat))
	}
	flag("Secure", f.secure)
	flag("HttpOnly", f.httpOnly)
	if f.sameSite != SameSiteUnspecified {
		attr("SameSite", f.sameSite.String())
	}
	if f.priority != PriorityMedium {
		attr("Priority", f.priority.String())
	}
	flag("Partitioned", f.partitioned)
	return b.String()
}

// httpTimeFormat is the IMF-fixdate layout of RFC 9110.
const httpTimeFormat = "Mon, 02 Jan 2006 15:04:05 GMT"

// CompareCookies orders cookies for a Cookie header: longer path first,
// then earlier creation.
func CompareCookies(a, b *CanonicalCookie) int {
	if len(a.Path) != len(b.Path) {
		return len(b.Path) - len(a.Path)
	}
	return a.Creation.Compare(b.Creation)
}

// SortCookies sorts cookies with CompareCookies, keeping the order of ties.
func SortCookies(cookies []*CanonicalCookie) {
	slices.SortStableFunc(cookies, CompareCookies)
}

// CookieLine builds a Cookie request header value: "name=value" pairs, or
// the value alone for a nameless cookie, joined by "; ". It keeps the given
// order.
func CookieLine(cookies []*CanonicalCookie) string {
	n := 0
	for _, c := range cookies {
		n += len(c.Name) + len(c.Value) + 3
	}
	var b strings.Builder
	b.Grow(n)
	for _, c := range cookies {
		writePair(&b, c)
	}
	return b.String()
}

// writePair appends c to a Cookie header being built in b: "name=value",
// or the value alone for a nameless cookie, after "; " unless b is empty.
func writePair(b *strings.Builder, c *CanonicalCookie) {
	if b.Len() > 0 {
		b.WriteString("; ")
	}
	if c.Name != "" {
		b.WriteString(c.Name)
		b.WriteByte('=')
	}
	b.WriteString(c.Value)
}
