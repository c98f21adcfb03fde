// Command modsize checks the files a release would ship: it fails when a
// tracked file is larger than 1 MB or is an executable binary, builds the
// module zip that `go get` downloads (golang.org/x/mod/zip) and fails when
// the zip is over budget.
package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"golang.org/x/mod/module"
	"golang.org/x/mod/zip"
)

const (
	maxFileBytes = 1 << 20
	maxZipBytes  = 1 << 20
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: modsize REPO_ROOT")
		os.Exit(2)
	}
	if err := run(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "modsize:", err)
		os.Exit(1)
	}
}

func run(root string) error {
	out, err := exec.Command("git", "-C", root, "ls-files", "-z").Output()
	if err != nil {
		return fmt.Errorf("git ls-files: %w", err)
	}
	var bad []string
	for _, name := range strings.Split(strings.TrimRight(string(out), "\x00"), "\x00") {
		if name == "" {
			continue
		}
		path := filepath.Join(root, name)
		fi, err := os.Lstat(path)
		if err != nil {
			continue // deleted in the work tree
		}
		if fi.Size() > maxFileBytes {
			bad = append(bad, fmt.Sprintf("%s: %d bytes (limit %d)", name, fi.Size(), maxFileBytes))
			continue
		}
		if kind := binaryKind(path); kind != "" {
			bad = append(bad, fmt.Sprintf("%s: %s", name, kind))
		}
	}
	if len(bad) > 0 {
		return fmt.Errorf("tracked files that must not ship:\n  %s", strings.Join(bad, "\n  "))
	}

	// The zip is made from the committed tree (git archive), as a release
	// would be; CreateFromVCS would do the same but not in a git worktree.
	dir, err := os.MkdirTemp("", "modsize-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	archive := exec.Command("sh", "-c", `git -C "$1" archive HEAD | tar -x -C "$2"`, "sh", root, dir)
	if out, err := archive.CombinedOutput(); err != nil {
		return fmt.Errorf("git archive: %v: %s", err, out)
	}
	tmp, err := os.CreateTemp("", "modzip-*.zip")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	mv := module.Version{Path: "github.com/jmzs-sdk/jmzs-go", Version: "v0.0.0-ci"}
	if err := zip.CreateFromDir(tmp, mv, dir); err != nil {
		return fmt.Errorf("module zip: %w", err)
	}
	fi, err := tmp.Stat()
	if err != nil {
		return err
	}
	fmt.Printf("module zip: %d bytes (%.0f KiB, budget %d KiB)\n", fi.Size(), float64(fi.Size())/1024, maxZipBytes/1024)
	if fi.Size() > maxZipBytes {
		return fmt.Errorf("module zip is %d bytes, over the %d-byte budget", fi.Size(), maxZipBytes)
	}
	return nil
}

// binaryKind names an executable format by its magic number, or returns "".
func binaryKind(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	head := make([]byte, 4)
	n, _ := f.Read(head)
	head = head[:n]
	switch {
	case bytes.HasPrefix(head, []byte("\x7fELF")):
		return "ELF executable"
	case bytes.HasPrefix(head, []byte("MZ")):
		return "Windows executable"
	case bytes.HasPrefix(head, []byte{0xcf, 0xfa, 0xed, 0xfe}), bytes.HasPrefix(head, []byte{0xce, 0xfa, 0xed, 0xfe}),
		bytes.HasPrefix(head, []byte{0xca, 0xfe, 0xba, 0xbe}):
		return "Mach-O executable"
	}
	return ""
}
