// Package stacks declares every stack dockerize builds, once, in one list:
// what detection looks for, how the plan is made, the base images, the
// template folder, the questions, the build tools lint recognises and what
// the real-build suite needs. Adding a stack is adding its detect and plan
// files, its template folder and its row here (see CONTRIBUTING.md).
package stacks

import (
	"fmt"
	"io/fs"
	"regexp"
	"strings"

	"github.com/dockerize-dev/dockerize/detect"
	"github.com/dockerize-dev/dockerize/plan"
)

// Stack is everything the program knows about one stack.
type Stack struct {
	Name detect.Stack
	// Title names the stack for people: help groups, messages.
	Title string
	// Markers names the files Detect looks for, for "no project found".
	Markers string
	Detect  func(fsys fs.FS, p *detect.Project) (marker string, err error)
	// Services lists the deployable services of a project of the stack
	// (dockerize detect, init --all); nil while the stack cannot.
	Services func(fsys fs.FS, p *detect.Project) ([]detect.Service, error)
	// Plan plans the stack's projects: its planner, base-image rows,
	// template folder and the questions it offers.
	Plan plan.Stack
	// Tools are the build tools whose steps lint checks for cache order and
	// cache mounts.
	Tools []Tool
	// Build is what the real-build suite (test/e2e) needs.
	Build Build
}

// Tool describes a build tool's dependency and compile commands and the
// cache directories its RUN steps should mount.
type Tool struct {
	Name    string
	Install *regexp.Regexp // installs dependencies from manifests
	Compile *regexp.Regexp // compiles the source
	// Global matches a global install of a tool (npm install -g corepack),
	// which installs no project dependencies; nil when the tool has none.
	Global *regexp.Regexp
	// Caches: a RUN of this tool should mount at least one cache whose
	// target contains one of these.
	Caches []string
	// CompileCaches is true when the compile step also needs a cache (it
	// compiles or downloads), not only the install step.
	CompileCaches bool
	// CompileCache, when set, is the cache the compile step must mount
	// itself, and CompileCacheMissing says what its absence costs.
	CompileCache, CompileCacheMissing string
	// Runtime matches what this tool must not run in the final stage.
	Runtime *regexp.Regexp
}

// Build is what the real-build suite needs to know of a stack's builds.
type Build struct {
	// DepStep and BuildStep match the dependency and compile steps as the
	// build log prints them.
	DepStep, BuildStep *regexp.Regexp
	// Sources says which file a developer edits for a one-line change.
	Sources Sources
	// Forbidden matches paths that mean the toolchain reached the image.
	Forbidden []string
	// Naive is the single-stage Dockerfile many projects start with, for
	// the benchmark: from the generated Dockerfile, its build image and
	// port.
	Naive func(dockerfile, from, port string) (string, error)
}

// Sources picks the file a one-line change edits.
type Sources struct {
	Exts     []string // file extensions of source files
	Markers  []string // text found in the file that starts the program
	SkipDirs []string // dependency and output trees
	// SkipSuffixes are source files that are not the program (tests).
	SkipSuffixes []string
	// Comment starts a line comment in these files; "//" when empty.
	Comment string
}

var nodeGlobal = regexp.MustCompile(`\b(npm|pnpm|yarn)\b[^&;|]*\s(-g|--global)\b|\byarn global add\b`)

// All lists the stacks in the order their detectors run. Go, Maven,
// Python and Rust come before Node because Go, Java and Python web apps keep
// their front-end's package.json at the root (a JHipster app has pom.xml
// and package.json side by side, a Django app often too), while a Node
// project almost never has a go.mod, pom.xml, Python manifest or Cargo.toml.
func All() []Stack {
	return []Stack{
		{
			Name: detect.Go, Title: "Go", Markers: "go.mod or go.work",
			Detect: detect.DetectGo, Services: detect.GoServices, Plan: plan.GoStack(),
			Tools: []Tool{{
				Name: "go", Install: regexp.MustCompile(`\bgo mod download\b`), Compile: regexp.MustCompile(`\bgo build\b`),
				Caches: []string{"/go/pkg/mod", "go-build"}, CompileCaches: true,
				CompileCache: "go-build", CompileCacheMissing: "go build mounts no cache for /root/.cache/go-build, so every build compiles from scratch",
				Runtime: regexp.MustCompile(`\bgo (build|install)\b`),
			}},
			Build: Build{
				DepStep: regexp.MustCompile(`go mod download`), BuildStep: regexp.MustCompile(`go build`),
				Sources:   Sources{Exts: []string{".go"}, Markers: []string{"func main()"}, SkipDirs: []string{"vendor", "testdata"}, SkipSuffixes: []string{"_test.go"}},
				Forbidden: []string{`bin/go`, `bin/gofmt`},
				Naive:     naiveGo,
			},
		},
		{
			Name: detect.Maven, Title: "Java/Maven", Markers: "pom.xml",
			Detect: detect.DetectMaven, Services: detect.MavenServices, Plan: plan.MavenStack(),
			Tools: []Tool{{
				Name: "maven", Install: regexp.MustCompile(`\b(mvn|mvnw)\b.*(\bdependency:(go-offline|resolve)|--fail-never package)`), Compile: regexp.MustCompile(`\b(mvn|mvnw)\b.*\b(package|install|verify)\b`),
				Caches: []string{".m2"}, CompileCaches: true, Runtime: regexp.MustCompile(`\bmvnw? \b`),
			}},
			Build: Build{
				DepStep: regexp.MustCompile(`:go-offline|dependency:resolve|--fail-never package`), BuildStep: regexp.MustCompile(`package`),
				Sources:   Sources{Exts: []string{".java"}, Markers: []string{"public static void main", "@SpringBootApplication", "@Path("}, SkipDirs: []string{"target"}},
				Forbidden: []string{`bin/javac`, `bin/mvn`, `\.m2/repository`},
				Naive:     naiveMaven,
			},
		},
		{
			Name: detect.Python, Title: "Python", Markers: "pyproject.toml, requirements.txt or Pipfile",
			Detect: detect.DetectPython, Services: detect.PythonServices, Plan: plan.PythonStack(),
			Tools: []Tool{
				{
					Name: "pip", Install: regexp.MustCompile(`\bpip\b[^&;|]*\binstall\b[^&;|]*\s-r\s`), Caches: []string{".cache/pip"},
					Runtime: regexp.MustCompile(`\bpip3? install\b`),
				},
				{
					Name: "uv", Install: regexp.MustCompile(`\buv (sync\b[^&;|]*--no-install-project|pip install)\b`), Compile: regexp.MustCompile(`\buv sync\b`),
					Caches: []string{".cache/uv"}, CompileCaches: true, Runtime: regexp.MustCompile(`\buv (sync|pip install)\b`),
				},
				{Name: "poetry", Install: regexp.MustCompile(`\bpoetry install\b`), Caches: []string{"pypoetry"}, Runtime: regexp.MustCompile(`\bpoetry install\b`)},
				{Name: "pipenv", Install: regexp.MustCompile(`\bpipenv (sync|install)\b`), Caches: []string{"pipenv", ".cache/pip"}, Runtime: regexp.MustCompile(`\bpipenv (sync|install)\b`)},
			},
			Build: Build{
				DepStep:   regexp.MustCompile(`uv sync [^&;|]*--no-install-project|poetry install|pipenv sync|pip [^&;|]*install -r`),
				BuildStep: regexp.MustCompile(`uv sync|pip [^&;|]*install \.|collectstatic`),
				Sources:   Sources{Exts: []string{".py"}, Markers: []string{"FastAPI(", "Flask(", "urlpatterns", "if __name__ =="}, SkipDirs: []string{".venv", "venv", "__pycache__", "migrations"}, SkipSuffixes: []string{"_test.py"}, Comment: "#"},
				Forbidden: []string{`bin/uv`, `bin/poetry`, `bin/pipenv`},
				Naive:     naivePython,
			},
		},
		{
			Name: detect.Rust, Title: "Rust", Markers: "Cargo.toml",
			Detect: detect.DetectRust, Services: detect.RustServices, Plan: plan.RustStack(),
			Tools: []Tool{{
				Name: "cargo", Install: regexp.MustCompile(`\bcargo fetch\b|fn main\(\) \{\}.*\bcargo build\b`), Compile: regexp.MustCompile(`\bcargo build\b`),
				Caches: []string{"cargo/registry"}, CompileCaches: true,
				CompileCache: "target", CompileCacheMissing: "cargo build mounts no cache for target/, so every build compiles every dependency again",
				Runtime: regexp.MustCompile(`\bcargo (build|install)\b`),
			}},
			Build: Build{
				DepStep: regexp.MustCompile(`fn main\(\) \{\}`), BuildStep: regexp.MustCompile(`cargo build .*--bin`),
				Sources:   Sources{Exts: []string{".rs"}, Markers: []string{"fn main()"}, SkipDirs: []string{"target"}},
				Forbidden: []string{`bin/cargo`, `bin/rustc`},
				Naive:     naiveRust,
			},
		},
		{
			Name: detect.Node, Title: "Node.js", Markers: "package.json",
			Detect: detect.DetectNode, Services: detect.NodeServices, Plan: plan.NodeStack(),
			Tools: []Tool{
				{
					Name: "npm", Install: regexp.MustCompile(`\bnpm (ci|install|i)\b`), Compile: regexp.MustCompile(`\bnpm run build\b`), Global: nodeGlobal, Caches: []string{".npm"},
					Runtime: regexp.MustCompile(`\b(npm|pnpm|yarn) +(ci|install|i|add)\b.*(--dev|--include=dev)`),
				},
				{Name: "pnpm", Install: regexp.MustCompile(`\bpnpm (install|i|fetch)\b`), Compile: regexp.MustCompile(`\bpnpm (run )?build\b`), Global: nodeGlobal, Caches: []string{"pnpm"}},
				{Name: "yarn", Install: regexp.MustCompile(`\byarn( install)?( --|$| &&)`), Compile: regexp.MustCompile(`\byarn (run )?build\b`), Global: nodeGlobal, Caches: []string{"yarn"}},
				{Name: "bun", Install: regexp.MustCompile(`\bbun install\b`), Compile: regexp.MustCompile(`\bbun (run )?build\b`), Global: nodeGlobal, Caches: []string{"bun"}},
			},
			Build: Build{
				DepStep:   regexp.MustCompile(`npm ci|pnpm install|yarn install|yarn workspaces focus|bun install`),
				BuildStep: regexp.MustCompile(`npm run build|pnpm (run )?build|yarn (run )?build|bun (run )?build|node_modules`),
				Sources:   Sources{Exts: []string{".js", ".ts", ".mjs", ".tsx"}, Markers: []string{"listen(", "createServer(", "server.start(", "export default function", "document.querySelector"}, SkipDirs: []string{"node_modules", "dist"}},
				Forbidden: []string{`node_modules/typescript/package\.json`, `bin/npm`, `bin/npx`, `bin/corepack`, `bin/yarn`, `bin/pnpm`, `lib/node_modules/npm/package\.json`},
				Naive:     naiveNode,
			},
		},
	}
}

// Lookup returns the stack named name.
func Lookup(name detect.Stack) (Stack, bool) {
	for _, s := range All() {
		if s.Name == name {
			return s, true
		}
	}
	return Stack{}, false
}

// Names lists the stacks' names, in detection order.
func Names() []string {
	var names []string
	for _, s := range All() {
		names = append(names, string(s.Name))
	}
	return names
}

// Detect reads fsys (the project root) with every stack's detector.
func Detect(fsys fs.FS, opts detect.Options) (*detect.Project, error) {
	return detect.Detect(fsys, detectors(), opts)
}

// Discover lists the deployable services of the repository in fsys, each
// project's with its stack's Services.
func Discover(fsys fs.FS) ([]detect.Service, error) {
	return detect.Discover(fsys, detectors())
}

// DiscoverFrom is Discover with the root project already detected (by
// Detect, without options), so it is not detected twice.
func DiscoverFrom(fsys fs.FS, root *detect.Project) ([]detect.Service, error) {
	return detect.DiscoverFrom(fsys, detectors(), root)
}

func detectors() []detect.Detector {
	var ds []detect.Detector
	for _, s := range All() {
		ds = append(ds, detect.Detector{Stack: s.Name, Markers: s.Markers, Detect: s.Detect, Services: s.Services})
	}
	return ds
}

// Plan resolves the plan of a detected project with its stack's planner.
func Plan(p *detect.Project, a plan.Answers) (*plan.Plan, error) {
	s, ok := Lookup(p.Stack)
	if !ok {
		return nil, fmt.Errorf("the %s stack has no build plan yet", p.Stack)
	}
	return plan.New(p, a, s.Plan, Images())
}

// Offer lists what a user may still change about a resolved plan, preset
// to what the plan chose.
func Offer(pl *plan.Plan) []plan.Question {
	s, ok := Lookup(pl.Stack)
	if !ok || s.Plan.Offer == nil {
		return nil
	}
	return s.Plan.Offer(pl)
}

// Images returns the whole base-image table, stack by stack.
func Images() []plan.Image {
	var table []plan.Image
	for _, s := range All() {
		table = append(table, s.Plan.Images...)
	}
	return table
}

// Tools lists every stack's build tools.
func Tools() []Tool {
	var tools []Tool
	for _, s := range All() {
		tools = append(tools, s.Tools...)
	}
	return tools
}

func naiveGo(df, from, port string) (string, error) {
	pkg := regexp.MustCompile(`go build .* -o /out/\S+ (\S+)`).FindStringSubmatch(df)
	if pkg == nil {
		return "", fmt.Errorf("no go build line")
	}
	return fmt.Sprintf("FROM %s\nWORKDIR /src\nCOPY . .\nRUN go build -o /app %s\nEXPOSE %s\nCMD [\"/app\"]\n", from, pkg[1], port), nil
}

// naiveNode installs and builds in place and starts through the package
// manager.
func naiveNode(df, from, port string) (string, error) {
	pm := "npm"
	install := "npm install"
	for _, m := range []string{"pnpm", "yarn"} {
		if strings.Contains(df, "corepack enable "+m) {
			pm, install = m, "npm install --global corepack@"+plan.CorepackVersion+" && corepack enable "+m+" && "+m+" install"
		}
	}
	out := fmt.Sprintf("FROM %s\nWORKDIR /app\nCOPY . .\nRUN %s\n", from, install)
	if strings.Contains(df, " run build") {
		out += "RUN " + pm + " run build\n"
	}
	return out + fmt.Sprintf("EXPOSE %s\nCMD [%q, \"start\"]\n", port, pm), nil
}

func naiveMaven(df, from, port string) (string, error) {
	mvn := "mvn"
	if strings.Contains(df, "sh ./mvnw") {
		mvn = "sh ./mvnw"
	}
	return fmt.Sprintf("FROM %s\nWORKDIR /build\nCOPY . .\nRUN %s --batch-mode package -DskipTests\nEXPOSE %s\nCMD [\"sh\", \"-c\", \"java -jar target/*.jar\"]\n", from, mvn, port), nil
}

var (
	pythonCmd          = regexp.MustCompile(`(?m)^CMD (\[.*\])$`)
	pythonRequirements = regexp.MustCompile(`pip [^&;|]*install -r (\S+)`)
	pythonCollect      = regexp.MustCompile(`(?m)^RUN (.*collectstatic.*)$`)
	pythonToolPin      = regexp.MustCompile(`pip install --no-cache-dir (uv|poetry|pipenv)==(\S+)`)
	pythonPath         = regexp.MustCompile(`PYTHONPATH=(/app/\S+)`)
	pythonServerPin    = regexp.MustCompile(`pip [^&;|]*install --no-cache-dir ((?:gunicorn|uvicorn)==\S+)`)
)

// naivePython installs into the image's own Python, in place, after
// copying everything, and runs the generated command without an init.
func naivePython(df, from, port string) (string, error) {
	cmd := pythonCmd.FindStringSubmatch(df)
	if cmd == nil {
		return "", fmt.Errorf("no CMD line")
	}
	out := fmt.Sprintf("FROM %s\nWORKDIR /app\nCOPY . .\n", from)
	if m := pythonPath.FindStringSubmatch(df); m != nil {
		out += "ENV PYTHONPATH=" + m[1] + "\n" // a src layout's import root
	}
	install := "pip install ."
	if m := pythonToolPin.FindStringSubmatch(df); m != nil {
		switch m[1] {
		case "uv":
			install = "pip install uv==" + m[2] + " && uv sync --locked --no-dev"
			out += "ENV PATH=/app/.venv/bin:$PATH\n"
		case "poetry":
			install = "pip install poetry==" + m[2] + " && poetry config virtualenvs.create false && poetry install --only main --no-root"
		case "pipenv":
			install = "pip install pipenv==" + m[2] + " && pipenv install --system --deploy"
		}
	} else if m := pythonRequirements.FindStringSubmatch(df); m != nil {
		install = "pip install -r " + m[1]
	}
	if m := pythonServerPin.FindStringSubmatch(df); m != nil {
		// The server dockerize adds when the dependencies name none.
		install += " && pip install " + m[1]
	}
	out += "RUN " + install + "\n"
	if m := pythonCollect.FindStringSubmatch(df); m != nil {
		out += "RUN " + m[1] + "\n"
	}
	return out + fmt.Sprintf("EXPOSE %s\nCMD %s\n", port, cmd[1]), nil
}

var (
	rustBin     = regexp.MustCompile(`cargo build [^\n]*--bin ([A-Za-z0-9_-]+)`)
	rustLinkers = regexp.MustCompile(`\b(?:clang|lld|mold)=\S+`)
	rustFlags   = regexp.MustCompile(`cargo build --release --locked((?: --(?:features|package) \S+)*)`)
)

// naiveRust builds in place with the toolchain, with the generated build's
// features and package, and runs the binary from target/.
func naiveRust(df, from, port string) (string, error) {
	bin := rustBin.FindStringSubmatch(df)
	if bin == nil {
		return "", fmt.Errorf("no --bin in the cargo build line")
	}
	flags := ""
	if m := rustFlags.FindStringSubmatch(df); m != nil {
		flags = m[1]
	}
	out := fmt.Sprintf("FROM %s\nWORKDIR /src\n", from)
	if tools := rustLinkers.FindAllString(df, -1); len(tools) > 0 {
		out += "RUN apt-get update && apt-get install -y --no-install-recommends " + strings.Join(tools, " ") + "\n"
	}
	// The variables the app needs, as the generated image sets them.
	for _, l := range strings.Split(df, "\n") {
		if strings.HasPrefix(l, "ENV ") {
			out += l + "\n"
		}
	}
	return out + fmt.Sprintf("COPY . .\nRUN cargo build --release --locked%s --bin %s\nEXPOSE %s\nCMD [\"/src/target/release/%s\"]\n", flags, bin[1], port, bin[1]), nil
}

// Titles lists the stacks' names for people, in detection order.
func Titles() []string {
	var titles []string
	for _, s := range All() {
		titles = append(titles, s.Title)
	}
	return titles
}

// Common returns the questions every stack shares: --stack and --port.
func Common() []plan.Question {
	stack := plan.Question{Name: "stack", Help: "the project's stack when detection should not choose (" + strings.Join(Names(), ", ") + ")"}
	return append([]plan.Question{stack}, plan.CommonQuestions()...)
}

// Questions lists every question once, by name: the common ones, then
// each stack's, in detection order. A name two stacks declare (--module,
// --runtime) is one flag; each stack keeps its own help for it.
func Questions() []plan.Question {
	qs := Common()
	seen := map[string]bool{}
	for _, q := range qs {
		seen[q.Name] = true
	}
	for _, s := range All() {
		for _, q := range s.Plan.Questions {
			if !seen[q.Name] {
				seen[q.Name] = true
				qs = append(qs, q)
			}
		}
	}
	return qs
}

// Question returns the declaration of the question named name.
func Question(name string) (plan.Question, bool) {
	for _, q := range Questions() {
		if q.Name == name {
			return q, true
		}
	}
	return plan.Question{}, false
}

// Owners lists the stacks that declare the question named name; none for
// a common question.
func Owners(name string) []Stack {
	var owners []Stack
	for _, s := range All() {
		for _, q := range s.Plan.Questions {
			if q.Name == name {
				owners = append(owners, s)
			}
		}
	}
	return owners
}

// Asks reports whether stack s takes the question named name: its own, or
// a common one.
func Asks(s Stack, name string) bool {
	for _, q := range append(Common(), s.Plan.Questions...) {
		if q.Name == name {
			return true
		}
	}
	return false
}
