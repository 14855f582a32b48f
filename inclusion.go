package cookiemonster

import (
	"strconv"
	"strings"
)

// ExclusionReason is one reason why a cookie was not stored or not sent.
// The reasons are Chromium's CookieInclusionStatus exclusion reasons that this
// library can produce. An ExclusionReason is also an error, so that
// errors.Is(status.Err(), ExcludeSecureOnly) works.
type ExclusionReason uint8

// Exclusion reasons, in Chromium's order.
const (
	// ExcludeUnknownError is an internal error.
	ExcludeUnknownError ExclusionReason = iota
	// ExcludeHTTPOnly: an HttpOnly cookie was accessed, or set, by a
	// non-HTTP (script-like) access.
	ExcludeHTTPOnly
	// ExcludeSecureOnly: a Secure cookie and a URL that may not access
	// Secure cookies (not https/wss, not localhost or loopback).
	ExcludeSecureOnly
	// ExcludeDomainMismatch: the URL's host does not domain-match the cookie;
	// at creation, with ExcludeInvalidDomain, the Domain attribute has
	// another registrable domain than the URL's host, as Chromium reports
	// it.
	ExcludeDomainMismatch
	// ExcludeNotOnPath: the URL's path is not on the cookie's path.
	ExcludeNotOnPath
	// ExcludeSameSiteStrict: a SameSite=Strict cookie in a context that is
	// not same-site strict.
	ExcludeSameSiteStrict
	// ExcludeSameSiteLax: a SameSite=Lax cookie in a context weaker than Lax.
	ExcludeSameSiteLax
	// ExcludeSameSiteUnspecifiedTreatedAsLax: a cookie without a [SameSite]
	// attribute, treated as Lax, in a context weaker than Lax.
	ExcludeSameSiteUnspecifiedTreatedAsLax
	// ExcludeSameSiteNoneInsecure: SameSite=None without Secure.
	ExcludeSameSiteNoneInsecure
	// ExcludeUserPreferences: blocked by the embedder's settings.
	ExcludeUserPreferences
	// ExcludeFailureToStore: the cookie is malformed or not canonical, or
	// the URL is invalid.
	ExcludeFailureToStore
	// ExcludeNoncookieableScheme: the URL's scheme does not take cookies.
	ExcludeNoncookieableScheme
	// ExcludeOverwriteSecure: an insecure origin tried to overwrite or
	// shadow a Secure cookie.
	ExcludeOverwriteSecure
	// ExcludeOverwriteHTTPOnly: a script-like access tried to overwrite an
	// HttpOnly cookie.
	ExcludeOverwriteHTTPOnly
	// ExcludeInvalidDomain: the Domain attribute is not acceptable for the
	// URL (a public suffix, a foreign domain, malformed).
	ExcludeInvalidDomain
	// ExcludeInvalidPrefix: a __Secure- or __Host- prefix rule is
	// violated, or a nameless cookie hides a prefix in its value.
	ExcludeInvalidPrefix
	// ExcludeInvalidPartitioned: Partitioned without Secure and a secure
	// origin.
	ExcludeInvalidPartitioned
	// ExcludeNameValuePairExceedsMaxSize: name and value together exceed
	// 4096 bytes.
	ExcludeNameValuePairExceedsMaxSize
	// ExcludeAttributeValueExceedsMaxSize: an explicitly given attribute
	// (domain or path) exceeds 1024 bytes. The Set-Cookie parser only warns.
	ExcludeAttributeValueExceedsMaxSize
	// ExcludeDomainNonASCII: a non-ASCII Domain attribute was refused.
	ExcludeDomainNonASCII
	// ExcludePortMismatch: the cookie is bound to another port.
	ExcludePortMismatch
	// ExcludeSchemeMismatch: the cookie is bound to another scheme.
	ExcludeSchemeMismatch
	// ExcludeShadowingDomain: a domain cookie would shadow a host cookie of
	// the same name.
	ExcludeShadowingDomain
	// ExcludeDisallowedCharacter: a control character (an HTAB only inside
	// a name, a value or an attribute; at their edges it is trimmed), or
	// ';' or '=' where they are not allowed.
	ExcludeDisallowedCharacter
	// ExcludeNoCookieContent: the line is empty or holds only whitespace.
	ExcludeNoCookieContent
	// ExcludeAnonymousContext: an unpartitioned cookie in an anonymous
	// (nonced) partition context.
	ExcludeAnonymousContext
	// ExcludeInvalidPath: a path given as a field does not start with '/'
	// (a path that starts with '/' is stored canonicalized, as Chromium
	// stores it).
	ExcludeInvalidPath
	// ExcludeAmbiguousSerialization: a cookie with an empty name and '='
	// in its value ("=a=b"), from a Set-Cookie line or explicit fields,
	// which would be sent as a different cookie.
	ExcludeAmbiguousSerialization
	// ExcludeThirdPartyPhaseout: a third-party cookie blocked by the
	// phaseout of third-party cookies (with [ExcludeUserPreferences]), see
	// [CookieSettings.SetThirdPartyPhaseout].
	ExcludeThirdPartyPhaseout

	numExclusionReasons
)

// exclusionNames holds each reason's Go name, keyed by the reason so that a
// name cannot drift to another reason; TestReasonNames checks that every
// reason has its own identifier as its name.
var exclusionNames = [numExclusionReasons]string{
	ExcludeUnknownError:                    "ExcludeUnknownError",
	ExcludeHTTPOnly:                        "ExcludeHTTPOnly",
	ExcludeSecureOnly:                      "ExcludeSecureOnly",
	ExcludeDomainMismatch:                  "ExcludeDomainMismatch",
	ExcludeNotOnPath:                       "ExcludeNotOnPath",
	ExcludeSameSiteStrict:                  "ExcludeSameSiteStrict",
	ExcludeSameSiteLax:                     "ExcludeSameSiteLax",
	ExcludeSameSiteUnspecifiedTreatedAsLax: "ExcludeSameSiteUnspecifiedTreatedAsLax",
	ExcludeSameSiteNoneInsecure:            "ExcludeSameSiteNoneInsecure",
	ExcludeUserPreferences:                 "ExcludeUserPreferences",
	ExcludeFailureToStore:                  "ExcludeFailureToStore",
	ExcludeNoncookieableScheme:             "ExcludeNoncookieableScheme",
	ExcludeOverwriteSecure:                 "ExcludeOverwriteSecure",
	ExcludeOverwriteHTTPOnly:               "ExcludeOverwriteHTTPOnly",
	ExcludeInvalidDomain:                   "ExcludeInvalidDomain",
	ExcludeInvalidPrefix:                   "ExcludeInvalidPrefix",
	ExcludeInvalidPartitioned:              "ExcludeInvalidPartitioned",
	ExcludeNameValuePairExceedsMaxSize:     "ExcludeNameValuePairExceedsMaxSize",
	ExcludeAttributeValueExceedsMaxSize:    "ExcludeAttributeValueExceedsMaxSize",
	ExcludeDomainNonASCII:                  "ExcludeDomainNonASCII",
	ExcludePortMismatch:                    "ExcludePortMismatch",
	ExcludeSchemeMismatch:                  "ExcludeSchemeMismatch",
	ExcludeShadowingDomain:                 "ExcludeShadowingDomain",
	ExcludeDisallowedCharacter:             "ExcludeDisallowedCharacter",
	ExcludeNoCookieContent:                 "ExcludeNoCookieContent",
	ExcludeAnonymousContext:                "ExcludeAnonymousContext",
	ExcludeInvalidPath:                     "ExcludeInvalidPath",
	ExcludeAmbiguousSerialization:          "ExcludeAmbiguousSerialization",
	ExcludeThirdPartyPhaseout:              "ExcludeThirdPartyPhaseout",
}

// String returns the reason's Go name, such as "ExcludeSecureOnly".
func (r ExclusionReason) String() string {
	if r < numExclusionReasons {
		return exclusionNames[r]
	}
	return "ExclusionReason(" + strconv.Itoa(int(r)) + ")"
}

// GoString returns the reason's Go name, for %#v.
func (r ExclusionReason) GoString() string { return r.String() }

// Error implements error, so a reason can be the target of errors.Is.
func (r ExclusionReason) Error() string { return "cookiemonster: " + r.String() }

// WarningReason is a note about a cookie that was stored or sent anyway,
// or that would be treated differently under a stricter policy.
type WarningReason uint8

// Warning reasons, in Chromium's order.
const (
	// WarnSameSiteUnspecifiedCrossSiteContext: a cookie without [SameSite] in
	// a cross-site context.
	WarnSameSiteUnspecifiedCrossSiteContext WarningReason = iota
	// WarnSameSiteNoneInsecure: SameSite=None without Secure.
	WarnSameSiteNoneInsecure
	// WarnSameSiteUnspecifiedLaxAllowUnsafe: sent only because of the
	// two-minute allowance for unsafe top-level requests (Lax+POST).
	WarnSameSiteUnspecifiedLaxAllowUnsafe
	// WarnStrictLaxDowngradeStrictSameSite: a Strict cookie, a strict
	// schemeless context that is only Lax when schemes are considered.
	WarnStrictLaxDowngradeStrictSameSite
	// WarnStrictCrossDowngradeStrictSameSite: a Strict cookie, a strict
	// schemeless context that is cross-site when schemes are considered.
	WarnStrictCrossDowngradeStrictSameSite
	// WarnStrictCrossDowngradeLaxSameSite: a Lax cookie, a strict schemeless
	// context that is cross-site when schemes are considered.
	WarnStrictCrossDowngradeLaxSameSite
	// WarnLaxCrossDowngradeStrictSameSite: a Strict cookie, a Lax schemeless
	// context that is cross-site when schemes are considered.
	WarnLaxCrossDowngradeStrictSameSite
	// WarnLaxCrossDowngradeLaxSameSite: a Lax cookie, a Lax schemeless
	// context that is cross-site when schemes are considered.
	WarnLaxCrossDowngradeLaxSameSite
	// WarnSecureAccessGrantedNonCryptographic: a Secure cookie used by a
	// trustworthy http URL (localhost or loopback).
	WarnSecureAccessGrantedNonCryptographic
	// WarnCrossSiteRedirectDowngradeChangesInclusion: considering the
	// redirect chain would have changed the decision.
	WarnCrossSiteRedirectDowngradeChangesInclusion
	// WarnAttributeValueExceedsMaxSize: an attribute over 1024 bytes was
	// ignored.
	WarnAttributeValueExceedsMaxSize
	// WarnDomainNonASCII: the Domain attribute has non-ASCII characters.
	WarnDomainNonASCII
	// WarnPortMismatch: the access comes from another port than the
	// cookie's source port.
	WarnPortMismatch
	// WarnSchemeMismatch: the access comes from another scheme than the
	// cookie's source scheme.
	WarnSchemeMismatch
	// WarnTentativelyAllowingSecureSourceScheme: a Secure cookie set from a
	// non-cryptographic URL was given a secure source scheme.
	WarnTentativelyAllowingSecureSourceScheme
	// WarnShadowingDomain: a domain cookie shadows a host cookie of the
	// same name.
	WarnShadowingDomain
	// WarnThirdPartyPhaseout: a third-party cookie the phaseout of
	// third-party cookies would block, allowed only by an exemption (a
	// site setting, Storage Access); see [InclusionStatus.Exemption].
	WarnThirdPartyPhaseout

	numWarningReasons
)

// warningNames holds each warning's Go name, keyed like exclusionNames.
var warningNames = [numWarningReasons]string{
	WarnSameSiteUnspecifiedCrossSiteContext:        "WarnSameSiteUnspecifiedCrossSiteContext",
	WarnSameSiteNoneInsecure:                       "WarnSameSiteNoneInsecure",
	WarnSameSiteUnspecifiedLaxAllowUnsafe:          "WarnSameSiteUnspecifiedLaxAllowUnsafe",
	WarnStrictLaxDowngradeStrictSameSite:           "WarnStrictLaxDowngradeStrictSameSite",
	WarnStrictCrossDowngradeStrictSameSite:         "WarnStrictCrossDowngradeStrictSameSite",
	WarnStrictCrossDowngradeLaxSameSite:            "WarnStrictCrossDowngradeLaxSameSite",
	WarnLaxCrossDowngradeStrictSameSite:            "WarnLaxCrossDowngradeStrictSameSite",
	WarnLaxCrossDowngradeLaxSameSite:               "WarnLaxCrossDowngradeLaxSameSite",
	WarnSecureAccessGrantedNonCryptographic:        "WarnSecureAccessGrantedNonCryptographic",
	WarnCrossSiteRedirectDowngradeChangesInclusion: "WarnCrossSiteRedirectDowngradeChangesInclusion",
	WarnAttributeValueExceedsMaxSize:               "WarnAttributeValueExceedsMaxSize",
	WarnDomainNonASCII:                             "WarnDomainNonASCII",
	WarnPortMismatch:                               "WarnPortMismatch",
	WarnSchemeMismatch:                             "WarnSchemeMismatch",
	WarnTentativelyAllowingSecureSourceScheme:      "WarnTentativelyAllowingSecureSourceScheme",
	WarnShadowingDomain:                            "WarnShadowingDomain",
	WarnThirdPartyPhaseout:                         "WarnThirdPartyPhaseout",
}

// String returns the reason's Go name, such as "WarnShadowingDomain".
func (w WarningReason) String() string {
	if w < numWarningReasons {
		return warningNames[w]
	}
	return "WarningReason(" + strconv.Itoa(int(w)) + ")"
}

// GoString returns the reason's Go name, for %#v.
func (w WarningReason) GoString() string { return w.String() }

// sameSiteWarnings are the SameSite warnings that an exclusion other than
// the unspecified-treated-as-Lax and None-insecure ones clears.
const sameSiteWarnings = 1<<WarnSameSiteUnspecifiedCrossSiteContext |
	1<<WarnSameSiteNoneInsecure |
	1<<WarnSameSiteUnspecifiedLaxAllowUnsafe

// downgradeWarnings are the schemeful-downgrade warnings; they are kept only
// while every exclusion is a SameSite one, which the downgrade explains.
const downgradeWarnings = 1<<WarnStrictLaxDowngradeStrictSameSite |
	1<<WarnStrictCrossDowngradeStrictSameSite |
	1<<WarnStrictCrossDowngradeLaxSameSite |
	1<<WarnLaxCrossDowngradeStrictSameSite |
	1<<WarnLaxCrossDowngradeLaxSameSite |
	1<<WarnCrossSiteRedirectDowngradeChangesInclusion

// reasonSet is a set of exclusion or warning reasons, one bit per reason.
type reasonSet uint32

// reasonSetBits is the number of reasons a reasonSet can hold.
const reasonSetBits = 32

// A reason numbered reasonSetBits or more would make 1<<r zero: adding it
// would do nothing and an excluded cookie would be included. Such a reason
// makes one of these array lengths negative, so the package stops compiling
// instead of failing open.
var (
	_ [reasonSetBits - int(numExclusionReasons)]struct{}
	_ [reasonSetBits - int(numWarningReasons)]struct{}
)

// InclusionStatus records why a cookie was, or was not, stored or sent: a
// set of exclusion reasons and a set of warnings. The zero value means
// "include, no warnings".
type InclusionStatus struct {
	exclusions reasonSet
	warnings   reasonSet
	exemption  ExemptionReason
}

// Exemption returns why a cookie that third-party cookie blocking would
// have blocked was allowed; ExemptNone when none applied.
func (s InclusionStatus) Exemption() ExemptionReason { return s.exemption }

// setExemption records e, for an included cookie only, as Chromium does.
func (s *InclusionStatus) setExemption(e ExemptionReason) {
	if s.exclusions == 0 {
		s.exemption = e
	}
}

// IsInclude reports whether the status has no exclusion reason.
func (s InclusionStatus) IsInclude() bool { return s.exclusions == 0 }

// HasExclusion reports whether r is one of the exclusion reasons.
func (s InclusionStatus) HasExclusion(r ExclusionReason) bool {
	return r < numExclusionReasons && s.exclusions&(1<<r) != 0
}

// HasWarning reports whether w is one of the warnings.
func (s InclusionStatus) HasWarning(w WarningReason) bool {
	return w < numWarningReasons && s.warnings&(1<<w) != 0
}

// addExclusion adds r to the exclusion reasons. As in Chromium, an
// exclusion that the SameSite warnings do not explain clears them, since
// they would only be noise: any exclusion but unspecified-treated-as-Lax and
// None-insecure clears the SameSite warnings, and any but the Strict, Lax and
// unspecified-treated-as-Lax exclusions clears the downgrade warnings.
func (s *InclusionStatus) addExclusion(r ExclusionReason) {
	if r >= numExclusionReasons {
		r = ExcludeUnknownError
	}
	s.exclusions |= 1 << r
	s.exemption = ExemptNone
	s.clearSameSiteWarningsIfExcluded()
}

// removeExclusion removes r from the exclusion reasons.
func (s *InclusionStatus) removeExclusion(r ExclusionReason) {
	if r < numExclusionReasons {
		s.exclusions &^= 1 << r
	}
}

// addWarning adds w to the warnings.
func (s *InclusionStatus) addWarning(w WarningReason) {
	if w < numWarningReasons {
		s.warnings |= 1 << w
		s.clearSameSiteWarningsIfExcluded()
	}
}

// addWarningsOf adds every warning of o.
func (s *InclusionStatus) addWarningsOf(o InclusionStatus) {
	s.warnings |= o.warnings
	s.clearSameSiteWarningsIfExcluded()
}

func (s *InclusionStatus) clearSameSiteWarningsIfExcluded() {
	const keepSameSite = 1<<ExcludeSameSiteUnspecifiedTreatedAsLax | 1<<ExcludeSameSiteNoneInsecure
	const keepDowngrade = 1<<ExcludeSameSiteStrict | 1<<ExcludeSameSiteLax | 1<<ExcludeSameSiteUnspecifiedTreatedAsLax
	if s.exclusions&^keepSameSite != 0 {
		s.warnings &^= sameSiteWarnings
	}
	if s.exclusions&^keepDowngrade != 0 {
		s.warnings &^= downgradeWarnings
	}
}

// Exclusions returns the exclusion reasons in ascending order.
func (s InclusionStatus) Exclusions() []ExclusionReason {
	var out []ExclusionReason
	for r := ExclusionReason(0); r < numExclusionReasons; r++ {
		if s.HasExclusion(r) {
			out = append(out, r)
		}
	}
	return out
}

// Warnings returns the warnings in ascending order.
func (s InclusionStatus) Warnings() []WarningReason {
	var out []WarningReason
	for w := WarningReason(0); w < numWarningReasons; w++ {
		if s.HasWarning(w) {
			out = append(out, w)
		}
	}
	return out
}

// String lists the reasons, for example
// "Include" or "ExcludeSecureOnly, ExcludeNotOnPath; WarnShadowingDomain".
func (s InclusionStatus) String() string {
	var b strings.Builder
	if s.IsInclude() {
		b.WriteString("Include")
	} else {
		for i, r := range s.Exclusions() {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(r.String())
		}
	}
	for i, w := range s.Warnings() {
		if i == 0 {
			b.WriteString("; ")
		} else {
			b.WriteString(", ")
		}
		b.WriteString(w.String())
	}
	if s.exemption != ExemptNone {
		b.WriteString(" (")
		b.WriteString(s.exemption.String())
		b.WriteString(")")
	}
	return b.String()
}

// Err returns nil when the status includes the cookie, and otherwise a
// *StatusError that matches each of its exclusion reasons with errors.Is.
func (s InclusionStatus) Err() error {
	if s.IsInclude() {
		return nil
	}
	return &StatusError{Status: s}
}

// StatusError is the error view of an excluding [InclusionStatus].
type StatusError struct {
	Status InclusionStatus
}

// Error lists the exclusion reasons by name, then explains them in plain
// language (see [InclusionStatus.Explain]).
func (e *StatusError) Error() string {
	return "cookiemonster: cookie excluded: " + e.Status.String() + " (" + e.Status.Explain() + ")"
}

// Is reports whether target is one of the status's exclusion reasons.
func (e *StatusError) Is(target error) bool {
	r, ok := target.(ExclusionReason)
	return ok && e.Status.HasExclusion(r)
}

// AccessResult is the outcome of one attempt to set or read a cookie.
type AccessResult struct {
	// Status holds the exclusion reasons and warnings.
	Status InclusionStatus
	// EffectiveSameSite is the SameSite mode that was applied.
	EffectiveSameSite EffectiveSameSite
	// AccessSemantics is the semantics the access was judged under.
	AccessSemantics AccessSemantics
	// AllowedToAccessSecureCookies reports whether the accessing URL may
	// read and write Secure cookies (https/wss, localhost or loopback).
	AllowedToAccessSecureCookies bool
}
