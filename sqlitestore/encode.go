package sqlitestore

import (
	"fmt"
	"time"

	"github.com/cookiemonster-go/cookiemonster"
)

// windowsEpochMicros is 1601-01-01 00:00:00 UTC (Chromium's time origin)
// in microseconds before the Unix epoch.
const windowsEpochMicros = 11644473600 * 1000 * 1000

// toDB encodes t as microseconds since 1601-01-01 UTC; the zero time is 0.
func toDB(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMicro() + windowsEpochMicros
}

// fromDB decodes a time written by toDB: UTC, microsecond precision; 0 is
// the zero time.
func fromDB(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.UnixMicro(v - windowsEpochMicros).UTC()
}

// b2i encodes a bool as 0 or 1.
func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// priorityToDB encodes a Priority as Chromium's 0 (low), 1 (medium), 2
// (high).
func priorityToDB(p cookiemonster.Priority) int64 {
	switch p {
	case cookiemonster.PriorityLow:
		return 0
	case cookiemonster.PriorityHigh:
		return 2
	}
	return 1
}

// priorityFromDB decodes a priority column; a value Chromium never writes
// is an error.
func priorityFromDB(v int64) (cookiemonster.Priority, error) {
	switch v {
	case 0:
		return cookiemonster.PriorityLow, nil
	case 1:
		return cookiemonster.PriorityMedium, nil
	case 2:
		return cookiemonster.PriorityHigh, nil
	}
	return cookiemonster.PriorityMedium, fmt.Errorf("priority %d: not 0 (low), 1 (medium) or 2 (high)", v)
}

// sameSiteToDB encodes a SameSite as Chromium's -1 (unspecified), 0 (none),
// 1 (lax), 2 (strict).
func sameSiteToDB(s cookiemonster.SameSite) int64 {
	switch s {
	case cookiemonster.SameSiteNone:
		return 0
	case cookiemonster.SameSiteLax:
		return 1
	case cookiemonster.SameSiteStrict:
		return 2
	}
	return -1
}

// sameSiteFromDB decodes a samesite column. 3, the "extended" mode that
// Chromium no longer has, is unspecified, as Chromium reads it; any other
// value Chromium never writes is an error.
func sameSiteFromDB(v int64) (cookiemonster.SameSite, error) {
	switch v {
	case -1, 3:
		return cookiemonster.SameSiteUnspecified, nil
	case 0:
		return cookiemonster.SameSiteNone, nil
	case 1:
		return cookiemonster.SameSiteLax, nil
	case 2:
		return cookiemonster.SameSiteStrict, nil
	}
	return cookiemonster.SameSiteUnspecified, fmt.Errorf("samesite %d: not -1 (unspecified), 0 (none), 1 (lax), 2 (strict) or 3 (extended)", v)
}

// sourceSchemeFromDB decodes a source_scheme column; a value Chromium
// never writes is an error.
func sourceSchemeFromDB(v int64) (cookiemonster.SourceScheme, error) {
	switch v {
	case 0:
		return cookiemonster.SourceSchemeUnset, nil
	case 1:
		return cookiemonster.SourceSchemeNonSecure, nil
	case 2:
		return cookiemonster.SourceSchemeSecure, nil
	}
	return cookiemonster.SourceSchemeUnset, fmt.Errorf("source_scheme %d: not 0 (unset), 1 (non-secure) or 2 (secure)", v)
}

// Source ports in the database, as Chromium writes them.
const (
	dbPortUnspecified = -1
	dbPortInvalid     = -2
)

// portToDB encodes a source port: cookiemonster.PortUnspecified is -1 and
// cookiemonster.PortInvalid -2 whatever the values of those constants; a
// port is itself.
func portToDB(p int) int64 {
	switch p {
	case cookiemonster.PortUnspecified:
		return dbPortUnspecified
	case cookiemonster.PortInvalid:
		return dbPortInvalid
	}
	return int64(p)
}

// portKeysInDB returns the source_port values a row of a cookie with port
// p may hold: -1 and 0 for cookiemonster.PortUnspecified (a row written
// with an explicit port 0 reads as unspecified, so an update or a delete
// must find it too), the encoded port twice otherwise.
func portKeysInDB(p int) (int64, int64) {
	if p == cookiemonster.PortUnspecified {
		return dbPortUnspecified, 0
	}
	v := portToDB(p)
	return v, v
}

// portFromDB decodes a source_port column: -1 is
// cookiemonster.PortUnspecified, 0 to 65535 a port (0, which no server
// listens on, reads as unspecified too), anything else
// cookiemonster.PortInvalid, as Chromium reads an out-of-range port, without
// overflow.
func portFromDB(v int64) int {
	switch {
	case v == dbPortUnspecified:
		return cookiemonster.PortUnspecified
	case v >= 0 && v <= 65535:
		return int(v)
	}
	return cookiemonster.PortInvalid
}
