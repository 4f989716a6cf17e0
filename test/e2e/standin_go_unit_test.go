//go:build e2e

package e2e

import (
	"context"
	"strings"
	"testing"
)

// TestGoMinorPatchesOnProxy checks that every fixed Go patch release is
// still served by the Go module proxy (its metadata only, not the zip).
func TestGoMinorPatchesOnProxy(t *testing.T) {
	for minor, full := range goMinorPatches() {
		if !strings.HasPrefix(full, minor+".") {
			t.Errorf("Go %s is fixed to %s, a release of another minor", minor, full)
			continue
		}
		if _, err := run(context.Background(), "", "go", "list", "-m", "-json", goToolchainModule(full)); err != nil {
			t.Errorf("Go %s is fixed to %s, which the module proxy does not serve: %v", minor, full, err)
		}
	}
}

func TestGoRelease(t *testing.T) {
	for in, want := range map[string]string{"1.24.4": "1.24.4", "1.23": goMinorPatches()["1.23"]} {
		if got, err := goRelease(in); err != nil || got != want {
			t.Errorf("goRelease(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := goRelease("1.9"); err == nil || !strings.Contains(err.Error(), "goMinorPatches") {
		t.Errorf("an unknown minor should say where to add it, got %v", err)
	}
}
