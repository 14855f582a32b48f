// Package electron is Electron's Cookies class over a
// [cookiemonster.StoreSet]: the sessions of session.fromPartition, each with
// the cookies.get, set, remove and flushStore methods and the 'changed'
// event, with Electron's semantics, field names and error messages.
//
// # Calls
//
//	Electron                                  Go
//	session.defaultSession                    DefaultSession(ctx, set)
//	session.fromPartition(partition)          FromPartition(ctx, set, partition)
//	ses.cookies.get(filter)                   (*Cookies).Get(ctx, Filter{...})
//	ses.cookies.set(details)                  (*Cookies).Set(ctx, Details{...})
//	ses.cookies.remove(url, name)             (*Cookies).Remove(ctx, url, name)
//	ses.cookies.flushStore()                  (*Cookies).FlushStore(ctx)
//	ses.cookies.on('changed', listener)       cancel := (*Cookies).OnChanged(listener)
//	ses.cookies.off('changed', listener)      cancel()
//
// A promise that resolves is a nil error; one that rejects is an error whose
// message, after the "electron: " prefix, is Electron's (see [SetError]).
// The values Electron passes as objects are the structs [Cookie], [Filter],
// [Details] and [ChangedEvent], whose JSON names are Electron's.
//
// # Sessions
//
// A partition names a store of the set, as Electron names a browser
// context:
//
//	""                the default session: the set's default store
//	"persist:"        the default session too, as in Electron
//	"persist:NAME"    a persistent store with the ID "persist:NAME", written
//	                  to the set's backend and found again after a restart
//	any other NAME    an in-memory store (StorePrivate) with the ID
//	                  "memory:NAME", gone when the store or the set closes
//
// FromPartition opens the store, or creates it the first time; the same
// partition gives the same store, and so the same cookies and events,
// while it is open. A [Cookies] is a handle on its store: a persistent store
// closed with [cookiemonster.StoreSet.CloseStore] opens again on the next
// call, while an in-memory one is gone and its handle fails with an error
// wrapping [cookiemonster.ErrNoStore].
//
// # Semantics
//
// Get without a URL lists every cookie of the session, partitioned ones
// included; with a URL, the unpartitioned cookies that would be sent to it
// (HttpOnly and SameSite ignored). Either list is in the order of a Cookie
// header (longer paths first, then older cookies), and keeps the cookies
// that pass every set field of the [Filter]. Its domain matches as
// Chromium's IsDomainMatch: a cookie whose domain is the filter's, or a
// domain cookie of which the filter is a subdomain.
//
// Set validates the cookie as Chromium's CreateSanitizedCookie and sets it
// from Details.URL in a same-site context: SameSite defaults to lax and
// Secure to true for SameSite no_restriction, and a cookie that is not
// HttpOnly is set as Electron sets it, without the right to overwrite an
// HttpOnly cookie. An expirationDate in the past deletes the cookie it
// replaces (cause expired-overwrite) and stores nothing.
//
// Remove deletes, in every partition, the cookies named name that would be
// sent to the URL. FlushStore commits the writes the store's backend has
// queued.
//
// OnChanged hears every change of the session's store, as the 'changed'
// event does: an insertion is cause explicit with removed false; a removal
// is explicit, overwrite, expired, evicted, expired-overwrite or unknown,
// with removed true. Updating a cookie removes the old one (overwrite) and
// then inserts the new one (explicit).
//
// # First-party isolation
//
// Electron has none. Over a StoreSet with
// cookiemonster.Config.FirstPartyIsolation, a session sees its store as
// Electron's cookie store is: Get without a URL lists the cookies of every
// first party, Get with a URL and Set see those without a first-party
// domain, and Remove deletes the named cookies of every first party. Use
// the webext package for firstPartyDomain.
//
// # Zero values
//
// The zero Cookies is the default session of its own empty memory-only
// StoreSet; it must not be copied after first use. A nil *Cookies fails every
// call with [ErrNilCookies].
package electron
