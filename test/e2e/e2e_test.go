//go:build e2e

// Package e2e builds and runs, with a real Docker engine, what dockerize
// generates for every golden case and example. Run it with `make e2e`,
// which starts the engine; base images are local stand-ins (standin_test.go).
package e2e

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/dockerize-dev/dockerize/internal/testkit"
	"github.com/dockerize-dev/dockerize/stacks"
)

var only = flag.String("only", "", "run only the fixtures whose name matches this regular expression")

// root is the repository root; dockerize is the binary under test.
var root, dockerize string

func TestMain(m *testing.M) {
	flag.Parse()
	wd, _ := os.Getwd()
	root = filepath.Clean(filepath.Join(wd, "../.."))
	tmp, err := os.MkdirTemp("", "dockerize-e2e")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if dockerize, err = testkit.BuildDockerize(root, tmp); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(tmp)
	os.Exit(code)
}

// forbidden matches paths that mean a build toolchain reached the final
// image: a C compiler, and each stack's own toolchain.
func forbidden() *regexp.Regexp {
	paths := []string{`bin/gcc`, `bin/cc`}
	for _, s := range stacks.All() {
		paths = append(paths, s.Build.Forbidden...)
	}
	return regexp.MustCompile(`(^|/)(` + strings.Join(paths, "|") + `)$`)
}

func TestRealBuilds(t *testing.T) {
	ctx := context.Background()
	needEngine(ctx, t)
	fx, err := fixtures(root)
	if err != nil {
		t.Fatal(err)
	}
	s := newStandins(t.Logf)
	var summary []string
	ran := 0
	for _, f := range fx {
		if *only != "" && !regexp.MustCompile(*only).MatchString(f.name) {
			continue
		}
		ran++
		t.Run(f.name, func(t *testing.T) {
			if f.skip != "" {
				summary = append(summary, fmt.Sprintf("%-28s skip (%s)", f.name, f.skip))
				t.Skip(f.skip)
			}
			// Deferred, so a fixture stopped by t.Fatal is in the summary too.
			var r buildResult
			defer func() {
				status := "ok"
				if t.Failed() {
					status = "FAIL"
				}
				summary = append(summary, fmt.Sprintf("%-28s %-4s build %5.1fs  rebuild %5.1fs  image %6.1f MB  stop %4.1fs", f.name, status, r.first.Seconds(), r.rebuild.Seconds(), float64(r.size)/1e6, r.stop.Seconds()))
			}()
			realBuild(ctx, t, s, f, &r)
		})
	}
	if ran == 0 {
		t.Fatal("no fixture matched")
	}
	t.Log("real builds (build: first build, reusing cached layers; make bench measures cold):\n" + strings.Join(summary, "\n"))
}

// buildResult is what one fixture measured, filled in as far as it got.
type buildResult struct {
	first, rebuild, stop time.Duration
	size                 int64
}

func realBuild(ctx context.Context, t *testing.T, s *standins, f fixture, r *buildResult) {
	g, err := initFixture(ctx, dockerize, f, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for _, ref := range g.froms {
		if err := s.ensure(ctx, ref); err != nil {
			t.Fatal(err)
		}
	}
	tag := "dockerize-e2e/" + f.name + ":test"
	r.first, err = timed(func() error {
		_, err := docker(ctx, nil, "build", "--progress=plain", "-t", tag, g.dir)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	defer docker(ctx, nil, "image", "rm", "-f", tag)
	r.size = imageSize(ctx, t, tag)

	checkNoToolchain(ctx, t, tag)
	r.stop = runAndProbe(ctx, t, tag, g)

	file, err := touchSource(g.dir, g.stack.Build.Sources)
	if err != nil {
		t.Fatal(err)
	}
	var log string
	r.rebuild, err = timed(func() error {
		var err error
		log, err = docker(ctx, nil, "build", "--progress=plain", "-t", tag, g.dir)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	checkRebuild(t, log, g, file)
}

func imageSize(ctx context.Context, t *testing.T, tag string) int64 {
	out, err := docker(ctx, nil, "image", "inspect", "-f", "{{.Size}}", tag)
	if err != nil {
		t.Fatal(err)
	}
	var n int64
	fmt.Sscan(out, &n)
	return n
}

// checkNoToolchain lists the final image's files and fails on any compiler
// or package manager.
func checkNoToolchain(ctx context.Context, t *testing.T, tag string) {
	id, err := docker(ctx, nil, "create", tag)
	if err != nil {
		t.Fatal(err)
	}
	id = strings.TrimSpace(id)
	defer docker(ctx, nil, "rm", id)
	cmd := exec.CommandContext(ctx, "sh", "-c", dockerBin+" export "+id+" | tar -t")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("listing the image: %v", err)
	}
	bad := forbidden()
	for _, p := range strings.Split(string(out), "\n") {
		if bad.MatchString(p) {
			t.Errorf("the final image holds a build tool: %s", p)
		}
	}
}

// runAndProbe starts the image, checks the user and the port, stops it, and
// returns how long stopping took.
func runAndProbe(ctx context.Context, t *testing.T, tag string, g *generated) time.Duration {
	out, err := docker(ctx, nil, "run", "-d", "-p", "127.0.0.1::"+g.port, tag)
	if err != nil {
		t.Fatal(err)
	}
	id := strings.TrimSpace(out)
	defer docker(ctx, nil, "rm", "-f", id)
	logs := func() string { l, _ := docker(ctx, nil, "logs", id); return l }

	// The image's configured user, and the user the process really runs as.
	user, _ := docker(ctx, nil, "inspect", "-f", "{{.Config.User}}", id)
	if u := strings.TrimSpace(user); u == "" || u == "0" || strings.HasPrefix(u, "root") || strings.HasPrefix(u, "0:") {
		t.Errorf("the container's user is %q, not a non-root UID", u)
	}
	pid, _ := docker(ctx, nil, "inspect", "-f", "{{.State.Pid}}", id)
	status, err := os.ReadFile("/proc/" + strings.TrimSpace(pid) + "/status")
	if err != nil {
		t.Fatalf("reading PID 1's status: %v\n%s", err, logs())
	}
	if g.user == "" {
		t.Error("the Dockerfile's final stage sets no USER")
	}
	for _, l := range strings.Split(string(status), "\n") {
		if f := strings.Fields(l); len(f) >= 2 && f[0] == "Uid:" {
			want := strings.Split(g.user, ":")[0]
			if f[1] == "0" || (want != "" && f[1] != want) {
				t.Errorf("PID 1 runs as UID %s, want %s from USER %s", f[1], want, g.user)
			}
		}
	}

	hostPort, err := docker(ctx, nil, "port", id, g.port+"/tcp")
	if err != nil {
		t.Fatal(err)
	}
	addr := strings.TrimSpace(strings.Split(hostPort, "\n")[0])
	client := &http.Client{Timeout: 2 * time.Second}
	var answered bool
	var lastErr error
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(300 * time.Millisecond) {
		resp, err := client.Get("http://" + addr + "/")
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			answered = resp.StatusCode < 500
			if !answered {
				lastErr = fmt.Errorf("status %s", resp.Status)
			}
			break
		}
		lastErr = err
	}
	if !answered {
		t.Errorf("port %s (%s) did not answer HTTP: %v\n%s", g.port, addr, lastErr, logs())
	}

	// docker stop sends SIGTERM, then SIGKILL after the timeout: stopping
	// well before it proves PID 1 handles SIGTERM.
	took, err := timed(func() error { _, err := docker(ctx, nil, "stop", "-t", "15", id); return err })
	if err != nil {
		t.Fatal(err)
	}
	if took >= 10*time.Second {
		t.Errorf("the container took %s to stop on SIGTERM; PID 1 does not handle signals", took.Round(time.Millisecond))
	}
	return took
}

// stepRE matches BuildKit's plain progress lines: "#12 [build 4/7] RUN ..."
// and "#12 CACHED".
var stepRE = regexp.MustCompile(`^#(\d+) \[([^\]]+)\] (.*)$`)

// checkRebuild asserts, from the build log after a one-line change, that the
// dependency step came from the cache and the compile step ran again.
func checkRebuild(t *testing.T, log string, g *generated, changed string) {
	names := map[string]string{}
	cached := map[string]bool{}
	for _, l := range strings.Split(log, "\n") {
		if m := stepRE.FindStringSubmatch(l); m != nil {
			names[m[1]] = m[3]
			continue
		}
		if f := strings.Fields(l); len(f) == 2 && f[1] == "CACHED" {
			cached[strings.TrimPrefix(f[0], "#")] = true
		}
	}
	var dep, build []string
	for id, name := range names {
		switch {
		case g.depStep.MatchString(name):
			dep = append(dep, id)
		case (strings.HasPrefix(name, "RUN") || name == "COPY . .") && g.buildStep.MatchString(name):
			build = append(build, id)
		}
	}
	if len(dep) == 0 && !strings.Contains(string(g.dockerfile), "-mod=vendor") {
		t.Errorf("no dependency step found in the rebuild log:\n%s", tail(log, 60))
	}
	for _, id := range dep {
		if !cached[id] {
			t.Errorf("after changing %s, the dependency step ran again: %s", filepath.Base(changed), names[id])
		}
	}
	ranBuild := false
	for _, id := range build {
		ranBuild = ranBuild || !cached[id]
	}
	if !ranBuild {
		t.Errorf("after changing %s, neither a compile step nor the source copy ran:\n%s", filepath.Base(changed), tail(log, 60))
	}
}
