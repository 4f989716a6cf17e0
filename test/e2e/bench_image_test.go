//go:build e2e

package e2e

import (
	"archive/tar"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// The figures a user of an image feels besides build time: how long it
// takes to answer, and what it carries besides the app. Measured by
// TestBench for each build strategy of a fixture.

// imageFacts is what the final image holds.
type imageFacts struct {
	files    int      // regular files and symlinks
	shell    []string // shells found, e.g. bin/sh
	managers []string // package managers found, e.g. apt-get, npm
}

// shells and package managers, by the file name under a bin directory.
var (
	shellNames   = map[string]bool{"sh": true, "bash": true, "dash": true, "ash": true, "busybox": true}
	managerNames = map[string]bool{
		"apt": true, "apt-get": true, "dpkg": true, "apk": true, "yum": true, "dnf": true, "microdnf": true, "rpm": true,
		"npm": true, "npx": true, "corepack": true, "yarn": true, "yarnpkg": true, "pnpm": true, "bun": true,
		"pip": true, "pip3": true, "mvn": true, "gradle": true,
	}
)

// classify adds one path of an image listing to the facts.
func (f *imageFacts) classify(name string, typ byte) {
	if typ != tar.TypeReg && typ != tar.TypeSymlink && typ != tar.TypeLink {
		return
	}
	f.files++
	name = strings.TrimPrefix(path.Clean("/"+name), "/")
	dir, base := path.Split(name)
	// A dependency's own commands (node_modules/.bin) are not the image's.
	if !strings.HasSuffix(dir, "bin/") || strings.Contains(dir, "node_modules/") {
		return
	}
	switch {
	case shellNames[base]:
		f.shell = append(f.shell, name)
	case managerNames[base]:
		f.managers = append(f.managers, base)
	}
}

// inspectImage lists the image's files from a docker export stream.
func inspectImage(ctx context.Context, tag string) (imageFacts, error) {
	var f imageFacts
	id, err := docker(ctx, nil, "create", tag)
	if err != nil {
		return f, err
	}
	id = strings.TrimSpace(id)
	defer docker(ctx, nil, "rm", id)
	cmd := exec.CommandContext(ctx, dockerBin, "export", id)
	out, err := cmd.StdoutPipe()
	if err != nil {
		return f, err
	}
	if err := cmd.Start(); err != nil {
		return f, err
	}
	tr := tar.NewReader(out)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			cmd.Wait()
			return f, fmt.Errorf("reading the export of %s: %w", tag, err)
		}
		f.classify(h.Name, h.Typeflag)
	}
	if err := cmd.Wait(); err != nil {
		return f, fmt.Errorf("docker export %s: %w", tag, err)
	}
	f.managers = uniqueSorted(f.managers)
	return f, nil
}

func uniqueSorted(s []string) []string {
	sort.Strings(s)
	var out []string
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}

// startupRuns is how many starts the startup figure is the median of.
const startupRuns = 3

// startupTime is the median time from `docker run` to the first HTTP answer
// on the image's exposed port.
func startupTime(ctx context.Context, tag, port string) (time.Duration, error) {
	var runs []time.Duration
	for i := 0; i < startupRuns; i++ {
		d, err := startOnce(ctx, tag, port)
		if err != nil {
			return 0, err
		}
		runs = append(runs, d)
	}
	return median(runs), nil
}

func startOnce(ctx context.Context, tag, port string) (time.Duration, error) {
	start := time.Now()
	out, err := docker(ctx, nil, "run", "-d", "-p", "127.0.0.1::"+port, tag)
	if err != nil {
		return 0, err
	}
	id := strings.TrimSpace(out)
	defer docker(ctx, nil, "rm", "-f", id)
	hostPort, err := docker(ctx, nil, "port", id, port+"/tcp")
	if err != nil {
		return 0, err
	}
	url := "http://" + strings.TrimSpace(strings.Split(hostPort, "\n")[0]) + "/"
	client := &http.Client{Timeout: time.Second}
	for deadline := start.Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		resp, err := client.Get(url)
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			return time.Since(start), nil
		}
	}
	logs, _ := docker(ctx, nil, "logs", id)
	return 0, fmt.Errorf("%s did not answer HTTP on port %s within 60 s\n%s", tag, port, tail(logs, 20))
}

// exposedPort is the port of the last EXPOSE in dir's Dockerfile.
func exposedPort(dir string) (string, error) {
	df, err := os.ReadFile(filepath.Join(dir, "Dockerfile"))
	if err != nil {
		return "", err
	}
	m := regexp.MustCompile(`(?m)^EXPOSE\s+(\d+)`).FindAllSubmatch(df, -1)
	if m == nil {
		return "", fmt.Errorf("%s/Dockerfile exposes no port", dir)
	}
	return string(m[len(m)-1][1]), nil
}

// measureImage fills in what the image carries and how fast it starts; a
// figure it could not measure stays zero, and its cell reads n/a.
func measureImage(ctx context.Context, m *measure, tag, dir string) error {
	facts, err := inspectImage(ctx, tag)
	if err != nil {
		return err
	}
	m.facts = facts
	port, err := exposedPort(dir)
	if err != nil {
		return err
	}
	m.startup, err = startupTime(ctx, tag, port)
	return err
}

// step is one build step of a --progress=plain log.
type step struct {
	id     int
	name   string
	took   time.Duration
	cached bool
}

var (
	plainStepRE = regexp.MustCompile(`^#(\d+) (\[.+)$`)
	plainDoneRE = regexp.MustCompile(`^#(\d+) DONE (\d+(?:\.\d+)?)s$`)
)

// steps reads the named steps of a --progress=plain log, in log order.
func steps(log string) []step {
	byID := map[int]*step{}
	var order []int
	for _, l := range strings.Split(log, "\n") {
		l = strings.TrimRight(l, "\r")
		if m := plainStepRE.FindStringSubmatch(l); m != nil {
			id, _ := strconv.Atoi(m[1])
			if byID[id] == nil {
				byID[id] = &step{id: id, name: m[2]}
				order = append(order, id)
			}
			continue
		}
		if m := plainDoneRE.FindStringSubmatch(l); m != nil {
			id, _ := strconv.Atoi(m[1])
			if s := byID[id]; s != nil {
				s.took, _ = time.ParseDuration(m[2] + "s")
			}
			continue
		}
		if f := strings.Fields(l); len(f) == 2 && f[1] == "CACHED" {
			id, _ := strconv.Atoi(strings.TrimPrefix(f[0], "#"))
			if s := byID[id]; s != nil {
				s.cached = true
			}
		}
	}
	var out []step
	for _, id := range order {
		out = append(out, *byID[id])
	}
	return out
}

// timeline is a cold build's steps, slowest first, then the whole log: so
// the next person sees at a glance where the time goes.
func timeline(title string, total time.Duration, log string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: cold build %.1f s\n\nsteps, slowest first (BuildKit runs independent stages at the same time):\n", title, total.Seconds())
	ss := steps(log)
	sort.SliceStable(ss, func(i, j int) bool { return ss[i].took > ss[j].took })
	for _, s := range ss {
		if strings.HasPrefix(s.name, "[internal]") {
			continue
		}
		mark := ""
		if s.cached {
			mark = " (cached)"
		}
		fmt.Fprintf(&b, "%7.1f s  %s%s\n", s.took.Seconds(), clip(s.name, 140), mark)
	}
	b.WriteString("\n--progress=plain log:\n")
	b.WriteString(log)
	return b.String()
}

// writeTimeline writes a cold build's timeline to out/bench/NAME.txt.
func writeTimeline(name string, total time.Duration, log string) error {
	dir := filepath.Join(root, "out", "bench")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	file := strings.NewReplacer("/", "_", ":", "-").Replace(name) + ".txt"
	return os.WriteFile(filepath.Join(dir, file), []byte(timeline(name, total, log)), 0o644)
}

// yesNo names what was found, or says no.
func yesNo(found []string) string {
	if len(found) == 0 {
		return "no"
	}
	return strings.Join(found, " ")
}

func seconds(d time.Duration) string {
	if d == 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.2f", d.Seconds())
}

func count(n int) string {
	if n == 0 {
		return "n/a"
	}
	return strconv.Itoa(n)
}

func has(found []string) string {
	if len(found) == 0 {
		return "no"
	}
	return "yes"
}

// imageColumnsHeader is the header of the cells imageColumns makes.
const imageColumnsHeader = " startup s (to the first HTTP answer, median of 3) | files | shell | package manager |"

// imageColumns formats the startup and contents cells of a row.
func imageColumns(d, n measure) string {
	return fmt.Sprintf(" %s / %s (%s) | %s / %s | %s / %s | %s / %s |",
		seconds(d.startup), seconds(n.startup), ratio(float64(d.startup), float64(n.startup)),
		count(d.facts.files), count(n.facts.files),
		has(d.facts.shell), has(n.facts.shell),
		yesNo(d.facts.managers), yesNo(n.facts.managers))
}
