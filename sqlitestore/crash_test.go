package sqlitestore

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cookiemonster-go/cookiemonster"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The crash test's workload: the child writes cookie seq, deletes cookie
// seq-Window and moves the last access of cookie seq-crashTouchLag (when
// that number is a multiple of 3) forward by an hour; after every
// FlushEvery cookies it calls Flush and prints "ACK seq". The default
// workload flushes every crashFlushEvery cookies, deletes crashWindow
// cookies behind, commits in the background every 64 operations or
// 15 ms; crashEnvWorkload gives another, as JSON.
const (
	crashEnvDB       = "SQLITESTORE_CRASH_CHILD_DB"
	crashEnvStart    = "SQLITESTORE_CRASH_CHILD_START"
	crashEnvWorkload = "SQLITESTORE_CRASH_CHILD_WORKLOAD"
	crashWindow      = 1000
	crashTouchLag    = 10
	crashFlushEvery  = 50
	crashKills       = 60
	crashBudget      = 40 * time.Second
)

// crashWorkload is the workload of a crash child.
type crashWorkload struct {
	FlushEvery int           // cookies per Flush
	Window     int           // how far behind the deletions are; at least 3*FlushEvery
	BatchSize  int           // Options.BatchSize
	Interval   time.Duration // Options.CommitInterval
}

// defaultCrashWorkload is the workload of TestCrashSafety.
var defaultCrashWorkload = crashWorkload{FlushEvery: crashFlushEvery, Window: crashWindow, BatchSize: 64, Interval: 15 * time.Millisecond}

// crashCookie is cookie seq of the crash workload.
func crashCookie(seq int) *cookiemonster.CanonicalCookie {
	c := genCookie(seq)
	c.Name = "c" + strconv.Itoa(seq)
	return c
}

// crashTouched is cookie seq after its access-time update.
func crashTouched(seq int) *cookiemonster.CanonicalCookie {
	c := crashCookie(seq)
	c.LastAccess = c.LastAccess.Add(time.Hour)
	return c
}

func crashTouches(seq int) bool { return seq%3 == 0 }

// TestCrashChild is the child process of TestCrashSafety; it does nothing
// unless started by it.
func TestCrashChild(t *testing.T) {
	path := os.Getenv(crashEnvDB)
	if path == "" {
		t.Skip("the child process of TestCrashSafety")
	}
	if os.Getenv(crashEnvLoad) != "" {
		crashLoadChild(t, path)
		return
	}
	w := defaultCrashWorkload
	if j := os.Getenv(crashEnvWorkload); j != "" {
		require.NoError(t, json.Unmarshal([]byte(j), &w))
	}
	start, err := strconv.Atoi(os.Getenv(crashEnvStart))
	require.NoError(t, err)
	s, err := Open(path, &Options{CommitInterval: w.Interval, BatchSize: w.BatchSize,
		Logf: func(format string, args ...any) {
			if line := fmt.Sprintf(format, args...); strings.Contains(line, "dropped") {
				fmt.Printf("DROP %s\n", line)
			}
		}})
	require.NoError(t, err)
	s.KeepSessionCookies(true)
	ctx := context.Background()
	_, err = s.Load(ctx)
	require.NoError(t, err)
	fmt.Printf("READY %d\n", start)
	stop := time.Now().Add(20 * time.Second) // if the parent is gone
	for seq := start; time.Now().Before(stop); seq++ {
		s.Add(crashCookie(seq))
		if seq >= w.Window {
			s.Delete(crashCookie(seq - w.Window))
		}
		if old := seq - crashTouchLag; old >= 0 && crashTouches(old) {
			s.UpdateAccessTime(crashTouched(old))
		}
		if seq%w.FlushEvery == 0 {
			if err := s.Flush(ctx); err != nil {
				fmt.Printf("ERROR %v\n", err)
				os.Exit(3)
			}
			fmt.Printf("ACK %d\n", seq)
		}
	}
	require.NoError(t, s.Close())
}

// TestCrashSafety kills a writing child process with SIGKILL at random
// moments, at least 50 times, and checks after each kill that the database
// is intact and holds every acknowledged write: the cookies flushed are
// there field for field, the deletions flushed are done, and nothing that
// was never written appears.
func TestCrashSafety(t *testing.T) {
	if os.Getenv(crashEnvDB) != "" {
		t.Skip("in the child")
	}
	r := crashRun{w: defaultCrashWorkload, kills: crashKills, minKills: 50, budget: crashBudget,
		startup: 200 * time.Millisecond, writing: 300 * time.Millisecond}
	st := r.run(t)
	assert.GreaterOrEqual(t, st.kills, 50)
	assert.Greater(t, st.ack, 10*crashFlushEvery, "the children got work done")
}

// crashRun is a series of kills of crash children: up to kills, and
// more than minKills unless budget has passed. One kill in eight lands at
// a random moment of the child's startup, within startup (before or while
// it opens, recovers and loads the database); the others at a random
// moment within writing after it is ready, while it writes and flushes.
// With acks, those others wait instead for 1 to acks acknowledged
// flushes of the child, then land at a random moment of the next flush
// period (as long as the one from ready to the first acknowledgement, and
// half as long again), whatever the speed of the machine.
type crashRun struct {
	w                crashWorkload
	kills, minKills  int
	budget           time.Duration
	startup, writing time.Duration
	acks             int
}

// crashStats are the figures of a crashRun.
type crashStats struct {
	kills  int // children killed
	ready  int // of them, after the child was ready
	midRun int // of them, with new acknowledged flushes
	ack    int // the last acknowledged cookie
}

// run runs the kills on a new database, checking it after each, and logs
// and returns the figures.
func (r crashRun) run(t *testing.T) crashStats {
	t.Helper()
	begin := time.Now()
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, seed>>1))
	path := dbPath(t)
	workload, err := json.Marshal(r.w)
	require.NoError(t, err)
	st := crashStats{ack: -1}
	for st.kills < r.kills && (st.kills < r.minKills || time.Since(begin) < r.budget) {
		start := st.ack + 1
		cmd := childTest("TestCrashChild", crashEnvDB+"="+path, crashEnvStart+"="+strconv.Itoa(start),
			crashEnvWorkload+"="+string(workload))
		out, err := cmd.StdoutPipe()
		require.NoError(t, err)
		require.NoError(t, cmd.Start())
		var childAck atomic.Int64
		childAck.Store(-1)
		var sawReady atomic.Bool
		readyCh := make(chan struct{})
		acked := make(chan struct{}, 1<<16) // one per ACK
		lines := make(chan string, 16)
		done := make(chan struct{})
		go func() {
			defer close(done)
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				line := sc.Text()
				switch {
				case strings.HasPrefix(line, "ACK "):
					n, err := strconv.Atoi(strings.TrimPrefix(line, "ACK "))
					if err == nil {
						childAck.Store(int64(n))
						acked <- struct{}{}
					}
				case strings.HasPrefix(line, "READY "):
					sawReady.Store(true)
					close(readyCh)
				case strings.HasPrefix(line, "DROP "), strings.HasPrefix(line, "ERROR "):
					lines <- line
				}
			}
		}()
		var delay time.Duration
		switch {
		case rng.IntN(8) == 0:
			delay = time.Duration(rng.Int64N(int64(r.startup)))
		case r.acks > 0:
			select {
			case <-readyCh:
			case <-time.After(time.Minute):
			}
			ready := time.Now()
			period := time.Minute
			for i := rng.IntN(r.acks) + 1; i > 0; i-- {
				select {
				case <-acked:
					period = min(period, time.Since(ready))
				case <-time.After(time.Minute):
				}
			}
			delay = time.Duration(rng.Int64N(int64(period * 3 / 2)))
		default:
			select {
			case <-readyCh:
			case <-time.After(10 * time.Second):
			}
			delay = time.Duration(rng.Int64N(int64(r.writing)))
		}
		time.Sleep(delay)
		require.NoError(t, cmd.Process.Kill()) // SIGKILL
		<-done
		_ = cmd.Wait()
		st.kills++
		if sawReady.Load() {
			st.ready++
		}
		select {
		case line := <-lines:
			t.Fatalf("kill %d: child reported %q", st.kills, line)
		default:
		}
		if a := int(childAck.Load()); a > st.ack {
			st.ack = a
			st.midRun++
		}
		checkCrashDB(t, path, r.w, st.ack, st.kills)
		if t.Failed() {
			t.Fatalf("kill %d (delay %v, seed %d) left a bad database", st.kills, delay, seed)
		}
	}
	t.Logf("%d kills (%d after the child was ready, %d with new acknowledged flushes), last acknowledged cookie %d, %v",
		st.kills, st.ready, st.midRun, st.ack, time.Since(begin))
	return st
}

// checkCrashDB checks the database after a kill of a child of workload w,
// given the last acknowledged seq.
func checkCrashDB(t *testing.T, path string, w crashWorkload, ack, kill int) {
	t.Helper()
	if _, err := os.Stat(path); err != nil {
		require.Equal(t, -1, ack, "kill %d: acknowledged writes but no database", kill)
		return
	}
	db, err := sql.Open("sqlite", dsn(path))
	require.NoError(t, err)
	var res string
	require.NoError(t, db.QueryRow(`PRAGMA integrity_check`).Scan(&res))
	require.NoError(t, db.Close())
	require.Equal(t, "ok", res, "kill %d: integrity_check", kill)

	logs := &logSink{}
	s, err := Open(path, &Options{Logf: logs.logf})
	require.NoError(t, err, "kill %d", kill)
	s.KeepSessionCookies(true)
	got, err := s.Load(context.Background())
	require.NoError(t, err)
	require.NoError(t, s.Close())
	for _, l := range logs.all() {
		assert.NotContains(t, l, "dropped", "kill %d", kill)
	}

	bySeq := make(map[int]*cookiemonster.CanonicalCookie, len(got))
	for _, c := range got {
		seq, err := strconv.Atoi(strings.TrimPrefix(c.Name, "c"))
		require.NoError(t, err, "kill %d: unexpected cookie %q", kill, c.Name)
		_, dup := bySeq[seq]
		require.False(t, dup, "kill %d: cookie %d twice", kill, seq)
		bySeq[seq] = c
	}
	// Writes past the last acknowledgement may or may not be there, but at
	// most two flush periods of them (the flush whose ACK was not printed,
	// and the background commits after it).
	limit := ack + 2*w.FlushEvery
	for seq, c := range bySeq {
		require.LessOrEqual(t, seq, limit, "kill %d: cookie %d was never written", kill, seq)
		require.Greater(t, seq, ack-w.Window, "kill %d: cookie %d's deletion was acknowledged", kill, seq)
		want := crashCookie(seq)
		switch {
		case crashTouches(seq) && seq+crashTouchLag <= ack:
			want = crashTouched(seq) // the update was acknowledged
		case crashTouches(seq) && c.LastAccess.Equal(crashTouched(seq).LastAccess):
			want = crashTouched(seq) // an update committed but not acknowledged
		}
		require.Equal(t, want, c, "kill %d: cookie %d", kill, seq)
	}
	// Every acknowledged cookie whose deletion cannot have been committed
	// yet is there.
	for seq := max(0, limit-w.Window+1); seq <= ack; seq++ {
		_, ok := bySeq[seq] // not require.Contains, which walks the map
		require.True(t, ok, "kill %d: acknowledged cookie %d is missing (last ack %d)", kill, seq, ack)
	}
}
