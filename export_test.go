package cookiemonster

import "time"

// FakeClock gives the external tests the package tests' clock.
type FakeClock = fakeClock

// NewFakeClock returns a FakeClock at t.
func NewFakeClock(t time.Time) *FakeClock { return newFakeClock(t) }

// The comparisons and rules below are unexported; the external tests reach
// them through these names.
var (
	ComparePartitionKeys = comparePartitionKeys
	EffectiveSameSiteFor = effectiveSameSiteFor
	// ServerTimeFromDate is how Transport reads a Date header.
	ServerTimeFromDate = serverTime
)

// OnlyNonced reports whether the collection sees no unpartitioned cookies.
func (c PartitionKeyCollection) OnlyNonced() bool { return c.onlyNonced() }

// Helpers only the tests use.

// hasOnlyExclusion reports whether r is the one and only exclusion reason.
func (s InclusionStatus) hasOnlyExclusion(r ExclusionReason) bool {
	return r < numExclusionReasons && s.exclusions == 1<<r
}

// removeWarning removes w from the warnings.
func (s *InclusionStatus) removeWarning(w WarningReason) {
	if w < numWarningReasons {
		s.warnings &^= 1 << w
	}
}

// isValid reports whether the cookie has a name or a value, and a name and
// value that fit the limits.
func (pc *ParsedCookie) isValid() bool {
	if pc == nil {
		return false
	}
	n := pc.name.end - pc.name.off + pc.value.end - pc.value.off
	return n > 0 && n <= MaxNameValueSize
}

// onlyNonced reports whether the collection lists keys and every one has a
// nonce; such a context sees no unpartitioned cookies.
func (c PartitionKeyCollection) onlyNonced() bool {
	if c.all || len(c.keys) == 0 {
		return false
	}
	for _, k := range c.keys {
		if !k.hasNonce {
			return false
		}
	}
	return true
}
