package report

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func touch(t *testing.T, path string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
}

// A DIR is a checkout when it looks like one, else a directory of them.
func TestRepositories(t *testing.T) {
	root := t.TempDir()
	touch(t, filepath.Join(root, "one", "Dockerfile"))
	touch(t, filepath.Join(root, "fleet", "a", "go.mod"))
	touch(t, filepath.Join(root, "fleet", "b", "README.md"))
	touch(t, filepath.Join(root, "fleet", ".cache", "x"))
	touch(t, filepath.Join(root, "fleet", "notes.txt"))
	got, err := Repositories([]string{filepath.Join(root, "one"), filepath.Join(root, "fleet")})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, g := range got {
		names = append(names, strings.TrimPrefix(g, root+string(filepath.Separator)))
	}
	if strings.Join(names, " ") != filepath.Join("one")+" "+filepath.Join("fleet", "a")+" "+filepath.Join("fleet", "b") {
		t.Errorf("Repositories = %v", names)
	}
	if _, err := Repositories([]string{filepath.Join(root, "one", "Dockerfile")}); err == nil {
		t.Error("a file is not a DIR")
	}
}

// Text output keeps a hostile path on one line.
func TestTextCleansControlCharacters(t *testing.T) {
	var buf bytes.Buffer
	r := &Report{AsOf: "2026-12-01", Rows: []Row{{Path: "a\nb\x1b[31m", Stack: "-", Findings: map[string]int{}, Rules: map[string]int{}}}}
	if err := Write(&buf, "text", r); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "\x1b") || strings.Count(buf.String(), "\n") != 3 {
		t.Errorf("control characters reached the text report:\n%q", buf.String())
	}
}
