//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	ggcr "github.com/google/go-containerregistry/pkg/registry"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"golang.org/x/tools/txtar"

	"github.com/dockerize-dev/dockerize/registry"
	"github.com/dockerize-dev/dockerize/ship"
)

// wholeRepoServices are the services of testdata/whole-repo.txtar that
// dockerize init --all must find and write: two targets of the root
// Dockerfile, and a Dockerfile of its own for web/ and services/orders/.
func wholeRepoServices() []ship.Service {
	return []ship.Service{
		{Name: "api", Context: ".", Dockerfile: "Dockerfile", Target: "api", Port: 8080},
		{Name: "worker", Context: ".", Dockerfile: "Dockerfile", Target: "worker", Port: 8081},
		{Name: "site", Context: "web", Dockerfile: "Dockerfile", Port: 3000, Env: []ship.Env{{Name: "NODE_ENV", Value: "production"}}},
		{Name: "orders", Context: "services/orders", Dockerfile: "Dockerfile", Port: 8080},
	}
}

// TestWholeRepository builds every service of a repository with the
// generated docker-bake.hcl, runs each image, runs them all with the
// generated compose.yaml, and then builds the same bake file on a
// standalone BuildKit daemon that pushes to a registry. Needs the tools of
// test/e2e/tools.sh (make e2e installs them).
func TestWholeRepository(t *testing.T) {
	if *only != "" && !regexp.MustCompile(*only).MatchString("whole-repo") {
		t.Skip("not selected by -only")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 40*time.Minute)
	defer cancel()
	needEngine(ctx, t)
	if out, err := run(ctx, root, "test/e2e/tools.sh", "check"); err != nil {
		t.Fatalf("the bake, compose and buildkitd tools are missing (make e2e installs them with test/e2e/tools.sh): %v\n%s", err, out)
	}
	for _, plugin := range []string{"buildx", "compose"} {
		if _, err := docker(ctx, nil, plugin, "version"); err != nil {
			t.Fatalf("docker %s does not run: %v", plugin, err)
		}
	}

	dir := t.TempDir()
	services := wholeRepoServices()
	froms := writeWholeRepo(t, dir, services)
	s := newStandins(t.Logf)
	for _, ref := range froms {
		if err := s.ensure(ctx, ref); err != nil {
			t.Fatal(err)
		}
	}
	t.Run("hadolint", func(t *testing.T) {
		for _, svc := range services {
			data, err := os.ReadFile(filepath.Join(dir, svc.Context, svc.Dockerfile))
			if err != nil {
				t.Fatal(err)
			}
			lintDockerfile(t, data)
		}
	})

	// Buildx's own state (builders) stays in this run, off the machine's.
	env := []string{"BUILDX_CONFIG=" + filepath.Join(dir, ".buildx"), "BUILDX_NO_DEFAULT_ATTESTATIONS=1"}

	t.Run("bake", func(t *testing.T) {
		tag := "run" + strconv.FormatInt(time.Now().UnixNano(), 36)
		out, err := dockerIn(ctx, dir, append(env, "REGISTRY=dockerize-e2e", "TAG="+tag), "buildx", "bake", "--progress=plain")
		if err != nil {
			t.Fatal(err)
		}
		for _, svc := range services {
			ref := "dockerize-e2e/" + svc.Name + ":" + tag
			if !imageExists(ctx, ref) {
				t.Errorf("bake did not make %s:\n%s", ref, tail(out, 30))
				continue
			}
			defer docker(ctx, nil, "image", "rm", "-f", ref)
			runAndProbe(ctx, t, ref, serviceStage(t, dir, svc))
		}
		// One Dockerfile, two targets: the shared dependency step is one
		// step of the build, not one per target.
		// One Dockerfile, two targets: the shared dependency step ran at
		// most once (the engine may list it under both targets, but the
		// second one comes from the first).
		steps, cached := map[string]bool{}, map[string]bool{}
		for _, l := range strings.Split(out, "\n") {
			if m := stepRE.FindStringSubmatch(l); m != nil && strings.HasSuffix(m[3], "go mod download") {
				steps[m[1]] = true
			}
			if f := strings.Fields(l); len(f) == 2 && f[1] == "CACHED" {
				cached[strings.TrimPrefix(f[0], "#")] = true
			}
		}
		ran := 0
		for id := range steps {
			if !cached[id] {
				ran++
			}
		}
		if len(steps) == 0 || ran > 1 {
			t.Errorf("go mod download: %d steps in the bake build, %d of them ran; want the api and worker targets to share one:\n%s", len(steps), ran, grepLines(out, "go mod download"))
		}
	})

	t.Run("compose", func(t *testing.T) {
		project := "dockerize-e2e-" + strconv.FormatInt(time.Now().UnixNano(), 36)
		cenv := append([]string{}, env...)
		ports := map[string]int{}
		for _, svc := range services {
			ports[svc.Name] = freePort(t)
			cenv = append(cenv, fmt.Sprintf("%s_PORT=%d", strings.ToUpper(svc.Name), ports[svc.Name]))
		}
		down := func() {
			dockerIn(context.Background(), dir, cenv, "compose", "-p", project, "down", "--rmi", "local", "--volumes", "--timeout", "10")
		}
		defer down()
		if out, err := dockerIn(ctx, dir, cenv, "compose", "-p", project, "up", "--build", "--detach", "--wait", "--wait-timeout", "120"); err != nil {
			logs, _ := dockerIn(ctx, dir, cenv, "compose", "-p", project, "logs")
			t.Fatalf("%v\n%s\n%s", err, out, tail(logs, 40))
		}
		for _, svc := range services {
			body, err := httpGet(fmt.Sprintf("127.0.0.1:%d", ports[svc.Name]))
			if err != nil {
				t.Errorf("%s on host port %d: %v", svc.Name, ports[svc.Name], err)
				continue
			}
			if !strings.Contains(body, "ok") {
				t.Errorf("%s answered %q", svc.Name, body)
			}
		}
	})

	t.Run("remote-builder", func(t *testing.T) {
		remoteBake(ctx, t, dir, env, s, services, froms)
	})
}

// remoteBake starts a BuildKit daemon on a unix socket with a loopback
// registry as its mirror for the base images, builds the bake file on it
// through buildx's remote driver, pushes the images to that registry, and
// pulls and runs one with the engine.
func remoteBake(ctx context.Context, t *testing.T, dir string, env []string, s *standins, services []ship.Service, froms []string) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	// Blobs on disk: the stand-ins are a few GB.
	blobs := t.TempDir()
	srv := httptest.NewUnstartedServer(ggcr.New(ggcr.Logger(log.New(io.Discard, "", 0)), ggcr.WithBlobHandler(ggcr.NewDiskBlobHandler(blobs))))
	srv.Listener = ln
	srv.Start()
	defer srv.Close()
	reg := "localhost:" + strings.Split(ln.Addr().String(), ":")[1]

	// The stand-ins go to the registry under the paths a mirror serves:
	// docker.io/library/golang as REG/library/golang, gcr.io/distroless/x as
	// REG/distroless/x.
	hosts := map[string]bool{}
	start := time.Now()
	for _, ref := range froms {
		r, err := registry.Parse(ref)
		if err != nil {
			t.Fatal(err)
		}
		host := r.Repository.RegistryStr()
		if host == "index.docker.io" {
			host = "docker.io"
		}
		hosts[host] = true
		mirrored := reg + "/" + r.Repository.RepositoryStr() + ":" + r.Tag
		if _, err := docker(ctx, nil, "tag", ref, mirrored); err != nil {
			t.Fatal(err)
		}
		if _, err := docker(ctx, nil, "push", mirrored); err != nil {
			t.Fatal(err)
		}
		docker(ctx, nil, "image", "rm", mirrored)
	}
	t.Logf("pushed %d stand-ins to the loopback registry in %s", len(froms), time.Since(start).Round(time.Second))

	bk, err := os.MkdirTemp("", "bk")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(bk)
	var toml strings.Builder
	fmt.Fprintf(&toml, "[registry.%q]\n  http = true\n  insecure = true\n", reg)
	for h := range hosts {
		fmt.Fprintf(&toml, "[registry.%q]\n  mirrors = [%q]\n", h, reg)
	}
	if err := os.WriteFile(filepath.Join(bk, "buildkitd.toml"), []byte(toml.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	bin, err := run(ctx, root, "test/e2e/tools.sh", "bin")
	if err != nil {
		t.Fatal(err)
	}
	sock := filepath.Join(bk, "buildkitd.sock")
	daemon := exec.Command(filepath.Join(strings.TrimSpace(bin), "buildkitd"),
		"--addr", "unix://"+sock, "--root", filepath.Join(bk, "root"), "--config", filepath.Join(bk, "buildkitd.toml"),
		"--oci-worker=true", "--containerd-worker=false", "--oci-worker-net=host")
	var daemonLog bytes.Buffer
	daemon.Stdout, daemon.Stderr = &daemonLog, &daemonLog
	if err := daemon.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		daemon.Process.Signal(os.Interrupt)
		done := make(chan error, 1)
		go func() { done <- daemon.Wait() }()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			daemon.Process.Kill()
			<-done
		}
	}()

	builder := "dockerize-e2e-remote"
	if out, err := dockerIn(ctx, dir, env, "buildx", "create", "--name", builder, "--driver", "remote", "unix://"+sock); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	defer dockerIn(context.Background(), dir, env, "buildx", "rm", builder)
	var bootErr error
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(time.Second) {
		if _, bootErr = dockerIn(ctx, dir, env, "buildx", "inspect", "--bootstrap", builder); bootErr == nil {
			break
		}
	}
	if bootErr != nil {
		t.Fatalf("the remote builder does not answer: %v\n%s", bootErr, tail(daemonLog.String(), 30))
	}

	start = time.Now()
	bake := func() (string, error) {
		return dockerIn(ctx, dir, append(env, "REGISTRY="+reg+"/shop", "TAG=remote"), "buildx", "bake", "--builder", builder, "--push", "--progress=plain")
	}
	out, err := bake()
	if err != nil {
		// A cold builder fetches every dependency from the package
		// registries at once; one flaky download fails the whole bake. It
		// is said, and tried once more: a real fault fails again.
		t.Logf("the remote bake failed once, trying again:\n%s", failedSteps(out))
		out, err = bake()
	}
	if err != nil {
		// The step that failed comes last, where a truncated log still shows it.
		t.Logf("buildkitd log:\n%s", tail(daemonLog.String(), 40))
		t.Fatalf("%v\nthe failing steps:\n%s", err, failedSteps(out))
	}
	t.Logf("bake on the remote builder (cold: its state is new each run), with the push: %s", time.Since(start).Round(time.Second))
	for _, svc := range services {
		if !strings.Contains(out, "pushing "+reg+"/shop/"+svc.Name+":remote") && !strings.Contains(out, reg+"/shop/"+svc.Name+":remote") {
			t.Errorf("the remote build did not push %s:\n%s", svc.Name, tail(out, 30))
		}
	}
	// The engine pulls one back from the registry and runs it.
	api := services[0]
	ref := reg + "/shop/" + api.Name + ":remote"
	if _, err := docker(ctx, nil, "pull", ref); err != nil {
		t.Fatal(err)
	}
	defer docker(ctx, nil, "image", "rm", "-f", ref)
	runAndProbe(ctx, t, ref, serviceStage(t, dir, api))
}

// writeWholeRepo writes the fixture into dir and runs dockerize init --all
// there, which must write exactly the bake and compose files ship renders
// for services. It returns the base images the Dockerfiles name.
func writeWholeRepo(t *testing.T, dir string, services []ship.Service) []string {
	t.Helper()
	ar, err := txtar.ParseFile(filepath.Join(root, "test/e2e/testdata/whole-repo.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range ar.Files {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out, err := exec.Command(dockerize, "init", dir, "--all", "--yes").CombinedOutput()
	if err != nil {
		t.Fatalf("dockerize init --all: %v\n%s", err, out)
	}
	t.Logf("dockerize init --all:\n%s", out)
	bake, err := ship.Bake(services, "")
	if err != nil {
		t.Fatal(err)
	}
	compose, err := ship.Compose(services, ship.ComposeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string][]byte{ship.BakeFile: bake, ship.ComposeFile: compose} {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("init --all wrote a %s for other services than expected:\n%s\nwant:\n%s", name, got, want)
		}
	}
	var froms []string
	seen := map[string]bool{}
	for _, svc := range services {
		st := stages(t, filepath.Join(dir, svc.Context, svc.Dockerfile))
		names := map[string]bool{}
		for _, s := range st {
			names[strings.ToLower(s.Name)] = true
		}
		for _, s := range st {
			if !names[strings.ToLower(s.BaseName)] && !seen[s.BaseName] {
				seen[s.BaseName] = true
				froms = append(froms, s.BaseName)
			}
		}
	}
	return froms
}

func stages(t *testing.T, dockerfile string) []instructions.Stage {
	t.Helper()
	data, err := os.ReadFile(dockerfile)
	if err != nil {
		t.Fatal(err)
	}
	res, err := parser.Parse(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	st, _, err := instructions.Parse(res.AST, nil)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// serviceStage reads the port and user of the stage that builds a service
// (its target, else the last stage), as runAndProbe wants them.
func serviceStage(t *testing.T, dir string, svc ship.Service) *generated {
	t.Helper()
	st := stages(t, filepath.Join(dir, svc.Context, svc.Dockerfile))
	final := st[len(st)-1]
	for _, s := range st {
		if svc.Target != "" && s.Name == svc.Target {
			final = s
		}
	}
	g := &generated{dir: dir}
	for _, c := range final.Commands {
		switch c := c.(type) {
		case *instructions.ExposeCommand:
			g.port = strings.TrimSuffix(c.Ports[0], "/tcp")
		case *instructions.UserCommand:
			g.user = c.User
		}
	}
	if g.port != strconv.Itoa(svc.Port) {
		t.Fatalf("%s: the stage exposes %q, the service says %d", svc.Name, g.port, svc.Port)
	}
	return g
}

// dockerIn runs Debian's client in dir with extra environment.
func dockerIn(ctx context.Context, dir string, env []string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, dockerBin, args...)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), "DOCKER_BUILDKIT=1"), env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return out.String(), fmt.Errorf("docker %s: %w\n%s", strings.Join(args, " "), err, tail(out.String(), 40))
	}
	return out.String(), nil
}

// failedSteps returns the lines of a --progress=plain build log that name
// an error, with the lines before each, so a failure says which step broke
// and why even when the rest of the log is cut.
func failedSteps(log string) string {
	lines := strings.Split(log, "\n")
	var out []string
	for i, l := range lines {
		if strings.Contains(l, "ERROR") || strings.Contains(l, "error:") || strings.Contains(l, "did not complete successfully") {
			out = append(out, lines[max(0, i-8):i+1]...)
			out = append(out, "...")
		}
	}
	if len(out) == 0 {
		return tail(log, 40)
	}
	return tail(strings.Join(out, "\n"), 80)
}

// grepLines returns the lines of s that contain sub, with the ones around
// them, for an error message.
func grepLines(s, sub string) string {
	lines := strings.Split(s, "\n")
	var out []string
	for i, l := range lines {
		if strings.Contains(l, sub) {
			out = append(out, lines[i:min(i+3, len(lines))]...)
		}
	}
	return strings.Join(out, "\n")
}

func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// httpGet fetches / from addr, retrying for up to 30 s while it starts.
func httpGet(addr string) (string, error) {
	client := &http.Client{Timeout: 2 * time.Second}
	var lastErr error
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(300 * time.Millisecond) {
		resp, err := client.Get("http://" + addr + "/")
		if err != nil {
			lastErr = err
			continue
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode >= 500 {
			return "", fmt.Errorf("status %s", resp.Status)
		}
		return string(body), nil
	}
	return "", lastErr
}
