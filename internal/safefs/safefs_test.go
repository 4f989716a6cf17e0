//go:build unix

package safefs

import (
	"errors"
	"io"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
	"time"
)

// tree builds a project with links of every kind next to a directory
// outside it holding a secret, and returns the project's path.
func tree(t testing.TB) string {
	t.Helper()
	base := t.TempDir()
	root := filepath.Join(base, "project")
	out := filepath.Join(base, "outside")
	for _, d := range []string{root, filepath.Join(root, "dir", "sub"), out} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write := func(name, content string) {
		if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(root, "a.txt"), "inside")
	write(filepath.Join(root, "dir", "b.txt"), "inside b")
	write(filepath.Join(out, "secret"), "TOKEN=outside")
	links := map[string]string{
		"in":             "a.txt",
		"absin":          filepath.Join(root, "a.txt"),
		"dirlink":        "dir",
		"dir/up":         "../a.txt",
		"dir/sub/upup":   "../../dir/b.txt",
		"out":            "../outside/secret",
		"absout":         filepath.Join(out, "secret"),
		"outdir":         "../outside",
		"dir/up2":        "../../outside/secret",
		"roundtrip":      "../project/a.txt",
		"loop1":          "loop2",
		"loop2":          "loop1",
		"dangling":       "nothing-here",
		"proc":           "/proc/self/environ",
		"chain":          "dirlink/up",
		"dir/sub/escape": "../../../outside",
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(root, name)); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func open(t *testing.T, dir string) *FS {
	t.Helper()
	f, err := New(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestLinksInsideAreFollowed(t *testing.T) {
	f := open(t, tree(t))
	for name, want := range map[string]string{
		"a.txt": "inside", "in": "inside", "absin": "inside", "dir/up": "inside",
		"dirlink/b.txt": "inside b", "dir/sub/upup": "inside b", "chain": "inside",
		"dirlink/up": "inside",
	} {
		got, err := f.ReadFile(name)
		if err != nil || string(got) != want {
			t.Errorf("ReadFile(%s) = %q, %v; want %q", name, got, err, want)
		}
	}
}

func TestLinksOutsideAreRefused(t *testing.T) {
	f := open(t, tree(t))
	for _, name := range []string{"out", "absout", "outdir/secret", "dir/up2", "roundtrip", "proc", "dir/sub/escape/secret", "dirlink/../out"} {
		for op, call := range map[string]func() error{
			"ReadFile": func() error { _, err := f.ReadFile(name); return err },
			"Open":     func() error { _, err := f.Open(name); return err },
			"Stat":     func() error { _, err := f.Stat(name); return err },
			"ReadDir":  func() error { _, err := f.ReadDir(name); return err },
		} {
			err := call()
			if name == "dirlink/../out" {
				// Not a valid fs path at all.
				if !errors.Is(err, fs.ErrInvalid) {
					t.Errorf("%s(%s) = %v, want fs.ErrInvalid", op, name, err)
				}
				continue
			}
			if !errors.Is(err, ErrOutside) {
				t.Errorf("%s(%s) = %v, want ErrOutside", op, name, err)
				continue
			}
			if strings.Contains(err.Error(), "TOKEN") || !strings.Contains(err.Error(), "outside the project") {
				t.Errorf("%s(%s): message %q", op, name, err)
			}
		}
	}
}

func TestLoopAndDangling(t *testing.T) {
	f := open(t, tree(t))
	if _, err := f.ReadFile("loop1"); !errors.Is(err, ErrLinkLoop) {
		t.Errorf("loop: %v", err)
	}
	if _, err := f.Stat("dangling"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("dangling: %v", err)
	}
	if _, err := f.ReadFile("missing"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing: %v", err)
	}
}

func TestSpecialFilesAreRefusedWithoutBlocking(t *testing.T) {
	root := tree(t)
	if err := syscall.Mkfifo(filepath.Join(root, "fifo"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("fifo", filepath.Join(root, "fifolink")); err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("unix", filepath.Join(root, "sock"))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	f := open(t, root)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for _, name := range []string{"fifo", "fifolink", "sock"} {
			_, err := f.ReadFile(name)
			if !errors.Is(err, ErrSpecial) {
				t.Errorf("ReadFile(%s) = %v, want ErrSpecial", name, err)
			}
			if _, err := f.Open(name); !errors.Is(err, ErrSpecial) {
				t.Errorf("Open(%s) = %v, want ErrSpecial", name, err)
			}
			// Looking is fine: a stat never blocks.
			if _, err := f.Stat(name); err != nil {
				t.Errorf("Stat(%s) = %v", name, err)
			}
		}
		_, err := f.ReadFile("fifo")
		if err == nil || !strings.Contains(err.Error(), "named pipe") {
			t.Errorf("fifo message: %v", err)
		}
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("reading a special file blocked")
	}
}

func TestReadsAreBounded(t *testing.T) {
	root := tree(t)
	if err := os.WriteFile(filepath.Join(root, "big"), make([]byte, 100), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "exact"), make([]byte, 64), 0o644); err != nil {
		t.Fatal(err)
	}
	f := open(t, root).WithLimit(64)
	if _, err := f.ReadFile("big"); !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "big is larger than 64 bytes") {
		t.Errorf("ReadFile(big) = %v", err)
	}
	if data, err := f.ReadFile("exact"); err != nil || len(data) != 64 {
		t.Errorf("ReadFile(exact) = %d bytes, %v", len(data), err)
	}
	// A streaming reader meets the same bound, whatever the size says.
	file, err := f.Open("big")
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	if _, err := io.ReadAll(file); !errors.Is(err, ErrTooLarge) {
		t.Errorf("streaming read of big: %v", err)
	}
	if open(t, root).limit != DefaultMaxFileSize {
		t.Error("WithLimit changed the original")
	}
}

func TestRootThroughALink(t *testing.T) {
	root := tree(t)
	alias := filepath.Join(t.TempDir(), "alias")
	if err := os.Symlink(root, alias); err != nil {
		t.Fatal(err)
	}
	f := open(t, alias)
	if got, err := f.ReadFile("absin"); err != nil || string(got) != "inside" {
		t.Errorf("absolute link into the root, opened through an alias: %q, %v", got, err)
	}
}

func TestConformsToFS(t *testing.T) {
	root := t.TempDir()
	for name, content := range map[string]string{"a.txt": "a", "d/b.txt": "b", "d/e/c.txt": "c"} {
		p := filepath.Join(root, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(content), 0o644)
	}
	if err := fstest.TestFS(open(t, root), "a.txt", "d/b.txt", "d/e/c.txt"); err != nil {
		t.Fatal(err)
	}
}

func TestReadFileOfAUserPath(t *testing.T) {
	root := tree(t)
	if err := syscall.Mkfifo(filepath.Join(root, "fifo"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"/dev/zero", "/dev/null", filepath.Join(root, "fifo")} {
		if _, err := ReadFile(name, 1<<20); !errors.Is(err, ErrSpecial) {
			t.Errorf("ReadFile(%s) = %v, want ErrSpecial", name, err)
		}
	}
	// The user named the path, so its links are followed.
	if data, err := ReadFile(filepath.Join(root, "out"), 1<<20); err != nil || string(data) != "TOKEN=outside" {
		t.Errorf("ReadFile(out) = %q, %v", data, err)
	}
	if _, err := ReadFile(filepath.Join(root, "out"), 4); !errors.Is(err, ErrTooLarge) {
		t.Errorf("bound: %v", err)
	}
	if _, err := ReadFile(root, 4); err == nil {
		t.Error("a directory was read")
	}
}
