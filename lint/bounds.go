package lint

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/moby/buildkit/frontend/dockerfile/parser"
)

// Bounds on what lint takes in. Real Dockerfiles are a few kilobytes; the
// bounds keep a crafted one from taking the machine.
const (
	// MaxSize is the largest Dockerfile lint reads.
	MaxSize = 1 << 20
	// maxExpanded bounds what one ARG or ENV value may expand to.
	maxExpanded = 64 << 10
	// DefaultTimeout bounds one file's checks.
	DefaultTimeout = 30 * time.Second
)

// ErrTooComplex is returned for a Dockerfile lint refuses to evaluate.
var ErrTooComplex = errors.New("the Dockerfile is too complex to check")

var varRef = regexp.MustCompile(`\$\{?([A-Za-z_][A-Za-z0-9_]*)`)

// checkExpansion refuses a Dockerfile whose ARG or ENV values would expand
// past the bound, before BuildKit's linter evaluates them: each ARG that
// names the one before twice doubles it, so thirty such lines make
// gigabytes. It over-estimates (every reference counts at its longest, in
// any stage), which only matters for files no one writes by hand.
func checkExpansion(ast *parser.Node) error {
	longest := map[string]int{}
	value := func(n *parser.Node, name, v string) error {
		size := len(v)
		for _, m := range varRef.FindAllStringSubmatchIndex(v, -1) {
			size += longest[v[m[2]:m[3]]]
		}
		if size > maxExpanded {
			return fmt.Errorf("%w: line %d: %s %s would expand to more than %d KiB; dockerize lint does not evaluate it", ErrTooComplex, n.StartLine, strings.ToUpper(n.Value), name, maxExpanded>>10)
		}
		if size > longest[name] {
			longest[name] = size
		}
		return nil
	}
	for _, n := range ast.Children {
		switch strings.ToLower(n.Value) {
		case "arg":
			for w := n.Next; w != nil; w = w.Next {
				name, v, _ := strings.Cut(w.Value, "=")
				if err := value(n, name, v); err != nil {
					return err
				}
			}
		case "env":
			for w := n.Next; w != nil && w.Next != nil; w = w.Next.Next {
				if err := value(n, w.Value, w.Next.Value); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// withTimeout runs check, giving up after d. A check that overruns keeps
// running until the process ends; the bounds above make that unlikely.
func withTimeout[T any](d time.Duration, check func() (T, error)) (T, error) {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	type result struct {
		v   T
		err error
	}
	done := make(chan result, 1)
	go func() {
		v, err := check()
		done <- result{v, err}
	}()
	select {
	case r := <-done:
		return r.v, r.err
	case <-ctx.Done():
		var zero T
		return zero, fmt.Errorf("%w: checking took longer than %s", ErrTooComplex, d)
	}
}
