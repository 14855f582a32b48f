package cookiemonster

import (
	"strings"

	"github.com/cookiemonster-go/cookiemonster/internal/host"
)

// cookieDomain computes the Domain field from the URL host and the Domain
// attribute (RFC 6265bis §5.6.3, Chromium's GetCookieDomainWithString). An
// attribute whose registrable domain is not the host's adds
// ExcludeDomainMismatch to st.
func cookieDomain(h, attr string, psl PublicSuffixList, st *InclusionStatus) (string, bool) {
	for i := 0; i < len(attr); i++ {
		if attr[i] >= 0x80 {
			st.addWarning(WarnDomainNonASCII)
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
	name := strings.TrimPrefix(attr, ".")
	d, ok := host.Canonicalize(name)
	// A name ending in an empty label is no host name, but Chromium reads
	// it as a domain, one with no registrable domain.
	emptyLabel := false
	if !ok && strings.HasSuffix(name, "..") {
		d, ok = host.Canonicalize(strings.TrimRight(name, "."))
		emptyLabel = ok
	}
	if !ok || d == "" || d[0] == '.' {
		return "", false
	}
	hostRD := host.RegistrableDomain(psl, h)
	if hostRD == "" {
		// An IP, a public suffix, localhost: only a host cookie, and
		// only when the attribute names the host itself.
		if d == h && !emptyLabel {
			return h, true
		}
		return "", false
	}
	if emptyLabel || (d != hostRD && host.RegistrableDomain(psl, d) != hostRD) {
		st.addExclusion(ExcludeDomainMismatch)
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
