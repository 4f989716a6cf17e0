//go:build unix

package write

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// noTemps fails if a temporary file was left in dir.
func noTemps(t *testing.T, dir string) {
	t.Helper()
	left, _ := filepath.Glob(filepath.Join(dir, ".*.tmp*"))
	if len(left) != 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
}

func read(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		return "<" + err.Error() + ">"
	}
	return string(data)
}

// failOn returns a WriteData that fails with err for the file whose
// staged name starts with prefix.
func failOn(prefix string, err error) func(*os.File, []byte) (int, error) {
	return func(f *os.File, data []byte) (int, error) {
		if strings.HasPrefix(filepath.Base(f.Name()), prefix) {
			return 0, err
		}
		return f.Write(data)
	}
}

func TestDiskFullWritesNothing(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "Dockerfile"), []byte("FROM old\n"), 0o640)
	w := Writer{WriteData: failOn("..dockerignore.tmp", syscall.ENOSPC)}
	_, err := w.Write(dir, files("FROM new\n", "new\n"), true)
	if !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("err = %v, want ENOSPC", err)
	}
	if got := read(t, filepath.Join(dir, "Dockerfile")); got != "FROM old\n" {
		t.Errorf("Dockerfile = %q, want it untouched", got)
	}
	if _, err := os.Lstat(filepath.Join(dir, ".dockerignore")); !os.IsNotExist(err) {
		t.Error(".dockerignore was written")
	}
	noTemps(t, dir)
}

func TestFailureWhilePlacingRollsBack(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "Dockerfile"), []byte("FROM old\n"), 0o640)
	// Dockerfile is replaced first; placing the new .dockerignore fails.
	w := Writer{Link: func(a, b string) error { return syscall.EIO }}
	_, err := w.Write(dir, files("FROM new\n", "new\n"), true)
	if !errors.Is(err, syscall.EIO) {
		t.Fatalf("err = %v, want EIO", err)
	}
	if got := read(t, filepath.Join(dir, "Dockerfile")); got != "FROM old\n" {
		t.Errorf("Dockerfile = %q, want it put back", got)
	}
	if fi, _ := os.Stat(filepath.Join(dir, "Dockerfile")); fi.Mode().Perm() != 0o640 {
		t.Errorf("restored mode %v", fi.Mode().Perm())
	}
	noTemps(t, dir)

	// A created file is removed again when a later one fails.
	dir = t.TempDir()
	renames := 0
	w = Writer{Rename: func(a, b string) error { renames++; return syscall.EIO }}
	os.WriteFile(filepath.Join(dir, ".dockerignore"), []byte("old\n"), 0o644)
	if _, err := w.Write(dir, files("FROM new\n", "new\n"), true); !errors.Is(err, syscall.EIO) || renames != 1 {
		t.Fatalf("err = %v after %d renames", err, renames)
	}
	if _, err := os.Lstat(filepath.Join(dir, "Dockerfile")); !os.IsNotExist(err) {
		t.Error("Dockerfile stayed although .dockerignore failed")
	}
	if got := read(t, filepath.Join(dir, ".dockerignore")); got != "old\n" {
		t.Errorf(".dockerignore = %q", got)
	}
	noTemps(t, dir)
}

func TestSignalMidWriteCleansUp(t *testing.T) {
	dir := t.TempDir()
	var sig chan<- os.Signal
	w := Writer{
		Notify: func(c chan<- os.Signal) { sig = c },
		Stop:   func(chan<- os.Signal) {},
		WriteData: func(f *os.File, data []byte) (int, error) {
			if strings.HasPrefix(filepath.Base(f.Name()), "..dockerignore") {
				sig <- os.Interrupt // Ctrl-C while the second file is staged
			}
			return f.Write(data)
		},
	}
	_, err := w.Write(dir, files("FROM new\n", "new\n"), false)
	if !errors.Is(err, ErrInterrupted) {
		t.Fatalf("err = %v, want ErrInterrupted", err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 0 {
		t.Errorf("left in the directory: %v", entries)
	}
}

func TestNoHardLinks(t *testing.T) {
	dir := t.TempDir()
	w := Writer{Link: func(a, b string) error { return &os.LinkError{Op: "link", Old: a, New: b, Err: syscall.EPERM} }}
	res, err := w.Write(dir, files("FROM x\n", "y\n"), false)
	if err != nil || res[0].Status != Created {
		t.Fatalf("write without hard links: %v %v", res, err)
	}
	if got := read(t, filepath.Join(dir, "Dockerfile")); got != "FROM x\n" {
		t.Errorf("Dockerfile = %q", got)
	}
	if fi, _ := os.Stat(filepath.Join(dir, "Dockerfile")); fi.Mode().Perm() != 0o644 {
		t.Errorf("mode %v", fi.Mode().Perm())
	}
	noTemps(t, dir)
	// The fallback never clobbers either.
	w.Link = func(a, b string) error {
		os.WriteFile(b, []byte("theirs\n"), 0o644)
		return syscall.EPERM
	}
	os.Remove(filepath.Join(dir, "Dockerfile"))
	if _, err := w.Write(dir, files("FROM x\n", "y\n"), false); err == nil || !strings.Contains(err.Error(), "appeared") {
		t.Errorf("err = %v", err)
	}
	if got := read(t, filepath.Join(dir, "Dockerfile")); got != "theirs\n" {
		t.Errorf("Dockerfile = %q", got)
	}
}

func TestDanglingSymlink(t *testing.T) {
	dir := t.TempDir()
	os.Symlink("nowhere/Dockerfile", filepath.Join(dir, "Dockerfile"))
	_, err := Write(dir, files("FROM x\n", "y\n"), false)
	var exists *ExistsError
	if !errors.As(err, &exists) {
		t.Fatalf("without --force: %v, want ExistsError", err)
	}
	res, err := Write(dir, files("FROM x\n", "y\n"), true)
	if err != nil || res[0].Status != Overwritten || res[0].Link != "nowhere/Dockerfile" {
		t.Fatalf("with --force: %v %v", res, err)
	}
	fi, err := os.Lstat(filepath.Join(dir, "Dockerfile"))
	if err != nil || !fi.Mode().IsRegular() || fi.Mode().Perm() != 0o644 {
		t.Errorf("Dockerfile is %v, %v; want a regular 0644 file", fi.Mode(), err)
	}
	if !strings.Contains(res[0].String(), "symbolic link to nowhere/Dockerfile") {
		t.Errorf("status %q does not say the link was replaced", res[0])
	}
}

func TestForceOverSymlinkLeavesItsTarget(t *testing.T) {
	dir, elsewhere := t.TempDir(), t.TempDir()
	target := filepath.Join(elsewhere, "private")
	os.WriteFile(target, []byte("SECRET=1\n"), 0o600)
	os.Symlink(target, filepath.Join(dir, "Dockerfile"))
	// The target is outside: never read, never shown.
	d, err := Diff(dir, File{Path: "Dockerfile", Data: []byte("FROM x\n")})
	if err != nil || strings.Contains(d, "SECRET") || !strings.Contains(d, "not followed") {
		t.Errorf("diff over an outside link: %v\n%s", err, d)
	}
	if _, err := Write(dir, files("FROM x\n", "y\n"), false); err == nil {
		t.Fatal("replaced a link without --force")
	}
	if _, err := Write(dir, files("FROM x\n", "y\n"), true); err != nil {
		t.Fatal(err)
	}
	if got := read(t, target); got != "SECRET=1\n" {
		t.Errorf("the link's target changed to %q", got)
	}
	if fi, _ := os.Stat(target); fi.Mode().Perm() != 0o600 {
		t.Errorf("the target's mode changed")
	}
	if fi, _ := os.Lstat(filepath.Join(dir, "Dockerfile")); !fi.Mode().IsRegular() || fi.Mode().Perm() != 0o644 {
		t.Errorf("Dockerfile is %v, want a regular 0644 file, not the target's 0600", fi.Mode())
	}
}

func TestSymlinkInsideWithSameContent(t *testing.T) {
	dir := t.TempDir()
	os.Mkdir(filepath.Join(dir, "docker"), 0o755)
	os.WriteFile(filepath.Join(dir, "docker", "Dockerfile"), []byte("FROM x\n"), 0o644)
	os.Symlink("docker/Dockerfile", filepath.Join(dir, "Dockerfile"))
	res, err := Check(dir, files("FROM x\n", "y\n"), false)
	if err != nil || res[0].Status != Unchanged {
		t.Errorf("a link to the same content inside: %v %v", res, err)
	}
}

func TestSpecialFileInTheWay(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(dir, "Dockerfile"), 0o644); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { _, err := Write(dir, files("FROM x\n", "y\n"), true); done <- err }()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "Dockerfile exists and is a named pipe") {
			t.Errorf("err = %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("writing over a named pipe hung")
	}
	if _, err := os.Lstat(filepath.Join(dir, ".dockerignore")); !os.IsNotExist(err) {
		t.Error(".dockerignore was written")
	}
}

func TestPreviewReportsConflicts(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "Dockerfile"), []byte("FROM mine\n"), 0o644)
	res, err := Preview(dir, files("FROM x\n", "y\n"), false)
	if err != nil || res[0].Status != Conflict || res[1].Status != Created {
		t.Errorf("preview: %v %v", res, err)
	}
}

// A file in a directory that is not there yet gets the directory; a failed
// write removes the directories it made along with the files.
func TestMissingDirectoriesMadeAndUndone(t *testing.T) {
	dir := t.TempDir()
	set := []File{
		{Path: "Dockerfile", Data: []byte("FROM x\n")},
		{Path: ".github/workflows/images.yaml", Data: []byte("on: push\n")},
		{Path: "zz", Data: []byte("last\n")},
	}
	w := Writer{WriteData: failOn(".zz.tmp", syscall.ENOSPC)}
	if _, err := w.Write(dir, set, false); !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("err = %v, want ENOSPC", err)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		t.Errorf("%s left behind by a failed write", e.Name())
	}
	if _, err := Write(dir, set, false); err != nil {
		t.Fatal(err)
	}
	if got := read(t, filepath.Join(dir, ".github/workflows/images.yaml")); got != "on: push\n" {
		t.Errorf("workflow = %q", got)
	}
	noTemps(t, dir)
}

// A directory on the way that is a file is a clear error, and nothing is
// written.
func TestDirectoryOnTheWayIsAFile(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, ".github"), []byte("x"), 0o644)
	_, err := Write(dir, []File{{Path: "a", Data: []byte("a")}, {Path: ".github/workflows/w.yaml", Data: []byte("w")}}, false)
	if err == nil || !strings.Contains(err.Error(), "not a directory") {
		t.Fatalf("err = %v, want a not-a-directory error", err)
	}
	if _, err := os.Lstat(filepath.Join(dir, "a")); !os.IsNotExist(err) {
		t.Error("a was written")
	}
}
