package detect

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
)

// Python is a project with pyproject.toml, a requirements file or a Pipfile.
const Python Stack = "python"

// Python returns what the Python detector found, else nil.
func (p *Project) Python() *PythonProject { return detailOf[PythonProject](p, Python) }

// DetectPython recognises a Python project at the root of fsys. A Python
// manifest next to a package.json counts only when it names a server, a
// framework, an app or a program: a requirements.txt of documentation tools
// in a Node project is tooling, while a Django app with a front-end
// package.json is a Python server.
func DetectPython(fsys fs.FS, p *Project) (string, error) {
	py, err := readPython(fsys)
	if err != nil || py == nil {
		return "", err
	}
	if exists(fsys, "package.json") && py.Framework == "" && py.Server == "" && py.App == "" && py.Script == "" && py.ProcfileWeb == "" {
		return "", nil
	}
	p.setDetail(Python, py)
	for _, f := range py.Facts() {
		p.add(f.Name, f.Value, f.Evidence)
	}
	return py.Manifests[0], nil
}

// PythonProject is what detection found in a Python project.
type PythonProject struct {
	// PackageManager is uv, poetry, pipenv or pip; Manifests are the files
	// the dependency step needs (the manifest and its lockfile).
	PackageManager         string   `json:"packageManager"`
	PackageManagerEvidence string   `json:"packageManagerEvidence"`
	Manifests              []string `json:"manifests"`
	// Requirements is the requirements file pip installs from, "" when
	// pip reads pyproject.toml's [project] dependencies instead.
	Requirements string `json:"requirements,omitempty"`
	// PythonVersion is exact ("3.11" or "3.11.9") when a file pins it;
	// otherwise RequiresPython holds the range the project allows
	// (PEP 440 or Poetry syntax), for the plan to pick the newest
	// supported release that satisfies it.
	PythonVersion         string `json:"pythonVersion,omitempty"`
	PythonVersionEvidence string `json:"pythonVersionEvidence,omitempty"`
	RequiresPython        string `json:"requiresPython,omitempty"`
	RequiresEvidence      string `json:"requiresEvidence,omitempty"`
	// Dependencies are the direct runtime dependencies, normalised
	// (PEP 503: lower case, runs of -_. as one -), sorted; Packages every
	// runtime package the lockfile resolves, when it says.
	Dependencies []string `json:"dependencies,omitempty"`
	Packages     []string `json:"packages,omitempty"`
	// Framework is django, fastapi, starlette or flask, "" for a plain
	// program.
	Framework         string `json:"framework,omitempty"`
	FrameworkEvidence string `json:"frameworkEvidence,omitempty"`
	// Server is the app server the dependencies carry (gunicorn, uvicorn),
	// "" when none.
	Server string `json:"server,omitempty"`
	// App is the WSGI/ASGI application as module:attribute
	// ("mysite.wsgi:application", "app.main:app", "app:create_app()");
	// AppDir is the directory the module is imported from ("src" for a
	// src layout), "" for the project root.
	App         string `json:"app,omitempty"`
	AppEvidence string `json:"appEvidence,omitempty"`
	AppDir      string `json:"appDir,omitempty"`
	// Script is the file a plain program runs (python main.py).
	Script         string `json:"script,omitempty"`
	ScriptEvidence string `json:"scriptEvidence,omitempty"`
	// Django: the settings module, and whether it sets STATIC_ROOT (so
	// collectstatic runs at build time).
	DjangoSettings string `json:"djangoSettings,omitempty"`
	StaticRoot     bool   `json:"staticRoot,omitempty"`
	// ProcfileWeb is the Procfile's web command, as written.
	ProcfileWeb  string `json:"procfileWeb,omitempty"`
	Port         int    `json:"port,omitempty"`
	PortEvidence string `json:"portEvidence,omitempty"`
	// WorkspaceMembers are the members of a uv workspace the root
	// pyproject.toml declares ([tool.uv.workspace] members).
	WorkspaceMembers []string `json:"workspaceMembers,omitempty"`
	PortEnv          string   `json:"portEnv,omitempty"`
	// Native lists the packages that need a system library at run time.
	Native []NativeDep `json:"native,omitempty"`
	// Problems are things found that will not work in a container (a
	// loopback bind), for the plan to report.
	Problems []string `json:"problems,omitempty"`
}

// NativeDep is a package that links a system library.
type NativeDep struct {
	Package string `json:"package"`
	// Library names the system library ("libpq"); the plan maps it to the
	// runtime image's package of that library.
	Library  string `json:"library"`
	Evidence string `json:"evidence"`
}

// nativePackages are the Python packages that link a system library at run
// time, with the library. Packages that ship manylinux wheels bundling
// their libraries (psycopg2-binary, psycopg[binary], Pillow, lxml) are not
// here: they need nothing from the system.
func nativePackages() map[string]string {
	return map[string]string{
		"psycopg2":    "libpq",
		"psycopg-c":   "libpq",
		"psycopg":     "libpq", // the pure-Python psycopg 3 loads libpq itself
		"mysqlclient": "libmysqlclient",
		"pycurl":      "libcurl",
		"python-ldap": "libldap",
	}
}

// ErrPythonLock is returned when the manifests say a lockfile should exist
// and none does.
var ErrPythonLock = errors.New("python lockfile missing")

type pyproject struct {
	Project struct {
		Name           string              `toml:"name"`
		RequiresPython string              `toml:"requires-python"`
		Dependencies   []string            `toml:"dependencies"`
		Scripts        map[string]string   `toml:"scripts"`
		Optional       map[string][]string `toml:"optional-dependencies"`
	} `toml:"project"`
	Tool struct {
		Poetry *struct {
			Dependencies map[string]any `toml:"dependencies"`
			Scripts      map[string]any `toml:"scripts"`
		} `toml:"poetry"`
		UV *struct {
			Workspace *struct {
				Members []string `toml:"members"`
			} `toml:"workspace"`
		} `toml:"uv"`
	} `toml:"tool"`
}

type pipfile struct {
	Packages map[string]any `toml:"packages"`
	Requires struct {
		PythonVersion     string `toml:"python_version"`
		PythonFullVersion string `toml:"python_full_version"`
	} `toml:"requires"`
}

// maxManifest bounds what detection reads of one file: a manifest or
// lockfile larger than this is not a project's own.
const maxManifest = 32 << 20

// readPython reads a Python project at the root of fsys. It returns nil and
// no error for a directory that is not one.
func readPython(fsys fs.FS) (*PythonProject, error) {
	has := func(name string) bool { return exists(fsys, name) }
	reqs := requirementsFile(fsys)
	if !has("pyproject.toml") && !has("Pipfile") && reqs == "" && !has("uv.lock") && !has("poetry.lock") {
		return nil, nil
	}
	py := &PythonProject{}
	var pp pyproject
	if has("pyproject.toml") {
		if err := readTOML(fsys, "pyproject.toml", &pp); err != nil {
			return nil, err
		}
	}
	if uv := pp.Tool.UV; uv != nil && uv.Workspace != nil {
		for _, m := range uv.Workspace.Members {
			if len(py.WorkspaceMembers) < 10 && fs.ValidPath(m) {
				py.WorkspaceMembers = append(py.WorkspaceMembers, m)
			}
		}
	}
	var pf pipfile
	if has("Pipfile") {
		if err := readTOML(fsys, "Pipfile", &pf); err != nil {
			return nil, err
		}
	}
	switch {
	case has("uv.lock"):
		py.PackageManager, py.PackageManagerEvidence = "uv", "uv.lock"
		py.Manifests = []string{"pyproject.toml", "uv.lock"}
	case has("poetry.lock"):
		py.PackageManager, py.PackageManagerEvidence = "poetry", "poetry.lock"
		py.Manifests = []string{"pyproject.toml", "poetry.lock"}
	case has("Pipfile.lock"):
		py.PackageManager, py.PackageManagerEvidence = "pipenv", "Pipfile.lock"
		py.Manifests = []string{"Pipfile", "Pipfile.lock"}
	case has("Pipfile"):
		return nil, fmt.Errorf("%w: Pipfile has no Pipfile.lock; run pipenv lock, commit Pipfile.lock and run dockerize again", ErrPythonLock)
	case pp.Tool.Poetry != nil && len(pp.Project.Dependencies) == 0 && reqs == "":
		return nil, fmt.Errorf("%w: pyproject.toml has [tool.poetry] but there is no poetry.lock; run poetry lock, commit poetry.lock and run dockerize again", ErrPythonLock)
	case reqs != "":
		py.PackageManager, py.PackageManagerEvidence = "pip", reqs
		py.Requirements = reqs
		py.Manifests = []string{reqs}
	case has("pyproject.toml"):
		py.PackageManager, py.PackageManagerEvidence = "pip", "pyproject.toml [project] dependencies (no lockfile)"
		py.Manifests = []string{"pyproject.toml"}
	default:
		return nil, fmt.Errorf("%w: uv.lock or poetry.lock without pyproject.toml; restore pyproject.toml and run dockerize again", ErrPythonLock)
	}
	if py.PackageManager == "uv" || py.PackageManager == "poetry" {
		if !has("pyproject.toml") {
			return nil, fmt.Errorf("%w: %s without pyproject.toml; restore pyproject.toml and run dockerize again", ErrPythonLock, py.PackageManagerEvidence)
		}
	}
	if err := pythonVersion(fsys, &pp, &pf, py); err != nil {
		return nil, err
	}
	deps, err := pythonDependencies(fsys, &pp, &pf, py)
	if err != nil {
		return nil, err
	}
	py.Dependencies = deps
	if py.Packages, err = lockedPackages(fsys, py); err != nil {
		return nil, err
	}
	all := map[string]bool{}
	for _, d := range append(append([]string{}, deps...), py.Packages...) {
		all[d] = true
	}
	for _, s := range []string{"gunicorn", "uvicorn"} {
		if all[s] {
			py.Server = s
			break
		}
	}
	for _, name := range sortedKeys(all) {
		lib, ok := nativePackages()[name]
		if !ok {
			continue
		}
		ev := py.PackageManagerEvidence + ": " + name
		if name == "psycopg" && all["psycopg-binary"] {
			continue
		}
		py.Native = append(py.Native, NativeDep{Package: name, Library: lib, Evidence: ev})
	}
	readProcfile(fsys, py)
	src := pythonSources(fsys)
	pythonFramework(fsys, deps, src, py)
	pythonPort(fsys, src, py)
	return py, nil
}

// requirementsFile is the requirements file pip installs from:
// requirements.txt, or the production one of a requirements/ folder.
func requirementsFile(fsys fs.FS) string {
	for _, name := range []string{"requirements.txt", "requirements/production.txt", "requirements/prod.txt", "requirements/base.txt"} {
		if exists(fsys, name) {
			return name
		}
	}
	return ""
}

// readTOML parses a TOML file; a syntax error names the line.
func readTOML(fsys fs.FS, name string, v any) error {
	data, err := readLimited(fsys, name)
	if err != nil {
		return err
	}
	if _, err := toml.Decode(string(data), v); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return fmt.Errorf("%s:%d: %s; fix the TOML and run dockerize again", name, pe.Position.Line, pe.Message)
		}
		return fmt.Errorf("%s: %v; fix it and run dockerize again", name, err)
	}
	return nil
}

func readLimited(fsys fs.FS, name string) ([]byte, error) {
	st, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("reading %s: not a regular file", name)
	}
	if st.Size() > maxManifest {
		return nil, fmt.Errorf("reading %s: %d bytes is more than a project file should be; check the file", name, st.Size())
	}
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	return data, nil
}

// pythonVersionRE is what a Python version file may hold: 3.11, 3.11.9,
// optionally prefixed cpython- or python-.
var pythonVersionRE = regexp.MustCompile(`^(?:c?python-?)?(3\.\d{1,2}(?:\.\d{1,3})?)$`)

// pythonVersion takes an exact version from .python-version, runtime.txt or
// Pipfile's [requires], else the range from requires-python or Poetry's
// python dependency.
func pythonVersion(fsys fs.FS, pp *pyproject, pf *pipfile, py *PythonProject) error {
	for _, name := range []string{".python-version", "runtime.txt"} {
		if !exists(fsys, name) {
			continue
		}
		data, err := readLimited(fsys, name)
		if err != nil {
			return err
		}
		line := firstLine(data)
		m := pythonVersionRE.FindStringSubmatch(line)
		if m == nil {
			return fmt.Errorf("%s: %q is not a CPython version like 3.12 or 3.12.4; fix it or pass --python-version", name, truncate(line, 40))
		}
		py.PythonVersion, py.PythonVersionEvidence = m[1], fmt.Sprintf("%s: %s", name, line)
		return nil
	}
	for _, v := range []struct{ value, key string }{
		{pf.Requires.PythonFullVersion, "python_full_version"},
		{pf.Requires.PythonVersion, "python_version"},
	} {
		if v.value == "" {
			continue
		}
		m := pythonVersionRE.FindStringSubmatch(v.value)
		if m == nil {
			return fmt.Errorf("Pipfile: [requires] %s %q is not a CPython version like 3.12; fix it or pass --python-version", v.key, truncate(v.value, 40))
		}
		py.PythonVersion, py.PythonVersionEvidence = m[1], fmt.Sprintf("Pipfile: [requires] %s = %q", v.key, v.value)
		return nil
	}
	spec, ev := pp.Project.RequiresPython, "pyproject.toml: requires-python"
	if spec == "" && pp.Tool.Poetry != nil {
		if s, ok := pp.Tool.Poetry.Dependencies["python"].(string); ok {
			spec, ev = s, "pyproject.toml: [tool.poetry.dependencies] python"
		}
	}
	if spec == "" {
		return nil
	}
	if _, err := ParsePythonSpec(spec); err != nil {
		return fmt.Errorf("%s %q: %w; fix it or pass --python-version", ev, truncate(spec, 60), err)
	}
	py.RequiresPython, py.RequiresEvidence = spec, fmt.Sprintf("%s %q", ev, spec)
	return nil
}

func firstLine(data []byte) string {
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" && !strings.HasPrefix(l, "#") {
			return l
		}
	}
	return ""
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}

// requirementNameRE takes the distribution name at the start of a PEP 508
// requirement ("Django[argon2]>=5; python_version>'3'").
var requirementNameRE = regexp.MustCompile(`^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[([^\]]*)\])?`)

// normalizeName is PEP 503's normal form of a distribution name.
func normalizeName(name string) string {
	var b strings.Builder
	sep := false
	for _, r := range strings.ToLower(name) {
		if r == '-' || r == '_' || r == '.' {
			sep = true
			continue
		}
		if sep && b.Len() > 0 {
			b.WriteByte('-')
		}
		sep = false
		b.WriteRune(r)
	}
	return b.String()
}

// requirement returns the normalised name of a PEP 508 requirement and its
// extras, "" for a line that names no distribution (options, URLs, paths).
func requirement(line string) (string, []string) {
	m := requirementNameRE.FindStringSubmatch(line)
	if m == nil {
		return "", nil
	}
	var extras []string
	for _, e := range strings.Split(m[3], ",") {
		if e = strings.TrimSpace(e); e != "" {
			extras = append(extras, normalizeName(e))
		}
	}
	return normalizeName(m[1]), extras
}

// pythonDependencies lists the direct runtime dependencies from the
// manifest the package manager reads.
func pythonDependencies(fsys fs.FS, pp *pyproject, pf *pipfile, py *PythonProject) ([]string, error) {
	set := map[string]bool{}
	addReq := func(r string) {
		name, extras := requirement(r)
		if name == "" {
			return
		}
		set[name] = true
		// psycopg[c] builds against libpq; psycopg[binary] bundles it.
		for _, e := range extras {
			if name == "psycopg" && (e == "c" || e == "binary") {
				set["psycopg-"+e] = true
			}
		}
	}
	switch py.PackageManager {
	case "pipenv":
		for name, v := range pf.Packages {
			addReq(name)
			if t, ok := v.(map[string]any); ok {
				if ex, ok := t["extras"].([]any); ok {
					var es []string
					for _, e := range ex {
						if s, ok := e.(string); ok {
							es = append(es, s)
						}
					}
					addReq(name + "[" + strings.Join(es, ",") + "]")
				}
			}
		}
	case "pip":
		if py.Requirements != "" {
			if err := readRequirements(fsys, py.Requirements, addReq, 0); err != nil {
				return nil, err
			}
			break
		}
		for _, r := range pp.Project.Dependencies {
			addReq(r)
		}
	default:
		for _, r := range pp.Project.Dependencies {
			addReq(r)
		}
		if pp.Tool.Poetry != nil {
			for name, v := range pp.Tool.Poetry.Dependencies {
				if normalizeName(name) == "python" {
					continue
				}
				addReq(name)
				if t, ok := v.(map[string]any); ok {
					if ex, ok := t["extras"].([]any); ok {
						for _, e := range ex {
							if s, ok := e.(string); ok {
								addReq(name + "[" + s + "]")
							}
						}
					}
				}
			}
		}
	}
	return sortedKeys(set), nil
}

// readRequirements reads a requirements file, following -r includes within
// the project up to a small depth.
func readRequirements(fsys fs.FS, name string, add func(string), depth int) error {
	if depth > 5 {
		return fmt.Errorf("%s: -r includes nest more than 5 deep; flatten them and run dockerize again", name)
	}
	data, err := readLimited(fsys, name)
	if err != nil {
		return err
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if i := strings.Index(line, " #"); i >= 0 {
			line = strings.TrimSpace(line[:i])
		}
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "-r ") || strings.HasPrefix(line, "--requirement "):
			_, inc, _ := strings.Cut(line, " ")
			inc = path.Clean(path.Join(path.Dir(name), strings.TrimSpace(inc)))
			if !fs.ValidPath(inc) {
				return fmt.Errorf("%s: -r %s points outside the project; dockerize reads only the project", name, inc)
			}
			if err := readRequirements(fsys, inc, add, depth+1); err != nil {
				return err
			}
		case strings.HasPrefix(line, "-"):
			// -c constraints, --index-url, -e paths: not dependency names
		default:
			add(line)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("reading %s: %w", name, err)
	}
	return nil
}

// lockedPackages lists every runtime package the lockfile resolves (not the
// development ones), normalised and sorted; nil when the lockfile does not
// say (requirements files, uv's virtual roots).
func lockedPackages(fsys fs.FS, py *PythonProject) ([]string, error) {
	set := map[string]bool{}
	switch py.PackageManager {
	case "pipenv":
		data, err := readLimited(fsys, "Pipfile.lock")
		if err != nil {
			return nil, err
		}
		var lock struct {
			Default map[string]json.RawMessage `json:"default"`
		}
		if err := json.Unmarshal(data, &lock); err != nil {
			return nil, fmt.Errorf("Pipfile.lock: %v; run pipenv lock again and run dockerize again", err)
		}
		for name := range lock.Default {
			set[normalizeName(name)] = true
		}
	case "poetry":
		var lock struct {
			Package []struct {
				Name     string   `toml:"name"`
				Category string   `toml:"category"`
				Groups   []string `toml:"groups"`
			} `toml:"package"`
		}
		if err := readTOML(fsys, "poetry.lock", &lock); err != nil {
			return nil, err
		}
		for _, p := range lock.Package {
			main := p.Category == "main" || (p.Category == "" && len(p.Groups) == 0)
			for _, g := range p.Groups {
				main = main || g == "main"
			}
			if main {
				set[normalizeName(p.Name)] = true
			}
		}
	case "uv":
		var lock struct {
			Package []struct {
				Name         string `toml:"name"`
				Source       map[string]any
				Dependencies []struct {
					Name  string   `toml:"name"`
					Extra []string `toml:"extra"`
				} `toml:"dependencies"`
				Optional map[string][]struct {
					Name  string   `toml:"name"`
					Extra []string `toml:"extra"`
				} `toml:"optional-dependencies"`
			} `toml:"package"`
		}
		if err := readTOML(fsys, "uv.lock", &lock); err != nil {
			return nil, err
		}
		// Walk the graph from the project's own packages (virtual, editable
		// or directory sources), following runtime dependencies only.
		// A dependency with extras (fastapi[standard]) also brings the
		// optional dependencies of those extras (uvicorn).
		optional := map[string]map[string][]string{}
		for _, p := range lock.Package {
			n := normalizeName(p.Name)
			for extra, ds := range p.Optional {
				if optional[n] == nil {
					optional[n] = map[string][]string{}
				}
				for _, d := range ds {
					optional[n][extra] = append(optional[n][extra], normalizeName(d.Name))
				}
			}
		}
		deps := map[string][]string{}
		var roots []string
		for _, p := range lock.Package {
			n := normalizeName(p.Name)
			for _, d := range p.Dependencies {
				dn := normalizeName(d.Name)
				deps[n] = append(deps[n], dn)
				for _, e := range d.Extra {
					deps[n] = append(deps[n], optional[dn][e]...)
				}
			}
			for k := range p.Source {
				if k == "virtual" || k == "editable" || k == "directory" {
					roots = append(roots, n)
				}
			}
		}
		seen := map[string]bool{}
		var walk func(string, int)
		walk = func(n string, depth int) {
			if seen[n] || depth > 1000 {
				return
			}
			seen[n] = true
			for _, d := range deps[n] {
				walk(d, depth+1)
			}
		}
		for _, r := range roots {
			walk(r, 0)
		}
		for _, r := range roots {
			delete(seen, r)
		}
		set = seen
	default:
		return nil, nil
	}
	return sortedKeys(set), nil
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// readProcfile takes the Procfile's web command, which says how the
// project's authors run it.
func readProcfile(fsys fs.FS, py *PythonProject) {
	data, err := readLimited(fsys, "Procfile")
	if err != nil {
		return
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		if cmd, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "web:"); ok {
			py.ProcfileWeb = strings.TrimSpace(cmd)
			return
		}
	}
}

// pySource is one Python file read for the framework and port searches.
type pySource struct {
	name string
	text string
}

// skipDirs are folders that hold no project source.
var skipDirs = map[string]bool{
	".git": true, ".venv": true, "venv": true, "env": true, "node_modules": true, "__pycache__": true,
	"site-packages": true, ".tox": true, ".nox": true, "build": true, "dist": true, "tests": true, "test": true,
	"migrations": true, "docs": true, ".mypy_cache": true, ".pytest_cache": true, "static": true,
}

// pythonSources reads the project's Python files, a bounded number from a
// bounded depth, sorted by depth then name so the shallowest file wins.
func pythonSources(fsys fs.FS) []pySource {
	var names []string
	_ = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			if p != "." && (skipDirs[d.Name()] || strings.Count(p, "/") >= 4) {
				return fs.SkipDir
			}
			return nil
		}
		base := path.Base(p)
		if strings.HasPrefix(base, "test") || strings.HasSuffix(base, "_test.py") || base == "conftest.py" || base == "setup.py" {
			return nil
		}
		if strings.HasSuffix(p, ".py") && d.Type().IsRegular() && len(names) < 2000 {
			names = append(names, p)
		}
		return nil
	})
	sort.SliceStable(names, func(i, j int) bool {
		di, dj := strings.Count(names[i], "/"), strings.Count(names[j], "/")
		if di != dj {
			return di < dj
		}
		return names[i] < names[j]
	})
	var out []pySource
	for _, n := range names {
		st, err := fs.Stat(fsys, n)
		if err != nil || st.Size() > 1<<20 {
			continue
		}
		data, err := fs.ReadFile(fsys, n)
		if err != nil {
			continue
		}
		out = append(out, pySource{n, string(data)})
	}
	return out
}

var (
	settingsModuleRE = regexp.MustCompile(`DJANGO_SETTINGS_MODULE["']\s*,\s*["']([A-Za-z_][\w.]*)["']`)
	wsgiAppRE        = regexp.MustCompile(`(?m)^WSGI_APPLICATION\s*=\s*["']([A-Za-z_][\w.]*)["']`)
	asgiAppRE        = regexp.MustCompile(`(?m)^ASGI_APPLICATION\s*=\s*["']([A-Za-z_][\w.]*)["']`)
	staticRootRE     = regexp.MustCompile(`(?m)^STATIC_ROOT\s*=`)
	// app = FastAPI(...), application = Flask(__name__)
	appCtorRE = regexp.MustCompile(`(?m)^([A-Za-z_]\w*)\s*(?::\s*\w+\s*)?=\s*(?:[\w.]*\.)?(FastAPI|Starlette|Flask)\(`)
	// appFactoryRE: a factory callable with no arguments, every parameter
	// with a default (def create_app(test_config=None)).
	appFactoryRE  = regexp.MustCompile(`(?m)^def (create_app|make_app)\(\s*(?:\w+\s*(?::\s*[\w.\[\], |]+)?=\s*[^,()]+,?\s*)*\)`)
	mainGuardRE   = regexp.MustCompile(`(?m)^if __name__ == ["']__main__["']\s*:`)
	pyModuleIdent = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
)

// pythonFramework finds the framework from the dependencies and the
// application object or script in the source.
func pythonFramework(fsys fs.FS, deps []string, src []pySource, py *PythonProject) {
	has := map[string]bool{}
	for _, d := range deps {
		has[d] = true
	}
	ev := py.PackageManagerEvidence
	if py.PackageManager == "pip" && py.Requirements == "" {
		ev = "pyproject.toml"
	}
	switch {
	case has["django"]:
		py.Framework, py.FrameworkEvidence = "django", ev+": django"
		djangoApp(fsys, py)
		return
	case has["fastapi"]:
		py.Framework, py.FrameworkEvidence = "fastapi", ev+": fastapi"
	case has["starlette"]:
		py.Framework, py.FrameworkEvidence = "starlette", ev+": starlette"
	case has["flask"]:
		py.Framework, py.FrameworkEvidence = "flask", ev+": flask"
	}
	if app, ok := procfileApp(py.ProcfileWeb); ok {
		py.App, py.AppEvidence = app, "Procfile: web: "+truncate(py.ProcfileWeb, 80)
		return
	}
	if py.Framework != "" {
		for _, s := range src {
			want := map[string]string{"fastapi": "FastAPI", "starlette": "Starlette", "flask": "Flask"}[py.Framework]
			for _, m := range appCtorRE.FindAllStringSubmatchIndex(s.text, -1) {
				if s.text[m[4]:m[5]] != want {
					continue
				}
				mod, dir, ok := moduleOf(s.name)
				if !ok {
					continue
				}
				attr := s.text[m[2]:m[3]]
				py.App, py.AppDir = mod+":"+attr, dir
				py.AppEvidence = fmt.Sprintf("%s:%d: %s = %s(...)", s.name, lineAt(s.text, m[0]), attr, want)
				return
			}
			if py.Framework == "flask" {
				if m := appFactoryRE.FindStringSubmatchIndex(s.text); m != nil {
					if mod, dir, ok := moduleOf(s.name); ok {
						fn := s.text[m[2]:m[3]]
						py.App, py.AppDir = mod+":"+fn+"()", dir
						py.AppEvidence = fmt.Sprintf("%s:%d: %s", s.name, lineAt(s.text, m[0]), truncate(s.text[m[0]:m[1]], 60))
						return
					}
				}
			}
		}
		// An app a factory makes at import time (app = get_application()),
		// in a module that imports the framework.
		pkg := map[string]string{"fastapi": "fastapi", "starlette": "starlette", "flask": "flask"}[py.Framework]
		for _, s := range src {
			if !strings.Contains(s.text, "import "+pkg) && !strings.Contains(s.text, "from "+pkg) {
				continue
			}
			m := appAssignRE.FindStringSubmatchIndex(s.text)
			if m == nil {
				continue
			}
			if mod, dir, ok := moduleOf(s.name); ok {
				attr, fn := s.text[m[2]:m[3]], s.text[m[4]:m[5]]
				py.App, py.AppDir = mod+":"+attr, dir
				py.AppEvidence = fmt.Sprintf("%s:%d: %s = %s()", s.name, lineAt(s.text, m[0]), attr, fn)
				return
			}
		}
	}
	for _, s := range src {
		if strings.Contains(s.name, "/") {
			continue
		}
		if m := mainGuardRE.FindStringIndex(s.text); m != nil {
			py.Script = s.name
			py.ScriptEvidence = fmt.Sprintf("%s:%d: if __name__ == \"__main__\"", s.name, lineAt(s.text, m[0]))
			return
		}
	}
}

// appAssignRE is a module-level app = factory() assignment.
var appAssignRE = regexp.MustCompile(`(?m)^(app|application) *= *([A-Za-z_][A-Za-z0-9_.]*)\(\)`)

// procfileApp takes the application from "gunicorn mod:app ..." or
// "uvicorn mod:app ...".
func procfileApp(cmd string) (string, bool) {
	// "flask db upgrade; gunicorn app:app": the server is the last command.
	for _, sep := range []string{";", "&&"} {
		if i := strings.LastIndex(cmd, sep); i >= 0 {
			cmd = cmd[i+len(sep):]
		}
	}
	f := strings.Fields(cmd)
	if len(f) < 2 || (f[0] != "gunicorn" && f[0] != "uvicorn") {
		return "", false
	}
	for _, a := range f[1:] {
		if strings.HasPrefix(a, "-") {
			continue
		}
		mod, attr, ok := strings.Cut(a, ":")
		if ok && validModule(mod) && pyModuleIdent.MatchString(strings.TrimSuffix(attr, "()")) {
			return a, true
		}
		if !ok && validModule(a) {
			return a, true
		}
	}
	return "", false
}

func validModule(m string) bool {
	if m == "" || len(m) > 200 {
		return false
	}
	for _, part := range strings.Split(m, ".") {
		if !pyModuleIdent.MatchString(part) {
			return false
		}
	}
	return true
}

// moduleOf turns app/main.py into app.main (and src/pkg/main.py into
// pkg.main imported from src).
func moduleOf(file string) (mod, dir string, ok bool) {
	p := strings.TrimSuffix(file, ".py")
	if rest, found := strings.CutPrefix(p, "src/"); found {
		p, dir = rest, "src"
	}
	p = strings.TrimSuffix(p, "/__init__")
	mod = strings.ReplaceAll(p, "/", ".")
	return mod, dir, validModule(mod)
}

func lineAt(text string, offset int) int { return strings.Count(text[:offset], "\n") + 1 }

// djangoApp reads manage.py for the settings module and the settings for
// the WSGI/ASGI application and STATIC_ROOT.
func djangoApp(fsys fs.FS, py *PythonProject) {
	data, err := readLimited(fsys, "manage.py")
	if err != nil {
		return
	}
	m := settingsModuleRE.FindSubmatch(data)
	if m == nil || !validModule(string(m[1])) {
		return
	}
	py.DjangoSettings = string(m[1])
	// settings may be a module or a package; a package's split settings
	// (settings/dev.py importing settings/base.py) are read together.
	base := strings.ReplaceAll(py.DjangoSettings, ".", "/")
	var files []string
	if exists(fsys, base+".py") {
		files = append(files, base+".py")
	}
	if exists(fsys, base+"/__init__.py") {
		files = append(files, base+"/__init__.py")
	}
	if dir := path.Dir(base); len(files) > 0 && dir != "." {
		if entries, err := fs.ReadDir(fsys, dir); err == nil {
			for _, e := range entries {
				f := path.Join(dir, e.Name())
				if strings.HasSuffix(e.Name(), ".py") && f != files[0] && !e.IsDir() {
					files = append(files, f)
				}
			}
		}
	}
	for _, f := range files {
		text, err := readLimited(fsys, f)
		if err != nil {
			continue
		}
		if py.App == "" {
			if m := wsgiAppRE.FindSubmatchIndex(text); m != nil {
				py.App = wsgiTarget(string(text[m[2]:m[3]]))
				py.AppEvidence = fmt.Sprintf("%s:%d: WSGI_APPLICATION", f, lineAt(string(text), m[0]))
			}
		}
		if py.Server == "uvicorn" {
			if m := asgiAppRE.FindSubmatchIndex(text); m != nil {
				py.App = wsgiTarget(string(text[m[2]:m[3]]))
				py.AppEvidence = fmt.Sprintf("%s:%d: ASGI_APPLICATION", f, lineAt(string(text), m[0]))
			}
		}
		if staticRootRE.Match(text) {
			py.StaticRoot = true
		}
	}
}

// wsgiTarget turns Django's "mysite.wsgi.application" into gunicorn's
// "mysite.wsgi:application".
func wsgiTarget(dotted string) string {
	i := strings.LastIndex(dotted, ".")
	if i <= 0 {
		return dotted
	}
	return dotted[:i] + ":" + dotted[i+1:]
}

var (
	// uvicorn.run(app, host="0.0.0.0", port=8080), app.run(port=5000)
	pyRunPortRE = regexp.MustCompile(`\.run\([^)]*?\bport\s*=\s*(\d{1,5})`)
	// os.environ.get("PORT", "8080"), os.getenv("PORT", 8080)
	pyEnvPortRE = regexp.MustCompile(`(?:environ\.get|getenv)\(\s*["'](PORT|HTTP_PORT|SERVER_PORT)["']\s*,\s*["']?(\d{1,5})["']?\s*\)`)
	// HTTPServer(("0.0.0.0", 8080), ...), sock.bind(("", 8080))
	pyTuplePortRE = regexp.MustCompile(`\(\(\s*["']([^"']*)["']\s*,\s*(\d{1,5})\s*\)`)
	// --bind 0.0.0.0:8000, -b :5000 in a Procfile or a gunicorn config
	// pyServerRE is a line that starts a Python app server; pyPortFlagRE
	// its --port (uvicorn, fastapi run, hypercorn, daphne, waitress).
	pyServerRE        = regexp.MustCompile(`\b(gunicorn|uvicorn|fastapi|hypercorn|daphne|waitress-serve|granian)\b`)
	pyPortFlagRE      = regexp.MustCompile(`(?:--port|-p)[= ]["']?(\d{1,5})\b`)
	pyBindRE          = regexp.MustCompile(`(?:--bind[= ]|-b ?|bind\s*=\s*["'\[]+)([^\s"']*:(\d{1,5}))`)
	pyLoopbackRE      = regexp.MustCompile(`\bhost\s*=\s*["'](127\.0\.0\.1|localhost)["']`)
	pyLoopbackTupleRE = regexp.MustCompile(`\(\(\s*["'](127\.0\.0\.1|localhost)["']\s*,`)
)

// pythonPort finds the port: the Procfile's or gunicorn config's bind, then
// the code's run(port=...), a PORT variable's default or a server tuple.
func pythonPort(fsys fs.FS, src []pySource, py *PythonProject) {
	found := func(p int, ev string) bool {
		if p <= 0 || p > 65535 || py.Port != 0 {
			return py.Port != 0
		}
		py.Port, py.PortEvidence = p, ev
		return true
	}
	if m := pyBindRE.FindStringSubmatch(py.ProcfileWeb); m != nil {
		p, _ := strconv.Atoi(m[2])
		found(p, "Procfile: "+m[0])
	}
	if data, err := readLimited(fsys, "gunicorn.conf.py"); err == nil {
		if m := pyBindRE.FindSubmatch(data); m != nil {
			p, _ := strconv.Atoi(string(m[2]))
			found(p, "gunicorn.conf.py: "+string(m[0]))
		}
	}
	// The project's own start: a boot script, or its Dockerfile's CMD.
	for _, line := range projectStartLines(fsys) {
		if !pyServerRE.MatchString(line.text) {
			continue
		}
		if m := pyBindRE.FindStringSubmatch(line.text); m != nil {
			p, _ := strconv.Atoi(m[2])
			found(p, line.at+": "+truncate(line.text, 80))
		} else if m := pyPortFlagRE.FindStringSubmatch(line.text); m != nil {
			p, _ := strconv.Atoi(m[1])
			found(p, line.at+": "+truncate(line.text, 80))
		}
	}
	for _, s := range src {
		if m := pyEnvPortRE.FindStringSubmatchIndex(s.text); m != nil {
			if py.PortEnv == "" {
				py.PortEnv = s.text[m[2]:m[3]]
			}
			p, _ := strconv.Atoi(s.text[m[4]:m[5]])
			found(p, fmt.Sprintf("%s:%d: $%s defaults to %s", s.name, lineAt(s.text, m[0]), s.text[m[2]:m[3]], s.text[m[4]:m[5]]))
		}
		if m := pyRunPortRE.FindStringSubmatchIndex(s.text); m != nil {
			p, _ := strconv.Atoi(s.text[m[2]:m[3]])
			found(p, fmt.Sprintf("%s:%d: run(port=%d)", s.name, lineAt(s.text, m[0]), p))
		}
		if m := pyTuplePortRE.FindStringSubmatchIndex(s.text); m != nil {
			p, _ := strconv.Atoi(s.text[m[4]:m[5]])
			found(p, fmt.Sprintf("%s:%d: listens on (%q, %d)", s.name, lineAt(s.text, m[0]), s.text[m[2]:m[3]], p))
		}
		// Only a plain program's own bind matters: app servers are given
		// 0.0.0.0 on their command line.
		if py.Script == s.name {
			for _, re := range []*regexp.Regexp{pyLoopbackRE, pyLoopbackTupleRE} {
				if m := re.FindStringSubmatchIndex(s.text); m != nil {
					py.Problems = append(py.Problems, fmt.Sprintf("%s:%d listens on %s only, which nothing outside the container reaches; listen on 0.0.0.0", s.name, lineAt(s.text, m[0]), s.text[m[2]:m[3]]))
				}
			}
		}
	}
}

// Facts lists what was found, each with its evidence, in the order the
// Dockerfile header shows them.
func (py *PythonProject) Facts() []Fact {
	var f []Fact
	add := func(name, value, ev string) { f = append(f, Fact{Name: name, Value: value, Evidence: ev}) }
	add("package manager", py.PackageManager, py.PackageManagerEvidence)
	if py.PythonVersion != "" {
		add("python version", py.PythonVersion, py.PythonVersionEvidence)
	} else if py.RequiresPython != "" {
		add("requires-python", py.RequiresPython, py.RequiresEvidence)
	}
	if py.Framework != "" {
		add("framework", py.Framework, py.FrameworkEvidence)
	}
	if py.App != "" {
		add("app", py.App, py.AppEvidence)
	}
	if py.Script != "" {
		add("script", py.Script, py.ScriptEvidence)
	}
	if py.StaticRoot {
		add("collectstatic", py.DjangoSettings, "STATIC_ROOT in "+py.DjangoSettings)
	}
	for _, n := range py.Native {
		add("native library", n.Library, n.Evidence)
	}
	if py.Port != 0 {
		add("port", strconv.Itoa(py.Port), py.PortEvidence)
	}
	return f
}
