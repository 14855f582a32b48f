package cookiemonster

import (
	"net/url"
	"strings"

	"github.com/cookiemonster-go/cookiemonster/internal/host"
)

// Site is a schemeful site: a scheme and a registrable domain (eTLD+1), or
// the host itself when it has none (an IP address, localhost). ws and wss
// are recorded as http and https. The zero value is the opaque site, which
// is same-site with nothing.
type Site struct {
	Scheme string // "https", "http", ...
	Domain string // "example.com", "127.0.0.1", "[::1]"
}

// SiteOf returns the site of u under psl (nil: the default list). A URL
// without a host gives the opaque site.
func SiteOf(u *url.URL, psl PublicSuffixList) Site {
	if u == nil {
		return Site{}
	}
	h, ok := canonicalURLHost(u)
	if !ok {
		return Site{}
	}
	return Site{Scheme: normalizeScheme(strings.ToLower(u.Scheme)), Domain: host.Key(psl, h)}
}

// normalizeScheme records ws as http and wss as https.
func normalizeScheme(s string) string {
	switch s {
	case "ws":
		return "http"
	case "wss":
		return "https"
	}
	return s
}

// IsOpaque reports whether s is the opaque site.
func (s Site) IsOpaque() bool { return s.Domain == "" }

// String returns "scheme://domain", or "" for the opaque site.
func (s Site) String() string {
	if s.IsOpaque() {
		return ""
	}
	return s.Scheme + "://" + s.Domain
}

// SameSiteAs reports whether s and o are the same site, comparing schemes
// too when schemeful is set. Opaque sites are same-site with nothing.
func (s Site) SameSiteAs(o Site, schemeful bool) bool {
	if s.IsOpaque() || o.IsOpaque() || s.Domain != o.Domain {
		return false
	}
	return !schemeful || s.Scheme == o.Scheme
}

// SiteForCookies is the site of the frame tree an access comes from: the
// top-level site when every frame up to the top is same-site with it, and
// null otherwise. The zero value is the null site for cookies, which makes
// every access cross-site.
type SiteForCookies struct {
	site Site
	// schemefullySame is false when the frame tree is same-site only when
	// schemes are ignored.
	schemefullySame bool
}

// NewSiteForCookies returns the site for cookies of a top-level document at
// u (nil: null).
func NewSiteForCookies(u *url.URL, psl PublicSuffixList) SiteForCookies {
	return siteForCookiesOf(SiteOf(u, psl))
}

// siteForCookiesOf is the site for cookies of a top-level document on the
// site s.
func siteForCookiesOf(s Site) SiteForCookies {
	return SiteForCookies{site: s, schemefullySame: !s.IsOpaque()}
}

// SiteForCookiesFromFrames returns the site for cookies of a frame tree
// given from the top-level document down to the accessing frame: null when
// a frame is cross-site with the top, and schemefully cross-site when only
// the schemes differ.
func SiteForCookiesFromFrames(frames []*url.URL, psl PublicSuffixList) SiteForCookies {
	if len(frames) == 0 {
		return SiteForCookies{}
	}
	sfc := NewSiteForCookies(frames[0], psl)
	for _, f := range frames[1:] {
		fs := SiteOf(f, psl)
		if !sfc.site.SameSiteAs(fs, false) {
			return SiteForCookies{}
		}
		if fs.Scheme != sfc.site.Scheme {
			sfc.schemefullySame = false
		}
	}
	return sfc
}

// IsNull reports whether the site for cookies is null.
func (s SiteForCookies) IsNull() bool { return s.site.IsOpaque() }

// Site returns the site, the zero Site when null.
func (s SiteForCookies) Site() Site { return s.site }

// IsFirstParty reports whether u is first-party to s, schemefully (http
// and https are different sites), as Chromium's SiteForCookies::IsFirstParty
// judges it with schemeful same-site on: what its CookieSettings calls a
// request that is not third-party. psl nil: the default list.
func (s SiteForCookies) IsFirstParty(u *url.URL, psl PublicSuffixList) bool {
	if u == nil {
		return false
	}
	return s.isFirstParty(SiteOf(u, psl), true)
}

// isFirstParty reports whether site is same-site with s.
func (s SiteForCookies) isFirstParty(site Site, schemeful bool) bool {
	if schemeful && !s.schemefullySame {
		return false
	}
	return s.site.SameSiteAs(site, schemeful)
}
