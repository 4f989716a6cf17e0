//go:build e2e

package e2e

import (
	"context"
	"flag"
	"strings"
	"testing"
)

var makeStandins = flag.String("standins", "", "make these stand-in images (space-separated references) and stop")

// pendingRecipes are the Python and Rust recipes, until the stack list names
// them; then recipes() finds them and this map goes.
func pendingRecipes() map[string]recipe {
	return map[string]recipe{
		"python": pythonRecipe,
		"rust":   rustRecipe,
	}
}

// TestMakeStandins makes the stand-ins named by -standins, so a recipe can be
// tried, and images prepared, without building any fixture:
//
//	go test -tags e2e ./test/e2e -run TestMakeStandins -args -standins 'python:3.11-slim-bookworm'
func TestMakeStandins(t *testing.T) {
	refs := strings.Fields(*makeStandins)
	if len(refs) == 0 {
		t.Skip("no -standins given")
	}
	ctx := context.Background()
	needEngine(ctx, t)
	s := newStandins(t.Logf)
	for _, ref := range refs {
		repo, _ := repository(ref)
		r, pending := pendingRecipes()[repo]
		if !pending || imageExists(ctx, ref) {
			if err := s.ensure(ctx, ref); err != nil {
				t.Fatal(err)
			}
			continue
		}
		s.mu.Lock()
		t.Logf("stand-in: making %s", ref)
		err := r(ctx, s, ref)
		s.mu.Unlock()
		if err != nil {
			t.Fatalf("making stand-in %s: %v", ref, err)
		}
	}
}
