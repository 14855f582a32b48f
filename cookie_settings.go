package cookiemonster

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// ContentSetting is the value of a cookie site setting, as in Chromium's
// content settings.
type ContentSetting int8

// Content settings.
const (
	// SettingDefault: no setting; [CookieSettings.SetContentSetting]
	// removes the rule, [CookieSettings.SetDefault] restores Allow.
	SettingDefault ContentSetting = iota
	// SettingAllow allows cookies.
	SettingAllow
	// SettingBlock blocks cookies, partitioned ones too.
	SettingBlock
	// SettingSessionOnly allows cookies while the program runs and deletes
	// them from the persistent store at close ([CookieSettings.DeleteOnExit],
	// [NewSessionCleanupStore]).
	SettingSessionOnly
)

// String returns the setting's Go name.
func (s ContentSetting) String() string {
	switch s {
	case SettingDefault:
		return "SettingDefault"
	case SettingAllow:
		return "SettingAllow"
	case SettingBlock:
		return "SettingBlock"
	case SettingSessionOnly:
		return "SettingSessionOnly"
	}
	return fmt.Sprintf("ContentSetting(%d)", int(s))
}

// ErrContentSetting is wrapped by the errors of [CookieSettings] methods
// given an unknown setting.
var ErrContentSetting = errors.New("cookiemonster: unknown content setting")

// ErrSite is wrapped by the errors of the Storage Access grants of
// [CookieSettings] given something that is not a site.
var ErrSite = errors.New("cookiemonster: not a site")

// CookieSettings is a [Policy] with the cookie controls of Chromium's
// CookieSettings: a default setting (allow, block all, or session only), a
// third-party cookie block, per-site exceptions with content settings
// patterns, Storage Access grants, and the domains that keep legacy cookie
// semantics.
//
// A third-party access is one whose [Options.ThirdParty] is set (the
// [Transport] sets it for a request whose site for cookies is not first-party
// to the URL). When third-party cookies are blocked, such an access is
// refused unless
//   - the cookie is partitioned (CHIPS), which third-party blocking does not
//     block, or
//   - a rule that names a site allows it ([ExemptUserSetting]), or
//   - the access has Storage Access ([Options.StorageAccess]) and the
//     embedded site was granted it under the top-level site
//     ([ExemptStorageAccess]), or
//   - the access is a CORS request of the top-level document
//     ([Options.TopLevelCORS]) and the top-level site was granted
//     top-level Storage Access for the requested origin
//     ([ExemptTopLevelStorageAccess]).
//
// A refused cookie is excluded with [ExcludeUserPreferences], and also with
// [ExcludeThirdPartyPhaseout] when the block is the phaseout of third-party
// cookies ([CookieSettings.SetThirdPartyPhaseout]).
//
// The zero value allows everything and costs one atomic load per decision.
// A CookieSettings is safe for concurrent use and may be changed while a
// [Monster] uses it; a change applies to the next decision. It must not be
// copied after first use.
type CookieSettings struct {
	psl PublicSuffixList
	mu  sync.Mutex // serializes writers
	cur atomic.Pointer[settingsState]
}

// NewCookieSettings returns settings that compute sites with psl (nil: the
// default list, as the zero CookieSettings does); give it the Monster's
// list.
func NewCookieSettings(psl PublicSuffixList) *CookieSettings {
	return &CookieSettings{psl: psl}
}

// settingsState is one immutable version of the settings.
type settingsState struct {
	def         ContentSetting // never SettingDefault
	block3P     bool
	phaseout    bool
	rules       []settingRule    // by precedence
	byHost      map[string][]int // indexes of the rules naming a host or domain, by it
	anyHost     []int            // indexes of the rules for any host
	legacy      []legacyRule     // by precedence
	sessionOnly bool             // a rule is session-only
	access      map[sitePair]bool
	topAccess   map[originPair]bool
}

// settingRule is one site exception.
type settingRule struct {
	primary, secondary ContentPattern
	setting            ContentSetting
}

// legacyRule says whether the domains a pattern matches keep legacy
// semantics.
type legacyRule struct {
	pattern ContentPattern
	legacy  bool
}

// sitePair is an embedded site under a top-level site.
type sitePair struct{ embedded, top Site }

// originPair is a requested origin ("https://a.example:443") under a
// top-level site.
type originPair struct {
	origin string
	top    Site
}

// originKey returns u's origin as "scheme://host:port", ws and wss as http
// and https and the port always given; "" when u has no valid host.
func originKey(u *url.URL) string {
	up := partsOf(u)
	if !up.ok {
		return ""
	}
	scheme := normalizeScheme(up.scheme)
	port := up.port
	if port == "" {
		port = defaultPort(scheme)
	}
	return scheme + "://" + up.host + ":" + port
}

var allowAll = settingsState{def: SettingAllow}

// state returns the current settings.
func (s *CookieSettings) state() *settingsState {
	if st := s.cur.Load(); st != nil {
		return st
	}
	return &allowAll
}

// update applies f to a copy of the current settings and publishes it.
func (s *CookieSettings) update(f func(st *settingsState) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := *s.state()
	st.rules = slices.Clone(st.rules)
	st.legacy = slices.Clone(st.legacy)
	if err := f(&st); err != nil {
		return err
	}
	st.index()
	s.cur.Store(&st)
	return nil
}

// index fills byHost and anyHost from rules.
func (st *settingsState) index() {
	st.byHost, st.anyHost, st.sessionOnly = nil, nil, false
	for i, r := range st.rules {
		st.sessionOnly = st.sessionOnly || r.setting == SettingSessionOnly
		if r.primary.host == "" {
			st.anyHost = append(st.anyHost, i)
			continue
		}
		if st.byHost == nil {
			st.byHost = make(map[string][]int)
		}
		st.byHost[r.primary.host] = append(st.byHost[r.primary.host], i)
	}
}

// trivial reports whether st allows everything with today's semantics.
func (st *settingsState) trivial() bool {
	return st.def == SettingAllow && !st.block3P && len(st.rules) == 0 && len(st.legacy) == 0
}

// SetDefault sets the setting of URLs no rule matches: SettingAllow (or
// SettingDefault), SettingBlock (block all cookies) or SettingSessionOnly.
func (s *CookieSettings) SetDefault(setting ContentSetting) error {
	if setting < SettingDefault || setting > SettingSessionOnly {
		return fmt.Errorf("%w: %d", ErrContentSetting, int(setting))
	}
	if setting == SettingDefault {
		setting = SettingAllow
	}
	return s.update(func(st *settingsState) error { st.def = setting; return nil })
}

// SetBlockThirdParty blocks (or allows again) third-party cookies, as
// Chromium's "Block third-party cookies" control does.
func (s *CookieSettings) SetBlockThirdParty(block bool) {
	_ = s.update(func(st *settingsState) error { st.block3P = block; return nil })
}

// SetThirdPartyPhaseout marks the third-party cookie block as the phaseout
// of third-party cookies: a cookie it refuses is excluded with
// [ExcludeThirdPartyPhaseout] as well as [ExcludeUserPreferences], and a
// third-party cookie allowed only by an exemption carries
// [WarnThirdPartyPhaseout]. It has no effect unless third-party cookies are
// blocked.
func (s *CookieSettings) SetThirdPartyPhaseout(on bool) {
	_ = s.update(func(st *settingsState) error { st.phaseout = on; return nil })
}

// SetContentSetting sets the cookie setting of the URLs primary matches when
// the top-level frame's URL matches secondary ("" or "*": any), both in
// Chromium's pattern syntax ([ContentPattern]); SettingDefault removes the
// rule. Where several rules match, the one with the most specific primary
// pattern applies, then the most specific secondary, as in Chromium.
//
// For example, ("[*.]example.com", "") blocks or allows example.com
// everywhere; ("[*.]cdn.example", "[*.]news.example") is a third-party
// exception for one embedded site under one top-level site; and
// ("*", "[*.]news.example") allows third-party cookies on news.example's
// pages.
func (s *CookieSettings) SetContentSetting(primary, secondary string, setting ContentSetting) error {
	if setting < SettingDefault || setting > SettingSessionOnly {
		return fmt.Errorf("%w: %d", ErrContentSetting, int(setting))
	}
	p, err := ParseContentPattern(primary)
	if err != nil {
		return err
	}
	var q ContentPattern
	if secondary != "" {
		if q, err = ParseContentPattern(secondary); err != nil {
			return err
		}
	}
	return s.update(func(st *settingsState) error {
		st.rules = slices.DeleteFunc(st.rules, func(r settingRule) bool { return r.primary == p && r.secondary == q })
		if setting == SettingDefault {
			return nil
		}
		r := settingRule{primary: p, secondary: q, setting: setting}
		i := 0
		for i < len(st.rules) && st.rules[i].precedes(r) {
			i++
		}
		st.rules = slices.Insert(st.rules, i, r)
		return nil
	})
}

// precedes reports whether r applies before o where both match: by primary
// pattern, then secondary; among equals, the rule set earlier.
func (r settingRule) precedes(o settingRule) bool {
	if c := r.primary.compare(o.primary); c != 0 {
		return c > 0
	}
	return r.secondary.compare(o.secondary) >= 0
}

// GrantStorageAccess grants Storage Access to the embedded site under the
// top-level site (each a URL or origin such as "https://b.example"; a bare
// host means https): a third-party access from that pairing whose
// [Options.StorageAccess] is set (the frame called
// document.requestStorageAccess) gets unpartitioned cookies although
// third-party cookies are blocked.
func (s *CookieSettings) GrantStorageAccess(embedded, topLevel string) error {
	return s.grant(embedded, topLevel)
}

// GrantTopLevelStorageAccess grants top-level Storage Access (Chromium's
// requestStorageAccessFor, or its top-level-storage-access permission) to
// the requested origin (a URL or origin such as "https://cdn.example"; a
// bare host means https) under the top-level site: as in Chromium 156, the
// grant lets unpartitioned cookies through, although third-party cookies
// are blocked, only on the CORS requests the top-level document makes to
// that very origin ([Options.TopLevelCORS]), not on its images, frames or
// other origins of the site.
func (s *CookieSettings) GrantTopLevelStorageAccess(requested, topLevel string) error {
	pair, err := s.originPair(requested, topLevel)
	if err != nil {
		return err
	}
	return s.update(func(st *settingsState) error {
		st.topAccess = withKey(st.topAccess, pair)
		return nil
	})
}

// RevokeStorageAccess removes the Storage Access grant of the embedded site
// under the top-level site, and the top-level grant of the embedded origin
// (see GrantTopLevelStorageAccess) under it.
func (s *CookieSettings) RevokeStorageAccess(embedded, topLevel string) error {
	pair, err := s.pair(embedded, topLevel)
	if err != nil {
		return err
	}
	opair, err := s.originPair(embedded, topLevel)
	if err != nil {
		return err
	}
	return s.update(func(st *settingsState) error {
		st.access = withoutKey(st.access, pair)
		st.topAccess = withoutKey(st.topAccess, opair)
		return nil
	})
}

// originPair parses an origin and a site.
func (s *CookieSettings) originPair(requested, topLevel string) (originPair, error) {
	u, err := parseSiteURL(requested)
	if err != nil {
		return originPair{}, err
	}
	o := originKey(u)
	if o == "" {
		return originPair{}, fmt.Errorf("%w: %q has no host", ErrSite, requested)
	}
	t, err := s.parseSite(topLevel)
	if err != nil {
		return originPair{}, err
	}
	return originPair{origin: o, top: t}, nil
}

func (s *CookieSettings) grant(embedded, topLevel string) error {
	pair, err := s.pair(embedded, topLevel)
	if err != nil {
		return err
	}
	return s.update(func(st *settingsState) error {
		st.access = withKey(st.access, pair)
		return nil
	})
}

// withKey returns a copy of the set m with k, leaving m, which a published
// state may hold, unchanged.
func withKey[K comparable](m map[K]bool, k K) map[K]bool {
	n := make(map[K]bool, len(m)+1)
	for p := range m {
		n[p] = true
	}
	n[k] = true
	return n
}

// withoutKey returns the set m without k: m itself when it lacks k, or a
// copy.
func withoutKey[K comparable](m map[K]bool, k K) map[K]bool {
	if !m[k] {
		return m
	}
	n := make(map[K]bool, len(m))
	for p := range m {
		if p != k {
			n[p] = true
		}
	}
	return n
}

// pair parses two sites.
func (s *CookieSettings) pair(embedded, topLevel string) (sitePair, error) {
	e, err := s.parseSite(embedded)
	if err != nil {
		return sitePair{}, err
	}
	t, err := s.parseSite(topLevel)
	if err != nil {
		return sitePair{}, err
	}
	return sitePair{embedded: e, top: t}, nil
}

// parseSite returns the site of a URL, an origin, or a bare host (https).
func (s *CookieSettings) parseSite(v string) (Site, error) {
	u, err := parseSiteURL(v)
	if err != nil {
		return Site{}, err
	}
	site := SiteOf(u, s.psl)
	if site.IsOpaque() {
		return Site{}, fmt.Errorf("%w: %q has no host", ErrSite, v)
	}
	return site, nil
}

// parseSiteURL parses a URL, an origin, or a bare host (https).
func parseSiteURL(v string) (*url.URL, error) {
	raw := v
	if !strings.Contains(v, "://") {
		raw = "https://" + v
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("%w: %q: %w", ErrSite, v, err)
	}
	return u, nil
}

// SetLegacyAccess makes the cookies whose domain the pattern matches keep
// legacy semantics (legacy true: no Lax by default, SameSite=None without
// Secure accepted, schemeless same-site) or today's semantics (false, to
// carve an exception out of a wider legacy rule), as Chromium's legacy
// cookie access setting does. The cookie's domain is matched as an http URL,
// so a pattern should not name https. [Options.AccessSemantics], when set,
// takes precedence.
func (s *CookieSettings) SetLegacyAccess(pattern string, legacy bool) error {
	p, err := ParseContentPattern(pattern)
	if err != nil {
		return err
	}
	return s.update(func(st *settingsState) error {
		st.legacy = slices.DeleteFunc(st.legacy, func(r legacyRule) bool { return r.pattern == p })
		i := 0
		for i < len(st.legacy) && st.legacy[i].pattern.compare(p) >= 0 {
			i++
		}
		st.legacy = slices.Insert(st.legacy, i, legacyRule{pattern: p, legacy: legacy})
		return nil
	})
}

// Setting returns the setting that applies to u under the top-level URL top
// (nil: u is itself top-level), and whether a rule that names a site gave
// it, before any third-party block.
func (s *CookieSettings) Setting(u, top *url.URL) (setting ContentSetting, explicit bool) {
	return s.state().setting(u, top)
}

func (st *settingsState) setting(u, top *url.URL) (ContentSetting, bool) {
	if len(st.rules) == 0 {
		return st.def, false
	}
	up := partsOf(u)
	tp := up
	if top != nil {
		tp = partsOf(top)
	}
	return st.settingParts(up, tp)
}

// settingParts is setting for URLs given by their parts; tp not ok: only
// the rules for any top-level URL apply.
func (st *settingsState) settingParts(up, tp urlParts) (ContentSetting, bool) {
	// The first rule by precedence that matches: look only at the rules
	// naming one of the host's suffixes, and at those for any host.
	best := len(st.rules)
	try := func(idx []int) {
		for _, i := range idx {
			if i >= best {
				return
			}
			if r := &st.rules[i]; r.primary.matchParts(up) && r.secondary.matchParts(tp) {
				best = i
				return
			}
		}
	}
	if up.ok && st.byHost != nil {
		for h := up.host; ; {
			try(st.byHost[h])
			i := strings.IndexByte(h, '.')
			if i < 0 {
				break
			}
			h = h[i+1:]
		}
	}
	try(st.anyHost)
	if best == len(st.rules) {
		return st.def, false
	}
	r := &st.rules[best]
	return r.setting, r.primary.explicit || r.secondary.explicit
}

// idle reports whether the settings allow everything with today's
// semantics, so that a Monster need not ask them about each cookie.
func (s *CookieSettings) idle() bool { return s.state().trivial() }

// Decide implements [Policy].
func (s *CookieSettings) Decide(a PolicyAccess) PolicyVerdict {
	unpartitioned, partitioned := s.verdicts(s.state(), a)
	if a.Cookie != nil && a.Cookie.IsPartitioned() {
		return partitioned
	}
	return unpartitioned
}

// decideRead returns the verdicts on the unpartitioned and on the
// partitioned cookies of one read: the only thing of a cookie they depend
// on (see readDecider).
func (s *CookieSettings) decideRead(a PolicyAccess) (unpartitioned, partitioned PolicyVerdict) {
	return s.verdicts(s.state(), a)
}

// verdicts decides the access a under st, for an unpartitioned and for a
// partitioned cookie.
func (s *CookieSettings) verdicts(st *settingsState, a PolicyAccess) (unpartitioned, partitioned PolicyVerdict) {
	if st.trivial() {
		return PolicyVerdict{}, PolicyVerdict{}
	}
	setting, explicit := st.setting(a.URL, a.TopFrame)
	switch {
	case setting == SettingBlock:
		return PolicyVerdict{Block: true}, PolicyVerdict{Block: true}
	case !a.ThirdParty || !st.block3P:
		return PolicyVerdict{}, PolicyVerdict{}
	case explicit:
		v := PolicyVerdict{Exemption: ExemptUserSetting, ThirdPartyPhaseout: st.phaseout}
		return v, v
	}
	// Third-party blocking spares partitioned cookies.
	if len(st.access) > 0 || len(st.topAccess) > 0 {
		top := a.TopFrame
		if top == nil {
			top = a.URL
		}
		topSite := SiteOf(top, s.psl)
		switch {
		case a.StorageAccess && st.access[sitePair{embedded: SiteOf(a.URL, s.psl), top: topSite}]:
			return PolicyVerdict{Exemption: ExemptStorageAccess, ThirdPartyPhaseout: st.phaseout}, PolicyVerdict{}
		case a.TopLevelCORS && st.topAccess[originPair{origin: originKey(a.URL), top: topSite}]:
			return PolicyVerdict{Exemption: ExemptTopLevelStorageAccess, ThirdPartyPhaseout: st.phaseout}, PolicyVerdict{}
		}
	}
	return PolicyVerdict{Block: true, ThirdPartyPhaseout: st.phaseout}, PolicyVerdict{}
}

// Semantics implements [Policy]: SemanticsLegacy for a cookie whose domain
// a legacy rule matches, otherwise SemanticsUnknown (today's rules).
func (s *CookieSettings) Semantics(c *CanonicalCookie) AccessSemantics {
	st := s.state()
	if len(st.legacy) == 0 || c == nil {
		return SemanticsUnknown
	}
	h := strings.TrimPrefix(c.Domain, ".")
	for _, r := range st.legacy {
		if r.pattern.matches("http", h, "") {
			if r.legacy {
				return SemanticsLegacy
			}
			return SemanticsUnknown
		}
	}
	return SemanticsUnknown
}

// DeleteOnExit reports whether cookies of the domain (a cookie's Domain:
// a host, or a domain with a leading dot), set from a secure origin or not
// ([CookieOrigin]), should be deleted when the store closes, as Chromium's
// ShouldDeleteCookieOnExit decides:
//   - the setting of the domain's URL (https when secure, http otherwise),
//     by the rules that apply on every top-level site and the default,
//     decides, unless it is Allow: then the cookies are kept;
//   - a cookie set from an insecure origin is also readable over https, so
//     it is kept when the https URL's setting is Allow;
//   - a rule for a host or domain the cookie's domain covers (a rule that
//     names only a top-level site counts with that site) keeps the cookies
//     when it allows, and deletes them when it is session-only.
//
// Give it to [NewSessionCleanupStore].
func (s *CookieSettings) DeleteOnExit(domain string, secure bool) bool {
	st := s.state()
	if st.def != SettingSessionOnly && !st.sessionOnly {
		return false
	}
	return st.deleteOnExit(domain, secure)
}

func (st *settingsState) deleteOnExit(domain string, secure bool) bool {
	scheme := "http"
	if secure {
		scheme = "https"
	}
	h := strings.TrimPrefix(domain, ".")
	// No top-level site: only rules whose secondary matches any apply.
	setting, _ := st.settingParts(urlParts{scheme: scheme, host: h, ok: h != ""}, urlParts{})
	if setting == SettingAllow {
		return false
	}
	if !secure {
		return st.deleteOnExit(domain, true)
	}
	sessionOnly := false
	for _, r := range st.rules {
		ruleHost := r.primary.host
		if ruleHost == "" {
			ruleHost = r.secondary.host
		}
		if ruleHost == "" || !domainCovers(domain, ruleHost) {
			continue
		}
		switch r.setting {
		case SettingAllow:
			return false
		case SettingSessionOnly:
			sessionOnly = true
		}
	}
	return setting == SettingSessionOnly || sessionOnly
}

// domainCovers reports whether a cookie of the domain (a host, or a domain
// with a leading dot) is visible to the host h.
func domainCovers(domain, h string) bool {
	if domain == h {
		return true
	}
	if !strings.HasPrefix(domain, ".") {
		return false
	}
	return domain[1:] == h || strings.HasSuffix(h, domain)
}
