//go:build e2e

package e2e

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/dockerize-dev/dockerize/plan"
)

// TestDebianPinsAreCandidates checks that every Debian package version the
// generated Dockerfiles pin (tini, the Python runtime libraries) is the
// candidate apt offers on the mirror today: Debian keeps only the newest
// version of a point release, so a stale pin breaks every build that uses it.
func TestDebianPinsAreCandidates(t *testing.T) {
	ctx := context.Background()
	needEngine(ctx, t)
	pins := append(append([]string{"tini=" + plan.TiniVersion}, plan.PythonRuntimePackages()...), plan.RustRuntimePackages()...)
	base := "debian:bookworm-slim"
	if err := newStandins(t.Logf).ensure(ctx, base); err != nil {
		t.Fatal(err)
	}
	var names []string
	want := map[string]string{}
	for _, p := range pins {
		name, version, _ := strings.Cut(p, "=")
		names = append(names, name)
		want[name] = version
	}
	out, err := docker(ctx, nil, "run", "--rm", base, "sh", "-c", "apt-get update >/dev/null && apt-cache policy "+strings.Join(names, " "))
	if err != nil {
		t.Fatalf("apt-cache policy: %v\n%s", err, tail(out, 20))
	}
	got := map[string]string{}
	for _, m := range regexp.MustCompile(`(?m)^(\S+):\n\s+Installed: .*\n\s+Candidate: (\S+)`).FindAllStringSubmatch(out, -1) {
		got[m[1]] = m[2]
	}
	for _, name := range names {
		if got[name] != want[name] {
			t.Errorf("%s is pinned to %s, but the mirror's candidate is %q: update the pin", name, want[name], got[name])
		}
	}
}
