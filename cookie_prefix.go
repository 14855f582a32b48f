package cookiemonster

import (
	"strings"

	"github.com/cookiemonster-go/cookiemonster/internal/host"
)

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
