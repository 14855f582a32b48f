package sqlitestore

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

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

// op is one queued write, with its own copy of the cookie and the stored
// form of its partition.
type op struct {
	kind   opKind
	cookie cookiemonster.CanonicalCookie
	site   string // top_frame_site_key
	cross  bool   // has_cross_site_ancestor
}

// newOp returns the operation kind on a copy of c; false when c's
// partition cannot be stored (a nonced key).
func newOp(kind opKind, c *cookiemonster.CanonicalCookie) (op, bool) {
	site, cross, err := c.Partition.Serialize()
	if err != nil {
		return op{}, false
	}
	return op{kind: kind, cookie: *c, site: site, cross: cross}, true
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
	if c == nil {
		return
	}
	if c.FirstPartyDomain != "" {
		// Chromium's cookies table has no column for it: written, the
		// cookie would come back visible to every first party.
		go s.logf("sqlitestore: not storing %s of cookie %q on %q: it has a first-party domain (%q), which the cookies table cannot hold",
			kind, c.Name, c.Domain, c.FirstPartyDomain)
		return
	}
	o, ok := newOp(kind, c)
	if !ok {
		// Logged from another goroutine: the caller may hold a lock that
		// Logf needs, and Add must not wait on a log sink.
		go s.logf("sqlitestore: not storing %s of cookie %q on %q: its partition (%s) cannot be serialized",
			kind, c.Name, c.Domain, c.Partition)
		return
	}
	s.mu.Lock()
	if s.closed || s.db == nil {
		s.lostOps++
		first := s.lostOps == 1
		s.mu.Unlock()
		if first && s.onError != nil {
			// Not from the caller's goroutine: it may hold a lock that
			// OnError needs.
			go s.onError(fmt.Errorf("sqlitestore: %s of cookie %q on %q after Close, not written to %s: %w",
				kind, c.Name, c.Domain, s.path, ErrClosed))
		}
		return
	}
	s.queue.push(c.UniqueKey(), o)
	s.nOps++
	if s.timer == nil {
		s.timer = time.AfterFunc(s.interval, s.kickCommit)
	}
	if s.nOps >= s.batch {
		s.kickCommit()
	}
	s.mu.Unlock()
}

// Add queues the insertion of a copy of c. It never blocks on I/O.
func (s *Store) Add(c *cookiemonster.CanonicalCookie) { s.enqueue(opAdd, c) }

// UpdateAccessTime queues the update of the stored last-access time of c's
// row to c.LastAccess. It never blocks on I/O.
func (s *Store) UpdateAccessTime(c *cookiemonster.CanonicalCookie) { s.enqueue(opUpdateAccess, c) }

// Delete queues the deletion of c's row. It never blocks on I/O.
func (s *Store) Delete(c *cookiemonster.CanonicalCookie) { s.enqueue(opDelete, c) }

// take removes and returns the queue. s.mu must be held.
func (s *Store) takeLocked() *opQueue {
	q := s.queue
	s.queue = newOpQueue()
	s.nOps = 0
	if s.timer != nil {
		s.timer.Stop()
		s.timer = nil
	}
	return q
}

// requeue puts back a batch whose commit failed, ahead of what was queued
// since, so that it is retried by the next commit (timer, batch or Flush).
func (s *Store) requeue(failed *opQueue) {
	s.mu.Lock()
	defer s.mu.Unlock()
	newer := s.queue
	s.queue = failed
	for _, k := range newer.keys {
		for _, o := range newer.ops[k] {
			s.queue.push(k, o)
		}
	}
	if s.timer == nil && !s.closed {
		s.timer = time.AfterFunc(s.interval, s.kickCommit)
	}
}

// commit writes the queue in one transaction. ctx bounds only the wait for
// another commit. A failed transaction is rolled back and its operations
// queued again.
func (s *Store) commit(ctx context.Context) error {
	select {
	case s.commitSem <- struct{}{}:
	case <-ctx.Done():
		return fmt.Errorf("sqlitestore: commit to %s: waiting for the commit in progress: %w", s.path, ctx.Err())
	}
	defer func() { <-s.commitSem }()
	s.mu.Lock()
	q := s.takeLocked()
	s.mu.Unlock()
	if q.n == 0 {
		return nil
	}
	soft, err := s.write(q)
	if err != nil {
		s.requeue(q)
		return errors.Join(soft, fmt.Errorf("sqlitestore: commit to %s: %d operations failed and will be retried: %w", s.path, q.n, err))
	}
	return soft
}

// SQL of the operations. The WHERE clauses name the unique index's columns.
const (
	insertHead = `INSERT INTO cookies (creation_utc, host_key, top_frame_site_key, name, value, encrypted_value, path,
 expires_utc, is_secure, is_httponly, last_access_utc, has_expires, is_persistent, priority, samesite,
 source_scheme, source_port, last_update_utc, source_type, has_cross_site_ancestor) VALUES `
	insertRow = `(?, ?, ?, ?, ?, ifnull(?, x''), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)`
	// insertArgs is the number of parameters of insertRow.
	insertArgs = 19
	whereKey   = ` WHERE name = ? AND host_key = ? AND top_frame_site_key = ? AND path = ? AND source_scheme = ? AND source_port IN (?, ?) AND has_cross_site_ancestor = ?`
	updateSQL  = `UPDATE cookies SET last_access_utc = ?` + whereKey
	deleteSQL  = `DELETE FROM cookies` + whereKey
)

// insertRows is how many rows one INSERT statement writes at most: fewer
// statements per commit, the same rows.
const insertRows = 64

// insertSQL returns an INSERT statement of n rows.
func insertSQL(n int) string {
	return insertHead + insertRow + strings.Repeat(", "+insertRow, n-1)
}

// writeTx is one commit's transaction and its prepared statements.
type writeTx struct {
	s       *Store
	ctx     context.Context
	tx      *sql.Tx
	inserts map[int]*sql.Stmt
	update  *sql.Stmt
	delete  *sql.Stmt
	softs   []error
	args    []any
}

func (w *writeTx) prepare(text string) (*sql.Stmt, error) {
	st, err := w.tx.PrepareContext(w.ctx, text)
	if err != nil {
		return nil, fmt.Errorf("preparing a statement: %w", err)
	}
	return st, nil
}

func (w *writeTx) close() {
	for _, st := range w.inserts {
		_ = st.Close()
	}
	for _, st := range []*sql.Stmt{w.update, w.delete} {
		if st != nil {
			_ = st.Close()
		}
	}
}

// pendingAdd is an insertion with its encoded value.
type pendingAdd struct {
	o         *op
	value     string
	encrypted []byte
}

// write runs the operations of q in one transaction. soft reports
// operations that were skipped (a value that failed to encrypt); err a
// failed transaction, which was rolled back.
//
// Operations of different unique keys touch different rows, so they may
// run in any order; those of one key must keep theirs. write runs the
// first operation of every key, then the second of every key, and so on,
// and writes the insertions of each round in multi-row statements.
func (s *Store) write(q *opQueue) (soft, err error) {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	w := &writeTx{s: s, ctx: context.Background(), inserts: make(map[int]*sql.Stmt)}
	if w.tx, err = s.db.BeginTx(w.ctx, nil); err != nil {
		return nil, fmt.Errorf("starting the transaction: %w", err)
	}
	defer w.close()
	// Whatever ends the transaction early, it is undone; after Commit,
	// Rollback does nothing.
	defer func() { _ = w.tx.Rollback() }()
	rounds := 0
	for _, k := range q.keys {
		rounds = max(rounds, len(q.ops[k]))
	}
	var adds []pendingAdd
	for round := 0; round < rounds; round++ {
		adds = adds[:0]
		for i := range q.keys {
			list := q.ops[q.keys[i]]
			if round >= len(list) {
				continue
			}
			o := &list[round]
			if s.hooks.op != nil {
				s.hooks.op(o.kind)
			}
			if o.kind == opAdd {
				value, encrypted, eerr := s.encodeValue(&o.cookie)
				if eerr != nil {
					w.softs = append(w.softs, fmt.Errorf("sqlitestore: commit to %s: cookie %q on %q not stored: %w",
						s.path, o.cookie.Name, o.cookie.Domain, eerr))
					continue
				}
				adds = append(adds, pendingAdd{o: o, value: value, encrypted: encrypted})
				continue
			}
			if err = w.exec(o); err != nil {
				return errors.Join(w.softs...), err
			}
		}
		for start := 0; start < len(adds); start += insertRows {
			if err = w.insert(adds[start:min(start+insertRows, len(adds))]); err != nil {
				return errors.Join(w.softs...), err
			}
		}
	}
	if err = w.tx.Commit(); err != nil {
		return errors.Join(w.softs...), fmt.Errorf("committing: %w", err)
	}
	if s.hooks.committed != nil {
		s.hooks.committed(q.n)
	}
	return errors.Join(w.softs...), nil
}

// exec runs an UPDATE or a DELETE.
func (w *writeTx) exec(o *op) error {
	c := &o.cookie
	var err error
	switch o.kind {
	case opUpdateAccess:
		if w.update == nil {
			if w.update, err = w.prepare(updateSQL); err != nil {
				return err
			}
		}
		port, alias := portKeysInDB(c.SourcePort)
		_, err = w.update.ExecContext(w.ctx, toDB(c.LastAccess), c.Name, c.Domain, o.site, c.Path,
			int64(c.SourceScheme), port, alias, b2i(o.cross))
	case opDelete:
		if w.delete == nil {
			if w.delete, err = w.prepare(deleteSQL); err != nil {
				return err
			}
		}
		port, alias := portKeysInDB(c.SourcePort)
		_, err = w.delete.ExecContext(w.ctx, c.Name, c.Domain, o.site, c.Path,
			int64(c.SourceScheme), port, alias, b2i(o.cross))
	}
	if err != nil {
		return fmt.Errorf("%s of cookie %q on %q: %w", o.kind, c.Name, c.Domain, err)
	}
	return nil
}

// insert writes adds in one statement. If a row's unique key exists the
// statement is undone (the transaction goes on) and the rows are inserted
// one by one, skipping and logging the existing ones as Chromium does.
func (w *writeTx) insert(adds []pendingAdd) error {
	st := w.inserts[len(adds)]
	if st == nil {
		var err error
		if st, err = w.prepare(insertSQL(len(adds))); err != nil {
			return err
		}
		w.inserts[len(adds)] = st
	}
	w.args = w.args[:0]
	for _, a := range adds {
		c := &a.o.cookie
		w.args = append(w.args, toDB(c.Creation), c.Domain, a.o.site, c.Name, a.value, a.encrypted, c.Path,
			toDB(c.Expiry), b2i(c.Secure), b2i(c.HTTPOnly), toDB(c.LastAccess), b2i(c.IsPersistent()),
			b2i(c.IsPersistent()), priorityToDB(c.Priority), sameSiteToDB(c.SameSite),
			int64(c.SourceScheme), portToDB(c.SourcePort), toDB(c.LastUpdate), b2i(a.o.cross))
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
	c := &adds[0].o.cookie
	w.s.logf("sqlitestore: skipped inserting cookie %q on %q path %q: a row with its unique key exists", c.Name, c.Domain, c.Path)
	return nil
}

// encodeValue returns the value and encrypted_value columns of c: the
// plaintext and nil without a Crypter; "" and Encrypt(SHA-256(host_key) ‖
// value) with one.
func (s *Store) encodeValue(c *cookiemonster.CanonicalCookie) (string, []byte, error) {
	if s.crypter == nil {
		return c.Value, nil, nil
	}
	h := sha256.Sum256([]byte(c.Domain))
	plain := make([]byte, 0, len(h)+len(c.Value))
	plain = append(append(plain, h[:]...), c.Value...)
	enc, err := s.crypter.Encrypt(plain)
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
