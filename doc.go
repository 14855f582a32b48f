// Package cookiemonster is an embeddable HTTP cookie store built the way
// Chromium's CookieMonster is built.
//
// A Set-Cookie line is tokenized into a ParsedCookie (RFC 6265bis §5.6 with
// Chromium's limits), validated into a CanonicalCookie against the URL that
// set it, and stored in a Monster: a store keyed by eTLD+1, with partitioned
// (CHIPS) cookies kept per partition, that applies every set-time and
// read-time rule, evicts like Chromium, reports each change to a
// ChangeDispatcher and writes to an optional PersistentStore.
//
// Every access is described by Options: HTTP or script-like, its SameSite
// context, its partition. SameSiteInput computes the context of a request,
// a response, a script access or a subresource the way a browser does, and
// each decision comes back as an InclusionStatus that names every reason a
// cookie was refused or withheld, and explains it in plain language
// (InclusionStatus.Explain, ExplainSet, ExplainRead).
//
// For net/http, Monster.Jar is a drop-in http.CookieJar, and
// Monster.Transport an http.RoundTripper that reads raw Set-Cookie headers
// and knows each request's context (WithRequestContext), so that SameSite
// and partitions work as in a browser. Config.Observer hears every decision
// made through either, and through the Monster's own methods.
//
// # Which call to use
//
// Sending and receiving with net/http:
//
//	an http.Client that just needs cookies     &http.Client{Jar: m.Jar()}
//	cross-site requests, SameSite, partitions  &http.Client{Transport: m.Transport(nil)} (no Jar)
//	a client that installs its own jar         Transport with ReplaceCookieHeader, or remove its jar
//	why was a cookie refused or not sent       Config.Observer; SetEvent.Explain, ReadEvent.Explain
//	a persistent jar                           Config{Store: sqlitestore.Open(...)}; Jar.Close at exit
//	keep session cookies across restarts       Config.PersistSessionCookies (the only switch)
//	block third-party cookies, site settings   Config.Policy = CookieSettings (Chromium's controls)
//
// Setting a cookie directly:
//
//	a Set-Cookie line received from a URL      Monster.SetCookieLine
//	a cookie you built or loaded yourself      Monster.SetCanonicalCookie
//	fields, as WebExtension cookies.set does   Monster.Set (CookieDetails)
//	an http.Cookie                             NewCanonicalCookieFromHTTP, then SetCanonicalCookie
//
// Reading:
//
//	the Cookie header for a request            Monster.CookieHeader
//	the cookies for a request, and why not     Monster.Cookies with Options.ReturnExcluded
//	one cookie by URL and name (cookies.get)   Monster.Get
//	cookies by filter (cookies.getAll)         Monster.GetAll (CookieFilter)
//	every cookie, partitioned ones included    Monster.AllCookies (= GetAll with AllPartitions)
//	a CanonicalCookie as an http.Cookie        CanonicalCookie.HTTPCookie
//
// Options for an access:
//
//	a request the user typed (top level)       NavigationOptions (what a Jar uses)
//	a request or response in a known context   HTTPOptions(ctx, partition), ctx from SameSiteInput
//	document.cookie-like access                ScriptOptions(ctx, partition)
//	inspecting what a URL could see            AllInclusiveOptions (never for a real request)
//
// Script in a frame (Chromium's RestrictedCookieManager):
//
//	a frame's view: its origin, ancestors       Monster.Restricted (FrameContext) → RestrictedHandle
//	document.cookie read and assignment         RestrictedHandle.DocumentCookie, SetDocumentCookie
//	the CookieStore API (window.cookieStore)    RestrictedHandle.CookieStore: Get, GetAll, Set, Delete, OnChange
//
// Deleting:
//
//	every cookie                               Monster.DeleteAll
//	one cookie                                 Monster.DeleteCanonicalCookie, or Remove(u, name)
//	by site, time, name, session ...           Monster.DeleteMatching (DeletionInfo; a zero one is refused)
//	by any predicate                           Monster.DeleteMatchingFunc
//	session cookies (a browser restart)        Monster.DeleteSessionCookies
//
// # Zero values
//
// The zero Monster, Jar and Transport are empty memory-only stores with the
// defaults of the zero Config. A closed Monster fails every call with
// ErrClosed; nil URLs and cookies are errors (ErrNilURL, ErrNilCookie).
package cookiemonster
