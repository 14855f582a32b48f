// Package webext is the WebExtension cookies namespace (browser.cookies,
// chrome.cookies) over the stores of a cookiemonster.StoreSet: the same
// calls, the same arguments and results, JSON-tagged with the API's field
// names, and the same semantics, so that code written against the
// extension API, and the cookie lists extensions export, carry over.
//
// # Calls
//
//	WebExtension                                 Go
//	cookies.get(details)                         api.Get(ctx, webext.GetDetails{...})
//	cookies.getAll(details)                      api.GetAll(ctx, webext.GetAllDetails{...})
//	cookies.set(details)                         api.Set(ctx, webext.SetDetails{...})
//	cookies.remove(details)                      api.Remove(ctx, webext.RemoveDetails{...})
//	cookies.getAllCookieStores()                 api.GetAllCookieStores(ctx)
//	cookies.onChanged.addListener(fn)            cancel := api.OnChanged(fn)
//	cookies.onChanged.removeListener(fn)         cancel()
//	export: getAll({storeId, partitionKey: {},   api.Export(ctx, storeID)
//	        firstPartyDomain: null})
//	import: cookies.set for each cookie          api.Import(ctx, storeID, cookies)
//	a resolved promise's null                    a nil *Cookie or *RemoveDetails, nil error
//	a rejected promise                           a non-nil error
//
// Types: cookies.Cookie is Cookie, CookieStore is CookieStore,
// CookiePartitionKey is PartitionKey, SameSiteStatus is SameSiteStatus,
// OnChangedCause is OnChangedCause, and the onChanged event's changeInfo
// is ChangeInfo. The firstPartyDomain of get, set and remove is a
// *string (nil: absent or null), and that of getAll a FirstPartyFilter
// (FirstParty(d) for a string, AllFirstParties() for null, the zero
// value when absent).
//
// # Semantics
//
// A store is named by its StoreSet ID (where Chrome has "0" and "1", and
// Firefox "firefox-default", "firefox-private" and "firefox-container-N");
// an absent storeId is the default store (cookiemonster.DefaultStoreID), an
// unknown one an error naming it. A private store
// (cookiemonster.StorePrivate) is incognito. There are no tabs: a store's
// tabIds are empty.
//
// Get returns the cookie with the longest path, then the earliest
// creation; GetAll sorts the same way (RFC 6265 §5.4). A url's query and
// fragment are ignored. partitionKey selects CHIPS partitions: absent, the
// unpartitioned cookies; {} (AllPartitions), in GetAll, every cookie; a
// topLevelSite, that site's partition only. Set returns the cookie as
// stored, or a *SetError naming each reason of the refusal; an
// expirationDate in the past deletes the equivalent cookie. Remove returns
// the removed cookie's details, or nil when there was none.
//
// Host permissions (Options.HostPermissions) are match patterns, checked
// as browsers check them: Get, Set and Remove fail for a URL outside them
// (ErrNoHostPermission, naming the URL and the patterns); GetAll, Export
// and OnChanged leave out the cookies they do not cover. With none, every
// URL is refused; AllHosts permits every one.
//
// First-party isolation is Firefox's: a cookie belongs to the first-party
// domain it was set under ("" for none), and a call sees the cookies of one
// first party only. Every Cookie carries its firstPartyDomain, in onChanged
// events too, and Export and Import keep it. When the set isolates first
// parties (cookiemonster.Config.FirstPartyIsolation, Firefox's
// privacy.firstparty.isolate, under which a Jar and a Transport set each
// cookie under the first party of its top-level site), Get, Set, Remove and
// GetAll require firstPartyDomain, and fail without it with
// ErrFirstPartyDomainRequired, whose text is Firefox's:
//
//	webext: First-Party Isolation is enabled, but the required 'firstPartyDomain' attribute was not set
//
// When it does not, firstPartyDomain is optional, and absent means "": the
// cookies set without one. Either way a given firstPartyDomain selects,
// or sets a cookie under, that first party, and in GetAll null
// (AllFirstParties) selects every first party. A firstPartyDomain is
// taken as given, as Firefox takes it: "example.com", the registrable
// domain of the top-level site, is what a Jar sets. Set refuses a
// non-empty firstPartyDomain with a partitionKey, {} included, as Firefox
// does (Import loads such a cookie, which a Transport can make).
//
// # Where the browsers differ
//
// Chrome and Firefox differ in details; this package follows Chrome,
// whose cookie store the root package reproduces, except where noted:
//
//   - a partitionKey with a topLevelSite but no hasCrossSiteAncestor: the
//     bit the URL implies in Get, Set and Remove (Chrome's Remove assumes
//     true; Firefox computes it), either bit in GetAll;
//   - an overwrite event carries the old cookie (Firefox reports the new
//     one twice); the cookie an expired set deletes is expired_overwrite
//     (Firefox reports a deletion, explicit);
//   - Remove returns nil when nothing was removed, and the removed cookie's
//     partition key (Firefox; Chrome always echoes the details), but removes
//     every path's cookie of that name (Chrome; Firefox removes one);
//   - Set returns the cookie it stored (both browsers return the first
//     cookie of that name a get for the url finds, which may be another);
//   - Get and Remove for a url outside the host permissions are errors
//     (Chrome; Firefox resolves null); GetAll filters in both;
//   - GetAll with an unknown storeId is an error (Chrome; Firefox returns
//     an empty list);
//   - whether an extension sees a cookie is decided as Firefox decides it
//     (a domain cookie is visible to a pattern for any host under its
//     domain; Chrome looks at the domain's own URL only);
//   - a match pattern may carry a port (Chrome; Firefox refuses one), and
//     the scheme "*" covers ws and wss (Firefox; Chrome: http and https);
//   - CookieStore has incognito (Firefox), and a Cookie's partitionKey is
//     absent, not null, when it is unpartitioned (Chrome);
//   - a Cookie always has firstPartyDomain, and Remove's result the
//     removed cookie's (Firefox); firstPartyDomain is Firefox's alone.
package webext
