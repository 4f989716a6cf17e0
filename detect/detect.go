// Package detect reads a project directory and reports what kind of project it
// is, with the evidence for every fact it finds. It only reads: it never
// prompts, prints or writes, so the same tree always gives the same Project.
package detect

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"
)

// Stack names a kind of project dockerize knows how to build. Each stack's
// constant lives in its own file (golang.go, node.go, maven.go).
type Stack string

// Fact is one thing detection found out, and why it believes it.
type Fact struct {
	Name     string `json:"name"`
	Value    string `json:"value"`
	Evidence string `json:"evidence"`
}

// Project is everything detection learned about a directory. Stacks lists
// every stack that matched, best first; Stack is the one chosen. What one
// stack found is read through its method (p.Go(), p.Node(), p.Maven()).
type Project struct {
	Stack  Stack   `json:"stack"`
	Stacks []Stack `json:"stacks"`
	Facts  []Fact  `json:"facts"`
	// Gitignore holds the root .gitignore's patterns, already converted to
	// .dockerignore syntax.
	Gitignore []string `json:"gitignore,omitempty"`
	// details holds each matching stack's own findings, in detection order.
	details []detail
}

// detail is one stack's findings.
type detail struct {
	stack Stack
	value any
}

// setDetail records what a stack's detector found.
func (p *Project) setDetail(s Stack, v any) {
	for i := range p.details {
		if p.details[i].stack == s {
			p.details[i].value = v
			return
		}
	}
	p.details = append(p.details, detail{s, v})
}

// detailOf returns what stack s found, or nil when it did not match.
func detailOf[T any](p *Project, s Stack) *T {
	for _, d := range p.details {
		if d.stack == s {
			v, _ := d.value.(*T)
			return v
		}
	}
	return nil
}

// MarshalJSON writes the project with each stack's findings under the
// stack's name, e.g. "go": {...}.
func (p *Project) MarshalJSON() ([]byte, error) {
	type plain Project
	head, err := json.Marshal((*plain)(p))
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	buf.Write(head[:len(head)-1])
	for _, d := range p.details {
		v, err := json.Marshal(d.value)
		if err != nil {
			return nil, err
		}
		k, _ := json.Marshal(string(d.stack))
		fmt.Fprintf(&buf, ",%s:%s", k, v)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// Options narrows detection where the user already said something.
type Options struct {
	// Stack forces one stack instead of taking the first that matches.
	Stack Stack
}

// ErrNoStack is returned when no detector recognises the directory.
var ErrNoStack = errors.New("no supported project found")

// Detector recognises one stack. Detect returns the file that marks the
// project as of its stack, or "" (and no error) for a directory that is
// not; Markers names what it looks for, for the "no project found" error.
type Detector struct {
	Stack   Stack
	Markers string
	Detect  func(fsys fs.FS, p *Project) (marker string, err error)
	// Services lists the deployable services of a project Detect
	// recognised; nil when the stack cannot list them yet.
	Services func(fsys fs.FS, p *Project) ([]Service, error)
}

// Detect reads fsys (the project root) with the given detectors, in their
// order, and returns what it found.
func Detect(fsys fs.FS, detectors []Detector, opts Options) (*Project, error) {
	p := &Project{}
	var known *Detector
	evidence := map[Stack]string{}
	var names, markers []string
	for i, d := range detectors {
		names = append(names, string(d.Stack))
		markers = append(markers, d.Markers)
		if opts.Stack != "" && d.Stack != opts.Stack {
			continue
		}
		known = &detectors[i]
		marker, err := d.Detect(fsys, p)
		if err != nil {
			return nil, err
		}
		if marker != "" {
			p.Stacks = append(p.Stacks, d.Stack)
			evidence[d.Stack] = marker
		}
	}
	if opts.Stack != "" && known == nil {
		return nil, fmt.Errorf("unknown stack %q: use one of %s", opts.Stack, strings.Join(names, ", "))
	}
	if len(p.Stacks) == 0 {
		if opts.Stack != "" {
			return nil, fmt.Errorf("%w: this is not a %s project (%s)", ErrNoStack, opts.Stack, known.Markers)
		}
		if dir, stack, marker := findBelow(fsys, detectors); dir != "" {
			return nil, fmt.Errorf("%w here: dockerize looks for %s; %s/ holds a %s project (%s): run dockerize init %s", ErrNoStack, strings.Join(markers, ", "), dir, stack, path.Join(dir, marker), dir)
		}
		return nil, fmt.Errorf("%w: dockerize looks for %s; run it in the project's root directory", ErrNoStack, strings.Join(markers, ", "))
	}
	if err := readGitignore(fsys, p); err != nil {
		return nil, err
	}
	p.Stack = p.Stacks[0]
	p.Facts = append([]Fact{{Name: "stack", Value: string(p.Stack), Evidence: evidence[p.Stack]}}, p.Facts...)
	return p, nil
}

// serviceDirs are the directory names repositories keep their service in
// when the root holds something else (a frontend, docs, deployment files).
// Only these are suggested: a docs/ or playwright/ package.json is tooling,
// not the service.
var serviceDirs = []string{"backend", "server", "api", "app", "service"}

// findBelow looks one directory down for a project the detectors know (a Go
// module in backend/, an app in server/), for the error that names it: the
// first of serviceDirs that is one.
func findBelow(fsys fs.FS, detectors []Detector) (dir string, stack Stack, marker string) {
	for _, n := range serviceDirs {
		if st, err := fs.Stat(fsys, n); err != nil || !st.IsDir() {
			continue
		}
		sub, err := fs.Sub(fsys, n)
		if err != nil {
			continue
		}
		for _, d := range detectors {
			if m, err := d.Detect(sub, &Project{}); err == nil && m != "" {
				return n, d.Stack, m
			}
		}
	}
	return "", "", ""
}

func (p *Project) add(name, value, evidence string) {
	p.Facts = append(p.Facts, Fact{Name: name, Value: value, Evidence: evidence})
}

// exists reports whether name is present in fsys, treating permission and other
// errors as absence only when the file is plainly not there.
func exists(fsys fs.FS, name string) bool {
	_, err := fs.Stat(fsys, name)
	return !errors.Is(err, fs.ErrNotExist)
}
