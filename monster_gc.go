package cookiemonster

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"
)

// Limits bounds a [Monster]. A zero field takes Chromium's value.
type Limits struct {
	// MaxCookiesPerKey and PurgeCookiesPerKeyTo: when an eTLD+1 holds
	// more than MaxCookiesPerKey (180) unpartitioned cookies, eviction
	// brings it down to PurgeCookiesPerKeyTo (150).
	MaxCookiesPerKey, PurgeCookiesPerKeyTo int
	// QuotaLow, QuotaMedium and QuotaHigh are how many cookies of each
	// priority per-key eviction spares (30, 50, 70 for 180/150; zero ones
	// scaled from PurgeCookiesPerKeyTo, QuotaHigh taking the rest); their
	// sum may not exceed PurgeCookiesPerKeyTo.
	QuotaLow, QuotaMedium, QuotaHigh int
	// MaxCookies and PurgeCookiesTo: above MaxCookies (3300) unpartitioned
	// cookies in all, eviction brings the count towards PurgeCookiesTo
	// (3000), taking only cookies unused for SafeFromGlobalPurge (30 days).
	MaxCookies, PurgeCookiesTo int
	SafeFromGlobalPurge        time.Duration
	// MaxPartitionCookiesPerKey (180) and MaxPartitionBytesPerKey (10240
	// bytes of names and values) bound each partition's cookies of one
	// eTLD+1.
	MaxPartitionCookiesPerKey, MaxPartitionBytesPerKey int
	// MaxTotalCookies and MaxTotalBytes are a hard cap on the whole store,
	// partitioned cookies included, for stores that face untrusted crawls:
	// Chromium's global purge spares cookies used in the last
	// SafeFromGlobalPurge, so a client made to visit millions of sites keeps
	// a cookie of each. When a set takes the store above either cap, the
	// expired cookies go, then the least recently accessed (then oldest)
	// cookies, whatever their age, secure or not, partitioned or not,
	// until the store is at PurgeTotalTo of each cap (cause Evicted). The
	// size of a cookie is the length of its name, value, domain, path,
	// first-party domain and partition site. Zero (the default): no cap,
	// as in Chromium.
	MaxTotalCookies int
	MaxTotalBytes   int64
}

// purgeTotalNum / purgeTotalDen is the fraction of MaxTotalCookies and
// MaxTotalBytes the cap's eviction brings the store down to, as Chromium's
// global purge goes from 3300 to 3000.
const purgeTotalNum, purgeTotalDen = 10, 11

// ErrBadLimits is returned by New for inconsistent limits.
var ErrBadLimits = errors.New("cookiemonster: inconsistent limits")

func (l Limits) withDefaults() Limits {
	if l.MaxCookiesPerKey == 0 {
		l.MaxCookiesPerKey = 180
	}
	if l.PurgeCookiesPerKeyTo == 0 {
		l.PurgeCookiesPerKeyTo = l.MaxCookiesPerKey * 150 / 180
	}
	// Chromium's quotas (30, 50, 70) share its purge target (150).
	if l.QuotaLow == 0 {
		l.QuotaLow = l.PurgeCookiesPerKeyTo * 30 / 150
	}
	if l.QuotaMedium == 0 {
		l.QuotaMedium = l.PurgeCookiesPerKeyTo * 50 / 150
	}
	if l.QuotaHigh == 0 {
		l.QuotaHigh = l.PurgeCookiesPerKeyTo - l.QuotaLow - l.QuotaMedium
	}
	if l.MaxCookies == 0 {
		l.MaxCookies = 3300
	}
	if l.PurgeCookiesTo == 0 {
		l.PurgeCookiesTo = l.MaxCookies * 3000 / 3300
	}
	if l.SafeFromGlobalPurge == 0 {
		l.SafeFromGlobalPurge = 30 * 24 * time.Hour
	}
	if l.MaxPartitionCookiesPerKey == 0 {
		l.MaxPartitionCookiesPerKey = 180
	}
	if l.MaxPartitionBytesPerKey == 0 {
		l.MaxPartitionBytesPerKey = 10240
	}
	return l
}

func (l Limits) validate() error {
	type field struct {
		name string
		v    int64
		min  int64
	}
	for _, f := range [...]field{
		{"MaxCookiesPerKey", int64(l.MaxCookiesPerKey), 1},
		{"PurgeCookiesPerKeyTo", int64(l.PurgeCookiesPerKeyTo), 0},
		{"QuotaLow", int64(l.QuotaLow), 0},
		{"QuotaMedium", int64(l.QuotaMedium), 0},
		{"QuotaHigh", int64(l.QuotaHigh), 0},
		{"MaxCookies", int64(l.MaxCookies), 1},
		{"PurgeCookiesTo", int64(l.PurgeCookiesTo), 0},
		{"MaxPartitionCookiesPerKey", int64(l.MaxPartitionCookiesPerKey), 1},
		{"MaxPartitionBytesPerKey", int64(l.MaxPartitionBytesPerKey), 1},
		{"MaxTotalCookies", int64(l.MaxTotalCookies), 0},
		{"MaxTotalBytes", l.MaxTotalBytes, 0},
	} {
		if f.v < f.min {
			what := "negative"
			if f.min > 0 {
				what = "below " + strconv.FormatInt(f.min, 10)
			}
			return fmt.Errorf("%w: Limits.%s is %d, %s", ErrBadLimits, f.name, f.v, what)
		}
	}
	if l.SafeFromGlobalPurge < 0 {
		return fmt.Errorf("%w: Limits.SafeFromGlobalPurge is %v, negative", ErrBadLimits, l.SafeFromGlobalPurge)
	}
	if l.PurgeCookiesPerKeyTo > l.MaxCookiesPerKey {
		return fmt.Errorf("%w: Limits.PurgeCookiesPerKeyTo (%d) is greater than Limits.MaxCookiesPerKey (%d)",
			ErrBadLimits, l.PurgeCookiesPerKeyTo, l.MaxCookiesPerKey)
	}
	if sum := l.QuotaLow + l.QuotaMedium + l.QuotaHigh; sum > l.PurgeCookiesPerKeyTo {
		// Eviction spares the quotas: above the purge target, it could
		// never bring a site down to it.
		return fmt.Errorf("%w: Limits.QuotaLow + QuotaMedium + QuotaHigh (%d + %d + %d) is greater than Limits.PurgeCookiesPerKeyTo (%d)",
			ErrBadLimits, l.QuotaLow, l.QuotaMedium, l.QuotaHigh, l.PurgeCookiesPerKeyTo)
	}
	if l.PurgeCookiesTo > l.MaxCookies {
		return fmt.Errorf("%w: Limits.PurgeCookiesTo (%d) is greater than Limits.MaxCookies (%d)",
			ErrBadLimits, l.PurgeCookiesTo, l.MaxCookies)
	}
	return nil
}

// lraCompare orders cookies least recently accessed first, then oldest.
func lraCompare(a, b *CanonicalCookie) int {
	if c := a.LastAccess.Compare(b.LastAccess); c != 0 {
		return c
	}
	return a.Creation.Compare(b.Creation)
}

// keyedCookie is a stored cookie with its storage key.
type keyedCookie struct {
	key string
	c   *CanonicalCookie
}

// keyedLRACompare is lraCompare on keyedCookies.
func keyedLRACompare(a, b keyedCookie) int { return lraCompare(a.c, b.c) }

// removeAllExpiredLocked deletes every expired unpartitioned cookie, and
// with parted every expired partitioned one (cause Expired), and returns
// the others.
func (m *Monster) removeAllExpiredLocked(now time.Time, parted bool) []keyedCookie {
	n := m.numCookies
	if parted {
		n += m.numParted
	}
	live := make([]keyedCookie, 0, n)
	var expired []keyedCookie
	add := func(key string, list []*CanonicalCookie) {
		for _, c := range list {
			if c.IsExpired(now) {
				expired = append(expired, keyedCookie{key, c})
			} else {
				live = append(live, keyedCookie{key, c})
			}
		}
	}
	for key, list := range m.cookies {
		add(key, list)
	}
	if parted {
		for _, pm := range m.partitioned {
			for key, list := range pm {
				add(key, list)
			}
		}
	}
	for _, e := range expired {
		m.removeLocked(e.key, e.c, CauseExpired, true, true)
	}
	return live
}

// removeExpiredLocked deletes the expired cookies of list (cause Expired)
// and returns the survivors in a new slice. list may be the store's own
// slice, which removals shift, so it walks a copy.
func (m *Monster) removeExpiredLocked(key string, list []*CanonicalCookie, now time.Time) []*CanonicalCookie {
	live := make([]*CanonicalCookie, 0, len(list))
	for _, c := range slices.Clone(list) {
		if c.IsExpired(now) {
			m.removeLocked(key, c, CauseExpired, true, true)
		} else {
			live = append(live, c)
		}
	}
	return live
}

// gcLocked evicts unpartitioned cookies after a set on key: per key above
// MaxCookiesPerKey, then globally above MaxCookies.
func (m *Monster) gcLocked(key string, now time.Time) {
	l := m.limits
	if len(m.cookies[key]) > l.MaxCookiesPerKey {
		live := m.removeExpiredLocked(key, m.cookies[key], now)
		if len(live) > l.MaxCookiesPerKey {
			m.purgeKeyLocked(key, live, len(live)-l.PurgeCookiesPerKeyTo)
		}
	}
	if m.numCookies > l.MaxCookies && (m.earliestAccess.IsZero() || m.earliestAccess.Before(now.Add(-l.SafeFromGlobalPurge))) {
		m.purgeGlobalLocked(now)
	}
}

// purgeKeyLocked evicts goal cookies of key in six rounds, protecting
// each priority's quota and, in the first rounds, secure cookies.
func (m *Monster) purgeKeyLocked(key string, live []*CanonicalCookie, goal int) {
	slices.SortStableFunc(live, lraCompare)
	quota := map[Priority]int{PriorityLow: m.limits.QuotaLow, PriorityMedium: m.limits.QuotaMedium, PriorityHigh: m.limits.QuotaHigh}
	rounds := []struct {
		p       Priority
		protect bool
	}{
		{PriorityLow, true}, {PriorityLow, false}, {PriorityMedium, true},
		{PriorityHigh, true}, {PriorityMedium, false}, {PriorityHigh, false},
	}
	removed := make(map[*CanonicalCookie]bool)
	for _, r := range rounds {
		if goal <= 0 {
			break
		}
		count, secure := 0, 0
		for _, c := range live {
			if !removed[c] && c.Priority == r.p {
				count++
				if c.Secure {
					secure++
				}
			}
		}
		q := quota[r.p]
		if count <= q {
			continue
		}
		budget := count - q
		if r.protect {
			budget = count - max(secure, q)
		}
		for _, c := range live {
			if goal <= 0 || budget <= 0 {
				break
			}
			if removed[c] || c.Priority != r.p || (r.protect && c.Secure) {
				continue
			}
			removed[c] = true
			m.removeLocked(key, c, CauseEvicted, true, true)
			goal--
			budget--
		}
	}
}

// purgeGlobalLocked deletes every expired cookie and, if still above
// MaxCookies, the least recently used cookies unused for
// SafeFromGlobalPurge, non-secure first.
func (m *Monster) purgeGlobalLocked(now time.Time) {
	live := m.removeAllExpiredLocked(now, false)
	if m.numCookies > m.limits.MaxCookies {
		goal := m.numCookies - m.limits.PurgeCookiesTo
		cutoff := now.Add(-m.limits.SafeFromGlobalPurge)
		slices.SortStableFunc(live, keyedLRACompare)
		for _, secure := range []bool{false, true} {
			for i, e := range live {
				if goal <= 0 {
					break
				}
				if e.c == nil || e.c.Secure != secure {
					continue
				}
				if !e.c.LastAccess.Before(cutoff) {
					break // sorted: every later cookie is as recent
				}
				m.removeLocked(e.key, e.c, CauseEvicted, true, true)
				live[i].c = nil
				goal--
			}
		}
	}
	m.resetEarliestAccessLocked(now)
}

// resetEarliestAccessLocked sets earliestAccess to the last access of the
// least recently accessed unpartitioned cookie; to now without one.
func (m *Monster) resetEarliestAccessLocked(now time.Time) {
	m.earliestAccess = time.Time{}
	for _, list := range m.cookies {
		for _, c := range list {
			if m.earliestAccess.IsZero() || c.LastAccess.Before(m.earliestAccess) {
				m.earliestAccess = c.LastAccess
			}
		}
	}
	if m.earliestAccess.IsZero() {
		m.earliestAccess = now
	}
}

// gcPartitionLocked evicts cookies of partition p under key when they
// exceed MaxPartitionCookiesPerKey or MaxPartitionBytesPerKey: expired ones
// first, then least recently used.
func (m *Monster) gcPartitionLocked(key string, p PartitionKey, now time.Time) {
	list := m.partitioned[p][key]
	bytes := 0
	for _, c := range list {
		bytes += len(c.Name) + len(c.Value)
	}
	l := m.limits
	if len(list) <= l.MaxPartitionCookiesPerKey && bytes <= l.MaxPartitionBytesPerKey {
		return
	}
	live := m.removeExpiredLocked(key, list, now)
	bytes = 0
	for _, c := range live {
		bytes += len(c.Name) + len(c.Value)
	}
	slices.SortStableFunc(live, lraCompare)
	n := len(live)
	for _, c := range live {
		if n <= l.MaxPartitionCookiesPerKey && bytes <= l.MaxPartitionBytesPerKey {
			break
		}
		m.removeLocked(key, c, CauseEvicted, true, true)
		n--
		bytes -= len(c.Name) + len(c.Value)
	}
}
