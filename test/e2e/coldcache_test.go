package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// The engine is shared: developers' runs, CI and other checkouts build on it
// at the same time, and each real-build test needs its layer cache between a
// build and the rebuild that must find the dependency step cached. So the
// benchmark never prunes the build cache. A cold build is instead:
//   - every stage declares an ARG with a value of this run only, so no RUN
//     step of an earlier build is reused (RUN steps carry the stage's build
//     arguments in their cache key; COPY and ADD are keyed by content and
//     cost the same either way);
//   - every cache mount renamed to an id of this run only, so Go's module
//     and build caches, npm's and Maven's start empty as on a new builder.
// Not docker build --no-cache: on this engine (BuildKit 0.8) a step rebuilt
// with --no-cache whose key an earlier build had recorded was built again
// on the next build too, so the rebuild after a one-line change re-ran
// steps it should have found cached (seen with Node.js's corepack step).
// The mounts this run created are removed afterwards, and only those.

// cacheMountRE matches a RUN's cache mount flag: --mount=type=cache,target=...
var cacheMountRE = regexp.MustCompile(`--mount=(\S*type=cache\S*)`)

// benchRunArg is the build argument each stage declares in a cold build.
const benchRunArg = "DOCKERIZE_BENCH_RUN"

// benchArgRE matches the line that declares benchRunArg.
var benchArgRE = regexp.MustCompile(`(?m)^ARG ` + benchRunArg + `=.*\n`)

// fromRE matches a FROM line, where a stage starts.
var fromRE = regexp.MustCompile(`(?mi)^FROM\s.*$`)

// freshCacheMounts rewrites every cache mount of dir's Dockerfile to an id
// unique to run, keeping its target and other options, and makes every
// stage declare benchRunArg with run as its value.
func freshCacheMounts(dir, run string) error {
	path := filepath.Join(dir, "Dockerfile")
	df, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	out := cacheMountRE.ReplaceAllStringFunc(string(df), func(flag string) string {
		opts := strings.Split(strings.TrimPrefix(flag, "--mount="), ",")
		key := ""
		var kept []string
		for _, o := range opts {
			k, v, _ := strings.Cut(o, "=")
			switch k {
			case "id":
				key = v
				continue
			case "target", "dst", "destination":
				if key == "" {
					key = v
				}
			}
			kept = append(kept, o)
		}
		return "--mount=" + strings.Join(append(kept, "id="+run+key), ",")
	})
	// A Dockerfile measured again drops the earlier run's argument: the
	// last ARG of a name in a stage gives its value.
	out = benchArgRE.ReplaceAllString(out, "")
	out = fromRE.ReplaceAllString(out, "$0\nARG "+benchRunArg+"="+run)
	return os.WriteFile(path, []byte(out), 0o644)
}

// benchRunID names this run's cache mounts.
func benchRunID() string { return fmt.Sprintf("dockerize-bench-%d", time.Now().UnixNano()) }

// cacheMounts lists the engine's cache-mount records by id.
func cacheMounts(ctx context.Context) (map[string]bool, error) {
	out, err := docker(ctx, nil, "system", "df", "-v", "--format", "{{json .BuildCache}}")
	if err != nil {
		return nil, err
	}
	var records []struct{ ID, CacheType string }
	if err := json.Unmarshal([]byte(out), &records); err != nil {
		return nil, fmt.Errorf("reading the engine's build cache list: %w", err)
	}
	ids := map[string]bool{}
	for _, r := range records {
		if r.CacheType == "exec.cachemount" {
			ids[strings.TrimSuffix(r.ID, "*")] = true
		}
	}
	return ids, nil
}

// removeNewCacheMounts removes the cache-mount records that are not in
// before. Another run's mount made meanwhile may go too: that only costs it
// a cache miss, never a wrong result, and one in use is kept by the engine.
func removeNewCacheMounts(ctx context.Context, before map[string]bool) error {
	now, err := cacheMounts(ctx)
	if err != nil {
		return err
	}
	// The engine takes one id filter per prune.
	for id := range now {
		if before[id] {
			continue
		}
		if _, err := docker(ctx, nil, "builder", "prune", "-f", "--filter", "id="+id); err != nil {
			return err
		}
	}
	return nil
}
