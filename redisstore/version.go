package redisstore

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strconv"
	"time"
)

// A version orders the writes of one cookie (one UniqueKey) across the
// fleet. It is 25 characters that compare as strings in the order of the
// writes: 16 hex digits of a hybrid logical clock in nanoseconds, the 8 hex
// digits of the writing store's id, and a flag, '0' for a cookie and '1'
// for a tombstone. A tombstone takes the version of the cookie it deletes
// with the flag raised, so that it comes just after that cookie and before
// any later write: a deletion removes the cookie it saw, never a newer one
// written meanwhile elsewhere.
const versionLen = 25

// tombstoneOf returns the version of the deletion of the cookie written at
// v.
func tombstoneOf(v string) string { return v[:versionLen-1] + "1" }

// isTombstone reports whether v is a deletion's version.
func isTombstone(v string) bool { return len(v) == versionLen && v[versionLen-1] == '1' }

// clock is a hybrid logical clock: it follows the wall clock, but never
// goes back and always passes every version it has seen, so that a write
// made after seeing another is ordered after it whatever the two machines'
// clocks say.
type clock struct {
	last int64
	id   string // 8 hex digits
}

// newID returns a random store id.
func newID() (string, error) {
	var b [4]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("redisstore: a store id: %w", err)
	}
	return hex.EncodeToString(b[:]), nil
}

// next returns a new cookie version.
func (c *clock) next() string {
	c.last = max(c.last+1, time.Now().UnixNano())
	return fmt.Sprintf("%016x%s0", uint64(c.last), c.id)
}

// observe moves the clock past v.
func (c *clock) observe(v string) {
	c.last = max(c.last, versionTime(v))
}

// validVersion reports whether v has a version's form.
func validVersion(v string) bool {
	if len(v) != versionLen || (v[versionLen-1] != '0' && v[versionLen-1] != '1') {
		return false
	}
	_, err := hex.DecodeString(v[:versionLen-1])
	return err == nil
}

// versionTime returns the clock reading of a version, in nanoseconds.
func versionTime(v string) int64 {
	if len(v) != versionLen {
		return 0
	}
	t, _ := strconv.ParseUint(v[:16], 16, 64)
	return int64(t)
}
