package golden

import (
	"bytes"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/dockerize-dev/dockerize/internal/testkit"
)

// TestGoldenAll runs dockerize init --all on each whole repository in all/
// and compares every file it writes (each project's Dockerfile and
// .dockerignore, docker-bake.hcl, compose.yaml, the CI workflow) with the
// case's want/ files. `go test ./golden -update` rewrites them.
func TestGoldenAll(t *testing.T) {
	cases, err := filepath.Glob("all/*.txtar")
	if err != nil || len(cases) == 0 {
		t.Fatalf("no whole-repository cases found: %v", err)
	}
	for _, file := range cases {
		name := strings.TrimSuffix(filepath.Base(file), ".txtar")
		t.Run(name, func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			got, rerun := generateAll(t, ar)
			again, _ := generateAll(t, ar)
			for name := range got {
				if !bytes.Equal(got[name], again[name]) {
					t.Errorf("%s differs between two runs on the same repository:\n%s", name, diff(again[name], got[name]))
				}
			}
			if *update {
				writeWantAll(t, file, ar, got)
				return
			}
			wanted := map[string]bool{}
			for _, f := range ar.Files {
				if out, ok := strings.CutPrefix(f.Name, "want/"); ok {
					wanted[out] = true
					if g, ok := got[out]; !ok {
						t.Errorf("init --all did not write %s", out)
					} else if !bytes.Equal(f.Data, g) {
						t.Errorf("%s differs from want/%s (-want +got):\n%s", out, out, diff(f.Data, g))
					}
				}
			}
			for out := range got {
				if !wanted[out] {
					t.Errorf("init --all wrote %s, which the case has no want/ for; run go test ./golden -update", out)
				}
			}
			for out, data := range got {
				if path.Base(out) != "Dockerfile" {
					continue
				}
				for _, w := range buildkitLint(t, data) {
					t.Errorf("%s: BuildKit check: %s", out, w)
				}
				for _, f := range testkit.Hadolint(t, data) {
					t.Errorf("%s: hadolint%s", out, f)
				}
			}
			for out := range got {
				if !strings.Contains(rerun, "unchanged "+out+"\n") {
					t.Errorf("a second init --all did not report %s unchanged:\n%s", out, rerun)
				}
			}
		})
	}
}

// generateAll writes the case's repository into a temporary directory, runs
// dockerize init DIR --all with the case's args, and returns every file it
// added (its own .dockerize/ record left out) and the stderr of a second
// run.
func generateAll(t *testing.T, ar *txtar.Archive) (map[string][]byte, string) {
	t.Helper()
	dir := t.TempDir()
	var args []string
	input := map[string]bool{}
	for _, f := range ar.Files {
		switch {
		case f.Name == "args":
			args = strings.Fields(string(f.Data))
			continue
		case strings.HasPrefix(f.Name, "want/"):
			continue
		}
		input[f.Name] = true
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	run := func() string {
		code, _, stderr := dockerize(append([]string{"init", dir, "--all"}, args...)...)
		if code != 0 {
			t.Fatalf("dockerize init --all %s: exit %d\n%s", strings.Join(args, " "), code, stderr)
		}
		return stderr
	}
	run()
	got := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if rel == ".dockerize" {
				return fs.SkipDir
			}
			return nil
		}
		if !input[rel] {
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			got[rel] = data
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got, run()
}

// writeWantAll replaces the case's want/ files, keeping everything else.
func writeWantAll(t *testing.T, file string, ar *txtar.Archive, got map[string][]byte) {
	t.Helper()
	var files []txtar.File
	for _, f := range ar.Files {
		if !strings.HasPrefix(f.Name, "want/") {
			files = append(files, f)
		}
	}
	var names []string
	for n := range got {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		files = append(files, txtar.File{Name: "want/" + n, Data: got[n]})
	}
	ar.Files = files
	if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
		t.Fatal(err)
	}
}
