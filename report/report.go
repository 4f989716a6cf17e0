// Package report summarises a fleet of repositories: for each one its stack,
// whether it has a Dockerfile, that file's lint findings, the base image of
// its final stage, how firmly that image is pinned and how far its version
// is behind the newest release dockerize knows. It reads, never writes, and
// never reads outside the repositories it is given.
package report

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"

	"github.com/dockerize-dev/dockerize/detect"
	"github.com/dockerize-dev/dockerize/internal/stamp"
	"github.com/dockerize-dev/dockerize/lint"
	"github.com/dockerize-dev/dockerize/release"
	"github.com/dockerize-dev/dockerize/stacks"
)

var debianRelease = regexp.MustCompile(`-(debian[0-9]+)$`)

// maxDockerfile bounds what is read of one Dockerfile; real ones are a few
// kilobytes.
const maxDockerfile = 1 << 20

// Row is one repository.
type Row struct {
	// Path is the repository's directory, as given or found under a DIR.
	Path       string `json:"path"`
	Stack      string `json:"stack"`
	Dockerfile bool   `json:"dockerfile"`
	// Findings counts lint findings by severity (error, warning, info).
	Findings map[string]int `json:"findings"`
	// Rules counts lint findings by rule.
	Rules map[string]int `json:"rules"`
	// Base is the final stage's image as written; BaseName its name in the
	// release table (golang, distroless) or its repository.
	Base     string `json:"base,omitempty"`
	BaseName string `json:"base_name,omitempty"`
	Version  string `json:"version,omitempty"`
	// Pinning is digest, exact, floating, or unknown (FROM $ARG).
	Pinning string `json:"pinning,omitempty"`
	// Behind is the gap to the newest release dockerize knows; nil when the
	// table does not know the image or the tag names no version.
	Behind *release.Gap `json:"behind,omitempty"`
	// Drift says whether the committed files are what dockerize generates
	// from the repository's saved answers: "current", "not generated" (no
	// stamp and no saved base: written by hand), or each drifted file with
	// its reasons, as dockerize check names them ("Dockerfile: local edit").
	Drift string `json:"drift,omitempty"`
	// Problem says why a part of the row is missing: a Dockerfile that does
	// not parse, a project detection that failed.
	Problem string `json:"problem,omitempty"`
}

// Report is the fleet.
type Report struct {
	// AsOf is the date of the release table the gaps are measured against.
	AsOf string `json:"releases_as_of"`
	Rows []Row  `json:"repositories"`
}

// Repositories expands the DIRs a user gave: a DIR that is itself a
// checkout (it has .git, a Dockerfile, or a project dockerize detects)
// stands for itself; any other DIR stands for its subdirectories, each a
// checkout. Hidden directories are skipped.
func Repositories(dirs []string) ([]string, error) {
	var out []string
	for _, dir := range dirs {
		fi, err := os.Stat(dir)
		if err != nil {
			return nil, fmt.Errorf("%w; pass a checkout or a directory of checkouts", err)
		}
		if !fi.IsDir() {
			return nil, fmt.Errorf("%s is a file, not a directory; pass a checkout or a directory of checkouts", dir)
		}
		if isCheckout(dir) {
			out = append(out, dir)
			continue
		}
		entries, err := os.ReadDir(dir)
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", dir, err)
		}
		found := false
		for _, e := range entries {
			if e.IsDir() && e.Name()[0] != '.' {
				out = append(out, filepath.Join(dir, e.Name()))
				found = true
			}
		}
		if !found {
			return nil, fmt.Errorf("%s holds no repository: no Dockerfile, .git or project files, and no subdirectories", dir)
		}
	}
	return out, nil
}

func isCheckout(dir string) bool {
	for _, marker := range []string{".git", "Dockerfile", "go.mod", "pom.xml", "package.json"} {
		if _, err := os.Lstat(filepath.Join(dir, marker)); err == nil {
			return true
		}
	}
	return false
}

// DriftFunc says how a repository's committed files differ from what
// dockerize generates for it (Row.Drift). The CLI passes the same
// regeneration dockerize check runs; it must only read.
type DriftFunc func(dir string) (string, error)

// LintFunc lints a repository's Dockerfile as that repository's settings
// say (its lint.disable) and with its project beside it; the CLI passes
// what dockerize lint runs in the repository.
type LintFunc func(dir string, dockerfile []byte) ([]lint.Finding, error)

// Hooks are what the report asks of the CLI; nil ones fall back to what
// the report can do alone.
type Hooks struct {
	// Drift fills the drift column; without it, the column says only
	// whether the Dockerfile is as generated (its stamp verifies):
	// "unedited", "edited", "not generated".
	Drift DriftFunc
	// Lint counts the findings; without it, lint.Check (the text only).
	Lint LintFunc
}

// Build reads every repository and returns the report, rows in path order.
func Build(repos []string, hooks Hooks) *Report {
	drift := hooks.Drift
	if drift == nil {
		drift = stampDrift
	}
	check := hooks.Lint
	if check == nil {
		check = func(_ string, data []byte) ([]lint.Finding, error) { return lint.Check(data) }
	}
	r := &Report{AsOf: release.AsOf}
	for _, repo := range repos {
		row := inspect(repo, check)
		if row.Dockerfile || row.Stack != "-" {
			d, err := drift(repo)
			if err != nil {
				d, row.Problem = "?", join(row.Problem, "drift: "+err.Error())
			}
			row.Drift = d
		}
		r.Rows = append(r.Rows, row)
	}
	sort.SliceStable(r.Rows, func(i, j int) bool { return r.Rows[i].Path < r.Rows[j].Path })
	return r
}

func inspect(dir string, check LintFunc) Row {
	row := Row{Path: dir, Stack: "-", Findings: map[string]int{}, Rules: map[string]int{}}
	p, err := stacks.Detect(os.DirFS(dir), detect.Options{})
	switch {
	case err == nil:
		row.Stack = string(p.Stack)
	case errors.Is(err, detect.ErrNoStack):
	default:
		row.Problem = "detect: " + err.Error()
	}
	data, err := readDockerfile(dir)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			row.Problem = join(row.Problem, err.Error())
		}
		return row
	}
	row.Dockerfile = true
	df, _, err := lint.Parse(data)
	if err != nil {
		// A file BuildKit cannot parse fails every build: an error.
		row.Findings["error"]++
		row.Rules["parse-error"]++
		row.Problem = join(row.Problem, "Dockerfile: "+err.Error())
		return row
	}
	findings, err := check(dir, data)
	if err != nil {
		row.Problem = join(row.Problem, "lint: "+err.Error())
	}
	for _, f := range findings {
		row.Findings[f.Severity.String()]++
		row.Rules[f.Rule]++
	}
	base, ok := df.FinalBase()
	row.Base = base.String()
	if !ok {
		if base.Repository != "" && base.Repository != "scratch" {
			row.Pinning = "unknown"
		}
		return row
	}
	row.BaseName = release.Name(base.Repository)
	row.Version = base.Version()
	if m := debianRelease.FindStringSubmatch(base.Repository); row.BaseName == "distroless" && m != nil {
		row.Version = m[1] // distroless names its release in the image: static-debian12
	}
	row.Pinning = lint.Pinning(base)
	if im, ok := release.Lookup(base.Repository); ok && row.Version != "" {
		if g, ok := im.Behind(row.Version); ok {
			row.Behind = &g
		}
	}
	return row
}

// stampDrift reads the Dockerfile's stamp only: no regeneration.
func stampDrift(dir string) (string, error) {
	data, err := readDockerfile(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return "Dockerfile: missing", nil
		}
		return "", err
	}
	_, unedited, err := stamp.Verify(string(data))
	switch {
	case errors.Is(err, stamp.ErrNone):
		return "not generated", nil
	case err != nil:
		return "", err
	case unedited:
		return "unedited", nil
	}
	return "edited", nil
}

// readDockerfile reads DIR/Dockerfile if it is a regular file: a symlink
// could point outside the repository, and a huge file is not a Dockerfile.
func readDockerfile(dir string) ([]byte, error) {
	path := filepath.Join(dir, "Dockerfile")
	fi, err := os.Lstat(path)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("Dockerfile is not a regular file (a symlink or device); not read")
	}
	if fi.Size() > maxDockerfile {
		return nil, fmt.Errorf("Dockerfile is %d bytes, more than %d; not read", fi.Size(), maxDockerfile)
	}
	return os.ReadFile(path)
}

func join(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}
