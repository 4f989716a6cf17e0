package templates

import (
	"io/fs"
	"testing"
	"testing/fstest"
)

func TestOverlay(t *testing.T) {
	custom := fstest.MapFS{
		"go/Dockerfile.tmpl":   {Data: []byte("custom")},
		"rust/Dockerfile.tmpl": {Data: []byte("a stack only the team has")},
	}
	o := Overlay(custom)
	if b, err := fs.ReadFile(o, "go/Dockerfile.tmpl"); err != nil || string(b) != "custom" {
		t.Errorf("custom file = %q, %v", b, err)
	}
	builtin, _ := fs.ReadFile(FS, "go/dockerignore.tmpl")
	if b, err := fs.ReadFile(o, "go/dockerignore.tmpl"); err != nil || string(b) != string(builtin) {
		t.Errorf("a file the team left out does not fall back to the built-in one: %v", err)
	}
	names, err := fs.Glob(o, "go/*.tmpl")
	if err != nil || len(names) != 2 {
		t.Errorf("glob go/*.tmpl = %v, %v; want both files", names, err)
	}
	if _, err := fs.Stat(o, "rust"); err != nil {
		t.Errorf("a directory only the team has: %v", err)
	}
	if _, err := fs.ReadFile(o, "rust/Dockerfile.tmpl"); err != nil {
		t.Error(err)
	}
	if _, err := fs.Stat(o, "nope"); err == nil {
		t.Error("a missing directory exists")
	}
	if err := fstest.TestFS(o, "go/Dockerfile.tmpl", "go/dockerignore.tmpl", "partials/header.tmpl", "rust/Dockerfile.tmpl"); err != nil {
		t.Error(err)
	}
}
