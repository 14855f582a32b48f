//go:build linux

package sqlitestore

import (
	"fmt"
	"os"
	"syscall"
)

// fileID identifies a file whatever the path (symbolic or hard link) it
// is opened by.
type fileID struct{ dev, ino uint64 }

// statID returns the fileID of the file at abs; false if there is none.
func statID(abs string) (fileID, bool) {
	fi, err := os.Stat(abs)
	if err != nil {
		return fileID{}, false
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return fileID{}, false
	}
	return fileID{dev: uint64(st.Dev), ino: uint64(st.Ino)}, true
}

// fileIDOf returns the fileID of the open file f.
func fileIDOf(f *os.File, _ string) (fileID, error) {
	fi, err := f.Stat()
	if err != nil {
		return fileID{}, fmt.Errorf("reading the file's identity: %w", unwrapPath(err))
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return fileID{}, fmt.Errorf("reading the file's identity: no stat data (%T)", fi.Sys())
	}
	return fileID{dev: uint64(st.Dev), ino: uint64(st.Ino)}, nil
}

// lockOS takes an exclusive flock(2) lock on f, without waiting: a Store
// of another process holding it makes it fail with ErrInUse.
//
// On Linux, flock(2) locks and the fcntl(2) locks SQLite takes are
// independent, so this lock does not get in SQLite's way; it belongs to
// f's open file description, so only closing f (in Close, after the
// database) or the death of the process releases it. (On the BSDs and
// macOS the two kinds of lock interact: there this lock would block
// SQLite's own, and lock_other.go is used instead.)
func lockOS(f *os.File) error {
	rc, err := f.SyscallConn()
	if err != nil {
		return fmt.Errorf("locking the file: %w", err)
	}
	var ferr error
	if err := rc.Control(func(fd uintptr) {
		for {
			ferr = syscall.Flock(int(fd), syscall.LOCK_EX|syscall.LOCK_NB)
			if ferr != syscall.EINTR {
				return
			}
		}
	}); err != nil {
		return fmt.Errorf("locking the file: %w", err)
	}
	switch ferr {
	case nil:
		return nil
	case syscall.EWOULDBLOCK:
		return fmt.Errorf("%w in another process", ErrInUse)
	}
	return fmt.Errorf("locking the file: %w", ferr)
}
