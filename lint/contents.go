package lint

import (
	"regexp"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
)

// buildStep matches a RUN that compiles or bundles the project from source.
var buildStep = regexp.MustCompile(`\bgo (build|install)\b|\b(mvn|mvnw)\b[^&;|]*\b(package|install|verify|compile)\b|\bgradlew?\b[^&;|]*\b(build|assemble|bootJar|jar|installDist)\b|\b(npm|pnpm|yarn|bun) (run )?build\b|\bnx (build|run-many)\b|\btsc\b|\bjavac\b|\bcargo build\b`)

// buildsInStage says what in a stage builds the project from its sources
// (copying the whole build context, or a compile step), or "" when the stage
// only takes prebuilt files.
func buildsInStage(s *instructions.Stage) string {
	for _, c := range s.Commands {
		switch c := c.(type) {
		case *instructions.CopyCommand:
			if c.From == "" && wholeContext(c.SourcePaths) {
				return "COPY " + strings.Join(c.SourcePaths, " ") + " takes the whole build context"
			}
		case *instructions.AddCommand:
			if wholeContext(c.SourcePaths) {
				return "ADD " + strings.Join(c.SourcePaths, " ") + " takes the whole build context"
			}
		case *instructions.RunCommand:
			if text := strings.Join(c.CmdLine, " "); buildStep.MatchString(text) {
				return "RUN " + shorten(text) + " compiles"
			}
		}
	}
	return ""
}

// wholeContext reports a COPY source that is the whole build context.
func wholeContext(srcs []string) bool {
	for _, src := range srcs {
		s := strings.TrimSuffix(strings.TrimPrefix(src, "./"), "/")
		if s == "" || s == "." || s == "*" {
			return true
		}
	}
	return false
}
