package sqlitestore

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/cookiemonster-go/cookiemonster"

	sqlite "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// opKind is the kind of a queued write.
type opKind int8

const (
	opAdd opKind = iota + 1
	opUpdateAccess
	opDelete
)

// String names the statement an op runs.
func (k opKind) String() string {
	switch k {
	case opAdd:
		return "INSERT"
	case opUpdateAccess:
		return "UPDATE"
	case opDelete:
		return "DELETE"
	}
	return "?"
}

// op is one queued write, with its own copy of the cookie, the stored
// form of its partition and the table of its row.
type op struct {
	kind   opKind
	cookie cookiemonster.CanonicalCookie
	site   string // top_frame_site_key
	cross  bool   // has_cross_site_ancestor
	t      *table
}

// newOp returns the operation kind on a copy of c in t; false when c's
// partition cannot be stored (a nonced key).
func newOp(kind opKind, c *cookiemonster.CanonicalCookie, t *table) (op, bool) {
	site, cross, err := c.Partition.Serialize()
	if err != nil {
		return op{}, false
	}
	return op{kind: kind, cookie: *c, site: site, cross: cross, t: t}, true
}

// opQueue holds the pending operations per unique key (Chromium's
// StrictlyUniqueKey: the columns of the unique index), keys in the order
// they were first queued. Operations of different keys never touch the
// same row.
type opQueue struct {
	ops  map[cookiemonster.UniqueKey][]op
	keys []cookiemonster.UniqueKey
	n    int // operations held
}

func newOpQueue() *opQueue { return &opQueue{ops: make(map[cookiemonster.UniqueKey][]op)} }

// push queues o for k with Chromium's coalescing: a delete replaces the
// earlier operations of its key, an access-time update right after another
// replaces it, an add is appended.
func (q *opQueue) push(k cookiemonster.UniqueKey, o op) {
	list, seen := q.ops[k]
	if !seen {
		q.keys = append(q.keys, k)
	}
	switch {
	case o.kind == opDelete:
		q.n -= len(list)
		list = append(list[:0], o)
		q.n++
	case o.kind == opUpdateAccess && len(list) > 0 && list[len(list)-1].kind == opUpdateAccess:
		list[len(list)-1] = o
	default:
		list = append(list, o)
		q.n++
	}
	q.ops[k] = list
}

// enqueue queues an operation on c without blocking on I/O.
func (s *Store) enqueue(kind opKind, c *cookiemonster.CanonicalCookie) {
	if c == nil || s.d == nil {
		return
	}
	t := s.tableFor(c)
	if t == nil {
		// The Store of Open has only Chromium's cookies table, which has
		// no column for it: written, the cookie would come back visible
		// to every first party.
		go s.d.logf("sqlitestore: not storing %s of cookie %q on %q%s: it has a first-party domain (%q), which the cookies table cannot hold",
			kind, c.Name, c.Domain, s.inStore(), c.FirstPartyDomain)
		return
	}
	o, ok := newOp(kind, c, t)
	if !ok {
		// Logged from another goroutine: the caller may hold a lock that
		// Logf needs, and Add must not wait on a log sink.
		go s.d.logf("sqlitestore: not storing %s of cookie %q on %q%s: its partition (%s) cannot be serialized",
			kind, c.Name, c.Domain, s.inStore(), c.Partition)
		return
	}
	s.mu.Lock()
	if s.closed {
		s.lostOps++
		first := s.lostOps == 1
		s.mu.Unlock()
		if first && s.d.onError != nil {
			// Not from the caller's goroutine: it may hold a lock that
			// OnError needs.
			go s.d.onError(fmt.Errorf("sqlitestore: %s of cookie %q on %q after Close, not written to %s: %w",
				kind, c.Name, c.Domain, s.name(), ErrClosed))
		}
		return
	}
	s.queue.push(c.UniqueKey(), o)
	s.mu.Unlock()
	s.d.queued()
}

// inStore is "" for the Store of Open, and names the store for a Store of
// a Backend, for the logs.
func (s *Store) inStore() string {
	if s.owner {
		return ""
	}
	return fmt.Sprintf(" in store %q", s.id)
}

// Add queues the insertion of a copy of c. It never blocks on I/O. The
// Store of [Open] logs and drops a cookie with a first-party domain,
// which Chromium's cookies table cannot hold; so do UpdateAccessTime and
// Delete.
func (s *Store) Add(c *cookiemonster.CanonicalCookie) { s.enqueue(opAdd, c) }

// UpdateAccessTime queues the update of the stored last-access time of c's
// row to c.LastAccess. It never blocks on I/O.
func (s *Store) UpdateAccessTime(c *cookiemonster.CanonicalCookie) { s.enqueue(opUpdateAccess, c) }

// Delete queues the deletion of c's row. It never blocks on I/O.
func (s *Store) Delete(c *cookiemonster.CanonicalCookie) { s.enqueue(opDelete, c) }

// takeLocked removes and returns the queue, and the store's row of the
// stores table if it is still to be written. s.mu must be held.
func (s *Store) takeLocked() storeBatch {
	b := storeBatch{s: s, q: s.queue, record: s.unrecorded}
	s.queue = newOpQueue()
	s.unrecorded = false
	return b
}

// requeue puts back a batch whose commit failed, ahead of what was queued
// since, so that it is retried by the next commit (timer, batch or Flush).
func (s *Store) requeue(failed storeBatch) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.unrecorded = s.unrecorded || failed.record
	newer := s.queue
	s.queue = failed.q
	for _, k := range newer.keys {
		for _, o := range newer.ops[k] {
			s.queue.push(k, o)
		}
	}
}

// SQL of the operations on a table. The WHERE clauses name the unique
// index's columns, then, in store_cookies, the first_party_domain and the
// store_id; an inserted row of store_cookies ends with those two values.
const (
	insertColumns = `creation_utc, host_key, top_frame_site_key, name, value, encrypted_value, path,
 expires_utc, is_secure, is_httponly, last_access_utc, has_expires, is_persistent, priority, samesite,
 source_scheme, source_port, last_update_utc, source_type, has_cross_site_ancestor`
	insertRow = `(?, ?, ?, ?, ?, ifnull(?, x''), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)`
	// insertArgs is the number of parameters of insertRow.
	insertArgs = 19
	whereKey   = ` WHERE name = ? AND host_key = ? AND top_frame_site_key = ? AND path = ? AND source_scheme = ? AND source_port IN (?, ?) AND has_cross_site_ancestor = ?`
)

// insertRows is how many rows one INSERT statement writes at most: fewer
// statements per commit, the same rows.
const insertRows = 64

// insertSQL returns an INSERT statement of n rows into t.
func (t *table) insertSQL(n int) string {
	cols, row := insertColumns, insertRow
	if t.scoped {
		cols += `, first_party_domain, store_id`
		row = row[:len(row)-1] + `, ?, ?)`
	}
	return `INSERT INTO ` + t.name + ` (` + cols + `) VALUES ` + row + strings.Repeat(", "+row, n-1)
}

// updateSQL returns the UPDATE of a row's last access time in t.
func (t *table) updateSQL() string {
	return `UPDATE ` + t.name + ` SET last_access_utc = ?` + t.whereKey()
}

// deleteSQL returns the DELETE of a row of t.
func (t *table) deleteSQL() string { return `DELETE FROM ` + t.name + t.whereKey() }

// whereKey returns the WHERE clause that names a row of t: its unique
// index's columns, the first_party_domain and store_id in store_cookies.
func (t *table) whereKey() string {
	if t.scoped {
		return whereKey + ` AND first_party_domain = ?` + t.filter
	}
	return whereKey
}

// keyArgs returns args followed by the arguments that t.whereKey adds to
// whereKey: c's first-party domain and s's ID in store_cookies.
func (s *Store) keyArgs(t *table, c *cookiemonster.CanonicalCookie, args ...any) []any {
	if t.scoped {
		return append(args, c.FirstPartyDomain, s.id)
	}
	return args
}

// recordSQL writes the row of a store in the stores table, if it is not
// there.
const recordSQL = `INSERT OR IGNORE INTO stores(store_id) VALUES (?)`

// writeTx is one commit's transaction and its prepared statements, for
// each table.
type writeTx struct {
	d       *database
	ctx     context.Context
	tx      *sql.Tx
	inserts [2]map[int]*sql.Stmt
	update  [2]*sql.Stmt
	delete  [2]*sql.Stmt
	record  *sql.Stmt
	softs   map[*Store][]error
	args    []any
	// hosts and newHosts are indexHosts's inserter and the hosts it has
	// added.
	hosts    hostInserter
	newHosts map[string]bool
	// goneHosts are the hosts of the rows deleted from the cookies table.
	goneHosts []string
}

func (w *writeTx) prepare(text string) (*sql.Stmt, error) {
	st, err := w.tx.PrepareContext(w.ctx, text)
	if err != nil {
		return nil, fmt.Errorf("preparing a statement: %w", err)
	}
	return st, nil
}

func (w *writeTx) close() {
	for i := range w.inserts {
		for _, st := range w.inserts[i] {
			_ = st.Close()
		}
	}
	w.hosts.close()
	for _, st := range append(append(w.update[:], w.delete[:]...), w.record) {
		if st != nil {
			_ = st.Close()
		}
	}
}

// pendingAdd is an insertion with its store and encoded value.
type pendingAdd struct {
	s         *Store
	o         *op
	value     string
	encrypted []byte
}

// keyOps are the queued operations of one unique key of one store.
type keyOps struct {
	s    *Store
	list []op
}

// write runs the operations of batches (n in all) in one transaction.
// softs reports, per store, operations that were skipped (a value that
// failed to encrypt); err a failed transaction, which was rolled back.
//
// Operations of different stores, or of different unique keys, touch
// different rows, so they may run in any order; those of one key of one
// store must keep theirs. write runs the first operation of every key,
// then the second of every key, and so on, and writes the insertions of
// each round in multi-row statements, one table at a time.
func (d *database) write(batches []storeBatch, n int) (softs map[*Store][]error, err error) {
	d.writeMu.Lock()
	defer d.writeMu.Unlock()
	w := &writeTx{d: d, ctx: context.Background(), softs: make(map[*Store][]error)}
	for i := range w.inserts {
		w.inserts[i] = make(map[int]*sql.Stmt)
	}
	if w.tx, err = d.db.BeginTx(w.ctx, nil); err != nil {
		return nil, fmt.Errorf("starting the transaction: %w", err)
	}
	defer w.close()
	// Whatever ends the transaction early, it is undone; after Commit,
	// Rollback does nothing.
	defer func() { _ = w.tx.Rollback() }()
	var keys []keyOps
	rounds := 0
	for _, b := range batches {
		// A commit of a store of store_cookies writes its row of stores
		// too, if missing: a new store's, and so that no row of
		// store_cookies is ever without its store. The default store
		// has no row (it always exists): its rows of store_cookies,
		// its cookies with a first-party domain, stand without one.
		if b.s.t.scoped {
			if err = w.recordStore(b.s); err != nil {
				return w.softs, err
			}
		}
		for _, k := range b.q.keys {
			list := b.q.ops[k]
			keys = append(keys, keyOps{s: b.s, list: list})
			rounds = max(rounds, len(list))
		}
	}
	var adds [2][]pendingAdd
	for round := 0; round < rounds; round++ {
		adds[0], adds[1] = adds[0][:0], adds[1][:0]
		for _, k := range keys {
			if round >= len(k.list) {
				continue
			}
			o := &k.list[round]
			if d.hooks.op != nil {
				d.hooks.op(o.kind)
			}
			if o.kind == opAdd {
				value, encrypted, eerr := d.encodeValue(&o.cookie)
				if eerr != nil {
					w.softs[k.s] = append(w.softs[k.s], fmt.Errorf("sqlitestore: commit to %s: cookie %q on %q not stored: %w",
						k.s.name(), o.cookie.Name, o.cookie.Domain, eerr))
					continue
				}
				i := o.t.index
				adds[i] = append(adds[i], pendingAdd{s: k.s, o: o, value: value, encrypted: encrypted})
				continue
			}
			if err = w.exec(k.s, o); err != nil {
				return w.softs, err
			}
			if o.kind == opDelete && o.t == cookiesTable {
				w.goneHosts = append(w.goneHosts, o.cookie.Domain)
			}
		}
		for _, list := range adds {
			if err = w.indexHosts(list); err != nil {
				return w.softs, err
			}
			for start := 0; start < len(list); start += insertRows {
				if err = w.insert(list[start:min(start+insertRows, len(list))]); err != nil {
					return w.softs, err
				}
			}
		}
	}
	if err = d.unindexHosts(w.ctx, w.tx, w.goneHosts); err != nil {
		return w.softs, err
	}
	for _, h := range w.goneHosts {
		delete(w.newHosts, h) // perhaps no longer indexed
	}
	if err = w.tx.Commit(); err != nil {
		return w.softs, fmt.Errorf("committing: %w", err)
	}
	w.commitHosts()
	if d.hooks.committed != nil {
		d.hooks.committed(n)
	}
	return w.softs, nil
}

// recordStore writes the row of s in the stores table, if it is not
// there.
func (w *writeTx) recordStore(s *Store) error {
	if w.record == nil {
		var err error
		if w.record, err = w.prepare(recordSQL); err != nil {
			return err
		}
	}
	if _, err := w.record.ExecContext(w.ctx, s.id); err != nil {
		return fmt.Errorf("recording the store: %w", err)
	}
	return nil
}

// exec runs an UPDATE or a DELETE of s's row.
func (w *writeTx) exec(s *Store, o *op) error {
	c := &o.cookie
	i := o.t.index
	var err error
	switch o.kind {
	case opUpdateAccess:
		if w.update[i] == nil {
			if w.update[i], err = w.prepare(o.t.updateSQL()); err != nil {
				return err
			}
		}
		port, alias := portKeysInDB(c.SourcePort)
		_, err = w.update[i].ExecContext(w.ctx, s.keyArgs(o.t, c, toDB(c.LastAccess), c.Name, c.Domain, o.site, c.Path,
			int64(c.SourceScheme), port, alias, b2i(o.cross))...)
	case opDelete:
		if w.delete[i] == nil {
			if w.delete[i], err = w.prepare(o.t.deleteSQL()); err != nil {
				return err
			}
		}
		port, alias := portKeysInDB(c.SourcePort)
		_, err = w.delete[i].ExecContext(w.ctx, s.keyArgs(o.t, c, c.Name, c.Domain, o.site, c.Path,
			int64(c.SourceScheme), port, alias, b2i(o.cross))...)
	}
	if err != nil {
		return fmt.Errorf("%s of cookie %q on %q%s: %w", o.kind, c.Name, c.Domain, s.inStore(), err)
	}
	return nil
}

// insert writes adds, all of one table, in one statement. If a row's
// unique key exists the statement is undone (the transaction goes on) and
// the rows are inserted one by one, skipping and logging the existing ones
// as Chromium does.
func (w *writeTx) insert(adds []pendingAdd) error {
	t := adds[0].o.t
	st := w.inserts[t.index][len(adds)]
	if st == nil {
		var err error
		if st, err = w.prepare(t.insertSQL(len(adds))); err != nil {
			return err
		}
		w.inserts[t.index][len(adds)] = st
	}
	w.args = w.args[:0]
	for _, a := range adds {
		c := &a.o.cookie
		w.args = append(w.args, toDB(c.Creation), c.Domain, a.o.site, c.Name, a.value, a.encrypted, c.Path,
			toDB(c.Expiry), b2i(c.Secure), b2i(c.HTTPOnly), toDB(c.LastAccess), b2i(c.IsPersistent()),
			b2i(c.IsPersistent()), priorityToDB(c.Priority), sameSiteToDB(c.SameSite),
			int64(c.SourceScheme), portToDB(c.SourcePort), toDB(c.LastUpdate), b2i(a.o.cross))
		if t.scoped {
			w.args = append(w.args, c.FirstPartyDomain, a.s.id)
		}
	}
	_, err := st.ExecContext(w.ctx, w.args...)
	switch {
	case err == nil:
		return nil
	case !isUniqueConflict(err):
		return fmt.Errorf("INSERT of %d cookies: %w", len(adds), err)
	case len(adds) > 1:
		for i := range adds {
			if err := w.insert(adds[i : i+1]); err != nil {
				return err
			}
		}
		return nil
	}
	a := adds[0]
	c := &a.o.cookie
	w.d.logf("sqlitestore: skipped inserting cookie %q on %q path %q%s: a row with its unique key exists",
		c.Name, c.Domain, c.Path, a.s.inStore())
	return nil
}

// encodeValue returns the value and encrypted_value columns of c: the
// plaintext and nil without a Crypter; "" and Encrypt(SHA-256(host_key) ‖
// value) with one.
func (d *database) encodeValue(c *cookiemonster.CanonicalCookie) (string, []byte, error) {
	if d.crypter == nil {
		return c.Value, nil, nil
	}
	h := sha256.Sum256([]byte(c.Domain))
	plain := make([]byte, 0, len(h)+len(c.Value))
	plain = append(append(plain, h[:]...), c.Value...)
	enc, err := d.crypter.Encrypt(plain)
	if err != nil {
		return "", nil, fmt.Errorf("encrypting the value: %w", err)
	}
	if enc == nil {
		enc = []byte{}
	}
	return "", enc, nil
}

// isUniqueConflict reports whether err is a violation of a UNIQUE
// constraint (the unique index).
func isUniqueConflict(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE
}
