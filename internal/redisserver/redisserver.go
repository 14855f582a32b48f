// Package redisserver starts a throwaway redis-server on 127.0.0.1, with
// no persistence, for redisstore's tests and the examples.
package redisserver

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
)

// RequireEnv, when set, makes a test that finds no redis-server fail
// instead of skip ([SkipOrFail]); .ci/run sets it.
const RequireEnv = "COOKIEMONSTER_REQUIRE_REDIS"

// Server is a redis-server started by [Start] or [StartDurable].
type Server struct {
	// Addr is the server's host:port, on 127.0.0.1.
	Addr string

	bin  string
	args []string
	dir  string

	mu     sync.Mutex
	cmd    *exec.Cmd
	exited chan struct{}
	out    *logBuffer
	once   sync.Once
}

// Start starts redis-server on a free port of 127.0.0.1, in a temporary
// directory, without persistence, and returns once it answers PING. The
// error of a missing binary wraps exec.ErrNotFound.
func Start(ctx context.Context) (*Server, error) {
	return startServer(ctx, "--save", "", "--appendonly", "no")
}

// StartDurable is Start with an append-only file synced at every write:
// what the server acknowledged survives [Server.Restart].
func StartDurable(ctx context.Context) (*Server, error) {
	return startServer(ctx, "--save", "", "--appendonly", "yes", "--appendfsync", "always")
}

func startServer(ctx context.Context, persistence ...string) (*Server, error) {
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		return nil, fmt.Errorf("no redis-server binary (Debian: apt-get install redis-server): %w", err)
	}
	// The port is free when picked, not necessarily when the server binds
	// it: a server that exits at once is started again on another port.
	for attempt := 1; ; attempt++ {
		s, exited, err := start(ctx, bin, persistence)
		if err == nil || !exited || attempt == 3 {
			return s, err
		}
	}
}

// start makes one attempt; exited reports that the server exited by
// itself before answering.
func start(ctx context.Context, bin string, persistence []string) (_ *Server, exited bool, _ error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, false, err
	}
	port := l.Addr().(*net.TCPAddr).Port
	_ = l.Close()
	dir, err := os.MkdirTemp("", "redisserver")
	if err != nil {
		return nil, false, err
	}
	args := append([]string{"--port", fmt.Sprint(port), "--bind", "127.0.0.1", "--dir", dir, "--protected-mode", "yes"}, persistence...)
	s := &Server{Addr: fmt.Sprintf("127.0.0.1:%d", port), bin: bin, args: args, dir: dir}
	exited, err = s.launch(ctx)
	if err != nil {
		s.Stop()
		return nil, exited, err
	}
	return s, false, nil
}

// launch starts the process and waits until it answers; exited reports
// that it exited by itself before.
func (s *Server) launch(ctx context.Context) (exited bool, _ error) {
	out := new(logBuffer)
	cmd := exec.Command(s.bin, s.args...)
	cmd.Stdout, cmd.Stderr = out, out
	cmd.WaitDelay = time.Second // do not wait long for the output once it is killed
	if err := cmd.Start(); err != nil {
		return false, fmt.Errorf("starting redis-server: %w", err)
	}
	done := make(chan struct{})
	go func() {
		_ = cmd.Wait()
		close(done)
	}()
	s.mu.Lock()
	s.cmd, s.exited, s.out = cmd, done, out
	s.mu.Unlock()

	c := redis.NewClient(&redis.Options{Addr: s.Addr, MaxRetries: -1})
	defer c.Close()
	deadline := time.Now().Add(10 * time.Second)
	for {
		pctx, cancel := context.WithTimeout(ctx, time.Second)
		err := c.Ping(pctx).Err()
		cancel()
		if err == nil {
			return false, nil
		}
		select {
		case <-done:
			return true, fmt.Errorf("redis-server on %s exited: %s", s.Addr, out.last())
		case <-ctx.Done():
			return false, ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return false, fmt.Errorf("redis-server on %s did not answer: %w", s.Addr, err)
		}
	}
}

// kill kills the process and waits for it to end.
func (s *Server) kill() {
	s.mu.Lock()
	cmd, done := s.cmd, s.exited
	s.mu.Unlock()
	if cmd == nil {
		return
	}
	_ = cmd.Process.Kill()
	<-done
}

// Kill kills the server (SIGKILL), as a crash would: clients lose their
// connections; what it has not written to disk is lost.
func (s *Server) Kill() { s.kill() }

// Restart kills the server if it runs and starts it again on the same
// port and directory, and returns once it answers. A server of [Start]
// comes back empty, one of [StartDurable] with what it acknowledged.
func (s *Server) Restart(ctx context.Context) error {
	s.kill()
	_, err := s.launch(ctx)
	return err
}

// Stop kills the server and removes its directory. It may be called more
// than once.
func (s *Server) Stop() {
	s.once.Do(func() {
		s.kill()
		_ = os.RemoveAll(s.dir)
	})
}

// TB is the part of testing.TB that [SkipOrFail] uses.
type TB interface {
	Helper()
	Skipf(format string, args ...any)
	Fatalf(format string, args ...any)
}

// SkipOrFail skips t because no server could be started (err), or fails
// it when [RequireEnv] is set.
func SkipOrFail(t TB, err error) {
	t.Helper()
	if os.Getenv(RequireEnv) != "" {
		t.Fatalf("%s is set but: %v", RequireEnv, err)
	}
	t.Skipf("skipped: %v", err)
}

// logBuffer keeps the server's output for an error message.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.buf.Len() < 64<<10 {
		b.buf.Write(p)
	}
	return len(p), nil
}

// last returns the last line of output, or a note that there was none.
func (b *logBuffer) last() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	s := strings.TrimSpace(b.buf.String())
	if s == "" {
		return "no output"
	}
	return s[strings.LastIndexByte(s, '\n')+1:]
}
