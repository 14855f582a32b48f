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
	// with '/' and need no URL escaping.
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
// [ExcludeAmbiguousSerialization], since it would be sent as another cookie),
// domain and path of at most 1024 bytes, the Domain rules, a path that needs
// no escaping ([ExcludeInvalidPath]), the prefix and Partitioned rules, a
// [SameSite] and a [Priority] among their defined values ([ExcludeFailureToStore]).
// now is the creation time when d.Creation is zero (zero: time.Now()).
func NewSanitizedCookie(d CookieDetails, now time.Time) (*CanonicalCookie, InclusionStatus) {
	var st InclusionStatus
	if now.IsZero() {
		now = time.Now()
	}
	now = normTime(now)
	h, ok := canonicalURLHost(d.URL)
	if !ok {
		st.addExclusion(ExcludeFailureToStore)
		return nil, st
	}
	if !d.SameSite.defined() || !d.Priority.defined() {
		st.addExclusion(ExcludeFailureToStore)
	}
	switch {
	case !validToken(d.Name) || !validValue(d.Value):
		st.addExclusion(ExcludeDisallowedCharacter)
	case d.Name == "" && d.Value == "":
		st.addExclusion(ExcludeNoCookieContent)
	case d.Name == "" && strings.IndexByte(d.Value, '=') >= 0:
		st.addExclusion(ExcludeAmbiguousSerialization)
	case len(d.Name)+len(d.Value) > MaxNameValueSize:
		st.addExclusion(ExcludeNameValuePairExceedsMaxSize)
	}
	domain := h
	if len(d.Domain) > MaxAttributeValueSize {
		st.addExclusion(ExcludeAttributeValueExceedsMaxSize)
	} else if domain, ok = cookieDomain(h, d.Domain, d.PublicSuffixList, &st); !ok {
		st.addExclusion(ExcludeInvalidDomain)
	}
	path := d.Path
	switch {
	case len(path) > MaxAttributeValueSize:
		st.addExclusion(ExcludeAttributeValueExceedsMaxSize)
	case path == "":
		path = defaultPath(urlPath(d.URL))
	case !validExplicitPath(path):
		st.addExclusion(ExcludeInvalidPath)
	}
	access := accessSchemeOf(d.URL, h)
	_, nonced := d.Partition.Nonce()
	rules := secureRules{
		name:        d.Name,
		value:       d.Value,
		secure:      d.Secure && access != accessNonCryptographic,
		httpOnly:    d.HTTPOnly,
		pathSlash:   d.Path == "/",
		noDomain:    d.Domain == "" || (host.IsIP(h) && domain == h),
		partitioned: d.Partition.IsPartitioned() && !nonced,
	}
	rules.check().addTo(&st)
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
		st.addExclusion(ExcludeFailureToStore)
		return nil, st
	}
	return c, st
}
