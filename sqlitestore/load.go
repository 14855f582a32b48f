package sqlitestore

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/cookiemonster-go/cookiemonster"
)

// chunkHosts is how many host keys one query names at most.
const chunkHosts = 256

// defaultChunkRows is how many rows one query of Load reads; a LoadKey
// during a Load waits for one such query at most.
const defaultChunkRows = 4096

// selectSQL returns the start of a load query of t: the columns a load
// reads, in the order of the col constants, from t. The cookies table
// has no first_party_domain: its rows have none (”).
func (t *table) selectSQL() string {
	cols := colNames
	if !t.scoped {
		cols[colFirstParty] = "''"
	}
	return "SELECT " + strings.Join(cols[:], ", ") + " FROM " + t.name
}

// Column indexes of columnsSQL.
const (
	colHost = iota
	colCreation
	colSite
	colName
	colValue
	colEncrypted
	colPath
	colExpires
	colSecure
	colHTTPOnly
	colLastAccess
	colPriority
	colSameSite
	colScheme
	colPort
	colLastUpdate
	colCrossSite
	colFirstParty
	colRowID
	nCols
)

// colNames are the names of the columns a load reads, keyed by their
// index.
var colNames = [nCols]string{
	colHost: "host_key", colCreation: "creation_utc", colSite: "top_frame_site_key", colName: "name",
	colValue: "value", colEncrypted: "encrypted_value", colPath: "path", colExpires: "expires_utc",
	colSecure: "is_secure", colHTTPOnly: "is_httponly", colLastAccess: "last_access_utc",
	colPriority: "priority", colSameSite: "samesite", colScheme: "source_scheme", colPort: "source_port",
	colLastUpdate: "last_update_utc", colCrossSite: "has_cross_site_ancestor",
	colFirstParty: "first_party_domain", colRowID: "rowid",
}

// The load state: pending maps each eTLD+1 not yet loaded to its hosts
// (as listed at Open), hostKey each of those hosts to its eTLD+1, loaded
// holds the groups loaded but not yet returned. pending is changed only
// with both the load lock (loadSem) and lmu held, so either one is enough
// to read it.

// Load returns every stored cookie that LoadKey has not returned. It scans
// the store's tables (for the default store of a [Backend], the cookies
// table, then its rows of store_cookies) in rowid order, one chunk of
// rows at a time, so that a LoadKey
// in between waits for one chunk at most; the groups are complete, checked
// and returned when the scan ends. A group with a row that fails to load is
// deleted from the database and not returned (Options.Logf says why). If
// the scan fails, Load reads the groups one query per chunk of hosts
// instead, and the groups of a chunk that fails one at a time, and returns
// what it could read with the errors: a row that cannot be read (a
// damaged page, [ErrCorrupt]) costs its own group only, which stays
// unloaded and stays in the file. When ctx is done
// it returns nil and the error; the groups stay for LoadKey or a later
// Load. The first Load or LoadKey starts deleting the session cookies of an
// earlier run; Load waits for the deletion and reports its failure (see
// [Store.KeepSessionCookies]).
func (s *Store) Load(ctx context.Context) ([]*cookiemonster.CanonicalCookie, error) {
	if s.isClosed() {
		return nil, s.loadError(ErrClosed)
	}
	if err := ctx.Err(); err != nil {
		return nil, s.loadError(fmt.Errorf("interrupted: %w", err))
	}
	if err := s.settleSessions(ctx); err != nil {
		return nil, s.loadError(err)
	}
	if err := s.waitListed(ctx); err != nil {
		return nil, s.loadError(s.listedError(ctx, err))
	}
	sc := newGroupScan()
	dec := s.startDecoder(sc)
	var scanErr error
scan:
	for _, t := range s.tables() {
		var after int64
		for {
			if err := ctx.Err(); err != nil {
				dec.stop()
				return nil, s.loadError(fmt.Errorf("interrupted: %w", err))
			}
			if h := s.d.hooks.beforeLoadChunk; h != nil {
				h()
			}
			last, n, err := s.scanChunk(ctx, dec, t, after)
			if err != nil {
				scanErr = err
				break scan
			}
			if n < s.chunkRows() {
				break
			}
			after = last
		}
	}
	dec.stop()
	var errs []error
	if scanErr != nil {
		errs = append(errs, s.loadError(scanErr))
	}
	if err := s.lockLoad(ctx); err != nil {
		return nil, errors.Join(append(errs, s.loadError(err))...)
	}
	defer s.unlockLoad()
	s.lmu.Lock()
	keys := make([]string, 0, len(s.pending))
	for k := range s.pending {
		keys = append(keys, k)
	}
	s.lmu.Unlock()
	slices.Sort(keys)
	if scanErr == nil {
		if err := s.finish(keys, sc); err != nil {
			errs = append(errs, s.loadError(err))
		}
	} else {
		for start := 0; start < len(keys); start += chunkHosts {
			part := keys[start:min(start+chunkHosts, len(keys))]
			if err := s.loadKeys(ctx, part); err != nil {
				errs = append(errs, s.loadError(err))
			}
		}
	}
	if err := s.sessionsResult(); err != nil {
		errs = append([]error{s.loadError(err)}, errs...)
	}
	return s.takeLoaded(""), errors.Join(errs...)
}

// listedError is the error of waitListed(ctx) as a load reports it.
func (s *Store) listedError(ctx context.Context, err error) error {
	if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
		return fmt.Errorf("interrupted: %w", err)
	}
	return err
}

// loadError is err as an error of Load.
func (s *Store) loadError(err error) error {
	return fmt.Errorf("sqlitestore: load %s: %w", s.name(), markCorrupt(err))
}

// loadKeyError is err as an error of LoadKey(key).
func (s *Store) loadKeyError(key string, err error) error {
	return fmt.Errorf("sqlitestore: load %q from %s: %w", key, s.name(), markCorrupt(err))
}

// KeepSessionCookies says whether the first Load or LoadKey keeps the
// session cookies (rows with is_persistent = 0) that an earlier run
// stored (true), or deletes them from the file (false, the default, as
// Chromium does at startup). A call after the first Load or LoadKey has
// started changes nothing. cookiemonster.New calls it with
// Config.PersistSessionCookies before the Monster starts loading: set that
// rather than calling KeepSessionCookies.
func (s *Store) KeepSessionCookies(keep bool) { s.keepAsked.Store(keep) }

// settleSessions runs at the start of every Load and LoadKey. The first
// to take the load lock decides, once, whether the session rows are kept,
// and if not starts their deletion: it takes the write lock at once, so
// that the deletion comes before every later commit, and deletes in the
// background, since the loads read the persistent rows only. Load waits
// for the deletion and reports its failure (after which the session rows
// stay in the file, to be deleted by the next Store); Close waits for it
// too, and reports the failure if no Load did. err (ctx's error, or
// ErrClosed) means that the load cannot go on.
func (s *Store) settleSessions(ctx context.Context) error {
	if s.sessionsSettled.Load() {
		return nil
	}
	if err := s.lockLoad(ctx); err != nil {
		return err
	}
	defer s.unlockLoad()
	if s.sessionsSettled.Load() {
		return nil
	}
	s.keep = s.keepAsked.Load()
	if !s.keep {
		s.d.writeMu.Lock()
		done := make(chan struct{})
		s.sessionsDone = done
		go func() {
			defer close(done)
			defer s.d.writeMu.Unlock()
			if err := s.deleteSessions(); err != nil {
				s.lmu.Lock()
				s.sessionsErr = err
				s.lmu.Unlock()
			}
		}()
	}
	s.sessionsSettled.Store(true)
	return nil
}

// deleteSessions deletes the session rows of s, and their hosts from the
// index of hosts, in one transaction, the write lock held.
func (s *Store) deleteSessions() error {
	// Not a caller's ctx: a deletion that has started goes on.
	bg := context.Background()
	tx, err := s.d.db.BeginTx(bg, nil)
	if err != nil {
		return fmt.Errorf("deleting the session cookies: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	for _, t := range s.tables() {
		q := `DELETE FROM ` + t.name + ` WHERE is_persistent != 1` + t.filter
		if t != cookiesTable {
			if _, err := tx.ExecContext(bg, q, s.scope(t)...); err != nil {
				return fmt.Errorf("deleting the session cookies: %w", err)
			}
			continue
		}
		hosts, err := deleteReturningHosts(bg, tx, q)
		if err != nil {
			return fmt.Errorf("deleting the session cookies: %w", err)
		}
		if err := s.d.unindexHosts(bg, tx, hosts); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("deleting the session cookies: %w", err)
	}
	return nil
}

// deleteReturningHosts runs the DELETE q of the cookies table in tx and
// returns the hosts of the rows it deleted, each once.
func deleteReturningHosts(ctx context.Context, tx *sql.Tx, q string, args ...any) ([]string, error) {
	rows, err := tx.QueryContext(ctx, q+` RETURNING host_key`, args...)
	if err != nil {
		return nil, err
	}
	defer func() { _ = rows.Close() }()
	var hosts []string
	seen := make(map[string]bool)
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			return nil, err
		}
		if !seen[h] {
			seen[h] = true
			hosts = append(hosts, h)
		}
	}
	return hosts, rows.Err()
}

// sessionsResult waits for the deletion of the session rows, if one was
// started, and returns its error the first time it is asked.
func (s *Store) sessionsResult() error {
	if !s.sessionsSettled.Load() {
		return nil
	}
	if s.sessionsDone != nil {
		<-s.sessionsDone
	}
	s.lmu.Lock()
	defer s.lmu.Unlock()
	err := s.sessionsErr
	s.sessionsErr = nil
	return err
}

func (s *Store) chunkRows() int {
	if s.d.hooks.loadChunkRows > 0 {
		return s.d.hooks.loadChunkRows
	}
	return defaultChunkRows
}

// groupScan accumulates the rows of eTLD+1 groups being loaded.
type groupScan struct {
	good  map[string][]*cookiemonster.CanonicalCookie
	bad   map[string]error
	parts map[partitionColumns]partitionResult
	vals  [nCols]any
	ptrs  [nCols]any
}

// rowVals is the columns of one row, as a load reads them.
type rowVals = [nCols]any

// add decodes the row v into the group of key.
func (s *Store) add(sc *groupScan, key string, v *rowVals) {
	if sc.bad[key] != nil {
		return
	}
	c, err := s.decodeRow(v, sc.parts)
	if err != nil {
		sc.bad[key] = fmt.Errorf("row (host_key %q, name %q): %w", v[colHost], v[colName], err)
		delete(sc.good, key)
		return
	}
	sc.good[key] = append(sc.good[key], c)
}

// decoder decodes the chunks of rows that Load reads into their groups,
// in a goroutine of its own, so that the reading of one chunk and the
// decoding of the one before run at the same time.
type decoder struct {
	work chan []rowVals
	free chan []rowVals
	done chan struct{}
}

// startDecoder starts the decoder of a Load into sc, after the listing.
func (s *Store) startDecoder(sc *groupScan) *decoder {
	d := &decoder{work: make(chan []rowVals, 1), free: make(chan []rowVals, 2), done: make(chan struct{})}
	for range 2 {
		d.free <- make([]rowVals, 0, s.chunkRows())
	}
	go func() {
		defer close(d.done)
		for rows := range d.work {
			for i := range rows {
				v := &rows[i]
				if k, ok := s.hostKey[textOf(v[colHost])]; ok && s.isPending(k) {
					s.add(sc, k, v)
				}
				// Groups that LoadKey loads meanwhile are left out by
				// finish; hosts not listed were written since Open, and
				// their groups loaded before.
				*v = rowVals{}
			}
			d.free <- rows[:0]
		}
	}()
	return d
}

// stop waits for the decoder to decode what it was given.
func (d *decoder) stop() {
	close(d.work)
	<-d.done
}

// isPending reports whether the group of key is still to be loaded.
func (s *Store) isPending(key string) bool {
	s.lmu.Lock()
	defer s.lmu.Unlock()
	_, ok := s.pending[key]
	return ok
}

// scanChunk reads the rows of t after rowid after and hands them to the
// decoder, and returns the last rowid and the number of rows read.
func (s *Store) scanChunk(ctx context.Context, dec *decoder, t *table, after int64) (last int64, n int, err error) {
	if err = s.lockLoad(ctx); err != nil {
		return 0, 0, err
	}
	defer s.unlockLoad()
	q := t.selectSQL() + ` WHERE rowid > ?`
	if !s.keep {
		q += ` AND is_persistent = 1`
	}
	q += t.filter + ` ORDER BY rowid LIMIT ?`
	rows, err := s.d.db.QueryContext(ctx, q, append(s.scope(t, after), s.chunkRows())...)
	if err != nil {
		return 0, 0, fmt.Errorf("reading the cookies: %w", err)
	}
	defer func() { _ = rows.Close() }()
	buf := <-dec.free
	var ptrs [nCols]any
	for rows.Next() {
		buf = append(buf, rowVals{})
		v := &buf[len(buf)-1]
		for i := range v {
			ptrs[i] = &v[i]
		}
		if err := rows.Scan(ptrs[:]...); err != nil {
			dec.free <- buf[:0]
			return 0, 0, fmt.Errorf("reading the cookies: %w", err)
		}
		n++
		last, _ = v[colRowID].(int64)
	}
	if err := rows.Err(); err != nil {
		dec.free <- buf[:0]
		return 0, 0, fmt.Errorf("reading the cookies: %w", err)
	}
	dec.work <- buf
	return last, n, nil
}

// LoadKey returns the stored cookies of one eTLD+1 (as the Monster
// computes keys) not returned before, reading them ahead of Load if Load
// has not yet. It waits for at most one chunk of a Load in progress, and
// not for the listing of the hosts that Open started: the Store of Open
// finds the hosts of key through the index of hosts. A bad group is
// dropped as in Load. The first Load or LoadKey starts deleting the
// session cookies of an earlier run, in the background (see
// [Store.KeepSessionCookies]).
func (s *Store) LoadKey(ctx context.Context, key string) ([]*cookiemonster.CanonicalCookie, error) {
	if s.isClosed() {
		return nil, s.loadKeyError(key, ErrClosed)
	}
	if err := ctx.Err(); err != nil {
		return nil, s.loadKeyError(key, err)
	}
	if err := s.settleSessions(ctx); err != nil {
		return nil, s.loadKeyError(key, err)
	}
	if s.indexed() {
		cookies, err := s.loadKeyIndexed(ctx, key)
		if !errors.Is(err, errHostsIndex) {
			return cookies, err
		}
		// The index of hosts could not be read: find the group's hosts
		// as a store without the index does, through the listing, which
		// then reads the hosts of the cookies table.
		s.d.logf("sqlitestore: %s: %v; waiting for the listing of the stored hosts instead", s.name(), err)
		if h := s.d.hooks.hostsIndexFailed; h != nil {
			h()
		}
	}
	if err := s.waitListed(ctx); err != nil {
		return nil, s.loadKeyError(key, s.listedError(ctx, err))
	}
	s.lmu.Lock()
	_, pending := s.pending[key]
	s.lmu.Unlock()
	if !pending {
		return s.takeLoaded(key), nil
	}
	if err := s.lockLoad(ctx); err != nil {
		return nil, s.loadKeyError(key, err)
	}
	defer s.unlockLoad()
	var err error
	if _, pending = s.pending[key]; pending {
		if err = s.loadKeys(ctx, []string{key}); err != nil {
			err = s.loadKeyError(key, err)
		}
	}
	// Taken under the load lock, so that a Load ending now cannot return
	// this group instead.
	return s.takeLoaded(key), err
}

// indexed reports whether every table of s has the hosts index: the
// cookies table, for the Store of Open.
func (s *Store) indexed() bool { return s.fp == nil && s.t == cookiesTable }

// loadKeyIndexed is LoadKey for a store with the hosts index: when the
// listing that Open started has not ended, it finds the hosts of key
// through the index rather than waiting.
func (s *Store) loadKeyIndexed(ctx context.Context, key string) ([]*cookiemonster.CanonicalCookie, error) {
	if err := s.lockLoad(ctx); err != nil {
		return nil, s.loadKeyError(key, err)
	}
	defer s.unlockLoad()
	s.lmu.Lock()
	listed := s.pending != nil
	_, pending := s.pending[key]
	early := s.early[key]
	s.lmu.Unlock()
	var err error
	switch {
	case early || (listed && !pending): // loaded before
	case listed:
		err = s.loadKeys(ctx, []string{key})
	default:
		err = s.loadEarly(ctx, key)
		if errors.Is(err, errHostsIndex) {
			return nil, err
		}
	}
	if err != nil {
		err = s.loadKeyError(key, err)
	}
	return s.takeLoaded(key), err
}

// errHostsIndex marks a damaged index of hosts, which LoadKey then does
// without.
var errHostsIndex = errors.New("the index of hosts is unreadable")

// loadEarly loads the group of key before the listing has ended (the load
// lock held), finding its hosts through the hosts index. The listing,
// when it ends, leaves the group out of the pending ones. On a read error
// the group is left to a later LoadKey or Load; a damaged page of the
// index ([ErrCorrupt], as the listing's fallback judges it) is marked with
// errHostsIndex.
func (s *Store) loadEarly(ctx context.Context, key string) error {
	hosts, err := s.hostsOfKey(ctx, key)
	if isCorrupt(err) {
		return fmt.Errorf("%w: %w", errHostsIndex, err)
	}
	if err != nil {
		return err
	}
	sc := newGroupScan()
	keys := make(map[string]string, len(hosts))
	for _, h := range hosts {
		keys[h] = key
	}
	if err := s.readHosts(ctx, sc, hosts, keys); err != nil {
		return fmt.Errorf("reading the cookies of %q: %w", key, err)
	}
	s.lmu.Lock()
	s.early[key] = true
	s.lmu.Unlock()
	return s.deliver([]string{key}, map[string][]string{key: hosts}, sc)
}

// lockLoad takes the right to run a load query.
func (s *Store) lockLoad(ctx context.Context) error {
	select {
	case s.d.loadSem <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	if s.isClosed() {
		s.unlockLoad()
		return ErrClosed
	}
	return nil
}

func (s *Store) unlockLoad() { <-s.d.loadSem }

// takeLoaded returns the loaded cookies of key ("": of every key) and
// forgets them, so that nothing is returned twice.
func (s *Store) takeLoaded(key string) []*cookiemonster.CanonicalCookie {
	s.lmu.Lock()
	defer s.lmu.Unlock()
	if key != "" {
		out := s.loaded[key]
		delete(s.loaded, key)
		return out
	}
	var out []*cookiemonster.CanonicalCookie
	for _, k := range s.loadedOrder {
		out = append(out, s.loaded[k]...)
		delete(s.loaded, k)
	}
	s.loadedOrder = nil
	return out
}

// loadKeys reads the rows of pending keys with the unique index (the load
// lock held) and finishes them. When several keys fail to read together,
// each is read and finished alone (loadEach); the keys that still fail to
// read stay pending.
func (s *Store) loadKeys(ctx context.Context, keys []string) error {
	var hosts []string
	for _, k := range keys {
		hosts = append(hosts, s.pending[k]...)
	}
	sc := newGroupScan()
	if err := s.readHosts(ctx, sc, hosts, s.hostKey); err != nil {
		if len(keys) > 1 && ctx.Err() == nil {
			return s.loadEach(ctx, keys)
		}
		return fmt.Errorf("reading the cookies of %q: %w", keys, err)
	}
	return s.finish(keys, sc)
}

// loadEach reads and finishes the pending keys one at a time (the load
// lock held), so that a row that cannot be read keeps only its own group
// from loading. It returns the errors of finishing, then one naming the
// keys that failed to read, with the first such failure.
func (s *Store) loadEach(ctx context.Context, keys []string) error {
	var errs, unread []error
	var failed []string
	for _, k := range keys {
		sc := newGroupScan()
		if err := s.readHosts(ctx, sc, s.pending[k], s.hostKey); err != nil {
			failed = append(failed, k)
			unread = append(unread, err)
			continue
		}
		if err := s.finish([]string{k}, sc); err != nil {
			errs = append(errs, err)
		}
	}
	if len(failed) > 0 {
		errs = append(errs, fmt.Errorf("reading the cookies of %q: %w", failed, unread[0]))
	}
	return errors.Join(errs...)
}

// newGroupScan returns an empty groupScan ready for rows.Scan.
func newGroupScan() *groupScan {
	sc := &groupScan{good: make(map[string][]*cookiemonster.CanonicalCookie), bad: make(map[string]error),
		parts: make(map[partitionColumns]partitionResult)}
	for i := range sc.vals {
		sc.ptrs[i] = &sc.vals[i]
	}
	return sc
}

// readHosts reads the rows of hosts with the unique index into their
// groups, keys giving each host's group.
func (s *Store) readHosts(ctx context.Context, sc *groupScan, hosts []string, keys map[string]string) error {
	for _, t := range s.tables() {
		for start := 0; start < len(hosts); start += chunkHosts {
			part := hosts[start:min(start+chunkHosts, len(hosts))]
			args := make([]any, len(part))
			for i, h := range part {
				args[i] = h
			}
			q := t.selectSQL() + ` WHERE host_key IN (?` + strings.Repeat(",?", len(part)-1) + `)`
			if !s.keep {
				q += ` AND is_persistent = 1`
			}
			q += t.filter
			if err := s.queryInto(ctx, sc, q, s.scope(t, args...), keys); err != nil {
				return err
			}
		}
	}
	return nil
}

// queryInto runs a load query and adds its rows to their groups, keys
// giving each host's group.
func (s *Store) queryInto(ctx context.Context, sc *groupScan, q string, args []any, keys map[string]string) error {
	rows, err := s.d.db.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer func() { _ = rows.Close() }()
	for rows.Next() {
		if err := rows.Scan(sc.ptrs[:]...); err != nil {
			return err
		}
		if k, ok := keys[textOf(sc.vals[colHost])]; ok {
			s.add(sc, k, &sc.vals)
		}
	}
	return rows.Err()
}

// finish ends the load of keys (the load lock held): it drops the bad
// groups, keeps the good ones for delivery and marks them all loaded. Keys
// no longer pending (loaded meanwhile by LoadKey) are left alone.
func (s *Store) finish(keys []string, sc *groupScan) error {
	var live []string
	for _, k := range keys {
		if _, ok := s.pending[k]; ok {
			live = append(live, k)
		}
	}
	hosts := make(map[string][]string)
	s.lmu.Lock()
	for _, k := range live {
		if sc.bad[k] != nil {
			hosts[k] = slices.Clone(s.pending[k])
		}
	}
	s.lmu.Unlock()
	return s.deliver(live, hosts, sc)
}

// deliver ends the load of the groups live (the load lock held): it drops
// the bad ones (hosts giving the hosts of each), keeps the good ones for
// delivery and marks them all loaded.
func (s *Store) deliver(live []string, hosts map[string][]string, sc *groupScan) error {
	slices.Sort(live)
	bad := make(map[string]error)
	for _, k := range live {
		if err := sc.bad[k]; err != nil {
			bad[k] = err
		}
	}
	var dropErr error
	if len(bad) > 0 {
		dropErr = s.dropGroups(bad, hosts)
	}
	s.lmu.Lock()
	defer s.lmu.Unlock()
	for _, k := range live {
		delete(s.pending, k)
		if cs := sc.good[k]; len(cs) > 0 && bad[k] == nil {
			slices.SortStableFunc(cs, func(a, b *cookiemonster.CanonicalCookie) int { return a.Creation.Compare(b.Creation) })
			s.loaded[k] = cs
			s.loadedOrder = append(s.loadedOrder, k)
		}
	}
	return dropErr
}

// textOf returns a TEXT (or BLOB) column value as a string; "" for other
// types.
func textOf(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case []byte:
		return string(x)
	}
	return ""
}

// partitionColumns are the stored form of a partition key.
type partitionColumns struct {
	site  string
	cross bool
}

// partitionResult caches the parse of a stored partition key.
type partitionResult struct {
	key cookiemonster.PartitionKey
	err error
}

// decodeRow builds the cookie of one row and checks it as Chromium does
// on load.
func (s *Store) decodeRow(v *[nCols]any, parts map[partitionColumns]partitionResult) (*cookiemonster.CanonicalCookie, error) {
	var ints [nCols]int64
	for _, i := range []int{colCreation, colExpires, colSecure, colHTTPOnly, colLastAccess, colPriority,
		colSameSite, colScheme, colPort, colLastUpdate, colCrossSite} {
		n, ok := v[i].(int64)
		if !ok {
			return nil, fmt.Errorf("%s holds %T, not an integer", colNames[i], v[i])
		}
		ints[i] = n
	}
	var texts [nCols]string
	for _, i := range []int{colHost, colSite, colName, colValue, colPath, colFirstParty} {
		switch x := v[i].(type) {
		case string:
			texts[i] = x
		case []byte:
			texts[i] = string(x)
		default:
			return nil, fmt.Errorf("%s holds %T, not text", colNames[i], v[i])
		}
	}
	var encrypted []byte
	switch x := v[colEncrypted].(type) {
	case []byte:
		encrypted = x
	case string:
		encrypted = []byte(x)
	default:
		return nil, fmt.Errorf("encrypted_value holds %T, not a blob", v[colEncrypted])
	}

	priority, err := priorityFromDB(ints[colPriority])
	if err != nil {
		return nil, err
	}
	sameSite, err := sameSiteFromDB(ints[colSameSite])
	if err != nil {
		return nil, err
	}
	scheme, err := sourceSchemeFromDB(ints[colScheme])
	if err != nil {
		return nil, err
	}

	pc := partitionColumns{site: texts[colSite], cross: ints[colCrossSite] != 0}
	pr, ok := parts[pc]
	if !ok {
		pr.key, pr.err = cookiemonster.PartitionKeyFromStorage(pc.site, pc.cross, s.d.psl)
		parts[pc] = pr
	}
	if pr.err != nil {
		return nil, fmt.Errorf("top_frame_site_key %q: %w", pc.site, pr.err)
	}

	value := texts[colValue]
	if len(encrypted) > 0 {
		if value, err = s.decryptValue(texts[colHost], value, encrypted); err != nil {
			return nil, err
		}
	}
	c, err := cookiemonster.NewCanonicalCookieFromStorage(cookiemonster.CanonicalCookie{
		Name:         texts[colName],
		Value:        value,
		Domain:       texts[colHost],
		Path:         texts[colPath],
		Creation:     fromDB(ints[colCreation]),
		Expiry:       fromDB(ints[colExpires]),
		LastAccess:   fromDB(ints[colLastAccess]),
		LastUpdate:   fromDB(ints[colLastUpdate]),
		Secure:       ints[colSecure] != 0,
		HTTPOnly:     ints[colHTTPOnly] != 0,
		SameSite:     sameSite,
		Priority:     priority,
		Partition:    pr.key,
		SourceScheme: scheme,
		SourcePort:   portFromDB(ints[colPort]),

		FirstPartyDomain: texts[colFirstParty],
	})
	if err != nil {
		return nil, fmt.Errorf("not canonical: %w", err)
	}
	return c, nil
}

// Errors of encrypted values, wrapped by the reasons a group is dropped
// (which Options.Logf receives). Like the errors of Open, they have no
// "sqlitestore: " prefix of their own.
var (
	// ErrNoCrypter: a row has an encrypted value and the store has no
	// [Crypter].
	ErrNoCrypter = errors.New("encrypted value without a Crypter")
	// ErrHostHash: a decrypted value does not start with SHA-256 of its
	// row's host_key (the row was moved or tampered with).
	ErrHostHash = errors.New("decrypted value does not belong to its host")
	// ErrValueAndEncrypted: a row has both a plaintext and an encrypted
	// value.
	ErrValueAndEncrypted = errors.New("row has both value and encrypted_value")
)

// decryptValue returns the value of a row with an encrypted value.
func (s *Store) decryptValue(hostKey, value string, encrypted []byte) (string, error) {
	if s.d.crypter == nil {
		return "", ErrNoCrypter
	}
	if value != "" {
		return "", ErrValueAndEncrypted
	}
	plain, err := s.d.crypter.Decrypt(encrypted)
	if err != nil {
		return "", fmt.Errorf("decrypting the value: %w", err)
	}
	h := sha256.Sum256([]byte(hostKey))
	if len(plain) < len(h) || !bytes.Equal(plain[:len(h)], h[:]) {
		return "", ErrHostHash
	}
	return string(plain[len(h):]), nil
}

// dropGroups deletes every row of the groups that failed to load, in one
// transaction, and logs why.
func (s *Store) dropGroups(bad map[string]error, hosts map[string][]string) error {
	type group struct {
		key   string
		hosts []string
	}
	var groups []group
	for k := range bad {
		groups = append(groups, group{k, hosts[k]})
	}
	slices.SortFunc(groups, func(a, b group) int { return strings.Compare(a.key, b.key) })

	s.d.writeMu.Lock()
	defer s.d.writeMu.Unlock()
	ctx := context.Background()
	tx, err := s.d.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("dropping %d unloadable sites: %w", len(groups), err)
	}
	defer func() { _ = tx.Rollback() }()
	counts := make([]int64, len(groups))
	for i, g := range groups {
		for _, t := range s.tables() {
			for start := 0; start < len(g.hosts); start += chunkHosts {
				part := g.hosts[start:min(start+chunkHosts, len(g.hosts))]
				args := make([]any, len(part))
				for j, h := range part {
					args[j] = h
				}
				res, err := tx.ExecContext(ctx, `DELETE FROM `+t.name+` WHERE host_key IN (`+strings.Repeat("?,", len(part)-1)+"?)"+t.filter,
					s.scope(t, args...)...)
				if err != nil {
					return fmt.Errorf("dropping the cookies of %q: %w", g.key, err)
				}
				n, _ := res.RowsAffected()
				counts[i] += n
				if t == cookiesTable {
					if err := s.d.unindexHosts(ctx, tx, part); err != nil {
						return err
					}
				}
			}
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("dropping %d unloadable sites: %w", len(groups), err)
	}
	for i, g := range groups {
		s.d.logf("sqlitestore: dropped all %d stored cookies of %q%s: %v", counts[i], g.key, s.inStore(), bad[g.key])
	}
	return nil
}
