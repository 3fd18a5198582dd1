//go:build unix

package main

import (
	"io/fs"
	"os"
	"syscall"
)

// chownLike gives f the owner and group of the file it is to replace, so that
// root writing a user's file leaves it the user's. Only root may give a file
// away; for anyone else a failure leaves f theirs, as a new file would be.
func chownLike(f *os.File, old fs.FileInfo) {
	if st, ok := old.Sys().(*syscall.Stat_t); ok {
		_ = f.Chown(int(st.Uid), int(st.Gid))
	}
}
