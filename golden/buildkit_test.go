package golden

import (
	"context"
	"fmt"
	"testing"

	"github.com/moby/buildkit/client/llb"
	"github.com/moby/buildkit/client/llb/sourceresolver"
	"github.com/moby/buildkit/frontend/dockerfile/dockerfile2llb"
	digest "github.com/opencontainers/go-digest"
	ocispecs "github.com/opencontainers/image-spec/specs-go/v1"
)

// fakeResolver answers BuildKit's base-image lookups without a registry, with
// the PATH the official images set, so rules that read the base image's
// environment (UndefinedVar) run as in a real build.
type fakeResolver struct{}

func (fakeResolver) ResolveImageConfig(_ context.Context, ref string, _ sourceresolver.Opt) (string, digest.Digest, []byte, error) {
	cfg := `{"architecture":"amd64","os":"linux","config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]},"rootfs":{"type":"layers","diff_ids":[]}}`
	return ref, digest.FromString(ref), []byte(cfg), nil
}

// buildkitLint runs every check `docker build --check` runs, in-process, and
// returns the warnings and any build error as text.
func buildkitLint(t *testing.T, dockerfile []byte) []string {
	t.Helper()
	ctx := context.Background()
	def, err := llb.Scratch().Marshal(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sm := llb.NewSourceMap(nil, "Dockerfile", "Dockerfile", dockerfile)
	sm.Definition = def
	res, err := dockerfile2llb.DockerfileLint(ctx, dockerfile, dockerfile2llb.ConvertOpt{
		SourceMap:      sm,
		MetaResolver:   fakeResolver{},
		TargetPlatform: &ocispecs.Platform{OS: "linux", Architecture: "amd64"},
	})
	if err != nil {
		t.Fatalf("buildkit lint: %v", err)
	}
	var out []string
	for _, w := range res.Warnings {
		l := 0
		if w.Location != nil && len(w.Location.Ranges) > 0 {
			l = int(w.Location.Ranges[0].Start.Line)
		}
		out = append(out, fmt.Sprintf("line %d: %s: %s", l, w.RuleName, w.Detail))
	}
	if res.Error != nil {
		out = append(out, "build error: "+res.Error.Message)
	}
	return out
}
