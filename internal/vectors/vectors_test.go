package vectors

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWPTLines(t *testing.T) {
	lines, err := WPTLines(filepath.Join("..", ".."))
	require.NoError(t, err)
	assert.Equal(t, 270, len(lines))
	assert.Equal(t, "foo=bar", lines[0])

	_, err = WPTLines(t.TempDir())
	require.ErrorIs(t, err, os.ErrNotExist)

	dir := t.TempDir()
	path := filepath.Join(dir, "testdata", "conformance", "wpt-http-state")
	require.NoError(t, os.MkdirAll(path, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(path, "http-state-wpt.json"), []byte(`[{"received":["a=b"]}]`), 0o644))
	_, err = WPTLines(dir)
	require.EqualError(t, err, "conformance vector "+filepath.Join(path, "http-state-wpt.json")+": 1 cases, want 221")
}
