package cookiemonster

import (
	"net/url"
	"time"
)

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
	// SemanticsLegacy: a cookie without [SameSite] is not restricted,
	// SameSite=None needs no Secure, same-site ignores schemes.
	SemanticsLegacy
)

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
	// TopFrame is the URL of the top-level frame, for the [Policy]
	// (content settings for a site embedded under another, Storage Access
	// grants); nil: the access's URL is itself top-level.
	TopFrame *url.URL
	// ThirdParty marks an access from a context whose site for cookies is
	// not first-party to its URL (a cross-site subresource or frame): the
	// accesses a Policy blocking third-party cookies refuses. The
	// Transport sets it; zero: first-party.
	ThirdParty bool
	// StorageAccess marks an access from a frame that requested Storage
	// Access (document.requestStorageAccess) and holds it. A Policy
	// blocking third-party cookies may then let unpartitioned cookies
	// through; [CookieSettings] does when the embedded site was granted
	// Storage Access under the top-level site.
	StorageAccess bool
	// FirstPartyDomain is the first-party domain of the access, under
	// first-party isolation: a read sees only the cookies set with it, and
	// a set gives it to the cookie. "" (the zero value): the cookies set
	// without one, as everywhere when isolation is off. A Monster with
	// [Config.FirstPartyIsolation] has its Jar and Transport fill it in.
	FirstPartyDomain string
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
