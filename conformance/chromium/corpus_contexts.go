package main

import (
	"fmt"
	"strings"

	"github.com/cookiemonster-go/cookiemonster/internal/golden"
)

// stepBuilder collects scenarios with steps, with numbered IDs per
// category.
type stepBuilder struct {
	list []Scenario
	n    idCounter
}

// add adds a scenario of category cat that checks what note says.
func (b *stepBuilder) add(cat, note string, steps ...Step) {
	b.list = append(b.list, Scenario{
		ID:       b.n.next(cat),
		Category: cat,
		Note:     note,
		Steps:    steps,
	})
}

// addStored adds a scenario of category cat whose browser starts with the
// stored cookies.
func (b *stepBuilder) addStored(cat, note string, stored []StoredCookie, steps ...Step) {
	b.add(cat, note, steps...)
	b.list[len(b.list)-1].Stored = stored
}

// hop is a response from u with the Set-Cookie lines.
func hop(u string, lines ...string) Hop { return Hop{URL: u, SetCookie: lines} }

// request is a step of kind k from frame whose request goes through hops.
func request(k string, frame int, hops ...Hop) Step {
	return Step{Kind: k, Frame: frame, Hops: hops}
}

// typed is a typed navigation to u answered with the lines.
func typed(u string, lines ...string) Step { return request(golden.StepNavigate, 0, hop(u, lines...)) }

// link, post and the subresource steps make one request, to u, answered
// with the lines.
func link(u string, lines ...string) Step { return request(golden.StepLink, 0, hop(u, lines...)) }
func post(u string, lines ...string) Step { return request(golden.StepPost, 0, hop(u, lines...)) }
func image(frame int, u string, lines ...string) Step {
	return request(golden.StepImage, frame, hop(u, lines...))
}
func iframe(frame int, u string, lines ...string) Step {
	return request(golden.StepIframe, frame, hop(u, lines...))
}
func fetch(frame int, u string, lines ...string) Step {
	return request(golden.StepFetch, frame, hop(u, lines...))
}
func websocket(frame int, u string, lines ...string) Step {
	return request(golden.StepWebSocket, frame, hop(u, lines...))
}

// scriptGet reads document.cookie in frame; scriptSet assigns line to it.
func scriptGet(frame int) Step { return Step{Kind: golden.StepScriptGet, Frame: frame} }
func scriptSet(frame int, line string) Step {
	return Step{Kind: golden.StepScriptSet, Frame: frame, Cookie: line}
}

// wait lets seconds pass.
func wait(seconds int) Step { return Step{Kind: golden.StepWait, Wait: seconds} }

// laxAllowUnsafeWait outlasts the two minutes during which a cookie without
// SameSite is still sent on a cross-site POST.
const laxAllowUnsafeWait = 125

// flavor is a cookie's SameSite and Secure attributes.
type flavor struct {
	sameSite string // "" for none
	secure   bool
}

// flavors are every SameSite value, with and without Secure.
var flavors = func() []flavor {
	var out []flavor
	for _, ss := range []string{"", "None", "Lax", "Strict"} {
		for _, sec := range []bool{false, true} {
			out = append(out, flavor{ss, sec})
		}
	}
	return out
}()

// line returns a Set-Cookie line for name=1 with Path=/ and the flavor.
func (f flavor) line(name string) string {
	l := name + "=1; Path=/"
	if f.sameSite != "" {
		l += "; SameSite=" + f.sameSite
	}
	if f.secure {
		l += "; Secure"
	}
	return l
}

func (f flavor) String() string {
	s := "no SameSite"
	if f.sameSite != "" {
		s = "SameSite=" + f.sameSite
	}
	if f.secure {
		s += ", Secure"
	}
	return s
}

// pair is the page a request starts from and the origin it goes to.
type pair struct {
	name           string
	origin, target string
}

// The hosts: the target's site example.com, a page on the same site, one
// on another site.
var (
	sameSite  = func(s string) pair { return pair{"same-site " + s, s + "://www.example.com", s + "://sub.example.com"} }
	crossSite = func(s string) pair {
		return pair{"cross-site " + s, s + "://www.example.org", s + "://sub.example.com"}
	}
	// schemeUp is same-site but for the schemes: http page, https target.
	schemeUp = pair{"same-site http to https", "http://www.example.com", "https://sub.example.com"}
	// schemeDown is the other way round; only for links.
	schemeDown = pair{"same-site https to http", "https://www.example.com", "http://sub.example.com"}
)

// wsURL turns an http(s) origin into a ws(s) one.
func wsURL(origin string) string {
	return "ws" + strings.TrimPrefix(origin, "http")
}

// contextCorpus returns the scenarios with steps.
func contextCorpus() []Scenario {
	var b stepBuilder
	systematic(&b)
	redirects(&b)
	chips(&b)
	scripts(&b)
	late(&b)
	eviction(&b)
	return b.list
}

// systematic adds, for every kind of request, every pair of page and
// target and every flavor, a scenario in which the target set pre=1 before
// (typed navigation), and the request from the page sends its Cookie
// header and gets ctx=1 set in the same flavor.
func systematic(b *stepBuilder) {
	all := []pair{sameSite("http"), sameSite("https"), crossSite("http"), crossSite("https"), schemeUp, schemeDown}
	// A form posted from https to http stops at Chromium's warning about
	// an insecure form, and a subresource would be mixed content.
	noDown := all[:5]
	kinds := []struct {
		cat   string
		pairs []pair
		steps func(p pair, f flavor) []Step
	}{
		{"ctx-link", all, func(p pair, f flavor) []Step {
			return []Step{link(p.target+"/ctx", f.line("ctx")), scriptGet(0)}
		}},
		{"ctx-post", noDown, func(p pair, f flavor) []Step {
			return []Step{post(p.target+"/ctx", f.line("ctx")), scriptGet(0)}
		}},
		{"ctx-image", noDown, func(p pair, f flavor) []Step {
			return []Step{image(0, p.target+"/ctx.gif", f.line("ctx"))}
		}},
		{"ctx-fetch", noDown, func(p pair, f flavor) []Step {
			return []Step{fetch(0, p.target+"/ctx", f.line("ctx"))}
		}},
		{"ctx-ws", noDown, func(p pair, f flavor) []Step {
			return []Step{websocket(0, wsURL(p.target)+"/ctx", f.line("ctx"))}
		}},
		{"ctx-iframe", noDown, func(p pair, f flavor) []Step {
			return []Step{iframe(0, p.target+"/ctx", f.line("ctx")), scriptGet(1), scriptSet(1, f.line("js"))}
		}},
	}
	for _, k := range kinds {
		for _, p := range k.pairs {
			for _, f := range flavors {
				steps := append([]Step{typed(p.target+"/", f.line("pre")), typed(p.origin + "/")}, k.steps(p, f)...)
				b.add(k.cat, fmt.Sprintf("%s, %s: %s", strings.TrimPrefix(k.cat, "ctx-"), p.name, f), steps...)
			}
		}
	}
	// Same-origin fetches.
	for _, s := range []string{"http", "https"} {
		for _, f := range flavors {
			o := s + "://www.example.com"
			b.add("ctx-fetch", fmt.Sprintf("fetch, same-origin %s: %s", s, f),
				typed(o+"/", f.line("pre")), typed(o+"/page"), fetch(0, o+"/ctx", f.line("ctx")))
		}
	}
	// A cross-site form post answered with a redirect to a GET on the
	// same site.
	for _, p := range []pair{crossSite("https"), crossSite("http")} {
		for _, ss := range []string{"", "None", "Lax", "Strict"} {
			f := flavor{ss, strings.HasPrefix(p.target, "https:")}
			b.add("ctx-post", fmt.Sprintf("post, %s, answered by a redirect to a GET: %s", p.name, f),
				typed(p.target+"/", f.line("pre")),
				typed(p.origin+"/"),
				request(golden.StepPost, 0, hop(p.target+"/form", f.line("r0")), hop(p.target+"/done", f.line("r1"))),
				scriptGet(0))
		}
	}
	// A document on A in an iframe on B in a top-level document on A.
	for _, f := range flavors {
		b.add("ctx-nested", fmt.Sprintf("iframe on A in an iframe on B on A: %s", f),
			typed("https://www.example.com/", f.line("pre")),
			iframe(0, "https://www.example.org/f"),
			iframe(1, "https://sub.example.com/ctx", f.line("ctx")),
			scriptGet(2),
			scriptSet(2, f.line("js")),
			fetch(2, "https://www.example.com/api"),
			typed("https://www.example.com/x"))
	}
	// A top-level document's script.
	for _, s := range []string{"http", "https"} {
		for _, f := range flavors {
			b.add("ctx-script", fmt.Sprintf("top-level %s script sets and reads: %s", s, f),
				typed(s+"://www.example.com/", f.line("pre")),
				scriptGet(0),
				scriptSet(0, f.line("js")),
				typed(s+"://www.example.com/next"))
		}
	}
}

// The four cookies a redirect scenario sets on a site before, named with
// prefix p.
func fourCookies(p string) []string {
	return []string{
		p + "s=1; SameSite=Strict; Secure; Path=/",
		p + "l=1; SameSite=Lax; Secure; Path=/",
		p + "n=1; SameSite=None; Secure; Path=/",
		p + "u=1; Secure; Path=/",
	}
}

// redirects adds redirect chains: typed, link, form, image, fetch and
// iframe requests through A→B→A and other chains, each hop setting a
// cookie.
func redirects(b *stepBuilder) {
	const (
		a  = "https://www.example.com"
		a2 = "https://sub.example.com"
		c  = "https://www.example.org"
		ha = "http://www.example.com"
	)
	setup := []Step{typed(a+"/", fourCookies("a")...), typed(c+"/", fourCookies("b")...)}
	aba := func(k string, frame int) Step {
		return request(k, frame,
			hop(a+"/r0", "r0=1; SameSite=Strict; Secure; Path=/"),
			hop(c+"/r1", "r1=1; SameSite=Lax; Secure; Path=/", "r1n=1; SameSite=None; Secure; Path=/"),
			hop(a+"/r2", "r2=1; SameSite=Strict; Secure; Path=/", "r2l=1; SameSite=Lax; Secure; Path=/"))
	}
	with := func(steps ...Step) []Step { return append(append([]Step{}, setup...), steps...) }
	b.add("ctx-redirect", "typed A→B→A", with(aba(golden.StepNavigate, 0), scriptGet(0))...)
	b.add("ctx-redirect", "link on A to A→B→A", with(typed(a+"/page"), aba(golden.StepLink, 0), scriptGet(0))...)
	b.add("ctx-redirect", "link on B to A→B→A", with(typed(c+"/page"), aba(golden.StepLink, 0), scriptGet(0))...)
	b.add("ctx-redirect", "form on A posts to A→B→A", with(typed(a+"/page"), aba(golden.StepPost, 0))...)
	b.add("ctx-redirect", "form on B posts to A→B→A", with(typed(c+"/page"), aba(golden.StepPost, 0))...)
	b.add("ctx-redirect", "image on A through A→B→A", with(typed(a+"/page"), aba(golden.StepImage, 0))...)
	b.add("ctx-redirect", "image on B through A→B→A", with(typed(c+"/page"), aba(golden.StepImage, 0))...)
	b.add("ctx-redirect", "fetch on A through A→B→A", with(typed(a+"/page"), aba(golden.StepFetch, 0))...)
	b.add("ctx-redirect", "fetch on B through A→B→A", with(typed(c+"/page"), aba(golden.StepFetch, 0))...)
	b.add("ctx-redirect", "iframe on A through A→B→A", with(typed(a+"/page"), aba(golden.StepIframe, 0), scriptGet(1))...)
	b.add("ctx-redirect", "iframe on B through A→B→A", with(typed(c+"/page"), aba(golden.StepIframe, 0), scriptGet(1))...)
	b.add("ctx-redirect", "link on A to B→A",
		with(typed(a+"/page"), request(golden.StepLink, 0, hop(c+"/r0", "r0=1; SameSite=Lax; Secure; Path=/"), hop(a+"/r1", "r1=1; SameSite=Strict; Secure; Path=/")))...)
	b.add("ctx-redirect", "link on B to B→A",
		with(typed(c+"/page"), request(golden.StepLink, 0, hop(c+"/r0", "r0=1; SameSite=Lax; Secure; Path=/"), hop(a+"/r1", "r1=1; SameSite=Strict; Secure; Path=/")))...)
	b.add("ctx-redirect", "link on B to A→B",
		with(typed(c+"/page"), request(golden.StepLink, 0, hop(a+"/r0", "r0=1; SameSite=Strict; Secure; Path=/"), hop(c+"/r1", "r1=1; SameSite=Strict; Secure; Path=/")))...)
	b.add("ctx-redirect", "image on A through A→sub.A, same-site",
		with(typed(a+"/page"), request(golden.StepImage, 0, hop(a+"/r0", "r0=1; SameSite=Strict; Secure; Domain=example.com; Path=/"), hop(a2+"/r1", "r1=1; SameSite=Strict; Secure; Path=/")))...)
	b.add("ctx-redirect", "fetch on A through B→B",
		with(typed(a+"/page"), request(golden.StepFetch, 0, hop(c+"/r0", "r0=1; SameSite=None; Secure; Path=/"), hop(c+"/r1", "r1=1; SameSite=None; Secure; Path=/")))...)
	b.add("ctx-redirect", "typed http→https→http on one site",
		typed(ha+"/", "hu=1; Path=/", "hl=1; SameSite=Lax; Path=/", "hs=1; SameSite=Strict; Path=/"),
		typed(a+"/", fourCookies("a")...),
		request(golden.StepNavigate, 0, hop(ha+"/r0", "r0=1; SameSite=Strict; Path=/"), hop(a+"/r1", "r1=1; SameSite=Strict; Secure; Path=/"), hop(ha+"/r2", "r2=1; SameSite=Lax; Path=/")),
		scriptGet(0))
	b.add("ctx-redirect", "image on an http page through https on the same site",
		typed(ha+"/", "hu=1; Path=/", "hl=1; SameSite=Lax; Path=/", "hs=1; SameSite=Strict; Path=/"),
		typed(a+"/", fourCookies("a")...),
		typed(ha+"/page"),
		request(golden.StepImage, 0, hop(a+"/r0", "r0=1; SameSite=Lax; Secure; Path=/"), hop(ha+"/r1", "r1=1; SameSite=Lax; Path=/")))
	b.add("ctx-redirect", "link on B to A→B→A, each hop on another path",
		with(typed(c+"/page"), request(golden.StepLink, 0,
			hop(a+"/x/r0", "r0=1; SameSite=Lax; Secure"),
			hop(c+"/y/r1", "r1=1; SameSite=Lax; Secure"),
			hop(a+"/x/r2", "r2=1; SameSite=Lax; Secure")), scriptGet(0))...)
	b.add("ctx-redirect", "typed A→A, a hop overwrites the cookie the one before set",
		request(golden.StepNavigate, 0, hop(a+"/r0", "o=1; Path=/"), hop(a+"/r1", "o=2; Path=/"), hop(a+"/r2", "o=3; Path=/; Max-Age=0")),
		typed(a+"/"))
}

// chips adds partitioned cookies set from top-level documents and from
// cross-site iframes, read back from the same and from other top-level
// sites.
func chips(b *stepBuilder) {
	const (
		a   = "https://www.example.com"
		sub = "https://sub.example.com"
		c   = "https://www.example.org"
		d   = "https://www.example.net"
		p   = "p=1; Secure; SameSite=None; Path=/; Partitioned"
	)
	b.add("ctx-chips", "set by a top-level document, read top-level and from a cross-site iframe",
		typed(a+"/", p),
		typed(a+"/again"),
		scriptGet(0),
		typed(c+"/"),
		iframe(0, a+"/f"),
		scriptGet(1),
		fetch(0, a+"/api"))
	b.add("ctx-chips", "set by a cross-site iframe, read from the same top-level site, from another one and top-level",
		typed(c+"/"),
		iframe(0, a+"/f", p),
		scriptGet(1),
		fetch(0, a+"/api"),
		iframe(0, a+"/f2"),
		scriptGet(1),
		image(0, a+"/i.gif"),
		websocket(0, "wss://www.example.com/ws"),
		typed(a+"/"),
		scriptGet(0),
		typed(d+"/"),
		iframe(0, a+"/f3"),
		scriptGet(1),
		typed(c+"/again"),
		iframe(0, a+"/f4"))
	b.add("ctx-chips", "set by a same-site iframe: the top-level site's partition",
		typed(a+"/"),
		iframe(0, sub+"/f", "p=1; Secure; SameSite=None; Path=/; Partitioned; Domain=example.com"),
		scriptGet(1),
		typed(sub+"/"),
		typed(a+"/x"),
		scriptGet(0))
	b.add("ctx-chips", "set by A in B in A: the cross-site-ancestor bit",
		typed(a+"/"),
		iframe(0, c+"/f"),
		iframe(1, a+"/nested", p),
		scriptGet(2),
		typed(a+"/x"),
		scriptGet(0),
		iframe(0, c+"/f2"),
		iframe(1, a+"/nested2"),
		scriptGet(2))
	b.add("ctx-chips", "set by a script in a cross-site iframe",
		typed(c+"/"),
		iframe(0, a+"/f"),
		scriptSet(1, "sp=1; Secure; SameSite=None; Partitioned"),
		scriptSet(1, "su=1; Secure; SameSite=None"),
		fetch(0, a+"/api"),
		typed(a+"/"),
		scriptGet(0))
	b.add("ctx-chips", "set by a top-level script",
		typed(a+"/"),
		scriptSet(0, "sp=1; Secure; Partitioned"),
		scriptSet(0, "sl=1; Secure; SameSite=Lax; Partitioned"),
		typed(a+"/x"),
		typed(c+"/"),
		iframe(0, a+"/f"),
		scriptGet(1))
	b.add("ctx-chips", "refused: without Secure, over http, Lax from a cross-site iframe",
		typed(a+"/", "n1=1; SameSite=None; Path=/; Partitioned", "n2=1; Path=/; Partitioned"),
		typed("http://www.example.com/", "n3=1; Secure; Path=/; Partitioned", "n4=1; Path=/; Partitioned"),
		typed(c+"/"),
		iframe(0, a+"/f", "n5=1; Secure; SameSite=Lax; Path=/; Partitioned", "n6=1; Secure; Path=/; Partitioned", "n7=1; Secure; SameSite=Strict; Path=/; Partitioned", "ok=1; Secure; SameSite=None; Path=/; Partitioned"),
		scriptGet(1))
	b.add("ctx-chips", "set by a cross-site fetch and a cross-site image",
		typed(c+"/"),
		fetch(0, a+"/api", "pf=1; Secure; SameSite=None; Path=/; Partitioned"),
		image(0, a+"/i.gif", "pi=1; Secure; SameSite=None; Path=/; Partitioned"),
		iframe(0, a+"/f"),
		scriptGet(1),
		typed(a+"/"))
	b.add("ctx-chips", "set along a top-level redirect B→A",
		request(golden.StepNavigate, 0, hop(c+"/r0", "pb=1; Secure; SameSite=None; Path=/; Partitioned"), hop(a+"/r1", "pa=1; Secure; SameSite=None; Path=/; Partitioned")),
		typed(c+"/"),
		iframe(0, a+"/f"),
		scriptGet(1),
		typed(a+"/x"))
	b.add("ctx-chips", "a partitioned and an unpartitioned cookie of one name",
		typed(a+"/", "p=u; Secure; SameSite=None; Path=/", "p=1; Secure; SameSite=None; Path=/; Partitioned"),
		typed(a+"/x"),
		scriptGet(0),
		typed(c+"/"),
		iframe(0, a+"/f", "p=2; Secure; SameSite=None; Path=/; Partitioned"),
		scriptGet(1),
		fetch(0, a+"/api"))
	b.add("ctx-chips", "a prefixed, HttpOnly partitioned cookie from a cross-site iframe",
		typed(c+"/"),
		iframe(0, a+"/f", "__Host-p=1; Secure; SameSite=None; Path=/; Partitioned; HttpOnly", "__Secure-q=1; Secure; SameSite=None; Path=/; Partitioned"),
		scriptGet(1),
		iframe(0, a+"/f2"))
	b.add("ctx-chips", "overwritten and deleted in a cross-site iframe",
		typed(c+"/"),
		iframe(0, a+"/f", "p=1; Secure; SameSite=None; Path=/; Partitioned", "q=1; Secure; SameSite=None; Path=/; Partitioned"),
		iframe(0, a+"/f2", "p=2; Secure; SameSite=None; Path=/; Partitioned", "q=; Secure; SameSite=None; Path=/; Partitioned; Max-Age=0"),
		scriptGet(1))
	b.add("ctx-chips", "same-site iframe of a cross-site iframe",
		typed(c+"/"),
		iframe(0, a+"/f"),
		iframe(1, sub+"/nested", "p=1; Secure; SameSite=None; Path=/; Partitioned; Domain=example.com"),
		scriptGet(2),
		scriptGet(1),
		fetch(1, sub+"/api"),
		fetch(0, a+"/api"))
	b.add("ctx-chips", "http top-level site embedding https iframe",
		typed("http://www.example.org/"),
		iframe(0, a+"/f", p),
		scriptGet(1),
		typed(c+"/"),
		iframe(0, a+"/f2"),
		typed("http://www.example.org/x"),
		iframe(0, a+"/f3"))
}

// scripts adds document.cookie cases beyond the systematic ones.
func scripts(b *stepBuilder) {
	const (
		a  = "https://www.example.com"
		ha = "http://www.example.com"
		c  = "https://www.example.org"
	)
	b.add("ctx-script", "a script cannot overwrite an HttpOnly cookie",
		typed(a+"/", "h=1; HttpOnly; Path=/", "v=1; Path=/"),
		scriptSet(0, "h=2; Path=/"),
		scriptSet(0, "v=2; Path=/"),
		typed(a+"/next"))
	b.add("ctx-script", "a script cannot set an HttpOnly cookie",
		typed(a+"/"),
		scriptSet(0, "h=1; HttpOnly"),
		scriptSet(0, "v=1"),
		typed(a+"/next"))
	b.add("ctx-script", "an http page's script cannot set or overwrite Secure cookies",
		typed(a+"/", "sec=1; Secure; Path=/"),
		typed(ha+"/"),
		scriptSet(0, "sec=2; Path=/"),
		scriptSet(0, "new=1; Secure"),
		scriptSet(0, "plain=1; Path=/"),
		typed(a+"/next"))
	b.add("ctx-script", "a script deletes with Max-Age=0 and expires",
		typed(a+"/", "a=1; Path=/", "b=1; Path=/"),
		scriptSet(0, "a=; Max-Age=0; Path=/"),
		scriptSet(0, "b=; expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/"),
		scriptSet(0, "c=1; Max-Age=3600"),
		typed(a+"/next"))
	b.add("ctx-script", "a script's cookie path defaults to the document's directory",
		typed(a+"/dir/page"),
		scriptSet(0, "d=1"),
		scriptSet(0, "r=1; Path=/"),
		scriptSet(0, "o=1; Path=/other"),
		typed(a+"/dir/next"),
		typed(a+"/"),
		scriptGet(0))
	b.add("ctx-script", "prefixed cookies from a script",
		typed(a+"/"),
		scriptSet(0, "__Host-a=1; Secure; Path=/"),
		scriptSet(0, "__Host-b=1; Secure"),
		scriptSet(0, "__Secure-c=1; Secure"),
		scriptSet(0, "__Secure-d=1"),
		scriptSet(0, "__Http-e=1; Secure"),
		typed(a+"/next"))
	b.add("ctx-script", "script in a same-site iframe of a cross-site iframe",
		typed(c+"/"),
		iframe(0, a+"/f"),
		iframe(1, "https://sub.example.com/nested"),
		scriptSet(2, "n=1; Secure; SameSite=None; Domain=example.com; Path=/"),
		scriptSet(2, "l=1; SameSite=Lax; Domain=example.com; Path=/"),
		scriptGet(1),
		typed(a+"/"))
	b.add("ctx-script", "script in a same-site iframe sets Strict and Lax cookies",
		typed(a+"/"),
		iframe(0, "https://sub.example.com/f"),
		scriptSet(1, "s=1; SameSite=Strict; Domain=example.com; Path=/"),
		scriptSet(1, "l=1; SameSite=Lax; Domain=example.com; Path=/"),
		scriptGet(0),
		typed(a+"/x"))
	b.add("ctx-script", "script in an https iframe of an http page of the same site",
		typed(ha+"/"),
		iframe(0, a+"/f", "l=1; SameSite=Lax; Secure; Path=/", "n=1; SameSite=None; Secure; Path=/"),
		scriptGet(1),
		scriptSet(1, "s=1; SameSite=Strict; Secure; Path=/"),
		scriptSet(1, "u=1; Secure; Path=/"),
		typed(a+"/x"))
	b.add("ctx-script", "a script overwrites a cookie set by HTTP, keeping its attributes only if given",
		typed(a+"/", "x=1; SameSite=Strict; Secure; Path=/; Max-Age=3600"),
		scriptSet(0, "x=2; Path=/"),
		typed(a+"/x"))
	b.add("ctx-script", "a script sets a nameless cookie and one with a quoted value",
		typed(a+"/"),
		scriptSet(0, "nameless"),
		scriptSet(0, `q="a b"`),
		typed(a+"/x"))
}

// late adds form posts after the two minutes in which a cookie without
// SameSite is still sent on a cross-site POST: each waits once.
func late(b *stepBuilder) {
	for _, p := range []pair{crossSite("https"), crossSite("http"), schemeUp, sameSite("https")} {
		secure := strings.HasPrefix(p.target, "https:")
		n := "n=1; SameSite=None; Secure; Path=/"
		if !secure {
			n = "n=1; SameSite=None; Path=/"
		}
		b.add("ctx-late", "form post after the Lax-allow-unsafe window, "+p.name,
			typed(p.target+"/", "u=1; Path=/", "v=1; Path=/", "l=1; SameSite=Lax; Path=/", "s=1; SameSite=Strict; Path=/", n),
			typed(p.origin+"/"),
			post(p.target+"/within"),
			typed(p.origin+"/"),
			wait(laxAllowUnsafeWait),
			post(p.target+"/after"),
			// The same value keeps the creation time; a new one renews it.
			typed(p.target+"/", "u=1; Path=/", "v=2; Path=/"),
			typed(p.origin+"/"),
			post(p.target+"/renewed"),
			typed(p.origin+"/"),
			link(p.target+"/link"))
	}
}

// eviction adds stores that overflow: per site (180, down to 150, by
// priority and Secure), per partition (180 cookies, 10 KiB), and in all
// (3300 cookies, none old enough to go).
func eviction(b *stepBuilder) {
	many := func(n int, attrs func(i int) string) []string {
		var out []string
		for i := 0; i < n; i++ {
			out = append(out, fmt.Sprintf("c%03d=v; Path=/%s", i, attrs(i)))
		}
		return out
	}
	none := func(int) string { return "" }
	priorities := []string{"; Priority=Low", "; Priority=Medium", "; Priority=High"}
	b.add("evict", "181 cookies on one site",
		typed("http://www.example.com/", many(181, none)...))
	b.add("evict", "200 cookies, low, medium and high in turn",
		typed("http://www.example.com/", many(200, func(i int) string { return priorities[i%3] })...))
	b.add("evict", "200 cookies over https, every other one Secure, priorities in turn",
		typed("https://www.example.com/", many(200, func(i int) string {
			s := priorities[(i/2)%3]
			if i%2 == 0 {
				s += "; Secure"
			}
			return s
		})...))
	b.add("evict", "190 cookies, the first 60 high, the rest low",
		typed("http://www.example.com/", many(190, func(i int) string {
			if i < 60 {
				return "; Priority=High"
			}
			return "; Priority=Low"
		})...))
	b.add("evict", "190 cookies over https, the first 100 secure and low",
		typed("https://www.example.com/", many(190, func(i int) string {
			if i < 100 {
				return "; Priority=Low; Secure"
			}
			return "; Priority=Medium"
		})...))
	b.add("evict", "150 cookies, then 40 more in a later response",
		typed("http://www.example.com/", many(150, none)...),
		typed("http://www.example.com/more", func() []string {
			var out []string
			for i := 0; i < 40; i++ {
				out = append(out, fmt.Sprintf("d%03d=v; Path=/", i))
			}
			return out
		}()...),
		typed("http://www.example.com/"))
	b.add("evict", "cookies of one site from several hosts and as domain cookies",
		typed("http://a.example.com/", many(70, func(int) string { return "" })...),
		typed("http://b.example.com/", many(70, func(int) string { return "; Domain=example.com" })...),
		typed("http://www.example.com/", many(70, func(i int) string { return fmt.Sprintf("; Path=/p%d", i%2) })...),
		typed("http://www.example.com/p0"))
	b.add("evict", "181 partitioned cookies in one partition",
		typed("https://www.example.com/", many(181, func(int) string { return "; Secure; Partitioned" })...))
	b.add("evict", "partitioned cookies over 10 KiB in one partition",
		typed("https://www.example.com/", func() []string {
			var out []string
			for i := 0; i < 12; i++ {
				out = append(out, fmt.Sprintf("c%03d=%s; Secure; Path=/; Partitioned", i, strings.Repeat("v", 996)))
			}
			return out
		}()...))
	global := []Step{}
	for s := 0; s < 20; s++ {
		global = append(global, typed(fmt.Sprintf("http://www.site%02d.com/", s), many(170, none)...))
	}
	b.add("evict", "3400 cookies on 20 sites: none unused for 30 days, so none evicted", global...)

	// Global eviction needs cookies unused for 30 days: the browser starts
	// with them in its database.
	const day = 24 * 60 * 60
	stored := func(sites, perSite int, age func(i int) int64, secure func(i int) bool) []StoredCookie {
		var out []StoredCookie
		for s := 0; s < sites; s++ {
			for j := 0; j < perSite; j++ {
				i := s*perSite + j
				u, line := fmt.Sprintf("http://www.aged%02d.com/", s), fmt.Sprintf("c%03d=v; Max-Age=%d; Path=/", j, 100*day)
				if secure(i) {
					u, line = strings.Replace(u, "http:", "https:", 1), line+"; Secure"
				}
				out = append(out, StoredCookie{URL: u, Line: line, Age: age(i)})
			}
		}
		return out
	}
	aged := func(int) int64 { return 60 * day }
	b.addStored("evict", "3400 cookies unused for 60 days, every fourth Secure; one more evicts the 401 least recently used insecure ones",
		stored(20, 170, aged, func(i int) bool { return i%4 == 0 }),
		typed("http://www.example.com/", "fresh=1; Path=/"))
	b.addStored("evict", "3250 cookies unused for 60 days, every other one Secure; 100 more in one response",
		stored(25, 130, aged, func(i int) bool { return i%2 == 0 }),
		typed("http://www.example.com/", many(100, none)...))
	b.addStored("evict", "3350 cookies unused for 60 days, the last 100 insecure; one more evicts those and the 251 least recently used Secure ones",
		stored(25, 134, aged, func(i int) bool { return i < 3250 }),
		typed("https://www.example.com/", "fresh=1; Path=/"))
	b.addStored("evict", "3400 insecure cookies, 200 unused for 60 days and 3200 for 10: only the 200 go",
		stored(20, 170, func(i int) int64 {
			if i < 200 {
				return 60 * day
			}
			return 10 * day
		}, func(int) bool { return false }),
		typed("http://www.example.com/", "fresh=1; Path=/"))
}
