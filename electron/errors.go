package electron

import (
	"errors"
	"strings"

	"github.com/cookiemonster-go/cookiemonster"
)

// Errors that [SetError] wraps for the rejections of Details made before
// any cookie is built, so that errors.Is tells them apart. A refused cookie
// wraps its [cookiemonster.ExclusionReason] values instead.
var (
	// ErrMissingURL: Details.URL is empty.
	ErrMissingURL = errors.New("electron: missing url")
	// ErrInvalidSameSite: Details.SameSite is not one of Electron's values.
	ErrInvalidSameSite = errors.New("electron: invalid sameSite")
)

// ErrNilCookies is the error of every call on a nil *Cookies.
var ErrNilCookies = errors.New("electron: nil *Cookies")

// SetError is the error of a [Cookies.Set] that Electron rejects. Its
// Message is the text Electron rejects the promise of cookies.set with;
// Error prefixes it with "electron: ". It matches with errors.Is each of
// its exclusion reasons, and [ErrMissingURL] or [ErrInvalidSameSite] for
// those rejections.
type SetError struct {
	// Message is Electron's message: "Missing required option 'url'",
	// "Failed to convert 'X' to an appropriate cookie same site value",
	// or, for a cookie refused by the store, "Failed to set cookie - "
	// followed by the description of each exclusion reason and by
	// Chromium's CookieInclusionStatus::GetDebugString, as in
	//
	//	Failed to set cookie - The cookie was set with an invalid Domain attribute.EXCLUDE_INVALID_DOMAIN, DO_NOT_WARN, NO_EXEMPTION
	Message string
	// Exclusions are the reasons the cookie was refused, in Chromium's
	// order; none for a rejection of the Details themselves.
	Exclusions []cookiemonster.ExclusionReason
	// Warnings are the warnings of the refusal, in Chromium's order.
	Warnings []cookiemonster.WarningReason

	// kind is ErrMissingURL or ErrInvalidSameSite, or nil.
	kind error
}

// Error returns "electron: " followed by the Message.
func (e *SetError) Error() string {
	if e == nil {
		return "electron: <nil>"
	}
	return "electron: " + e.Message
}

// Unwrap returns [ErrMissingURL] or [ErrInvalidSameSite] for those
// rejections, and every exclusion reason, so that errors.Is(err,
// cookiemonster.ExcludeInvalidDomain) works.
func (e *SetError) Unwrap() []error {
	if e == nil {
		return nil
	}
	var errs []error
	if e.kind != nil {
		errs = append(errs, e.kind)
	}
	for _, r := range e.Exclusions {
		errs = append(errs, r)
	}
	return errs
}

// refusal returns the SetError of a cookie refused for excl with warn, whose
// message is Electron's InclusionStatusToString. Empty lists are nil.
func refusal(excl []cookiemonster.ExclusionReason, warn []cookiemonster.WarningReason) *SetError {
	if len(excl) == 0 {
		excl = nil
	}
	if len(warn) == 0 {
		warn = nil
	}
	var b strings.Builder
	b.WriteString("Failed to set cookie - ")
	for _, r := range excl {
		b.WriteString(exclusionText(r))
	}
	writeDebugString(&b, excl, warn)
	return &SetError{Message: b.String(), Exclusions: excl, Warnings: warn}
}

// writeDebugString writes what Chromium's
// CookieInclusionStatus::GetDebugString returns for a status with the
// exclusions excl, the warnings warn and no exemption: the names of the
// reasons (or INCLUDE), then of the warnings (or DO_NOT_WARN), each followed
// by ", ", then NO_EXEMPTION.
func writeDebugString(b *strings.Builder, excl []cookiemonster.ExclusionReason, warn []cookiemonster.WarningReason) {
	if len(excl) == 0 {
		b.WriteString("INCLUDE, ")
	}
	for _, r := range excl {
		b.WriteString(exclusionName(r))
		b.WriteString(", ")
	}
	if len(warn) == 0 {
		b.WriteString("DO_NOT_WARN, ")
	}
	for _, w := range warn {
		b.WriteString(warningName(w))
		b.WriteString(", ")
	}
	b.WriteString("NO_EXEMPTION")
}

// exclusionTexts are the descriptions of Electron's InclusionStatusToString
// (shell/browser/api/electron_api_cookies.cc), word for word; Electron
// joins them without a separator. The last two, which that table does not
// have, are written in its style.
var exclusionTexts = map[cookiemonster.ExclusionReason]string{
	cookiemonster.ExcludeUnknownError:                    "Unknown error",
	cookiemonster.ExcludeHTTPOnly:                        "The cookie was HttpOnly, but the attempted access was through a non-HTTP API.",
	cookiemonster.ExcludeSecureOnly:                      "The cookie was Secure, but the URL was not allowed to access Secure cookies.",
	cookiemonster.ExcludeDomainMismatch:                  "The cookie's domain attribute did not match the domain of the URL attempting access.",
	cookiemonster.ExcludeNotOnPath:                       "The cookie's path attribute did not match the path of the URL attempting access.",
	cookiemonster.ExcludeSameSiteStrict:                  "The cookie had SameSite=Strict, and the attempted access did not have an appropriate SameSiteCookieContext",
	cookiemonster.ExcludeSameSiteLax:                     "The cookie had SameSite=Lax, and the attempted access did not have an appropriate SameSiteCookieContext",
	cookiemonster.ExcludeSameSiteUnspecifiedTreatedAsLax: "The cookie did not specify a SameSite attribute, and therefore was treated as if it were SameSite=Lax, and the attempted access did not have an appropriate SameSiteCookieContext.",
	cookiemonster.ExcludeSameSiteNoneInsecure:            "The cookie specified SameSite=None, but it was not Secure.",
	cookiemonster.ExcludeUserPreferences:                 "Caller did not allow access to the cookie.",
	cookiemonster.ExcludeFailureToStore:                  "The cookie was malformed and could not be stored",
	cookiemonster.ExcludeNoncookieableScheme:             "Attempted to set a cookie from a scheme that does not support cookies.",
	cookiemonster.ExcludeOverwriteSecure:                 "The cookie would have overwritten a Secure cookie, and was not allowed to do so.",
	cookiemonster.ExcludeOverwriteHTTPOnly:               "The cookie would have overwritten an HttpOnly cookie, and was not allowed to do so.",
	cookiemonster.ExcludeInvalidDomain:                   "The cookie was set with an invalid Domain attribute.",
	cookiemonster.ExcludeInvalidPrefix:                   "The cookie was set with an invalid __Host- or __Secure- prefix.",
	cookiemonster.ExcludeInvalidPartitioned:              "Cookie was set with an invalid Partitioned attribute, which is only valid if the cookie has a __Host- prefix.",
	cookiemonster.ExcludeNameValuePairExceedsMaxSize:     "The cookie exceeded the name/value pair size limit.",
	cookiemonster.ExcludeAttributeValueExceedsMaxSize:    "Cookie exceeded the attribute size limit.",
	cookiemonster.ExcludeDomainNonASCII:                  "The cookie was set with a Domain attribute containing non ASCII characters.",
	cookiemonster.ExcludePortMismatch:                    "The cookie's source_port did not match the port of the request.",
	cookiemonster.ExcludeSchemeMismatch:                  "The cookie's source_scheme did not match the scheme of the request.",
	cookiemonster.ExcludeShadowingDomain:                 "The cookie is a domain cookie and has the same name as an origin cookie on this origin.",
	cookiemonster.ExcludeDisallowedCharacter:             "The cookie contains ASCII control characters",
	cookiemonster.ExcludeNoCookieContent:                 "The cookie contains no content or only whitespace.",
	cookiemonster.ExcludeAnonymousContext:                "The cookie is unpartitioned and being accessed from an anonymous context.",
	cookiemonster.ExcludeInvalidPath:                     "The cookie was set with an invalid Path attribute.",
	cookiemonster.ExcludeAmbiguousSerialization:          "The cookie has an empty name and a value containing '=', which would be read as another cookie.",
	cookiemonster.ExcludeThirdPartyPhaseout:              "The cookie has been blocked by third-party cookie phaseout.",
}

// exclusionNames are the names CookieInclusionStatus::GetDebugString gives
// the reasons.
var exclusionNames = map[cookiemonster.ExclusionReason]string{
	cookiemonster.ExcludeUnknownError:                    "EXCLUDE_UNKNOWN_ERROR",
	cookiemonster.ExcludeHTTPOnly:                        "EXCLUDE_HTTP_ONLY",
	cookiemonster.ExcludeSecureOnly:                      "EXCLUDE_SECURE_ONLY",
	cookiemonster.ExcludeDomainMismatch:                  "EXCLUDE_DOMAIN_MISMATCH",
	cookiemonster.ExcludeNotOnPath:                       "EXCLUDE_NOT_ON_PATH",
	cookiemonster.ExcludeSameSiteStrict:                  "EXCLUDE_SAMESITE_STRICT",
	cookiemonster.ExcludeSameSiteLax:                     "EXCLUDE_SAMESITE_LAX",
	cookiemonster.ExcludeSameSiteUnspecifiedTreatedAsLax: "EXCLUDE_SAMESITE_UNSPECIFIED_TREATED_AS_LAX",
	cookiemonster.ExcludeSameSiteNoneInsecure:            "EXCLUDE_SAMESITE_NONE_INSECURE",
	cookiemonster.ExcludeUserPreferences:                 "EXCLUDE_USER_PREFERENCES",
	cookiemonster.ExcludeFailureToStore:                  "EXCLUDE_FAILURE_TO_STORE",
	cookiemonster.ExcludeNoncookieableScheme:             "EXCLUDE_NONCOOKIEABLE_SCHEME",
	cookiemonster.ExcludeOverwriteSecure:                 "EXCLUDE_OVERWRITE_SECURE",
	cookiemonster.ExcludeOverwriteHTTPOnly:               "EXCLUDE_OVERWRITE_HTTP_ONLY",
	cookiemonster.ExcludeInvalidDomain:                   "EXCLUDE_INVALID_DOMAIN",
	cookiemonster.ExcludeInvalidPrefix:                   "EXCLUDE_INVALID_PREFIX",
	cookiemonster.ExcludeInvalidPartitioned:              "EXCLUDE_INVALID_PARTITIONED",
	cookiemonster.ExcludeNameValuePairExceedsMaxSize:     "EXCLUDE_NAME_VALUE_PAIR_EXCEEDS_MAX_SIZE",
	cookiemonster.ExcludeAttributeValueExceedsMaxSize:    "EXCLUDE_ATTRIBUTE_VALUE_EXCEEDS_MAX_SIZE",
	cookiemonster.ExcludeDomainNonASCII:                  "EXCLUDE_DOMAIN_NON_ASCII",
	cookiemonster.ExcludePortMismatch:                    "EXCLUDE_PORT_MISMATCH",
	cookiemonster.ExcludeSchemeMismatch:                  "EXCLUDE_SCHEME_MISMATCH",
	cookiemonster.ExcludeShadowingDomain:                 "EXCLUDE_SHADOWING_DOMAIN",
	cookiemonster.ExcludeDisallowedCharacter:             "EXCLUDE_DISALLOWED_CHARACTER",
	cookiemonster.ExcludeNoCookieContent:                 "EXCLUDE_NO_COOKIE_CONTENT",
	cookiemonster.ExcludeAnonymousContext:                "EXCLUDE_ANONYMOUS_CONTEXT",
	cookiemonster.ExcludeInvalidPath:                     "EXCLUDE_INVALID_PATH",
	cookiemonster.ExcludeAmbiguousSerialization:          "EXCLUDE_AMBIGUOUS_SERIALIZATION",
	cookiemonster.ExcludeThirdPartyPhaseout:              "EXCLUDE_THIRD_PARTY_PHASEOUT",
}

// warningNames are the names CookieInclusionStatus::GetDebugString gives
// the warnings.
var warningNames = map[cookiemonster.WarningReason]string{
	cookiemonster.WarnSameSiteUnspecifiedCrossSiteContext:        "WARN_SAMESITE_UNSPECIFIED_CROSS_SITE_CONTEXT",
	cookiemonster.WarnSameSiteNoneInsecure:                       "WARN_SAMESITE_NONE_INSECURE",
	cookiemonster.WarnSameSiteUnspecifiedLaxAllowUnsafe:          "WARN_SAMESITE_UNSPECIFIED_LAX_ALLOW_UNSAFE",
	cookiemonster.WarnStrictLaxDowngradeStrictSameSite:           "WARN_STRICT_LAX_DOWNGRADE_STRICT_SAMESITE",
	cookiemonster.WarnStrictCrossDowngradeStrictSameSite:         "WARN_STRICT_CROSS_DOWNGRADE_STRICT_SAMESITE",
	cookiemonster.WarnStrictCrossDowngradeLaxSameSite:            "WARN_STRICT_CROSS_DOWNGRADE_LAX_SAMESITE",
	cookiemonster.WarnLaxCrossDowngradeStrictSameSite:            "WARN_LAX_CROSS_DOWNGRADE_STRICT_SAMESITE",
	cookiemonster.WarnLaxCrossDowngradeLaxSameSite:               "WARN_LAX_CROSS_DOWNGRADE_LAX_SAMESITE",
	cookiemonster.WarnSecureAccessGrantedNonCryptographic:        "WARN_SECURE_ACCESS_GRANTED_NON_CRYPTOGRAPHIC",
	cookiemonster.WarnCrossSiteRedirectDowngradeChangesInclusion: "WARN_CROSS_SITE_REDIRECT_DOWNGRADE_CHANGES_INCLUSION",
	cookiemonster.WarnAttributeValueExceedsMaxSize:               "WARN_ATTRIBUTE_VALUE_EXCEEDS_MAX_SIZE",
	cookiemonster.WarnDomainNonASCII:                             "WARN_DOMAIN_NON_ASCII",
	cookiemonster.WarnPortMismatch:                               "WARN_PORT_MISMATCH",
	cookiemonster.WarnSchemeMismatch:                             "WARN_SCHEME_MISMATCH",
	cookiemonster.WarnTentativelyAllowingSecureSourceScheme:      "WARN_TENTATIVELY_ALLOWING_SECURE_SOURCE_SCHEME",
	cookiemonster.WarnShadowingDomain:                            "WARN_SHADOWING_DOMAIN",
	cookiemonster.WarnThirdPartyPhaseout:                         "WARN_THIRD_PARTY_PHASEOUT",
}

// exclusionText returns Electron's description of r; a reason the table
// lacks is described as an unknown error.
func exclusionText(r cookiemonster.ExclusionReason) string {
	if s, ok := exclusionTexts[r]; ok {
		return s
	}
	return exclusionTexts[cookiemonster.ExcludeUnknownError]
}

// exclusionName returns Chromium's name of r; a reason the table lacks is
// named EXCLUDE_UNKNOWN_ERROR.
func exclusionName(r cookiemonster.ExclusionReason) string {
	if s, ok := exclusionNames[r]; ok {
		return s
	}
	return exclusionNames[cookiemonster.ExcludeUnknownError]
}

// warningName returns Chromium's name of w; a warning the table lacks is
// named after its Go name.
func warningName(w cookiemonster.WarningReason) string {
	if s, ok := warningNames[w]; ok {
		return s
	}
	return w.String()
}
