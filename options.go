package cookiemonster

import (
	"net/url"
	"strings"
	"time"

	"github.com/cookiemonster-go/cookiemonster/internal/host"
)

// ContextType is how same-site an access is, ordered from the weakest:
// ContextCrossSite < ContextLaxMethodUnsafe < ContextLax < ContextStrict.
type ContextType int8

// Context types. The zero value is ContextCrossSite, the most restrictive.
const (
	// ContextCrossSite: a cross-site access; only SameSite=None cookies.
	ContextCrossSite ContextType = iota
	// ContextLaxMethodUnsafe: a cross-site top-level navigation with an
	// unsafe method (POST); Lax cookies younger than two minutes without a
	// SameSite attribute are still sent.
	ContextLaxMethodUnsafe
	// ContextLax: a cross-site top-level navigation with a safe method.
	ContextLax
	// ContextStrict: a same-site access.
	ContextStrict
)

// String returns the context's name, such as "Lax".
func (t ContextType) String() string {
	switch t {
	case ContextLaxMethodUnsafe:
		return "LaxMethodUnsafe"
	case ContextLax:
		return "Lax"
	case ContextStrict:
		return "Strict"
	}
	return "CrossSite"
}

// SameSiteContext is the same-site context of an access, computed without
// (Context) and with (Schemeful) regard to the URL schemes. Schemeful is
// never above Context. Inclusion decisions use Schemeful; Context is used for
// legacy access semantics and for the downgrade warnings. The zero value is a
// cross-site access.
type SameSiteContext struct {
	Context, Schemeful ContextType
}

// MakeSameSiteContext returns a context whose two halves are both t.
func MakeSameSiteContext(t ContextType) SameSiteContext {
	return SameSiteContext{Context: t, Schemeful: t}
}

// EffectiveSameSite is the SameSite mode a cookie is judged under.
type EffectiveSameSite int8

// Effective SameSite modes. The zero value is EffectiveNoRestriction.
const (
	// EffectiveNoRestriction: sent in every context.
	EffectiveNoRestriction EffectiveSameSite = iota
	// EffectiveLaxMode: sent in Lax and Strict contexts.
	EffectiveLaxMode
	// EffectiveStrictMode: sent in Strict contexts only.
	EffectiveStrictMode
	// EffectiveLaxModeAllowUnsafe: a cookie without SameSite created at
	// most two minutes ago; also sent on unsafe top-level requests.
	EffectiveLaxModeAllowUnsafe
	// EffectiveUndefined: not computed (deletion events).
	EffectiveUndefined
)

// String returns the mode's name, such as "LaxMode".
func (e EffectiveSameSite) String() string {
	switch e {
	case EffectiveNoRestriction:
		return "NoRestriction"
	case EffectiveLaxMode:
		return "LaxMode"
	case EffectiveStrictMode:
		return "StrictMode"
	case EffectiveLaxModeAllowUnsafe:
		return "LaxModeAllowUnsafe"
	}
	return "Undefined"
}

// AccessSemantics selects between today's cookie rules and the legacy rules
// some embedders keep for chosen sites.
type AccessSemantics int8

// Access semantics. The zero value, SemanticsUnknown, behaves as
// SemanticsNonLegacy.
const (
	SemanticsUnknown AccessSemantics = iota
	// SemanticsNonLegacy: Lax by default, SameSite=None needs Secure,
	// schemeful same-site.
	SemanticsNonLegacy
	// SemanticsLegacy: a cookie without SameSite is not restricted,
	// SameSite=None needs no Secure, same-site ignores schemes.
	SemanticsLegacy
)

// LaxAllowUnsafeMaxAge is how long a cookie without a SameSite attribute is
// also sent on cross-site top-level requests with unsafe methods.
const LaxAllowUnsafeMaxAge = 2 * time.Minute

// Options describes one access to the store: who asks, from which context.
// The zero value fails closed: a script-like, cross-site, unpartitioned
// access that can neither see nor set HttpOnly cookies.
type Options struct {
	// IncludeHTTPOnly is true for HTTP accesses; false is a script-like
	// access that may not see or set HttpOnly cookies.
	IncludeHTTPOnly bool
	// SameSite is the access's same-site context; zero: cross-site.
	SameSite SameSiteContext
	// Partition is the partition key of the accessing context; zero: an
	// unpartitioned context that sees no partitioned cookies.
	Partition PartitionKey
	// ServerTime is the response's Date header on set, used to correct
	// the server's clock skew in Expires; zero: no correction.
	ServerTime time.Time
	// ReturnExcluded makes reads also return the excluded cookies with
	// their reasons.
	ReturnExcluded bool
	// AccessSemantics selects legacy rules; zero: today's rules.
	AccessSemantics AccessSemantics
	// SkipAccessTimeUpdate leaves the cookies' last-access time alone on
	// reads; zero: reads update it (at most once a minute per cookie).
	SkipAccessTimeUpdate bool
}

// NavigationOptions returns the options of an HTTP request that is a
// same-site top-level navigation: HttpOnly included, a strict context,
// unpartitioned. These are the cookies a browser tab sends when the user
// types the URL.
func NavigationOptions() Options {
	return Options{IncludeHTTPOnly: true, SameSite: MakeSameSiteContext(ContextStrict)}
}

// HTTPOptions returns the options of an HTTP request or response in the
// given context and partition: HttpOnly cookies included.
func HTTPOptions(ctx SameSiteContext, partition PartitionKey) Options {
	return Options{IncludeHTTPOnly: true, SameSite: ctx, Partition: partition}
}

// ScriptOptions returns the options of a script-like access (document.cookie)
// in the given context and partition: HttpOnly cookies excluded.
func ScriptOptions(ctx SameSiteContext, partition PartitionKey) Options {
	return Options{SameSite: ctx, Partition: partition}
}

// AllInclusiveOptions returns options that include every cookie a URL could
// see: HttpOnly, a strict context, no access-time update. Used for matching
// and inspection, never to build a real request.
func AllInclusiveOptions() Options {
	return Options{
		IncludeHTTPOnly:      true,
		SameSite:             MakeSameSiteContext(ContextStrict),
		SkipAccessTimeUpdate: true,
	}
}

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
	s := SiteOf(u, psl)
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

// isFirstParty reports whether site is same-site with s.
func (s SiteForCookies) isFirstParty(site Site, schemeful bool) bool {
	if schemeful && !s.schemefullySame {
		return false
	}
	return s.site.SameSiteAs(site, schemeful)
}

// SameSiteInput describes an access for the computation of its
// SameSiteContext, as a browser knows it.
type SameSiteInput struct {
	// Method is the HTTP method; "" counts as GET.
	Method string
	// URLChain holds the request's URLs through its redirects, the URL
	// being accessed last. Script and subresource accesses use only the
	// last URL.
	URLChain []*url.URL
	// SiteForCookies is the site of the frame tree; for a main-frame
	// navigation, the site of the URL being navigated to.
	SiteForCookies SiteForCookies
	// Initiator is the origin that started the request; nil: the user
	// (typed URL, bookmark).
	Initiator *url.URL
	// MainFrameNavigation is set for a top-level navigation.
	MainFrameNavigation bool
	// PublicSuffixList decides sites; nil: the default list.
	PublicSuffixList PublicSuffixList
}

func (in SameSiteInput) requestURL() *url.URL {
	if len(in.URLChain) == 0 {
		return nil
	}
	return in.URLChain[len(in.URLChain)-1]
}

// compute runs the same-site algorithm for one mode (schemeful or not).
func (in SameSiteInput) compute(isHTTP, schemeful bool) ContextType {
	reqSite := SiteOf(in.requestURL(), in.PublicSuffixList)
	if !in.SiteForCookies.isFirstParty(reqSite, schemeful) {
		return ContextCrossSite
	}
	sameInitiator := in.Initiator == nil ||
		SiteOf(in.Initiator, in.PublicSuffixList).SameSiteAs(reqSite, schemeful)
	if sameInitiator {
		// A cross-site hop in the redirect chain only downgrades when the
		// redirect-chain rule is on, which it is not by default.
		return ContextStrict
	}
	if !isHTTP || in.MainFrameNavigation {
		return ContextLax
	}
	return ContextCrossSite
}

func (in SameSiteInput) both(isHTTP bool) SameSiteContext {
	return SameSiteContext{Context: in.compute(isHTTP, false), Schemeful: in.compute(isHTTP, true)}
}

// isSafeMethod reports whether m is GET, HEAD, OPTIONS or TRACE (exact case).
func isSafeMethod(m string) bool {
	switch m {
	case "", "GET", "HEAD", "OPTIONS", "TRACE":
		return true
	}
	return false
}

// ForRequest returns the context for sending cookies with an HTTP request.
// A Lax context with an unsafe method becomes ContextLaxMethodUnsafe.
func (in SameSiteInput) ForRequest() SameSiteContext {
	c := in.both(true)
	if !isSafeMethod(in.Method) {
		if c.Context == ContextLax {
			c.Context = ContextLaxMethodUnsafe
		}
		if c.Schemeful == ContextLax {
			c.Schemeful = ContextLaxMethodUnsafe
		}
	}
	return c
}

// ForResponse returns the context for storing the cookies of an HTTP
// response. Setting never needs more than Lax, so Strict becomes Lax.
func (in SameSiteInput) ForResponse() SameSiteContext {
	if in.MainFrameNavigation && !in.SiteForCookies.IsNull() {
		return MakeSameSiteContext(ContextLax)
	}
	return in.both(true).capAtLax()
}

// ForScriptGet returns the context for a script reading cookies of the last
// URL of the chain.
func (in SameSiteInput) ForScriptGet() SameSiteContext {
	in.URLChain = in.URLChain[max(0, len(in.URLChain)-1):]
	in.MainFrameNavigation = false
	return in.both(false)
}

// ForScriptSet returns the context for a script setting cookies on the last
// URL of the chain; the initiator is ignored.
func (in SameSiteInput) ForScriptSet() SameSiteContext {
	in.URLChain = in.URLChain[max(0, len(in.URLChain)-1):]
	in.MainFrameNavigation = false
	in.Initiator = nil
	return in.both(false).capAtLax()
}

// ForSubresource returns the context for a subresource that is not a
// network request (for example a service worker lookup) of the last URL:
// strict when same-site with the site for cookies, cross-site otherwise.
func (in SameSiteInput) ForSubresource() SameSiteContext {
	reqSite := SiteOf(in.requestURL(), in.PublicSuffixList)
	c := MakeSameSiteContext(ContextStrict)
	if !in.SiteForCookies.isFirstParty(reqSite, false) {
		return MakeSameSiteContext(ContextCrossSite)
	}
	if !in.SiteForCookies.isFirstParty(reqSite, true) {
		c.Schemeful = ContextCrossSite
	}
	return c
}

func (c SameSiteContext) capAtLax() SameSiteContext {
	c.Context = min(c.Context, ContextLax)
	c.Schemeful = min(c.Schemeful, ContextLax)
	return c
}

// forInclusion returns the context that inclusion decisions use.
func (c SameSiteContext) forInclusion(sem AccessSemantics) ContextType {
	if sem == SemanticsLegacy {
		return c.Context
	}
	return c.Schemeful
}

// EffectiveSameSiteFor returns the SameSite mode a cookie with attribute ss,
// created at creation, is judged under at now. A cookie without the
// attribute is Lax, and for its first two minutes Lax-allow-unsafe; under
// legacy semantics it is unrestricted.
func EffectiveSameSiteFor(ss SameSite, creation, now time.Time, sem AccessSemantics) EffectiveSameSite {
	switch ss {
	case SameSiteNone:
		return EffectiveNoRestriction
	case SameSiteLax:
		return EffectiveLaxMode
	case SameSiteStrict:
		return EffectiveStrictMode
	}
	if sem == SemanticsLegacy {
		return EffectiveNoRestriction
	}
	if now.Sub(creation) <= LaxAllowUnsafeMaxAge {
		return EffectiveLaxModeAllowUnsafe
	}
	return EffectiveLaxMode
}
