package cookiemonster

import (
	"strconv"
	"strings"
	"time"
)

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

// String returns "Unset", "NonSecure" or "Secure", or "SourceScheme(n)" for
// a value outside these.
func (s SourceScheme) String() string {
	switch s {
	case SourceSchemeUnset:
		return "Unset"
	case SourceSchemeNonSecure:
		return "NonSecure"
	case SourceSchemeSecure:
		return "Secure"
	}
	return "SourceScheme(" + strconv.Itoa(int(s)) + ")"
}

// defined reports whether s is one of the source schemes above.
func (s SourceScheme) defined() bool { return s >= SourceSchemeUnset && s <= SourceSchemeSecure }

// Special source ports.
const (
	// PortUnspecified: the cookie's source port is not known. It is the
	// zero value, so a [CanonicalCookie] built without a SourcePort has an
	// unspecified one; a URL's explicit port 0, which no server listens
	// on, is recorded as unspecified too.
	PortUnspecified = 0
	// PortInvalid: a stored source port outside 0..65535.
	PortInvalid = -2
)

// validSourcePort reports whether p is a port, PortUnspecified or
// PortInvalid.
func validSourcePort(p int) bool { return p == PortInvalid || (p >= 0 && p <= 65535) }

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
	// SourcePort is the port the cookie was set from, 1..65535;
	// PortUnspecified (0, the zero value) when not known; PortInvalid when
	// a stored port was out of range.
	SourcePort int
	// FirstPartyDomain is the first-party domain (the registrable domain of
	// the top-level site) of the access that set the cookie, as Firefox's
	// first-party isolation keeps it; "" for a cookie set without one. A
	// cookie is visible only to accesses with the same first-party domain
	// (see [Options.FirstPartyDomain], [Config.FirstPartyIsolation]).
	FirstPartyDomain string
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
