package cookiemonster

import (
	"slices"
	"time"
)

// cookieSize is what a cookie counts towards Limits.MaxTotalBytes.
func cookieSize(c *CanonicalCookie) int64 {
	return int64(len(c.Name) + len(c.Value) + len(c.Domain) + len(c.Path) + len(c.FirstPartyDomain) +
		len(c.Partition.site.Scheme) + len(c.Partition.site.Domain))
}

// overCapLocked reports whether the store is above Limits.MaxTotalCookies
// or Limits.MaxTotalBytes.
func (m *Monster) overCapLocked() bool {
	l := m.limits
	return (l.MaxTotalCookies > 0 && m.numCookies+m.numParted > l.MaxTotalCookies) ||
		(l.MaxTotalBytes > 0 && m.numBytes > l.MaxTotalBytes)
}

// capLocked enforces Limits.MaxTotalCookies and MaxTotalBytes after a set:
// above either, it evicts the expired cookies, then the least recently
// accessed ones, until the store is at the purge target of both.
func (m *Monster) capLocked(now time.Time) {
	if !m.overCapLocked() {
		return
	}
	l := m.limits
	goalCookies, goalBytes := -1, int64(-1)
	if l.MaxTotalCookies > 0 {
		goalCookies = l.MaxTotalCookies * purgeTotalNum / purgeTotalDen
	}
	if l.MaxTotalBytes > 0 {
		goalBytes = l.MaxTotalBytes * purgeTotalNum / purgeTotalDen
	}
	above := func() bool {
		return (goalCookies >= 0 && m.numCookies+m.numParted > goalCookies) || (goalBytes >= 0 && m.numBytes > goalBytes)
	}
	live := m.removeAllExpiredLocked(now, true)
	slices.SortStableFunc(live, keyedLRACompare)
	for _, e := range live {
		if !above() {
			break
		}
		m.removeLocked(e.key, e.c, CauseEvicted, true, true)
	}
	m.resetEarliestAccessLocked(now)
}
