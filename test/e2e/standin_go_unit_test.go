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
