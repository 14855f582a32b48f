//go:build linux

package sqlitestore

import (
	"os"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"
)

// posixLocks returns the fcntl(2) locks this process holds on the file
// at path, from /proc/locks; false where it cannot be read.
func posixLocks(t *testing.T, path string) ([]string, bool) {
	t.Helper()
	b, err := os.ReadFile("/proc/locks")
	if err != nil {
		return nil, false
	}
	fi, err := os.Stat(path)
	require.NoError(t, err)
	st, ok := fi.Sys().(*syscall.Stat_t)
	require.True(t, ok)
	var out []string
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		// "1: POSIX  ADVISORY  READ 1234 fe:00:5678 1073741826 1073742335"
		if len(f) >= 8 && f[1] == "POSIX" && f[4] == strconv.Itoa(os.Getpid()) &&
			strings.HasSuffix(f[5], ":"+strconv.FormatUint(uint64(st.Ino), 10)) {
			out = append(out, strings.Join(f[1:], " "))
		}
	}
	slices.Sort(out)
	return out, true
}
