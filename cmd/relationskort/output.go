package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"time"
)

// writeOutput writes what write produces to path, or to stdout when path is
// "" or "-". It replaces nothing but a regular file:
//
//   - a missing path or a regular file is replaced atomically: write goes to
//     a temporary file in the same directory, which is synced, given the old
//     file's mode and owner (a new file gets 0644 less the umask) and renamed
//     onto the path. On any error the temporary file is removed and the old
//     file is untouched;
//   - a symbolic link is followed, a dangling one too: the link stays, its
//     target is replaced or created;
//   - a device, FIFO, socket or terminal (/dev/null, /dev/stdout, a mkfifo)
//     is opened and written into, never created or replaced;
//   - a directory is an error (syscall.EISDIR).
//
// A cancelled ctx stops a wait for a FIFO's reader, and the rename.
func writeOutput(ctx context.Context, path string, stdout io.Writer, write func(io.Writer) error) error {
	return writeTo(ctx, path, stdout, false, write)
}

// writeNewOutput is writeOutput that refuses to replace an existing regular
// file (fs.ErrExist), for backups.
func writeNewOutput(ctx context.Context, path string, stdout io.Writer, write func(io.Writer) error) error {
	return writeTo(ctx, path, stdout, true, write)
}

func writeTo(ctx context.Context, path string, stdout io.Writer, noClobber bool, write func(io.Writer) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if path == "" || path == "-" {
		return write(stdout)
	}
	// Stat follows links as open(2) does, also the kernel's own links such
	// as /dev/stdout -> /proc/self/fd/1 -> pipe:[1234], which
	// filepath.EvalSymlinks cannot follow.
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		target, err := danglingTarget(path)
		if err != nil {
			return err
		}
		return replaceFile(ctx, target, nil, noClobber, write)
	case err != nil:
		return err
	case fi.IsDir():
		return &fs.PathError{Op: "write", Path: path, Err: syscall.EISDIR}
	case fi.Mode().IsRegular():
		if noClobber {
			return &fs.PathError{Op: "write", Path: path, Err: fs.ErrExist}
		}
		target, err := filepath.EvalSymlinks(path)
		if err != nil {
			return err
		}
		// A name for the very file that path reaches; not so for
		// /dev/stdout when the output goes to a deleted file.
		if tfi, err := os.Stat(target); err != nil || !os.SameFile(fi, tfi) {
			return &fs.PathError{Op: "write", Path: path, Err: errors.New("the file it leads to has no name to replace")}
		}
		return replaceFile(ctx, target, fi, false, write)
	default:
		return writeInto(ctx, path, fi, write)
	}
}

// danglingTarget returns the path that creating path would create: path
// itself, or where its (chain of) dangling symbolic link(s) points.
func danglingTarget(path string) (string, error) {
	for range 40 { // Linux's limit of links in a path
		fi, err := os.Lstat(path)
		if errors.Is(err, fs.ErrNotExist) || err == nil && fi.Mode()&fs.ModeSymlink == 0 {
			return path, nil
		}
		if err != nil {
			return "", err
		}
		dest, err := os.Readlink(path)
		if err != nil {
			return "", err
		}
		if !filepath.IsAbs(dest) {
			// Relative to the link's real directory: ".." in dest must
			// leave that one, not a symbolic link on the way to it.
			dir, err := filepath.EvalSymlinks(filepath.Dir(path))
			if err != nil {
				return "", err
			}
			dest = filepath.Join(dir, dest)
		}
		path = dest
	}
	return "", &fs.PathError{Op: "write", Path: path, Err: syscall.ELOOP}
}

// replaceFile writes target through a temporary file and a rename. old is
// target's FileInfo, nil when it does not exist.
func replaceFile(ctx context.Context, target string, old fs.FileInfo, noClobber bool, write func(io.Writer) error) (err error) {
	perm := fs.FileMode(0o644) // less the umask, as for os.Create
	if old != nil {
		perm = old.Mode().Perm()
	}
	tmp, err := createTemp(filepath.Dir(target), "."+filepath.Base(target)+".", perm)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if old != nil {
		chownLike(tmp, old)
		if err := tmp.Chmod(perm); err != nil { // the old mode, whatever the umask
			return err
		}
	}
	if err := write(tmp); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if noClobber {
		// Link fails if target came into being while we wrote.
		err := os.Link(tmp.Name(), target)
		if err == nil {
			os.Remove(tmp.Name())
			return nil
		}
		if errors.Is(err, fs.ErrExist) {
			return &fs.PathError{Op: "write", Path: target, Err: fs.ErrExist}
		}
		// No hard links here (FAT, some network file systems): the check
		// before writing has to do.
	}
	return os.Rename(tmp.Name(), target)
}

// createTemp is os.CreateTemp with a mode: the file is created with perm
// less the umask, as the file it becomes would be, and never more open than
// the file it replaces (os.CreateTemp always creates 0600).
func createTemp(dir, prefix string, perm fs.FileMode) (*os.File, error) {
	for range 1000 {
		name := filepath.Join(dir, prefix+strconv.FormatUint(rand.Uint64(), 36))
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, perm)
		if !errors.Is(err, fs.ErrExist) {
			return f, err
		}
	}
	return nil, &fs.PathError{Op: "createtemp", Path: filepath.Join(dir, prefix+"*"), Err: fs.ErrExist}
}

// writeInto writes into a device, FIFO, socket or terminal in place.
func writeInto(ctx context.Context, path string, fi fs.FileInfo, write func(io.Writer) error) error {
	f, err := openSpecial(ctx, path, fi)
	if err != nil {
		return err
	}
	defer f.Close()
	if nfi, err := f.Stat(); err != nil {
		return err
	} else if nfi.Mode().IsRegular() { // replaced since the Stat: it would be written into, not truncated
		return &fs.PathError{Op: "write", Path: path, Err: errors.New("changed into a regular file while being opened")}
	}
	// A write that waits for a FIFO's reader to read ends when ctx does.
	stop := context.AfterFunc(ctx, func() { f.SetWriteDeadline(time.Unix(1, 0)) })
	defer stop()
	if err := write(f); err != nil {
		if ctx.Err() != nil { // the deadline set above, not a fault of the file
			return fmt.Errorf("writing to %s: %w", path, ctx.Err())
		}
		return err
	}
	return f.Close()
}

// openSpecial opens a special file for writing, without creating anything.
// Opening a FIFO waits until a reader opens it; that wait ends when ctx is
// cancelled (the CLI's ctx is, on Ctrl-C).
func openSpecial(ctx context.Context, path string, fi fs.FileInfo) (*os.File, error) {
	if fi.Mode()&fs.ModeNamedPipe == 0 {
		return os.OpenFile(path, os.O_WRONLY, 0)
	}
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		// Without O_NONBLOCK open(2) would block, deaf to ctx; with it,
		// it fails with ENXIO until there is a reader.
		f, err := os.OpenFile(path, os.O_WRONLY|syscall.O_NONBLOCK, 0)
		if !errors.Is(err, syscall.ENXIO) {
			return f, err
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("waiting for a reader of %s: %w", path, ctx.Err())
		case <-tick.C:
		}
	}
}
