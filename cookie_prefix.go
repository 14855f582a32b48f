package cookiemonster

import (
	"fmt"
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

// secureRules are the facts that the name-prefix rules and the rule that a
// Partitioned cookie be Secure judge, whichever way the cookie is made: from
// a Set-Cookie line, from explicit fields, or from storage.
type secureRules struct {
	name, value string
	// secure: the cookie is Secure and, when it is set from a URL, from
	// one that may set Secure cookies.
	secure   bool
	httpOnly bool
	// pathSlash: the path is exactly "/" (for a Set-Cookie line, the
	// Path attribute is).
	pathSlash bool
	// noDomain: the cookie has no Domain (on an IP host, a Domain naming
	// the host itself counts as none).
	noDomain bool
	// partitioned: the cookie is partitioned, or asks to be, without a
	// nonce.
	partitioned bool
}

// secureFaults is the set of the secureRules a cookie breaks.
type secureFaults uint8

const (
	// faultPrefix: the rules of the name's prefix.
	faultPrefix secureFaults = 1 << iota
	// faultHiddenPrefix: a nameless cookie with a prefix in its value.
	faultHiddenPrefix
	// faultPartitioned: Partitioned without Secure.
	faultPartitioned
)

// check returns the rules r breaks. The prefixes are matched
// case-insensitively: __Secure- needs Secure; __Host- also a Path of "/" and
// no Domain; __Http- Secure and HttpOnly; __Host-Http- all of these.
func (r *secureRules) check() secureFaults {
	var f secureFaults
	if mayHavePrefix(r.name) && !r.prefixOK() {
		f |= faultPrefix
	}
	if hasHiddenPrefix(r.name, r.value) {
		f |= faultHiddenPrefix
	}
	if r.partitioned && !r.secure {
		f |= faultPartitioned
	}
	return f
}

// mayApply reports whether any rule can apply: the name may have a prefix,
// the cookie is nameless, or partitioned. Most cookies fail this cheap test,
// and need no check.
func (r *secureRules) mayApply() bool {
	return r.name == "" || r.partitioned || mayHavePrefix(r.name)
}

// mayHavePrefix reports whether name starts with "__", as every prefix
// does: a cheap test before the case-insensitive comparisons.
func mayHavePrefix(name string) bool {
	return len(name) >= 2 && name[0] == '_' && name[1] == '_'
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

// prefixOK reports whether the name's prefix, if any, has what it needs.
func (r *secureRules) prefixOK() bool {
	switch {
	case hasPrefixFold(r.name, prefixSecure):
		return r.secure
	case hasPrefixFold(r.name, prefixHTTP):
		return r.secure && r.httpOnly
	case hasPrefixFold(r.name, prefixHostHTTP):
		return r.secure && r.httpOnly && r.pathSlash && r.noDomain
	case hasPrefixFold(r.name, prefixHost):
		return r.secure && r.pathSlash && r.noDomain
	}
	return true
}

// addTo adds the exclusions of the broken rules to st:
// ExcludeInvalidPrefix for the prefix rules, ExcludeInvalidPartitioned for
// Partitioned without Secure.
func (f secureFaults) addTo(st *InclusionStatus) {
	if f&(faultPrefix|faultHiddenPrefix) != 0 {
		st.addExclusion(ExcludeInvalidPrefix)
	}
	if f&faultPartitioned != 0 {
		st.addExclusion(ExcludeInvalidPartitioned)
	}
}

// err returns the storage error of the first broken rule of a cookie named
// name, nil when none is.
func (f secureFaults) err(name string) error {
	switch {
	case f&faultPrefix != 0:
		return fmt.Errorf("%w: prefix rules of %q", ErrNotCanonical, name)
	case f&faultHiddenPrefix != 0:
		return fmt.Errorf("%w: nameless cookie with a prefix in its value", ErrNotCanonical)
	case f&faultPartitioned != 0:
		return fmt.Errorf("%w: partitioned cookie without Secure", ErrNotCanonical)
	}
	return nil
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
