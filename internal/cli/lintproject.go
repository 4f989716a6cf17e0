package cli

import (
	"errors"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/dockerize-dev/dockerize/detect"
	"github.com/dockerize-dev/dockerize/internal/iostreams"
	"github.com/dockerize-dev/dockerize/lint"
	"github.com/dockerize-dev/dockerize/plan"
)

// projectFacts reads what the project in dir asks of its Dockerfile, for
// lint --project: detect's facts, and the plan's port, entry point and
// needed files from the saved answers (never a prompt). ok is false when
// dir holds no project dockerize detects. A plan that cannot be made (an
// answer is needed) leaves the parts that need it empty, with a note.
func projectFacts(dir, shared string) (p lint.Project, ok bool, note string, err error) {
	opts, err := savedOptions(dir, shared)
	if err != nil {
		return p, false, "", err
	}
	proj, err := openProject(dir, opts.Answers.String("stack"))
	if errors.Is(err, detect.ErrNoStack) {
		return p, false, "", nil
	}
	if err != nil {
		return p, false, "", err
	}
	p.Stack = proj.Stack
	switch proj.Stack {
	case detect.Go:
		g := proj.Go()
		if g.Workspace && g.WorkspaceGoVersion != "" {
			p.Version = detect.Fact{Name: "go version", Value: g.WorkspaceGoVersion, Evidence: "go.work"}
		}
		for _, m := range g.Modules {
			if m.GoVersion != "" && (p.Version.Value == "" || lintOlder(p.Version.Value, m.GoVersion)) {
				p.Version = detect.Fact{Name: "go version", Value: m.GoVersion, Evidence: m.GoVersionEvidence}
			}
			p.Needed = append(p.Needed, detect.Fact{Name: "manifest", Value: path.Join(m.Dir, "go.mod"), Evidence: "the module's go.mod"})
		}
	case detect.Node:
		n := proj.Node()
		if n.NodeVersion != "" {
			p.Version = detect.Fact{Name: "node version", Value: n.NodeVersion, Evidence: n.NodeVersionEvidence}
		} else if n.Engines != "" {
			p.Engines = detect.Fact{Name: "engines", Value: n.Engines, Evidence: "package.json: engines.node"}
		}
		if n.Lockfile != "" {
			p.Lockfile = detect.Fact{Name: "lockfile", Value: n.Lockfile, Evidence: n.Lockfile + " in the project root"}
			p.Needed = append(p.Needed, p.Lockfile)
		}
		for _, pkg := range n.Packages {
			p.Needed = append(p.Needed, detect.Fact{Name: "manifest", Value: pkg.Manifest, Evidence: "the package manifest"})
		}
	case detect.Maven:
		p.Needed = append(p.Needed, detect.Fact{Name: "manifest", Value: "pom.xml", Evidence: "the Maven build"})
	}
	// readOutput refuses a symbolic link (it could point outside the
	// project) and an oversized file.
	text, exists, err := readOutput(dir, ".dockerignore")
	if err != nil {
		return p, true, "", err
	}
	if exists {
		p.DockerIgnore = []byte(text)
	}

	quiet, _, _, _ := iostreams.Test()
	_, pl, _, err := renderProject(quiet, opts)
	if err != nil {
		return p, true, "the port, entry point and build version checks need a plan: " + err.Error(), nil
	}
	decided := func(name string) detect.Fact {
		for _, d := range pl.Decisions {
			if d.Name == name && !strings.HasPrefix(d.Evidence, "default") {
				return d
			}
		}
		return detect.Fact{}
	}
	if d := decided("port"); d.Value != "" && pl.Port > 0 {
		p.Port = detect.Fact{Name: "port", Value: strconv.Itoa(pl.Port), Evidence: d.Evidence}
	}
	switch {
	case pl.Go() != nil:
		d := decided("main package")
		p.Entry = detect.Fact{Name: "main package", Value: pl.Go().Package.String(), Evidence: d.Evidence}
		if dir := strings.TrimPrefix(pl.Go().Package.String(), "./"); dir != "." && dir != "" {
			p.Needed = append(p.Needed, detect.Fact{Name: "main package", Value: dir, Evidence: d.Evidence})
		}
	case pl.Node() != nil && pl.Node().Kind == plan.NodeServer:
		d := decided("start")
		p.Entry = detect.Fact{Name: "start", Value: pl.Node().Entry.String(), Evidence: d.Evidence}
		if pl.Node().Build == nil || pl.Node().Build.IsZero() {
			p.Needed = append(p.Needed, detect.Fact{Name: "start", Value: path.Join(pl.Node().AppDir.String(), pl.Node().Entry.String()), Evidence: "what node starts, with no build step"})
		}
	case pl.Maven() != nil:
		if d := decided("java version"); d.Value != "" {
			p.Version = d
		}
		if pl.Maven().JarName.String() != "" && pl.Maven().Layout == plan.LayoutJar {
			p.Entry = detect.Fact{Name: "jar", Value: pl.Maven().JarName.String(), Evidence: "the jar the pom builds (artifactId-version)"}
		}
		p.Needed = append(p.Needed, detect.Fact{Name: "sources", Value: "src", Evidence: "the Maven sources"})
	}
	return p, true, "", nil
}

// lintOlder compares dotted versions numerically.
func lintOlder(a, b string) bool { return compareDotted(a, b) < 0 }

func compareDotted(a, b string) int {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(as) || i < len(bs); i++ {
		var x, y int
		if i < len(as) {
			x, _ = strconv.Atoi(as[i])
		}
		if i < len(bs) {
			y, _ = strconv.Atoi(bs[i])
		}
		if x != y {
			if x < y {
				return -1
			}
			return 1
		}
	}
	return 0
}

// lintDir is the directory whose project a Dockerfile is compared with:
// the file's own directory.
func lintDir(file string) string {
	d := filepath.Dir(file)
	if _, err := os.Stat(d); err != nil {
		return "."
	}
	return d
}
