//go:build e2e

package e2e

import (
	"os"
	"path/filepath"
	"testing"
)

func TestFreshCacheMounts(t *testing.T) {
	dir := t.TempDir()
	in := "FROM golang:1.24.4-bookworm\n" +
		"RUN --mount=type=cache,target=/go/pkg/mod go mod download\n" +
		"RUN --mount=type=cache,id=npm,target=/root/.npm,sharing=locked \\\n" +
		"    --mount=type=bind,source=x,target=/x npm ci\n"
	want := "FROM golang:1.24.4-bookworm\n" +
		"RUN --mount=type=cache,target=/go/pkg/mod,id=run1/go/pkg/mod go mod download\n" +
		"RUN --mount=type=cache,target=/root/.npm,sharing=locked,id=run1npm \\\n" +
		"    --mount=type=bind,source=x,target=/x npm ci\n"
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
