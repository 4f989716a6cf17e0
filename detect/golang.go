package detect

import (
	"errors"
	"fmt"
	"go/build"
	"io"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"

	"golang.org/x/mod/modfile"

	"github.com/dockerize-dev/dockerize/internal/safefs"
)

// Go is the Go stack.
const Go Stack = "go"

// Go returns what Go detection found, or nil when the project is not one.
func (p *Project) Go() *GoProject { return detailOf[GoProject](p, Go) }

// GoProject is what detection found in a Go repository: one module, or the
// modules of a go.work workspace.
type GoProject struct {
	// Workspace is true when the root holds a go.work file.
	Workspace bool `json:"workspace"`
	// WorkspaceGoVersion is go.work's toolchain or go version, if any.
	WorkspaceGoVersion string `json:"workspaceGoVersion,omitempty"`
	// WorkspaceToolchain is true when WorkspaceGoVersion is a toolchain
	// line, an exact release, rather than a go line, a minimum.
	WorkspaceToolchain bool       `json:"workspaceToolchain,omitempty"`
	HasWorkSum         bool       `json:"hasWorkSum,omitempty"`
	Modules            []GoModule `json:"modules"`
}

// GoModule is one Go module of the project.
type GoModule struct {
	Dir  string `json:"dir"`  // relative to the project root, "." for the root
	Path string `json:"path"` // module path from go.mod
	// GoVersion is the version the module asks for ("1.24.4" or "1.22"),
	// empty when go.mod names none.
	GoVersion         string `json:"goVersion,omitempty"`
	GoVersionEvidence string `json:"goVersionEvidence,omitempty"`
	// GoToolchain is true when GoVersion comes from a toolchain line.
	GoToolchain bool          `json:"goToolchain,omitempty"`
	HasGoSum    bool          `json:"hasGoSum"`
	Vendor      bool          `json:"vendor"`
	CGO         bool          `json:"cgo"`
	CGOEvidence string        `json:"cgoEvidence,omitempty"`
	Mains       []MainPackage `json:"mains"`
	// cgoRequires are go.mod's requirements of modules that need cgo, by
	// module path, with the line that names them.
	cgoRequires map[string]string
	// Port is a listening port found somewhere in the module when a main
	// package's own files do not say; PortEvidence says where.
	Port         int    `json:"port,omitempty"`
	PortEvidence string `json:"portEvidence,omitempty"`
	// LocalReplaces are the directories (from the project root) of modules
	// that go.mod replaces with a local path; their go.mod files are needed
	// before dependencies can be downloaded.
	LocalReplaces []string `json:"localReplaces,omitempty"`
	// Sources are the files the build reads: Go files and embedded paths.
	Sources []string `json:"-"`
	// BuildTags are the custom tags the project's own build passes to go
	// build (its Makefile, Dockerfile or goreleaser file); the packages
	// are read with them set.
	BuildTags *BuildTags `json:"buildTags,omitempty"`
}

// MainPackage is a directory holding package main.
type MainPackage struct {
	Dir    string `json:"dir"` // relative to the project root
	Binary string `json:"binary"`
	// File is the first file declaring package main, the evidence.
	File         string `json:"file"`
	Port         int    `json:"port,omitempty"`
	PortEvidence string `json:"portEvidence,omitempty"`
	// PortEnv names the environment variable the program reads its port
	// from, when it does.
	PortEnv string `json:"portEnv,omitempty"`
	// CGO is true when a package the program is built from calls C or
	// imports a package that needs cgo; CGOEvidence says which.
	CGO         bool   `json:"cgo"`
	CGOEvidence string `json:"cgoEvidence,omitempty"`
	// Files are project files the program opens at run time, relative to
	// its working directory, found in the code it is built from.
	Files []RuntimeFile `json:"files,omitempty"`
	// Command is the subcommand that starts the server of a CLI whose root
	// command does nothing by itself (cobra's `server`), with why.
	Command         string `json:"command,omitempty"`
	CommandEvidence string `json:"commandEvidence,omitempty"`
	// ListenFlag is a flag that moves a loopback listener to all
	// interfaces when passed ListenAddr; ListenEvidence says why.
	ListenFlag     string `json:"listenFlag,omitempty"`
	ListenAddr     string `json:"listenAddr,omitempty"`
	ListenEvidence string `json:"listenEvidence,omitempty"`
	// ListenEnv, when no flag does it, is the variable that moves a
	// loopback listener to all interfaces.
	ListenEnv *ListenEnv `json:"listenEnv,omitempty"`
	// Loopback says where the program listens on a loopback address that
	// no flag or variable moves; nothing outside the container reaches it.
	Loopback string `json:"loopback,omitempty"`
	loopback bool
	// RequiredEnv are variables the program exits without.
	RequiredEnv []RequiredEnv `json:"requiredEnv,omitempty"`
	// Gated are files of the packages the program is built from that go
	// build leaves out unless a custom build tag is set.
	Gated []GatedFile `json:"gated,omitempty"`
	// TimeZones says where the program loads a time zone by name, which
	// needs the zoneinfo database at run time; TZData is true when it
	// imports time/tzdata, which carries it in the binary.
	TimeZones string `json:"timeZones,omitempty"`
	TZData    bool   `json:"tzdata,omitempty"`
	// Frontend is a web UI the program embeds that a Node.js build in the
	// project makes.
	Frontend *GoFrontend `json:"frontend,omitempty"`
}

// cgoModules are well-known dependencies that need cgo even when the
// project's own code never imports "C".
var cgoModules = map[string]bool{
	"github.com/mattn/go-sqlite3":                   true,
	"github.com/confluentinc/confluent-kafka-go":    true,
	"github.com/confluentinc/confluent-kafka-go/v2": true,
}

// DetectGo recognises a Go module or workspace (go.mod, go.work).
func DetectGo(fsys fs.FS, p *Project) (string, error) {
	hasWork := exists(fsys, "go.work")
	if !hasWork && !exists(fsys, "go.mod") {
		return "", nil
	}
	marker := "go.mod"
	if hasWork {
		marker = "go.work"
	}
	g := &GoProject{}
	dirs := []string{"."}
	if hasWork {
		data, err := fs.ReadFile(fsys, "go.work")
		if err != nil {
			return "", readError("go.work", err)
		}
		wf, err := modfile.ParseWork("go.work", data, nil)
		if err != nil {
			return "", fmt.Errorf("%w\nfix go.work (go work edit -json shows how Go reads it) and run dockerize again", err)
		}
		g.Workspace = true
		g.HasWorkSum = exists(fsys, "go.work.sum")
		dirs = nil
		for _, u := range wf.Use {
			dir := path.Clean(strings.TrimPrefix(u.Path, "./"))
			if !fs.ValidPath(dir) {
				return "", fmt.Errorf("go.work:%d: use %s points outside the project; dockerize can only build modules inside it", u.Syntax.Start.Line, u.Path)
			}
			dirs = append(dirs, dir)
		}
		if len(dirs) == 0 {
			return "", fmt.Errorf("go.work uses no modules; add one with go work use DIR")
		}
		switch {
		case wf.Toolchain != nil:
			g.WorkspaceGoVersion = strings.TrimPrefix(wf.Toolchain.Name, "go")
			g.WorkspaceToolchain = true
		case wf.Go != nil:
			g.WorkspaceGoVersion = wf.Go.Version
		}
		p.add("workspace", strings.Join(dirs, ", "), "go.work")
	}
	for _, dir := range dirs {
		m, err := readModule(fsys, dir)
		if err != nil {
			return "", err
		}
		g.Modules = append(g.Modules, *m)
	}
	p.setDetail(Go, g)
	for _, m := range g.Modules {
		prefix := ""
		if g.Workspace {
			prefix = m.Dir + ": "
		}
		p.add("module", prefix+m.Path, path.Join(m.Dir, "go.mod"))
		if m.GoVersion != "" {
			p.add("go version", prefix+m.GoVersion, m.GoVersionEvidence)
		}
		if m.Vendor {
			p.add("vendor", prefix+"yes", path.Join(m.Dir, "vendor/modules.txt"))
		}
		if m.CGO {
			p.add("cgo", prefix+"yes", m.CGOEvidence)
		}
		if m.BuildTags != nil {
			p.add("build tags", prefix+strings.Join(m.BuildTags.Tags, ","), m.BuildTags.Evidence)
		}
		for _, mp := range m.Mains {
			p.add("main package", mp.Dir, mp.File+": package main")
			if mp.Port != 0 {
				p.add("port", fmt.Sprintf("%s: %d", mp.Dir, mp.Port), mp.PortEvidence)
			}
			if fe := mp.Frontend; fe != nil {
				p.add("web UI", fmt.Sprintf("%s: %s, built into %s", mp.Dir, fe.Dir, fe.Out), fe.Evidence)
			}
		}
		if m.Port != 0 {
			p.add("port", fmt.Sprintf("%s%d", prefix, m.Port), m.PortEvidence)
		}
	}
	return marker, nil
}

func readModule(fsys fs.FS, dir string) (*GoModule, error) {
	name := path.Join(dir, "go.mod")
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, readError(name, err)
	}
	mf, err := modfile.Parse(name, data, nil)
	if err != nil {
		return nil, fmt.Errorf("%w\nfix %s (go mod tidy reports the same) and run dockerize again", err, name)
	}
	if mf.Module == nil || mf.Module.Mod.Path == "" {
		return nil, fmt.Errorf("%s has no module line; add one (go mod init MODULE) and run dockerize again", name)
	}
	m := &GoModule{Dir: dir, Path: mf.Module.Mod.Path}
	switch {
	case mf.Toolchain != nil:
		m.GoVersion = strings.TrimPrefix(mf.Toolchain.Name, "go")
		m.GoToolchain = true
		m.GoVersionEvidence = fmt.Sprintf("%s:%d: toolchain %s", name, mf.Toolchain.Syntax.Start.Line, mf.Toolchain.Name)
	case mf.Go != nil:
		m.GoVersion = mf.Go.Version
		m.GoVersionEvidence = fmt.Sprintf("%s:%d: go %s", name, mf.Go.Syntax.Start.Line, mf.Go.Version)
	}
	m.HasGoSum = exists(fsys, path.Join(dir, "go.sum"))
	m.Vendor = exists(fsys, path.Join(dir, "vendor", "modules.txt"))
	for _, r := range mf.Require {
		if cgoModules[r.Mod.Path] {
			if m.cgoRequires == nil {
				m.cgoRequires = map[string]string{}
			}
			m.cgoRequires[r.Mod.Path] = fmt.Sprintf("%s:%d", name, r.Syntax.Start.Line)
		}
	}
	for _, r := range mf.Replace {
		if r.New.Version != "" {
			continue // a module version, not a directory
		}
		dir := path.Join(dir, r.New.Path)
		line := r.Syntax.Start.Line
		if path.IsAbs(r.New.Path) || !fs.ValidPath(dir) {
			return nil, fmt.Errorf("%s:%d: replace %s => %s points outside the project, where an image build cannot see it; vendor the module (go mod vendor) or run dockerize from a directory that contains both", name, line, r.Old.Path, r.New.Path)
		}
		ok, err := present(fsys, path.Join(dir, "go.mod"))
		if err != nil {
			return nil, fmt.Errorf("%s:%d: replace %s => %s: %w", name, line, r.Old.Path, r.New.Path, err)
		}
		if !ok {
			return nil, fmt.Errorf("%s:%d: replace %s => %s, but %s has no go.mod; fix the replace directive", name, line, r.Old.Path, r.New.Path, dir)
		}
		m.LocalReplaces = append(m.LocalReplaces, dir)
	}
	base := *m
	gated, err := scanPackages(fsys, m, nil)
	if err != nil {
		return nil, err
	}
	if bt := projectBuildTags(fsys, dir, gated); bt != nil {
		// The project builds with custom tags: read the packages again as
		// its build sees them.
		*m = base
		m.BuildTags = bt
		if _, err := scanPackages(fsys, m, bt.Tags); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// skipDir reports whether a directory is outside the module's own code:
// vendored or generated trees, test data, nested modules, hidden folders.
func skipDir(fsys fs.FS, moduleDir, dir string, name string) bool {
	if dir == moduleDir {
		return false
	}
	switch name {
	case "vendor", "testdata", "node_modules":
		return true
	}
	if strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
		return true
	}
	return exists(fsys, path.Join(dir, "go.mod"))
}

// scanPackages reads the module's packages with the build tags set and
// returns the custom tags that files left out are gated on.
func scanPackages(fsys fs.FS, m *GoModule, tags []string) (map[string]bool, error) {
	ctxt := fsContext(fsys)
	ctxt.BuildTags = tags
	gatedBy := map[string]bool{}
	type found struct {
		dir   string
		files []string
	}
	var pkgs []found
	graph := map[string]*goPackage{}
	err := fs.WalkDir(fsys, m.Dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("reading %s: %w", p, err)
		}
		if !d.IsDir() {
			return nil
		}
		if skipDir(fsys, m.Dir, p, d.Name()) {
			return fs.SkipDir
		}
		bp, err := ctxt.ImportDir(p, 0)
		if err != nil {
			// A file that cannot be read would make a program look like a
			// library, so that is said; directories with no buildable Go
			// files, or with files of several packages (generators,
			// examples), are not ours to judge.
			return unreadableGo(err)
		}
		var files []string
		for _, f := range append(append([]string{}, bp.GoFiles...), bp.CgoFiles...) {
			files = append(files, path.Join(p, f))
		}
		m.Sources = append(m.Sources, files...)
		var embeds []goEmbed
		for _, e := range bp.EmbedPatterns {
			m.Sources = append(m.Sources, embedded(fsys, p, e)...)
			at := p
			if pos := bp.EmbedPatternPos[e]; len(pos) > 0 {
				at = fmt.Sprintf("%s:%d", pos[0].Filename, pos[0].Line)
			}
			embeds = append(embeds, goEmbed{pattern: e, at: at})
		}
		var ignored []string
		for _, f := range bp.IgnoredGoFiles {
			ignored = append(ignored, path.Join(p, f))
		}
		gated := gatedTags(fsys, ignored)
		for _, g := range gated {
			for _, t := range g.Tags {
				gatedBy[t] = true
			}
		}
		graph[importPath(m, p)] = &goPackage{dir: p, files: files, imports: bp.Imports, cgoFiles: bp.CgoFiles, gated: gated, embeds: embeds}
		if bp.Name == "main" {
			pkgs = append(pkgs, found{p, files})
			bin := path.Base(p)
			if p == m.Dir {
				bin = binaryFromModule(m.Path)
			}
			mp := MainPackage{Dir: p, Binary: bin, File: files[0]}
			for _, f := range files {
				if path.Base(f) == "main.go" {
					mp.File = f
				}
			}
			mp.Port, mp.PortEvidence, mp.PortEnv, mp.loopback = findPort(fsys, files)
			m.Mains = append(m.Mains, mp)
			return nil
		}
		if m.Port == 0 {
			m.Port, m.PortEvidence, _, _ = findPort(fsys, files)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(m.Mains, func(i, j int) bool { return m.Mains[i].Dir < m.Mains[j].Dir })
	for i := range m.Mains {
		mp := &m.Mains[i]
		reach := reachable(graph, importPath(m, mp.Dir))
		if mp.Port == 0 {
			// The main package does not say: the packages it imports may.
			for _, pkg := range reach[1:] {
				if mp.Port, mp.PortEvidence, mp.PortEnv, mp.loopback = findPort(fsys, pkg.files); mp.Port != 0 {
					break
				}
			}
		}
		for _, pkg := range reach {
			mp.Gated = append(mp.Gated, pkg.gated...)
		}
		if mp.Frontend, err = embedFrontend(fsys, reach); err != nil {
			return nil, err
		}
		mp.TimeZones, mp.TZData = timeZones(fsys, reach)
		mp.CGO, mp.CGOEvidence = reachableCGO(fsys, m, reach)
		if mp.CGO && !m.CGO {
			m.CGO, m.CGOEvidence = true, mp.CGOEvidence
		}
		mp.Files = runtimeFiles(fsys, m.Dir, mp.Dir, reach)
		if mp.Port == 0 {
			mp.Port, mp.PortEvidence = configPort(fsys, mp.Files)
		}
		mp.Command, mp.CommandEvidence = serverCommand(fsys, reach)
		mp.RequiredEnv = requiredEnv(fsys, reach)
		if len(mp.RequiredEnv) > 0 {
			own := ownDockerfileEnv(fsys, m.Dir)
			for i, r := range mp.RequiredEnv {
				if e, ok := own[r.Name]; ok && e.value != "" {
					mp.RequiredEnv[i].Value, mp.RequiredEnv[i].ValueEvidence = e.value, e.evidence
				}
			}
		}
		if name, port, ev := loopbackFlag(fsys, reach); name != "" {
			mp.ListenFlag, mp.ListenAddr, mp.ListenEvidence = name, fmt.Sprintf("0.0.0.0:%d", port), ev
			if mp.Port == 0 || mp.Port == port {
				mp.Port, mp.PortEvidence = port, ev
			}
		} else if le := loopbackEnv(fsys, reach); le != nil {
			mp.ListenEnv = le
			if mp.Port == 0 && le.Port != 0 {
				mp.Port, mp.PortEvidence = le.Port, le.Evidence
			}
		} else if mp.loopback {
			mp.Loopback = mp.PortEvidence
		}
	}
	return gatedBy, nil
}

// embedded lists the files a //go:embed pattern of package dir takes, as
// go build does: a directory brings its files, except those whose names
// start with . or _ unless the pattern says all:.
func embedded(fsys fs.FS, dir, pattern string) []string {
	all := strings.HasPrefix(pattern, "all:")
	pattern = strings.TrimPrefix(pattern, "all:")
	out := []string{path.Join(dir, pattern)}
	matches, _ := fs.Glob(fsys, path.Join(dir, pattern))
	for _, m := range matches {
		fs.WalkDir(fsys, m, func(p string, d fs.DirEntry, err error) error {
			if err != nil || len(out) >= maxSources {
				return fs.SkipDir
			}
			if p != m && !all && (strings.HasPrefix(d.Name(), ".") || strings.HasPrefix(d.Name(), "_")) {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if !d.IsDir() {
				out = append(out, p)
			}
			return nil
		})
	}
	return out
}

// unreadableGo returns an error when go/build failed because a file could
// not be read (permissions, a named pipe, a link leading outside the
// project), and nil for the reasons a directory is simply not a package.
func unreadableGo(err error) error {
	var pe *fs.PathError
	var se *safefs.Error
	switch {
	case errors.As(err, &se):
		return se
	case errors.As(err, &pe):
		return readError(pe.Path, err)
	}
	return nil
}

// binaryFromModule names the program built from a module's root package the
// way go install does: the last path element, without a /vN suffix.
func binaryFromModule(mod string) string {
	elems := strings.Split(mod, "/")
	last := elems[len(elems)-1]
	if len(elems) > 1 && len(last) > 1 && last[0] == 'v' && strings.Trim(last[1:], "0123456789") == "" {
		last = elems[len(elems)-2]
	}
	return last
}

// fsContext is a go/build context that reads from fsys, matching files for
// linux/amd64 with cgo enabled so cgo files are seen rather than skipped.
func fsContext(fsys fs.FS) *build.Context {
	ctxt := build.Default
	ctxt.GOOS, ctxt.GOARCH = "linux", "amd64"
	ctxt.CgoEnabled = true
	ctxt.GOROOT, ctxt.GOPATH = "", ""
	ctxt.BuildTags, ctxt.ToolTags = nil, nil
	ctxt.JoinPath = path.Join
	ctxt.IsAbsPath = path.IsAbs
	ctxt.IsDir = func(p string) bool {
		fi, err := fs.Stat(fsys, p)
		return err == nil && fi.IsDir()
	}
	ctxt.HasSubdir = func(root, dir string) (string, bool) { return "", false }
	ctxt.ReadDir = func(dir string) ([]fs.FileInfo, error) {
		entries, err := fs.ReadDir(fsys, dir)
		if err != nil {
			return nil, err
		}
		var infos []fs.FileInfo
		for _, e := range entries {
			fi, err := e.Info()
			if err != nil {
				return nil, err
			}
			infos = append(infos, fi)
		}
		return infos, nil
	}
	ctxt.OpenFile = func(p string) (io.ReadCloser, error) { return fsys.Open(p) }
	return &ctxt
}

// goClients are the Go modules that are clients of a backing service.
var goClients = []clientRule{
	{"postgres", "github.com/jackc/pgx"},
	{"postgres", "github.com/lib/pq"}, {"postgres", "gorm.io/driver/postgres"},
	{"mysql", "github.com/go-sql-driver/mysql"}, {"mysql", "gorm.io/driver/mysql"},
	{"redis", "github.com/redis/go-redis"}, {"redis", "github.com/go-redis/redis"}, {"redis", "github.com/gomodule/redigo"},
	{"mongodb", "go.mongodb.org/mongo-driver"},
	{"kafka", "github.com/segmentio/kafka-go"}, {"kafka", "github.com/IBM/sarama"}, {"kafka", "github.com/Shopify/sarama"},
	{"kafka", "github.com/confluentinc/confluent-kafka-go"}, {"kafka", "github.com/twmb/franz-go"},
	{"amqp", "github.com/rabbitmq/amqp091-go"}, {"amqp", "github.com/streadway/amqp"},
}

var goEnvRE = regexp.MustCompile(`\bos\.(?:Getenv|LookupEnv)\("([A-Za-z_][A-Za-z0-9_]*)"\)`)

// GoServices lists a Go project's services: every main package of every
// module, with the backing-service clients its module requires.
func GoServices(fsys fs.FS, p *Project) ([]Service, error) {
	g := p.Go()
	if g == nil {
		return nil, nil
	}
	var out, aside []Service
	for _, m := range g.Modules {
		clients, err := goModuleClients(fsys, m)
		if err != nil {
			return nil, err
		}
		for _, mp := range m.Mains {
			if testProgram(mp.Dir) {
				continue
			}
			s := Service{
				Name: ServiceName(mp.Binary), Path: mp.Dir, Stack: Go,
				Runs:     "go build ./" + strings.TrimPrefix(path.Clean(mp.Dir), "."),
				Port:     mp.Port,
				Evidence: mp.File + ": package main",
				Select:   map[string]string{"main": mp.Dir},
			}
			s.PortEvidence = mp.PortEvidence
			if s.Port == 0 {
				s.Port, s.PortEvidence = m.Port, m.PortEvidence
			}
			if len(clients) > 0 {
				s.Clients = withEnv(append([]Client(nil), clients...), readEnvs(fsys, ownSources(m, mp), goEnvRE))
			}
			if exampleProgram(mp.Dir) {
				aside = append(aside, s)
				continue
			}
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		return aside, nil // a repository of examples: they are what it has
	}
	return out, nil
}

// testProgram reports a main package that is part of the tests
// (testdata, test, tests or testing on its path): never a service.
func testProgram(dir string) bool {
	for _, e := range strings.Split(dir, "/") {
		switch e {
		case "testdata", "test", "tests", "testing":
			return true
		}
	}
	return false
}

// exampleProgram reports a main package under example(s)/ or _example(s)/:
// a service only in a repository that has nothing else.
func exampleProgram(dir string) bool {
	for _, e := range strings.Split(dir, "/") {
		switch strings.TrimPrefix(e, "_") {
		case "example", "examples":
			return true
		}
	}
	return false
}

// goModuleClients reads the backing-service clients a module requires
// directly.
func goModuleClients(fsys fs.FS, m GoModule) ([]Client, error) {
	name := path.Join(m.Dir, "go.mod")
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	mf, err := modfile.Parse(name, data, nil)
	if err != nil {
		return nil, err
	}
	var clients []Client
	for _, r := range mf.Require {
		if r.Indirect {
			continue
		}
		if kind := clientFor(goClients, r.Mod.Path); kind != "" {
			clients = addClient(clients, kind, fmt.Sprintf("%s:%d: requires %s", name, r.Syntax.Start.Line, r.Mod.Path))
		}
	}
	return clients, nil
}

// ownSources are the Go files of a module a main package may run: its own
// directory's first, then every file outside the other main packages.
func ownSources(m GoModule, mp MainPackage) []string {
	var own, shared []string
	for _, f := range m.Sources {
		if !strings.HasSuffix(f, ".go") {
			continue
		}
		dir := path.Dir(f)
		switch {
		case dir == mp.Dir:
			own = append(own, f)
		case !isMainDir(m, dir):
			shared = append(shared, f)
		}
	}
	return append(own, shared...)
}

func isMainDir(m GoModule, dir string) bool {
	for _, mp := range m.Mains {
		if mp.Dir == dir {
			return true
		}
	}
	return false
}
