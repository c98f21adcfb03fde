package main

import (
	"os"
	"syscall"
)

// datasync flushes f's data to disk, and its metadata only when reading
// the data needs it (fdatasync).
func datasync(f *os.File) error { return syscall.Fdatasync(int(f.Fd())) }
