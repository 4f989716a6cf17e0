package detect

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"regexp"
	"strings"
)

// Service is one deployable program of a repository: a Go main package, a
// Node.js workspace app that serves or is a built site, a runnable Maven
// module, each with the evidence that makes it one.
type Service struct {
	Name string `json:"name"`
	// Path is the service's own directory, from the repository root.
	Path  string `json:"path"`
	Stack Stack  `json:"stack"`
	// Project is the directory of the project the service belongs to, from
	// the repository root: its build context ("." for the root).
	Project string `json:"project"`
	// Runs says what the image runs: "go build ./cmd/api", "node src/index.js".
	Runs string `json:"runs"`
	// Port is the port the code is seen to listen on, 0 when it does not say.
	Port         int    `json:"port,omitempty"`
	PortEvidence string `json:"portEvidence,omitempty"`
	Evidence     string `json:"evidence"`
	// Select holds the answers (relative to Project) that make the
	// project's planner build this service, e.g. {"main": "cmd/api"}.
	Select map[string]string `json:"select,omitempty"`
	// Clients are the backing services the service's dependencies talk to.
	Clients []Client `json:"clients,omitempty"`
}

// Client is a backing service (database, cache, queue) whose client library
// a service depends on.
type Client struct {
	// Kind is postgres, mysql, redis, mongodb, kafka or amqp.
	Kind     string `json:"kind"`
	Evidence string `json:"evidence"`
	// EnvVar is the connection variable the code is seen to read, with
	// where; empty when no read was seen.
	EnvVar      string `json:"envVar,omitempty"`
	EnvEvidence string `json:"envEvidence,omitempty"`
}

// ServiceDirs are the subdirectories where repositories conventionally keep
// projects of their own; ServiceParents hold one project per child.
var (
	ServiceDirs    = []string{"backend", "server", "frontend", "web", "api", "client"}
	ServiceParents = []string{"services", "apps"}
)

// heavyDir reports the dependency, output and tool directories discovery
// never enters.
func heavyDir(name string) bool {
	switch name {
	case "node_modules", "vendor", "target", "dist", "build", "out", "coverage", "bower_components", "__pycache__", "venv":
		return true
	}
	return strings.HasPrefix(name, ".")
}

// Discover lists the deployable services of the repository in fsys: those of
// the root project, and of projects in the conventional subdirectories
// (ServiceDirs, and each child of ServiceParents) that the root project does
// not already cover. It reads at most the root, services/ and apps/
// directory listings plus what each project's detector reads, and never
// enters a dependency or output tree.
func Discover(fsys fs.FS, detectors []Detector) ([]Service, error) {
	return DiscoverFrom(fsys, detectors, nil)
}

// DiscoverFrom is Discover for a caller that has already detected the root
// project (with every detector and no options): it is not detected again.
// A nil root is detected as Discover does.
func DiscoverFrom(fsys fs.FS, detectors []Detector, root *Project) ([]Service, error) {
	dirs, err := candidates(fsys)
	if err != nil {
		return nil, err
	}
	var all []Service
	for _, dir := range dirs {
		if dir != "." && covered(all, dir) {
			continue
		}
		sub := fsys
		if dir != "." {
			if sub, err = fs.Sub(fsys, dir); err != nil {
				return nil, err
			}
		}
		p, err := root, error(nil)
		if dir != "." || p == nil {
			p, err = Detect(sub, detectors, Options{})
		}
		if errors.Is(err, ErrNoStack) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", dir, err)
		}
		var list func(fs.FS, *Project) ([]Service, error)
		for _, d := range detectors {
			if d.Stack == p.Stack {
				list = d.Services
			}
		}
		if list == nil {
			continue // the stack cannot list its services yet
		}
		svcs, err := list(sub, p)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", dir, err)
		}
		for _, s := range svcs {
			s.Project = dir
			s.Path = path.Join(dir, s.Path)
			s.Evidence = prefixPath(dir, s.Evidence)
			s.PortEvidence = prefixPath(dir, s.PortEvidence)
			for i := range s.Clients {
				s.Clients[i].Evidence = prefixPath(dir, s.Clients[i].Evidence)
				s.Clients[i].EnvEvidence = prefixPath(dir, s.Clients[i].EnvEvidence)
			}
			all = append(all, s)
		}
	}
	uniqueNames(all)
	return all, nil
}

// candidates lists the root and the conventional project directories that
// exist, in a stable order.
func candidates(fsys fs.FS) ([]string, error) {
	dirs := []string{"."}
	root, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("reading the project directory: %w", err)
	}
	isDir := map[string]bool{}
	for _, e := range root {
		if e.IsDir() && !heavyDir(e.Name()) {
			isDir[e.Name()] = true
		}
	}
	for _, d := range ServiceDirs {
		if isDir[d] {
			dirs = append(dirs, d)
		}
	}
	for _, parent := range ServiceParents {
		if !isDir[parent] {
			continue
		}
		children, err := fs.ReadDir(fsys, parent)
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", parent, err)
		}
		for _, c := range children {
			if c.IsDir() && !heavyDir(c.Name()) {
				dirs = append(dirs, path.Join(parent, c.Name()))
			}
		}
	}
	return dirs, nil
}

// covered reports whether a project already found lists a service at or
// under dir (a workspace app, a go.work module, a reactor module).
func covered(found []Service, dir string) bool {
	for _, s := range found {
		if s.Path == dir || strings.HasPrefix(s.Path, dir+"/") {
			return true
		}
	}
	return false
}

// prefixPath puts dir in front of evidence that starts with a path of the
// sub-project, and of each further "; "-separated finding.
func prefixPath(dir, evidence string) string {
	if dir == "." || evidence == "" {
		return evidence
	}
	parts := strings.Split(evidence, "; ")
	for i, p := range parts {
		parts[i] = dir + "/" + p
	}
	return strings.Join(parts, "; ")
}

var invalidName = regexp.MustCompile(`[^a-z0-9_-]+`)

// ServiceName turns a program, package or artifact name into a service
// name: lowercase letters, digits, '-' and '_', at most 63, starting with a
// letter or digit.
func ServiceName(s string) string {
	if i := strings.LastIndex(s, "/"); i >= 0 && strings.HasPrefix(s, "@") {
		s = s[i+1:] // @scope/name
	}
	s = invalidName.ReplaceAllString(strings.ToLower(s), "-")
	s = strings.TrimLeft(s, "-_")
	if len(s) > 63 {
		s = s[:63]
	}
	s = strings.TrimRight(s, "-_")
	if s == "" {
		return "app"
	}
	return s
}

// uniqueNames renames services that share a name after their project's
// directory, then by number.
func uniqueNames(all []Service) {
	count := map[string]int{}
	for _, s := range all {
		count[s.Name]++
	}
	seen := map[string]bool{}
	for i := range all {
		s := &all[i]
		if count[s.Name] > 1 && s.Project != "." {
			s.Name = ServiceName(path.Base(s.Project) + "-" + s.Name)
		}
		base := s.Name
		for n := 2; seen[s.Name]; n++ {
			s.Name = fmt.Sprintf("%s-%d", base, n)
		}
		seen[s.Name] = true
	}
}

// clientRule maps a dependency to the backing service it is a client of.
type clientRule struct {
	kind string
	// prefix matches the dependency's name (a Go module path, an npm
	// package, a Maven groupId:artifactId) exactly or as a path prefix.
	prefix string
}

func (r clientRule) matches(dep string) bool {
	return dep == r.prefix || strings.HasPrefix(dep, r.prefix+"/")
}

// clientFor returns the kind of the first rule dep matches.
func clientFor(rules []clientRule, dep string) string {
	for _, r := range rules {
		if r.matches(dep) {
			return r.kind
		}
	}
	return ""
}

// envHints are the words a connection variable's name holds, by kind: the
// kind's own words first, then shared ones (DATABASE_URL).
var envHints = map[string][2][]string{
	"postgres": {{"POSTGRES", "PG"}, {"DATABASE", "DB_"}},
	"mysql":    {{"MYSQL", "MARIADB"}, {"DATABASE", "DB_"}},
	"redis":    {{"REDIS"}, {"CACHE"}},
	"mongodb":  {{"MONGO"}, {"DATABASE", "DB_"}},
	"kafka":    {{"KAFKA"}, {"BROKER"}},
	"amqp":     {{"AMQP", "RABBIT"}, {"BROKER", "QUEUE"}},
}

// envRead is an environment variable the code reads, and where.
type envRead struct{ name, where string }

// readEnvs finds the environment variables read in files with res (the first
// group that matched is the name), in file order, each once. It reads each file once
// and at most maxScan bytes of it.
func readEnvs(fsys fs.FS, files []string, res ...*regexp.Regexp) []envRead {
	var reads []envRead
	seen := map[string]bool{}
	for _, f := range files {
		data, err := readBounded(fsys, f)
		if err != nil {
			continue
		}
		for _, re := range res {
			for _, m := range re.FindAllSubmatchIndex(data, -1) {
				name := ""
				for g := 2; g+1 < len(m); g += 2 {
					if m[g] >= 0 {
						name = string(data[m[g]:m[g+1]])
						break
					}
				}
				if seen[name] {
					continue
				}
				seen[name] = true
				line, _ := position(data, int64(m[0]))
				reads = append(reads, envRead{name, fmt.Sprintf("%s:%d", f, line)})
			}
		}
	}
	return reads
}

// maxScan bounds how much of one source file is searched for reads.
const maxScan = 1 << 20

func readBounded(fsys fs.FS, name string) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, maxScan))
}

// withEnv sets each client's connection variable from the reads: the first
// read naming the kind's own words, else a shared word.
func withEnv(clients []Client, reads []envRead) []Client {
	for i := range clients {
		hints := envHints[clients[i].Kind]
		for _, words := range hints {
			if clients[i].EnvVar != "" {
				break
			}
			for _, r := range reads {
				if hasWord(r.name, words) {
					clients[i].EnvVar, clients[i].EnvEvidence = r.name, r.where
					break
				}
			}
		}
	}
	return clients
}

func hasWord(name string, words []string) bool {
	for _, w := range words {
		if strings.HasPrefix(name, w) || strings.Contains(name, "_"+w) {
			return true
		}
	}
	return false
}

// addClient appends a client of kind unless one of that kind is there.
func addClient(clients []Client, kind, evidence string) []Client {
	for _, c := range clients {
		if c.Kind == kind {
			return clients
		}
	}
	return append(clients, Client{Kind: kind, Evidence: evidence})
}
