//go:build unix

package main

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"image/png"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relationskort/relationskort/store"
)

// writeString is a write function for writeOutput.
func writeString(s string) func(io.Writer) error {
	return func(w io.Writer) error {
		_, err := io.WriteString(w, s)
		return err
	}
}

// readFIFO makes a FIFO at path and reads everything written into it in the
// background; the function it returns waits for the writer to close it and
// returns what arrived.
func readFIFO(t *testing.T, path string) func() []byte {
	t.Helper()
	require.NoError(t, syscall.Mkfifo(path, 0o644))
	type result struct {
		data []byte
		err  error
	}
	done := make(chan result, 1)
	go func() {
		data, err := os.ReadFile(path)
		done <- result{data, err}
	}()
	t.Cleanup(func() {
		// A reader still waiting (the test failed before writing) gets EOF.
		if f, err := os.OpenFile(path, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			f.Close()
		}
	})
	return func() []byte {
		t.Helper()
		select {
		case r := <-done:
			require.NoError(t, r.err)
			return r.data
		case <-time.After(10 * time.Second):
			t.Fatalf("nothing was written into the FIFO %s", path)
			return nil
		}
	}
}

// assertFIFO checks that path is still a FIFO, not a file put in its place.
func assertFIFO(t *testing.T, path string) {
	t.Helper()
	fi, err := os.Lstat(path)
	require.NoError(t, err)
	assert.NotZero(t, fi.Mode()&os.ModeNamedPipe, "%s is %v now; want it still a FIFO", path, fi.Mode())
}

// setUmask sets the process's umask for the test.
func setUmask(t *testing.T, mask int) {
	old := syscall.Umask(mask)
	t.Cleanup(func() { syscall.Umask(old) })
}

// assertNoTemp checks that no temporary file is left in dir.
func assertNoTemp(t *testing.T, dir string) {
	t.Helper()
	left, err := filepath.Glob(filepath.Join(dir, ".*"))
	require.NoError(t, err)
	assert.Empty(t, left, "temporary files left behind")
}

func TestWriteOutput(t *testing.T) {
	setUmask(t, 0o027)

	t.Run("Stdout", func(t *testing.T) {
		for _, path := range []string{"", "-"} {
			var stdout bytes.Buffer
			require.NoError(t, writeOutput(t.Context(), path, &stdout, writeString("kort")))
			assert.Equal(t, "kort", stdout.String(), "writeOutput(%q)", path)
		}
	})
	t.Run("NewFile", func(t *testing.T) {
		dir := t.TempDir()
		out := filepath.Join(dir, "map.json")
		require.NoError(t, writeOutput(t.Context(), out, nil, writeString("kort")))
		assertContent(t, out, "kort")
		assertMode(t, out, 0o640) // 0644 less the umask 027
		assertNoTemp(t, dir)
	})
	t.Run("ExistingFileModeKept", func(t *testing.T) {
		dir := t.TempDir()
		out := filepath.Join(dir, "map.json")
		require.NoError(t, os.WriteFile(out, []byte("old"), 0o600))
		require.NoError(t, os.Chmod(out, 0o664)) // wider than the umask allows a new file
		require.NoError(t, writeOutput(t.Context(), out, nil, writeString("new")))
		assertContent(t, out, "new")
		assertMode(t, out, 0o664)
		assertNoTemp(t, dir)
	})
	t.Run("SymlinkToFile", func(t *testing.T) {
		dir := t.TempDir()
		target := filepath.Join(dir, "real.json")
		require.NoError(t, os.WriteFile(target, []byte("old"), 0o600))
		link := filepath.Join(dir, "link.json")
		require.NoError(t, os.Symlink("real.json", link))
		require.NoError(t, writeOutput(t.Context(), link, nil, writeString("new")))
		assertLink(t, link, "real.json")
		assertContent(t, target, "new")
		assertMode(t, target, 0o600)
		assertNoTemp(t, dir)
	})
	t.Run("DanglingSymlink", func(t *testing.T) {
		dir := t.TempDir()
		require.NoError(t, os.Mkdir(filepath.Join(dir, "sub"), 0o755))
		link := filepath.Join(dir, "link.json")
		require.NoError(t, os.Symlink("sub/new.json", link))
		require.NoError(t, writeOutput(t.Context(), link, nil, writeString("new")))
		assertLink(t, link, "sub/new.json")
		assertContent(t, filepath.Join(dir, "sub", "new.json"), "new")
	})
	t.Run("DanglingSymlinkThroughLinkedDir", func(t *testing.T) {
		// dir/a/link -> ../x.json, reached as dir/b/link where b -> a/deep:
		// ".." leaves a/deep, as the kernel would take it, not b.
		dir := t.TempDir()
		require.NoError(t, os.MkdirAll(filepath.Join(dir, "a", "deep"), 0o755))
		require.NoError(t, os.Symlink("../x.json", filepath.Join(dir, "a", "deep", "link")))
		require.NoError(t, os.Symlink(filepath.Join("a", "deep"), filepath.Join(dir, "b")))
		require.NoError(t, writeOutput(t.Context(), filepath.Join(dir, "b", "link"), nil, writeString("new")))
		assertContent(t, filepath.Join(dir, "a", "x.json"), "new")
		assert.NoFileExists(t, filepath.Join(dir, "x.json"))
	})
	t.Run("SymlinkLoop", func(t *testing.T) {
		dir := t.TempDir()
		link := filepath.Join(dir, "loop")
		require.NoError(t, os.Symlink("loop", link))
		err := writeOutput(t.Context(), link, nil, writeString("new"))
		require.Error(t, err)
		assertLink(t, link, "loop")
	})
	t.Run("Directory", func(t *testing.T) {
		dir := t.TempDir()
		err := writeOutput(t.Context(), dir, nil, writeString("new"))
		require.ErrorIs(t, err, syscall.EISDIR)
		assert.ErrorContains(t, err, dir)
		assertNoTemp(t, dir)
	})
	t.Run("ReadOnlyDirectory", func(t *testing.T) {
		dir := readOnlyDir(t)
		for _, name := range []string{"kept.json", "new.json"} {
			out := filepath.Join(dir, name)
			err := writeOutput(t.Context(), out, nil, writeString("new"))
			require.Error(t, err, "writeOutput(%s)", name)
			assert.ErrorIs(t, err, fs.ErrPermission)
		}
		assertContent(t, filepath.Join(dir, "kept.json"), "old")
		assert.NoFileExists(t, filepath.Join(dir, "new.json"))
		assertNoTemp(t, dir)
	})
	t.Run("WriteError", func(t *testing.T) {
		dir := t.TempDir()
		out := filepath.Join(dir, "map.json")
		require.NoError(t, os.WriteFile(out, []byte("old"), 0o644))
		boom := errors.New("boom")
		err := writeOutput(t.Context(), out, nil, func(w io.Writer) error {
			io.WriteString(w, "half")
			return boom
		})
		require.ErrorIs(t, err, boom)
		assertContent(t, out, "old")
		assertNoTemp(t, dir)
	})
	t.Run("Cancelled", func(t *testing.T) {
		dir := t.TempDir()
		out := filepath.Join(dir, "map.json")
		require.NoError(t, os.WriteFile(out, []byte("old"), 0o644))
		ctx, cancel := context.WithCancel(t.Context())
		err := writeOutput(ctx, out, nil, func(w io.Writer) error {
			cancel() // Ctrl-C while writing
			_, err := io.WriteString(w, "new")
			return err
		})
		require.ErrorIs(t, err, context.Canceled)
		assertContent(t, out, "old")
		assertNoTemp(t, dir)
	})
	t.Run("FIFO", func(t *testing.T) {
		fifo := filepath.Join(t.TempDir(), "out")
		wait := readFIFO(t, fifo)
		require.NoError(t, writeOutput(t.Context(), fifo, nil, writeString("kort")))
		assert.Equal(t, "kort", string(wait()))
		assertFIFO(t, fifo)
	})
	t.Run("FIFOLargerThanPipeBuffer", func(t *testing.T) {
		fifo := filepath.Join(t.TempDir(), "out")
		wait := readFIFO(t, fifo)
		big := bytes.Repeat([]byte("relationskort "), 100_000) // 1.4 MB, the pipe holds 64 KiB
		require.NoError(t, writeOutput(t.Context(), fifo, nil, writeString(string(big))))
		assert.Equal(t, len(big), len(wait()))
		assertFIFO(t, fifo)
	})
	t.Run("SymlinkToFIFO", func(t *testing.T) { // as /dev/stdout -> /proc/self/fd/1
		dir := t.TempDir()
		fifo := filepath.Join(dir, "pipe")
		wait := readFIFO(t, fifo)
		link := filepath.Join(dir, "stdout")
		require.NoError(t, os.Symlink(fifo, link))
		require.NoError(t, writeOutput(t.Context(), link, nil, writeString("kort")))
		assert.Equal(t, "kort", string(wait()))
		assertLink(t, link, fifo)
		assertFIFO(t, fifo)
	})
	t.Run("FIFOWithoutReader", func(t *testing.T) {
		fifo := filepath.Join(t.TempDir(), "out")
		require.NoError(t, syscall.Mkfifo(fifo, 0o644))
		ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
		defer cancel()
		err := writeOutput(ctx, fifo, nil, writeString("kort"))
		require.ErrorIs(t, err, context.DeadlineExceeded, "the wait for a reader ends with ctx")
		assertFIFO(t, fifo)
	})
	t.Run("FIFOReaderStops", func(t *testing.T) {
		fifo := filepath.Join(t.TempDir(), "out")
		require.NoError(t, syscall.Mkfifo(fifo, 0o644))
		r, err := os.OpenFile(fifo, os.O_RDONLY|syscall.O_NONBLOCK, 0) // a reader that never reads
		require.NoError(t, err)
		defer r.Close()
		ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
		defer cancel()
		big := strings.Repeat("relationskort ", 100_000) // more than the pipe holds
		err = writeOutput(ctx, fifo, nil, writeString(big))
		require.ErrorIs(t, err, context.DeadlineExceeded, "a write the reader does not take ends with ctx")
		assertFIFO(t, fifo)
	})
	t.Run("CharDevice", func(t *testing.T) {
		var null syscall.Stat_t
		require.NoError(t, syscall.Stat("/dev/null", &null))
		dev := filepath.Join(t.TempDir(), "null") // the same device as /dev/null
		if err := syscall.Mknod(dev, syscall.S_IFCHR|0o666, int(null.Rdev)); errors.Is(err, syscall.EPERM) {
			t.Skip("mknod is not permitted here (needs root and a file system that allows devices):", err)
		} else {
			require.NoError(t, err)
		}
		before, err := os.Lstat(dev)
		require.NoError(t, err)
		require.NoError(t, writeOutput(t.Context(), dev, nil, writeString("kort")))
		after, err := os.Lstat(dev)
		require.NoError(t, err)
		assert.NotZero(t, after.Mode()&os.ModeCharDevice, "%s is %v now; want it still a character device", dev, after.Mode())
		assert.True(t, os.SameFile(before, after), "the device was replaced")
	})
	t.Run("OwnerKept", func(t *testing.T) {
		if os.Geteuid() != 0 {
			t.Skip("only root can give a file to another user")
		}
		dir := t.TempDir()
		out := filepath.Join(dir, "map.json")
		require.NoError(t, os.WriteFile(out, []byte("old"), 0o644))
		require.NoError(t, os.Chown(out, 65534, 65534))
		require.NoError(t, writeOutput(t.Context(), out, nil, writeString("new")))
		fi, err := os.Stat(out)
		require.NoError(t, err)
		st := fi.Sys().(*syscall.Stat_t)
		assert.Equal(t, [2]uint32{65534, 65534}, [2]uint32{st.Uid, st.Gid}, "owner and group of %s", out)
	})
}

func TestWriteNewOutput(t *testing.T) {
	dir := t.TempDir()
	kept := filepath.Join(dir, "kept.db")
	require.NoError(t, os.WriteFile(kept, []byte("old"), 0o644))
	err := writeNewOutput(t.Context(), kept, nil, writeString("new"))
	require.ErrorIs(t, err, fs.ErrExist)
	assertContent(t, kept, "old")

	link := filepath.Join(dir, "link.db")
	require.NoError(t, os.Symlink("kept.db", link))
	require.ErrorIs(t, writeNewOutput(t.Context(), link, nil, writeString("new")), fs.ErrExist)
	assertContent(t, kept, "old")

	out := filepath.Join(dir, "new.db")
	require.NoError(t, writeNewOutput(t.Context(), out, nil, writeString("new")))
	assertContent(t, out, "new")

	fifo := filepath.Join(dir, "pipe")
	wait := readFIFO(t, fifo)
	require.NoError(t, writeNewOutput(t.Context(), fifo, nil, writeString("new")))
	assert.Equal(t, "new", string(wait()))
	assertFIFO(t, fifo)
	assertNoTemp(t, dir)
}

// readOnlyDir returns a directory holding kept.json ("old") in which no
// file can be created, even by root: root passes over a mode of 0555, so
// it makes the directory immutable (chattr +i) as well.
func readOnlyDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "ro")
	require.NoError(t, os.Mkdir(dir, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "kept.json"), []byte("old"), 0o644))
	require.NoError(t, os.Chmod(dir, 0o555))
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
	probe := filepath.Join(dir, "probe")
	f, err := os.Create(probe)
	if err != nil {
		return dir
	}
	f.Close()
	require.NoError(t, os.Remove(probe))
	if out, err := exec.Command("chattr", "+i", dir).CombinedOutput(); err != nil {
		t.Skipf("running as root and cannot make %s immutable: chattr +i: %v %s", dir, err, out)
	}
	t.Cleanup(func() { exec.Command("chattr", "-i", dir).Run() })
	return dir
}

func assertContent(t *testing.T, path, want string) {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, want, string(data), "content of %s", path)
}

func assertMode(t *testing.T, path string, want fs.FileMode) {
	t.Helper()
	fi, err := os.Lstat(path)
	require.NoError(t, err)
	assert.True(t, fi.Mode().IsRegular(), "%s is %v; want a regular file", path, fi.Mode())
	assert.Equal(t, want, fi.Mode().Perm(), "mode of %s", path)
}

func assertLink(t *testing.T, link, want string) {
	t.Helper()
	dest, err := os.Readlink(link)
	require.NoError(t, err, "%s is no longer a symbolic link", link)
	assert.Equal(t, want, dest, "%s points elsewhere", link)
}

// TestRun_OutputToFIFO runs each command that writes a file with a FIFO as
// its output: what the command writes arrives, and the FIFO stays a FIFO.
func TestRun_OutputToFIFO(t *testing.T) {
	dir := t.TempDir()
	mapDoc := filepath.Join(dir, "map.json")
	require.NoError(t, os.WriteFile(mapDoc, []byte(doc), 0o644))
	sheetPath := filepath.Join(dir, "ark.csv")
	require.NoError(t, os.WriteFile(sheetPath, []byte(sheet), 0o644))
	db := filepath.Join(dir, "relationskort.db")
	st, err := store.Open(t.Context(), db)
	require.NoError(t, err)
	require.NoError(t, st.Close())

	tests := []struct {
		name string
		fifo string // its name decides render's format
		args func(fifo string) []string
		want func(t *testing.T, data []byte)
	}{
		{"RenderSVG", "map.svg", func(fifo string) []string { return []string{"render", mapDoc, "-o", fifo} },
			func(t *testing.T, data []byte) {
				require.NoError(t, xml.Unmarshal(data, new(struct{})))
				assert.Contains(t, string(data), "Borgeren")
			}},
		{"RenderPNG", "map.png", func(fifo string) []string { return []string{"render", "-o", fifo, mapDoc} },
			func(t *testing.T, data []byte) {
				_, err := png.DecodeConfig(bytes.NewReader(data))
				assert.NoError(t, err)
			}},
		{"Export", "map.dot", func(fifo string) []string { return []string{"export", "--format", "dot", mapDoc, "-o", fifo} },
			func(t *testing.T, data []byte) { assert.Contains(t, string(data), `graph "relationskort" {`) }},
		{"Import", "map.json", func(fifo string) []string { return []string{"import", sheetPath, "-o", fifo} },
			func(t *testing.T, data []byte) { assert.Len(t, readDoc(t, data).Relations, 2) }},
		{"Backup", "backup.db", func(fifo string) []string { return []string{"backup", "--db", db, fifo} },
			func(t *testing.T, data []byte) {
				copied := filepath.Join(t.TempDir(), "copy.db")
				require.NoError(t, os.WriteFile(copied, data, 0o600))
				st, err := store.Open(t.Context(), copied)
				require.NoError(t, err)
				defer st.Close()
				assert.NoError(t, st.IntegrityCheck(t.Context()))
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fifo := filepath.Join(t.TempDir(), tt.fifo)
			wait := readFIFO(t, fifo)
			var stdout, stderr bytes.Buffer
			err := run(t.Context(), append([]string{"relationskort"}, tt.args(fifo)...), func(string) string { return "" },
				strings.NewReader(""), &stdout, &stderr)
			require.NoError(t, err, stderr.String())
			tt.want(t, wait())
			assertFIFO(t, fifo)
		})
	}
}

// TestRun_BackupToStdout: "-" writes the copy to stdout and the report to
// stderr, where it does not spoil the copy.
func TestRun_BackupToStdout(t *testing.T) {
	db := filepath.Join(t.TempDir(), "relationskort.db")
	st, err := store.Open(t.Context(), db)
	require.NoError(t, err)
	require.NoError(t, st.Close())
	var stdout, stderr bytes.Buffer
	require.NoError(t, run(t.Context(), []string{"relationskort", "backup", "--db", db, "-"}, func(string) string { return "" },
		nil, &stdout, &stderr))
	assert.True(t, bytes.HasPrefix(stdout.Bytes(), []byte("SQLite format 3\x00")), "stdout holds a database")
	assert.Contains(t, stderr.String(), "backed up")
	assertNoTemp(t, filepath.Dir(db))
}
