package lint

import (
	"bytes"
	"fmt"
	"path"
	"regexp"
	"strconv"
	"strings"

	"github.com/Masterminds/semver/v3"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/patternmatcher"
	"github.com/moby/patternmatcher/ignorefile"

	"github.com/dockerize-dev/dockerize/detect"
	"github.com/dockerize-dev/dockerize/release"
)

// Project is what the project beside a Dockerfile asks of it, each part
// with the evidence detect gives (the file and line it was read from). A
// part left empty is not checked. The CLI fills it from detect and plan;
// lint reads no project file itself.
type Project struct {
	// Stack is the project's stack.
	Stack detect.Stack
	// Version is the language version the project asks for: go.mod's
	// toolchain or go line (a minimum), .nvmrc/.node-version (a Node.js
	// line or release), the pom's release (a minimum), .python-version (a
	// line), rust-version or the toolchain's channel (a minimum).
	Version detect.Fact
	// Engines is package.json's engines.node range, when no .nvmrc names
	// a version.
	Engines detect.Fact
	// Port is the port the application listens on, as detected (not a
	// default).
	Port detect.Fact
	// Entry is what the image must run: the Go main package (./cmd/api),
	// the file node starts (dist/main.js), the jar (app-1.0.jar), the
	// Python app (app.main:app), the Rust binary.
	Entry detect.Fact
	// Lockfile is the project's lockfile (package-lock.json), if any.
	Lockfile detect.Fact
	// Needed are the files the build reads from the context.
	Needed []detect.Fact
	// DockerIgnore is the .dockerignore text; nil when there is none.
	DockerIgnore []byte
}

// The project rules. They run only with a Project (lint --project).
const (
	ruleBuildVersion = "DZ101"
	rulePort         = "DZ102"
	ruleEntry        = "DZ103"
	ruleLockfile     = "DZ104"
	ruleIgnored      = "DZ105"
)

// ProjectRules lists the rules that compare a Dockerfile with its project.
func ProjectRules() []Rule {
	return []Rule{
		{ID: ruleBuildVersion, Severity: Error, Name: "build-image-version", Hint: "build on an image whose version the project allows"},
		{ID: rulePort, Severity: Warning, Name: "expose-detected-port", Hint: "EXPOSE the port the application listens on"},
		{ID: ruleEntry, Severity: Error, Name: "entry-point", Hint: "build and run what the project's main, start script, jar, app or binary names"},
		{ID: ruleLockfile, Severity: Warning, Name: "lockfile-used", Hint: "install from the lockfile (npm ci, --frozen-lockfile, --immutable) or do not copy it"},
		{ID: ruleIgnored, Severity: Error, Name: "dockerignore-hides-needed", Hint: "remove the .dockerignore pattern, or add a !exception for the file"},
	}
}

// CheckProject compares a Dockerfile with its project and returns the
// findings, each naming its evidence. Rules in opts.Disable are skipped.
func CheckProject(data []byte, p Project, opts Options) ([]Finding, error) {
	df, _, err := Parse(data)
	if err != nil {
		return nil, err
	}
	if err := checkExpansion(df.AST); err != nil {
		return nil, err
	}
	ig, err := readIgnores(data, df.AST, opts)
	if err != nil {
		return nil, err
	}
	disabled := map[string]bool{}
	for _, id := range opts.Disable {
		disabled[canonical(id)] = true
	}
	checks := map[string]func(*Dockerfile, Project) []Finding{
		ruleBuildVersion: checkBuildVersion,
		rulePort:         checkProjectPort,
		ruleEntry:        checkEntry,
		ruleLockfile:     checkLockfile,
		ruleIgnored:      checkIgnored,
	}
	var out []Finding
	for _, r := range ProjectRules() {
		if disabled[r.ID] {
			continue
		}
		for _, f := range checks[r.ID](df, p) {
			f.Rule, f.Severity = r.ID, r.Severity
			if f.Hint == "" {
				f.Hint = r.Hint
			}
			if !ig.ignored(f) {
				out = append(out, f)
			}
		}
	}
	return out, nil
}

// because says where a fact was read, in detect's form.
func because(f detect.Fact) string {
	if f.Evidence == "" {
		return f.Value
	}
	return f.Evidence
}

// checkBuildVersion compares each base image that carries the language
// version with what the project asks for.
func checkBuildVersion(df *Dockerfile, p Project) []Finding {
	if p.Version.Value == "" && p.Engines.Value == "" {
		return nil
	}
	var out []Finding
	stages, refs := externalBases(df)
	for i, r := range refs {
		name := release.Name(r.Repository)
		line := stageLine(stages[i])
		switch {
		case p.Stack == detect.Go && name == "golang", p.Stack == detect.Rust && name == "rust":
			// Both name a minimum: an older toolchain refuses the build.
			have := r.Version()
			if have == "" || p.Version.Value == "" || !older(have, p.Version.Value) {
				continue
			}
			lang, who, want, fails := "Go", "the module", p.Version.Value+" or newer", "the build fails"
			if p.Stack == detect.Rust {
				lang, who, want, fails = "Rust", "the project", p.Version.Value, "cargo refuses the build"
			}
			out = append(out, Finding{Line: line, Message: fmt.Sprintf("FROM %s builds with %s %s, but %s needs %s %s (%s): %s", r, lang, have, who, lang, want, because(p.Version), fails)})
		case p.Stack == detect.Node && name == "node":
			have := r.Version()
			if release.Parse(have) == nil {
				continue
			}
			if f, bad := nodeMismatch(have, p); bad {
				out = append(out, Finding{Line: line, Message: fmt.Sprintf("FROM %s runs Node.js %s, but %s", r, have, f)})
			}
		case p.Stack == detect.Python && name == "python":
			// The virtualenv and its wheels are built for one interpreter
			// line: another minor release is another Python.
			have, want := release.Parse(r.Version()), release.Parse(p.Version.Value)
			if len(have) < 2 || len(want) < 2 {
				continue
			}
			if have[0] != want[0] || have[1] != want[1] {
				out = append(out, Finding{Line: line, Message: fmt.Sprintf("FROM %s runs Python %s, but the project pins Python %s (%s): its dependencies are built and locked for that line", r, r.Version(), p.Version.Value, because(p.Version))})
			}
		case p.Stack == detect.Maven:
			have, ok := javaOf(r)
			if !ok || p.Version.Value == "" {
				continue
			}
			if older(have, p.Version.Value) {
				out = append(out, Finding{Line: line, Message: fmt.Sprintf("FROM %s has Java %s, but the pom compiles for Java %s (%s): javac refuses the release, or the JVM refuses the classes", r, have, p.Version.Value, because(p.Version))})
			}
		}
	}
	return out
}

// older reports whether version have is older than want, compared at
// have's precision (golang:1.24 is any 1.24 patch, so it satisfies 1.24.6).
func older(have, want string) bool {
	h, w := release.Parse(have), release.Parse(want)
	for i := 0; i < len(h) && i < len(w); i++ {
		if h[i] != w[i] {
			return h[i] < w[i]
		}
	}
	return false
}

// nodeMismatch says how a node image version misses the project's.
func nodeMismatch(have string, p Project) (string, bool) {
	h := release.Parse(have)
	if v := p.Version.Value; v != "" {
		w := release.Parse(v)
		if len(w) == 0 {
			return "", false
		}
		if h[0] != w[0] {
			return fmt.Sprintf("the project names Node.js %s (%s)", v, because(p.Version)), true
		}
		if len(w) == 3 && len(h) == 3 && have != v {
			return fmt.Sprintf("the project names exactly Node.js %s (%s)", v, because(p.Version)), true
		}
		return "", false
	}
	c, err := semver.NewConstraint(p.Engines.Value)
	if err != nil {
		return "", false
	}
	probe := have
	if len(h) < 3 {
		// A line stands for its newest release.
		probe = strconv.Itoa(h[0]) + ".999.999"
	}
	v, err := semver.NewVersion(probe)
	if err != nil || c.Check(v) {
		return "", false
	}
	return fmt.Sprintf("engines.node %q does not allow it (%s)", p.Engines.Value, because(p.Engines)), true
}

var (
	mavenJava      = regexp.MustCompile(`-(?:eclipse-temurin|temurin|openjdk|amazoncorretto|corretto|ibmjava|ibm-semeru-runtimes|sapmachine|graalvm-community)-?([0-9]+)`)
	distrolessJava = regexp.MustCompile(`/java([0-9]+)-debian[0-9]+$`)
	javaImages     = map[string]bool{"eclipse-temurin": true, "openjdk": true, "amazoncorretto": true, "ibm-semeru-runtimes": true, "sapmachine": true}
)

// javaOf returns the Java major an image carries: maven:3.9.9-eclipse-
// temurin-17 -> 17, eclipse-temurin:21.0.12.1_1-jre -> 21,
// gcr.io/distroless/java17-debian12 -> 17.
func javaOf(r ImageRef) (string, bool) {
	name := release.Name(r.Repository)
	switch {
	case name == "maven":
		if m := mavenJava.FindStringSubmatch(r.Tag); m != nil {
			return m[1], true
		}
	case name == "distroless":
		if m := distrolessJava.FindStringSubmatch(r.Repository); m != nil {
			return m[1], true
		}
	case javaImages[name]:
		if n := release.Parse(r.Version()); len(n) > 0 {
			return strconv.Itoa(n[0]), true
		}
	}
	return "", false
}

// checkProjectPort compares the final stage's EXPOSE with the detected port.
func checkProjectPort(df *Dockerfile, p Project) []Finding {
	if p.Port.Value == "" {
		return nil
	}
	s := finalStage(df)
	if s == nil {
		return nil
	}
	var exposed []string
	at := 0
	for _, c := range s.Commands {
		e, ok := c.(*instructions.ExposeCommand)
		if !ok {
			continue
		}
		at = line(e.Location())
		for _, port := range e.Ports {
			port, _, _ = strings.Cut(port, "/")
			if port == p.Port.Value {
				return nil
			}
			exposed = append(exposed, port)
		}
	}
	if at == 0 {
		return nil // DZ006 reports a missing EXPOSE
	}
	return []Finding{{Line: at, Message: fmt.Sprintf("EXPOSE %s, but the application listens on %s (%s)", strings.Join(exposed, " "), p.Port.Value, because(p.Port))}}
}

// checkEntry looks for the project's entry point in what the Dockerfile
// builds and runs.
func checkEntry(df *Dockerfile, p Project) []Finding {
	if p.Entry.Value == "" || len(df.Stages) == 0 {
		return nil
	}
	var text []string
	for _, s := range df.Stages {
		for _, c := range s.Commands {
			switch c := c.(type) {
			case *instructions.RunCommand:
				text = append(text, runText(c))
			case *instructions.CmdCommand:
				text = append(text, strings.Join(c.CmdLine, " "))
			case *instructions.EntrypointCommand:
				text = append(text, strings.Join(c.CmdLine, " "))
			case *instructions.CopyCommand:
				text = append(text, strings.Join(c.SourcePaths, " ")+" "+c.DestPath)
			}
		}
	}
	all := strings.Join(text, "\n")
	want := p.Entry.Value
	switch p.Stack {
	case detect.Go:
		// go build ./cmd/api, or go build in WORKDIR cmd/api, or the whole
		// module (./...); a root main is "." and always matches a build.
		pkg := strings.TrimPrefix(want, "./")
		if pkg == "." || pkg == "" || !strings.Contains(all, "go build") || strings.Contains(all, "./...") || strings.Contains(all, pkg) {
			return nil
		}
		return []Finding{{Line: line(finalStage(df).Location), Message: fmt.Sprintf("the Dockerfile never builds the main package %s (%s); go build builds another package", want, because(p.Entry))}}
	case detect.Node:
		entry := strings.TrimPrefix(want, "./")
		if strings.Contains(all, entry) || strings.Contains(all, "npm start") || strings.Contains(all, "npm run start") ||
			strings.Contains(all, "yarn start") || strings.Contains(all, "pnpm start") || strings.Contains(all, "node .") {
			return nil
		}
		if c := lastRun(df); c != 0 {
			return []Finding{{Line: c, Message: fmt.Sprintf("the image does not start %s (%s): CMD and ENTRYPOINT name another file", entry, because(p.Entry))}}
		}
	case detect.Python:
		// gunicorn/uvicorn name the app module:attr; a program is a file.
		app := strings.TrimSuffix(want, "()")
		if strings.Contains(all, app) {
			return nil
		}
		if c := lastRun(df); c != 0 {
			return []Finding{{Line: c, Message: fmt.Sprintf("the image does not run %s (%s): CMD and ENTRYPOINT name another app", want, because(p.Entry))}}
		}
	case detect.Rust:
		if regexp.MustCompile(`(^|[\s/"'=])` + regexp.QuoteMeta(want) + `($|[\s"'])`).MatchString(all) {
			return nil
		}
		if c := lastRun(df); c != 0 {
			return []Finding{{Line: c, Message: fmt.Sprintf("the Dockerfile neither builds nor runs the binary %s (%s)", want, because(p.Entry))}}
		}
	case detect.Maven:
		jar := path.Base(want)
		if strings.Contains(all, jar) || strings.Contains(all, "*.jar") || strings.Contains(all, "target/quarkus-app") || strings.Contains(all, "jarmode") {
			return nil
		}
		if c := lastRun(df); c != 0 {
			return []Finding{{Line: c, Message: fmt.Sprintf("the image does not run %s (%s): no COPY, CMD or ENTRYPOINT names it", jar, because(p.Entry))}}
		}
	}
	return nil
}

// lastRun is the line of the final stage's ENTRYPOINT or CMD, else its FROM.
func lastRun(df *Dockerfile) int {
	s := finalStage(df)
	if s == nil {
		return 0
	}
	at := line(s.Location)
	for _, c := range s.Commands {
		switch c.(type) {
		case *instructions.CmdCommand, *instructions.EntrypointCommand:
			at = line(c.Location())
		}
	}
	return at
}

// lockfiles maps each lockfile to what makes an install honour it.
var lockfiles = map[string]*regexp.Regexp{
	"package-lock.json":   regexp.MustCompile(`\bnpm\s+(ci|clean-install|install-clean)\b`),
	"npm-shrinkwrap.json": regexp.MustCompile(`\bnpm\s+(ci|clean-install|install-clean)\b`),
	// yarn workspaces focus installs what the lockfile resolves.
	"yarn.lock":      regexp.MustCompile(`\byarn\b.*(--frozen-lockfile|--immutable|\bworkspaces\s+focus\b)|YARN_ENABLE_IMMUTABLE_INSTALLS=(1|true)`),
	"pnpm-lock.yaml": regexp.MustCompile(`\bpnpm\b.*--frozen-lockfile`),
	"bun.lock":       regexp.MustCompile(`\bbun\b.*--frozen-lockfile`),
	"bun.lockb":      regexp.MustCompile(`\bbun\b.*--frozen-lockfile`),
}

// installCmd matches any package install.
// (yarn alone installs; yarn build does not).
var installCmd = regexp.MustCompile(`\b(npm\s+(i|install|ci|clean-install|install-clean)\b|yarn(\s+install\b|\s+workspaces\s+focus\b|\s+--|\s*(&&|;|\||$))|pnpm\s+(i|install)\b|bun\s+(i|install)\b)`)

// checkLockfile finds a lockfile that a stage copies but whose install
// command does not honour it, and one copied that the project lacks.
func checkLockfile(df *Dockerfile, p Project) []Finding {
	var out []Finding
	for _, s := range df.Stages {
		var copied []string
		copyLine := map[string]int{}
		for _, c := range s.Commands {
			switch c := c.(type) {
			case *instructions.CopyCommand:
				if c.From != "" {
					continue
				}
				for _, src := range c.SourcePaths {
					base := path.Base(strings.TrimPrefix(src, "./"))
					if _, ok := lockfiles[base]; ok {
						copied = append(copied, base)
						copyLine[base] = line(c.Location())
					}
				}
			case *instructions.RunCommand:
				text := runText(c)
				if !installCmd.MatchString(text) {
					continue
				}
				for _, lock := range copied {
					if !lockfiles[lock].MatchString(text) {
						out = append(out, Finding{Line: line(c.Location()), Message: fmt.Sprintf("%s is copied (line %d) but %q does not install from it, so the image may get other versions than the lockfile pins", lock, copyLine[lock], shorten(text))})
					}
				}
				copied = nil
			}
		}
	}
	if p.Lockfile.Value == "" && p.Stack == detect.Node {
		return out
	}
	for _, s := range df.Stages {
		for _, c := range s.Commands {
			cp, ok := c.(*instructions.CopyCommand)
			if !ok || cp.From != "" {
				continue
			}
			for _, src := range cp.SourcePaths {
				base := path.Base(strings.TrimPrefix(src, "./"))
				if _, ok := lockfiles[base]; ok && p.Stack == detect.Node && base != p.Lockfile.Value && !strings.ContainsAny(src, "*?[") {
					out = append(out, Finding{Line: line(cp.Location()), Message: fmt.Sprintf("COPY %s, but the project's lockfile is %s (%s): the build fails or installs without it", src, p.Lockfile.Value, because(p.Lockfile))})
				}
			}
		}
	}
	return out
}

// checkIgnored finds files the build needs that the .dockerignore hides
// from the build context: the files the Dockerfile COPYs by name, and the
// project's needed files when the Dockerfile copies the whole context.
func checkIgnored(df *Dockerfile, p Project) []Finding {
	if p.DockerIgnore == nil {
		return nil
	}
	patterns, err := ignorefile.ReadAll(bytes.NewReader(p.DockerIgnore))
	if err != nil || len(patterns) == 0 {
		return nil
	}
	pm, err := patternmatcher.New(patterns)
	if err != nil {
		return []Finding{{Line: 0, Message: fmt.Sprintf(".dockerignore does not parse (%v), so the build fails", err)}}
	}
	hidden := func(name string) (string, bool) {
		name = path.Clean(strings.TrimPrefix(name, "/"))
		ok, err := pm.MatchesOrParentMatches(name)
		if err != nil || !ok {
			return "", false
		}
		return lastMatch(patterns, name), true
	}
	var out []Finding
	reported := map[string]bool{}
	for _, s := range df.Stages {
		for _, c := range s.Commands {
			cp, ok := c.(*instructions.CopyCommand)
			if !ok || cp.From != "" {
				continue
			}
			whole := copiesWholeContext(cp)
			for _, src := range cp.SourcePaths {
				if strings.ContainsAny(src, "*?[$") || whole {
					continue
				}
				if pat, ok := hidden(src); ok && !reported[src] {
					reported[src] = true
					out = append(out, Finding{Line: line(cp.Location()), Message: fmt.Sprintf("COPY %s, but .dockerignore's %q hides it from the build context: the build fails", src, pat)})
				}
			}
			if !whole {
				continue
			}
			for _, f := range p.Needed {
				if pat, ok := hidden(f.Value); ok && !reported[f.Value] {
					reported[f.Value] = true
					out = append(out, Finding{Line: line(cp.Location()), Message: fmt.Sprintf("the build needs %s (%s), but .dockerignore's %q leaves it out of COPY %s", f.Value, because(f), pat, strings.Join(cp.SourcePaths, " "))})
				}
			}
		}
	}
	return out
}

// lastMatch names the last pattern that matches name, the one that
// decides (patternmatcher reads them in order, later ones win).
func lastMatch(patterns []string, name string) string {
	found := ""
	for _, pat := range patterns {
		if strings.HasPrefix(pat, "!") {
			continue
		}
		pm, err := patternmatcher.New([]string{pat})
		if err != nil {
			continue
		}
		if ok, _ := pm.MatchesOrParentMatches(name); ok {
			found = pat
		}
	}
	return found
}
