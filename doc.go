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
// cookie was refused or withheld.
//
// For net/http, Monster.Jar is a drop-in http.CookieJar, and
// Monster.Transport an http.RoundTripper that reads raw Set-Cookie headers
// and knows each request's context (WithRequestContext), so that SameSite
// and partitions work as in a browser.
package cookiemonster
