package main

import (
	"github.com/cookiemonster-go/cookiemonster/internal/golden"
)

// The sites of the settings scenarios: a, with its sibling host sub, is the
// site whose cookies the settings are about; c and d embed it.
const (
	setA   = "https://www.example.com"
	setSub = "https://sub.example.com"
	setHA  = "http://www.example.com"
	setC   = "https://www.example.org"
	setD   = "https://www.example.net"
)

// addSettings adds a scenario of category cat, played in a browser with
// the settings s.
func (b *stepBuilder) addSettings(cat, note string, s Settings, steps ...Step) {
	b.add(cat, note, steps...)
	b.list[len(b.list)-1].Settings = &s
}

// firstParty sets cookies on site t as a top-level site, by HTTP and by
// script, and reads them back.
func firstParty(t string) []Step {
	return []Step{
		typed(t+"/", "fp=1; SameSite=None; Secure; Path=/", "fl=1; Path=/"),
		scriptSet(0, "fs=1; SameSite=None; Secure; Path=/"),
		typed(t + "/again"),
	}
}

// thirdParty embeds site t in top-level site top: an image, an iframe with
// its script, a fetch, each setting and reading cookies (a partitioned one
// among them), then visits t.
func thirdParty(top, t string) []Step {
	return []Step{
		typed(top + "/"),
		image(0, t+"/i.gif", "ti=1; SameSite=None; Secure; Path=/"),
		iframe(0, t+"/f", "tf=1; SameSite=None; Secure; Path=/", "tp=1; SameSite=None; Secure; Path=/; Partitioned"),
		scriptGet(1),
		scriptSet(1, "ts=1; SameSite=None; Secure; Path=/"),
		fetch(0, t+"/api"),
		typed(t + "/last"),
	}
}

// probe sets and reads a's cookies first-party, then under c.
func probe() []Step {
	return append(firstParty(setA), thirdParty(setC, setA)...)
}

// join concatenates step lists.
func join(lists ...[]Step) []Step {
	var out []Step
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

// requestStorageAccess and hasStorageAccess are steps of the Storage
// Access API in the document of frame.
func requestStorageAccess(frame int) Step {
	return Step{Kind: golden.StepRequestStorageAccess, Frame: frame}
}
func hasStorageAccess(frame int) Step {
	return Step{Kind: golden.StepHasStorageAccess, Frame: frame}
}

// settingsCorpus returns the scenarios that carry their own cookie
// settings, category set-*.
func settingsCorpus() []Scenario {
	var b stepBuilder
	defaults(&b)
	partitioned(&b)
	siteExceptions(&b)
	thirdPartyExceptions(&b)
	origins(&b)
	sessionOnly(&b)
	cleanup(&b)
	storageAccess(&b)
	topLevelStorageAccess(&b)
	legacy(&b)
	return b.list
}

// block3P blocks third-party cookies and allows the rest.
var block3P = Settings{BlockThirdParty: true}

// exception returns a cookie content setting exception.
func exception(primary, secondary, setting string) golden.Exception {
	return golden.Exception{Primary: primary, Secondary: secondary, Setting: setting}
}

// defaults adds the default cookie content settings, with third-party
// cookies allowed and blocked.
func defaults(b *stepBuilder) {
	for _, d := range []string{golden.SettingAllow, golden.SettingBlock, golden.SettingSessionOnly} {
		for _, block := range []bool{false, true} {
			note := "default " + d
			if block {
				note += ", third-party cookies blocked"
			}
			b.addSettings("set-default", note, Settings{Default: d, BlockThirdParty: block}, probe()...)
		}
	}
}

// partitioned adds CHIPS cookies with third-party cookies blocked: set by
// a cross-site iframe, fetch, image and script, read back under the same
// and another top-level site.
func partitioned(b *stepBuilder) {
	const p = "p=1; Secure; SameSite=None; Path=/; Partitioned"
	b.addSettings("set-3pc", "third-party cookies blocked: partitioned cookies set by a cross-site iframe, fetch, image and script still work",
		block3P,
		typed(setC+"/"),
		iframe(0, setA+"/f", p, "u=1; Secure; SameSite=None; Path=/"),
		scriptGet(1),
		scriptSet(1, "sp=1; Secure; SameSite=None; Partitioned"),
		scriptSet(1, "su=1; Secure; SameSite=None"),
		fetch(0, setA+"/api", "pf=1; Secure; SameSite=None; Path=/; Partitioned", "uf=1; Secure; SameSite=None; Path=/"),
		image(0, setA+"/i.gif", "pi=1; Secure; SameSite=None; Path=/; Partitioned"),
		iframe(0, setA+"/f2"),
		scriptGet(1),
		typed(setD+"/"),
		iframe(0, setA+"/f3"),
		scriptGet(1),
		typed(setA+"/"),
		scriptGet(0))
	b.addSettings("set-3pc", "third-party cookies blocked: a partitioned cookie set first-party, read from a cross-site iframe, a same-site iframe of it, and the top-level site",
		block3P,
		typed(setA+"/", p, "u=1; Secure; SameSite=None; Path=/"),
		typed(setC+"/"),
		iframe(0, setA+"/f"),
		scriptGet(1),
		iframe(1, setSub+"/nested", "q=1; Secure; SameSite=None; Path=/; Partitioned; Domain=example.com", "v=1; Secure; SameSite=None; Path=/; Domain=example.com"),
		scriptGet(2),
		typed(setA+"/x"),
		scriptGet(0))
	b.addSettings("set-3pc", "third-party cookies blocked: A in B in A is third-party",
		block3P,
		typed(setA+"/", "u=1; Secure; SameSite=None; Path=/"),
		iframe(0, setC+"/f"),
		iframe(1, setA+"/nested", p, "n=1; Secure; SameSite=None; Path=/"),
		scriptGet(2),
		fetch(2, setA+"/api"),
		typed(setA+"/x"),
		scriptGet(0))
	b.addSettings("set-3pc", "third-party cookies blocked: a same-site iframe is first-party",
		block3P,
		typed(setA+"/"),
		iframe(0, setSub+"/f", "s=1; Secure; SameSite=None; Path=/; Domain=example.com"),
		scriptSet(1, "j=1; Secure; SameSite=None; Path=/; Domain=example.com"),
		image(1, setA+"/i.gif", "i=1; Secure; SameSite=None; Path=/"),
		scriptGet(0))
}

// siteExceptions adds exceptions for a site, blocking it while others are
// allowed or allowing it while others are blocked, first- and third-party.
func siteExceptions(b *stepBuilder) {
	both := func() []Step {
		return join(firstParty(setA), thirdParty(setC, setA), firstParty(setC), thirdParty(setA, setC))
	}
	b.addSettings("set-exception", "[*.]example.com blocked, others allowed",
		Settings{Exceptions: []golden.Exception{exception("[*.]example.com", "", golden.SettingBlock)}}, both()...)
	b.addSettings("set-exception", "[*.]example.com blocked, others allowed, third-party cookies blocked",
		Settings{BlockThirdParty: true, Exceptions: []golden.Exception{exception("[*.]example.com", "", golden.SettingBlock)}}, both()...)
	b.addSettings("set-exception", "[*.]example.com allowed, others blocked by default",
		Settings{Default: golden.SettingBlock, Exceptions: []golden.Exception{exception("[*.]example.com", "", golden.SettingAllow)}}, both()...)
	b.addSettings("set-exception", "[*.]example.com allowed, others blocked by default, third-party cookies blocked",
		Settings{Default: golden.SettingBlock, BlockThirdParty: true, Exceptions: []golden.Exception{exception("[*.]example.com", "", golden.SettingAllow)}}, both()...)
	b.addSettings("set-exception", "the host www.example.com blocked: a sibling host and its domain cookies are not",
		Settings{Exceptions: []golden.Exception{exception("www.example.com", "", golden.SettingBlock)}},
		typed(setSub+"/", "s=1; Secure; SameSite=None; Path=/", "d=1; Secure; SameSite=None; Path=/; Domain=example.com"),
		typed(setA+"/", "w=1; Secure; SameSite=None; Path=/", "e=1; Secure; SameSite=None; Path=/; Domain=example.com"),
		scriptGet(0),
		iframe(0, setSub+"/f"),
		scriptGet(1),
		typed(setSub+"/again"),
		scriptGet(0))
	b.addSettings("set-exception", "every site blocked on pages of [*.]example.org (primary *, secondary the top-level site)",
		Settings{Exceptions: []golden.Exception{exception("*", "[*.]example.org", golden.SettingBlock)}}, both()...)
	b.addSettings("set-exception", "[*.]example.com blocked under [*.]example.org only",
		Settings{Exceptions: []golden.Exception{exception("[*.]example.com", "[*.]example.org", golden.SettingBlock)}},
		join(firstParty(setA), thirdParty(setC, setA), thirdParty(setD, setA))...)
	b.addSettings("set-exception", "a more specific allow wins over a block of the domain",
		Settings{Exceptions: []golden.Exception{
			exception("[*.]example.com", "", golden.SettingBlock),
			exception("www.example.com", "", golden.SettingAllow),
		}},
		typed(setA+"/", "w=1; Secure; SameSite=None; Path=/", "e=1; Secure; SameSite=None; Path=/; Domain=example.com"),
		typed(setSub+"/", "s=1; Secure; SameSite=None; Path=/"),
		typed(setA+"/again"),
		scriptGet(0))
}

// thirdPartyExceptions adds, with third-party cookies blocked, exceptions
// that allow one embedded site under one top-level site, every site under
// one top-level site, and one site everywhere.
func thirdPartyExceptions(b *stepBuilder) {
	under := func() []Step {
		return join(firstParty(setA), thirdParty(setC, setA), thirdParty(setD, setA))
	}
	b.addSettings("set-3p-exception", "third-party cookies blocked; [*.]example.com allowed under [*.]example.org",
		Settings{BlockThirdParty: true, Exceptions: []golden.Exception{exception("[*.]example.com", "[*.]example.org", golden.SettingAllow)}}, under()...)
	b.addSettings("set-3p-exception", "third-party cookies blocked; every site allowed under [*.]example.org (primary *)",
		Settings{BlockThirdParty: true, Exceptions: []golden.Exception{exception("*", "[*.]example.org", golden.SettingAllow)}}, under()...)
	b.addSettings("set-3p-exception", "third-party cookies blocked; [*.]example.com allowed everywhere (secondary *)",
		Settings{BlockThirdParty: true, Exceptions: []golden.Exception{exception("[*.]example.com", "*", golden.SettingAllow)}}, under()...)
	b.addSettings("set-3p-exception", "all blocked by default; [*.]example.com allowed under [*.]example.org",
		Settings{Default: golden.SettingBlock, Exceptions: []golden.Exception{exception("[*.]example.com", "[*.]example.org", golden.SettingAllow)}}, under()...)
	b.addSettings("set-3p-exception", "third-party cookies blocked; [*.]example.com session-only everywhere",
		Settings{BlockThirdParty: true, Exceptions: []golden.Exception{exception("[*.]example.com", "", golden.SettingSessionOnly)}}, under()...)
	b.addSettings("set-3p-exception", "third-party cookies blocked; https://[*.]example.com (no port) allowed everywhere",
		Settings{BlockThirdParty: true, Exceptions: []golden.Exception{exception("https://[*.]example.com", "", golden.SettingAllow)}}, under()...)
}

// origins adds exceptions for one origin: a scheme, a host and a port
// (the servers' ports are ephemeral; PORT is the one of the scheme).
func origins(b *stepBuilder) {
	steps := func() []Step {
		return []Step{
			typed(setHA+"/", "h=1; Path=/"),
			typed(setA+"/", "s=1; Path=/", "t=1; Secure; Path=/"),
			scriptGet(0),
			typed(setHA + "/again"),
			scriptGet(0),
			typed(setA + "/again"),
			typed(setC + "/"),
			iframe(0, setA+"/f"),
			scriptGet(1),
		}
	}
	for _, c := range []struct {
		pattern, setting, def string
	}{
		{"https://www.example.com:PORT", golden.SettingBlock, ""},
		{"http://www.example.com:PORT", golden.SettingBlock, ""},
		{"https://www.example.com", golden.SettingBlock, ""},
		{"https://www.example.com:443", golden.SettingBlock, ""},
		{"https://www.example.com:*", golden.SettingBlock, ""},
		{"https://[*.]example.com", golden.SettingBlock, ""},
		{"*://www.example.com:*", golden.SettingBlock, ""},
		{"www.example.com", golden.SettingBlock, ""},
		{"https://www.example.com:PORT", golden.SettingAllow, golden.SettingBlock},
		{"http://www.example.com:PORT", golden.SettingAllow, golden.SettingBlock},
	} {
		note := c.pattern + " " + c.setting
		if c.def != "" {
			note += ", default " + c.def
		}
		b.addSettings("set-origin", note, Settings{Default: c.def, Exceptions: []golden.Exception{exception(c.pattern, "", c.setting)}}, steps()...)
	}
}

// sessionOnly adds session-only exceptions: the cookies work while the
// browser runs.
func sessionOnly(b *stepBuilder) {
	b.addSettings("set-session", "[*.]example.com session-only, others blocked by default",
		Settings{Default: golden.SettingBlock, Exceptions: []golden.Exception{exception("[*.]example.com", "", golden.SettingSessionOnly)}},
		join(firstParty(setA), thirdParty(setC, setA), firstParty(setC))...)
	b.addSettings("set-session", "session-only by default, [*.]example.com allowed",
		Settings{Default: golden.SettingSessionOnly, Exceptions: []golden.Exception{exception("[*.]example.com", "", golden.SettingAllow)}},
		join(firstParty(setA), firstParty(setC), thirdParty(setC, setA))...)
	b.addSettings("set-session", "[*.]example.com session-only under [*.]example.org",
		Settings{Exceptions: []golden.Exception{exception("[*.]example.com", "[*.]example.org", golden.SettingSessionOnly)}},
		join(firstParty(setA), thirdParty(setC, setA))...)
}

// persistent sets persistent cookies on hosts of example.com (host and
// domain cookies, Secure or not, over https and http) and example.org, and
// a partitioned and an unpartitioned one from an iframe of example.com
// under example.org: the cookies a restart keeps unless their site is
// session-only.
func persistent() []Step {
	const age = "; Max-Age=3600; Path=/"
	return []Step{
		typed(setA+"/", "ws=1; Secure"+age, "wn=1"+age, "wd=1; Secure; Domain=example.com"+age),
		typed(setHA+"/", "wh=1"+age, "whd=1; Domain=example.com"+age),
		typed(setSub+"/", "ss=1; Secure"+age),
		typed("http://sub.example.com/", "sh=1"+age),
		typed(setC+"/", "cs=1; Secure"+age),
		typed("http://www.example.org/", "ch=1"+age),
		typed(setC + "/again"),
		iframe(0, setA+"/f", "tu=1; Secure; SameSite=None"+age, "tp=1; Secure; SameSite=None; Partitioned"+age),
		scriptGet(1),
		typed(setA + "/again"),
	}
}

// cleanup adds session-only settings over persistent cookies: which of
// them the browser deletes when it shuts down.
func cleanup(b *stepBuilder) {
	for _, c := range []struct {
		note string
		s    Settings
	}{
		{"default session-only", Settings{Default: golden.SettingSessionOnly}},
		{"[*.]example.com session-only", Settings{Exceptions: []golden.Exception{exception("[*.]example.com", "", golden.SettingSessionOnly)}}},
		{"www.example.com session-only", Settings{Exceptions: []golden.Exception{exception("www.example.com", "", golden.SettingSessionOnly)}}},
		{"sub.example.com session-only", Settings{Exceptions: []golden.Exception{exception("sub.example.com", "", golden.SettingSessionOnly)}}},
		{"default session-only, www.example.com allowed", Settings{Default: golden.SettingSessionOnly, Exceptions: []golden.Exception{exception("www.example.com", "", golden.SettingAllow)}}},
		{"default session-only, [*.]example.com allowed", Settings{Default: golden.SettingSessionOnly, Exceptions: []golden.Exception{exception("[*.]example.com", "", golden.SettingAllow)}}},
		{"[*.]example.com session-only, www.example.com allowed", Settings{Exceptions: []golden.Exception{
			exception("[*.]example.com", "", golden.SettingSessionOnly), exception("www.example.com", "", golden.SettingAllow)}}},
		{"http://[*.]example.com session-only", Settings{Exceptions: []golden.Exception{exception("http://[*.]example.com", "", golden.SettingSessionOnly)}}},
		{"https://[*.]example.com session-only", Settings{Exceptions: []golden.Exception{exception("https://[*.]example.com", "", golden.SettingSessionOnly)}}},
		{"https://www.example.com:PORT session-only", Settings{Exceptions: []golden.Exception{exception("https://www.example.com:PORT", "", golden.SettingSessionOnly)}}},
		{"[*.]example.com session-only under [*.]example.org", Settings{Exceptions: []golden.Exception{exception("[*.]example.com", "[*.]example.org", golden.SettingSessionOnly)}}},
		{"every site session-only under [*.]example.org (primary *)", Settings{Exceptions: []golden.Exception{exception("*", "[*.]example.org", golden.SettingSessionOnly)}}},
		{"[*.]example.com session-only, default block", Settings{Default: golden.SettingBlock, Exceptions: []golden.Exception{exception("[*.]example.com", "", golden.SettingSessionOnly)}}},
		{"no session-only setting (control)", Settings{}},
	} {
		b.addSettings("set-cleanup", c.note+": persistent cookies after a restart", c.s, persistent()...)
	}
}

// storageAccess adds, with third-party cookies blocked, an iframe that
// requests Storage Access with a grant, with none, and one that has a
// grant but does not request it.
func storageAccess(b *stepBuilder) {
	grant := func(embedded, top string) Settings {
		return Settings{BlockThirdParty: true, StorageAccess: []golden.Grant{{Embedded: embedded + ":PORT", TopLevel: top + ":PORT"}}}
	}
	pre := typed(setA+"/", "pre=1; Secure; SameSite=None; Path=/", "lax=1; Secure; SameSite=Lax; Path=/", "dom=1; Secure; SameSite=None; Path=/; Domain=example.com")
	b.addSettings("set-saa", "Storage Access granted and requested in a cross-site iframe: its script, same-origin and same-site requests, other frames",
		grant(setA, setC),
		pre,
		typed(setC+"/"),
		iframe(0, setA+"/f"),
		scriptGet(1),
		hasStorageAccess(1),
		requestStorageAccess(1),
		hasStorageAccess(1),
		scriptGet(1),
		scriptSet(1, "js=1; Secure; SameSite=None; Path=/"),
		fetch(1, setA+"/api", "fe=1; Secure; SameSite=None; Path=/"),
		fetch(1, setSub+"/api"),
		websocket(1, "wss://www.example.com/ws"),
		image(1, setA+"/i.gif"),
		image(1, setSub+"/i.gif"),
		fetch(0, setA+"/top"),
		image(0, setA+"/top.gif"),
		iframe(1, setA+"/nested"),
		scriptGet(2),
		iframe(0, setA+"/f2"),
		scriptGet(1),
		hasStorageAccess(1),
		requestStorageAccess(1),
		scriptGet(1),
		typed(setA+"/x"))
	b.addSettings("set-saa", "Storage Access granted, not requested",
		grant(setA, setC),
		pre,
		typed(setC+"/"),
		iframe(0, setA+"/f"),
		scriptGet(1),
		hasStorageAccess(1),
		scriptSet(1, "js=1; Secure; SameSite=None; Path=/"),
		fetch(1, setA+"/api"),
		image(1, setA+"/i.gif"),
		fetch(0, setA+"/top"))
	b.addSettings("set-saa", "Storage Access requested without a grant",
		block3P,
		pre,
		typed(setC+"/"),
		iframe(0, setA+"/f"),
		requestStorageAccess(1),
		hasStorageAccess(1),
		scriptGet(1),
		fetch(1, setA+"/api"))
	b.addSettings("set-saa", "Storage Access granted under another top-level site, requested",
		grant(setA, setD),
		pre,
		typed(setC+"/"),
		iframe(0, setA+"/f"),
		requestStorageAccess(1),
		scriptGet(1),
		fetch(1, setA+"/api"),
		typed(setD+"/"),
		iframe(0, setA+"/f"),
		requestStorageAccess(1),
		scriptGet(1),
		fetch(1, setA+"/api"))
	b.addSettings("set-saa", "Storage Access granted to a same-site host, requested by a sibling host",
		grant(setSub, setC),
		pre,
		typed(setC+"/"),
		iframe(0, setA+"/f"),
		requestStorageAccess(1),
		scriptGet(1),
		fetch(1, setA+"/api"))
	b.addSettings("set-saa", "Storage Access granted and requested in a cross-site iframe, [*.]example.com blocked by an exception",
		Settings{BlockThirdParty: true, Exceptions: []golden.Exception{exception("[*.]example.com", "", golden.SettingBlock)},
			StorageAccess: []golden.Grant{{Embedded: setA + ":PORT", TopLevel: setC + ":PORT"}}},
		pre,
		typed(setC+"/"),
		iframe(0, setA+"/f"),
		requestStorageAccess(1),
		scriptGet(1),
		fetch(1, setA+"/api"))
	b.addSettings("set-saa", "Storage Access granted and requested, third-party cookies allowed",
		Settings{StorageAccess: []golden.Grant{{Embedded: setA + ":PORT", TopLevel: setC + ":PORT"}}},
		pre,
		typed(setC+"/"),
		iframe(0, setA+"/f"),
		hasStorageAccess(1),
		requestStorageAccess(1),
		hasStorageAccess(1),
		scriptGet(1),
		fetch(1, setA+"/api"))
}

// topLevelStorageAccess adds, with third-party cookies blocked, a top-level
// Storage Access grant for a site under a top-level site (Chromium 156 has
// no document.requestStorageAccessFor; the grant is a permission given
// through the DevTools protocol): the top-level document's requests to it,
// with the grant, without it, and with a grant under another top-level
// site.
func topLevelStorageAccess(b *stepBuilder) {
	steps := func() []Step {
		return []Step{
			typed(setA+"/", "pre=1; Secure; SameSite=None; Path=/", "dom=1; Secure; SameSite=None; Path=/; Domain=example.com"),
			typed(setC + "/"),
			fetch(0, setA+"/api", "fe=1; Secure; SameSite=None; Path=/"),
			fetch(0, setSub+"/api"),
			image(0, setA+"/i.gif", "im=1; Secure; SameSite=None; Path=/"),
			websocket(0, "wss://www.example.com/ws"),
			iframe(0, setA+"/f", "fr=1; Secure; SameSite=None; Path=/"),
			scriptGet(1),
			fetch(1, setA+"/api2"),
			typed(setD + "/"),
			fetch(0, setA+"/api3"),
			typed(setA + "/x"),
		}
	}
	grant := func(top string) Settings {
		return Settings{BlockThirdParty: true, TopLevelStorageAccess: []golden.Grant{{Embedded: setA + ":PORT", TopLevel: top + ":PORT"}}}
	}
	b.addSettings("set-tlsa", "top-level Storage Access granted under www.example.org: its top-level document's fetches, image, WebSocket and iframe",
		grant(setC), steps()...)
	b.addSettings("set-tlsa", "top-level Storage Access granted under www.example.net only", grant(setD), steps()...)
	b.addSettings("set-tlsa", "no top-level Storage Access (control)", block3P, steps()...)
}

// legacy adds the legacy cookie access setting for a domain: a cookie
// without SameSite sent cross-site, SameSite=None accepted without Secure,
// same-site regardless of scheme, only for that domain.
func legacy(b *stepBuilder) {
	steps := func() []Step {
		var out []Step
		for _, site := range []string{setA, setD} {
			out = append(out,
				typed(site+"/", "u=1; Path=/", "n=1; SameSite=None; Path=/", "l=1; SameSite=Lax; Path=/"))
		}
		out = append(out,
			typed("http://www.example.com/", "hu=1; Path=/", "hn=1; SameSite=None; Path=/"),
			typed(setC+"/"))
		for _, site := range []string{setA, setD} {
			out = append(out,
				image(0, site+"/i.gif", "iu=1; Path=/", "in=1; SameSite=None; Path=/"),
				iframe(0, site+"/f"),
				scriptGet(1),
				scriptSet(1, "su=1; Path=/"),
				scriptSet(1, "sn=1; SameSite=None; Path=/"),
				post(site+"/form"),
				typed(setC+"/again"))
		}
		out = append(out,
			typed("http://www.example.com/"),
			image(0, setA+"/schemes.gif"),
			iframe(0, setA+"/schemes"),
			scriptGet(1))
		return out
	}
	b.addSettings("set-legacy", "no legacy access (control)", Settings{}, steps()...)
	b.addSettings("set-legacy", "legacy access for [*.]example.com", Settings{Legacy: []string{"[*.]example.com"}}, steps()...)
	b.addSettings("set-legacy", "legacy access for https://[*.]example.com", Settings{Legacy: []string{"https://[*.]example.com"}}, steps()...)
	b.addSettings("set-legacy", "legacy access for http://[*.]example.com", Settings{Legacy: []string{"http://[*.]example.com"}}, steps()...)
	b.addSettings("set-legacy", "legacy access for [*.]example.com, third-party cookies blocked", Settings{BlockThirdParty: true, Legacy: []string{"[*.]example.com"}}, steps()...)
}
