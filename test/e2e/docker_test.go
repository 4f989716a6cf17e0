package e2e

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// dockerBin is Debian's client: the preinstalled one has no buildx plugin,
// so its `docker build` would not use BuildKit.
const dockerBin = "/usr/bin/docker"

// docker runs the Docker client with BuildKit on and returns its combined
// output; stdin, when not nil, is fed to it.
func docker(ctx context.Context, stdin []byte, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, dockerBin, args...)
	cmd.Env = append(os.Environ(), "DOCKER_BUILDKIT=1")
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if err != nil {
		return out.String(), fmt.Errorf("docker %s: %w\n%s", strings.Join(args, " "), err, tail(out.String(), 40))
	}
	return out.String(), nil
}

// needEngine fails the test, never skips it, when no engine answers: a green
// real-build run must mean the builds ran.
func needEngine(ctx context.Context, t *testing.T) {
	t.Helper()
	if _, err := docker(ctx, nil, "info"); err != nil {
		t.Fatalf("no Docker engine answers; start one with test/e2e/engine.sh start (make e2e does): %v", err)
	}
}

func imageExists(ctx context.Context, ref string) bool {
	_, err := docker(ctx, nil, "image", "inspect", ref)
	return err == nil
}

// run runs any command, for the stand-in builders, and returns its standard
// output; standard error (warnings) only goes into the error.
func run(ctx context.Context, dir string, name string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		return out.String(), fmt.Errorf("%s %s: %w\n%s", name, strings.Join(args, " "), err, tail(out.String()+errOut.String(), 40))
	}
	return out.String(), nil
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

func timed(f func() error) (time.Duration, error) {
	start := time.Now()
	err := f()
	return time.Since(start), err
}
