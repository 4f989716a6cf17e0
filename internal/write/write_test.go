package write

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func files(df, ign string) []File {
	return []File{{Path: "Dockerfile", Data: []byte(df), Mode: 0o644}, {Path: ".dockerignore", Data: []byte(ign), Mode: 0o644}}
}

func TestNothingWrittenWhenOneFileConflicts(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, ".dockerignore"), []byte("mine\n"), 0o644)
	_, err := Write(dir, files("FROM x\n", "new\n"), false)
	var exists *ExistsError
	if !errors.As(err, &exists) || len(exists.Paths) != 1 || exists.Paths[0] != ".dockerignore" {
		t.Fatalf("err = %v, want ExistsError for .dockerignore", err)
	}
	if !strings.Contains(err.Error(), "--force") || !strings.Contains(err.Error(), "--diff") {
		t.Errorf("error %q does not say what to do", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "Dockerfile")); !os.IsNotExist(err) {
		t.Error("Dockerfile was written although .dockerignore conflicted")
	}
	if got, _ := os.ReadFile(filepath.Join(dir, ".dockerignore")); string(got) != "mine\n" {
		t.Errorf(".dockerignore changed to %q", got)
	}
}

func TestStatuses(t *testing.T) {
	dir := t.TempDir()
	res, err := Write(dir, files("A\n", "B\n"), false)
	if err != nil || res[0].Status != Created || res[1].Status != Created {
		t.Fatalf("first write: %v %v", res, err)
	}
	res, err = Write(dir, files("A\n", "B\n"), false)
	if err != nil || res[0].Status != Unchanged || res[1].Status != Unchanged {
		t.Fatalf("same content: %v %v", res, err)
	}
	res, err = Write(dir, files("A2\n", "B\n"), true)
	if err != nil || res[0].Status != Overwritten || res[1].Status != Unchanged {
		t.Fatalf("forced: %v %v", res, err)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "Dockerfile")); string(got) != "A2\n" {
		t.Errorf("Dockerfile = %q", got)
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".*.tmp*"))
	if len(left) != 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
}

func TestCreateNeverClobbers(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "Dockerfile")
	// The file appears between the check and the write.
	w := Writer{Link: func(a, b string) error {
		os.WriteFile(b, []byte("theirs\n"), 0o644)
		return os.Link(a, b)
	}}
	if _, err := w.Write(dir, files("ours\n", "B\n")[:1], false); err == nil || !strings.Contains(err.Error(), "appeared") {
		t.Fatalf("err = %v, want the file that appeared named", err)
	}
	if got, _ := os.ReadFile(name); string(got) != "theirs\n" {
		t.Errorf("file is %q", got)
	}
}

func TestUnwritableDirectory(t *testing.T) {
	_, err := Write(filepath.Join(t.TempDir(), "missing"), files("A\n", "B\n"), false)
	if err == nil {
		t.Fatal("writing into a missing directory succeeded")
	}
}

func TestDiff(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "Dockerfile"), []byte("FROM a\nUSER root\n"), 0o644)
	d, err := Diff(dir, File{Path: "Dockerfile", Data: []byte("FROM a\nUSER 1000\n")})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"--- a/Dockerfile", "+++ b/Dockerfile", "-USER root", "+USER 1000"} {
		if !strings.Contains(d, want) {
			t.Errorf("diff lacks %q:\n%s", want, d)
		}
	}
	if d, _ := Diff(dir, File{Path: "Dockerfile", Data: []byte("FROM a\nUSER root\n")}); d != "" {
		t.Errorf("equal files gave a diff:\n%s", d)
	}
}
