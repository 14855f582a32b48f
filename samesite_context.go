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
