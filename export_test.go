package cookiemonster

import "time"

// FakeClock gives the external tests the package tests' clock.
type FakeClock = fakeClock

// NewFakeClock returns a FakeClock at t.
func NewFakeClock(t time.Time) *FakeClock { return newFakeClock(t) }
