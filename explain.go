package cookiemonster

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/cookiemonster-go/cookiemonster/internal/host"
)

// Plain-language explanations of the exclusion and warning reasons, for
// people reading a log or a DevTools-like view beside the reasons' names.
// Every sentence starts in lower case and has no final period, so that it
// can be joined with others or put after a colon.

// exclusionExplanations holds the generic explanation of each exclusion
// reason, keyed like exclusionNames.
var exclusionExplanations = [numExclusionReasons]string{
	ExcludeUnknownError:                    "an internal error kept the cookie from being stored or sent",
	ExcludeHTTPOnly:                        "an HttpOnly cookie can only be set or read by HTTP requests, not by script",
	ExcludeSecureOnly:                      "a Secure cookie can only be set from or sent to a secure origin (https, or http on localhost)",
	ExcludeDomainMismatch:                  "the URL's host is not within the cookie's domain, or the Domain attribute is in another site than the host",
	ExcludeNotOnPath:                       "the URL's path is not within the cookie's Path",
	ExcludeSameSiteStrict:                  "a SameSite=Strict cookie is only sent with same-site requests, and cannot be set from a cross-site context",
	ExcludeSameSiteLax:                     "a SameSite=Lax cookie is only sent with same-site requests and cross-site top-level navigations with a safe method (such as GET)",
	ExcludeSameSiteUnspecifiedTreatedAsLax: "a cookie without a SameSite attribute is treated as SameSite=Lax, so it is not used in a cross-site context other than a top-level navigation",
	ExcludeSameSiteNoneInsecure:            "a SameSite=None cookie must also be Secure",
	ExcludeUserPreferences:                 "the cookie was blocked by the user's or the embedder's cookie settings",
	ExcludeFailureToStore:                  "the cookie could not be stored: it is malformed, or the URL is invalid",
	ExcludeNoncookieableScheme:             "the URL's scheme does not take cookies (only http, https, ws and wss do)",
	ExcludeOverwriteSecure:                 "an insecure origin cannot overwrite or shadow an existing Secure cookie",
	ExcludeOverwriteHTTPOnly:               "a script cannot overwrite an existing HttpOnly cookie",
	ExcludeInvalidDomain:                   "the Domain attribute is not acceptable for the host: a public suffix, another site, not a valid domain, or not the IP address the cookie comes from",
	ExcludeInvalidPrefix:                   "the cookie breaks the rules of its name's prefix (__Secure-, __Host-, __Http-, __Host-Http-), or a nameless cookie's value starts with such a prefix",
	ExcludeInvalidPartitioned:              "a Partitioned cookie must be Secure and set from a secure origin",
	ExcludeNameValuePairExceedsMaxSize:     "the cookie's name and value together exceed 4096 bytes",
	ExcludeAttributeValueExceedsMaxSize:    "the cookie's Domain or Path exceeds 1024 bytes",
	ExcludeDomainNonASCII:                  "the Domain attribute holds non-ASCII characters, which are refused",
	ExcludePortMismatch:                    "the cookie is bound to another port than the URL's",
	ExcludeSchemeMismatch:                  "the cookie is bound to another scheme than the URL's",
	ExcludeShadowingDomain:                 "a domain cookie would shadow a host-only cookie of the same name",
	ExcludeDisallowedCharacter:             "the cookie holds a disallowed character: a control character, a tab inside a name, value or attribute, or a ';' or '=' where none may be",
	ExcludeNoCookieContent:                 "the cookie line has neither a name nor a value",
	ExcludeAnonymousContext:                "an anonymous (nonced) context cannot use unpartitioned cookies",
	ExcludeInvalidPath:                     "a cookie path given as a field must start with '/'",
	ExcludeAmbiguousSerialization:          "a nameless cookie whose value holds '=' would be sent as a cookie with a name",
	ExcludeThirdPartyPhaseout:              "third-party cookies are phased out: an unpartitioned cookie is not used in a cross-site context",
}

// warningExplanations holds the generic explanation of each warning, keyed
// like warningNames.
var warningExplanations = [numWarningReasons]string{
	WarnSameSiteUnspecifiedCrossSiteContext:        "a cookie without a SameSite attribute is used in a cross-site context, where default rules treat it as SameSite=Lax",
	WarnSameSiteNoneInsecure:                       "a SameSite=None cookie without Secure is refused by current rules",
	WarnSameSiteUnspecifiedLaxAllowUnsafe:          "a cookie without a SameSite attribute goes with a cross-site top-level request with an unsafe method (such as POST) only because it is less than 2 minutes old",
	WarnStrictLaxDowngradeStrictSameSite:           "a SameSite=Strict cookie's context is same-site when schemes are ignored, but a cross-site top-level navigation when http and https are told apart",
	WarnStrictCrossDowngradeStrictSameSite:         "a SameSite=Strict cookie's context is same-site when schemes are ignored, but cross-site when http and https are told apart",
	WarnStrictCrossDowngradeLaxSameSite:            "a SameSite=Lax cookie's context is same-site when schemes are ignored, but cross-site when http and https are told apart",
	WarnLaxCrossDowngradeStrictSameSite:            "a SameSite=Strict cookie's context is a cross-site top-level navigation when schemes are ignored, but cross-site when http and https are told apart",
	WarnLaxCrossDowngradeLaxSameSite:               "a SameSite=Lax cookie's context is a cross-site top-level navigation when schemes are ignored, but cross-site when http and https are told apart",
	WarnSecureAccessGrantedNonCryptographic:        "a Secure cookie was used over http, which is allowed only because the host is localhost or a loopback address",
	WarnCrossSiteRedirectDowngradeChangesInclusion: "a cross-site redirect in the request's chain would change the decision, were redirects taken into account",
	WarnAttributeValueExceedsMaxSize:               "an attribute whose value exceeds 1024 bytes was ignored",
	WarnDomainNonASCII:                             "the Domain attribute holds non-ASCII characters",
	WarnPortMismatch:                               "the cookie is used from another port than the one that set it",
	WarnSchemeMismatch:                             "the cookie is used over another scheme (http or https) than the one that set it",
	WarnTentativelyAllowingSecureSourceScheme:      "a Secure cookie from an http (not https) URL is recorded as set from a secure origin",
	WarnShadowingDomain:                            "a domain cookie has the name of a host-only cookie of the host, which it may shadow",
	WarnThirdPartyPhaseout:                         "a third-party cookie that the phaseout of third-party cookies would block is used only because of an exemption (a site setting or Storage Access)",
}

// Explain returns one plain-English sentence saying which rule the reason
// stands for, such as "a Secure cookie can only be set from or sent to a
// secure origin (https, or http on localhost)". It starts in lower case and
// has no final period. A value outside the defined reasons gives
// "unknown exclusion reason N".
func (r ExclusionReason) Explain() string {
	if r < numExclusionReasons {
		return exclusionExplanations[r]
	}
	return "unknown exclusion reason " + strconv.Itoa(int(r))
}

// Explain returns one plain-English sentence saying what the warning
// notes, in the style of [ExclusionReason.Explain]. A value outside the
// defined warnings gives "unknown warning reason N".
func (w WarningReason) Explain() string {
	if w < numWarningReasons {
		return warningExplanations[w]
	}
	return "unknown warning reason " + strconv.Itoa(int(w))
}

// warningPrefix starts the explanation of a warning among explanations.
const warningPrefix = "warning: "

// Explain returns the explanations of the exclusion reasons, then those of
// the warnings each prefixed with "warning: ", joined with "; ". A status
// that includes the cookie starts with "included": it is "included" alone
// without warnings, and "included; warning: ..." with some.
func (s InclusionStatus) Explain() string {
	var parts []string
	if s.IsInclude() {
		parts = append(parts, "included")
	}
	for _, r := range s.Exclusions() {
		parts = append(parts, r.Explain())
	}
	for _, w := range s.Warnings() {
		parts = append(parts, warningPrefix+w.Explain())
	}
	return strings.Join(parts, "; ")
}

// ExplainSet explains why the Set-Cookie line received from u was refused,
// or what st warns of, with one sentence for each exclusion reason of st and
// then one for each warning (prefixed with "warning: "), in the order of
// [InclusionStatus.Exclusions] and [InclusionStatus.Warnings]. st is the
// status [NewCanonicalCookie] or [Monster.SetCookieLine] gave for u and
// line. Each sentence names what the rule is about in this line: the
// cookie, the attribute and its value, the host or origin, as in
//
//	Domain=com is a public suffix: a cookie for it would reach every site under it
//	Secure cookie "sid" set over http://example.com, which is not a secure origin
//
// Where the line and the URL say nothing more than the rule, the sentence
// is the reason's [ExclusionReason.Explain] or [WarningReason.Explain].
// Public suffixes are judged with the default list
// (golang.org/x/net/publicsuffix), whatever list st was computed with.
// ExplainSet returns nil for a status with neither exclusions nor warnings;
// it accepts any input, a nil u and a line that does not parse included.
func ExplainSet(u *url.URL, line string, st InclusionStatus) []string {
	if st == (InclusionStatus{}) {
		return nil
	}
	return explainAll(st, newSetExplainer(u, line))
}

// ExplainRead explains why the cookie c was withheld from a request to u, or
// what its warnings note when it was sent, with one sentence for each
// exclusion reason of res.Status and then one for each warning (prefixed
// with "warning: "), in the order of [InclusionStatus.Exclusions] and
// [InclusionStatus.Warnings]. res is the decision [Monster.Cookies] (with
// [Options.ReturnExcluded]) or [CanonicalCookie.IncludeForRequestURL] gave
// for c and u. Each sentence names the cookie and the URL, as in
//
//	Secure cookie "sid" is not sent to http://example.com
//	SameSite=Strict cookie "a" is withheld from a cross-site request
//	Path=/admin of cookie "a" does not cover /
//
// res.EffectiveSameSite tells apart a cookie without SameSite that is Lax
// by default from one still in its first two minutes. Where nothing more
// than the rule can be said, and for every reason when c is nil, the
// sentence is the reason's [ExclusionReason.Explain] or
// [WarningReason.Explain]. ExplainRead returns nil for a status with
// neither exclusions nor warnings, and accepts any input.
func ExplainRead(u *url.URL, c *CanonicalCookie, res AccessResult) []string {
	if res.Status == (InclusionStatus{}) {
		return nil
	}
	if c == nil {
		return explainAll(res.Status, genericExplainer{})
	}
	return explainAll(res.Status, &readExplainer{u: u, r: newRequestURL(u), c: c, res: res})
}

// explainer words the reasons of one set or read. Its methods return ""
// when they have nothing more specific to say than the rule.
type explainer interface {
	exclusion(ExclusionReason) string
	warning(WarningReason) string
}

// genericExplainer has nothing specific to say.
type genericExplainer struct{}

func (genericExplainer) exclusion(ExclusionReason) string { return "" }
func (genericExplainer) warning(WarningReason) string     { return "" }

// explainAll returns e's sentence for each exclusion of st, then for each
// warning with warningPrefix, each reason's generic explanation where e
// has none.
func explainAll(st InclusionStatus, e explainer) []string {
	var out []string
	for _, r := range st.Exclusions() {
		s := e.exclusion(r)
		if s == "" {
			s = r.Explain()
		}
		out = append(out, s)
	}
	for _, w := range st.Warnings() {
		s := e.warning(w)
		if s == "" {
			s = w.Explain()
		}
		out = append(out, warningPrefix+s)
	}
	return out
}

// ---- what a set is about ----

// setExplainer is the explainer of one set: what ExplainSet knows of it.
type setExplainer struct {
	u    *url.URL
	r    requestURL
	line string
	// pc is the parsed line, nil when it does not parse.
	pc *ParsedCookie
	// name and value are the cookie's, from pc or, when the line does
	// not parse, read from the line as the parser would.
	name, value string
}

func newSetExplainer(u *url.URL, line string) *setExplainer {
	e := &setExplainer{u: u, r: newRequestURL(u), line: line}
	if pc, st := ParseCookie(line); pc != nil && st.IsInclude() {
		e.pc = pc
		e.name, e.value = pc.Name(), pc.Value()
	} else {
		e.name, e.value = rawPair(line)
	}
	return e
}

// rawPair returns the trimmed name and value of the line's first segment,
// as the parser splits them.
func rawPair(line string) (name, value string) {
	pair := line
	if i := strings.IndexByte(pair, ';'); i >= 0 {
		pair = pair[:i]
	}
	if i := strings.IndexByte(pair, '='); i >= 0 {
		return trimSpace(pair[:i]), trimSpace(pair[i+1:])
	}
	return "", trimSpace(pair)
}

// secureOrigin reports whether the URL may set Secure cookies.
func (e *setExplainer) secureOrigin() bool { return e.r.ok && e.r.access != accessNonCryptographic }

func (e *setExplainer) exclusion(r ExclusionReason) string {
	origin := originOf(e.u)
	switch r {
	case ExcludeHTTPOnly:
		return kindRef("HttpOnly", e.name) + " cannot be set by script"
	case ExcludeUserPreferences:
		if origin != "" {
			return "the cookie settings (Config.Policy) block " + kindRef("", e.name) + " from " + origin
		}
	case ExcludeSecureOnly:
		if origin != "" {
			return kindRef("Secure", e.name) + " set over " + origin + ", which is not a secure origin"
		}
	case ExcludeDomainMismatch:
		return e.domainMismatch()
	case ExcludeSameSiteStrict:
		return kindRef("SameSite=Strict", e.name) + " cannot be set from a cross-site context"
	case ExcludeSameSiteLax:
		return kindRef("SameSite=Lax", e.name) + " cannot be set from a cross-site context"
	case ExcludeSameSiteUnspecifiedTreatedAsLax:
		return subject(e.name) + " has no SameSite attribute, so it is treated as SameSite=Lax and cannot be set from a cross-site context"
	case ExcludeSameSiteNoneInsecure:
		if e.pc == nil || !e.pc.Secure() {
			return "SameSite=None needs Secure; " + subject(e.name) + " has no Secure attribute"
		}
	case ExcludeFailureToStore:
		if e.u == nil {
			return "no URL was given to set the cookie from"
		}
		if s := badURL(e.u, e.r); s != "" {
			return s
		}
		if uint64(len(e.line)) > maxLineLen {
			return "the line is over 4 GiB long"
		}
	case ExcludeNoncookieableScheme:
		if origin != "" {
			return "cookies cannot be set from " + origin + ": only http, https, ws and wss URLs take cookies"
		}
	case ExcludeOverwriteSecure:
		if origin != "" {
			return kindRef("", e.name) + " set over " + origin + " would overwrite or shadow a Secure cookie of the same name, which only a secure origin may do"
		}
	case ExcludeOverwriteHTTPOnly:
		return "a script cannot overwrite the stored " + kindRef("HttpOnly", e.name)
	case ExcludeInvalidDomain:
		return e.invalidDomain()
	case ExcludeInvalidPrefix:
		return e.invalidPrefix()
	case ExcludeInvalidPartitioned:
		return e.invalidPartitioned()
	case ExcludeNameValuePairExceedsMaxSize:
		if n := len(e.name) + len(e.value); n > MaxNameValueSize {
			return fmt.Sprintf("%s has a name and value of %d bytes together; the limit is %d", kindRef("", e.name), n, MaxNameValueSize)
		}
	case ExcludeAttributeValueExceedsMaxSize:
		if s, _ := oversizedAttrs(e.line); s != "" {
			return s
		}
	case ExcludeDisallowedCharacter:
		return disallowedChar(e.line)
	case ExcludeNoCookieContent:
		switch {
		case trimSpace(e.line) == "":
			return "the line is empty"
		case e.name == "" && e.value == "":
			return "the line has neither a name nor a value before its first ';'"
		}
	case ExcludeAmbiguousSerialization:
		if e.name == "" && strings.IndexByte(e.value, '=') >= 0 {
			n, _, _ := strings.Cut(e.value, "=")
			return "the nameless cookie with the value " + quoted(e.value) + " would be sent as the cookie " + quoted(trimSpace(n))
		}
	}
	return ""
}

func (e *setExplainer) warning(w WarningReason) string {
	origin := originOf(e.u)
	switch w {
	case WarnSameSiteUnspecifiedCrossSiteContext:
		return subject(e.name) + " has no SameSite attribute and is set from a cross-site context, where default rules treat it as SameSite=Lax"
	case WarnSameSiteNoneInsecure:
		return subject(e.name) + " is SameSite=None without Secure, which current rules refuse"
	case WarnSameSiteUnspecifiedLaxAllowUnsafe:
		return subject(e.name) + " has no SameSite attribute, and the context is a cross-site top-level request with an unsafe method (such as POST)"
	case WarnStrictLaxDowngradeStrictSameSite, WarnStrictCrossDowngradeStrictSameSite,
		WarnStrictCrossDowngradeLaxSameSite, WarnLaxCrossDowngradeStrictSameSite,
		WarnLaxCrossDowngradeLaxSameSite:
		if e.pc != nil {
			return downgrade(w, sameSiteRef(e.pc.SameSite(), e.name))
		}
	case WarnSecureAccessGrantedNonCryptographic:
		if origin != "" {
			return kindRef("Secure", e.name) + " is set over " + origin + ", which is allowed only for localhost and loopback addresses"
		}
	case WarnCrossSiteRedirectDowngradeChangesInclusion:
		return "a cross-site redirect in the request's chain would change whether " + kindRef("", e.name) + " is set, were redirects taken into account"
	case WarnAttributeValueExceedsMaxSize:
		if s, n := oversizedAttrs(e.line); n == 1 {
			return s + ", so the parser ignored it"
		} else if n > 1 {
			return s + ", so the parser ignored them"
		}
	case WarnDomainNonASCII:
		if e.pc != nil {
			if d, ok := e.pc.Domain(); ok {
				return "Domain=" + shown(d) + " holds non-ASCII characters"
			}
		}
	case WarnTentativelyAllowingSecureSourceScheme:
		if origin != "" {
			return kindRef("Secure", e.name) + " set over " + origin + " is recorded as set from a secure origin"
		}
	}
	return ""
}

// domainAttr returns the line's Domain attribute and its canonical form:
// d is "" when the attribute is absent or empty; canon is "" when it is not
// a valid domain; emptyLabel reports a name ending in "..", which Chromium
// reads as a domain with no registrable domain.
func (e *setExplainer) domainAttr() (d, canon string, emptyLabel bool) {
	if e.pc == nil {
		return "", "", false
	}
	d, _ = e.pc.Domain()
	if d == "" || strings.IndexByte(d, '%') >= 0 {
		return d, "", false
	}
	name := strings.TrimPrefix(d, ".")
	c, ok := host.Canonicalize(name)
	if !ok && strings.HasSuffix(name, "..") {
		c, ok = host.Canonicalize(strings.TrimRight(name, "."))
		emptyLabel = ok
	}
	if !ok || c == "" || c[0] == '.' {
		return d, "", false
	}
	return d, c, emptyLabel
}

// domainMismatch explains ExcludeDomainMismatch for a set: the Domain
// attribute is in another site than the host (or the host is not within a
// cookie's domain, which a Set-Cookie line does not cause).
func (e *setExplainer) domainMismatch() string {
	if !e.r.ok {
		return ""
	}
	h := e.r.host
	d, canon, emptyLabel := e.domainAttr()
	attr := "Domain=" + shown(d)
	switch {
	case d == "" || host.IsIP(h):
	case emptyLabel:
		return attr + " ends in an empty label, which puts it in no site"
	default:
		if rd := host.RegistrableDomain(host.Default(), h); rd != "" && canon != "" {
			return attr + " is not within " + shown(rd) + ", the site of the host " + shown(h)
		}
	}
	return "the host " + shown(h) + " is not within the cookie's domain"
}

// invalidDomain explains ExcludeInvalidDomain, following the checks of
// cookieDomain.
func (e *setExplainer) invalidDomain() string {
	d, canon, emptyLabel := e.domainAttr()
	if d == "" || !e.r.ok {
		return ""
	}
	h := e.r.host
	attr := "Domain=" + shown(d)
	psl := host.Default()
	hostRD := host.RegistrableDomain(psl, h)
	switch {
	case host.IsIP(h):
		return attr + " is not the host " + shown(h) + ", and a cookie from an IP address can only be for that address"
	case strings.IndexByte(d, '%') >= 0:
		return attr + " holds a '%', which no domain may"
	case canon == "":
		return attr + " is not a valid domain name"
	case emptyLabel:
		return attr + " ends in an empty label, so it is not a valid domain"
	case hostRD == "":
		return "the host " + shown(h) + " has no registrable domain (it is a public suffix or a bare name), so " + attr + " may only name the host itself"
	case !host.IsIP(canon) && host.RegistrableDomain(psl, canon) == "":
		return attr + " is a public suffix: a cookie for it would reach every site under it"
	case !isSubdomainOrSame(h, canon):
		return attr + " does not cover the host " + shown(h)
	}
	return attr + " is not acceptable for the host " + shown(h)
}

// prefixRule is what a name prefix requires.
type prefixRule struct {
	prefix                        string
	httpOnly, pathSlash, noDomain bool
}

// prefixRuleOf returns the rule of name's prefix, in the order prefixOK
// checks them.
func prefixRuleOf(name string) (prefixRule, bool) {
	switch {
	case hasPrefixFold(name, prefixSecure):
		return prefixRule{prefix: prefixSecure}, true
	case hasPrefixFold(name, prefixHTTP):
		return prefixRule{prefix: prefixHTTP, httpOnly: true}, true
	case hasPrefixFold(name, prefixHostHTTP):
		return prefixRule{prefix: prefixHostHTTP, httpOnly: true, pathSlash: true, noDomain: true}, true
	case hasPrefixFold(name, prefixHost):
		return prefixRule{prefix: prefixHost, pathSlash: true, noDomain: true}, true
	}
	return prefixRule{}, false
}

// needs lists what the rule requires, as in "Secure, Path=/ and no Domain".
func (p prefixRule) needs() string {
	items := []string{"Secure"}
	if p.httpOnly {
		items = append(items, "HttpOnly")
	}
	if p.pathSlash {
		items = append(items, "Path=/")
	}
	if p.noDomain {
		items = append(items, "no Domain")
	}
	return joinAnd(items)
}

// invalidPrefix explains ExcludeInvalidPrefix: what the name's prefix
// requires and what the line lacks, or the prefix a nameless cookie's value
// hides.
func (e *setExplainer) invalidPrefix() string {
	pc := e.pc
	if pc == nil {
		return ""
	}
	if hasHiddenPrefix(pc.Name(), pc.Value()) {
		v := strings.TrimLeft(pc.Value(), " \t")
		if p, ok := prefixRuleOf(v); ok {
			return "the nameless cookie's value " + quoted(pc.Value()) + " starts with " + shown(v[:len(p.prefix)]) +
				", which a server would read as the name of a prefixed cookie"
		}
		return ""
	}
	p, ok := prefixRuleOf(pc.Name())
	if !ok {
		return ""
	}
	var has []string
	if !pc.Secure() {
		has = append(has, "no Secure attribute")
	}
	if p.httpOnly && !pc.HTTPOnly() {
		has = append(has, "no HttpOnly attribute")
	}
	if p.pathSlash {
		if path, ok := pc.Path(); !ok {
			has = append(has, "no Path attribute")
		} else if path != "/" {
			has = append(has, "Path="+shown(path))
		}
	}
	if p.noDomain && !domainAttrEmpty(pc, e.r.host) {
		d, _ := pc.Domain()
		has = append(has, "Domain="+shown(d))
	}
	insecure := pc.Secure() && !e.secureOrigin() && originOf(e.u) != ""
	s := quoted(pc.Name()) + " needs " + p.needs()
	switch {
	case len(has) > 0 && insecure:
		return s + "; this line has " + joinAnd(has) + ", and is set over " + originOf(e.u) + ", which is not a secure origin"
	case len(has) > 0:
		return s + "; this line has " + joinAnd(has)
	case insecure:
		return s + "; this line is set over " + originOf(e.u) + ", which is not a secure origin"
	}
	return ""
}

// invalidPartitioned explains ExcludeInvalidPartitioned.
func (e *setExplainer) invalidPartitioned() string {
	if e.pc == nil {
		return ""
	}
	s := kindRef("Partitioned", e.name) + " needs Secure; "
	switch {
	case !e.pc.Secure():
		return s + "this line has no Secure attribute"
	case !e.secureOrigin() && originOf(e.u) != "":
		return s + "this line is set over " + originOf(e.u) + ", which is not a secure origin"
	}
	return ""
}

// oversizedAttrs names the attributes of line whose values are over
// MaxAttributeValueSize bytes, with their sizes, as in "the attribute Path
// (2000 bytes) has a value over the limit of 1024 bytes", and returns how
// many there are.
func oversizedAttrs(line string) (string, int) {
	var items []string
	i := strings.IndexByte(line, ';')
	for i >= 0 && i < len(line) {
		start := i + 1
		end := strings.IndexByte(line[start:], ';')
		if end < 0 {
			end = len(line)
		} else {
			end += start
		}
		seg := line[start:end]
		if name, value, ok := strings.Cut(seg, "="); ok {
			if n := len(trimSpace(value)); n > MaxAttributeValueSize {
				items = append(items, fmt.Sprintf("%s (%d bytes)", shown(trimSpace(name)), n))
			}
		}
		i = end
	}
	limit := strconv.Itoa(MaxAttributeValueSize)
	switch len(items) {
	case 0:
		return "", 0
	case 1:
		return "the attribute " + items[0] + " has a value over the limit of " + limit + " bytes", 1
	}
	return "the attributes " + joinAnd(items) + " have values over the limit of " + limit + " bytes", len(items)
}

// disallowedChar explains ExcludeDisallowedCharacter for a line: its first
// control character, else its first tab inside a name, value or attribute.
func disallowedChar(line string) string {
	for i := 0; i < len(line); i++ {
		if isCTL(line[i]) {
			return fmt.Sprintf("the line holds the control character 0x%02X at offset %d", line[i], i)
		}
	}
	for start, first := 0, true; start <= len(line); first = false {
		end := strings.IndexByte(line[start:], ';')
		if end < 0 {
			end = len(line)
		} else {
			end += start
		}
		ns, ne, vs, ve := start, start, start, end
		if eq := strings.IndexByte(line[start:end], '='); eq >= 0 {
			ne, vs = start+eq, start+eq+1
		}
		ns, ne = trimBounds(line, ns, ne)
		vs, ve = trimBounds(line, vs, ve)
		where := "an attribute"
		if t := strings.IndexByte(line[ns:ne], '\t'); t >= 0 {
			if first {
				where = "the cookie's name"
			}
			return fmt.Sprintf("the line holds a tab (0x09) inside %s, at offset %d", where, ns+t)
		}
		if t := strings.IndexByte(line[vs:ve], '\t'); t >= 0 {
			if first {
				where = "the cookie's value"
			}
			return fmt.Sprintf("the line holds a tab (0x09) inside %s, at offset %d", where, vs+t)
		}
		start = end + 1
	}
	return ""
}

// badURL explains why a URL that is not nil is unusable: no valid host, or
// a port no URL can have; "" when it is usable.
func badURL(u *url.URL, r requestURL) string {
	if r.ok {
		return ""
	}
	if _, ok := canonicalURLHost(u); !ok {
		return shown(u.Redacted()) + " has no valid host"
	}
	return shown(u.Redacted()) + " has an invalid port"
}

// ---- what a read is about ----

// readExplainer is the explainer of one read: what ExplainRead knows of
// it.
type readExplainer struct {
	u   *url.URL
	r   requestURL
	c   *CanonicalCookie
	res AccessResult
}

func (e *readExplainer) exclusion(r ExclusionReason) string {
	c := e.c
	origin := originOf(e.u)
	switch r {
	case ExcludeFailureToStore:
		if e.u == nil {
			return "no URL was given to send " + kindRef("", c.Name) + " to"
		}
		return badURL(e.u, e.r)
	case ExcludeHTTPOnly:
		return kindRef("HttpOnly", c.Name) + " is not available to script"
	case ExcludeSecureOnly:
		if origin != "" {
			return kindRef("Secure", c.Name) + " is not sent to " + origin
		}
	case ExcludeDomainMismatch:
		if !e.r.ok {
			return ""
		}
		if c.IsHostOnly() {
			return "host-only " + kindRef("", c.Name) + " for " + shown(c.Domain) + " is not sent to " + shown(e.r.host)
		}
		return kindRef("", c.Name) + " for " + shown(c.DomainWithoutDot()) + " and its subdomains is not sent to " + shown(e.r.host)
	case ExcludeNotOnPath:
		if e.r.ok {
			return "Path=" + shown(c.Path) + " of " + kindRef("", c.Name) + " does not cover " + shown(e.r.path)
		}
	case ExcludeSameSiteStrict:
		return kindRef("SameSite=Strict", c.Name) + " is withheld from a cross-site request"
	case ExcludeSameSiteLax:
		return kindRef("SameSite=Lax", c.Name) + " is withheld from a cross-site request other than a top-level navigation with a safe method (such as GET)"
	case ExcludeSameSiteUnspecifiedTreatedAsLax:
		s := subject(c.Name) + " has no SameSite attribute, so it is treated as SameSite=Lax and withheld from a cross-site request "
		if e.res.EffectiveSameSite == EffectiveLaxModeAllowUnsafe {
			return s + "other than a top-level navigation (being less than 2 minutes old, it would go even with an unsafe method such as POST)"
		}
		return s + "other than a top-level navigation with a safe method (such as GET)"
	case ExcludeSameSiteNoneInsecure:
		if !c.Secure {
			return "SameSite=None needs Secure; " + subject(c.Name) + " is not Secure"
		}
	case ExcludeAnonymousContext:
		if !c.IsPartitioned() {
			return "unpartitioned " + kindRef("", c.Name) + " is not available in an anonymous (nonced) context"
		}
	case ExcludeUserPreferences:
		if origin != "" {
			return "the cookie settings (Config.Policy) withhold " + kindRef("", c.Name) + " from " + origin
		}
	case ExcludeThirdPartyPhaseout:
		return "unpartitioned " + kindRef("", c.Name) + " is not sent in a third-party context: third-party cookies are phased out"
	}
	return ""
}

func (e *readExplainer) warning(w WarningReason) string {
	c := e.c
	origin := originOf(e.u)
	switch w {
	case WarnSameSiteUnspecifiedCrossSiteContext:
		return subject(c.Name) + " has no SameSite attribute and this is a cross-site request, where default rules treat it as SameSite=Lax"
	case WarnSameSiteNoneInsecure:
		return subject(c.Name) + " is SameSite=None without Secure, which current rules refuse"
	case WarnSameSiteUnspecifiedLaxAllowUnsafe:
		return subject(c.Name) + " has no SameSite attribute; it goes with this cross-site top-level request with an unsafe method (such as POST) only because it is less than 2 minutes old"
	case WarnStrictLaxDowngradeStrictSameSite, WarnStrictCrossDowngradeStrictSameSite,
		WarnStrictCrossDowngradeLaxSameSite, WarnLaxCrossDowngradeStrictSameSite,
		WarnLaxCrossDowngradeLaxSameSite:
		return downgrade(w, sameSiteRef(c.SameSite, c.Name))
	case WarnSecureAccessGrantedNonCryptographic:
		if origin != "" {
			return kindRef("Secure", c.Name) + " is sent to " + origin + ", which is allowed only for localhost and loopback addresses"
		}
	case WarnCrossSiteRedirectDowngradeChangesInclusion:
		return "a cross-site redirect in the request's chain would change whether " + kindRef("", c.Name) + " is sent, were redirects taken into account"
	case WarnPortMismatch:
		return e.portMismatch()
	case WarnSchemeMismatch:
		return e.schemeMismatch()
	case WarnShadowingDomain:
		if !c.IsHostOnly() && e.r.ok {
			return "domain " + kindRef("", c.Name) + " for " + shown(c.DomainWithoutDot()) + " has the name of a host-only cookie of " + shown(e.r.host) + ", which it may shadow"
		}
	}
	return ""
}

// portMismatch says which port set the cookie and which one it goes to.
func (e *readExplainer) portMismatch() string {
	if !e.r.ok || e.c.SourcePort <= 0 || e.r.port <= 0 {
		return ""
	}
	return fmt.Sprintf("%s was set from port %d and is used on port %d", kindRef("", e.c.Name), e.c.SourcePort, e.r.port)
}

// schemeMismatch says whether the cookie was set from a secure origin and
// where it goes.
func (e *readExplainer) schemeMismatch() string {
	origin := originOf(e.u)
	if origin == "" {
		return ""
	}
	switch e.c.SourceScheme {
	case SourceSchemeSecure:
		return kindRef("", e.c.Name) + " was set from a secure origin and is used by " + origin
	case SourceSchemeNonSecure:
		return kindRef("", e.c.Name) + " was set from an insecure origin and is used by " + origin
	}
	return ""
}

// ---- wording ----

// contextNames describe the same-site context levels in the downgrade
// warnings.
var contextNames = map[ContextType]string{
	ContextStrict:    "same-site",
	ContextLax:       "a cross-site top-level navigation",
	ContextCrossSite: "cross-site",
}

// downgrade explains a schemeful-downgrade warning for the cookie ref (as
// sameSiteRef words it).
func downgrade(w WarningReason, ref string) string {
	var from, to ContextType
	switch w {
	case WarnStrictLaxDowngradeStrictSameSite:
		from, to = ContextStrict, ContextLax
	case WarnStrictCrossDowngradeStrictSameSite, WarnStrictCrossDowngradeLaxSameSite:
		from, to = ContextStrict, ContextCrossSite
	case WarnLaxCrossDowngradeStrictSameSite, WarnLaxCrossDowngradeLaxSameSite:
		from, to = ContextLax, ContextCrossSite
	default:
		return ""
	}
	return ref + ": the context is " + contextNames[from] + " when schemes are ignored, but " +
		contextNames[to] + " when http and https are told apart"
}

// sameSiteRef names a cookie with its SameSite attribute, as in
// `SameSite=Strict cookie "a"`.
func sameSiteRef(ss SameSite, name string) string {
	switch ss {
	case SameSiteStrict, SameSiteLax, SameSiteNone:
		return kindRef("SameSite="+ss.String(), name)
	}
	return kindRef("", name) + " without SameSite (treated as Lax)"
}

// kindRef names a cookie with a kind, as in `Secure cookie "sid"`, or
// "nameless Secure cookie"; kind may be empty.
func kindRef(kind, name string) string {
	if kind != "" {
		kind += " "
	}
	if name == "" {
		return "nameless " + kind + "cookie"
	}
	return kind + "cookie " + quoted(name)
}

// subject names a cookie as the subject of a sentence: its quoted name, or
// "the nameless cookie".
func subject(name string) string {
	if name == "" {
		return "the nameless cookie"
	}
	return quoted(name)
}

// originOf returns the scheme and host (with its port) of u, as in
// "http://example.com:8080", or the whole URL, without a password, when it
// has no host; "" for a nil URL.
func originOf(u *url.URL) string {
	if u == nil {
		return ""
	}
	if u.Host == "" {
		return shown(u.Redacted())
	}
	return shown(u.Scheme + "://" + u.Host)
}

// maxShown is how many bytes of a name, value or URL a sentence shows.
const maxShown = 64

// shorten cuts s to about maxShown bytes, at a UTF-8 boundary when it can,
// with an ellipsis for what is cut.
func shorten(s string) string {
	if len(s) <= maxShown {
		return s
	}
	cut := maxShown
	for cut > maxShown-utf8.UTFMax && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// quoted returns s, shortened, as a Go string literal: control bytes and
// invalid UTF-8 are escaped.
func quoted(s string) string { return strconv.Quote(shorten(s)) }

// shown returns s, shortened, as it is when it is readable text without
// spaces, and quoted otherwise.
func shown(s string) string {
	t := shorten(s)
	if t == "" || !utf8.ValidString(t) {
		return strconv.Quote(t)
	}
	for _, r := range t {
		if r == ' ' || !unicode.IsPrint(r) {
			return strconv.Quote(t)
		}
	}
	return t
}

// joinAnd joins items as in "a, b and c".
func joinAnd(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}
