package lint

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"

	"github.com/dockerize-dev/dockerize/stacks"
)

func runText(r *instructions.RunCommand) string {
	return strings.Join(r.CmdLine, " ")
}

// installs reports whether a RUN installs the project's dependencies with
// the tool; installing a tool globally (npm install -g corepack) does not.
func installs(t stacks.Tool, text string) bool {
	if t.Install == nil || !t.Install.MatchString(text) {
		return false
	}
	return t.Global == nil || !t.Global.MatchString(text) || t.Install.MatchString(t.Global.ReplaceAllString(text, ""))
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
	tools := stacks.Tools()
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
				for _, t := range tools {
					if !installs(t, runText(c)) || usesBindMount(c) {
						continue
					}
					switch {
					case copiedAll != 0:
						out = append(out, Finding{Line: line(c.Location()), Message: fmt.Sprintf("%s dependencies are installed after the whole source is copied (line %d), so every code change re-installs them", t.Name, copiedAll)})
					case !copiedManifests:
						out = append(out, Finding{Line: line(c.Location()), Message: fmt.Sprintf("%s dependencies are installed before any manifest is copied", t.Name)})
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
	tools := stacks.Tools()
	var out []Finding
	for _, s := range df.Stages {
		for _, c := range s.Commands {
			r, ok := c.(*instructions.RunCommand)
			if !ok {
				continue
			}
			text := runText(r)
			for _, t := range tools {
				compiles := t.Compile != nil && t.Compile.MatchString(text)
				if !installs(t, text) && !(t.CompileCaches && compiles) {
					continue
				}
				if !hasCache(r, t.Caches) {
					out = append(out, Finding{Line: line(r.Location()), Message: fmt.Sprintf("this %s step mounts no cache for %s", t.Name, strings.Join(t.Caches, " or "))})
				}
				if t.CompileCache != "" && compiles && !hasCache(r, []string{t.CompileCache}) {
					out = append(out, Finding{Line: line(r.Location()), Message: t.CompileCacheMissing})
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

// runtimeInstall matches system package installs and compilers; each
// stack's tools add what they must not run in the final stage.
var runtimeInstall = regexp.MustCompile(`\b(apt-get|apt|apk|yum|dnf|microdnf|zypper) +(-[^ ]+ +)*(install|add)\b|\bgcc\b`)

func installsAtRuntime(text string, tools []stacks.Tool) bool {
	if runtimeInstall.MatchString(text) {
		return true
	}
	for _, t := range tools {
		if t.Runtime != nil && t.Runtime.MatchString(text) {
			return true
		}
	}
	return false
}

func checkRuntimeInstalls(df *Dockerfile) []Finding {
	if len(df.Stages) < 2 {
		return nil
	}
	s := finalStage(df)
	tools := stacks.Tools()
	var out []Finding
	for _, c := range s.Commands {
		if r, ok := c.(*instructions.RunCommand); ok && installsAtRuntime(runText(r), tools) {
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
