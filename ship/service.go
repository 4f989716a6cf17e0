// Package ship renders the files that take a whole repository's services to
// the engines teams already run: docker-bake.hcl to build every service with
// BuildKit's bake (on the local engine or any remote builder), compose.yaml
// to run them together, and CI workflows that build and push them. It is
// pure: it takes a typed, validated list of services and returns files.
package ship

import (
	"errors"
	"fmt"
	"path"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Service is one deployable program of the repository, as the generator
// planned it.
type Service struct {
	// Name is the bake target, the compose service and the image name:
	// lowercase letters, digits, '-' and '_', starting with a letter or digit.
	Name string
	// Context is the build context, a slash path relative to the repository
	// root ("." for the root).
	Context string
	// Dockerfile is the Dockerfile's path relative to Context.
	Dockerfile string
	// Target is the Dockerfile stage that builds this service when several
	// services share one Dockerfile; empty for its last stage.
	Target string
	// Port is the container port the service listens on; 0 when it serves
	// none.
	Port int
	// Env is what the image's final stage sets with ENV, in order.
	Env []Env
	// Clients are the backing services (databases, caches, queues) whose
	// client libraries the service uses.
	Clients []Client
}

// Env is one environment variable.
type Env struct {
	Name, Value string
}

// Client is a backing service the program talks to, with how that was seen.
type Client struct {
	Kind Backing
	// Evidence names the library and where it was seen, for example
	// "github.com/jackc/pgx/v5 in go.mod".
	Evidence string
	// EnvVar is the connection variable the program is seen to read
	// (DATABASE_URL, REDIS_URL...); empty when none was seen, and then the
	// backing service is never wired in.
	EnvVar string
	// EnvEvidence is where the read was seen ("cmd/api/main.go:12").
	EnvEvidence string
}

var (
	nameRE   = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,62}$`)
	targetRE = regexp.MustCompile(`^[a-z][a-z0-9_.-]{0,62}$`)
	envRE    = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,127}$`)
	// pathRE is a conservative path element: what a repository's service
	// directories are called in practice, and nothing a shell, HCL or YAML
	// would read as syntax.
	pathRE = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.@+-]*$`)
)

// Validate checks every value that reaches a rendered file and returns all
// problems at once, each saying what to change.
func Validate(services []Service) error {
	if len(services) == 0 {
		return errors.New("no services to write; run dockerize detect to see what was found")
	}
	var errs []error
	seen := map[string]bool{}
	for i, s := range services {
		where := fmt.Sprintf("service %d (%q)", i+1, s.Name)
		if !nameRE.MatchString(s.Name) {
			errs = append(errs, fmt.Errorf("%s: name must be lowercase letters, digits, '-' or '_' (at most 63), starting with a letter or digit; rename it in .dockerize.yaml", where))
		} else if seen[s.Name] {
			errs = append(errs, fmt.Errorf("%s: two services are called %q; give one another name in .dockerize.yaml", where, s.Name))
		}
		seen[s.Name] = true
		if err := checkPath(s.Context, true); err != nil {
			errs = append(errs, fmt.Errorf("%s: context %q: %w", where, s.Context, err))
		}
		if err := checkPath(s.Dockerfile, false); err != nil {
			errs = append(errs, fmt.Errorf("%s: dockerfile %q: %w", where, s.Dockerfile, err))
		}
		if s.Target != "" && !targetRE.MatchString(s.Target) {
			errs = append(errs, fmt.Errorf("%s: build target %q must be a lowercase stage name", where, s.Target))
		}
		if s.Port < 0 || s.Port > 65535 {
			errs = append(errs, fmt.Errorf("%s: port %d is outside 1-65535", where, s.Port))
		}
		for _, e := range s.Env {
			if !envRE.MatchString(e.Name) {
				errs = append(errs, fmt.Errorf("%s: environment variable name %q is not a shell identifier", where, e.Name))
			}
			if err := checkText(e.Value); err != nil {
				errs = append(errs, fmt.Errorf("%s: value of %s: %w", where, e.Name, err))
			}
		}
		for _, c := range s.Clients {
			if _, ok := backings[c.Kind]; !ok {
				errs = append(errs, fmt.Errorf("%s: unknown backing service %q (known: %s)", where, c.Kind, strings.Join(Backings(), ", ")))
			}
			if c.EnvVar != "" && !envRE.MatchString(c.EnvVar) {
				errs = append(errs, fmt.Errorf("%s: connection variable %q is not a shell identifier", where, c.EnvVar))
			}
			for _, t := range []string{c.Evidence, c.EnvEvidence} {
				if err := checkText(t); err != nil {
					errs = append(errs, fmt.Errorf("%s: evidence for %s: %w", where, c.Kind, err))
				}
			}
		}
	}
	return errors.Join(errs...)
}

// checkPath accepts a clean relative slash path inside the repository whose
// elements are plain names; dot is the root when allowed.
func checkPath(p string, dotOK bool) error {
	if p == "." && dotOK {
		return nil
	}
	if p == "" || path.IsAbs(p) || path.Clean(p) != p || strings.HasPrefix(p, "../") || p == ".." || p == "." {
		return errors.New("must be a clean path relative to the repository root, inside it")
	}
	for _, el := range strings.Split(p, "/") {
		if !pathRE.MatchString(el) {
			return fmt.Errorf("element %q holds characters dockerize does not write into build files; rename the directory or file", el)
		}
	}
	return nil
}

// checkText refuses control characters: a newline in a value or in a
// comment would end a line of HCL or YAML.
func checkText(s string) error {
	if !utf8.ValidString(s) {
		return errors.New("is not valid UTF-8")
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			return fmt.Errorf("holds the control character %q", r)
		}
	}
	return nil
}

// registryRE is a registry host (with an optional port) and an optional
// namespace, as image references spell them.
var registryRE = regexp.MustCompile(`^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?(/[a-z0-9]+([._-][a-z0-9]+)*)*$`)

// checkRegistry accepts an empty registry (local image names) or a host
// with an optional namespace.
func checkRegistry(r string) error {
	if r == "" || registryRE.MatchString(r) {
		return nil
	}
	return fmt.Errorf("registry %q is not a registry host with an optional namespace (for example ghcr.io/acme or localhost:5000/team)", r)
}
