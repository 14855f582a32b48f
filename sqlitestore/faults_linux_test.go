//go:build linux

package sqlitestore

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/cookiemonster-go/cookiemonster"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	sqlite "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// mountTmpfs mounts a tmpfs of the given mount options (size=1m, ...) on
// a new directory and unmounts it at cleanup. It skips the test when
// mounting is not permitted (a user other than root, a container
// without the capability), returning "" then.
func mountTmpfs(t *testing.T, opts string) string {
	t.Helper()
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", opts, "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("mounting a tmpfs is not permitted here: %v: %s", err, strings.TrimSpace(string(out)))
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v: %s", dir, err, out)
		}
	})
	return dir
}

// remount changes the mount options of the tmpfs on dir.
func remount(t *testing.T, dir, opts string) {
	t.Helper()
	out, err := exec.Command("mount", "-o", "remount,"+opts, dir).CombinedOutput()
	require.NoError(t, err, "%s", out)
}

// TestReadOnlyFileSystem: on a read-only file system (a tmpfs mounted
// read-only; without the permission to mount, a read-only directory for
// a user other than root), Open and OpenBackend fail at once, naming the
// file and the cause, for an existing store file, a new one and a new
// directory; the existing file's cookies are intact afterwards.
func TestReadOnlyFileSystem(t *testing.T) {
	var dir string
	var makeWritable func()
	if os.Geteuid() == 0 {
		dir = mountTmpfs(t, "size=4m,mode=0700")
		makeWritable = func() { remount(t, dir, "rw") }
	} else {
		dir = t.TempDir()
		makeWritable = func() { require.NoError(t, os.Chmod(dir, 0o700)) }
	}
	path := filepath.Join(dir, "Cookies")
	want := genCookies(0, 200)
	s := openT(t, path, nil, nil)
	for _, c := range want {
		s.Add(c)
	}
	require.NoError(t, s.Close())
	if os.Geteuid() == 0 {
		remount(t, dir, "ro")
	} else {
		require.NoError(t, os.Chmod(path, 0o400))
		require.NoError(t, os.Chmod(dir, 0o500))
	}
	t.Cleanup(makeWritable)
	before := dirSnapshot(t, dir)

	cause := "read-only file system"
	if os.Geteuid() != 0 {
		cause = "permission denied"
	}
	cases := []struct {
		name, path, err string
	}{
		{"an existing file", path, "opening the file: " + cause},
		{"a new file", filepath.Join(dir, "Other"), "opening the file: " + cause},
		{"a new directory", filepath.Join(dir, "profile", "Cookies"),
			"creating its directory: mkdir " + filepath.Join(dir, "profile") + ": " + cause},
	}
	for _, tc := range cases {
		for _, backend := range []bool{false, true} {
			var err error
			if backend {
				var b *Backend
				b, err = OpenBackend(tc.path, nil)
				assert.Nil(t, b)
			} else {
				var s *Store
				s, err = Open(tc.path, nil)
				assert.Nil(t, s)
			}
			require.Error(t, err, tc.name)
			assert.Equal(t, "sqlitestore: open "+tc.path+": "+tc.err, err.Error(), tc.name)
			if os.Geteuid() == 0 {
				assert.ErrorIs(t, err, syscall.EROFS, tc.name)
			} else {
				assert.ErrorIs(t, err, os.ErrPermission, tc.name)
			}
		}
	}
	assertUnchanged(t, dir, before)
	makeWritable()
	assert.Equal(t, sorted(want), sorted(loadAllKeep(t, path, nil)))
}

// fillBatch is how many cookies TestFullDisk flushes at a time.
const fillBatch = 500

// fillUntilFull adds batches of fillBatch cookies to s and flushes each,
// until a Flush fails, and returns the cookies of the batches acknowledged
// and of the failed one, and the error.
func fillUntilFull(t *testing.T, s *Store) (acked, failed []*cookiemonster.CanonicalCookie, err error) {
	t.Helper()
	for n := 0; n < 100_000; n += fillBatch {
		batch := genCookies(n, n+fillBatch)
		for _, c := range batch {
			s.Add(c)
		}
		if err := s.Flush(context.Background()); err != nil {
			return acked, batch, err
		}
		acked = append(acked, batch...)
	}
	t.Fatal("the disk never filled")
	return nil, nil, nil
}

// TestFullDisk fills a 1 MB tmpfs through a Store until a Flush fails
// with SQLite's SQLITE_FULL, then either makes room (a larger tmpfs) and
// flushes again, or closes the Store as it is. Flush's error names the
// file, the operations that failed and the cause; Close returns; every
// acknowledged cookie is there afterwards, field for field, and the
// failed batch too once there was room, and nothing else.
func TestFullDisk(t *testing.T) {
	for _, room := range []bool{true, false} {
		t.Run(map[bool]string{true: "room made", false: "closed full"}[room], func(t *testing.T) {
			dir := mountTmpfs(t, "size=1m,mode=0700")
			path := filepath.Join(dir, "Cookies")
			s := openT(t, path, &Options{BatchSize: 1 << 20}, nil)
			acked, failed, err := fillUntilFull(t, s)
			require.Error(t, err)
			t.Logf("%d cookies acknowledged before the disk filled: %v", len(acked), err)
			assert.NotEmpty(t, acked)
			assert.Equal(t, "sqlitestore: commit to "+path+": 500 operations failed and will be retried: committing: database or disk is full (13)", err.Error())
			var se *sqlite.Error
			require.ErrorAs(t, err, &se)
			assert.Equal(t, sqlite3.SQLITE_FULL, se.Code())
			want := acked
			if room {
				remount(t, dir, "size=16m")
				require.NoError(t, s.Flush(context.Background()))
				require.NoError(t, s.Close())
				want = append(want, failed...)
			} else {
				err := s.Close()
				require.Error(t, err)
				assert.Equal(t, "sqlitestore: commit to "+path+": 500 operations failed and are lost, the store closing: committing: database or disk is full (13)", err.Error())
				remount(t, dir, "size=16m")
			}
			require.Equal(t, "ok", integrityCheck(t, path))
			assert.Equal(t, sorted(want), sorted(loadAllKeep(t, path, nil)))
		})
	}
}

// fsizeEnvDB names the database of TestFileSizeLimitChild; fsizeLimit is
// the largest file it may write.
const (
	fsizeEnvDB = "SQLITESTORE_FSIZE_CHILD_DB"
	fsizeLimit = 1 << 20
)

// TestFileSizeLimitChild is the child process of TestFileSizeLimit; it
// does nothing unless started by it. Limited to files of fsizeLimit bytes
// (RLIMIT_FSIZE: a write past it fails with EFBIG, the runtime ignoring
// SIGXFSZ), it fills the database until a Flush fails and prints
// "ACKED n" (the cookies acknowledged), then "FLUSH" and "CLOSE" with the
// errors of that Flush and of Close, quoted.
func TestFileSizeLimitChild(t *testing.T) {
	path := os.Getenv(fsizeEnvDB)
	if path == "" {
		t.Skip("the child process of TestFileSizeLimit")
	}
	require.NoError(t, syscall.Setrlimit(syscall.RLIMIT_FSIZE, &syscall.Rlimit{Cur: fsizeLimit, Max: fsizeLimit}))
	s, err := Open(path, &Options{BatchSize: 1 << 20, Logf: t.Logf})
	require.NoError(t, err)
	acked, _, err := fillUntilFull(t, s)
	fmt.Printf("ACKED %d\n", len(acked))
	fmt.Printf("FLUSH %q\n", err)
	fmt.Printf("CLOSE %q\n", s.Close())
}

// TestFileSizeLimit is TestFullDisk where a tmpfs cannot be mounted: a
// child process limited to files of 1 MB (RLIMIT_FSIZE) fills a store
// until a Flush fails and closes it. Flush's error names the file, the
// operations that failed and the cause; Close returns, saying that they
// are lost; the file is intact and holds exactly the acknowledged
// cookies, field for field.
func TestFileSizeLimit(t *testing.T) {
	if os.Getenv(fsizeEnvDB) != "" {
		t.Skip("in the child")
	}
	path := dbPath(t)
	cmd := childTest("TestFileSizeLimitChild", fsizeEnvDB+"="+path)
	out, err := cmd.Output()
	require.NoError(t, err, "%s", out)
	var acked int
	var flushErr, closeErr string
	for _, l := range strings.Split(string(out), "\n") {
		switch {
		case strings.HasPrefix(l, "ACKED "):
			acked, err = strconv.Atoi(strings.TrimPrefix(l, "ACKED "))
			require.NoError(t, err)
		case strings.HasPrefix(l, "FLUSH "):
			flushErr, err = strconv.Unquote(strings.TrimPrefix(l, "FLUSH "))
			require.NoError(t, err)
		case strings.HasPrefix(l, "CLOSE "):
			closeErr, err = strconv.Unquote(strings.TrimPrefix(l, "CLOSE "))
			require.NoError(t, err)
		}
	}
	t.Logf("%d cookies acknowledged before a write failed", acked)
	require.Greater(t, acked, 0)
	// SQLite reports EFBIG as SQLITE_IOERR_WRITE; the child lived on
	// (SIGXFSZ ignored) to close the store.
	assert.Equal(t, "sqlitestore: commit to "+path+": 500 operations failed and will be retried: committing: disk I/O error (778)", flushErr)
	assert.Equal(t, "sqlitestore: commit to "+path+": 500 operations failed and are lost, the store closing: committing: disk I/O error (778)", closeErr)
	require.Equal(t, "ok", integrityCheck(t, path))
	assert.Equal(t, sorted(genCookies(0, acked)), sorted(loadAllKeep(t, path, nil)))
}
