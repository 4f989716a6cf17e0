// Package lint checks a Dockerfile against dockerize's standard: the
// structure rules of a best-practice build (multi-stage, pinned bases,
// cache-friendly order, non-root user...) and the checks BuildKit runs while
// parsing. It works on any Dockerfile, not only generated ones.
package lint

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
)

// Severity orders findings.
type Severity int

// Severities, lowest first.
const (
	Info Severity = iota
	Warning
	Error
)

func (s Severity) String() string {
	return [...]string{"info", "warning", "error"}[s]
}

// Finding is one problem in a Dockerfile.
type Finding struct {
	Rule     string   `json:"rule"`
	Severity Severity `json:"-"`
	Line     int      `json:"line"`
	Message  string   `json:"message"`
	Hint     string   `json:"hint,omitempty"`
}

// Dockerfile is a parsed Dockerfile, as the rules see it.
type Dockerfile struct {
	AST    *parser.Node
	Stages []instructions.Stage
	// Directives are the parser directives at the top (syntax, check, escape).
	Directives map[string]int
}

// Parse reads a Dockerfile, collecting BuildKit's parse-time warnings as
// findings.
func Parse(data []byte) (*Dockerfile, []Finding, error) {
	res, err := parser.Parse(bytes.NewReader(data))
	if err != nil {
		return nil, nil, fmt.Errorf("parsing Dockerfile: %w", err)
	}
	var findings []Finding
	warn := func(rule, description, url, msg string, loc []parser.Range) {
		findings = append(findings, Finding{Rule: "buildkit/" + rule, Severity: Warning, Line: line(loc), Message: msg, Hint: url})
	}
	for _, w := range res.Warnings {
		l := 0
		if w.Location != nil {
			l = w.Location.Start.Line
		}
		findings = append(findings, Finding{Rule: "buildkit/parser", Severity: Warning, Line: l, Message: w.Short})
	}
	stages, _, err := instructions.Parse(res.AST, linter.New(&linter.Config{Warn: warn}))
	if err != nil {
		return nil, nil, fmt.Errorf("parsing Dockerfile: %w", err)
	}
	return &Dockerfile{AST: res.AST, Stages: stages, Directives: directives(data)}, findings, nil
}

// Check parses data and runs every rule on it, honouring the file's
// dockerize-lint ignore comments. Findings are sorted by line.
func Check(data []byte) ([]Finding, error) { return CheckWith(data, Options{}) }

// CheckWith is Check with rules switched off by opts.
func CheckWith(data []byte, opts Options) ([]Finding, error) {
	if len(data) > MaxSize {
		return nil, fmt.Errorf("%w: larger than %d MiB", ErrTooComplex, MaxSize>>20)
	}
	df, findings, err := Parse(data)
	if err != nil {
		return nil, err
	}
	if err := checkExpansion(df.AST); err != nil {
		return nil, err
	}
	timeout := opts.Timeout
	if timeout == 0 {
		timeout = DefaultTimeout
	}
	return withTimeout(timeout, func() ([]Finding, error) { return check(data, df, findings, opts) })
}

func check(data []byte, df *Dockerfile, findings []Finding, opts Options) ([]Finding, error) {
	// The full BuildKit check reports the parse-time warnings too, so its
	// result replaces them.
	if full, err := BuildKitChecks(data); err == nil {
		findings = full
	}
	ig, err := readIgnores(data, df.AST, opts)
	if err != nil {
		return nil, err
	}
	for _, r := range Rules() {
		var found []Finding
		if r.ID == ruleIgnoreComment {
			found = ig.bad
		} else {
			found = r.check(df)
		}
		for _, f := range found {
			f.Rule, f.Severity = r.ID, r.Severity
			if f.Hint == "" {
				f.Hint = r.Hint
			}
			findings = append(findings, f)
		}
	}
	kept := findings[:0]
	for _, f := range findings {
		if !ig.ignored(f) {
			kept = append(kept, f)
		}
	}
	sort.SliceStable(kept, func(i, j int) bool { return kept[i].Line < kept[j].Line })
	return kept, nil
}

func line(loc []parser.Range) int {
	if len(loc) == 0 {
		return 0
	}
	return loc[0].Start.Line
}

// directives returns the parser directives (# syntax=, # check=, # escape=)
// at the top of the file, with their line numbers.
func directives(data []byte) map[string]int {
	found := map[string]int{}
	for i, l := range strings.Split(string(data), "\n") {
		l = strings.TrimSpace(l)
		if !strings.HasPrefix(l, "#") {
			break
		}
		k, _, ok := strings.Cut(strings.TrimSpace(strings.TrimPrefix(l, "#")), "=")
		if !ok {
			break
		}
		k = strings.ToLower(strings.TrimSpace(k))
		if k == "syntax" || k == "check" || k == "escape" {
			found[k] = i + 1
		}
	}
	return found
}
