package cookiemonster

import (
	"net/url"
	"strconv"
)

// ContextType is how same-site an access is, ordered from the weakest:
// [ContextCrossSite] < [ContextLaxMethodUnsafe] < [ContextLax] < [ContextStrict].
type ContextType int8

// Context types. The zero value is ContextCrossSite, the most restrictive.
const (
	// ContextCrossSite: a cross-site access; only SameSite=None cookies.
	ContextCrossSite ContextType = iota
	// ContextLaxMethodUnsafe: a cross-site top-level navigation with an
	// unsafe method (POST); Lax cookies younger than two minutes without a
	// [SameSite] attribute are still sent.
	ContextLaxMethodUnsafe
	// ContextLax: a cross-site top-level navigation with a safe method.
	ContextLax
	// ContextStrict: a same-site access.
	ContextStrict
)

// String returns the context's name, such as "Lax", or "ContextType(n)" for
// a value outside the defined ones.
func (t ContextType) String() string {
	switch t {
	case ContextCrossSite:
		return "CrossSite"
	case ContextLaxMethodUnsafe:
		return "LaxMethodUnsafe"
	case ContextLax:
		return "Lax"
	case ContextStrict:
		return "Strict"
	}
	return "ContextType(" + strconv.Itoa(int(t)) + ")"
}

// RedirectDowngrade says how a same-site context would have been lowered
// had the request's redirect chain been considered: Chromium computes the
// context as if every URL of the chain but the last were same-site (its
// CookieSameSiteConsidersRedirectChain feature is off by default), and keeps
// what the chain would have changed as metadata, which only warns.
type RedirectDowngrade int8

// Redirect downgrades. The zero value, NoRedirectDowngrade, says that the
// redirect chain changes nothing.
const (
	// NoRedirectDowngrade: no cross-site hop, or none that matters.
	NoRedirectDowngrade RedirectDowngrade = iota
	// RedirectDowngradeStrictToLax: a strict context that a cross-site
	// hop would make Lax (a top-level navigation, or a script).
	RedirectDowngradeStrictToLax
	// RedirectDowngradeStrictToCross: a strict context that a cross-site
	// hop would make cross-site (a subresource).
	RedirectDowngradeStrictToCross
	// RedirectDowngradeLaxToCross: a Lax context for setting cookies that
	// a cross-site hop would make cross-site (a subresource's response).
	RedirectDowngradeLaxToCross
)

// String returns the downgrade's name, such as "StrictToLax", or
// "RedirectDowngrade(n)" for a value outside the defined ones.
func (d RedirectDowngrade) String() string {
	switch d {
	case NoRedirectDowngrade:
		return "None"
	case RedirectDowngradeStrictToLax:
		return "StrictToLax"
	case RedirectDowngradeStrictToCross:
		return "StrictToCross"
	case RedirectDowngradeLaxToCross:
		return "LaxToCross"
	}
	return "RedirectDowngrade(" + strconv.Itoa(int(d)) + ")"
}

// SameSiteContext is the same-site context of an access, computed without
// (Context) and with (Schemeful) regard to the URL schemes. Schemeful is
// never above Context. Inclusion decisions use Schemeful; Context is used for
// legacy access semantics and for the downgrade warnings. The zero value is a
// cross-site access with no redirect downgrade.
type SameSiteContext struct {
	Context, Schemeful ContextType
	// RedirectDowngrade and SchemefulRedirectDowngrade are Chromium's
	// context metadata for the two modes: how considering the redirect
	// chain would have lowered Context and Schemeful. They never change
	// which cookies are included; a cookie whose inclusion they would
	// change gets [WarnCrossSiteRedirectDowngradeChangesInclusion], judged
	// on SchemefulRedirectDowngrade.
	RedirectDowngrade, SchemefulRedirectDowngrade RedirectDowngrade
}

// MakeSameSiteContext returns a context whose two halves are both t.
func MakeSameSiteContext(t ContextType) SameSiteContext {
	return SameSiteContext{Context: t, Schemeful: t}
}

// SameSiteInput describes an access for the computation of its
// [SameSiteContext], as a browser knows it.
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

	// reqSite is the site of the last URL of URLChain when hasReqSite:
	// the Transport knows it already.
	reqSite    Site
	hasReqSite bool
}

func (in SameSiteInput) requestURL() *url.URL {
	if len(in.URLChain) == 0 {
		return nil
	}
	return in.URLChain[len(in.URLChain)-1]
}

// compute runs the same-site algorithm for one mode (schemeful or not) and
// returns the context and its redirect downgrade. reqSite and initSite are
// the sites of the request's URL and of the initiator (when there is one).
func (in SameSiteInput) compute(isHTTP, schemeful bool, reqSite, initSite Site) (ContextType, RedirectDowngrade) {
	if !in.SiteForCookies.isFirstParty(reqSite, schemeful) {
		return ContextCrossSite, NoRedirectDowngrade
	}
	sameInitiator := in.Initiator == nil || initSite.SameSiteAs(reqSite, schemeful)
	if !sameInitiator {
		if !isHTTP || in.MainFrameNavigation {
			return ContextLax, NoRedirectDowngrade
		}
		return ContextCrossSite, NoRedirectDowngrade
	}
	if in.sameSiteChain(schemeful) {
		return ContextStrict, NoRedirectDowngrade
	}
	// A cross-site hop in the redirect chain would downgrade the context
	// if the redirect-chain rule were on, which it is not by default: the
	// context stays strict and the downgrade is only noted.
	if !isHTTP || in.MainFrameNavigation {
		return ContextStrict, RedirectDowngradeStrictToLax
	}
	return ContextStrict, RedirectDowngradeStrictToCross
}

// sameSiteChain reports whether every URL of the chain is same-site with
// the site for cookies.
func (in SameSiteInput) sameSiteChain(schemeful bool) bool {
	if len(in.URLChain) <= 1 {
		return true
	}
	for _, u := range in.URLChain {
		if !in.SiteForCookies.isFirstParty(SiteOf(u, in.PublicSuffixList), schemeful) {
			return false
		}
	}
	return true
}

func (in SameSiteInput) both(isHTTP bool) SameSiteContext {
	var c SameSiteContext
	reqSite := in.reqSite
	if !in.hasReqSite {
		reqSite = SiteOf(in.requestURL(), in.PublicSuffixList)
	}
	var initSite Site
	if in.Initiator != nil {
		initSite = SiteOf(in.Initiator, in.PublicSuffixList)
	}
	c.Context, c.RedirectDowngrade = in.compute(isHTTP, false, reqSite, initSite)
	c.Schemeful, c.SchemefulRedirectDowngrade = in.compute(isHTTP, true, reqSite, initSite)
	return c
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
// A Lax context with an unsafe method becomes [ContextLaxMethodUnsafe].
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
// response. Setting never needs more than Lax, so Strict becomes Lax, and a
// Strict→Cross redirect downgrade becomes Lax→Cross (Strict→Lax becomes
// none). A main-frame navigation is Lax whatever its redirect chain.
func (in SameSiteInput) ForResponse() SameSiteContext {
	if in.MainFrameNavigation && !in.SiteForCookies.IsNull() {
		return MakeSameSiteContext(ContextLax)
	}
	return in.both(true).forSet()
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
	return in.both(false).forSet()
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

// forSet normalizes a context for setting cookies: Strict becomes Lax, and
// the redirect downgrades follow.
func (c SameSiteContext) forSet() SameSiteContext {
	c.Context = min(c.Context, ContextLax)
	c.Schemeful = min(c.Schemeful, ContextLax)
	c.RedirectDowngrade = c.RedirectDowngrade.forSet()
	c.SchemefulRedirectDowngrade = c.SchemefulRedirectDowngrade.forSet()
	return c
}

// forSet is the downgrade of a context normalized for setting cookies.
func (d RedirectDowngrade) forSet() RedirectDowngrade {
	switch d {
	case RedirectDowngradeStrictToLax:
		return NoRedirectDowngrade
	case RedirectDowngradeStrictToCross:
		return RedirectDowngradeLaxToCross
	}
	return d
}

// forInclusion returns the context that inclusion decisions use.
func (c SameSiteContext) forInclusion(sem AccessSemantics) ContextType {
	if sem == SemanticsLegacy {
		return c.Context
	}
	return c.Schemeful
}
