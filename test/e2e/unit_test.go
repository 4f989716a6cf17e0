package e2e

// The tests in this file need no Docker engine or network, so they run in
// make test as well as make e2e.

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dockerize-dev/dockerize/stacks"
)

// TestEveryTableImageHasARecipe ties the stand-ins to the generator's own
// image table, so adding a default image without a stand-in fails here.
func TestEveryTableImageHasARecipe(t *testing.T) {
	known := recipes()
	for _, im := range stacks.Images() {
		if _, ok := known[im.Repository]; !ok {
			t.Errorf("image table row %s names %s, which has no stand-in recipe (have: %s)", im.Key, im.Repository, strings.Join(knownRepositories(), ", "))
		}
	}
}

// ratio formats a/b for the benchmark table.
func ratio(a, b float64) string {
	if b == 0 {
		return "n/a"
	}
	switch r := a / b; {
	case r == 0:
		return "0x"
	case r < 0.001:
		return "<0.001x"
	case r < 0.1:
		// Small ratios keep their digits: 0.005x, not 0.00x.
		return fmt.Sprintf("%.3fx", r)
	default:
		return fmt.Sprintf("%.2fx", r)
	}
}

func TestRatio(t *testing.T) {
	for _, c := range []struct {
		a, b float64
		want string
	}{{1, 0, "n/a"}, {0, 5, "0x"}, {1, 20000, "<0.001x"}, {5.7, 1178, "0.005x"}, {1, 3, "0.33x"}, {3, 2, "1.50x"}} {
		if got := ratio(c.a, c.b); got != c.want {
			t.Errorf("ratio(%v, %v) = %s, want %s", c.a, c.b, got, c.want)
		}
	}
}

func TestFreshCacheMounts(t *testing.T) {
	dir := t.TempDir()
	in := "FROM golang:1.24.4-bookworm AS build\n" +
		"RUN --mount=type=cache,target=/go/pkg/mod go mod download\n" +
		"RUN --mount=type=cache,id=npm,target=/root/.npm,sharing=locked \\\n" +
		"    --mount=type=bind,source=x,target=/x npm ci\n" +
		"from scratch\n" +
		"COPY --from=build /out/app /app\n"
	want := "FROM golang:1.24.4-bookworm AS build\n" +
		"ARG DOCKERIZE_BENCH_RUN=run1\n" +
		"RUN --mount=type=cache,target=/go/pkg/mod,id=run1/go/pkg/mod go mod download\n" +
		"RUN --mount=type=cache,target=/root/.npm,sharing=locked,id=run1npm \\\n" +
		"    --mount=type=bind,source=x,target=/x npm ci\n" +
		"from scratch\n" +
		"ARG DOCKERIZE_BENCH_RUN=run1\n" +
		"COPY --from=build /out/app /app\n"
	if err := os.WriteFile(filepath.Join(dir, "Dockerfile"), []byte(in), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := freshCacheMounts(dir, "run1"); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(filepath.Join(dir, "Dockerfile"))
	if string(got) != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	// Measured again (make bench repeats short fixtures): only the new
	// run's argument is left, so no RUN step of the first run is reused.
	if err := freshCacheMounts(dir, "run2"); err != nil {
		t.Fatal(err)
	}
	got, _ = os.ReadFile(filepath.Join(dir, "Dockerfile"))
	if strings.Contains(string(got), "=run1\n") || strings.Count(string(got), "ARG DOCKERIZE_BENCH_RUN=run2\n") != 2 || !strings.Contains(string(got), "id=run2run1/go/pkg/mod") {
		t.Errorf("a second run should replace the first's argument and mount ids, got:\n%s", got)
	}
}

func TestGoRelease(t *testing.T) {
	for in, want := range map[string]string{"1.24.4": "1.24.4", "1.23": goMinorPatches()["1.23"]} {
		if got, err := goRelease(in); err != nil || got != want {
			t.Errorf("goRelease(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := goRelease("1.9"); err == nil || !strings.Contains(err.Error(), "goMinorPatches") {
		t.Errorf("an unknown minor should say where to add it, got %v", err)
	}
}
