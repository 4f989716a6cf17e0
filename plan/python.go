package plan

import (
	"encoding/json"
	"fmt"
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/dockerize-dev/dockerize/detect"
	"github.com/dockerize-dev/dockerize/internal/dfvalue"
)

// PythonStack is what the plan knows of Python.
func PythonStack() Stack {
	return Stack{Name: detect.Python, Plan: planPython, Images: PythonImages(), Templates: "python", Questions: pythonQuestions(), Offer: pythonOffer, Checks: pythonChecks}
}

// pythonQuestions are the Python flags and settings.
func pythonQuestions() []Question {
	return []Question{
		{
			Name: "python-version", Help: "the CPython release, 3.13 or 3.13.9 (default: .python-version, runtime.txt, Pipfile, requires-python)",
			Kind: KindInput, Prompt: "Which Python version?", Validate: matches(pythonVersionRE, "a CPython release such as 3.13 or 3.13.9"),
		},
		{
			Name: "server", Help: "the app server: gunicorn (WSGI) or uvicorn (ASGI) (default: the one in the dependencies)",
			Kind: KindSelect, Prompt: "Which app server runs it?", Options: []string{"gunicorn", "uvicorn"},
		},
		{
			Name: "app", Help: "the WSGI/ASGI application as module:attribute, e.g. app.main:app (default: found in the code or Django's settings)",
			Kind: KindInput, Prompt: "Which application object (module:attribute)?", Validate: matches(pythonAppRE, "module:attribute, e.g. app.main:app"),
		},
	}
}

// PythonImages are the Python rows of the base-image table.
func PythonImages() []Image {
	return []Image{
		{
			Key: "python.build", Repository: "python", Tag: "{version}-bookworm", DefaultVersion: PythonReleases()[0],
			Why: "official CPython on Debian 12 with compilers and the common -dev libraries (libpq, mysqlclient, libjpeg), for packages built from source",
		},
		{
			Key: "python.runtime", Repository: "python", Tag: "{version}-slim-bookworm", DefaultVersion: PythonReleases()[0],
			Why: "the same CPython without compilers; the virtualenv made in the build stage runs unchanged (both have python3 in /usr/local/bin)",
		},
	}
}

// PythonReleases are the newest patch release of each CPython line the
// images publish, newest first: a version naming only a line (3.12, or a
// range requires-python allows) resolves to these, so every tag is exact.
func PythonReleases() []string {
	return []string{"3.14.2", "3.13.11", "3.12.12", "3.11.14", "3.10.19"}
}

// Tool versions the generated Python Dockerfiles pin, from PyPI.
const (
	UVVersion     = "0.13.9"
	PoetryVersion = "2.5.1"
	PipenvVersion = "2026.10.3"
)

// pythonServers are the app servers dockerize installs, pinned, when a
// requirements file names none (PyPI releases).
func pythonServers() map[string]string {
	return map[string]string{"gunicorn": "23.0.0", "uvicorn": "0.54.0"}
}

// pythonLibraries maps a system library a package links to its Debian 12
// runtime package, pinned, and its -dev package for building from source
// (which python:*-bookworm already carries).
func pythonLibraries() map[string]struct{ runtime, dev string } {
	return map[string]struct{ runtime, dev string }{
		"libpq":          {"libpq5=15.18-0+deb12u1", "libpq-dev"},
		"libmysqlclient": {"libmariadb3=1:10.11.18-0+deb12u1", "default-libmysqlclient-dev"},
		"libcurl":        {"libcurl4=7.88.1-10+deb12u15", "libcurl4-openssl-dev"},
		"libldap":        {"libldap-2.5-0=2.5.13+dfsg-5", "libldap2-dev"},
	}
}

// PythonRuntimePackages lists the pinned Debian runtime packages a Python
// plan may install, for the test that checks each is still the
// candidate on the Debian mirror.
func PythonRuntimePackages() []string {
	var out []string
	for _, lib := range pythonLibraries() {
		out = append(out, lib.runtime)
	}
	sort.Strings(out)
	return out
}

// Python returns the Python part of a Python plan, else nil.
func (pl *Plan) Python() *PythonPlan { p, _ := pl.Detail.(*PythonPlan); return p }

// PythonPlan is the Python-specific part of a plan. Every value a
// template prints is a checked dfvalue.
type PythonPlan struct {
	Version string
	// PackageManager is uv, poetry, pipenv or pip: the template sets the
	// build stage's constant variables by it.
	PackageManager dfvalue.Word
	// Tool installs the package manager into the build image and makes
	// the virtualenv; none for pip with a requirements file, whose
	// install step makes the virtualenv.
	Tool      dfvalue.Shell
	Manifests []Copy
	// Install installs the dependencies from the manifests alone; Caches
	// are the download caches its RUN mounts.
	Install dfvalue.Shell
	Caches  []dfvalue.Word
	// ServerInstall installs the app server when a requirements file has
	// none, pinned (zero when the dependencies carry it).
	ServerInstall dfvalue.Shell
	// InstallProject installs the project itself after COPY . . (zero
	// when the project is not a package).
	InstallProject dfvalue.Shell
	// Collectstatic is Django's collectstatic, run in the build stage.
	Collectstatic dfvalue.Shell
	// BuildLibraries and RuntimePackages are the native libraries: the
	// -dev packages the build image has, and the pinned runtime packages a
	// runtime-base stage installs on the slim image.
	BuildLibraries  []dfvalue.Word
	RuntimePackages []dfvalue.Word
	// DjangoSettings is DJANGO_SETTINGS_MODULE; AppDir goes on PYTHONPATH.
	DjangoSettings *dfvalue.Word
	AppDir         *dfvalue.Path
	// Tini is Debian's tini when PID 1 needs it (a plain program).
	Tini       *TiniDeb
	Entrypoint *dfvalue.Exec
	Cmd        dfvalue.Exec
}

var (
	pythonVersionRE = regexp.MustCompile(`^3\.[0-9]{1,2}(\.[0-9]{1,2})?$`)
	pythonModuleRE  = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$`)
	pythonPathRE    = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9._-]*(/[A-Za-z0-9_][A-Za-z0-9._-]*)*$`)
	pythonAppRE     = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*:[A-Za-z_][A-Za-z0-9_]*(\(\))?$`)
)

// pythonPath reports whether p is a relative path inside the project with
// plain segments, safe in COPY and a shell word: no "..", no leading dot
// segment tricks, no spaces or shell characters.
func pythonPath(p string) bool {
	if !pythonPathRE.MatchString(p) || len(p) > 255 {
		return false
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == "." || seg == ".." {
			return false
		}
	}
	return true
}

// quoteName shows a project value in an error, escaped and shortened.
func quoteName(s string) string {
	if len(s) > 80 {
		s = s[:80] + "..."
	}
	return fmt.Sprintf("%q", s)
}

// pythonUser is the numeric user the runtime stage creates.
const pythonUser = 10001

func planPython(pl *Plan, p *detect.Project, a Answers) error {
	py := p.Python()
	pp := &PythonPlan{}
	pl.Detail = pp
	pl.title = "app"
	pp.PackageManager = mustWord(py.PackageManager)

	var err error
	if pp.Version, err = pythonVersion(pl, py, a); err != nil {
		return err
	}
	if pl.BuildImage, err = pl.imageRef(a, "python.build", pp.Version); err != nil {
		return err
	}
	if err := pythonInstall(pl, pp, py); err != nil {
		return err
	}
	if err := pythonCommand(pl, pp, py, a); err != nil {
		return err
	}
	pythonNative(pl, pp, py)
	for _, problem := range py.Problems {
		pl.decide("warning", problem, "the app must listen on 0.0.0.0 to be reached from outside the container")
	}

	rt, _ := pl.image("python.runtime")
	if pl.RuntimeImage, err = pl.imageRef(a, "python.runtime", pp.Version); err != nil {
		return err
	}
	pl.decide("runtime", pl.RuntimeImage.String(), rt.Why)
	pl.UID, pl.GID = pythonUser, pythonUser
	pl.decide("user", fmt.Sprintf("%d:%d", pl.UID, pl.GID), "a numeric non-root user the runtime stage creates")
	pl.setLabel("org.opencontainers.image.title", "app")
	pl.Ignore = pythonIgnore(p, pp)
	return nil
}

// pythonVersion: the flag, then the file that pins one, then the newest
// release requires-python allows, then the table's default; a line (3.12)
// becomes its newest patch release so the tag is exact.
func pythonVersion(pl *Plan, py *detect.PythonProject, a Answers) (string, error) {
	def, _ := pl.image("python.build")
	flag := versionFlag{"python-version", "python", pythonVersionRE, "a CPython release", "a version such as 3.13 or 3.13.9"}
	var lines []string
	for _, r := range PythonReleases() {
		lines = append(lines, pythonLine(r))
	}
	project := func() (string, string, error) {
		if py.PythonVersion != "" {
			if !pythonVersionRE.MatchString(py.PythonVersion) {
				return "", "", fmt.Errorf("%s names Python %q, which is not a CPython release; write one such as 3.13, or pass --python-version", py.PythonVersionEvidence, py.PythonVersion)
			}
			return py.PythonVersion, py.PythonVersionEvidence, nil
		}
		if py.RequiresPython == "" {
			return "", "", nil
		}
		v, err := detect.NewestPython(py.RequiresPython, lines)
		if err != nil {
			return "", "", fmt.Errorf("%s: %w; pass --python-version", py.RequiresEvidence, err)
		}
		return v, "the newest release " + py.RequiresEvidence + " allows", nil
	}
	v, err := pl.chooseVersion("python version", a, flag, project, def.DefaultVersion, "default: no .python-version, runtime.txt or requires-python")
	if err != nil {
		return "", err
	}
	if strings.Count(v, ".") == 1 {
		for _, r := range PythonReleases() {
			if pythonLine(r) == v {
				pl.redecide("python version", r, lastEvidence(pl, "python version")+"; "+v+" is "+r+", its newest release")
				return r, nil
			}
		}
		return "", fmt.Errorf("%w: Python %s is not a line dockerize knows (%s); pass --python-version with an exact release such as %s", ErrInvalid, v, strings.Join(lines, ", "), PythonReleases()[0])
	}
	return v, nil
}

func pythonLine(v string) string {
	parts := strings.SplitN(v, ".", 3)
	if len(parts) < 2 {
		return v
	}
	return parts[0] + "." + parts[1]
}

func lastEvidence(pl *Plan, name string) string {
	for i := len(pl.Decisions) - 1; i >= 0; i-- {
		if pl.Decisions[i].Name == name {
			return pl.Decisions[i].Evidence
		}
	}
	return ""
}

// pipInVenv is a pip command that installs into the virtualenv, made
// without a pip of its own, with the image's pip.
func pipInVenv(args ...string) []string {
	return append([]string{"pip", "--python", "/opt/venv/bin/python"}, args...)
}

// pythonInstall makes the dependency step: a virtualenv in /opt/venv
// filled from the manifests alone, with the package manager's cache.
func pythonInstall(pl *Plan, pp *PythonPlan, py *detect.PythonProject) error {
	for _, m := range append(append([]string{}, py.Manifests...), py.Requirements) {
		if m != "" && !pythonPath(m) {
			return fmt.Errorf("%s: dockerize copies and installs only files inside the project with plain names (letters, digits, . _ - /); rename it", quoteName(m))
		}
	}
	pp.Manifests = []Copy{{Sources: pl.paths("the manifest", "rename it", py.Manifests...), Dest: mustPath(".").DirDest()}}
	venv := pl.command("venv", "python", "-m", "venv", "/opt/venv")
	caches := func(cs ...string) []dfvalue.Word {
		var ws []dfvalue.Word
		for _, c := range cs {
			ws = append(ws, mustWord(c))
		}
		return ws
	}
	switch py.PackageManager {
	case "uv":
		pp.Tool = pl.command("uv", "pip", "install", "--no-cache-dir", "uv=="+UVVersion)
		pp.Install = pl.command("uv", "uv", "sync", "--locked", "--no-dev", "--no-install-project")
		pp.InstallProject = pl.command("uv", "uv", "sync", "--locked", "--no-dev", "--no-editable")
		pp.Caches = caches("/root/.cache/uv")
	case "poetry":
		pp.Tool = pl.command("poetry", "pip", "install", "--no-cache-dir", "poetry=="+PoetryVersion).And(venv)
		pp.Install = pl.command("poetry", "poetry", "install", "--only", "main", "--no-root")
		pp.Caches = caches("/root/.cache/pypoetry")
	case "pipenv":
		pp.Tool = pl.command("pipenv", "pip", "install", "--no-cache-dir", "pipenv=="+PipenvVersion).And(venv)
		pp.Install = pl.command("pipenv", "pipenv", "sync")
		pp.Caches = caches("/root/.cache/pip", "/root/.cache/pipenv")
	case "pip":
		pp.Tool = pl.command("venv", "python", "-m", "venv", "--without-pip", "/opt/venv")
		pp.Caches = caches("/root/.cache/pip")
		if py.Requirements != "" {
			// The virtualenv is made in the install step: one step fewer
			// on a cold build, and making it takes a fraction of a second.
			pp.Install = pp.Tool.And(pl.command("the requirements file", pipInVenv("install", "-r", pl.path(py.Requirements, "the requirements file", "rename it").String())...))
			pp.Tool = dfvalue.Shell{}
			if strings.Contains(py.Requirements, "/") {
				// -r includes are read relative to the file: copy the folder.
				dir := pl.path(path.Dir(py.Requirements), "the requirements folder", "rename it")
				pp.Manifests = []Copy{{Sources: dfvalue.Paths{dir}, Dest: dir.DirDest()}}
			}
		} else {
			// pyproject.toml without a lockfile: pip installs the project
			// and its [project] dependencies after the source is copied.
			pp.InstallProject = pl.command("pip", pipInVenv("install", ".")...)
		}
	default:
		return fmt.Errorf("unknown Python package manager %q", py.PackageManager)
	}
	pl.decide("package manager", py.PackageManager+pythonToolVersion(py.PackageManager), py.PackageManagerEvidence)
	return nil
}

func pythonToolVersion(pm string) string {
	switch pm {
	case "uv":
		return "@" + UVVersion
	case "poetry":
		return "@" + PoetryVersion
	case "pipenv":
		return "@" + PipenvVersion
	}
	return ""
}

// pythonCommand decides what the image runs: the app server with the app
// bound to 0.0.0.0, or the plain program under tini.
func pythonCommand(pl *Plan, pp *PythonPlan, py *detect.PythonProject, a Answers) error {
	app, appWhy := py.App, py.AppEvidence
	if a.String("app") != "" {
		if !pythonAppRE.MatchString(a.String("app")) {
			return fmt.Errorf("%w: --app %q is not module:attribute; use one such as app.main:app", ErrInvalid, a.String("app"))
		}
		app, appWhy = a.String("app"), "--app"
	}
	if app != "" && !pythonAppRE.MatchString(app) {
		return fmt.Errorf("%s: %q is not module:attribute; pass --app", appWhy, app)
	}
	if py.Framework != "" {
		pl.decide("framework", py.Framework, py.FrameworkEvidence)
	}
	if py.AppDir != "" {
		if !pythonPath(py.AppDir) {
			return fmt.Errorf("the app folder %s is not a plain path inside the project (letters, digits, . _ - /); rename it or pass --app", quoteName(py.AppDir))
		}
		dir := pl.path(py.AppDir, "the app folder", "rename it or pass --app")
		pp.AppDir = &dir
	}
	if py.Framework == "django" && py.DjangoSettings != "" {
		if !pythonModuleRE.MatchString(py.DjangoSettings) {
			return fmt.Errorf("the Django settings module %s (manage.py) is not a dotted Python module name; fix DJANGO_SETTINGS_MODULE in manage.py", quoteName(py.DjangoSettings))
		}
		settings := mustWord(py.DjangoSettings)
		pp.DjangoSettings = &settings
		if py.StaticRoot {
			pp.Collectstatic = pl.command("the Django settings module", "python", "manage.py", "collectstatic", "--noinput", "--settings", py.DjangoSettings)
			pl.decide("collectstatic", "at build time", "STATIC_ROOT in "+py.DjangoSettings)
		}
	}

	if app == "" {
		if py.Framework != "" && py.Script == "" {
			return &MissingError{Question: Lookup(pythonQuestions(), "app"), Reason: fmt.Sprintf("no %s application object found (%s)", py.Framework, py.FrameworkEvidence)}
		}
		if py.Script == "" && len(py.WorkspaceMembers) > 0 {
			return fmt.Errorf("pyproject.toml: [tool.uv.workspace] members %s: the app is in a workspace member, and dockerize does not build uv workspace members from the root yet; give the member its own lockfile (uv lock in %s) and run dockerize there, or pass --app with a module importable from the root", strings.Join(py.WorkspaceMembers, ", "), py.WorkspaceMembers[0])
		}
		if py.Script == "" {
			return &MissingError{Question: Lookup(pythonQuestions(), "app"), Reason: "no web framework and no program with if __name__ == \"__main__\" at the root"}
		}
		if !pythonPath(py.Script) {
			return fmt.Errorf("the program %s is not a plain path inside the project (letters, digits, . _ - /); rename it", quoteName(py.Script))
		}
		pl.decide("start", "python "+py.Script, py.ScriptEvidence)
		pl.choosePort(a.Int("port"), []portFound{{py.Port, py.PortEvidence}}, defaultPort, "default; pass --port if the program listens elsewhere")
		if py.PortEnv != "" {
			if !portEnvRE.MatchString(py.PortEnv) {
				return fmt.Errorf("%s: %q is not an environment variable name", py.PortEvidence, py.PortEnv)
			}
			pl.PortEnv = pl.envKey(py.PortEnv, py.PortEvidence+": the port variable")
		}
		tini := pl.tiniDeb()
		pp.Tini = &tini
		entry := pl.exec("init", "/usr/local/bin/tini", "--")
		pp.Entrypoint = &entry
		pp.Cmd = pl.exec("the program", "python", pl.path(py.Script, "the program", "rename it").String())
		pl.decide("init", "tini "+TiniVersion, "python as PID 1 ignores SIGTERM, so docker stop would wait 10 s")
		return nil
	}

	asgi := py.Framework == "fastapi" || py.Framework == "starlette" || strings.Contains(app, ".asgi:")
	server, serverWhy := py.Server, py.PackageManagerEvidence+": "+py.Server
	if asgi && has(py, "uvicorn") {
		server, serverWhy = "uvicorn", py.PackageManagerEvidence+": uvicorn (an ASGI app)"
	}
	switch s := a.String("server"); s {
	case "":
	case "gunicorn", "uvicorn":
		server, serverWhy = s, "--server"
	default:
		return fmt.Errorf("%w: --server %q is not gunicorn or uvicorn", ErrInvalid, s)
	}
	if server == "" {
		want := "gunicorn"
		if asgi {
			want = "uvicorn"
		}
		if py.PackageManager == "pip" {
			// requirements.txt without a lock: the server is one more
			// pinned requirement, installed into the same virtualenv.
			server, serverWhy = want, "none in "+py.PackageManagerEvidence+", so dockerize installs "+want+" "+pythonServers()[want]+" into the virtualenv; add "+want+" to "+py.PackageManagerEvidence+" to choose its version"
			pp.ServerInstall = pl.command("server", pipInVenv("install", "--no-cache-dir", want+"=="+pythonServers()[want])...)
		}
	}
	if server == "" {
		want := "gunicorn"
		if asgi {
			want = "uvicorn"
		}
		return fmt.Errorf("%s (%s) needs an app server in its dependencies, and there is none: add %s to %s, lock it, and run dockerize again", app, appWhy, want, py.PackageManagerEvidence)
	}
	if !has(py, server) && serverWhy == "--server" && py.PackageManager != "pip" {
		return fmt.Errorf("%w: --server %s is not in the dependencies (%s); add it, lock it, and run dockerize again", ErrInvalid, server, py.PackageManagerEvidence)
	}
	if asgi && server == "gunicorn" && !has(py, "uvicorn") {
		return fmt.Errorf("%s is an ASGI app, which gunicorn serves only through uvicorn's worker; add uvicorn to %s, lock it, and run dockerize again", app, py.PackageManagerEvidence)
	}
	if !asgi && server == "uvicorn" {
		return fmt.Errorf("%w: %s is a WSGI app, which uvicorn does not serve; use --server gunicorn", ErrInvalid, app)
	}
	if !has(py, server) && py.PackageManager == "pip" && pp.ServerInstall.IsZero() {
		pp.ServerInstall = pl.command("server", pipInVenv("install", "--no-cache-dir", server+"=="+pythonServers()[server])...)
		serverWhy += ", installed at " + pythonServers()[server] + " (not in " + py.PackageManagerEvidence + ")"
	}
	pl.decide("app", app, appWhy)
	pl.decide("server", server, serverWhy)
	pl.choosePort(a.Int("port"), []portFound{{py.Port, py.PortEvidence}}, 8000, "default for "+server+"; pass --port to change it")
	bind := fmt.Sprintf("0.0.0.0:%d", pl.Port)
	factory := strings.HasSuffix(app, "()")
	switch {
	case server == "uvicorn":
		args := []string{"uvicorn", strings.TrimSuffix(app, "()")}
		if factory {
			args = append(args, "--factory")
		}
		args = append(args, "--host", "0.0.0.0", "--port", fmt.Sprint(pl.Port))
		pp.Cmd = pl.exec("the app", args...)
	case asgi:
		pp.Cmd = pl.exec("the app", "gunicorn", "--bind", bind, "--worker-class", "uvicorn.workers.UvicornWorker", app)
	default:
		pp.Cmd = pl.exec("the app", "gunicorn", "--bind", bind, app)
	}
	return nil
}

// has reports a package among the direct or locked runtime dependencies.
func has(py *detect.PythonProject, name string) bool {
	for _, d := range append(append([]string{}, py.Dependencies...), py.Packages...) {
		if d == name {
			return true
		}
	}
	return false
}

// pythonNative adds the runtime packages of the system libraries the
// dependencies link, with the evidence.
func pythonNative(pl *Plan, pp *PythonPlan, py *detect.PythonProject) {
	seen := map[string]bool{}
	for _, n := range py.Native {
		lib, ok := pythonLibraries()[n.Library]
		if !ok || seen[n.Library] {
			continue
		}
		seen[n.Library] = true
		pp.RuntimePackages = append(pp.RuntimePackages, mustWord(lib.runtime))
		name, _, _ := strings.Cut(lib.runtime, "=")
		how := "links it at run time"
		if n.Package != "psycopg" {
			pp.BuildLibraries = append(pp.BuildLibraries, mustWord(lib.dev))
			how = "builds against " + lib.dev + " (in the build image) and links it"
		} else {
			how = "loads it at run time"
		}
		pl.decide("native library", name, n.Evidence+", which "+how)
	}
	sort.Slice(pp.RuntimePackages, func(i, j int) bool { return pp.RuntimePackages[i].String() < pp.RuntimePackages[j].String() })
}

var portEnvRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// execForm encodes an exec-form instruction's arguments as the JSON array
// Docker reads, so no project value can break out of its string.
func execForm(args ...string) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(args)
	return strings.TrimSpace(b.String())
}

// pythonIgnore is the .dockerignore of a Python build.
func pythonIgnore(p *detect.Project, pp *PythonPlan) IgnoreFile {
	f := IgnoreFile{Sections: commonIgnore()}
	f.Sections = append(f.Sections, IgnoreSection{"Virtualenvs, caches and build output are made in the image", []string{
		"**/.venv", "**/venv", "**/__pycache__", "**/*.py[cod]", "**/.pytest_cache", "**/.mypy_cache", "**/.ruff_cache",
		"**/.tox", "**/.nox", "**/htmlcov", "**/.coverage", "**/*.egg-info", "build", "dist", "staticfiles",
	}})
	var needed []string
	for _, c := range pp.Manifests {
		for _, src := range c.Sources {
			needed = append(needed, src.String())
		}
	}
	finishIgnore(&f, p.Gitignore, needed)
	return f
}

// pythonOffer lists what a user may still change about a Python plan.
func pythonOffer(pl *Plan) []Question {
	pp := pl.Python()
	qs := []Question{preset(pythonQuestions(), "python-version", pp.Version)}
	return append(qs, portQuestion(pl))
}
