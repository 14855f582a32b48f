package redisstore

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cookiemonster-go/cookiemonster"
	"github.com/cookiemonster-go/cookiemonster/internal/redisserver"
	"github.com/cookiemonster-go/cookiemonster/storetest"
)

// clusterNodes is the number of masters of the test cluster; it has no
// replicas.
const clusterNodes = 3

// TestCluster runs the store on a Redis Cluster of three masters started
// for the test: the conformance suite through a *redis.ClusterClient, and
// Monsters that follow each other's changes on jars that live on different
// nodes.
func TestCluster(t *testing.T) {
	addrs := startCluster(t)
	newClient := func(t testing.TB) *redis.ClusterClient {
		c := redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs})
		t.Cleanup(func() { _ = c.Close() })
		return c
	}

	t.Run("Conformance", func(t *testing.T) {
		storetest.Run(t, func() (*storetest.Backing, error) {
			return faultBacking(newJar(t), newClient(t)), nil
		})
	})

	t.Run("Follow", func(t *testing.T) {
		ctx := t.Context()
		probe := newClient(t)
		// One jar on every master: a jar's keys share its hash tag, so the
		// node that serves its log serves all of them.
		jarOn := map[string]string{} // node address -> jar
		for i := 0; len(jarOn) < clusterNodes; i++ {
			require.Less(t, i, 1000, "no jar found on every node: %v", jarOn)
			jar := fmt.Sprintf("%s-%d", newJar(t), i)
			s := &Store{jar: jar}
			slot, err := probe.ClusterKeySlot(ctx, s.logKey()).Result()
			require.NoError(t, err)
			for _, k := range []string{s.sitesKey(), s.siteKey("example.com")} {
				other, err := probe.ClusterKeySlot(ctx, k).Result()
				require.NoError(t, err)
				require.Equal(t, slot, other, "the keys of jar %q are in different slots", jar)
			}
			node, err := probe.MasterForKey(ctx, s.logKey())
			require.NoError(t, err)
			if addr := node.Options().Addr; jarOn[addr] == "" {
				jarOn[addr] = jar
			}
		}
		require.GreaterOrEqual(t, len(jarOn), 2, "the jars are on one node")

		for addr, jar := range jarOn {
			t.Run(addr, func(t *testing.T) {
				t.Parallel()
				checkFollow(t, newClient(t), newClient(t), jar)
				// The jar's log is on that node: a client of the node
				// alone reads it, without being redirected.
				direct := redis.NewClient(&redis.Options{Addr: addr})
				defer func() { _ = direct.Close() }()
				n, err := direct.XLen(t.Context(), "cm:{"+jar+"}:log").Result()
				require.NoError(t, err, "jar %q on %s", jar, addr)
				assert.Positive(t, n, "jar %q: the log on %s is empty", jar, addr)
			})
		}
	})
}

// checkFollow opens two Monsters on the jar, each through its own client,
// and checks that a cookie set or removed on one is seen by the other.
func checkFollow(t *testing.T, c1, c2 *redis.ClusterClient, jar string) {
	ctx := t.Context()
	open := func(c *redis.ClusterClient) (*cookiemonster.Monster, <-chan cookiemonster.Change) {
		s, err := Open(Options{Client: c, Jar: jar, OnError: func(err error) {
			t.Errorf("jar %q: %v", jar, err)
		}})
		require.NoError(t, err)
		m, err := cookiemonster.New(cookiemonster.Config{Store: s})
		require.NoError(t, err)
		t.Cleanup(func() { assert.NoError(t, m.Close()) })
		// Loaded before anything is set: what the other sets comes
		// through the log.
		all, err := m.AllCookies(ctx)
		require.NoError(t, err)
		require.Empty(t, all)
		ch := make(chan cookiemonster.Change, 16)
		cancel := m.Changes().SubscribeAll(func(c cookiemonster.Change) {
			if c.Remote {
				ch <- c
			}
		})
		t.Cleanup(cancel)
		return m, ch
	}
	m1, ch1 := open(c1)
	m2, ch2 := open(c2)
	u, err := url.Parse("https://www.example.com/")
	require.NoError(t, err)

	wait := func(ch <-chan cookiemonster.Change, what string) cookiemonster.Change {
		t.Helper()
		select {
		case c := <-ch:
			return c
		case <-time.After(5 * time.Second):
			t.Fatalf("jar %q: %s not seen within 5 s", jar, what)
		}
		panic("unreachable")
	}
	cookies := func(m *cookiemonster.Monster) []string {
		t.Helper()
		all, err := m.AllCookies(ctx)
		require.NoError(t, err)
		var out []string
		for _, c := range all {
			out = append(out, fmt.Sprintf("%s %s %s=%s", c.Domain, c.Path, c.Name, c.Value))
		}
		return out
	}
	set := func(m *cookiemonster.Monster, line string) {
		t.Helper()
		res, err := m.SetCookieLine(ctx, u, line, cookiemonster.NavigationOptions())
		require.NoError(t, err)
		require.True(t, res.Status.IsInclude(), res.Status.String())
	}

	set(m1, "a=1; Max-Age=3600")
	c := wait(ch2, "a=1 set on the first Monster")
	assert.Equal(t, cookiemonster.CauseInserted, c.Cause, "jar %q", jar)
	assert.Equal(t, "a=1", c.Cookie.Name+"="+c.Cookie.Value, "jar %q", jar)
	assert.Equal(t, []string{"www.example.com / a=1"}, cookies(m2), "jar %q", jar)

	set(m2, "b=2; Domain=example.com; Path=/b; Max-Age=3600")
	c = wait(ch1, "b=2 set on the second Monster")
	assert.Equal(t, cookiemonster.CauseInserted, c.Cause, "jar %q", jar)
	assert.Equal(t, "b=2", c.Cookie.Name+"="+c.Cookie.Value, "jar %q", jar)
	want := []string{"www.example.com / a=1", ".example.com /b b=2"}
	assert.ElementsMatch(t, want, cookies(m1), "jar %q", jar)
	assert.ElementsMatch(t, want, cookies(m2), "jar %q", jar)

	removed, err := m1.Remove(ctx, u, "a", cookiemonster.PartitionKey{})
	require.NoError(t, err)
	require.Len(t, removed, 1)
	c = wait(ch2, "the removal of a=1")
	assert.Equal(t, cookiemonster.CauseExplicit, c.Cause, "jar %q", jar)
	assert.Equal(t, "a=1", c.Cookie.Name+"="+c.Cookie.Value, "jar %q", jar)
	want = []string{".example.com /b b=2"}
	assert.Equal(t, want, cookies(m1), "jar %q", jar)
	assert.Equal(t, want, cookies(m2), "jar %q", jar)

	require.NoError(t, m1.Flush(ctx))
	require.NoError(t, m2.Flush(ctx))
	select {
	case c := <-ch1:
		t.Errorf("jar %q: unexpected change on the first Monster: %+v", jar, c)
	case c := <-ch2:
		t.Errorf("jar %q: unexpected change on the second Monster: %+v", jar, c)
	default:
	}
}

// startCluster starts a Redis Cluster of clusterNodes masters on
// 127.0.0.1, without persistence, and returns their addresses once every
// node says the cluster is ok. It skips the test (fails it under
// COOKIEMONSTER_REQUIRE_REDIS) without redis-server or redis-cli.
func startCluster(t *testing.T) []string {
	t.Helper()
	var bins [2]string
	for i, name := range []string{"redis-server", "redis-cli"} {
		bin, err := exec.LookPath(name)
		if err != nil {
			redisserver.SkipOrFail(t, fmt.Errorf("no %s binary, needed for a test cluster (Debian: apt-get install redis-server redis-tools): %w", name, err))
		}
		bins[i] = bin
	}
	server, cli := bins[0], bins[1]

	// Each node needs two free ports: clients and the cluster bus.
	ports := freePorts(t, 2*clusterNodes)
	addrs := make([]string, clusterNodes)
	var cmds []*exec.Cmd
	t.Cleanup(func() {
		for _, cmd := range cmds {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
	})
	root := t.TempDir() // removed after the cleanup above has run
	for i := range clusterNodes {
		dir := filepath.Join(root, fmt.Sprint(i))
		require.NoError(t, os.Mkdir(dir, 0o700))
		port, bus := ports[2*i], ports[2*i+1]
		addrs[i] = fmt.Sprintf("127.0.0.1:%d", port)
		cmd := exec.Command(server, "--port", fmt.Sprint(port), "--bind", "127.0.0.1", "--protected-mode", "yes",
			"--save", "", "--appendonly", "no", "--dir", dir, "--logfile", filepath.Join(dir, "redis.log"),
			"--cluster-enabled", "yes", "--cluster-config-file", filepath.Join(dir, "nodes.conf"),
			"--cluster-port", fmt.Sprint(bus), "--cluster-node-timeout", "5000")
		require.NoError(t, cmd.Start())
		cmds = append(cmds, cmd)
	}
	logs := func() string {
		var b strings.Builder
		for i := range clusterNodes {
			l, _ := os.ReadFile(filepath.Join(root, fmt.Sprint(i), "redis.log"))
			fmt.Fprintf(&b, "--- %s:\n%s", addrs[i], l)
		}
		return b.String()
	}

	nodes := make([]*redis.Client, clusterNodes)
	for i, addr := range addrs {
		nodes[i] = redis.NewClient(&redis.Options{Addr: addr})
		defer func() { _ = nodes[i].Close() }()
	}
	waitFor := func(what string, ok func(ctx context.Context, c *redis.Client) error) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for _, c := range nodes {
			for {
				ctx, cancel := context.WithTimeout(t.Context(), time.Second)
				err := ok(ctx, c)
				cancel()
				if err == nil {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("%s on %s: %v\n%s", what, c.Options().Addr, err, logs())
				}
				time.Sleep(20 * time.Millisecond)
			}
		}
	}
	waitFor("redis-server answering", func(ctx context.Context, c *redis.Client) error {
		return c.Ping(ctx).Err()
	})

	ctx, cancel := context.WithTimeout(t.Context(), 15*time.Second)
	defer cancel()
	args := append([]string{"--cluster", "create"}, addrs...)
	out, err := exec.CommandContext(ctx, cli, append(args, "--cluster-replicas", "0", "--cluster-yes")...).CombinedOutput()
	if err != nil {
		t.Fatalf("redis-cli --cluster create: %v\n%s\n%s", err, out, logs())
	}

	waitFor("cluster_state:ok", func(ctx context.Context, c *redis.Client) error {
		info, err := c.ClusterInfo(ctx).Result()
		if err != nil {
			return err
		}
		if !strings.Contains(info, "cluster_state:ok") || !strings.Contains(info, fmt.Sprintf("cluster_known_nodes:%d", clusterNodes)) {
			return fmt.Errorf("CLUSTER INFO:\n%s", info)
		}
		return nil
	})
	return addrs
}

// freePorts returns n distinct free ports of 127.0.0.1.
func freePorts(t *testing.T, n int) []int {
	t.Helper()
	var ports []int
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		defer func() { _ = l.Close() }()
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports
}
