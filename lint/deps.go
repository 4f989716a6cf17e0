package lint

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
)

// tool describes a build tool's dependency and compile commands and the cache
// directories its RUN steps should mount.
type tool struct {
	name    string
	install *regexp.Regexp // installs dependencies from manifests
	compile *regexp.Regexp // compiles the source
	// caches: a RUN of this tool should mount at least one cache whose
	// target contains one of these.
	caches []string
	// compileCaches is true when the compile step also needs a cache (it
	// compiles or downloads), not only the install step.
	compileCaches bool
}

func tools() []tool {
	return []tool{
		{"go", regexp.MustCompile(`\bgo mod download\b`), regexp.MustCompile(`\bgo build\b`), []string{"/go/pkg/mod", "go-build"}, true},
		{"npm", regexp.MustCompile(`\bnpm (ci|install|i)\b`), regexp.MustCompile(`\bnpm run build\b`), []string{".npm"}, false},
		{"pnpm", regexp.MustCompile(`\bpnpm (install|i|fetch)\b`), regexp.MustCompile(`\bpnpm (run )?build\b`), []string{"pnpm"}, false},
		{"yarn", regexp.MustCompile(`\byarn( install)?( --|$| &&)`), regexp.MustCompile(`\byarn (run )?build\b`), []string{"yarn"}, false},
		{"bun", regexp.MustCompile(`\bbun install\b`), regexp.MustCompile(`\bbun (run )?build\b`), []string{"bun"}, false},
		{"maven", regexp.MustCompile(`\b(mvn|mvnw)\b.*\bdependency:(go-offline|resolve)`), regexp.MustCompile(`\b(mvn|mvnw)\b.*\b(package|install|verify)\b`), []string{".m2"}, true},
	}
}

func runText(r *instructions.RunCommand) string {
	return strings.Join(r.CmdLine, " ")
}

var globalInstall = regexp.MustCompile(`\b(npm|pnpm|yarn)\b[^&;|]*\s(-g|--global)\b|\byarn global add\b`)

// installs reports whether a RUN installs the project's dependencies with
// the tool; installing a tool globally (npm install -g corepack) does not.
func (t tool) installs(text string) bool {
	return t.install.MatchString(text) && !(t.name != "go" && t.name != "maven" && globalInstall.MatchString(text) && !t.install.MatchString(globalInstall.ReplaceAllString(text, "")))
}

// copiesWholeContext reports whether a COPY takes the whole build context
// (COPY . . or COPY ./ /src/), which changes with every source edit.
func copiesWholeContext(c *instructions.CopyCommand) bool {
	if c.From != "" {
		return false
	}
	for _, src := range c.SourcePaths {
		s := strings.TrimSuffix(strings.TrimPrefix(src, "./"), "/")
		if s == "" || s == "." || s == "*" {
			return true
		}
	}
	return false
}

func checkCacheOrder(df *Dockerfile) []Finding {
	var out []Finding
	for _, s := range df.Stages {
		copiedManifests, copiedAll := false, 0
		for _, c := range s.Commands {
			switch c := c.(type) {
			case *instructions.CopyCommand:
				if copiesWholeContext(c) {
					if copiedAll == 0 {
						copiedAll = line(c.Location())
					}
				} else if c.From == "" {
					copiedManifests = true
				}
			case *instructions.RunCommand:
				for _, t := range tools() {
					if !t.installs(runText(c)) || usesBindMount(c) {
						continue
					}
					switch {
					case copiedAll != 0:
						out = append(out, Finding{Line: line(c.Location()), Message: fmt.Sprintf("%s dependencies are installed after the whole source is copied (line %d), so every code change re-installs them", t.name, copiedAll)})
					case !copiedManifests:
						out = append(out, Finding{Line: line(c.Location()), Message: fmt.Sprintf("%s dependencies are installed before any manifest is copied", t.name)})
					}
				}
			}
		}
	}
	return out
}

// mounts returns a RUN's mounts with build arguments left as written.
func mounts(r *instructions.RunCommand) []*instructions.Mount {
	// Expand resolves the mount flags; without it GetMounts returns nothing.
	_ = r.Expand(func(word string) (string, error) { return word, nil })
	return instructions.GetMounts(r)
}

func usesBindMount(r *instructions.RunCommand) bool {
	for _, m := range mounts(r) {
		if m.Type == instructions.MountTypeBind && m.From == "" {
			return true
		}
	}
	return false
}

func checkCacheMounts(df *Dockerfile) []Finding {
	var out []Finding
	for _, s := range df.Stages {
		for _, c := range s.Commands {
			r, ok := c.(*instructions.RunCommand)
			if !ok {
				continue
			}
			text := runText(r)
			for _, t := range tools() {
				installs := t.installs(text)
				if !installs && !(t.compileCaches && t.compile.MatchString(text)) {
					continue
				}
				if !hasCache(r, t.caches) {
					out = append(out, Finding{Line: line(r.Location()), Message: fmt.Sprintf("this %s step mounts no cache for %s", t.name, strings.Join(t.caches, " or "))})
				}
				if t.name == "go" && t.compile.MatchString(text) && !hasCache(r, []string{"go-build"}) {
					out = append(out, Finding{Line: line(r.Location()), Message: "go build mounts no cache for /root/.cache/go-build, so every build compiles from scratch"})
				}
			}
		}
	}
	return out
}

func hasCache(r *instructions.RunCommand, targets []string) bool {
	for _, m := range mounts(r) {
		if m.Type != instructions.MountTypeCache {
			continue
		}
		for _, t := range targets {
			if strings.Contains(m.Target, t) {
				return true
			}
		}
	}
	return false
}

var runtimeInstall = regexp.MustCompile(`\b(apt-get|apt|apk|yum|dnf|microdnf|zypper) +(-[^ ]+ +)*(install|add)\b|\bgo (build|install)\b|\b(npm|pnpm|yarn) +(ci|install|i|add)\b.*(--dev|--include=dev)|\bmvnw? \b|\bgcc\b`)

func checkRuntimeInstalls(df *Dockerfile) []Finding {
	if len(df.Stages) < 2 {
		return nil
	}
	s := finalStage(df)
	var out []Finding
	for _, c := range s.Commands {
		if r, ok := c.(*instructions.RunCommand); ok && runtimeInstall.MatchString(runText(r)) {
			out = append(out, Finding{Line: line(r.Location()), Message: "the final stage installs packages or compiles: " + shorten(runText(r))})
		}
	}
	return out
}

var secretName = regexp.MustCompile(`(?i)(passw(or)?d|secret|token|api_?key|private_?key|credential|access_?key)`)

func checkSecrets(df *Dockerfile) []Finding {
	var out []Finding
	for _, s := range df.Stages {
		for _, c := range s.Commands {
			switch c := c.(type) {
			case *instructions.ArgCommand:
				for _, a := range c.Args {
					if secretName.MatchString(a.Key) {
						out = append(out, Finding{Line: line(c.Location()), Message: fmt.Sprintf("ARG %s looks like a secret; build arguments are kept in the image history", a.Key)})
					}
				}
			case *instructions.EnvCommand:
				for _, e := range c.Env {
					if secretName.MatchString(e.Key) {
						out = append(out, Finding{Line: line(c.Location()), Message: fmt.Sprintf("ENV %s looks like a secret; environment variables are kept in the image", e.Key)})
					}
				}
			}
		}
	}
	return out
}

func checkDirective(df *Dockerfile) []Finding {
	if l, ok := df.Directives["check"]; ok {
		return []Finding{{Line: l, Message: "a # check= directive can skip BuildKit's checks"}}
	}
	return nil
}

func checkSyntax(df *Dockerfile) []Finding {
	if l, ok := df.Directives["syntax"]; ok {
		return []Finding{{Line: l, Message: "the # syntax= directive makes every build fetch a frontend image"}}
	}
	return nil
}

func shorten(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 60 {
		return s[:57] + "..."
	}
	return s
}
