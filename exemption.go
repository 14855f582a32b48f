package cookiemonster

import "strconv"

// ExemptionReason says why a cookie that third-party cookie blocking would
// have excluded was included anyway, as Chromium's
// CookieInclusionStatus::ExemptionReason does. Only an included cookie
// carries one ([InclusionStatus.Exemption]).
type ExemptionReason int8

// Exemption reasons, in Chromium's order.
const (
	// ExemptNone: no exemption applied.
	ExemptNone ExemptionReason = iota
	// ExemptUserSetting: a site setting allows the cookie (an Allow
	// exception for the site or for the top-level site).
	ExemptUserSetting
	// ExemptEnterprisePolicy: a policy setting allows the cookie.
	ExemptEnterprisePolicy
	// ExemptStorageAccess: the frame has Storage Access for the
	// embedded site under the top-level site.
	ExemptStorageAccess
	// ExemptTopLevelStorageAccess: the top-level site was granted
	// Storage Access for the requested site.
	ExemptTopLevelStorageAccess
	// ExemptScheme: the top-level URL's scheme is exempt (such as an
	// extension's pages in a browser).
	ExemptScheme

	numExemptionReasons
)

var exemptionNames = [numExemptionReasons]string{
	ExemptNone:                  "ExemptNone",
	ExemptUserSetting:           "ExemptUserSetting",
	ExemptEnterprisePolicy:      "ExemptEnterprisePolicy",
	ExemptStorageAccess:         "ExemptStorageAccess",
	ExemptTopLevelStorageAccess: "ExemptTopLevelStorageAccess",
	ExemptScheme:                "ExemptScheme",
}

// String returns the reason's Go name, such as "ExemptStorageAccess".
func (e ExemptionReason) String() string {
	if e >= 0 && e < numExemptionReasons {
		return exemptionNames[e]
	}
	return "ExemptionReason(" + strconv.Itoa(int(e)) + ")"
}

// GoString returns the reason's Go name, for %#v.
func (e ExemptionReason) GoString() string { return e.String() }
