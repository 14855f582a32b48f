package cookiemonster

import (
	"net/url"
	"time"
)

// Policy decides which cookie accesses the user's settings allow, as
// Chromium's CookieSettings does through the network service's delegate
// (third-party blocking, per-site content settings, Storage Access), and
// which access semantics a cookie's domain has, as its CookieAccessDelegate
// does. Set it in [Config.Policy]; nil allows everything at no cost.
//
// The Monster consults it for every cookie it judges: each candidate of a
// read (so that Cookies' excluded list carries the policy's reasons too)
// and each cookie set. A blocked cookie is excluded with
// [ExcludeUserPreferences]. A Policy must be safe for concurrent use, must
// not call the Monster, and should be fast: it runs with the Monster's
// lock held.
type Policy interface {
	// Decide returns the verdict on the access a describes.
	Decide(a PolicyAccess) PolicyVerdict
	// Semantics returns the access semantics of the cookie c, for accesses
	// that do not choose them (Options.AccessSemantics is
	// SemanticsUnknown); SemanticsUnknown: today's rules.
	Semantics(c *CanonicalCookie) AccessSemantics
}

// PolicyAccess is one access a [Policy] decides on: a cookie read for, or
// set from, a URL, in a context.
type PolicyAccess struct {
	// URL is the URL of the request or of the frame.
	URL *url.URL
	// TopFrame is the URL of the top-level frame; nil: URL is itself a
	// top-level access.
	TopFrame *url.URL
	// ThirdParty reports that the access comes from a context whose site
	// for cookies is not first-party to URL (a cross-site subresource or
	// frame), see [Options.ThirdParty].
	ThirdParty bool
	// StorageAccess reports that the access has Storage Access (see
	// [Options.StorageAccess]).
	StorageAccess bool
	// TopLevelCORS reports a CORS request of the top-level document (see
	// [Options.TopLevelCORS]).
	TopLevelCORS bool
	// Set reports a set; false: a read.
	Set bool
	// Cookie is the cookie read or set. The Policy must not change it.
	Cookie *CanonicalCookie
}

// PolicyVerdict is a [Policy]'s decision. The zero value allows the access.
type PolicyVerdict struct {
	// Block refuses the access: the cookie is excluded with
	// [ExcludeUserPreferences], as Chromium excludes the cookies the
	// user's settings block.
	Block bool
	// ThirdPartyPhaseout marks a third-party access judged under the
	// phaseout of third-party cookies: with Block, the cookie is excluded
	// with [ExcludeThirdPartyPhaseout] too; without, an exemption allowed
	// it and it carries [WarnThirdPartyPhaseout].
	ThirdPartyPhaseout bool
	// Exemption, for an allowed access, is why third-party cookie blocking
	// did not block it; see [InclusionStatus.Exemption].
	Exemption ExemptionReason
}

// idlePolicy is implemented by a Policy that can tell, before an access,
// that it would allow every cookie with today's semantics, so that the
// Monster does not consult it per cookie ([CookieSettings] at its zero
// value, for instance).
type idlePolicy interface {
	Policy
	idle() bool
}

// readDecider is implemented by a Policy whose verdict on a cookie of a
// read depends on the cookie only through whether it is partitioned
// ([CookieSettings]): the Monster asks it once per read instead of once per
// cookie.
type readDecider interface {
	decideRead(a PolicyAccess) (unpartitioned, partitioned PolicyVerdict)
}

// sessionOnlyDecider is a Policy that says which cookies are deleted from
// the persistent store at close ([CookieSettings.DeleteOnExit]).
type sessionOnlyDecider interface {
	DeleteOnExit(domain string, secure bool) bool
}

// policyActive reports whether the Monster must consult its policy for the
// next access.
func (m *Monster) policyActive() bool {
	return m.policy != nil && (m.idler == nil || !m.idler.idle())
}

// policyAccess builds the PolicyAccess of a read (set false) or set of c
// from u in the access o.
func policyAccess(u *url.URL, o *Options, c *CanonicalCookie, set bool) PolicyAccess {
	return PolicyAccess{URL: u, TopFrame: o.TopFrame, ThirdParty: o.ThirdParty, StorageAccess: o.StorageAccess,
		TopLevelCORS: o.TopLevelCORS, Set: set, Cookie: c}
}

// copyCookie returns a copy of c on the heap.
func copyCookie(c *CanonicalCookie) *CanonicalCookie {
	cp := *c
	return &cp
}

// withPolicySemantics returns o with the policy's access semantics for c
// when o does not choose them.
func (m *Monster) withPolicySemantics(o *Options, c *CanonicalCookie) *Options {
	if o.AccessSemantics != SemanticsUnknown {
		return o
	}
	sem := m.policy.Semantics(c)
	if sem == SemanticsUnknown {
		return o
	}
	oc := *o
	oc.AccessSemantics = sem
	return &oc
}

// applyPolicy adds the policy's verdict on the access to res.
func (m *Monster) applyPolicy(res *AccessResult, a PolicyAccess) {
	applyVerdict(res, m.policy.Decide(a))
}

// applyVerdict adds the verdict v to res.
func applyVerdict(res *AccessResult, v PolicyVerdict) {
	switch {
	case v.Block:
		res.Status.addExclusion(ExcludeUserPreferences)
		if v.ThirdPartyPhaseout {
			res.Status.addExclusion(ExcludeThirdPartyPhaseout)
		}
		return
	case v.ThirdPartyPhaseout:
		res.Status.addWarning(WarnThirdPartyPhaseout)
	}
	if v.Exemption != ExemptNone {
		res.Status.setExemption(v.Exemption)
	}
}

// readVerdicts holds the verdicts of a readDecider for one read, asked on
// first use.
type readVerdicts struct {
	asked bool
	v     [2]PolicyVerdict // unpartitioned, partitioned
}

// includeWithPolicy decides c for a read of u (r) in the access o, the
// policy consulted (once per read, through rv, when it is a readDecider).
// It is a function of its own, not inlined, so that the read loop of a
// Monster without a policy stays as small as it was.
//
//go:noinline
func (m *Monster) includeWithPolicy(c *CanonicalCookie, u *url.URL, r *requestURL, o *Options, now time.Time, rv *readVerdicts) AccessResult {
	res := c.includeFor(r, m.withPolicySemantics(o, c), now)
	rd, ok := m.policy.(readDecider)
	if !ok {
		m.applyPolicy(&res, policyAccess(u, o, c, false))
		return res
	}
	if !rv.asked {
		rv.v[0], rv.v[1] = rd.decideRead(policyAccess(u, o, nil, false))
		rv.asked = true
	}
	if c.IsPartitioned() {
		applyVerdict(&res, rv.v[1])
	} else {
		applyVerdict(&res, rv.v[0])
	}
	return res
}
