//go:build linux || darwin || freebsd

package store

import "syscall"

// freeSpace returns the bytes free for unprivileged use on the file system
// of dir.
func freeSpace(dir string) (uint64, bool) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return 0, false
	}
	return uint64(st.Bavail) * uint64(st.Bsize), true
}
