package plan

import (
	"path"
	"strings"

	"github.com/dockerize-dev/dockerize/detect"
)

// Checks are what a project asks of any Dockerfile that builds it, for
// lint --project: each part with its evidence, empty when unknown.
type Checks struct {
	// Version is the language version the project asks for (go.mod's
	// toolchain, .nvmrc, the pom's release, .python-version, rust-version).
	Version detect.Fact
	// Engines is package.json's engines.node range, when no file names a
	// version.
	Engines detect.Fact
	// Entry is what the image must run or build: the Go main package, the
	// file node starts, the jar, the Python app, the Rust binary.
	Entry detect.Fact
	// Lockfile is the project's lockfile, if any.
	Lockfile detect.Fact
	// Needed are files the build reads from the context.
	Needed []detect.Fact
}

// Decided is the decision named name, unless it was a default.
func (pl *Plan) Decided(name string) detect.Fact {
	for _, d := range pl.Decisions {
		if d.Name == name && !strings.HasPrefix(d.Evidence, "default") {
			return d
		}
	}
	return detect.Fact{}
}

// manifest is a file the build copies before anything else.
func manifest(name, why string) detect.Fact {
	return detect.Fact{Name: "manifest", Value: name, Evidence: why}
}

// goChecks: the newest go line of the modules, their go.mod files, and the
// main package the plan builds.
func goChecks(p *detect.Project, pl *Plan) Checks {
	var c Checks
	g := p.Go()
	if g == nil {
		return c
	}
	if g.Workspace && g.WorkspaceGoVersion != "" {
		c.Version = detect.Fact{Name: "go version", Value: g.WorkspaceGoVersion, Evidence: "go.work"}
	}
	for _, m := range g.Modules {
		if m.GoVersion != "" && (c.Version.Value == "" || compareVersions(c.Version.Value, m.GoVersion) < 0) {
			c.Version = detect.Fact{Name: "go version", Value: m.GoVersion, Evidence: m.GoVersionEvidence}
		}
		c.Needed = append(c.Needed, manifest(path.Join(m.Dir, "go.mod"), "the module's go.mod"))
	}
	if pl == nil || pl.Go() == nil {
		return c
	}
	d := pl.Decided("main package")
	c.Entry = detect.Fact{Name: "main package", Value: pl.Go().Package.String(), Evidence: d.Evidence}
	if dir := strings.TrimPrefix(pl.Go().Package.String(), "./"); dir != "." && dir != "" {
		c.Needed = append(c.Needed, detect.Fact{Name: "main package", Value: dir, Evidence: d.Evidence})
	}
	return c
}

// nodeChecks: .nvmrc or engines, the lockfile and manifests, and the file
// a server starts.
func nodeChecks(p *detect.Project, pl *Plan) Checks {
	var c Checks
	n := p.Node()
	if n == nil {
		return c
	}
	if n.NodeVersion != "" {
		c.Version = detect.Fact{Name: "node version", Value: n.NodeVersion, Evidence: n.NodeVersionEvidence}
	} else if n.Engines != "" {
		c.Engines = detect.Fact{Name: "engines", Value: n.Engines, Evidence: "package.json: engines.node"}
	}
	if n.Lockfile != "" {
		c.Lockfile = detect.Fact{Name: "lockfile", Value: n.Lockfile, Evidence: n.Lockfile + " in the project root"}
		c.Needed = append(c.Needed, c.Lockfile)
	}
	for _, pkg := range n.Packages {
		c.Needed = append(c.Needed, manifest(pkg.Manifest, "the package manifest"))
	}
	if pl == nil || pl.Node() == nil || pl.Node().Kind != NodeServer {
		return c
	}
	np := pl.Node()
	c.Entry = detect.Fact{Name: "start", Value: np.Entry.String(), Evidence: pl.Decided("start").Evidence}
	if np.Build == nil || np.Build.IsZero() {
		c.Needed = append(c.Needed, detect.Fact{Name: "start", Value: path.Join(np.AppDir.String(), np.Entry.String()), Evidence: "what node starts, with no build step"})
	}
	return c
}

// mavenChecks: the pom, the Java release the plan compiles for, the jar.
func mavenChecks(p *detect.Project, pl *Plan) Checks {
	c := Checks{Needed: []detect.Fact{manifest("pom.xml", "the Maven build")}}
	if pl == nil || pl.Maven() == nil {
		return c
	}
	if d := pl.Decided("java version"); d.Value != "" {
		c.Version = d
	}
	if m := pl.Maven(); m.JarName.String() != "" && m.Layout == LayoutJar {
		c.Entry = detect.Fact{Name: "jar", Value: m.JarName.String(), Evidence: "the jar the pom builds (artifactId-version)"}
	}
	c.Needed = append(c.Needed, detect.Fact{Name: "sources", Value: "src", Evidence: "the Maven sources"})
	return c
}

// pythonChecks: a pinned Python version, the manifests and lockfile the
// install reads, and the app the server runs.
func pythonChecks(p *detect.Project, pl *Plan) Checks {
	var c Checks
	py := p.Python()
	if py == nil {
		return c
	}
	if py.PythonVersion != "" {
		c.Version = detect.Fact{Name: "python version", Value: py.PythonVersion, Evidence: py.PythonVersionEvidence}
	}
	for _, m := range append(append([]string{}, py.Manifests...), py.Requirements) {
		if m != "" {
			c.Needed = append(c.Needed, manifest(m, "what "+py.PackageManager+" installs from"))
		}
	}
	if pl == nil || pl.Python() == nil {
		return c
	}
	if d := pl.Decided("app"); d.Value != "" {
		c.Entry = detect.Fact{Name: "app", Value: d.Value, Evidence: d.Evidence}
	}
	return c
}

// rustChecks: rust-version or the toolchain's channel, the manifests and
// Cargo.lock, and the binary the plan builds.
func rustChecks(p *detect.Project, pl *Plan) Checks {
	var c Checks
	r := p.Rust()
	if r == nil {
		return c
	}
	if r.RustVersion != "" {
		c.Version = detect.Fact{Name: "rust version", Value: r.RustVersion, Evidence: r.RustVersionEvidence}
	}
	for _, m := range r.Manifests {
		c.Needed = append(c.Needed, manifest(m, "what cargo builds from"))
	}
	if pl == nil || pl.Rust() == nil {
		return c
	}
	if d := pl.Decided("binary"); d.Value != "" {
		c.Entry = detect.Fact{Name: "binary", Value: d.Value, Evidence: d.Evidence}
	}
	return c
}
