// Package chromedb encodes and decodes the columns of Chromium's cookies
// table (times since 1601, priorities, SameSite, source scheme and port),
// for sqlitestore, which writes that table, and for the readers of
// browser profiles.
package chromedb

import (
	"fmt"
	"time"

	"github.com/cookiemonster-go/cookiemonster"
)

// WindowsEpochMicros is 1601-01-01 00:00:00 UTC (Chromium's time origin)
// in microseconds before the Unix epoch.
const WindowsEpochMicros = 11644473600 * 1000 * 1000

// TimeToDB encodes t as microseconds since 1601-01-01 UTC; the zero time is 0.
func TimeToDB(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMicro() + WindowsEpochMicros
}

// TimeFromDB decodes a time written by TimeToDB: UTC, microsecond precision; 0 is
// the zero time.
func TimeFromDB(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.UnixMicro(v - WindowsEpochMicros).UTC()
}

// Bool encodes a bool as 0 or 1.
func Bool(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// PriorityToDB encodes a Priority as Chromium's 0 (low), 1 (medium), 2
// (high).
func PriorityToDB(p cookiemonster.Priority) int64 {
	switch p {
	case cookiemonster.PriorityLow:
		return 0
	case cookiemonster.PriorityHigh:
		return 2
	}
	return 1
}

// PriorityFromDB decodes a priority column; a value Chromium never writes
// is an error.
func PriorityFromDB(v int64) (cookiemonster.Priority, error) {
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

// SameSiteToDB encodes a SameSite as Chromium's -1 (unspecified), 0 (none),
// 1 (lax), 2 (strict).
func SameSiteToDB(s cookiemonster.SameSite) int64 {
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

// SameSiteFromDB decodes a samesite column. 3, the "extended" mode that
// Chromium no longer has, is unspecified, as Chromium reads it; any other
// value Chromium never writes is an error.
func SameSiteFromDB(v int64) (cookiemonster.SameSite, error) {
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

// SourceSchemeFromDB decodes a source_scheme column; a value Chromium
// never writes is an error.
func SourceSchemeFromDB(v int64) (cookiemonster.SourceScheme, error) {
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
	PortUnspecified = -1
	PortInvalid     = -2
)

// PortToDB encodes a source port: cookiemonster.PortUnspecified is -1 and
// cookiemonster.PortInvalid -2 whatever the values of those constants; a
// port is itself.
func PortToDB(p int) int64 {
	switch p {
	case cookiemonster.PortUnspecified:
		return PortUnspecified
	case cookiemonster.PortInvalid:
		return PortInvalid
	}
	return int64(p)
}

// PortKeys returns the source_port values a row of a cookie with port
// p may hold: -1 and 0 for cookiemonster.PortUnspecified (a row written
// with an explicit port 0 reads as unspecified, so an update or a delete
// must find it too), the encoded port twice otherwise.
func PortKeys(p int) (int64, int64) {
	if p == cookiemonster.PortUnspecified {
		return PortUnspecified, 0
	}
	v := PortToDB(p)
	return v, v
}

// PortFromDB decodes a source_port column: -1 is
// cookiemonster.PortUnspecified, 0 to 65535 a port (0, which no server
// listens on, reads as unspecified too), anything else
// cookiemonster.PortInvalid, as Chromium reads an out-of-range port, without
// overflow.
func PortFromDB(v int64) int {
	switch {
	case v == PortUnspecified:
		return cookiemonster.PortUnspecified
	case v >= 0 && v <= 65535:
		return int(v)
	}
	return cookiemonster.PortInvalid
}
