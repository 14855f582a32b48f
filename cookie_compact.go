package cookiemonster

import "strings"

// The strings of a stored cookie are its own, so that it does not keep
// alive the Set-Cookie line or the URL they were cut from.

// ownStrings gives c, a cookie about to be stored anew, strings of its own:
// its name and value in one allocation, and the domain and path of a
// cookie of list (the other cookies of its key) when they are equal, else
// copies.
func ownStrings(c *CanonicalCookie, list []*CanonicalCookie) {
	nv := c.Name + c.Value
	c.Name, c.Value = nv[:len(c.Name)], nv[len(c.Name):]
	domain, path := false, false
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
	c.FirstPartyDomain = strings.Clone(c.FirstPartyDomain)
}

// adoptStrings gives c, about to replace the stored old, its equivalent,
// old's name, domain, path and first-party domain, which are equal, and
// old's value when that is equal too, so that overwriting a cookie with
// the same one allocates nothing.
func adoptStrings(c, old *CanonicalCookie) {
	c.Name, c.Domain, c.Path, c.FirstPartyDomain = old.Name, old.Domain, old.Path, old.FirstPartyDomain
	if !share(&c.Value, old.Value) {
		c.Value = strings.Clone(c.Value)
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
