package cookiemonster

import "strings"

// compactStrings gives the stored cookie c strings of its own, so that it
// does not keep alive the Set-Cookie line or the URL they were cut from:
// the name and value share one allocation, and the domain and path are
// those of old (the cookie c replaces) or of a cookie of list (the other
// cookies of its key) when they are equal, else copies. Strings equal to
// old's are old's, so overwriting a cookie with the same one allocates
// nothing.
func compactStrings(c, old *CanonicalCookie, list []*CanonicalCookie) {
	if old != nil && c.Name == old.Name && c.Value == old.Value {
		c.Name, c.Value = old.Name, old.Value
	} else {
		nv := c.Name + c.Value
		c.Name, c.Value = nv[:len(c.Name)], nv[len(c.Name):]
	}
	domain, path := false, false
	if old != nil {
		domain, path = share(&c.Domain, old.Domain), share(&c.Path, old.Path)
	}
	for _, o := range list {
		if domain && path {
			break
		}
		domain = domain || share(&c.Domain, o.Domain)
		path = path || share(&c.Path, o.Path)
	}
	if !domain {
		c.Domain = strings.Clone(c.Domain)
	}
	if !path {
		c.Path = strings.Clone(c.Path)
	}
	if c.FirstPartyDomain != "" && !(old != nil && share(&c.FirstPartyDomain, old.FirstPartyDomain)) {
		c.FirstPartyDomain = strings.Clone(c.FirstPartyDomain)
	}
}

// share makes *s the string t when they are equal, and reports whether
// they were.
func share(s *string, t string) bool {
	if *s != t {
		return false
	}
	*s = t
	return true
}
