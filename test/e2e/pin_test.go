//go:build e2e

package e2e

import (
	"context"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dockerize-dev/dockerize/internal/testkit"
	"github.com/dockerize-dev/dockerize/registry"
)

// mirrorProject is a small Go service whose settings pull every base image
// through a team mirror and run as a team UID.
func mirrorProject(mirror string) func(dir string) error {
	files := map[string]string{
		"go.mod": "module example.com/pinned\n\ngo 1.24.0\n\ntoolchain go1.24.4\n",
		"main.go": `// Command pinned answers on :8080.
package main

import (
	"log"
	"net/http"
)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte("ok\n")) })
	log.Fatal(http.ListenAndServe(":8080", nil))
}
`,
		".dockerize.yaml": "registry-mirror: " + mirror + "\nuser: \"10001:10001\"\nlabels:\n  com.example.team: platform\n",
	}
	return func(dir string) error {
		for p, data := range files {
			if err := os.WriteFile(filepath.Join(dir, p), []byte(data), 0o644); err != nil {
				return err
			}
		}
		return nil
	}
}

// TestMirrorAndPin generates with a registry mirror and --pin against a
// registry on loopback that serves the stand-in base images, then builds and
// runs the image for real; then checks that pin --check notices a moved tag
// and pin refreshes it, and that an unreachable registry leaves the file
// untouched.
func TestMirrorAndPin(t *testing.T) {
	ctx := context.Background()
	needEngine(ctx, t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	_, stopRegistry := testkit.Registry(t, ln)
	// The engine pulls from localhost over plain HTTP, as from any
	// loopback registry.
	mirror := "localhost:" + strings.Split(ln.Addr().String(), ":")[1]

	s := newStandins(t.Logf)
	for _, ref := range []string{"golang:1.24.4-bookworm", "gcr.io/distroless/static-debian12:nonroot"} {
		if err := s.ensure(ctx, ref); err != nil {
			t.Fatal(err)
		}
		mirrored, err := registry.Mirror(ref, mirror)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := docker(ctx, nil, "tag", ref, mirrored); err != nil {
			t.Fatal(err)
		}
		if _, err := docker(ctx, nil, "push", mirrored); err != nil {
			t.Fatal(err)
		}
		// Drop the local name, so the build has to pull from the mirror.
		if _, err := docker(ctx, nil, "image", "rm", mirrored); err != nil {
			t.Fatal(err)
		}
	}

	dir := t.TempDir()
	g, err := initFixture(ctx, dockerize, fixture{name: "mirror-pin", files: mirrorProject(mirror), args: []string{"--pin"}}, dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(g.froms) != 2 {
		t.Fatalf("base images = %v, want the build and runtime images", g.froms)
	}
	for _, ref := range g.froms {
		if !strings.HasPrefix(ref, mirror+"/") || !strings.Contains(ref, ":") || !strings.Contains(ref, "@sha256:") {
			t.Errorf("FROM %s is not tag@digest through the mirror %s", ref, mirror)
		}
	}
	if g.user != "10001:10001" {
		t.Errorf("USER %s, want the team's 10001:10001", g.user)
	}

	tag := "dockerize-e2e/mirror-pin:test"
	if _, err := docker(ctx, nil, "build", "--progress=plain", "-t", tag, dir); err != nil {
		t.Fatal(err)
	}
	defer docker(ctx, nil, "image", "rm", "-f", tag)
	label, _ := docker(ctx, nil, "image", "inspect", "-f", `{{ index .Config.Labels "com.example.team" }}`, tag)
	if strings.TrimSpace(label) != "platform" {
		t.Errorf("team label = %q, want platform", strings.TrimSpace(label))
	}
	runAndProbe(ctx, t, tag, g)

	pin := func(args ...string) (string, error) {
		cmd := exec.CommandContext(ctx, dockerize, append([]string{"pin"}, args...)...)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	if out, err := pin("--check"); err != nil {
		t.Fatalf("pin --check right after init --pin: %v\n%s", err, out)
	}

	// The golang tag moves on the mirror: --check fails, pin refreshes.
	newDigest := testkit.PushRandom(t, mirror+"/library/golang:1.24.4-bookworm", 512)
	out, err := pin("--check")
	if err == nil || !strings.Contains(out, "stale") {
		t.Errorf("pin --check after the tag moved: err %v, want exit 1 naming the stale image\n%s", err, out)
	}
	before, _ := os.ReadFile(filepath.Join(dir, "Dockerfile"))
	if out, err := pin(); err != nil {
		t.Fatalf("pin: %v\n%s", err, out)
	}
	after, _ := os.ReadFile(filepath.Join(dir, "Dockerfile"))
	if !strings.Contains(string(after), "/library/golang:1.24.4-bookworm@"+newDigest) {
		t.Errorf("pin did not refresh the golang digest to %s:\n%s", newDigest, after)
	}
	if string(before) == string(after) {
		t.Error("pin changed nothing")
	}

	// The registry goes away: a clear error, and the file is untouched.
	stopRegistry()
	out, err = pin()
	if err == nil || !strings.Contains(out, "the file was not changed") {
		t.Errorf("pin with the registry down: err %v\n%s", err, out)
	}
	if again, _ := os.ReadFile(filepath.Join(dir, "Dockerfile")); string(again) != string(after) {
		t.Error("pin with the registry down changed the file")
	}
}
