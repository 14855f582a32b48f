package sqlitestore

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cookiemonster-go/cookiemonster"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// stmtCounter counts the statements commits run, by kind, and the commits.
type stmtCounter struct {
	mu      sync.Mutex
	stmts   map[opKind]int
	commits []int
}

func (c *stmtCounter) hooks() *testHooks {
	c.stmts = map[opKind]int{}
	return &testHooks{
		op: func(k opKind) {
			c.mu.Lock()
			defer c.mu.Unlock()
			c.stmts[k]++
		},
		committed: func(n int) {
			c.mu.Lock()
			defer c.mu.Unlock()
			c.commits = append(c.commits, n)
		},
	}
}

func (c *stmtCounter) get() (map[opKind]int, []int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	m := map[opKind]int{}
	for k, v := range c.stmts {
		m[k] = v
	}
	return m, append([]int(nil), c.commits...)
}

func (c *stmtCounter) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.stmts = map[opKind]int{}
	c.commits = nil
}

func TestCoalescing(t *testing.T) {
	path := dbPath(t)
	var cnt stmtCounter
	s := openT(t, path, &Options{CommitInterval: time.Hour}, cnt.hooks())
	ctx := context.Background()
	a, b, c, d := genCookie(1), genCookie(2), genCookie(4), genCookie(8)
	s.Add(d) // d is in the database before the batch below
	require.NoError(t, s.Flush(ctx))
	cnt.reset()

	// a: added, touched twice, deleted, added again with a new value →
	// DELETE + INSERT.
	s.Add(a)
	a2 := *a
	a2.LastAccess = a.LastAccess.Add(time.Minute)
	s.UpdateAccessTime(&a2)
	a2.LastAccess = a.LastAccess.Add(2 * time.Minute)
	s.UpdateAccessTime(&a2)
	s.Delete(&a2)
	a3 := *a
	a3.Value = "new"
	s.Add(&a3)
	// b: added, then two consecutive access updates → INSERT + one UPDATE
	// (the second replaces the first).
	s.Add(b)
	b2 := *b
	b2.LastAccess = b.LastAccess.Add(time.Minute)
	s.UpdateAccessTime(&b2)
	b2.LastAccess = b.LastAccess.Add(3 * time.Minute)
	s.UpdateAccessTime(&b2)
	// c: added and deleted in the same batch → one DELETE.
	s.Add(c)
	s.Delete(c)
	// d: five access updates → one UPDATE with the last time.
	d2 := *d
	for i := 1; i <= 5; i++ {
		d2.LastAccess = d.LastAccess.Add(time.Duration(i) * time.Minute)
		s.UpdateAccessTime(&d2)
	}
	// The caller's cookie changing after the call must not matter.
	d2.LastAccess = time.Time{}
	require.NoError(t, s.Flush(ctx))

	stmts, commits := cnt.get()
	assert.Equal(t, map[opKind]int{opAdd: 2, opUpdateAccess: 2, opDelete: 2}, stmts)
	assert.Equal(t, []int{6}, commits, "one transaction")
	d2.LastAccess = d.LastAccess.Add(5 * time.Minute)
	require.NoError(t, s.Close())
	assert.Equal(t, sorted([]*cookiemonster.CanonicalCookie{&a3, &b2, &d2}), sorted(loadAllKeep(t, path, nil)))
}

func TestQueueCoalescingRules(t *testing.T) {
	q := newOpQueue()
	k1 := cookiemonster.UniqueKey{Name: "a"}
	k2 := cookiemonster.UniqueKey{Name: "b"}
	kinds := func(k cookiemonster.UniqueKey) []opKind {
		var out []opKind
		for _, o := range q.ops[k] {
			out = append(out, o.kind)
		}
		return out
	}
	q.push(k1, op{kind: opUpdateAccess})
	q.push(k1, op{kind: opUpdateAccess})
	assert.Equal(t, []opKind{opUpdateAccess}, kinds(k1))
	q.push(k1, op{kind: opAdd})
	q.push(k1, op{kind: opUpdateAccess})
	assert.Equal(t, []opKind{opUpdateAccess, opAdd, opUpdateAccess}, kinds(k1), "only consecutive updates merge")
	q.push(k2, op{kind: opAdd})
	q.push(k1, op{kind: opDelete})
	assert.Equal(t, []opKind{opDelete}, kinds(k1))
	q.push(k1, op{kind: opAdd})
	assert.Equal(t, []opKind{opDelete, opAdd}, kinds(k1), "an add after a delete")
	assert.Equal(t, []cookiemonster.UniqueKey{k1, k2}, q.keys)
	assert.Equal(t, 3, q.n)
}

func TestBatchSizeTriggersCommit(t *testing.T) {
	path := dbPath(t)
	var cnt stmtCounter
	s := openT(t, path, &Options{CommitInterval: time.Hour}, cnt.hooks())
	for i := 0; i < DefaultBatchSize-1; i++ {
		s.Add(genCookie(i))
	}
	time.Sleep(200 * time.Millisecond)
	_, commits := cnt.get()
	assert.Empty(t, commits, "511 operations wait for the timer")
	assert.Equal(t, 0, countRows(t, path))

	s.Add(genCookie(DefaultBatchSize - 1))
	require.Eventually(t, func() bool { _, c := cnt.get(); return len(c) == 1 }, 10*time.Second, 5*time.Millisecond)
	_, commits = cnt.get()
	assert.Equal(t, []int{DefaultBatchSize}, commits, "the 512th operation started a commit without Flush")
	assert.Equal(t, DefaultBatchSize, countRows(t, path))
}

func TestBatchSizeConfigurable(t *testing.T) {
	path := dbPath(t)
	var cnt stmtCounter
	s := openT(t, path, &Options{CommitInterval: time.Hour, BatchSize: 10}, cnt.hooks())
	for i := 0; i < 25; i++ {
		s.Add(genCookie(i))
		if i == 9 || i == 19 {
			// Wait for each batch so that the counts are exact.
			want := (i + 1) / 10
			require.Eventually(t, func() bool { _, c := cnt.get(); return len(c) == want }, 10*time.Second, 5*time.Millisecond)
		}
	}
	_, commits := cnt.get()
	assert.Equal(t, []int{10, 10}, commits)
	assert.Equal(t, 20, countRows(t, path))
}

func TestIntervalTriggersCommit(t *testing.T) {
	path := dbPath(t)
	var cnt stmtCounter
	s := openT(t, path, &Options{CommitInterval: 100 * time.Millisecond}, cnt.hooks())
	start := time.Now()
	s.Add(genCookie(1))
	s.Add(genCookie(2))
	require.Eventually(t, func() bool { _, c := cnt.get(); return len(c) == 1 }, 10*time.Second, 2*time.Millisecond)
	assert.GreaterOrEqual(t, time.Since(start), 100*time.Millisecond)
	_, commits := cnt.get()
	assert.Equal(t, []int{2}, commits)
	assert.Equal(t, 2, countRows(t, path))
	// The timer is re-armed by the next operation only.
	time.Sleep(250 * time.Millisecond)
	_, commits = cnt.get()
	assert.Equal(t, []int{2}, commits, "no empty commits")
	s.Delete(genCookie(1))
	require.Eventually(t, func() bool { _, c := cnt.get(); return len(c) == 2 }, 10*time.Second, 2*time.Millisecond)
	assert.Equal(t, 1, countRows(t, path))
}

// TestWritesNeverBlock: while a commit is stuck inside its transaction,
// Add, UpdateAccessTime and Delete still return at once.
func TestWritesNeverBlock(t *testing.T) {
	path := dbPath(t)
	stuck := make(chan struct{})
	release := make(chan struct{})
	var once sync.Once
	s := openT(t, path, &Options{CommitInterval: time.Hour, BatchSize: 1}, &testHooks{op: func(opKind) {
		once.Do(func() {
			close(stuck)
			<-release
		})
	}})
	s.Add(genCookie(0))
	<-stuck
	start := time.Now()
	for i := 1; i <= 3000; i++ {
		c := genCookie(i)
		s.Add(c)
		s.UpdateAccessTime(c)
		s.Delete(genCookie(i - 1))
	}
	elapsed := time.Since(start)
	assert.Less(t, elapsed, 2*time.Second, "9000 operations during a stuck commit")
	close(release)
	require.NoError(t, s.Flush(context.Background()))
	require.NoError(t, s.Close())
	got := loadAllKeep(t, path, nil)
	assert.Equal(t, []*cookiemonster.CanonicalCookie{genCookie(3000)}, got)
}

func TestDuplicateInsertIsSkippedNotAnError(t *testing.T) {
	path := dbPath(t)
	logs := &logSink{}
	var errs []error
	s := openT(t, path, &Options{Logf: logs.logf, OnError: func(err error) { errs = append(errs, err) }}, nil)
	c := genCookie(1)
	s.Add(c)
	require.NoError(t, s.Flush(context.Background()))
	other := *c
	other.Value = "second"
	s.Add(&other) // no Delete first: the unique index refuses it
	s.Add(genCookie(2))
	require.NoError(t, s.Flush(context.Background()))
	assert.Empty(t, errs)
	require.Len(t, logs.all(), 1)
	assert.Contains(t, logs.all()[0], `skipped inserting cookie "n1"`)
	require.NoError(t, s.Close())
	assert.Equal(t, sorted([]*cookiemonster.CanonicalCookie{c, genCookie(2)}), sorted(loadAll(t, path, nil)))
}

// TestBackgroundErrorReported: a failing background commit reaches
// OnError and the next Flush; its operations are kept and retried.
func TestBackgroundErrorReported(t *testing.T) {
	path := dbPath(t)
	var mu sync.Mutex
	var bg []error
	s := openT(t, path, &Options{CommitInterval: time.Hour, BatchSize: 3, OnError: func(err error) {
		mu.Lock()
		defer mu.Unlock()
		bg = append(bg, err)
	}}, nil)
	db := rawDB(t, path)
	_, err := db.Exec(`ALTER TABLE cookies RENAME TO cookies_away`)
	require.NoError(t, err)

	for i := 0; i < 3; i++ {
		s.Add(genCookie(i))
	}
	require.Eventually(t, func() bool { mu.Lock(); defer mu.Unlock(); return len(bg) == 1 }, 10*time.Second, 5*time.Millisecond)
	mu.Lock()
	bgErr := bg[0]
	mu.Unlock()
	// The statement fails as it is prepared or as it runs, as SQLite
	// decides.
	assert.Contains(t, []string{
		"sqlitestore: commit to " + path + ": 3 operations failed and will be retried: INSERT of 3 cookies: SQL logic error: no such table: cookies (1)",
		"sqlitestore: commit to " + path + ": 3 operations failed and will be retried: preparing a statement: SQL logic error: no such table: cookies (1)",
	}, bgErr.Error())

	_, err = db.Exec(`ALTER TABLE cookies_away RENAME TO cookies`)
	require.NoError(t, err)
	s.Add(genCookie(3))
	err = s.Flush(context.Background())
	require.Error(t, err, "the background error is returned by the next Flush")
	assert.Equal(t, bgErr.Error(), err.Error(), "and only it: this Flush's own commit succeeded")
	assert.NoError(t, s.Flush(context.Background()), "reported once")
	assert.Equal(t, 4, countRows(t, path), "the failed batch was retried")
}

func TestFlushReturnsItsOwnCommitError(t *testing.T) {
	path := dbPath(t)
	var onErr atomic.Int32
	s := openT(t, path, &Options{CommitInterval: time.Hour, OnError: func(error) { onErr.Add(1) }}, nil)
	db := rawDB(t, path)
	_, err := db.Exec(`DROP TABLE cookies`)
	require.NoError(t, err)
	s.Add(genCookie(1))
	err = s.Flush(context.Background())
	require.Error(t, err)
	// The statement fails as it is prepared or as it runs, as SQLite
	// decides.
	want := []string{
		"sqlitestore: commit to " + path + ": 1 operations failed and will be retried: preparing a statement: SQL logic error: no such table: cookies (1)",
		"sqlitestore: commit to " + path + ": 1 operations failed and will be retried: INSERT of 1 cookies: SQL logic error: no such table: cookies (1)",
	}
	assert.Contains(t, want, err.Error())
	assert.Equal(t, int32(0), onErr.Load(), "a Flush's own error goes to its caller")
	err = s.Close()
	require.Error(t, err, "Close retried and failed again")
	lines := strings.Split(err.Error(), "\n")
	require.Len(t, lines, 2, err.Error())
	assert.Contains(t, []string{
		"sqlitestore: commit to " + path + ": 1 operations failed and are lost, the store closing: preparing a statement: SQL logic error: no such table: cookies (1)",
		"sqlitestore: commit to " + path + ": 1 operations failed and are lost, the store closing: INSERT of 1 cookies: SQL logic error: no such table: cookies (1)",
	}, lines[0], "the last commit's operations are not retried")
	assert.Equal(t, "sqlitestore: close "+path+": arming the hosts index: SQL logic error: no such table: main.cookies (1)", lines[1],
		"nor can the triggers be created on the missing table")
}

type failCrypter struct{}

func (failCrypter) Encrypt([]byte) ([]byte, error) { return nil, errors.New("no key") }
func (failCrypter) Decrypt([]byte) ([]byte, error) { return nil, errors.New("no key") }

func TestEncryptFailureSkipsThatAddOnly(t *testing.T) {
	path := dbPath(t)
	s := openT(t, path, &Options{Crypter: failCrypter{}}, nil)
	s.Add(genCookie(1))
	s.Delete(genCookie(2))
	err := s.Flush(context.Background())
	require.Error(t, err)
	assert.Equal(t, "sqlitestore: commit to "+path+`: cookie "n1" on "h1.site1.com" not stored: encrypting the value: no key`, err.Error())
	assert.NoError(t, s.Flush(context.Background()))
	assert.Equal(t, 0, countRows(t, path))
}

func TestClosedStore(t *testing.T) {
	path := dbPath(t)
	lost := make(chan error, 1)
	s := openT(t, path, &Options{OnError: func(err error) { lost <- err }}, nil)
	s.Add(genCookie(1))
	require.NoError(t, s.Close())
	assert.NoError(t, s.Close(), "a second Close does nothing")
	err := s.Flush(context.Background())
	assert.ErrorIs(t, err, ErrClosed)
	assert.ErrorIs(t, err, cookiemonster.ErrStoreClosed)
	assert.Equal(t, "sqlitestore: flush "+path+": store is closed", err.Error())
	_, err = s.Load(context.Background())
	assert.ErrorIs(t, err, ErrClosed)
	assert.ErrorIs(t, err, cookiemonster.ErrStoreClosed)
	assert.Equal(t, "sqlitestore: load "+path+": store is closed", err.Error())
	_, err = s.LoadKey(context.Background(), "site1.com")
	assert.ErrorIs(t, err, ErrClosed)
	assert.ErrorIs(t, err, cookiemonster.ErrStoreClosed)
	assert.Equal(t, "sqlitestore: load \"site1.com\" from "+path+": store is closed", err.Error())
	s.Add(genCookie(2))
	s.Add(genCookie(3))
	select {
	case err := <-lost:
		assert.ErrorIs(t, err, ErrClosed)
		assert.Equal(t, `sqlitestore: INSERT of cookie "n2" on "h2.site2.com" after Close, not written to `+path+": store is closed", err.Error())
	case <-time.After(5 * time.Second):
		t.Fatal("an operation after Close was dropped silently")
	}
	assert.Equal(t, 1, countRows(t, path), "Close committed the queue")
}

func TestNoncedPartitionIsNotStored(t *testing.T) {
	path := dbPath(t)
	logs := &logSink{}
	s := openT(t, path, &Options{Logf: logs.logf}, nil)
	k, err := cookiemonster.NewNoncedPartitionKey(mustURL(t, "https://top.com/"), cookiemonster.Nonce{1})
	require.NoError(t, err)
	c := genCookie(1)
	c.Partition = k
	s.Add(c)
	require.NoError(t, s.Flush(context.Background()))
	assert.Equal(t, 0, countRows(t, path))
	require.Eventually(t, func() bool { return len(logs.all()) == 1 }, 5*time.Second, time.Millisecond)
	assert.Contains(t, logs.all()[0], "cannot be serialized")
}

func TestFlushWaitHonoursContext(t *testing.T) {
	path := dbPath(t)
	stuck := make(chan struct{})
	release := make(chan struct{})
	var once sync.Once
	s := openT(t, path, &Options{BatchSize: 1}, &testHooks{op: func(opKind) {
		once.Do(func() { close(stuck); <-release })
	}})
	s.Add(genCookie(1))
	<-stuck
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	err := s.Flush(ctx)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	close(release)
	require.NoError(t, s.Flush(context.Background()))
	assert.Equal(t, 1, countRows(t, path))
}

// TestFailedCommitRollsBack: an operation failing in the middle of a
// commit undoes the operations before it in the transaction and ends the
// transaction, so that the database stays writable; the batch is retried
// whole by the next commit.
func TestFailedCommitRollsBack(t *testing.T) {
	path := dbPath(t)
	s := openT(t, path, &Options{CommitInterval: time.Hour}, nil)
	ctx := context.Background()
	x, y := genCookie(1), genCookie(2)
	s.Add(x)
	s.Add(y)
	require.NoError(t, s.Flush(ctx))

	db := rawDB(t, path)
	_, err := db.Exec(`PRAGMA busy_timeout = 200`)
	require.NoError(t, err)
	_, err = db.Exec(`CREATE TRIGGER refuse BEFORE UPDATE ON cookies WHEN old.name = 'n2' BEGIN SELECT RAISE(ABORT, 'update refused'); END`)
	require.NoError(t, err)
	// One batch, in this order: x's DELETE succeeds, y's UPDATE fails,
	// z's INSERT is not reached.
	s.Delete(x)
	y2 := *y
	y2.LastAccess = y.LastAccess.Add(time.Hour)
	s.UpdateAccessTime(&y2)
	z := genCookie(3)
	s.Add(z)
	err = s.Flush(ctx)
	require.Error(t, err)
	assert.Equal(t, "sqlitestore: commit to "+path+`: 3 operations failed and will be retried: UPDATE of cookie "n2" on "h2.site2.com": constraint failed: update refused (1811)`, err.Error())

	// The DELETE was undone and no write lock is left behind: another
	// connection writes at once.
	names := func() []string {
		rows, err := db.Query(`SELECT name FROM cookies ORDER BY name`)
		require.NoError(t, err)
		defer rows.Close()
		var out []string
		for rows.Next() {
			var n string
			require.NoError(t, rows.Scan(&n))
			out = append(out, n)
		}
		require.NoError(t, rows.Err())
		return out
	}
	assert.Equal(t, []string{"n1", "n2"}, names())
	_, err = db.Exec(`DROP TRIGGER refuse`)
	require.NoError(t, err, "the failed commit's transaction still holds the database")

	require.NoError(t, s.Flush(ctx), "the retried batch commits")
	assert.Equal(t, []string{"n2", "n3"}, names())
	require.NoError(t, s.Close())
	assert.Equal(t, sorted([]*cookiemonster.CanonicalCookie{&y2, z}), sorted(loadAll(t, path, nil)))
}
