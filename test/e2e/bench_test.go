//go:build e2e

package e2e

import (
	"archive/tar"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
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
		naiveDir := t.TempDir()
		if err := f.files(naiveDir); err != nil {
			t.Fatal(err)
		}
		naive, err := naiveDockerfile(g)
		if err != nil {
			t.Logf("%s: no naive baseline: %v", f.name, err)
			continue
		}
		if err := os.WriteFile(filepath.Join(naiveDir, "Dockerfile"), naive, 0o644); err != nil {
			t.Fatal(err)
		}
		d := benchBuild(ctx, t, "dockerize-bench/"+f.name+":dockerize", dir)
		n := benchBuild(ctx, t, "dockerize-bench/"+f.name+":naive", naiveDir)
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
			fj := benchBuild(ctx, t, "dockerize-bench/"+f.name+":fatjar", fatDir)
			rows = append(rows, row(f.name+" (layers vs one fat jar)", d, fj))
		}
	}
	fmt.Println(strings.Join(rows, "\n"))
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

func mb(n int64) float64 { return float64(n) / 1e6 }

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

// naiveDockerfile is what many projects start with: one stage on the
// toolchain image, the whole context copied, built and run as root.
func naiveDockerfile(g *generated) ([]byte, error) {
	df := string(g.dockerfile)
	build := g.froms[0]
	head := fmt.Sprintf("FROM %s\n", build)
	switch {
	case strings.Contains(df, "go build"):
		pkg := regexp.MustCompile(`go build .* -o /out/\S+ (\S+)`).FindStringSubmatch(df)
		if pkg == nil {
			return nil, fmt.Errorf("no go build line")
		}
		return []byte(head + fmt.Sprintf("WORKDIR /src\nCOPY . .\nRUN go build -o /app %s\nEXPOSE %s\nCMD [\"/app\"]\n", pkg[1], g.port)), nil
	case strings.Contains(df, "FROM base AS"):
		// Node.js: install and build in place, start through the package manager.
		pm := "npm"
		install := "npm install"
		for _, m := range []string{"pnpm", "yarn"} {
			if strings.Contains(df, "corepack enable "+m) {
				pm, install = m, "npm install --global corepack@0.36.0 && corepack enable "+m+" && "+m+" install"
			}
		}
		out := head + "WORKDIR /app\nCOPY . .\nRUN " + install + "\n"
		if strings.Contains(df, " run build") {
			out += "RUN " + pm + " run build\n"
		}
		return []byte(out + fmt.Sprintf("EXPOSE %s\nCMD [%q, \"start\"]\n", g.port, pm)), nil
	case strings.Contains(df, "mvn"):
		mvn := "mvn"
		if strings.Contains(df, "sh ./mvnw") {
			mvn = "sh ./mvnw"
		}
		return []byte(head + fmt.Sprintf("WORKDIR /build\nCOPY . .\nRUN %s --batch-mode package -DskipTests\nEXPOSE %s\nCMD [\"sh\", \"-c\", \"java -jar target/*.jar\"]\n", mvn, g.port)), nil
	}
	return nil, fmt.Errorf("no naive baseline for this stack yet")
}

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
// one-line change, and measures both.
func benchBuild(ctx context.Context, t *testing.T, tag, dir string) measure {
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
		t.Fatal(err)
	}
	if err := writeTimeline(tag, m.cold, log); err != nil {
		t.Fatal(err)
	}
	before := layers(ctx, t, tag)
	m.size = imageSize(ctx, t, tag)
	if err := measureImage(ctx, &m, tag, dir); err != nil {
		t.Logf("%s: %v", tag, err) // its cells read n/a
	}
	if _, err := touchSource(dir); err != nil {
		t.Fatal(err)
	}
	m.rebuild, err = timed(func() error { _, err := docker(ctx, nil, "build", "-t", tag, dir); return err })
	if err != nil {
		t.Fatal(err)
	}
	m.pushed = newLayerBytes(ctx, t, tag, before)
	docker(ctx, nil, "image", "rm", "-f", tag)
	return m
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
