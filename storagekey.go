package cookiemonster

import "github.com/cookiemonster-go/cookiemonster/internal/host"

// StorageKey returns the key under which a [Monster] keeps the cookies of a
// cookie domain, and which it passes to [KeyLoader.LoadKey]: the
// registrable domain (eTLD+1) of domain under psl, or domain itself when it
// has none, as for an IP address, "localhost" or a public suffix. A
// top-level domain the list does not know is a one-label registry, as
// Chromium counts it: "www.intranet.corp" has the key "intranet.corp".
//
// domain is a cookie's Domain as in [CanonicalCookie]: a host name in
// canonical form (lower case, punycode; IPv6 addresses in brackets), with a
// leading dot for a domain cookie. The leading dot is ignored and ASCII
// upper case is lowered.
//
// psl must be the [Monster]'s [Config.PublicSuffixList]. A nil psl is the
// Monster's default: golang.org/x/net/publicsuffix.
func StorageKey(domain string, psl PublicSuffixList) string {
	if psl == nil {
		psl = host.Default()
	}
	return host.Key(psl, domain)
}
