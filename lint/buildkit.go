//go:build !lightlint

package lint

import (
	"bytes"
	"context"
	"fmt"

	"github.com/moby/buildkit/client/llb"
	"github.com/moby/buildkit/client/llb/sourceresolver"
	"github.com/moby/buildkit/frontend/dockerfile/dockerfile2llb"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
	digest "github.com/opencontainers/go-digest"
	ocispecs "github.com/opencontainers/image-spec/specs-go/v1"
)

// offlineResolver answers BuildKit's base-image lookups without a registry:
// lint must work offline and never pull. Every base image gets the PATH the
// official images set, so UndefinedVar judges $PATH as a real build would.
type offlineResolver struct{}

func (offlineResolver) ResolveImageConfig(_ context.Context, ref string, _ sourceresolver.Opt) (string, digest.Digest, []byte, error) {
	cfg := `{"architecture":"amd64","os":"linux","config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]},"rootfs":{"type":"layers","diff_ids":[]}}`
	return ref, digest.FromString(ref), []byte(cfg), nil
}

// BuildKitChecks runs every rule `docker build --check` runs (the parse-time
// ones and those BuildKit evaluates while converting to LLB, such as
// JSONArgsRecommended, UndefinedVar and SecretsUsedInArgOrEnv), in-process.
func BuildKitChecks(data []byte) ([]Finding, error) {
	parsed, err := parser.Parse(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("parsing Dockerfile: %w", err)
	}
	if err := checkExpansion(parsed.AST); err != nil {
		return nil, err
	}
	ctx := context.Background()
	def, err := llb.Scratch().Marshal(ctx)
	if err != nil {
		return nil, err
	}
	// DockerfileLint needs a source map with a definition, or it panics.
	sm := llb.NewSourceMap(nil, "Dockerfile", "Dockerfile", data)
	sm.Definition = def
	res, err := dockerfile2llb.DockerfileLint(ctx, data, dockerfile2llb.ConvertOpt{
		SourceMap:      sm,
		MetaResolver:   offlineResolver{},
		TargetPlatform: &ocispecs.Platform{OS: "linux", Architecture: "amd64"},
	})
	if err != nil {
		return nil, fmt.Errorf("checking Dockerfile: %w", err)
	}
	var out []Finding
	for _, w := range res.Warnings {
		l := 0
		if w.Location != nil && len(w.Location.Ranges) > 0 {
			l = int(w.Location.Ranges[0].Start.Line)
		}
		out = append(out, Finding{Rule: "buildkit/" + w.RuleName, Severity: Warning, Line: l, Message: w.Detail, Hint: w.URL})
	}
	if res.Error != nil {
		l := 0
		if len(res.Error.Location.Ranges) > 0 {
			l = int(res.Error.Location.Ranges[0].Start.Line)
		}
		out = append(out, Finding{Rule: "buildkit/error", Severity: Error, Line: l, Message: res.Error.Message})
	}
	return out, nil
}
