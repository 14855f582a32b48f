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
)

// OnlyNonced reports whether the collection sees no unpartitioned cookies.
func (c PartitionKeyCollection) OnlyNonced() bool { return c.onlyNonced() }
