//go:build race

package sqlitestore

// The sizes of the kill tests under the race detector, which makes the
// children and the checks five to ten times slower: smaller transactions
// and files, fewer kills.
const (
	largeBatchFlush = 1000
	largeBatchKills = 6
	loadKillCookies = 10_000
	loadKills       = 8
)
