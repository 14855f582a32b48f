package redisstore

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cookiemonster-go/cookiemonster"
	"github.com/cookiemonster-go/cookiemonster/internal/redisserver"
)

// ownServer starts a redis-server for one test, which may kill and
// restart it.
func ownServer(t *testing.T, durable bool) *redisserver.Server {
	t.Helper()
	start := redisserver.Start
	if durable {
		start = redisserver.StartDurable
	}
	srv, err := start(t.Context())
	if err != nil {
		redisserver.SkipOrFail(t, err)
	}
	t.Cleanup(srv.Stop)
	return srv
}

// setNames sets name=1 on https://www.siteN.example/ for each name, N
// being the name's number modulo 50.
func setNames(t *testing.T, w *worker, names ...string) {
	t.Helper()
	for _, n := range names {
		u := mustURL(t, fmt.Sprintf("https://www.site%d.example/", siteOf(n)))
		res, err := w.m.SetCookieLine(context.Background(), u, n+"=1; Max-Age=3600", httpAccess)
		require.NoError(t, err)
		require.True(t, res.Status.IsInclude(), n)
	}
}

// siteOf spreads names over 50 sites by their number.
func siteOf(name string) int {
	n, _ := strconv.Atoi(strings.TrimLeft(name, "abcdefghijklmnopqrstuvwxyz"))
	return n % 50
}

// names returns n names prefix0, prefix1, ...
func names(prefix string, from, to int) []string {
	var out []string
	for i := from; i < to; i++ {
		out = append(out, fmt.Sprintf("%s%d", prefix, i))
	}
	return out
}

// cookieNames returns the sorted names of a worker's cookies.
func cookieNames(t *testing.T, w *worker) []string {
	t.Helper()
	cs, err := w.m.AllCookies(context.Background())
	require.NoError(t, err)
	var out []string
	for _, c := range cs {
		out = append(out, c.Name)
	}
	slices.Sort(out)
	return out
}

// sorted returns a sorted copy of the concatenation of lists.
func sorted(lists ...[]string) []string {
	out := slices.Concat(lists...)
	slices.Sort(out)
	return out
}

// flushUntilOK flushes w until a Flush reports no error: after a fault,
// the queued writes land on a later try.
func flushUntilOK(t *testing.T, w *worker) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		err := w.m.Flush(ctx)
		cancel()
		if err == nil {
			return
		}
		require.True(t, time.Now().Before(deadline), "%s: Flush still fails: %v", w.name, err)
	}
}

// waitError waits until w's store reports to OnError an error that says
// want.
func waitError(t *testing.T, w *worker, want, what string) {
	t.Helper()
	require.Eventually(t, func() bool {
		for _, err := range w.errorsOf() {
			if strings.Contains(err.Error(), want) {
				return true
			}
		}
		return false
	}, 20*time.Second, 10*time.Millisecond, what)
}

// errorsOf returns and forgets the errors w's store reported to OnError.
func (w *worker) errorsOf() []error {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := w.errs
	w.errs = nil
	return out
}

// TestRedisRestart: Redis is killed and started again (its append-only
// file synced at every write). What a Flush acknowledged before is there;
// what was set while it was down is reported by Flush and OnError, then
// written once it is back; every worker, and a fresh one, ends with
// exactly both.
func TestRedisRestart(t *testing.T) {
	srv := ownServer(t, true)
	jar := newJar(t)
	a := newWorker(t, "a", srv.Addr, jar, cookiemonster.Config{})
	b := newWorker(t, "b", srv.Addr, jar, cookiemonster.Config{})
	acked := names("c", 0, 10)
	setNames(t, a, acked...)
	settle(t, a, b)

	srv.Kill()
	during := names("c", 10, 20)
	setNames(t, a, during...)
	waitError(t, a, "writing jar", "OnError while Redis is down")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	err := a.m.Flush(ctx)
	cancel()
	require.ErrorContains(t, err, "writing jar", "a Flush while Redis is down")

	require.NoError(t, srv.Restart(t.Context()))
	flushUntilOK(t, a)
	settle(t, a, b)
	want := sorted(acked, during)
	assert.Equal(t, want, cookieNames(t, a), "a")
	assert.Equal(t, want, cookieNames(t, b), "b")
	fresh := newWorker(t, "fresh", srv.Addr, jar, cookiemonster.Config{})
	assert.Equal(t, want, cookieNames(t, fresh), "a fresh worker")
}

// TestRedisLosesData: Redis restarts empty (no persistence). The workers
// find the jar's log gone, reload, and write back what they hold: nothing
// acknowledged is lost.
func TestRedisLosesData(t *testing.T) {
	srv := ownServer(t, false)
	jar := newJar(t)
	a := newWorker(t, "a", srv.Addr, jar, cookiemonster.Config{})
	b := newWorker(t, "b", srv.Addr, jar, cookiemonster.Config{})
	fromA, fromB := names("a", 0, 10), names("b", 0, 5)
	setNames(t, a, fromA...)
	setNames(t, b, fromB...)
	settle(t, a, b)

	require.NoError(t, srv.Restart(t.Context()))
	// Both notice: their reads of the log fail and the log is gone.
	deadline := time.Now().Add(20 * time.Second)
	for {
		fresh := newWorker(t, "probe", srv.Addr, jar, cookiemonster.Config{})
		if len(cookieNames(t, fresh)) == len(fromA)+len(fromB) {
			break
		}
		require.True(t, time.Now().Before(deadline), "the workers did not write the jar back")
		time.Sleep(100 * time.Millisecond)
	}
	settle(t, a, b)
	want := sorted(fromA, fromB)
	assert.Equal(t, want, cookieNames(t, a), "a")
	assert.Equal(t, want, cookieNames(t, b), "b")
	fresh := newWorker(t, "fresh", srv.Addr, jar, cookiemonster.Config{})
	assert.Equal(t, want, cookieNames(t, fresh), "a fresh worker")
}

// cutter is a TCP proxy to Redis whose connections a test can cut: Cut
// closes them all and refuses new ones until Restore.
type cutter struct {
	l      net.Listener
	target string
	mu     sync.Mutex
	conns  []net.Conn
	cut    bool
}

func newCutter(t *testing.T, target string) *cutter {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	p := &cutter{l: l, target: target}
	t.Cleanup(func() { _ = l.Close(); p.Cut() })
	go p.serve()
	return p
}

func (p *cutter) addr() string { return p.l.Addr().String() }

func (p *cutter) serve() {
	for {
		c, err := p.l.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		if p.cut {
			p.mu.Unlock()
			_ = c.Close()
			continue
		}
		r, err := net.Dial("tcp", p.target)
		if err != nil {
			p.mu.Unlock()
			_ = c.Close()
			continue
		}
		p.conns = append(p.conns, c, r)
		p.mu.Unlock()
		go func() { _, _ = io.Copy(r, c); _ = r.Close() }()
		go func() { _, _ = io.Copy(c, r); _ = c.Close() }()
	}
}

// Cut closes every connection and refuses new ones.
func (p *cutter) Cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.cut = true
	for _, c := range p.conns {
		_ = c.Close()
	}
	p.conns = nil
}

// Restore accepts connections again.
func (p *cutter) Restore() {
	p.mu.Lock()
	p.cut = false
	p.mu.Unlock()
}

// TestNetworkCut: one worker's connections to Redis are cut. Its writes
// meanwhile are reported (Flush, OnError) and kept; it does not see the
// other worker's writes until the network is back; then both, and a fresh
// worker, hold exactly everything.
func TestNetworkCut(t *testing.T) {
	client(t)
	jar := newJar(t)
	p := newCutter(t, testRedis.addr)
	a := newWorker(t, "a", p.addr(), jar, cookiemonster.Config{})
	b := newWorker(t, "b", testRedis.addr, jar, cookiemonster.Config{})
	before := names("c", 0, 5)
	setNames(t, a, before...)
	settle(t, a, b)

	p.Cut()
	fromA, fromB := names("c", 5, 10), names("d", 0, 3)
	setNames(t, a, fromA...)
	setNames(t, b, fromB...)
	require.NoError(t, b.m.Flush(t.Context()))
	waitError(t, a, "writing jar", "OnError across the cut")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	err := a.m.Flush(ctx)
	cancel()
	require.ErrorContains(t, err, "writing jar", "a Flush across the cut")
	assert.Equal(t, sorted(before, fromA), cookieNames(t, a), "a, cut off")

	p.Restore()
	flushUntilOK(t, a)
	settle(t, a, b)
	want := sorted(before, fromA, fromB)
	assert.Equal(t, want, cookieNames(t, a), "a")
	assert.Equal(t, want, cookieNames(t, b), "b")
	fresh := newWorker(t, "fresh", testRedis.addr, jar, cookiemonster.Config{})
	assert.Equal(t, want, cookieNames(t, fresh), "a fresh worker")
}

// Environment of the helper process of TestWorkerKilled.
const (
	helperAddr = "REDISSTORE_HELPER_ADDR"
	helperJar  = "REDISSTORE_HELPER_JAR"
)

// helperMax bounds the helper's writes: below Chromium's global limit.
const helperMax = 3000

// TestHelperWorker is the worker process TestWorkerKilled kills: it sets
// k0000, k0001, ... in order and prints "acked N" each time a Flush
// acknowledged the first N.
func TestHelperWorker(t *testing.T) {
	addr, jar := os.Getenv(helperAddr), os.Getenv(helperJar)
	if addr == "" {
		t.Skip("the process TestWorkerKilled starts and kills")
	}
	w := newWorker(t, "killed", addr, jar, cookiemonster.Config{})
	for i := range helperMax {
		setNames(t, w, fmt.Sprintf("k%04d", i))
		if (i+1)%100 == 0 {
			require.NoError(t, w.m.Flush(t.Context()))
			fmt.Printf("acked %d\n", i+1)
		}
	}
}

// TestWorkerKilled: a worker process is killed (SIGKILL) while it writes.
// What it had acknowledged survives, and what it wrote after is a prefix
// of what it queued (each write is one atomic script, and a pipeline runs
// in order): the survivors are exactly k0000 … k(n-1), n at least what was
// acknowledged. A worker that followed it all along holds exactly those.
func TestWorkerKilled(t *testing.T) {
	client(t)
	jar := newJar(t)
	b := newWorker(t, "b", testRedis.addr, jar, cookiemonster.Config{})
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperWorker$", "-test.count=1")
	cmd.Env = append(os.Environ(), helperAddr+"="+testRedis.addr, helperJar+"="+jar)
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	acked := 0
	sc := bufio.NewScanner(out)
	for acked < 500 && sc.Scan() {
		if n, ok := strings.CutPrefix(sc.Text(), "acked "); ok {
			acked, _ = strconv.Atoi(n)
		}
	}
	require.GreaterOrEqual(t, acked, 500, "the helper stopped early")
	time.Sleep(20 * time.Millisecond) // while it writes the next ones
	require.NoError(t, cmd.Process.Kill())
	_ = cmd.Wait()

	fresh := newWorker(t, "fresh", testRedis.addr, jar, cookiemonster.Config{})
	got := cookieNames(t, fresh)
	require.GreaterOrEqual(t, len(got), acked, "acknowledged cookies lost")
	require.Less(t, len(got), helperMax, "the helper was not killed mid-write")
	want := make([]string, len(got))
	for i := range want {
		want[i] = fmt.Sprintf("k%04d", i)
	}
	require.Equal(t, want, got, "the survivors are not a prefix of the writes")
	settle(t, b, fresh)
	assert.Equal(t, want, cookieNames(t, b), "the worker that followed")
	t.Logf("acknowledged %d, survived %d", acked, len(got))
}
