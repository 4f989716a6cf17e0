package golden

import (
	"fmt"
	"testing"

	"github.com/dockerize-dev/dockerize/lint"
)

// buildkitLint runs every check `docker build --check` runs, in-process (the
// same code dockerize lint uses), and returns the warnings and any build
// error as text.
func buildkitLint(t *testing.T, dockerfile []byte) []string {
	t.Helper()
	findings, err := lint.BuildKitChecks(dockerfile)
	if err != nil {
		t.Fatalf("buildkit lint: %v", err)
	}
	var out []string
	for _, f := range findings {
		out = append(out, fmt.Sprintf("line %d: %s: %s", f.Line, f.Rule, f.Message))
	}
	return out
}
