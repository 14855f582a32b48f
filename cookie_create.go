package cookiemonster

import (
	"net/url"
	"strings"
	"time"
)

// CreateOptions are the inputs of [NewCanonicalCookie] beyond the line.
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

// NewCanonicalCookie creates a cookie from one Set-Cookie line received from
// u at creation (zero: now), with every rule of RFC 6265bis §5.6–5.7 as
// Chromium applies them: Domain (public suffixes, IP hosts, IDN), default
// path, expiry (Max-Age over Expires, clock skew, the 400-day cap), the
// __Secure-, __Host-, __Http- and __Host-Http- prefixes, Partitioned. It
// does not check what depends on the access (scheme, Secure from an insecure
// origin, HttpOnly from script, [SameSite]): the store does that at set time.
//
// On failure it returns nil and the reasons; on success the status may
// hold warnings.
func NewCanonicalCookie(u *url.URL, line string, creation time.Time, o CreateOptions) (*CanonicalCookie, InclusionStatus) {
	r := newRequestURL(u)
	if !r.ok {
		var st InclusionStatus
		st.addExclusion(ExcludeFailureToStore)
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
		st.addExclusion(ExcludeInvalidDomain)
	}

	path, hasPath := pc.Path()
	if !hasPath || path == "" || path[0] != '/' {
		path = defaultPath(r.path)
	}

	_, nonced := o.Partition.Nonce()
	rules := secureRules{
		name:        pc.Name(),
		value:       pc.Value(),
		secure:      pc.Secure() && access != accessNonCryptographic,
		httpOnly:    pc.HTTPOnly(),
		partitioned: pc.Partitioned() && !nonced,
	}
	if rules.mayApply() {
		// Every Set-Cookie line passes here, few of them with a rule
		// to keep; only the prefix rules read the path and domain.
		if mayHavePrefix(rules.name) {
			rules.pathSlash = pathIsSlash(pc)
			rules.noDomain = domainAttrEmpty(pc, h)
		}
		rules.check().addTo(&st)
	}
	if !st.IsInclude() {
		return st
	}
	if pc.Name() == "" && strings.IndexByte(pc.Value(), '=') >= 0 {
		// "=a=b" would be sent as "a=b", another cookie: Chromium 156
		// stores nothing (and reports only a hidden prefix, when the
		// value hides one).
		st.addExclusion(ExcludeAmbiguousSerialization)
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
	// test asserts IsCanonical for every cookie made here). A default path
	// taken from the URL may hold a ';' ("/a/b;x/c" gives "/a/b;x"), which
	// Chromium stores as it is.
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
		st.addWarning(WarnTentativelyAllowingSecureSourceScheme)
		if c.SourcePort == 80 {
			c.SourcePort = 443
		}
	}
}
