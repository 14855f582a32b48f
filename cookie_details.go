package cookiemonster

import (
	"net/url"
	"strings"
	"time"

	"github.com/cookiemonster-go/cookiemonster/internal/host"
)

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
	// with '/', and it is stored canonicalized (percent-escaped, dot
	// segments resolved).
	Path             string
	Secure, HTTPOnly bool
	// Expiry is zero for a session cookie; it is capped at creation + 400
	// days.
	Expiry time.Time
	// SameSite and Priority must be among their defined values; zero:
	// unspecified and medium.
	SameSite SameSite
	Priority Priority
	// Partition partitions the cookie; zero: unpartitioned.
	Partition PartitionKey
	// FirstPartyDomain is the first-party domain the cookie belongs to,
	// under first-party isolation; "": none.
	FirstPartyDomain string
	// Creation and LastAccess default to now and to Creation; a
	// LastAccess without a Creation is refused.
	Creation, LastAccess time.Time
	// PublicSuffixList decides registrable domains; nil: the default.
	PublicSuffixList PublicSuffixList
}

// sanitizedURLHost returns the canonical host of u, IPv6 in brackets, and
// reports whether u is a URL Chromium's URL parser accepts and whose host a
// cookie can take: it has a scheme and a port in range, and its host is valid
// and does not start with '.'. Only the schemes without an authority of
// their own (http, https, ws, wss and ftp have one) may have no host: file:///
// gives the empty host, and so a cookie with an empty domain.
func sanitizedURLHost(u *url.URL) (string, bool) {
	if u == nil || u.Scheme == "" || effectivePort(u) == PortInvalid {
		return "", false
	}
	if u.Hostname() == "" {
		for _, s := range [...]string{"http", "https", "ws", "wss", "ftp"} {
			if strings.EqualFold(u.Scheme, s) {
				return "", false
			}
		}
		return "", true
	}
	return canonicalURLHost(u)
}

// NewSanitizedCookie creates a cookie from explicit fields as Chromium's
// CreateSanitizedCookie does, every reason reported at once:
//   - name and value: their characters ([ExcludeDisallowedCharacter]), not
//     both empty, at most 4096 bytes together;
//   - the URL: one Chromium's parser accepts, with a host that does not
//     start with '.' ([ExcludeInvalidDomain]); file:/// has the empty host;
//   - the domain: at most 1024 bytes, and the Domain rules;
//   - the path: "" for the default path of the URL; otherwise it must start
//     with '/' ([ExcludeInvalidPath]) and carry no NUL, CR, LF or ';' and
//     no space or HTAB at its ends ([ExcludeDisallowedCharacter]). It is
//     stored canonicalized, as Chromium 156 stores it: dot segments
//     resolved, '\' as '/', other unusual bytes percent-escaped ("/a b"
//     becomes "/a%20b"); canonicalized it must be at most 1024 bytes;
//   - the prefix and Partitioned rules (a __Host- cookie's path is "/" when
//     given so or when it is the URL's default);
//   - a last-access time only with a creation time, and a [SameSite] and a
//     [Priority] among their defined values ([ExcludeFailureToStore]);
//   - an empty name with '=' in the value, when nothing else refuses the
//     cookie, is refused with [ExcludeAmbiguousSerialization], since it would
//     be sent as another cookie.
//
// now is the creation time when d.Creation is zero (zero: time.Now()), and
// the last-access time is the creation time when d.LastAccess is zero.
func NewSanitizedCookie(d CookieDetails, now time.Time) (*CanonicalCookie, InclusionStatus) {
	var st InclusionStatus
	if now.IsZero() {
		now = time.Now()
	}
	now = normTime(now)
	if !d.SameSite.defined() || !d.Priority.defined() {
		st.addExclusion(ExcludeFailureToStore)
	}
	switch {
	case !validToken(d.Name) || !validValue(d.Value):
		st.addExclusion(ExcludeDisallowedCharacter)
	case d.Name == "" && d.Value == "":
		st.addExclusion(ExcludeNoCookieContent)
	case len(d.Name)+len(d.Value) > MaxNameValueSize:
		st.addExclusion(ExcludeNameValuePairExceedsMaxSize)
	}
	if !intactAttributeValue(d.Path) {
		st.addExclusion(ExcludeDisallowedCharacter)
	}

	h, urlOK := sanitizedURLHost(d.URL)
	attr := d.Domain
	if len(attr) > MaxAttributeValueSize {
		st.addExclusion(ExcludeAttributeValueExceedsMaxSize)
		attr = "" // judged as a host cookie, as Chromium does
	}
	domain := h
	if !urlOK {
		st.addExclusion(ExcludeInvalidDomain)
	} else if dom, ok := cookieDomain(h, attr, d.PublicSuffixList, &st); ok {
		domain = dom
	} else {
		st.addExclusion(ExcludeInvalidDomain)
	}

	// cookiePath is the path before canonicalization: the given one, or
	// the default path of the URL's (canonical) path.
	cookiePath := d.Path
	if cookiePath == "" || cookiePath[0] != '/' {
		up := "/"
		if urlOK {
			up = urlPath(d.URL)
			if up[0] != '/' {
				up = "/" + up
			}
		}
		cookiePath = defaultPath(canonicalCookiePath(up))
	}
	path := canonicalCookiePath(cookiePath)
	if d.Path != "" {
		switch {
		case cookiePath != d.Path:
			st.addExclusion(ExcludeInvalidPath)
		case len(path) > MaxAttributeValueSize:
			st.addExclusion(ExcludeAttributeValueExceedsMaxSize)
		}
	}

	access := accessNonCryptographic
	if urlOK {
		access = accessSchemeOf(d.URL, h)
	}
	_, nonced := d.Partition.Nonce()
	rules := secureRules{
		name:        d.Name,
		value:       d.Value,
		secure:      d.Secure && access != accessNonCryptographic,
		httpOnly:    d.HTTPOnly,
		pathSlash:   cookiePath == "/",
		noDomain:    attr == "" || (host.IsIP(h) && domain == h),
		partitioned: d.Partition.IsPartitioned() && !nonced,
	}
	rules.check().addTo(&st)
	if !d.LastAccess.IsZero() && d.Creation.IsZero() {
		st.addExclusion(ExcludeFailureToStore)
	}
	if st.IsInclude() && d.Name == "" && strings.IndexByte(d.Value, '=') >= 0 {
		// Reported only when nothing else refuses the cookie, as for a
		// Set-Cookie line: a value hiding a prefix gets only
		// ExcludeInvalidPrefix.
		st.addExclusion(ExcludeAmbiguousSerialization)
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

		FirstPartyDomain: d.FirstPartyDomain,
	}
	c.setSource(effectivePort(d.URL), access, &st)
	if !d.Expiry.IsZero() {
		c.Expiry = capExpiry(normTime(d.Expiry), creation)
	}
	if !c.IsCanonical() {
		st.addExclusion(ExcludeFailureToStore)
		return nil, st
	}
	return c, st
}
