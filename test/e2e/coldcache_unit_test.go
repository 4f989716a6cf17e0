//go:build e2e

package e2e

import (
	"os"
	"path/filepath"
	"testing"
)

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
}
