//go:build e2e

package e2e

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/dockerize-dev/dockerize/internal/testkit"
)

// TestHadolint runs hadolint on every golden case's expected Dockerfile and
// on what dockerize generates for every fixture, examples included (with the
// case's args, as the real builds run it). It needs no Docker engine, so
// `make lint-dockerfiles` runs it alone; a missing hadolint fails, never
// skips, so a green run means the linter ran.
func TestHadolint(t *testing.T) {
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
				t.Run(name, func(t *testing.T) { lintDockerfile(t, f.Data) })
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
			lintDockerfile(t, g.dockerfile)
		})
	}
}

func lintDockerfile(t *testing.T, dockerfile []byte) {
	t.Helper()
	for _, f := range testkit.Hadolint(t, dockerfile) {
		t.Errorf("hadolint: %s", f)
	}
}
