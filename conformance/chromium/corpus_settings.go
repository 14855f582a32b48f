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
	return b.list
}

// defaults adds the default cookie content settings, with third-party
// cookies allowed and blocked.
func defaults(b *stepBuilder) {
	for _, d := range []string{golden.SettingAllow, golden.SettingBlock, golden.SettingSessionOnly} {
		for _, block3p := range []bool{false, true} {
			note := "default " + d
			if block3p {
				note += ", third-party cookies blocked"
			}
			b.addSettings("set-default", note, Settings{Default: d, BlockThirdParty: block3p}, probe()...)
		}
	}
}
