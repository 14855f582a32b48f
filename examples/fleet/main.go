// Command fleet runs two workers that share one identity's cookies through
// Redis. Each has its own Redis client, its own redisstore.Store and its
// own Monster, and browses a local server with an http.Client whose Jar is
// the Monster's. Worker 1 logs in; worker 2 receives the session from Redis
// as a change with Remote set, and sends it. Worker 1 logs out; worker 2
// receives the removal and sends nothing.
//
// It uses the Redis at $REDIS_ADDR (and removes its jar from it at exit),
// or else starts a redis-server of its own on 127.0.0.1, without
// persistence, and stops it at exit.
package main

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/cookiemonster-go/cookiemonster"
	"github.com/cookiemonster-go/cookiemonster/internal/redisserver"
	"github.com/cookiemonster-go/cookiemonster/redisstore"
)

// The server's cookies: /login sets them, /logout expires them.
var (
	loginCookies = []string{
		"sid=31d4d96e407aad42; Path=/; HttpOnly; SameSite=Lax", // a session cookie
		"__Host-csrf=9f2c7a; Secure; Path=/; Max-Age=3600",     // loopback counts as secure
	}
	logoutCookies = []string{
		"sid=; Path=/; Max-Age=0",
		"__Host-csrf=; Secure; Path=/; Max-Age=0",
	}
	cookieNames = []string{"sid", "__Host-csrf"}
)

// waitTimeout bounds each wait for a change to reach the other worker.
const waitTimeout = 5 * time.Second

// errNoRedis is wrapped by run's error when REDIS_ADDR is not set and no
// redis-server could be started.
var errNoRedis = errors.New("no Redis: set REDIS_ADDR=host:port, or install redis-server")

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Stdout)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "fleet:", err)
		os.Exit(1)
	}
}

func newServer() (*httptest.Server, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/login", func(w http.ResponseWriter, r *http.Request) {
		for _, c := range loginCookies {
			w.Header().Add("Set-Cookie", c)
		}
		fmt.Fprintln(w, "welcome")
	})
	mux.HandleFunc("/whoami", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, r.Header.Get("Cookie"))
	})
	mux.HandleFunc("/logout", func(w http.ResponseWriter, r *http.Request) {
		for _, c := range logoutCookies {
			w.Header().Add("Set-Cookie", c)
		}
		fmt.Fprintln(w, "bye")
	})
	srv := httptest.NewUnstartedServer(mux)
	srv.Listener.Close()
	srv.Listener = l
	srv.Start()
	return srv, nil
}

func run(ctx context.Context, w io.Writer) (err error) {
	rdb, where, stopRedis, err := connect(ctx)
	if err != nil {
		return err
	}
	defer stopRedis()
	defer rdb.Close()
	jar := "fleet-" + strings.ToLower(rand.Text()[:10]) // a jar of its own, in a shared Redis too
	fmt.Fprintf(w, "redis: %s, jar %q\n", where, jar)
	if os.Getenv("REDIS_ADDR") != "" {
		defer func() { err = errors.Join(err, dropJar(context.Background(), rdb, jar)) }()
	}

	srv, err := newServer()
	if err != nil {
		return err
	}
	defer srv.Close()

	var workers [2]*worker
	defer func() {
		// Side by side: each Close waits for its store's pending read of the
		// log, up to a second.
		errs := make([]error, len(workers))
		var wg sync.WaitGroup
		for i, wk := range workers {
			if wk != nil {
				wg.Go(func() { errs[i] = wk.close() })
			}
		}
		wg.Wait()
		err = errors.Join(append([]error{err}, errs...)...)
	}()
	for i := range workers {
		if workers[i], err = newWorker(i+1, rdb.Options().Addr, jar); err != nil {
			return err
		}
	}

	// The workers run side by side and hand each other what they need:
	// worker 1 logs in once worker 2 follows the jar, and logs out once
	// worker 2 has used the session. The first error stops both.
	wctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	ready := make(chan struct{})
	loggedIn := make(chan time.Time, 1) // when worker 1 stored sid
	used := make(chan struct{})
	loggedOut := make(chan time.Time, 1) // when worker 1 removed sid
	var wg sync.WaitGroup
	for _, fn := range []func() error{
		func() error { return worker1(wctx, w, workers[0], srv.URL, ready, loggedIn, used, loggedOut) },
		func() error { return worker2(wctx, w, workers[1], srv.URL, ready, loggedIn, used, loggedOut) },
	} {
		wg.Go(func() {
			if err := fn(); err != nil {
				cancel(err)
			}
		})
	}
	wg.Wait()
	if wctx.Err() != nil {
		return context.Cause(wctx)
	}
	return nil
}

// worker1 logs in and, once worker 2 has used the session, logs out; it
// tells worker 2 when its Monster made each change.
func worker1(ctx context.Context, w io.Writer, wk *worker, base string,
	ready <-chan struct{}, loggedIn chan<- time.Time, used <-chan struct{}, loggedOut chan<- time.Time) error {
	if err := recv(ctx, ready); err != nil {
		return err
	}
	fmt.Fprintln(w, "worker 1: GET /login; the server sets sid (session, HttpOnly) and __Host-csrf (Secure)")
	if _, err := wk.get(ctx, base+"/login"); err != nil {
		return err
	}
	heard, err := wk.wait(ctx, false, false)
	if err != nil {
		return err
	}
	loggedIn <- heard["sid"].at

	if err := recv(ctx, used); err != nil {
		return err
	}
	fmt.Fprintln(w, "worker 1: GET /logout; the server expires both")
	if _, err := wk.get(ctx, base+"/logout"); err != nil {
		return err
	}
	if heard, err = wk.wait(ctx, false, true); err != nil {
		return err
	}
	loggedOut <- heard["sid"].at
	return nil
}

// worker2 follows the jar, and each time it has received worker 1's
// changes asks the server what it sends.
func worker2(ctx context.Context, w io.Writer, wk *worker, base string,
	ready chan<- struct{}, loggedIn <-chan time.Time, used chan<- struct{}, loggedOut <-chan time.Time) error {
	// Once loaded, the Monster follows every later change of the jar.
	all, err := wk.m.AllCookies(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "worker 2: following the jar, which holds %d cookies\n", len(all))
	close(ready)

	for _, removed := range []bool{false, true} {
		heard, err := wk.wait(ctx, true, removed)
		if err != nil {
			return err
		}
		done := loggedIn
		what := "the session"
		if removed {
			done, what = loggedOut, fmt.Sprintf("the removals (%s)", heard["sid"].Cause)
		}
		var at time.Time
		select {
		case at = <-done:
		case <-ctx.Done():
			return context.Cause(ctx)
		}
		fmt.Fprintf(w, "worker 2: received %s from Redis, %s after worker 1's Monster made it\n",
			what, heard["sid"].at.Sub(at).Round(10*time.Microsecond))
		cookie, err := wk.get(ctx, base+"/whoami")
		if err != nil {
			return err
		}
		if cookie == "" {
			fmt.Fprintln(w, "worker 2: GET /whoami; the server received no Cookie header")
		} else {
			fmt.Fprintf(w, "worker 2: GET /whoami; the server received Cookie: %s\n", cookie)
		}
		if !removed {
			close(used)
		}
	}
	return nil
}

// recv waits for ch to close or ctx to end.
func recv(ctx context.Context, ch <-chan struct{}) error {
	select {
	case <-ch:
		return nil
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}

// A worker is one member of the fleet: a Redis client, a store and a
// Monster of its own.
type worker struct {
	n      int
	rdb    *redis.Client
	m      *cookiemonster.Monster
	client *http.Client
	heard  chan heard
	cancel func()
}

// heard is a change and when the worker's Monster delivered it.
type heard struct {
	cookiemonster.Change
	at time.Time
}

func newWorker(n int, addr, jar string) (*worker, error) {
	rdb := redis.NewClient(&redis.Options{Addr: addr})
	store, err := redisstore.Open(redisstore.Options{Client: rdb, Jar: jar})
	if err != nil {
		_ = rdb.Close()
		return nil, err
	}
	// A fleet shares its login, session cookies included.
	m, err := cookiemonster.New(cookiemonster.Config{Store: store, PersistSessionCookies: true})
	if err != nil {
		_ = store.Close()
		_ = rdb.Close()
		return nil, err
	}
	wk := &worker{n: n, rdb: rdb, m: m, client: &http.Client{Jar: m.Jar()}, heard: make(chan heard, 64)}
	wk.cancel = m.Changes().SubscribeAll(func(ch cookiemonster.Change) {
		select {
		case wk.heard <- heard{ch, time.Now()}:
		default: // never with this program's few changes; wait reports it missing
		}
	})
	return wk, nil
}

// wait returns the changes of every cookie in cookieNames, by name, once
// the worker's Monster has delivered them: insertions or removals, made by
// itself or (remote) by another Monster on the jar.
func (wk *worker) wait(ctx context.Context, remote, removed bool) (map[string]heard, error) {
	ctx, cancel := context.WithTimeout(ctx, waitTimeout)
	defer cancel()
	got := map[string]heard{}
	for len(got) < len(cookieNames) {
		select {
		case h := <-wk.heard:
			if h.Remote == remote && h.Cause.Removed() == removed {
				got[h.Cookie.Name] = h
			}
		case <-ctx.Done():
			what := "insertion"
			if removed {
				what = "removal"
			}
			from := "itself"
			if remote {
				from = "another worker"
			}
			return nil, fmt.Errorf("worker %d: no %s of %s from %s within %s: %w",
				wk.n, what, strings.Join(cookieNames, " and "), from, waitTimeout, context.Cause(ctx))
		}
	}
	return got, nil
}

// get fetches u and returns the body.
func (wk *worker) get(ctx context.Context, u string) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return "", err
	}
	resp, err := wk.client.Do(req)
	if err != nil {
		return "", fmt.Errorf("worker %d: %w", wk.n, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return "", fmt.Errorf("worker %d: reading %s: %w", wk.n, u, err)
	}
	return string(body), nil
}

// close stops the worker: its Monster writes what is queued and closes
// its store.
func (wk *worker) close() error {
	wk.cancel()
	err := wk.m.Close()
	return errors.Join(err, wk.rdb.Close())
}

// connect returns a client of the Redis at $REDIS_ADDR, or of a
// redis-server it starts, which stop stops.
func connect(ctx context.Context) (rdb *redis.Client, where string, stop func(), err error) {
	if addr := os.Getenv("REDIS_ADDR"); addr != "" {
		// A plain dial first: go-redis would log each failed attempt.
		d := net.Dialer{Timeout: 5 * time.Second}
		conn, err := d.DialContext(ctx, "tcp", addr)
		if err != nil {
			return nil, "", nil, fmt.Errorf("REDIS_ADDR=%s: %w", addr, err)
		}
		_ = conn.Close()
		rdb = redis.NewClient(&redis.Options{Addr: addr})
		pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		if err := rdb.Ping(pctx).Err(); err != nil {
			_ = rdb.Close()
			return nil, "", nil, fmt.Errorf("REDIS_ADDR=%s: %w", addr, err)
		}
		return rdb, "REDIS_ADDR=" + addr, func() {}, nil
	}
	srv, err := redisserver.Start(ctx)
	if err != nil && ctx.Err() != nil {
		return nil, "", nil, fmt.Errorf("starting redis-server: %w", context.Cause(ctx))
	}
	if err != nil {
		return nil, "", nil, fmt.Errorf("%w; starting one failed: %v", errNoRedis, err)
	}
	return redis.NewClient(&redis.Options{Addr: srv.Addr}), "redis-server started on " + srv.Addr, srv.Stop, nil
}

// dropJar deletes the jar's keys (their layout is in redisstore's package
// documentation), so that a run leaves nothing in a shared Redis.
func dropJar(ctx context.Context, rdb *redis.Client, jar string) error {
	prefix := "cm:{" + jar + "}:"
	sites, err := rdb.SMembers(ctx, prefix+"sites").Result()
	if err != nil {
		return fmt.Errorf("removing jar %q: %w", jar, err)
	}
	keys := []string{prefix + "sites", prefix + "log"}
	for _, s := range sites {
		keys = append(keys, prefix+"c:"+s)
	}
	if err := rdb.Del(ctx, keys...).Err(); err != nil {
		return fmt.Errorf("removing jar %q: %w", jar, err)
	}
	return nil
}
