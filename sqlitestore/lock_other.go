//go:build !linux

package sqlitestore

import (
	"fmt"
	"os"
	"path/filepath"
)

// fileID identifies a file by its absolute path with every symbolic link
// resolved (hard links are not recognized).
type fileID string

// statID returns the fileID of the file at abs; false if there is none.
func statID(abs string) (fileID, bool) {
	p, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return "", false
	}
	return fileID(p), true
}

// fileIDOf returns the fileID of the file f opened at abs.
func fileIDOf(_ *os.File, abs string) (fileID, error) {
	p, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return "", fmt.Errorf("resolving the path: %w", err)
	}
	return fileID(p), nil
}

// lockOS does nothing: on these systems only the Stores of this process
// are detected, by the registry. flock(2) on the BSDs and macOS interacts
// with the fcntl(2) locks of SQLite (an exclusive flock would block
// them), and other systems have neither.
func lockOS(*os.File) error { return nil }
