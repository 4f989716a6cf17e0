package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dockerize-dev/dockerize/internal/iostreams"
	"github.com/dockerize-dev/dockerize/internal/testkit"
)

func pushRandom(t *testing.T, ref string) string { return testkit.PushRandom(t, ref, 64) }

func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	io := &iostreams.IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut}
	code = Run(args, io)
	return code, out.String(), errOut.String()
}

// TestInitPinThroughMirror generates a Go project's Dockerfile with the
// team's mirror and --pin, resolving against an in-process registry.
func TestInitPinThroughMirror(t *testing.T) {
	host, _ := testkit.Registry(t, nil)
	golang := pushRandom(t, host+"/library/golang:1.24.4-bookworm")
	static := pushRandom(t, host+"/gcr.io/distroless/static-debian12:nonroot")

	dir := t.TempDir()
	files := map[string]string{
		"go.mod":          "module example.com/hello\n\ngo 1.24\n\ntoolchain go1.24.4\n",
		"main.go":         "package main\n\nfunc main() {}\n",
		".dockerize.yaml": "registry-mirror: " + host + "\n",
	}
	for p, data := range files {
		if err := os.WriteFile(filepath.Join(dir, p), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, _, stderr := runCLI(t, "init", dir, "--pin", "--yes")
	if code != exitOK {
		t.Fatalf("init --pin: exit %d\n%s", code, stderr)
	}
	df, _ := os.ReadFile(filepath.Join(dir, "Dockerfile"))
	for _, want := range []string{
		"FROM --platform=$BUILDPLATFORM " + host + "/library/golang:1.24.4-bookworm@" + golang + " AS build\n",
		"FROM " + host + "/gcr.io/distroless/static-debian12:nonroot@" + static + "\n",
	} {
		if !strings.Contains(string(df), want) {
			t.Errorf("Dockerfile lacks %q:\n%s", want, df)
		}
	}
	// A pinned file passes the standard's own check.
	if code, out, _ := runCLI(t, "lint", filepath.Join(dir, "Dockerfile")); code != exitOK {
		t.Errorf("lint of the pinned file: exit %d\n%s", code, out)
	}

	// pin --check agrees; after the tag moves it does not, and pin refreshes.
	if code, _, stderr := runCLI(t, "pin", "--check", filepath.Join(dir, "Dockerfile")); code != exitOK {
		t.Errorf("pin --check: exit %d\n%s", code, stderr)
	}
	moved := pushRandom(t, host+"/gcr.io/distroless/static-debian12:nonroot")
	code, _, stderr = runCLI(t, "pin", "--check", filepath.Join(dir, "Dockerfile"))
	if code != exitError || !strings.Contains(stderr, "stale "+host+"/gcr.io/distroless/static-debian12:nonroot@"+static) {
		t.Errorf("pin --check after the tag moved: exit %d\n%s", code, stderr)
	}
	if code, _, stderr := runCLI(t, "pin", filepath.Join(dir, "Dockerfile")); code != exitOK {
		t.Fatalf("pin: exit %d\n%s", code, stderr)
	}
	df, _ = os.ReadFile(filepath.Join(dir, "Dockerfile"))
	if !strings.Contains(string(df), "static-debian12:nonroot@"+moved+"\n") || !strings.Contains(string(df), golang) {
		t.Errorf("pin did not refresh only the moved image:\n%s", df)
	}
}

// TestPinUnpinnedDockerHubNamesThroughMirror pins a hand-written file that
// names Docker Hub images, resolving them through the mirror while keeping
// the names as written.
func TestPinUnpinnedDockerHubNamesThroughMirror(t *testing.T) {
	host, _ := testkit.Registry(t, nil)
	node := pushRandom(t, host+"/library/node:22-bookworm-slim")
	dir := t.TempDir()
	path := filepath.Join(dir, "Dockerfile")
	os.WriteFile(path, []byte("FROM node:22-bookworm-slim AS base\nFROM base\n"), 0o644)
	code, _, stderr := runCLI(t, "pin", "--check", "--registry-mirror", host, path)
	if code != exitError || !strings.Contains(stderr, "unpinned node:22-bookworm-slim") {
		t.Errorf("pin --check of an unpinned file: exit %d\n%s", code, stderr)
	}
	if code, _, stderr := runCLI(t, "pin", "--registry-mirror", host, path); code != exitOK {
		t.Fatalf("pin: exit %d\n%s", code, stderr)
	}
	got, _ := os.ReadFile(path)
	if want := "FROM node:22-bookworm-slim@" + node + " AS base\nFROM base\n"; string(got) != want {
		t.Errorf("pinned file:\n%s\nwant:\n%s", got, want)
	}
}
