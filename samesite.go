package cookiemonster

import (
	"strconv"
	"time"
)

// EffectiveSameSite is the [SameSite] mode a cookie is judged under.
type EffectiveSameSite int8

// Effective SameSite modes. The zero value is EffectiveUndefined: an
// AccessResult that was not judged (an invalid URL, a deletion event) names
// no mode.
const (
	// EffectiveUndefined: not computed.
	EffectiveUndefined EffectiveSameSite = iota
	// EffectiveNoRestriction: sent in every context.
	EffectiveNoRestriction
	// EffectiveLaxMode: sent in Lax and Strict contexts.
	EffectiveLaxMode
	// EffectiveStrictMode: sent in Strict contexts only.
	EffectiveStrictMode
	// EffectiveLaxModeAllowUnsafe: a cookie without [SameSite] created at
	// most two minutes ago; also sent on unsafe top-level requests.
	EffectiveLaxModeAllowUnsafe
)

// String returns the mode's name, such as "LaxMode", or
// "EffectiveSameSite(n)" for a value outside the defined ones.
func (e EffectiveSameSite) String() string {
	switch e {
	case EffectiveUndefined:
		return "Undefined"
	case EffectiveNoRestriction:
		return "NoRestriction"
	case EffectiveLaxMode:
		return "LaxMode"
	case EffectiveStrictMode:
		return "StrictMode"
	case EffectiveLaxModeAllowUnsafe:
		return "LaxModeAllowUnsafe"
	}
	return "EffectiveSameSite(" + strconv.Itoa(int(e)) + ")"
}

// LaxAllowUnsafeMaxAge is how long a cookie without a [SameSite] attribute is
// also sent on cross-site top-level requests with unsafe methods.
const LaxAllowUnsafeMaxAge = 2 * time.Minute

// effectiveSameSiteFor returns the SameSite mode a cookie with attribute ss,
// created at creation, is judged under at now. A cookie without the
// attribute is Lax, and for its first two minutes Lax-allow-unsafe; under
// legacy semantics it is unrestricted.
func effectiveSameSiteFor(ss SameSite, creation, now time.Time, sem AccessSemantics) EffectiveSameSite {
	switch ss {
	case SameSiteNone:
		return EffectiveNoRestriction
	case SameSiteLax:
		return EffectiveLaxMode
	case SameSiteStrict:
		return EffectiveStrictMode
	}
	if sem == SemanticsLegacy {
		return EffectiveNoRestriction
	}
	if ageAtMost(now, creation, LaxAllowUnsafeMaxAge) {
		return EffectiveLaxModeAllowUnsafe
	}
	return EffectiveLaxMode
}

// ageAtMost reports whether now.Sub(t) <= d for d >= 0, without the
// saturating arithmetic of Sub, which reads spend most of their time on.
func ageAtMost(now, t time.Time, d time.Duration) bool {
	s := now.Unix() - t.Unix()
	switch {
	case s < 0:
		return true // t is after now
	case s > int64(d/time.Second)+1:
		return false
	}
	return time.Duration(s)*time.Second+time.Duration(now.Nanosecond()-t.Nanosecond()) <= d
}

// EffectiveSameSite returns the [SameSite] mode the cookie is judged under at
// now.
func (c *CanonicalCookie) EffectiveSameSite(now time.Time, sem AccessSemantics) EffectiveSameSite {
	return effectiveSameSiteFor(c.SameSite, c.Creation, now, sem)
}

// sameSiteExclusion returns the exclusion a cookie in mode eff gets in
// context ctx, for a read or a set, and whether it is excluded.
func (c *CanonicalCookie) sameSiteExclusion(eff EffectiveSameSite, ctx ContextType, set bool) (ExclusionReason, bool) {
	laxReason := ExcludeSameSiteLax
	if c.SameSite == SameSiteUnspecified {
		laxReason = ExcludeSameSiteUnspecifiedTreatedAsLax
	}
	switch eff {
	case EffectiveStrictMode:
		if set {
			return ExcludeSameSiteStrict, ctx < ContextLax
		}
		return ExcludeSameSiteStrict, ctx < ContextStrict
	case EffectiveLaxMode:
		return laxReason, ctx < ContextLax
	case EffectiveLaxModeAllowUnsafe:
		if set {
			return laxReason, ctx < ContextLax
		}
		return laxReason, ctx < ContextLaxMethodUnsafe
	}
	return 0, false
}

// applySameSite adds the SameSite exclusions and warnings. The warnings are
// Chromium's ApplySameSiteCookieWarningToStatus: they are judged on the
// schemeful context whatever the access semantics, and for reads and sets
// alike except where downgradeWarning says otherwise.
func (c *CanonicalCookie) applySameSite(st *InclusionStatus, eff EffectiveSameSite, o *Options, set bool) {
	ctx := o.SameSite.forInclusion(o.AccessSemantics)
	if r, excluded := c.sameSiteExclusion(eff, ctx, set); excluded {
		st.addExclusion(r)
	}
	if c.SameSite == SameSiteNone && !c.Secure && o.AccessSemantics != SemanticsLegacy {
		st.addExclusion(ExcludeSameSiteNoneInsecure)
	}
	warnCtx := o.SameSite.Schemeful
	switch {
	case eff == EffectiveLaxModeAllowUnsafe && warnCtx == ContextLaxMethodUnsafe:
		// More specific than, so replaces, the cross-site-context warning.
		st.addWarning(WarnSameSiteUnspecifiedLaxAllowUnsafe)
	case c.SameSite == SameSiteUnspecified && warnCtx < ContextLax:
		st.addWarning(WarnSameSiteUnspecifiedCrossSiteContext)
	}
	if c.SameSite == SameSiteNone && !c.Secure {
		st.addWarning(WarnSameSiteNoneInsecure)
	}
	if w, ok := downgradeWarning(o.SameSite, eff, set); ok {
		st.addWarning(w)
	}
	if redirectChangesInclusion(o.SameSite.SchemefulRedirectDowngrade, eff, set) {
		st.addWarning(WarnCrossSiteRedirectDowngradeChangesInclusion)
	}
}

// redirectChangesInclusion reports whether the redirect downgrade d of the
// context would change whether a cookie judged in mode eff is included, as
// Chromium decides it without looking at the actual decision: a Strict
// cookie is read only in a strict context, so Strict→Lax and Strict→Cross
// change it, and it is set in a Lax one, so Lax→Cross does; a Lax cookie is
// read in a Lax context and set in one, so Strict→Cross and Lax→Cross
// change it.
func redirectChangesInclusion(d RedirectDowngrade, eff EffectiveSameSite, set bool) bool {
	switch eff {
	case EffectiveStrictMode:
		if set {
			return d == RedirectDowngradeLaxToCross
		}
		return d == RedirectDowngradeStrictToLax || d == RedirectDowngradeStrictToCross
	case EffectiveLaxMode, EffectiveLaxModeAllowUnsafe:
		if set {
			return d == RedirectDowngradeLaxToCross
		}
		return d == RedirectDowngradeStrictToCross
	}
	return false
}

// downgradeWarning names the warning for a cookie that the schemeless
// context would treat better than the schemeful one, as Chromium decides it:
// Strict→Lax only for a Strict cookie being read; Strict→Cross (or
// Strict→LaxMethodUnsafe) for Strict and Lax cookies; Lax→Cross for Lax
// cookies, and for Strict cookies only when being set.
func downgradeWarning(c SameSiteContext, eff EffectiveSameSite, set bool) (WarningReason, bool) {
	strict := eff == EffectiveStrictMode
	lax := eff == EffectiveLaxMode || eff == EffectiveLaxModeAllowUnsafe
	switch {
	case c.Context == ContextStrict && c.Schemeful == ContextLax:
		return WarnStrictLaxDowngradeStrictSameSite, strict && !set
	case c.Context == ContextStrict && c.Schemeful <= ContextLaxMethodUnsafe:
		if strict {
			return WarnStrictCrossDowngradeStrictSameSite, true
		}
		return WarnStrictCrossDowngradeLaxSameSite, lax
	case c.Context == ContextLax && c.Schemeful == ContextCrossSite:
		if strict {
			return WarnLaxCrossDowngradeStrictSameSite, set
		}
		return WarnLaxCrossDowngradeLaxSameSite, lax
	}
	return 0, false
}
