//go:build unix

package safefs

import (
	"errors"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzResolve checks resolution against the kernel's own answer
// (filepath.EvalSymlinks) on a tree of links of every kind: whatever name
// is asked for, a name resolved without error leads to the same file the
// kernel finds, and that file is inside the root; a name the kernel resolves
// to somewhere outside is always refused.
func FuzzResolve(f *testing.F) {
	for _, seed := range []string{"a.txt", "in", "absin", "out", "outdir/secret", "dirlink/up", "dir/sub/upup",
		"dir/sub/escape/secret", "roundtrip", "loop1", "chain", "dirlink/sub/upup", ".", "dir/../a.txt", "proc"} {
		f.Add(seed)
	}
	root := tree(f)
	fsys, err := New(root)
	if err != nil {
		f.Fatal(err)
	}
	defer fsys.Close()
	real := fsys.real
	f.Fuzz(func(t *testing.T, name string) {
		got, err := resolve(fsys.root, real, name)
		kernel, kerr := filepath.EvalSymlinks(filepath.Join(real, filepath.FromSlash(name)))
		if err != nil {
			if !fs.ValidPath(name) || errors.Is(err, ErrOutside) || errors.Is(err, ErrLinkLoop) {
				return
			}
			if kerr == nil && inside(real, kernel) {
				// Refusing is only allowed when the kernel fails too.
				var pe *fs.PathError
				if !errors.As(err, &pe) {
					t.Fatalf("resolve(%q) = %v, but the kernel finds %s", name, err, kernel)
				}
			}
			return
		}
		if !fs.ValidPath(got) {
			t.Fatalf("resolve(%q) = %q, not a valid path", name, got)
		}
		if kerr != nil {
			t.Fatalf("resolve(%q) = %q, but the kernel says %v", name, got, kerr)
		}
		if want := filepath.Join(real, filepath.FromSlash(got)); want != kernel {
			t.Fatalf("resolve(%q) = %q (%s), the kernel %s", name, got, want, kernel)
		}
		if !inside(real, kernel) {
			t.Fatalf("resolve(%q) leads outside to %s", name, kernel)
		}
	})
}

func inside(root, p string) bool {
	return p == root || strings.HasPrefix(p, root+string(filepath.Separator))
}
