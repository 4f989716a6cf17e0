//go:build e2e

package e2e

import (
	"archive/tar"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dockerize-dev/dockerize/stacks"
)

var table = flag.Bool("table", false, "measure the benchmark table (make bench)")

// measure is one build strategy's figures for one fixture.
type measure struct {
	cold, rebuild time.Duration
	size, pushed  int64
	startup       time.Duration // bench_image_test.go
	facts         imageFacts
}

// TestBench measures, in one run, what dockerize's Dockerfile costs and
// saves against a naive single-stage one for the same project: cold build,
// rebuild after a one-line change, image size, and the bytes of layers that
// changed on that rebuild (what a push sends). Only ratios within one run
// mean anything on a shared machine.
func TestBench(t *testing.T) {
	if !*table {
		t.Skip("run with -table (make bench)")
	}
	ctx := context.Background()
	needEngine(ctx, t)
	fx, err := fixtures(root)
	if err != nil {
		t.Fatal(err)
	}
	s := newStandins(t.Logf)
	rows := []string{
		"| fixture | cold build s (dockerize / naive) | rebuild s after a one-line change | image MB | MB pushed after the change |" + imageColumnsHeader,
		"|---|---|---|---|---|---|---|---|---|",
	}
	for _, f := range fx {
		if (*only != "" && !regexp.MustCompile(*only).MatchString(f.name)) || f.skip != "" {
			continue
		}
		dir := t.TempDir()
		g, err := initFixture(ctx, dockerize, f, dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, ref := range g.froms {
			if err := s.ensure(ctx, ref); err != nil {
				t.Fatal(err)
			}
		}
		if err := primeBases(ctx, t, g.froms); err != nil {
			t.Fatal(err)
		}
		naiveDir := t.TempDir()
		if err := f.files(naiveDir); err != nil {
			t.Fatal(err)
		}
		naive, err := g.stack.Build.Naive(string(g.dockerfile), g.buildImage, g.port)
		if err != nil {
			t.Logf("%s: no naive baseline: %v", f.name, err)
			continue
		}
		if err := os.WriteFile(filepath.Join(naiveDir, "Dockerfile"), []byte(naive), 0o644); err != nil {
			t.Fatal(err)
		}
		src := g.stack.Build.Sources
		d, n, naiveFails, err := benchPair(ctx, t, f.name, dir, naiveDir, src)
		if naiveFails != "" {
			// One toolchain image and `COPY . .` cannot build every
			// project; the row says so, with dockerize's figures.
			t.Logf("%s: the naive baseline does not build: %v", f.name, err)
			rows = append(rows, rowNaiveFails(f.name, d, naiveFails))
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", f.name, err)
			continue
		}
		rows = append(rows, row(f.name, d, n))
		if fat := fatJarDockerfile(g); fat != nil {
			fatDir := t.TempDir()
			if err := f.files(fatDir); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(fatDir, "Dockerfile"), fat, 0o644); err != nil {
				t.Fatal(err)
			}
			os.WriteFile(filepath.Join(fatDir, ".dockerignore"), mustRead(t, filepath.Join(dir, ".dockerignore")), 0o644)
			fj, err := benchBuild(ctx, t, "dockerize-bench/"+f.name+":fatjar", fatDir, src, true)
			if err != nil {
				t.Errorf("%s: the fat-jar Dockerfile: %v", f.name, err)
				continue
			}
			rows = append(rows, row(f.name+" (layers vs one fat jar)", d, fj))
		}
	}
	fmt.Println(strings.Join(rows, "\n"))
}

// A pair of builds that together take less than shortPair cold is
// measured *repeat times, in alternating order, and its times are the
// medians: a few seconds of another job on the shared cores would
// otherwise decide the ratio, and whichever build runs first would pay
// for anything the engine does once.
var repeat = flag.Int("repeat", 3, "measure a short fixture's build times this many times (the median)")

const shortPair = 40 * time.Second

// benchPair measures dockerize's Dockerfile (in dir) and the naive one
// (in naiveDir) for one fixture. naiveFails is the first error of a naive
// baseline whose cold build fails, with dockerize's first run in d.
func benchPair(ctx context.Context, t *testing.T, name, dir, naiveDir string, src stacks.Sources) (d, n measure, naiveFails string, err error) {
	dTag, nTag := "dockerize-bench/"+name+":dockerize", "dockerize-bench/"+name+":naive"
	if d, err = benchBuild(ctx, t, dTag, dir, src, true); err != nil {
		return d, n, "", fmt.Errorf("dockerize's Dockerfile: %w", err)
	}
	if n, err = benchBuild(ctx, t, nTag, naiveDir, src, true); err != nil {
		var cold *coldFailure
		if errors.As(err, &cold) {
			return d, n, cold.why, err
		}
		return d, n, "", fmt.Errorf("the naive baseline: %w", err)
	}
	if d.cold+n.cold >= shortPair {
		return d, n, "", nil
	}
	dRuns, nRuns := []measure{d}, []measure{n}
	for i := 1; i < *repeat; i++ {
		order := []func() error{
			func() error {
				m, err := benchBuild(ctx, t, dTag, dir, src, false)
				dRuns = append(dRuns, m)
				return err
			},
			func() error {
				m, err := benchBuild(ctx, t, nTag, naiveDir, src, false)
				nRuns = append(nRuns, m)
				return err
			},
		}
		if i%2 == 1 {
			order[0], order[1] = order[1], order[0]
		}
		for _, run := range order {
			if err := run(); err != nil {
				return d, n, "", fmt.Errorf("repeated build: %w", err)
			}
		}
	}
	d.cold, d.rebuild = medianTimes(dRuns)
	n.cold, n.rebuild = medianTimes(nRuns)
	return d, n, "", nil
}

// medianTimes is the median cold and rebuild time of several runs.
func medianTimes(runs []measure) (cold, rebuild time.Duration) {
	var colds, rebuilds []time.Duration
	for _, m := range runs {
		colds, rebuilds = append(colds, m.cold), append(rebuilds, m.rebuild)
	}
	return median(colds), median(rebuilds)
}

// median is the middle of the durations (the upper one of an even count).
func median(ds []time.Duration) time.Duration {
	ds = slices.Clone(ds)
	slices.Sort(ds)
	return ds[len(ds)/2]
}

// primeBases builds one step on each base image before a fixture is
// measured, so whatever the engine does the first time a build uses an
// image is paid by neither measured build. (The first fixture of a run
// used to measure two to three times slower than a later one of the same
// shape: cmd-several 36.3 s against cmd-single 12.3 s.)
func primeBases(ctx context.Context, t *testing.T, refs []string) error {
	for _, ref := range refs {
		dir := t.TempDir()
		df := "FROM " + ref + "\nARG " + benchRunArg + "=" + benchRunID() + "\nCOPY Dockerfile /tmp/dockerize-prime\n"
		if err := os.WriteFile(filepath.Join(dir, "Dockerfile"), []byte(df), 0o644); err != nil {
			return err
		}
		id, err := docker(ctx, nil, "build", "-q", dir)
		if err != nil {
			return fmt.Errorf("priming %s: %w", ref, err)
		}
		docker(ctx, nil, "image", "rm", "-f", strings.TrimSpace(id))
	}
	return nil
}

func mustRead(t *testing.T, name string) []byte {
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// row formats one table row: dockerize's figures, the other's, the ratios.
func row(name string, d, n measure) string {
	return fmt.Sprintf("| %s | %.1f / %.1f (%s) | %.1f / %.1f (%s) | %.1f / %.1f (%s) | %.2f / %.2f (%s) |%s",
		name,
		d.cold.Seconds(), n.cold.Seconds(), ratio(float64(d.cold), float64(n.cold)),
		d.rebuild.Seconds(), n.rebuild.Seconds(), ratio(float64(d.rebuild), float64(n.rebuild)),
		mb(d.size), mb(n.size), ratio(float64(d.size), float64(n.size)),
		mb(d.pushed), mb(n.pushed), ratio(float64(d.pushed), float64(n.pushed)),
		imageColumns(d, n))
}

// rowNaiveFails formats the row of a fixture whose naive baseline does
// not build: dockerize's figures, and the naive build's first error.
func rowNaiveFails(name string, d measure, why string) string {
	return fmt.Sprintf("| %s (the naive build fails: %s) | %.1f / fails | %.1f / fails | %.1f / fails | %.2f / fails | %s / fails | %s / fails | %s / fails | %s / fails |",
		name, strings.ReplaceAll(why, "|", "\\|"),
		d.cold.Seconds(), d.rebuild.Seconds(), mb(d.size), mb(d.pushed),
		seconds(d.startup), count(d.facts.files), has(d.facts.shell), yesNo(d.facts.managers))
}

// coldFailure is a cold build that failed, with the first error its log
// shows.
type coldFailure struct {
	why string
	err error
}

func (e *coldFailure) Error() string { return e.err.Error() }
func (e *coldFailure) Unwrap() error { return e.err }

// stepOutput is a line a RUN step printed in a --progress=plain log.
var stepOutput = regexp.MustCompile(`^#\d+ \d+\.\d+ (.*)$`)

// buildError is what a failing step's first error line says.
var buildError = regexp.MustCompile(`\[ERROR\]|(?i:\berror\b)|not found|no matching files|cannot find`)

// failureLine is the first error a failed --progress=plain build printed,
// else its last step output, else "see the log".
func failureLine(log string) string {
	last := ""
	for _, l := range strings.Split(log, "\n") {
		m := stepOutput.FindStringSubmatch(strings.TrimSpace(l))
		if m == nil {
			continue
		}
		text := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(m[1]), "[ERROR]"))
		if text == "" {
			continue
		}
		if buildError.MatchString(m[1]) {
			return clip(text, 100)
		}
		last = text
	}
	if last == "" {
		return "see the log"
	}
	return clip(last, 100)
}

// clip cuts s to n bytes, marking the cut.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}

func mb(n int64) float64 { return float64(n) / 1e6 }

// fatJarDockerfile is the generated Dockerfile with Spring Boot's layers
// replaced by the one fat jar: what layering saves on each push.
func fatJarDockerfile(g *generated) []byte {
	df := string(g.dockerfile)
	jar := regexp.MustCompile(`-jar (\S+\.jar) extract`).FindStringSubmatch(df)
	if jar == nil {
		return nil
	}
	var out []string
	copied := false
	for _, l := range strings.Split(df, "\n") {
		switch {
		case strings.HasPrefix(l, "COPY --from=build /build/extracted/"):
			if !copied {
				out = append(out, "COPY --from=build /build/"+jar[1]+" ./app.jar")
				copied = true
			}
		case strings.HasPrefix(l, `RUN ["java", "-XX:ArchiveClassesAtExit=`), strings.HasPrefix(l, `RUN ["java", "-XX:AOTCacheOutput=`):
			// --cds's training run starts the layered app; the fat jar
			// is measured without an archive.
		case strings.HasPrefix(l, "ENTRYPOINT"):
			out = append(out, `ENTRYPOINT ["java", "-jar", "app.jar"]`)
		default:
			out = append(out, l)
		}
	}
	return []byte(strings.Join(out, "\n"))
}

// benchBuild builds dir cold (no RUN step of an earlier build, empty cache
// mounts, base images kept; see coldcache_test.go), then again after a
// one-line change, and measures both. A build that fails is an error for
// its row only, so one broken baseline does not lose the whole table.
func benchBuild(ctx context.Context, t *testing.T, tag, dir string, src stacks.Sources, full bool) (measure, error) {
	var m measure
	mounts, err := cacheMounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := removeNewCacheMounts(ctx, mounts); err != nil {
			t.Errorf("removing this run's cache mounts: %v", err)
		}
	}()
	if err := freshCacheMounts(dir, benchRunID()); err != nil {
		t.Fatal(err)
	}
	var log string
	m.cold, err = timed(func() error {
		log, err = docker(ctx, nil, "build", "--progress=plain", "-t", tag, dir)
		return err
	})
	if err != nil {
		return m, &coldFailure{why: failureLine(log), err: err}
	}
	before := layers(ctx, t, tag)
	if full {
		// The first run's timeline, size and image figures stand for all.
		if err := writeTimeline(tag, m.cold, log); err != nil {
			t.Fatal(err)
		}
		m.size = imageSize(ctx, t, tag)
		if err := measureImage(ctx, &m, tag, dir); err != nil {
			t.Logf("%s: %v", tag, err) // its cells read n/a
		}
	}
	if _, err := touchSource(dir, src); err != nil {
		t.Fatal(err)
	}
	m.rebuild, err = timed(func() error { _, err := docker(ctx, nil, "build", "-t", tag, dir); return err })
	if err != nil {
		return m, err
	}
	m.pushed = newLayerBytes(ctx, t, tag, before)
	docker(ctx, nil, "image", "rm", "-f", tag)
	return m, nil
}

func layers(ctx context.Context, t *testing.T, tag string) map[string]bool {
	out, err := docker(ctx, nil, "image", "inspect", "-f", "{{json .RootFS.Layers}}", tag)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	if err := json.Unmarshal([]byte(out), &ids); err != nil {
		t.Fatal(err)
	}
	set := map[string]bool{}
	for _, id := range ids {
		set[id] = true
	}
	return set
}

// newLayerBytes sums the uncompressed size of the image's layers that were
// not in the image before: the layers a push would have to send.
func newLayerBytes(ctx context.Context, t *testing.T, tag string, before map[string]bool) int64 {
	out, err := docker(ctx, nil, "image", "inspect", "-f", "{{json .RootFS.Layers}}", tag)
	if err != nil {
		t.Fatal(err)
	}
	var diffIDs []string
	json.Unmarshal([]byte(out), &diffIDs)

	cmd := exec.CommandContext(ctx, dockerBin, "save", tag)
	pipe, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sizes := map[string]int64{}
	var manifest []struct{ Layers []string }
	tr := tar.NewReader(pipe)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		sizes[h.Name] = h.Size
		if h.Name == "manifest.json" {
			data, _ := io.ReadAll(tr)
			json.Unmarshal(data, &manifest)
		}
	}
	cmd.Wait()
	if len(manifest) != 1 || len(manifest[0].Layers) != len(diffIDs) {
		t.Fatalf("docker save of %s: unexpected manifest %+v", tag, manifest)
	}
	var total int64
	for i, layer := range manifest[0].Layers {
		if !before[diffIDs[i]] {
			total += sizes[layer]
		}
	}
	return total
}
