package sqlitestore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/cookiemonster-go/cookiemonster"
)

// database is an open database file and what the stores on it share: the
// claim on the file, the connection pool, the options, the commit worker
// and its timer, and the locks that let one transaction write and one
// query load at a time. A Store made by Open has a database of its own;
// the stores of a Backend share the Backend's.
//
// The write queues are the stores' own, the commits the database's: a
// commit takes the queues of every open store and writes them in one
// transaction, so that many stores cost one fsync per commit, not one
// each. CommitInterval runs from the first operation queued in any store
// since the last commit, BatchSize counts the operations of every store.
type database struct {
	path     string // as given to Open or OpenBackend, for the errors
	lock     *fileLock
	db       *sql.DB
	interval time.Duration
	batch    int
	psl      cookiemonster.PublicSuffixList
	crypter  Crypter
	onError  func(error)
	logf     func(format string, args ...any)
	hooks    *testHooks

	// mu guards the fields below. It is never held with a Store's mu.
	mu     sync.Mutex
	open   map[string]*Store // the open stores, by ID
	nOps   int               // Add/UpdateAccessTime/Delete calls since the last commit took the queues
	timer  *time.Timer
	closed bool

	commitSem chan struct{} // one commit at a time
	writeMu   sync.Mutex    // one writing transaction at a time
	// hostsAdded holds hosts that commits have added to the hosts index
	// since it was last cleaned (a bounded set, guarded by writeMu).
	hostsAdded map[string]bool
	loadSem    chan struct{} // one load query at a time, whatever its store
	kick       chan struct{}
	done       chan struct{}
	workerDone chan struct{}
}

// openDatabase claims the file at path, checks it, opens it and starts
// the commit worker. multi says that the file is a Backend's: its store
// tables are checked and created too. The errors lack the "sqlitestore:
// open path" prefix, which the callers add.
func openDatabase(path string, opts *Options, hooks *testHooks, multi bool) (*database, error) {
	var o Options
	if opts != nil {
		o = *opts
	}
	if o.CommitInterval <= 0 {
		o.CommitInterval = DefaultCommitInterval
	}
	if o.BatchSize <= 0 {
		o.BatchSize = DefaultBatchSize
	}
	if o.Logf == nil {
		o.Logf = log.Printf
	}
	if hooks == nil {
		hooks = &testHooks{}
	}
	d := &database{
		path:       path,
		interval:   o.CommitInterval,
		batch:      o.BatchSize,
		psl:        o.PublicSuffixList,
		crypter:    o.Crypter,
		onError:    o.OnError,
		logf:       o.Logf,
		hooks:      hooks,
		open:       make(map[string]*Store),
		commitSem:  make(chan struct{}, 1),
		loadSem:    make(chan struct{}, 1),
		kick:       make(chan struct{}, 1),
		done:       make(chan struct{}),
		workerDone: make(chan struct{}),
	}
	if err := d.setup(multi); err != nil {
		return nil, markCorrupt(err)
	}
	go d.worker()
	return d, nil
}

// setup claims the file, checks it, opens the database and prepares the
// schema.
func (d *database) setup(multi bool) error {
	abs, err := filepath.Abs(d.path)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o700); err != nil {
		return fmt.Errorf("creating its directory: %w", err)
	}
	if err := checkOrphanWAL(abs, d.path); err != nil {
		return err
	}
	if d.lock, err = lockFile(abs); err != nil {
		return err
	}
	// On failure the database is closed before the lock's descriptor, as
	// in close.
	ok := false
	defer func() {
		if !ok {
			if d.db != nil {
				_ = d.db.Close()
			}
			_ = d.lock.release()
		}
	}()
	if err := inspect(d.lock.f, abs, multi); err != nil {
		return err
	}
	if d.db, err = sql.Open("sqlite", dsn(abs)); err != nil {
		return err
	}
	// One connection writes (commits or the session-cookie deletion)
	// while others read: a Load, a LoadKey and the listing of the stored
	// hosts that Open starts. WAL lets the readers go on while the writer
	// commits.
	d.db.SetMaxOpenConns(maxConns)
	d.db.SetMaxIdleConns(maxConns)
	d.db.SetConnMaxLifetime(0)
	d.db.SetConnMaxIdleTime(0)
	if err := d.init(context.Background(), multi); err != nil {
		return err
	}
	ok = true
	return nil
}

// maxConns is the size of a database's connection pool: a writer and
// three readers.
const maxConns = 4

// dsn is the modernc.org/sqlite data source name of the database at the
// absolute path p: a file: URI (so that any character of the path is
// escaped) with the connection settings every pooled connection gets. The
// journal mode is not among them: a connection setting it would rewrite
// the file's header as it opens, before Open has checked the file is a
// cookie database; Open switches an accepted database to WAL once, and the
// setting stays in the file.
//
// synchronous=FULL makes each commit fsync the write-ahead log before it
// returns, so a flushed cookie survives a power loss or an OS crash, not
// only a crash of the process (for which NORMAL would do). Commits are
// batched, so this costs one fsync per batch.
func dsn(p string) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "synchronous(FULL)")
	q.Add("_pragma", "foreign_keys(0)")
	q.Add("_pragma", "cache_size(-8192)")
	q.Add("_pragma", "temp_store(MEMORY)")
	q.Set("_txlock", "immediate")
	return fileURI(p, q)
}

// fileURI is the file: URI of the absolute path p with the query q.
func fileURI(p string, q url.Values) string {
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(p), OmitHost: true, RawQuery: q.Encode()}
	return u.String()
}

// init checks the schema once more, now through the journal (a hot
// rollback journal rolled back, or the write-ahead log), still before
// anything is written; then it switches the journal to WAL and creates
// what is missing of the schema (with multi, of the store tables too).
func (d *database) init(ctx context.Context, multi bool) error {
	if _, err := checkSchema(ctx, d.db, multi); err != nil {
		return err
	}
	var mode string
	if err := d.db.QueryRowContext(ctx, "PRAGMA journal_mode=WAL").Scan(&mode); err != nil {
		return fmt.Errorf("switching the journal to WAL: %w", err)
	}
	if mode != "wal" {
		return fmt.Errorf("journal mode is %q, not wal", mode)
	}
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("starting the schema transaction: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	create, err := checkSchema(ctx, tx, multi)
	if err != nil {
		return err
	}
	for _, q := range create {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("creating the schema: %w", err)
		}
	}
	if err := d.openHosts(ctx, tx); err != nil {
		return err
	}
	if slices.Contains(create, createMeta) {
		if _, err := tx.ExecContext(ctx, `INSERT INTO meta(key, value) VALUES ('version', ?), ('last_compatible_version', ?)`,
			CurrentVersion, CompatibleVersion); err != nil {
			return fmt.Errorf("writing the schema version: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("committing the schema: %w", err)
	}
	return nil
}

// worker commits in the background when kicked by the timer or a full
// batch, until close.
func (d *database) worker() {
	defer close(d.workerDone)
	for {
		select {
		case <-d.done:
			return
		case <-d.kick:
		}
		errs, _ := d.commit(context.Background(), nil)
		d.reportAll(errs, false)
	}
}

// kickCommit asks the worker for a commit without waiting.
func (d *database) kickCommit() {
	select {
	case d.kick <- struct{}{}:
	default:
	}
}

// queued counts an operation a store has queued: the first since the last
// commit starts the timer, the BatchSize-th kicks a commit.
func (d *database) queued() {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return
	}
	d.nOps++
	if d.timer == nil {
		d.timer = time.AfterFunc(d.interval, d.kickCommit)
	}
	if d.nOps >= d.batch {
		d.kickCommit()
	}
}

// retryLater starts the timer, if it is not running, for operations
// queued again after a failed commit.
func (d *database) retryLater() {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.timer == nil && !d.closed {
		d.timer = time.AfterFunc(d.interval, d.kickCommit)
	}
}

// storeBatch is the queue of one store, taken by a commit, and whether
// the store's row of the stores table is to be written (a new store of a
// Backend).
type storeBatch struct {
	s      *Store
	q      *opQueue
	record bool
}

// commit writes the queues of every open store in one transaction and
// returns the errors of each store: the operations it skipped, and a
// failed transaction, which was rolled back and whose operations are
// queued again, except those of the stores for which final is true: this
// is the last commit of a closing store, its operations are lost and its
// error says so. final nil: no store is closing. ctx bounds only the wait
// for another commit; err is that wait failing.
func (d *database) commit(ctx context.Context, final func(*Store) bool) (errs map[*Store]error, err error) {
	select {
	case d.commitSem <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-d.commitSem }()
	d.mu.Lock()
	stores := make([]*Store, 0, len(d.open))
	for _, s := range d.open {
		stores = append(stores, s)
	}
	d.nOps = 0
	if d.timer != nil {
		d.timer.Stop()
		d.timer = nil
	}
	d.mu.Unlock()
	// In ID order, so that a commit's statements do not depend on a map's.
	slices.SortFunc(stores, func(a, b *Store) int { return strings.Compare(a.id, b.id) })
	var batches []storeBatch
	n := 0
	for _, s := range stores {
		s.mu.Lock()
		b := s.takeLocked()
		s.mu.Unlock()
		if b.q.n > 0 || b.record {
			batches = append(batches, b)
			n += b.q.n
		}
	}
	if len(batches) == 0 {
		return nil, nil
	}
	softs, werr := d.write(batches, n)
	errs = make(map[*Store]error, len(softs))
	for s, list := range softs {
		errs[s] = errors.Join(list...)
	}
	if werr != nil {
		for _, b := range batches {
			if final != nil && final(b.s) {
				errs[b.s] = errors.Join(errs[b.s], fmt.Errorf("sqlitestore: commit to %s: %d operations failed and are lost, the store closing: %w",
					b.s.name(), b.q.n, werr))
				continue
			}
			b.s.requeue(b)
			errs[b.s] = errors.Join(errs[b.s], fmt.Errorf("sqlitestore: commit to %s: %d operations failed and will be retried: %w",
				b.s.name(), b.q.n, werr))
		}
		d.retryLater()
	}
	return errs, nil
}

// commitFor commits for s (Flush or Close of s; closing: the last commit
// of s, in its Close): it returns the errors of s, and hands those of the
// other stores to them as errors of a background commit.
func (d *database) commitFor(ctx context.Context, s *Store, closing bool) error {
	var final func(*Store) bool
	if closing {
		final = func(o *Store) bool { return o == s }
	}
	errs, err := d.commit(ctx, final)
	if err != nil {
		return fmt.Errorf("sqlitestore: commit to %s: waiting for the commit in progress: %w", s.name(), err)
	}
	own := errs[s]
	delete(errs, s)
	d.reportAll(errs, true)
	return own
}

// reportAll hands each store its errors of a background commit, in ID
// order, for its next Flush, and to OnError: at once from the worker,
// from another goroutine (async) for a commit that a Flush or Close of
// another store ran, whose caller must not run OnError.
func (d *database) reportAll(errs map[*Store]error, async bool) {
	stores := make([]*Store, 0, len(errs))
	for s, err := range errs {
		if err != nil {
			stores = append(stores, s)
		}
	}
	if len(stores) == 0 {
		return
	}
	slices.SortFunc(stores, func(a, b *Store) int { return strings.Compare(a.id, b.id) })
	list := make([]error, len(stores))
	for i, s := range stores {
		s.mu.Lock()
		s.errs = append(s.errs, errs[s])
		s.mu.Unlock()
		list[i] = errs[s]
	}
	if d.onError == nil {
		return
	}
	deliver := func() {
		for _, err := range list {
			d.onError(err)
		}
	}
	if async {
		go deliver()
	} else {
		deliver()
	}
}

// attach registers s as the open store of its ID.
func (d *database) attach(s *Store) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.open[s.id] = s
}

// detach forgets s: its ID may be opened again.
func (d *database) detach(s *Store) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.open[s.id] == s {
		delete(d.open, s.id)
	}
}

// isOpen reports whether a store of id is open.
func (d *database) isOpen(id string) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.open[id] != nil
}

// openStores returns the open stores in ID order.
func (d *database) openStores() []*Store {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := make([]*Store, 0, len(d.open))
	for _, s := range d.open {
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b *Store) int { return strings.Compare(a.id, b.id) })
	return out
}

// close stops the worker, commits what is queued, closes the database and
// releases the file. The stores must be closed (for the Store of Open:
// marked closed; its commit errors are returned with own's). It returns
// own's errors of the last commit (every store's when own is nil, each
// wrapped as the store's), then those of closing.
func (d *database) close(own *Store) error {
	d.mu.Lock()
	d.closed = true
	if d.timer != nil {
		d.timer.Stop()
		d.timer = nil
	}
	d.mu.Unlock()
	close(d.done)
	<-d.workerDone
	var errs []error
	if own != nil {
		errs = append(errs, d.commitFor(context.Background(), own, true))
	} else {
		// The stores are closed: this commit is the last of each.
		cerrs, _ := d.commit(context.Background(), func(*Store) bool { return true })
		d.reportAll(cerrs, false)
	}
	if err := d.shutHosts(context.Background()); err != nil {
		errs = append(errs, fmt.Errorf("sqlitestore: close %s: %w", d.path, err))
	}
	// Wait for a load in progress before closing the database under it.
	d.loadSem <- struct{}{}
	cerr := d.db.Close()
	<-d.loadSem
	if cerr != nil {
		errs = append(errs, fmt.Errorf("sqlitestore: close %s: closing the database: %w", d.path, cerr))
	}
	// Only now that SQLite has closed its descriptors of the file: closing
	// this one drops this process's fcntl locks on it.
	if lerr := d.lock.release(); lerr != nil {
		errs = append(errs, fmt.Errorf("sqlitestore: close %s: releasing the file: %w", d.path, lerr))
	}
	return errors.Join(errs...)
}
