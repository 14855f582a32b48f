//go:build !race

package sqlitestore

// The sizes of the kill tests without the race detector.
const (
	largeBatchFlush = 5000
	largeBatchKills = 10
	loadKillCookies = 50_000
	loadKills       = 12
)
