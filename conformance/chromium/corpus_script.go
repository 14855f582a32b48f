package main

import (
	"encoding/json"
	"strings"

	"github.com/cookiemonster-go/cookiemonster/internal/golden"
)

// obj is a JavaScript object literal, an argument of a CookieStore call.
type obj map[string]any

// now is {"$now": ms}: the page's Date.now() plus ms when the call is made.
func now(ms int64) obj { return obj{"$now": ms} }

// day is a day in milliseconds.
const day = int64(24 * 60 * 60 * 1000)

// csCall is a cookiestore step of kind k in frame with the arguments.
func csCall(k string, frame int, args ...any) Step {
	if args == nil {
		args = []any{}
	}
	b, err := json.Marshal(args)
	if err != nil {
		// Not a step the recorder knows: the recording fails, naming it.
		return Step{Kind: k + " with arguments that are not JSON: " + err.Error(), Frame: frame}
	}
	return Step{Kind: k, Frame: frame, Args: b}
}

// The CookieStore calls of the document in frame.
func csGet(frame int, args ...any) Step { return csCall(golden.StepCookieStoreGet, frame, args...) }
func csGetAll(frame int, args ...any) Step {
	return csCall(golden.StepCookieStoreGetAll, frame, args...)
}
func csSet(frame int, args ...any) Step { return csCall(golden.StepCookieStoreSet, frame, args...) }
func csDelete(frame int, args ...any) Step {
	return csCall(golden.StepCookieStoreDelete, frame, args...)
}

// csChanges collects the change events of the document in frame.
func csChanges(frame int) Step { return Step{Kind: golden.StepCookieStoreChanges, Frame: frame} }

// scriptCorpus returns the scenarios of script access through a frame's
// restricted cookie manager: document.cookie and the CookieStore API, from
// first-party documents and cross-site iframes (category prefix script-).
func scriptCorpus() []Scenario {
	var b stepBuilder
	scriptDocumentCookie(&b)
	scriptGets(&b)
	scriptSets(&b)
	scriptValidation(&b)
	scriptPrefixes(&b)
	scriptDeletes(&b)
	scriptChanges(&b)
	scriptIframes(&b)
	return b.list
}

// The hosts of the script scenarios.
const (
	sa   = "https://www.example.com"
	ssub = "https://sub.example.com"
	sc   = "https://www.example.org"
)

// everyFlavor are cookies of every SameSite value, Secure, and an HttpOnly
// one, set on sa by HTTP.
var everyFlavor = []string{
	"u=1; Path=/", "l=1; SameSite=Lax; Path=/", "s=1; SameSite=Strict; Path=/",
	"n=1; SameSite=None; Secure; Path=/", "h=1; HttpOnly; Path=/", "hn=1; HttpOnly; SameSite=None; Secure; Path=/",
}

func scriptDocumentCookie(b *stepBuilder) {
	b.add("script-doc", "document.cookie in a top-level document: HttpOnly hidden and not overwritable, every SameSite visible",
		typed(sa+"/", everyFlavor...),
		scriptGet(0),
		scriptSet(0, "h=2; Path=/"),
		scriptSet(0, "h2=1; HttpOnly; Path=/"),
		scriptSet(0, "x=1; SameSite=Strict"),
		scriptSet(0, "y=1; SameSite=None; Secure"),
		csGetAll(0),
		typed(sa+"/next"))
	b.add("script-doc", "document.cookie in a cross-site iframe: Lax and Strict neither visible nor settable",
		typed(sa+"/", everyFlavor...),
		typed(sc+"/"),
		iframe(0, sa+"/f"),
		scriptGet(1),
		scriptSet(1, "x=1; SameSite=None; Secure"),
		scriptSet(1, "y=1; SameSite=Lax; Secure"),
		scriptSet(1, "z=1"),
		scriptSet(1, "h=2; SameSite=None; Secure; Path=/"),
		scriptGet(1),
		csGetAll(1),
		typed(sa+"/next"))
	b.add("script-doc", "document.cookie in a same-site iframe: Strict and Lax visible",
		typed(sa+"/", everyFlavor...),
		iframe(0, ssub+"/f"),
		scriptGet(1),
		scriptSet(1, "d=1; SameSite=Strict; Domain=example.com"),
		scriptGet(1),
		scriptGet(0))
	b.add("script-doc", "document.cookie of a cross-site iframe sets a partitioned cookie, read by document.cookie and the CookieStore",
		typed(sc+"/"),
		iframe(0, sa+"/f"),
		scriptSet(1, "p=1; Secure; SameSite=None; Partitioned; Path=/"),
		scriptSet(1, "q=1; Secure; SameSite=None; Path=/"),
		scriptGet(1),
		csGetAll(1),
		csGet(1, "p"),
		typed(sa+"/x"),
		scriptGet(0),
		csGetAll(0))
	b.add("script-doc", "document.cookie under a path: the default path and the document's path",
		typed(sa+"/dir/page", "r=1; Path=/", "d=1; Path=/dir", "o=1; Path=/other"),
		scriptGet(0),
		scriptSet(0, "n=1"),
		scriptGet(0),
		csGetAll(0),
		csGet(0, "n"))
}

func scriptGets(b *stepBuilder) {
	b.add("script-get", "get and getAll by name and by options; a missing name is null",
		typed(sa+"/", "a=1; Path=/", "b=2; Path=/", "h=3; HttpOnly; Path=/"),
		csGet(0, "a"),
		csGet(0, obj{"name": "b"}),
		csGet(0, "missing"),
		csGet(0, "h"),
		csGetAll(0),
		csGetAll(0, "a"),
		csGetAll(0, obj{"name": "b"}),
		csGetAll(0, obj{}),
		csGetAll(0, "h"))
	b.add("script-get", "get with no argument and with empty options is refused",
		typed(sa+"/", "a=1; Path=/"),
		csGet(0),
		csGet(0, obj{}))
	b.add("script-get", "the url option: the document's URL only, fragments aside",
		typed(sa+"/dir/page", "a=1; Path=/", "d=1; Path=/dir"),
		csGet(0, obj{"url": "#fragment"}),
		csGetAll(0, obj{"url": "#fragment"}),
		csGet(0, obj{"url": "?other"}),
		csGetAll(0, obj{"url": "/"}),
		csGetAll(0, obj{"url": "/dir/page"}),
		csGetAll(0, obj{"url": "https://www.example.org/"}),
		csGetAll(0, obj{"url": "http://www.example.com/dir/page"}),
		csGetAll(0, obj{"name": "d", "url": "#x"}))
	b.add("script-get", "the fields of a CookieListItem: domain, path, expires, secure, sameSite",
		typed(sa+"/dir/page",
			"host=1; Path=/",
			"dom=1; Domain=example.com; Path=/",
			"path=1; Path=/dir",
			"exp=1; Max-Age=3600; Path=/",
			"sec=1; Secure; Path=/",
			"lax=1; SameSite=Lax; Path=/",
			"str=1; SameSite=Strict; Path=/",
			"non=1; SameSite=None; Secure; Path=/",
			"par=1; Partitioned; Secure; Path=/"),
		csGetAll(0))
	b.add("script-get", "order: the longer path first, then the older; get returns the first",
		typed(sa+"/dir/page", "a=1; Path=/", "a=2; Path=/dir", "a=3; Domain=example.com; Path=/dir/"),
		csGetAll(0, "a"),
		csGet(0, "a"),
		scriptGet(0))
	b.add("script-get", "names: nameless, empty, non-ASCII, spaces",
		typed(sa+"/", "nameless; Path=/", "\u00e9=\u00fc; Path=/"),
		csGetAll(0),
		csGet(0, ""),
		csGet(0, "\u00e9"),
		csGet(0, " \u00e9 "),
		csGetAll(0, "nameless"))
}

func scriptSets(b *stepBuilder) {
	b.add("script-set", "set(name, value) and set(options) with the defaults",
		typed(sa+"/dir/page"),
		csSet(0, "a", "1"),
		csSet(0, obj{"name": "b", "value": "2"}),
		csGetAll(0),
		scriptGet(0),
		typed(sa+"/x"))
	b.add("script-set", "set with every sameSite and with expires",
		typed(sa+"/"),
		csSet(0, obj{"name": "lax", "value": "1", "sameSite": "lax"}),
		csSet(0, obj{"name": "none", "value": "1", "sameSite": "none"}),
		csSet(0, obj{"name": "strict", "value": "1", "sameSite": "strict"}),
		csSet(0, obj{"name": "hour", "value": "1", "expires": now(3600 * 1000)}),
		csSet(0, obj{"name": "null", "value": "1", "expires": nil}),
		csSet(0, obj{"name": "far", "value": "1", "expires": now(500 * day)}),
		csSet(0, obj{"name": "past", "value": "1", "expires": now(-day)}),
		csSet(0, obj{"name": "zero", "value": "1", "expires": 0}),
		csGetAll(0),
		typed(sa+"/x"))
	b.add("script-set", "set with a domain: the host, a parent",
		typed(sa+"/"),
		csSet(0, obj{"name": "host", "value": "1", "domain": "www.example.com"}),
		csSet(0, obj{"name": "parent", "value": "1", "domain": "example.com"}),
		csGetAll(0),
		typed(ssub+"/"),
		csGetAll(0))
	b.add("script-set", "set with a path: under the document, elsewhere, with and without a trailing slash",
		typed(sa+"/dir/page"),
		csSet(0, obj{"name": "dir", "value": "1", "path": "/dir"}),
		csSet(0, obj{"name": "dirslash", "value": "1", "path": "/dir/"}),
		csSet(0, obj{"name": "other", "value": "1", "path": "/other"}),
		csSet(0, obj{"name": "deep", "value": "1", "path": "/dir/page/deeper"}),
		csSet(0, obj{"name": "empty", "value": "1", "path": ""}),
		csGetAll(0),
		typed(sa+"/other/x"),
		typed(sa+"/dir/x"))
	b.add("script-set", "set overwrites a cookie set by HTTP, which turns Secure and Strict",
		typed(sa+"/", "a=1; Path=/; Max-Age=3600", "h=1; HttpOnly; Path=/"),
		csSet(0, "a", "2"),
		csSet(0, "h", "2"),
		csGetAll(0),
		typed(sa+"/x"))
	b.add("script-set", "set partitioned from a top-level document",
		typed(sa+"/"),
		csSet(0, obj{"name": "p", "value": "1", "partitioned": true}),
		csSet(0, obj{"name": "pn", "value": "1", "partitioned": true, "sameSite": "none"}),
		csGetAll(0),
		typed(sa+"/x"))
	b.add("script-set", "values: spaces, tabs, quotes, non-ASCII, '=' in the value",
		typed(sa+"/"),
		csSet(0, " sp ", " v w "),
		csSet(0, "tab", "a\tb"),
		csSet(0, "q", "\"x y\""),
		csSet(0, "\u00e9", "\u00fc\U0001F36A"),
		csSet(0, "eq", "a=b"),
		csSet(0, "", "nameless"),
		csGetAll(0),
		scriptGet(0),
		typed(sa+"/x"))
	b.add("script-set", "set with maxAge, alone and with expires",
		typed(sa+"/"),
		csSet(0, obj{"name": "m", "value": "1", "maxAge": 3600}),
		csSet(0, obj{"name": "z", "value": "1", "maxAge": 0}),
		csSet(0, obj{"name": "both", "value": "1", "maxAge": 60, "expires": now(3600 * 1000)}),
		csGetAll(0))
	b.add("script-set", "set on an https document over an http cookie of the same name",
		typed("http://www.example.com/", "a=1; Path=/"),
		typed(sa+"/"),
		csSet(0, "a", "2"),
		csGetAll(0),
		typed("http://www.example.com/x"))
}

func scriptValidation(b *stepBuilder) {
	long := func(n int) string { return strings.Repeat("v", n) }
	b.add("script-valid", "name and value characters",
		typed(sa+"/"),
		csSet(0, "a;b", "1"),
		csSet(0, "a", "1;2"),
		csSet(0, "a=b", "1"),
		csSet(0, "a\x01", "1"),
		csSet(0, "a", "1\x7f"),
		csSet(0, "a", "1\n2"),
		csSet(0, "a", "1\x00"),
		csSet(0, "a,b", "1"),
		csSet(0, "ok", "1"),
		csGetAll(0))
	b.add("script-valid", "empty names: empty value, '=' in the value, a hidden prefix",
		typed(sa+"/"),
		csSet(0, "", ""),
		csSet(0, "", "a=b"),
		csSet(0, "", "__Secure-x"),
		csSet(0, "", "__host-x"),
		csSet(0, "", "__Http-x"),
		csSet(0, obj{"name": "", "value": ""}),
		csGetAll(0))
	b.add("script-valid", "sizes: name and value 4096 bytes, domain and path 1024",
		typed(sa+"/"),
		csSet(0, "n", long(4095)),
		csSet(0, "m", long(4096)),
		csSet(0, long(4096), ""),
		csSet(0, "\u00e9", long(4094)),
		csSet(0, obj{"name": "p", "value": "1", "path": "/" + long(1023)}),
		csSet(0, obj{"name": "q", "value": "1", "path": "/" + long(1024)}),
		csSet(0, obj{"name": "d", "value": "1", "domain": long(1025) + ".example.com"}),
		csGetAll(0))
	b.add("script-valid", "domains: a leading dot, another site, a suffix off a label boundary, a public suffix, upper case, an IP",
		typed(sa+"/"),
		csSet(0, obj{"name": "a", "value": "1", "domain": ".example.com"}),
		csSet(0, obj{"name": "b", "value": "1", "domain": "example.org"}),
		csSet(0, obj{"name": "c", "value": "1", "domain": "ample.com"}),
		csSet(0, obj{"name": "d", "value": "1", "domain": "com"}),
		csSet(0, obj{"name": "e", "value": "1", "domain": "EXAMPLE.COM"}),
		csSet(0, obj{"name": "f", "value": "1", "domain": "sub.www.example.com"}),
		csSet(0, obj{"name": "g", "value": "1", "domain": ""}),
		csSet(0, obj{"name": "h", "value": "1", "domain": "example.com."}),
		csGetAll(0))
	b.add("script-valid", "which rule a call breaking several is refused for",
		typed(sa+"/"),
		csSet(0, obj{"name": "__Host-a", "value": "1", "domain": ".example.com"}),
		csSet(0, obj{"name": "__Host-a", "value": "1", "domain": "example.org"}),
		csSet(0, obj{"name": "__Host-a", "value": "1", "path": "dir"}),
		csSet(0, obj{"name": "__Http-a=b", "value": "1"}),
		csSet(0, obj{"name": "__Http-a", "value": "1", "domain": ".example.com"}),
		csSet(0, obj{"name": "", "value": "", "domain": ".example.com"}),
		csSet(0, obj{"name": "a", "value": "1", "expires": now(3600 * 1000), "maxAge": 5, "domain": ".example.com"}),
		csSet(0, obj{"name": "a", "value": "1", "expires": now(3600 * 1000), "maxAge": 5, "path": "dir"}),
		csSet(0, obj{"name": "a", "value": "1", "domain": "example.org", "path": "dir"}),
		csSet(0, obj{"name": "a;b", "value": "1", "path": "dir"}),
		csDelete(0, obj{"name": "__Host-Http-a", "domain": ".example.com"}),
		csGetAll(0))
	b.add("script-valid", "paths: relative, with ';', with a control character",
		typed(sa+"/dir/page"),
		csSet(0, obj{"name": "a", "value": "1", "path": "dir"}),
		csSet(0, obj{"name": "b", "value": "1", "path": "/a;b"}),
		csSet(0, obj{"name": "c", "value": "1", "path": "/a\x01"}),
		csSet(0, obj{"name": "d", "value": "1", "path": "/a b"}),
		csSet(0, obj{"name": "e", "value": "1", "path": "/./x/../dir"}),
		csGetAll(0),
		typed(sa+"/dir/x"))
}

func scriptPrefixes(b *stepBuilder) {
	b.add("script-host", "__Host- cookies: no domain, path /",
		typed(sa+"/dir/page"),
		csSet(0, "__Host-a", "1"),
		csSet(0, obj{"name": "__Host-b", "value": "1", "domain": "www.example.com"}),
		csSet(0, obj{"name": "__Host-c", "value": "1", "path": "/dir"}),
		csSet(0, obj{"name": "__host-d", "value": "1", "domain": "www.example.com"}),
		csSet(0, obj{"name": "__host-e", "value": "1", "path": "/dir"}),
		csSet(0, obj{"name": "__Host-f", "value": "1", "path": "/"}),
		csSet(0, obj{"name": "__Host-g", "value": "1", "path": ""}),
		csGetAll(0))
	b.add("script-host", "__Secure- and __Http- cookies",
		typed(sa+"/"),
		csSet(0, "__Secure-a", "1"),
		csSet(0, obj{"name": "__Secure-b", "value": "1", "domain": "example.com"}),
		csSet(0, "__Http-c", "1"),
		csSet(0, "__Host-Http-d", "1"),
		csSet(0, "__http-e", "1"),
		csGetAll(0),
		typed(sa+"/x"))
	b.add("script-host", "deleting prefixed cookies",
		typed(sa+"/", "__Host-a=1; Secure; Path=/", "__Secure-b=1; Secure; Path=/"),
		csDelete(0, "__Host-a"),
		csDelete(0, "__Secure-b"),
		csGetAll(0))
}

func scriptDeletes(b *stepBuilder) {
	b.add("script-delete", "delete by name and by options; a missing cookie",
		typed(sa+"/dir/page", "a=1; Path=/", "b=1; Path=/", "d=1; Path=/dir", "ds=1; Path=/dir/", "dom=1; Domain=example.com; Path=/"),
		csDelete(0, "a"),
		csDelete(0, obj{"name": "b"}),
		csDelete(0, "missing"),
		csDelete(0, "d"),
		csDelete(0, "dom"),
		csGetAll(0),
		csDelete(0, obj{"name": "d", "path": "/dir"}),
		csDelete(0, obj{"name": "ds", "path": "/dir/"}),
		csDelete(0, obj{"name": "dom", "domain": "example.com"}),
		csGetAll(0),
		typed(sa+"/dir/x"))
	b.add("script-delete", "delete cannot remove an HttpOnly cookie",
		typed(sa+"/", "h=1; HttpOnly; Path=/"),
		csDelete(0, "h"),
		typed(sa+"/x"))
	b.add("script-delete", "delete a partitioned cookie, and an unpartitioned one of the same name",
		typed(sa+"/", "p=1; Secure; Path=/; Partitioned", "p=u; Secure; Path=/", "q=1; Secure; Path=/; Partitioned"),
		csGetAll(0),
		csDelete(0, obj{"name": "p", "partitioned": true}),
		csGetAll(0),
		csDelete(0, "q"),
		csGetAll(0),
		csDelete(0, obj{"name": "q", "partitioned": true}),
		csGetAll(0))
	b.add("script-delete", "delete with an empty name, with an invalid name, with a bad domain and path",
		typed(sa+"/", "nameless; Path=/"),
		csDelete(0, ""),
		csDelete(0, "a;b"),
		csDelete(0, obj{"name": "a", "domain": ".example.com"}),
		csDelete(0, obj{"name": "a", "domain": "example.org"}),
		csDelete(0, obj{"name": "a", "path": "dir"}),
		csDelete(0, obj{"name": "__Host-a", "domain": "www.example.com"}),
		csGetAll(0))
	b.add("script-delete", "a set with a past expiry deletes; a Secure cookie set by HTTP",
		typed(sa+"/", "a=1; Path=/", "s=1; Secure; Path=/; SameSite=Lax"),
		csSet(0, obj{"name": "a", "value": "x", "expires": now(-day)}),
		csDelete(0, "s"),
		csGetAll(0))
}

func scriptChanges(b *stepBuilder) {
	b.add("script-change", "change events of a top-level document: set, overwrite, same again, delete",
		typed(sa+"/"),
		csChanges(0),
		csSet(0, "a", "1"),
		csChanges(0),
		csSet(0, "a", "2"),
		csChanges(0),
		csSet(0, "a", "2"),
		csChanges(0),
		csSet(0, obj{"name": "a", "value": "2", "sameSite": "lax"}),
		csChanges(0),
		csDelete(0, "a"),
		csChanges(0),
		csDelete(0, "a"),
		csChanges(0))
	b.add("script-change", "change events from HTTP and document.cookie; HttpOnly and other paths unseen",
		typed(sa+"/dir/page"),
		csChanges(0),
		fetch(0, sa+"/api", "v=1; Path=/", "h=1; HttpOnly; Path=/", "o=1; Path=/other", "d=1; Path=/dir", "e=1; Max-Age=3600; Path=/"),
		csChanges(0),
		scriptSet(0, "js=1; Path=/"),
		scriptSet(0, "v=; Max-Age=0; Path=/"),
		csChanges(0),
		fetch(0, sa+"/api2", "h=; HttpOnly; Max-Age=0; Path=/", "e=2; Max-Age=60; Path=/"),
		csChanges(0))
	b.add("script-change", "change events of a partitioned cookie and of a domain cookie",
		typed(sa+"/"),
		csChanges(0),
		csSet(0, obj{"name": "p", "value": "1", "partitioned": true}),
		csSet(0, obj{"name": "d", "value": "1", "domain": "example.com", "expires": now(3600 * 1000)}),
		csChanges(0),
		csDelete(0, obj{"name": "p", "partitioned": true}),
		csDelete(0, obj{"name": "d", "domain": "example.com"}),
		csChanges(0))
	b.add("script-change", "change events in a cross-site iframe: only the cookies it may see",
		typed(sc+"/"),
		iframe(0, sa+"/f"),
		csChanges(1),
		fetch(1, sa+"/api", "l=1; SameSite=Lax; Secure; Path=/", "n=1; SameSite=None; Secure; Path=/", "u=1; Secure; Path=/"),
		csChanges(1),
		csSet(1, obj{"name": "p", "value": "1", "sameSite": "none", "partitioned": true}),
		csSet(1, obj{"name": "q", "value": "1", "sameSite": "none"}),
		csChanges(1),
		csChanges(0))
	b.add("script-change", "which overwrites are changes: the same line again, another priority, another expiry, the same line by HTTP",
		typed(sa+"/"),
		csChanges(0),
		scriptSet(0, "d=1; Path=/"),
		scriptSet(0, "d=1; Path=/"),
		csChanges(0),
		scriptSet(0, "d=1; Path=/; Priority=High"),
		csChanges(0),
		scriptSet(0, "d=1; Path=/; Priority=High; Max-Age=3600"),
		scriptSet(0, "d=1; Path=/; Priority=High; Max-Age=3600"),
		csChanges(0),
		fetch(0, sa+"/api", "f=1; Path=/"),
		fetch(0, sa+"/api2", "f=1; Path=/"),
		csChanges(0),
		csSet(0, "c", "1"),
		scriptSet(0, "c=1; Secure; SameSite=Strict; Path=/"),
		csChanges(0))
	b.add("script-change", "a cookie that expires is reported deleted when a read finds it expired",
		typed(sa+"/"),
		csChanges(0),
		scriptSet(0, "x=1; Max-Age=1; Path=/"),
		scriptSet(0, "y=1; Path=/"),
		csChanges(0),
		wait(2),
		scriptGet(0),
		csChanges(0))
	b.add("script-change", "change events in a top-level document from a same-site iframe's script",
		typed(sa+"/"),
		iframe(0, ssub+"/f"),
		csChanges(0),
		csChanges(1),
		csSet(1, obj{"name": "d", "value": "1", "domain": "example.com"}),
		csSet(1, "h", "1"),
		csChanges(0),
		csChanges(1))
}

func scriptIframes(b *stepBuilder) {
	b.add("script-iframe", "CookieStore in a cross-site iframe: reads SameSite=None only, sets with the default sameSite refused",
		typed(sa+"/", everyFlavor...),
		typed(sc+"/"),
		iframe(0, sa+"/f"),
		csGetAll(1),
		csGet(1, "l"),
		csSet(1, "x", "1"),
		csSet(1, obj{"name": "y", "value": "1", "sameSite": "lax"}),
		csSet(1, obj{"name": "z", "value": "1", "sameSite": "none"}),
		csDelete(1, "n"),
		csDelete(1, obj{"name": "u"}),
		csGetAll(1),
		typed(sa+"/x"))
	b.add("script-iframe", "CookieStore in a cross-site iframe sets a partitioned cookie; read from the same and another top-level site",
		typed(sc+"/"),
		iframe(0, sa+"/f"),
		csSet(1, obj{"name": "p", "value": "1", "sameSite": "none", "partitioned": true}),
		csSet(1, obj{"name": "ps", "value": "1", "partitioned": true}),
		csGetAll(1),
		scriptGet(1),
		typed("https://www.example.net/"),
		iframe(0, sa+"/f2"),
		csGetAll(1),
		typed(sc+"/again"),
		iframe(0, sa+"/f3"),
		csGet(1, "p"),
		csDelete(1, obj{"name": "p", "partitioned": true}),
		csGetAll(1))
	b.add("script-iframe", "CookieStore in a same-site iframe of a cross-site iframe (A in B in A)",
		typed(sa+"/", everyFlavor...),
		iframe(0, sc+"/f"),
		iframe(1, ssub+"/nested"),
		csGetAll(2),
		csSet(2, obj{"name": "x", "value": "1", "sameSite": "none", "domain": "example.com"}),
		csSet(2, obj{"name": "y", "value": "1", "sameSite": "none", "partitioned": true}),
		csGetAll(2),
		typed(sa+"/x"))
	b.add("script-iframe", "CookieStore in a same-site iframe: Strict cookies readable and settable",
		typed(sa+"/", everyFlavor...),
		iframe(0, ssub+"/f"),
		csGetAll(1),
		csSet(1, obj{"name": "d", "value": "1", "domain": "example.com"}),
		csGetAll(0))
	b.add("script-iframe", "CookieStore in an http page is not there",
		typed("http://www.example.com/", "a=1; Path=/"),
		csGetAll(0),
		csSet(0, "b", "1"))
	b.add("script-iframe", "CookieStore in an https iframe of an http page is not there either",
		typed("http://www.example.org/"),
		iframe(0, sa+"/f", "a=1; Secure; SameSite=None; Path=/"),
		csGetAll(1),
		scriptGet(1))
	b.add("script-iframe", "CookieStore in an http page on localhost, a secure context",
		typed("http://localhost/", "a=1; Path=/"),
		csGetAll(0),
		csSet(0, "b", "1"),
		csGetAll(0),
		scriptGet(0))
}
