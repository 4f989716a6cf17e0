//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/dockerize-dev/dockerize/ship"
)

// bakeRow is the name -only selects the bake benchmark by.
const bakeRow = "whole-repo-bake"

// TestBenchBake measures, in one run, building every service of the whole
// repository fixture (wholerepo_test.go) with the docker-bake.hcl that
// dockerize init --all writes, against building the same services one by
// one with docker build: cold, and after a one-line change in the library
// the two Go programs share.
func TestBenchBake(t *testing.T) {
	if !*table {
		t.Skip("run with -table (make bench)")
	}
	if *only != "" && !regexp.MustCompile(*only).MatchString(bakeRow) {
		t.Skip("not selected by -only")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 40*time.Minute)
	defer cancel()
	needEngine(ctx, t)
	if out, err := run(ctx, root, "test/e2e/tools.sh", "check"); err != nil {
		t.Fatalf("docker buildx is missing (make e2e installs it with test/e2e/tools.sh): %v\n%s", err, out)
	}
	services := wholeRepoServices()
	bakeDir, oneDir := t.TempDir(), t.TempDir()
	froms := writeWholeRepo(t, bakeDir, services)
	writeWholeRepo(t, oneDir, services)
	s := newStandins(t.Logf)
	for _, ref := range froms {
		if err := s.ensure(ctx, ref); err != nil {
			t.Fatal(err)
		}
	}
	mounts, err := cacheMounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := removeNewCacheMounts(ctx, mounts); err != nil {
			t.Errorf("removing this run's cache mounts: %v", err)
		}
	}()
	// Each strategy is cold on its own: its own run argument and cache
	// mounts in every Dockerfile, so neither reuses a RUN step of the other.
	for _, dir := range []string{bakeDir, oneDir} {
		run := benchRunID()
		seen := map[string]bool{}
		for _, svc := range services {
			if !seen[svc.Context] {
				seen[svc.Context] = true
				if err := freshCacheMounts(filepath.Join(dir, svc.Context), run); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	tag := "bench" + strings.TrimPrefix(benchRunID(), "dockerize-bench-")
	env := []string{"BUILDX_CONFIG=" + filepath.Join(bakeDir, ".buildx"), "BUILDX_NO_DEFAULT_ATTESTATIONS=1",
		"REGISTRY=dockerize-bench", "TAG=" + tag}
	bake := func() error {
		_, err := dockerIn(ctx, bakeDir, env, "buildx", "bake", "--progress=plain")
		return err
	}
	oneByOne := func() error {
		for _, svc := range services {
			args := []string{"build", "-t", "dockerize-bench/" + svc.Name + ":" + tag + "-one", "-f", filepath.Join(svc.Context, svc.Dockerfile)}
			if svc.Target != "" {
				args = append(args, "--target", svc.Target)
			}
			if _, err := dockerIn(ctx, oneDir, nil, append(args, svc.Context)...); err != nil {
				return err
			}
		}
		return nil
	}
	defer func() {
		for _, svc := range services {
			docker(context.Background(), nil, "image", "rm", "-f", "dockerize-bench/"+svc.Name+":"+tag, "dockerize-bench/"+svc.Name+":"+tag+"-one")
		}
	}()
	var b, o measure
	if b.cold, err = timed(bake); err != nil {
		t.Fatal(err)
	}
	if o.cold, err = timed(oneByOne); err != nil {
		t.Fatal(err)
	}
	for _, svc := range services {
		if !imageExists(ctx, "dockerize-bench/"+svc.Name+":"+tag) {
			t.Fatalf("bake did not make the %s image", svc.Name)
		}
	}
	for _, dir := range []string{bakeDir, oneDir} {
		if err := changeSharedLibrary(dir); err != nil {
			t.Fatal(err)
		}
	}
	if b.rebuild, err = timed(bake); err != nil {
		t.Fatal(err)
	}
	if o.rebuild, err = timed(oneByOne); err != nil {
		t.Fatal(err)
	}
	fmt.Println(strings.Join([]string{
		"| repository | services | cold build s (bake / one by one) | rebuild s after a one-line change in a shared library |",
		"|---|---|---|---|",
		fmt.Sprintf("| %s | %d (%s) | %.1f / %.1f (%s) | %.1f / %.1f (%s) |", bakeRow, len(services), serviceNames(services),
			b.cold.Seconds(), o.cold.Seconds(), ratio(float64(b.cold), float64(o.cold)),
			b.rebuild.Seconds(), o.rebuild.Seconds(), ratio(float64(b.rebuild), float64(o.rebuild))),
	}, "\n"))
}

// changeSharedLibrary changes one line of the package both Go programs of
// the fixture import.
func changeSharedLibrary(dir string) error {
	p := filepath.Join(dir, "internal/greet/greet.go")
	data, err := os.ReadFile(p)
	if err != nil {
		return err
	}
	changed := strings.Replace(string(data), `program + " ok\n"`, `program + " ok" + "\n"`, 1)
	if changed == string(data) {
		return fmt.Errorf("%s: the line to change is not there", p)
	}
	return os.WriteFile(p, []byte(changed), 0o644)
}

func serviceNames(services []ship.Service) string {
	var names []string
	for _, s := range services {
		names = append(names, s.Name)
	}
	return strings.Join(names, ", ")
}
