package cookiemonster

import "strings"

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
// partition, first-party domain, name, domain (host-only and domain
// cookies differ) and path. Nothing is equivalent to nil.
func (c *CanonicalCookie) IsEquivalent(o *CanonicalCookie) bool {
	return o != nil && c.FirstPartyDomain == o.FirstPartyDomain && c.Name == o.Name && c.Path == o.Path && c.Domain == o.Domain && c.Partition == o.Partition
}

// isSubdomainOrSame reports whether a is b or a subdomain of b (dotless).
func isSubdomainOrSame(a, b string) bool {
	return a == b || (len(a) > len(b) && strings.HasSuffix(a, b) && a[len(a)-len(b)-1] == '.')
}

// isEquivalentForSecureCookieMatching reports whether c, set from an
// insecure origin, would overwrite or shadow the Secure cookie existing: same
// partition and name, domains that are the same or one a subdomain of the
// other, and c's path on existing's path.
func (c *CanonicalCookie) isEquivalentForSecureCookieMatching(existing *CanonicalCookie) bool {
	if c.Partition != existing.Partition || c.Name != existing.Name || c.FirstPartyDomain != existing.FirstPartyDomain {
		return false
	}
	a, b := c.DomainWithoutDot(), existing.DomainWithoutDot()
	if !isSubdomainOrSame(a, b) && !isSubdomainOrSame(b, a) {
		return false
	}
	return existing.IsOnPath(c.Path)
}
