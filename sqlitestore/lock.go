package sqlitestore

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sync"
)

// fileLock is a Store's claim on its database file: an entry in the
// registry of this process, and a descriptor of the file, kept open until
// the database is closed, that holds the lock other processes see (on
// Linux; see lockOS).
type fileLock struct {
	f  *os.File
	id fileID
}

// registry holds the files of this process's open Stores.
//
// A second Store of the same process is refused by the registry, before
// it opens any descriptor of the file: closing one would drop the fcntl(2)
// locks that the first Store's SQLite connections hold on it (POSIX ties
// them to the process and the file, not to a descriptor).
var registry = struct {
	sync.Mutex
	held map[fileID]bool
}{held: make(map[fileID]bool)}

// lockFile claims the database file abs for a Store, creating it (empty,
// readable by its owner only) if it does not exist.
func lockFile(abs string) (*fileLock, error) {
	registry.Lock()
	defer registry.Unlock()
	if id, ok := statID(abs); ok && registry.held[id] {
		return nil, fmt.Errorf("%w in this process", ErrInUse)
	}
	// Cookies are credentials: create the file readable by its owner only
	// (SQLite gives the -wal and -shm files the same mode).
	f, err := os.OpenFile(abs, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("opening the file: %w", unwrapPath(err))
	}
	id, err := fileIDOf(f, abs)
	if err == nil && registry.held[id] {
		// The path was replaced since statID and now names the file of
		// another Store of this process. Closing f may drop that Store's
		// fcntl locks: a race this narrow is accepted.
		err = fmt.Errorf("%w in this process", ErrInUse)
	}
	if err == nil {
		err = lockOS(f)
	}
	if err != nil {
		_ = f.Close()
		return nil, err
	}
	registry.held[id] = true
	return &fileLock{f: f, id: id}, nil
}

// release gives up the claim: the registry entry, and the descriptor with
// the lock of lockOS. The database must be closed.
func (l *fileLock) release() error {
	registry.Lock()
	delete(registry.held, l.id)
	registry.Unlock()
	if err := l.f.Close(); err != nil {
		return unwrapPath(err)
	}
	return nil
}

// unwrapPath returns the cause of an *fs.PathError, whose text would name
// the file a second time.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
