// Package detect reads a project directory and reports what kind of project it
// is, with the evidence for every fact it finds. It only reads: it never
// prompts, prints or writes, so the same tree always gives the same Project.
package detect

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
)

// Stack names a kind of project dockerize knows how to build.
type Stack string

// The stacks, in the order their detectors run.
const (
	Go    Stack = "go"
	Node  Stack = "node"
	Maven Stack = "maven"
)

// Fact is one thing detection found out, and why it believes it.
type Fact struct {
	Name     string `json:"name"`
	Value    string `json:"value"`
	Evidence string `json:"evidence"`
}

// Project is everything detection learned about a directory. Stacks lists
// every stack that matched, best first; Stack is the one chosen.
type Project struct {
	Stack  Stack         `json:"stack"`
	Stacks []Stack       `json:"stacks"`
	Facts  []Fact        `json:"facts"`
	Go     *GoProject    `json:"go,omitempty"`
	Node   *NodeProject  `json:"node,omitempty"`
	Maven  *MavenProject `json:"maven,omitempty"`
	// Gitignore holds the root .gitignore's patterns, already converted to
	// .dockerignore syntax.
	Gitignore []string `json:"gitignore,omitempty"`
}

// Options narrows detection where the user already said something.
type Options struct {
	// Stack forces one stack instead of taking the first that matches.
	Stack Stack
}

// ErrNoStack is returned when no detector recognises the directory.
var ErrNoStack = errors.New("no supported project found")

// detector recognises one stack. It returns the file that marks the project
// as of its stack, or "" (and no error) for a directory that is not.
type detector struct {
	stack  Stack
	detect func(fsys fs.FS, p *Project) (marker string, err error)
}

// detectors run in this order. Go and Maven come before Node because Go and
// Java web apps often keep their front-end's package.json at the root (a
// JHipster app has pom.xml and package.json side by side), while a Node
// project almost never has a go.mod or pom.xml.
func detectors() []detector {
	return []detector{
		{Go, detectGo},
		{Maven, detectMaven},
		{Node, detectNode},
	}
}

// Detect reads fsys (the project root) and returns what it found.
func Detect(fsys fs.FS, opts Options) (*Project, error) {
	p := &Project{}
	known := false
	evidence := map[Stack]string{}
	for _, d := range detectors() {
		if opts.Stack != "" && d.stack != opts.Stack {
			continue
		}
		known = true
		marker, err := d.detect(fsys, p)
		if err != nil {
			return nil, err
		}
		if marker != "" {
			p.Stacks = append(p.Stacks, d.stack)
			evidence[d.stack] = marker
		}
	}
	if opts.Stack != "" && !known {
		return nil, fmt.Errorf("unknown stack %q: use one of %s", opts.Stack, strings.Join(StackNames(), ", "))
	}
	if len(p.Stacks) == 0 {
		if opts.Stack != "" {
			return nil, fmt.Errorf("%w: this is not a %s project (%s)", ErrNoStack, opts.Stack, markers(opts.Stack))
		}
		return nil, fmt.Errorf("%w: dockerize looks for %s; run it in the project's root directory", ErrNoStack, allMarkers())
	}
	if err := readGitignore(fsys, p); err != nil {
		return nil, err
	}
	p.Stack = p.Stacks[0]
	p.Facts = append([]Fact{{Name: "stack", Value: string(p.Stack), Evidence: evidence[p.Stack]}}, p.Facts...)
	return p, nil
}

// StackNames lists the stacks dockerize supports, in detection order.
func StackNames() []string {
	var names []string
	for _, d := range detectors() {
		names = append(names, string(d.stack))
	}
	return names
}

func markers(s Stack) string {
	switch s {
	case Go:
		return "go.mod or go.work"
	case Node:
		return "package.json"
	case Maven:
		return "pom.xml"
	}
	return string(s)
}

func allMarkers() string {
	var m []string
	for _, d := range detectors() {
		m = append(m, markers(d.stack))
	}
	return strings.Join(m, ", ")
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
