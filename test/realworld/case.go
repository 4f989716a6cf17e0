// Package realworld judges dockerize on real open-source projects. Each case
// under cases/ names a public repository, a commit and what a correct image
// must do, as judged by reading that project; the sources themselves live
// outside this repository. The judging code here is plain Go with unit
// tests; the suite that runs dockerize over the sources is behind the
// `realworld` build tag (`make realworld REALWORLD=DIR`).
package realworld

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Stacks a case may name. python and rust are recorded ahead of their
// support, so the suite is ready when they land.
var stacks = map[string]bool{"go": true, "node": true, "java": true, "python": true, "rust": true}

// Case is one real project and what dockerize must make of it.
type Case struct {
	// Name is the file name without .yaml; it is not written in the file.
	Name string `yaml:"-"`
	// Repo is the GitHub owner/name; Commit the checked-out commit.
	Repo   string `yaml:"repo"`
	Commit string `yaml:"commit"`
	// Subdir is the directory dockerize runs in, relative to the repository.
	Subdir string `yaml:"subdir"`
	Stack  string `yaml:"stack"`
	// Flags are what a user has to pass to dockerize init (ideally none).
	Flags []string `yaml:"flags"`
	// Services are the outside services the app needs to start and answer;
	// a case with none is built and run when building is asked for.
	Services []string `yaml:"services"`
	// AcceptRefusal, when set, is a regular expression: a refusal whose
	// message matches it is a right answer too (it names what to add).
	AcceptRefusal string `yaml:"accept_refusal"`
	Expect        Expect `yaml:"expect"`
	HTTP          *HTTP  `yaml:"http"`
	// Notes are what else the project needs that no check covers.
	Notes string `yaml:"notes"`
}

// HTTP is a request that must answer once the image runs.
type HTTP struct {
	Path string `yaml:"path"`
	// Status is the status wanted; 0 accepts any status below 500.
	Status int `yaml:"status"`
}

// Check is one expectation with the reason, citing the project's file.
type Check[T any] struct {
	Want T      `yaml:"want"`
	Why  string `yaml:"why"`
}

// Expect holds every expectation of a case; each is optional.
type Expect struct {
	// Port is the EXPOSE of the final stage.
	Port *Check[int] `yaml:"port"`
	// Main is the Go package `go build` builds (./cmd/server).
	Main *Check[string] `yaml:"main"`
	// Go is "supported": the golang image must be a supported release.
	Go *Check[string] `yaml:"go"`
	// Java is the Java release of the runtime image.
	Java *Check[string] `yaml:"java"`
	// Runtime is a regular expression the final FROM must match.
	Runtime *Check[string] `yaml:"runtime"`
	// Run lists what starting the image must do: each item holds when one
	// of its alternatives (a command and/or environment) matches.
	Run []RunCheck `yaml:"run"`
	// Files are project paths the final image must hold.
	Files *Check[[]File] `yaml:"files"`
	// Build are regular expressions, each matching some RUN of a build stage.
	Build *Check[[]string] `yaml:"build"`
	// Copy are regular expressions, each matching the source of some COPY
	// --from into the final stage.
	Copy *Check[[]string] `yaml:"copy"`
	// Header are regular expressions, each matching the Dockerfile's
	// comment lines (what the user is told).
	Header *Check[[]string] `yaml:"header"`
}

// RunCheck is one thing about how the image starts, with its alternatives.
type RunCheck struct {
	Why string `yaml:"why"`
	Any []Run  `yaml:"any"`
}

// Run is one acceptable way to start: argv patterns and environment.
type Run struct {
	// Cmd matches ENTRYPOINT+CMD (an init such as tini stripped) element by
	// element: * matches any text, and an element "..." any run of elements.
	Cmd []string `yaml:"cmd"`
	// Env maps a variable to a regular expression its final-stage value
	// must match in full.
	Env map[string]string `yaml:"env"`
}

// File is a project path the app reads at run time.
type File struct {
	// Path is relative to the directory dockerize runs in.
	Path string `yaml:"path"`
	// At, when set, is where the app looks: relative to the working
	// directory, unless Flag is passed with another value.
	At   string `yaml:"at"`
	Flag string `yaml:"flag"`
}

var (
	repoRE   = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9][A-Za-z0-9_.-]*$`)
	commitRE = regexp.MustCompile(`^[0-9a-f]{40}$`)
	nameRE   = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]*$`)
)

// Load reads every case in dir, sorted by name, each strictly: an unknown
// key or a missing reason is an error.
func Load(dir string) ([]Case, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil {
		return nil, err
	}
	sort.Strings(paths)
	var cases []Case
	var errs []error
	for _, p := range paths {
		c, err := loadCase(p)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		cases = append(cases, c)
	}
	if len(cases) == 0 && len(errs) == 0 {
		return nil, fmt.Errorf("no cases in %s", dir)
	}
	return cases, errors.Join(errs...)
}

func loadCase(p string) (Case, error) {
	data, err := os.ReadFile(p)
	if err != nil {
		return Case{}, err
	}
	var c Case
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil {
		return Case{}, fmt.Errorf("%s: %w", p, err)
	}
	c.Name = strings.TrimSuffix(filepath.Base(p), ".yaml")
	if err := c.Validate(); err != nil {
		return Case{}, fmt.Errorf("%s: %w", p, err)
	}
	return c, nil
}

// Validate checks what the file says, so a typo fails here and not as a
// silently passing check.
func (c Case) Validate() error {
	var errs []error
	bad := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }
	if !nameRE.MatchString(c.Name) {
		bad("case name %q: use lowercase letters, digits, dots and dashes", c.Name)
	}
	if !repoRE.MatchString(c.Repo) {
		bad("repo %q is not owner/name", c.Repo)
	}
	if !commitRE.MatchString(c.Commit) {
		bad("commit %q is not 40 lowercase hex digits", c.Commit)
	}
	if c.Subdir != "" && (path.IsAbs(c.Subdir) || path.Clean(c.Subdir) != c.Subdir || strings.HasPrefix(c.Subdir, "..")) {
		bad("subdir %q must be a clean relative path inside the repository", c.Subdir)
	}
	if !stacks[c.Stack] {
		bad("stack %q is not one of go, node, java, python, rust", c.Stack)
	}
	if c.AcceptRefusal != "" {
		if _, err := regexp.Compile(c.AcceptRefusal); err != nil {
			bad("accept_refusal: %v", err)
		}
	}
	if c.HTTP != nil && !strings.HasPrefix(c.HTTP.Path, "/") {
		bad("http.path %q must start with /", c.HTTP.Path)
	}
	e := c.Expect
	n := 0
	why := func(name, w string) {
		n++
		if strings.TrimSpace(w) == "" {
			bad("expect.%s has no why: cite the project's file", name)
		}
	}
	if e.Port != nil {
		why("port", e.Port.Why)
		if e.Port.Want < 1 || e.Port.Want > 65535 {
			bad("expect.port %d is not in 1-65535", e.Port.Want)
		}
	}
	if e.Main != nil {
		why("main", e.Main.Why)
	}
	if e.Go != nil {
		why("go", e.Go.Why)
		if e.Go.Want != "supported" {
			bad("expect.go.want is %q; the only rule is \"supported\"", e.Go.Want)
		}
	}
	if e.Java != nil {
		why("java", e.Java.Why)
	}
	if e.Runtime != nil {
		why("runtime", e.Runtime.Why)
		errs = append(errs, compileAll("runtime", []string{e.Runtime.Want})...)
	}
	for i, r := range e.Run {
		why(fmt.Sprintf("run[%d]", i), r.Why)
		if len(r.Any) == 0 {
			bad("expect.run[%d] has no alternatives", i)
		}
		for _, a := range r.Any {
			if len(a.Cmd) == 0 && len(a.Env) == 0 {
				bad("expect.run[%d] has an empty alternative", i)
			}
			for k, v := range a.Env {
				if _, err := regexp.Compile("^(?:" + v + ")$"); err != nil {
					bad("expect.run[%d].env.%s: %v", i, k, err)
				}
			}
		}
	}
	if e.Files != nil {
		why("files", e.Files.Why)
		for _, f := range e.Files.Want {
			if f.Path == "" || path.IsAbs(f.Path) || strings.HasPrefix(path.Clean(f.Path), "..") {
				bad("expect.files path %q must be relative to the project", f.Path)
			}
			if f.Flag != "" && f.At == "" {
				bad("expect.files %s: flag %s needs at (the default it overrides)", f.Path, f.Flag)
			}
		}
	}
	if e.Build != nil {
		why("build", e.Build.Why)
		errs = append(errs, compileAll("build", e.Build.Want)...)
	}
	if e.Copy != nil {
		why("copy", e.Copy.Why)
		errs = append(errs, compileAll("copy", e.Copy.Want)...)
	}
	if e.Header != nil {
		why("header", e.Header.Why)
		errs = append(errs, compileAll("header", e.Header.Want)...)
	}
	if n == 0 {
		bad("no expectations: a case must say what a correct image does")
	}
	return errors.Join(errs...)
}

func compileAll(name string, res []string) []error {
	var errs []error
	if len(res) == 0 {
		errs = append(errs, fmt.Errorf("expect.%s has no want", name))
	}
	for _, s := range res {
		if _, err := regexp.Compile(s); err != nil {
			errs = append(errs, fmt.Errorf("expect.%s: %w", name, err))
		}
	}
	return errs
}

// SourceDir is where a case's repository is expected under the sources
// directory: owner__name, a git clone checked out at the commit.
func (c Case) SourceDir(root string) string {
	return filepath.Join(root, strings.Replace(c.Repo, "/", "__", 1))
}
