package detect

import (
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

	"go.yaml.in/yaml/v3"
)

// Node is the Node.js stack.
const Node Stack = "node"

// Node returns what Node.js detection found, or nil when the project is not one.
func (p *Project) Node() *NodeProject { return detailOf[NodeProject](p, Node) }

// NodeProject is what detection found in a Node.js project.
type NodeProject struct {
	// PackageManager is npm, pnpm, yarn or bun; PackageManagerVersion is
	// the exact version when the packageManager field names one.
	PackageManager         string `json:"packageManager"`
	PackageManagerVersion  string `json:"packageManagerVersion,omitempty"`
	PackageManagerEvidence string `json:"packageManagerEvidence"`
	// Lockfile is the lockfile's name, "" when there is none.
	Lockfile string `json:"lockfile,omitempty"`
	// YarnBerry is true for Yarn 2+ (.yarnrc.yml or a berry lockfile);
	// YarnPnP when it uses Plug'n'Play instead of node_modules.
	YarnBerry bool `json:"yarnBerry,omitempty"`
	YarnPnP   bool `json:"yarnPnP,omitempty"`
	// NodeVersion is exact ("22.11.0") or a major ("22") from .nvmrc or
	// .node-version; Engines is package.json's engines.node range.
	NodeVersion         string `json:"nodeVersion,omitempty"`
	NodeVersionEvidence string `json:"nodeVersionEvidence,omitempty"`
	Engines             string `json:"engines,omitempty"`
	// Workspaces are the workspace package directories, when the root is a
	// monorepo (npm/yarn workspaces or pnpm-workspace.yaml).
	Workspaces []string `json:"workspaces,omitempty"`
	// PnpmWorkspace is true when pnpm-workspace.yaml lists the workspaces.
	PnpmWorkspace bool          `json:"pnpmWorkspace,omitempty"`
	Packages      []NodePackage `json:"packages"`
}

// NodePackage is one package.json: the root, or a workspace package.
type NodePackage struct {
	Dir     string            `json:"dir"`
	Name    string            `json:"name,omitempty"`
	Main    string            `json:"main,omitempty"`
	Type    string            `json:"type,omitempty"`
	Scripts map[string]string `json:"scripts,omitempty"`
	// Framework is express, fastify, koa, nestjs, next or spa (a client
	// side app with a bundler and no server), "" when none is known.
	Framework         string `json:"framework,omitempty"`
	FrameworkEvidence string `json:"frameworkEvidence,omitempty"`
	TypeScript        bool   `json:"typescript,omitempty"`
	// OutDir is where the build writes (tsconfig outDir, or the bundler's
	// default).
	OutDir         string `json:"outDir,omitempty"`
	NextStandalone bool   `json:"nextStandalone,omitempty"`
	// HasPublic is true when the package has a public/ folder (Next.js
	// serves it).
	HasPublic bool `json:"hasPublic,omitempty"`
	// Entry is the file node runs, with the evidence; "" when unknown.
	Entry         string `json:"entry,omitempty"`
	EntryEvidence string `json:"entryEvidence,omitempty"`
	// EntryProblem says why an apparent entry was not taken (a main field
	// naming a file that does not exist).
	EntryProblem string `json:"entryProblem,omitempty"`
	Port         int    `json:"port,omitempty"`
	PortEvidence string `json:"portEvidence,omitempty"`
	PortEnv      string `json:"portEnv,omitempty"`
	// Manifest is the package.json path, for COPY.
	Manifest string `json:"manifest"`
	// Sources are the package's own JavaScript and TypeScript files.
	Sources []string `json:"-"`
}

type packageJSON struct {
	Name           string            `json:"name"`
	Main           string            `json:"main"`
	Type           string            `json:"type"`
	Scripts        map[string]string `json:"scripts"`
	Engines        map[string]string `json:"engines"`
	PackageManager string            `json:"packageManager"`
	Workspaces     json.RawMessage   `json:"workspaces"`
	Dependencies   map[string]string `json:"dependencies"`
	DevDeps        map[string]string `json:"devDependencies"`
}

// ErrUnknownPackageManager is returned for a packageManager field naming a
// tool dockerize does not know.
var ErrUnknownPackageManager = errors.New("unknown package manager")

// DetectNode recognises a Node.js project (package.json).
func DetectNode(fsys fs.FS, p *Project) (string, error) {
	if !exists(fsys, "package.json") {
		return "", nil
	}
	root, err := readPackageJSON(fsys, "package.json")
	if err != nil {
		return "", err
	}
	n := &NodeProject{}
	if err := nodePackageManager(fsys, root, n); err != nil {
		return "", err
	}
	if err := nodeVersion(fsys, root, n); err != nil {
		return "", err
	}
	ws, err := workspaces(fsys, root)
	if err != nil {
		return "", err
	}
	n.Workspaces = ws
	n.PnpmWorkspace = exists(fsys, "pnpm-workspace.yaml")
	for _, dir := range append([]string{"."}, ws...) {
		pj := root
		if dir != "." {
			if pj, err = readPackageJSON(fsys, path.Join(dir, "package.json")); err != nil {
				return "", err
			}
		}
		pkg, err := nodePackage(fsys, dir, pj)
		if err != nil {
			return "", err
		}
		n.Packages = append(n.Packages, pkg)
	}
	p.setDetail(Node, n)
	p.add("package manager", n.PackageManager+versionSuffix(n.PackageManagerVersion), n.PackageManagerEvidence)
	if n.NodeVersion != "" {
		p.add("node version", n.NodeVersion, n.NodeVersionEvidence)
	} else if n.Engines != "" {
		p.add("engines.node", n.Engines, "package.json")
	}
	if len(ws) > 0 {
		p.add("workspaces", strings.Join(ws, ", "), "package.json workspaces")
	}
	for _, pkg := range n.Packages {
		prefix := ""
		if pkg.Dir != "." {
			prefix = pkg.Dir + ": "
		}
		if pkg.Framework != "" {
			p.add("framework", prefix+pkg.Framework, pkg.FrameworkEvidence)
		}
		if pkg.TypeScript {
			p.add("typescript", prefix+"outDir "+pkg.OutDir, path.Join(pkg.Dir, "tsconfig.json"))
		}
		if pkg.Entry != "" {
			p.add("entry", prefix+pkg.Entry, pkg.EntryEvidence)
		}
		if pkg.Port != 0 {
			p.add("port", fmt.Sprintf("%s%d", prefix, pkg.Port), pkg.PortEvidence)
		}
	}
	return "package.json", nil
}

func versionSuffix(v string) string {
	if v == "" {
		return ""
	}
	return "@" + v
}

// readPackageJSON parses a package.json; a syntax error names the line and
// column.
func readPackageJSON(fsys fs.FS, name string) (*packageJSON, error) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, readError(name, err)
	}
	// npm accepts a byte order mark, as editors on Windows write one.
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if json.Valid(data) {
		if kind := jsonKind(data); kind != "object" {
			return nil, fmt.Errorf("%s holds a JSON %s, but a package.json is an object ({\"name\": ...}); fix it and run dockerize again", name, kind)
		}
	}
	var pj packageJSON
	if err := json.Unmarshal(data, &pj); err != nil {
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.As(err, &syn):
			line, col := position(data, syn.Offset)
			return nil, fmt.Errorf("%s:%d:%d: %v; fix the JSON (npm pkg get name shows whether npm can read it) and run dockerize again", name, line, col, syn)
		case errors.As(err, &typ):
			line, col := position(data, typ.Offset)
			return nil, fmt.Errorf("%s:%d:%d: %s should not be a JSON %s; fix it and run dockerize again", name, line, col, typ.Field, typ.Value)
		}
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return &pj, nil
}

// jsonKind names the type of a valid JSON document's top-level value.
func jsonKind(data []byte) string {
	t := bytes.TrimLeft(data, " \t\r\n")
	switch {
	case len(t) == 0:
		return "nothing"
	case t[0] == '{':
		return "object"
	case t[0] == '[':
		return "array"
	case t[0] == '"':
		return "string"
	case t[0] == 'n':
		return "null"
	case t[0] == 't' || t[0] == 'f':
		return "boolean"
	}
	return "number"
}

// position turns a byte offset into a 1-based line and column.
func position(data []byte, offset int64) (int, int) {
	if offset > int64(len(data)) {
		offset = int64(len(data))
	}
	before := data[:offset]
	line := bytes.Count(before, []byte("\n")) + 1
	col := int(offset) - bytes.LastIndexByte(before, '\n')
	return line, col
}

// nodePackageManager: the packageManager field (corepack) first, then the
// lockfile.
func nodePackageManager(fsys fs.FS, root *packageJSON, n *NodeProject) error {
	locks := []struct{ file, pm string }{
		{"pnpm-lock.yaml", "pnpm"},
		{"yarn.lock", "yarn"},
		{"package-lock.json", "npm"},
		{"npm-shrinkwrap.json", "npm"},
		{"bun.lock", "bun"},
		{"bun.lockb", "bun"},
	}
	if root.PackageManager != "" {
		name, version, _ := strings.Cut(root.PackageManager, "@")
		version, _, _ = strings.Cut(version, "+") // drop the +sha512 hash
		switch name {
		case "npm", "pnpm", "yarn", "bun":
		default:
			return fmt.Errorf("%w: package.json says packageManager %q; use npm, pnpm, yarn or bun there, or pass --package-manager", ErrUnknownPackageManager, root.PackageManager)
		}
		n.PackageManager, n.PackageManagerVersion = name, version
		n.PackageManagerEvidence = "package.json: packageManager " + root.PackageManager
		for _, l := range locks {
			if l.pm == name && exists(fsys, l.file) {
				n.Lockfile = l.file
				break
			}
		}
	} else {
		for _, l := range locks {
			if exists(fsys, l.file) {
				n.PackageManager, n.Lockfile = l.pm, l.file
				n.PackageManagerEvidence = l.file
				break
			}
		}
	}
	if n.PackageManager == "" {
		n.PackageManager = "npm"
		n.PackageManagerEvidence = "default: no packageManager field and no lockfile"
	}
	if n.PackageManager == "yarn" {
		if exists(fsys, ".yarnrc.yml") {
			n.YarnBerry = true
			data, err := readOptional(fsys, ".yarnrc.yml")
			if err != nil {
				return err
			}
			var rc struct {
				NodeLinker string `yaml:"nodeLinker"`
			}
			_ = yaml.Unmarshal(data, &rc)
			n.YarnPnP = rc.NodeLinker == "" || rc.NodeLinker == "pnp"
		} else if strings.HasPrefix(n.PackageManagerVersion, "1.") || n.PackageManagerVersion == "" {
			n.YarnBerry = false
		} else {
			n.YarnBerry, n.YarnPnP = true, true
		}
	}
	return nil
}

var exactVersion = regexp.MustCompile(`^v?([0-9]+)(\.[0-9]+\.[0-9]+)?$`)

func nodeVersion(fsys fs.FS, root *packageJSON, n *NodeProject) error {
	for _, f := range []string{".nvmrc", ".node-version"} {
		data, err := readOptional(fsys, f)
		if err != nil {
			return err
		}
		if data == nil {
			continue
		}
		v := strings.TrimSpace(string(data))
		if m := exactVersion.FindStringSubmatch(v); m != nil {
			n.NodeVersion = strings.TrimPrefix(v, "v")
			n.NodeVersionEvidence = f + ": " + v
			return nil
		}
	}
	n.Engines = strings.TrimSpace(root.Engines["node"])
	return nil
}

// workspaces resolves the root's workspace globs (package.json workspaces,
// or pnpm-workspace.yaml) to directories holding a package.json.
func workspaces(fsys fs.FS, root *packageJSON) ([]string, error) {
	var patterns []string
	if len(root.Workspaces) > 0 {
		if err := json.Unmarshal(root.Workspaces, &patterns); err != nil {
			var obj struct{ Packages []string }
			if err := json.Unmarshal(root.Workspaces, &obj); err != nil {
				return nil, fmt.Errorf("package.json: workspaces should be a list of folders (or {\"packages\": [...]})")
			}
			patterns = obj.Packages
		}
	}
	data, err := readOptional(fsys, "pnpm-workspace.yaml")
	if err != nil {
		return nil, err
	}
	if data != nil {
		var ws struct{ Packages []string }
		if err := yaml.Unmarshal(data, &ws); err != nil {
			return nil, fmt.Errorf("pnpm-workspace.yaml: %w", err)
		}
		patterns = append(patterns, ws.Packages...)
	}
	seen := map[string]bool{}
	var dirs []string
	for _, pat := range patterns {
		if strings.HasPrefix(pat, "!") {
			continue
		}
		pat = strings.TrimSuffix(strings.TrimPrefix(pat, "./"), "/")
		// Glob skips what it cannot read; a folder behind a link that leads
		// outside the project is refused by name instead.
		found, _ := fs.Glob(fsys, pat)
		for _, d := range found {
			if _, err := present(fsys, d); err != nil {
				return nil, fmt.Errorf("workspace %s: %w", d, err)
			}
		}
		matches, err := fs.Glob(fsys, path.Join(pat, "package.json"))
		if err != nil {
			return nil, fmt.Errorf("workspace pattern %q: %w", pat, err)
		}
		for _, m := range matches {
			d := path.Dir(m)
			if !seen[d] && !strings.Contains(d, "node_modules") {
				seen[d] = true
				dirs = append(dirs, d)
			}
		}
	}
	sort.Strings(dirs)
	return dirs, nil
}

func deps(pj *packageJSON) map[string]bool {
	all := map[string]bool{}
	for d := range pj.Dependencies {
		all[d] = true
	}
	return all
}

// nodePackage reads one package's framework, build output, entry and port.
func nodePackage(fsys fs.FS, dir string, pj *packageJSON) (NodePackage, error) {
	pkg := NodePackage{Dir: dir, Name: pj.Name, Main: pj.Main, Type: pj.Type, Scripts: pj.Scripts, Manifest: path.Join(dir, "package.json")}
	prod := deps(pj)
	_, devTS := pj.DevDeps["typescript"]
	pkg.TypeScript = (devTS || prod["typescript"]) && exists(fsys, path.Join(dir, "tsconfig.json"))
	switch {
	case prod["next"]:
		pkg.Framework, pkg.FrameworkEvidence = "next", pkg.Manifest+": dependencies.next"
		pkg.NextStandalone, pkg.EntryProblem = nextStandalone(fsys, dir)
	case prod["@nestjs/core"]:
		pkg.Framework, pkg.FrameworkEvidence = "nestjs", pkg.Manifest+": dependencies.@nestjs/core"
	case prod["fastify"]:
		pkg.Framework, pkg.FrameworkEvidence = "fastify", pkg.Manifest+": dependencies.fastify"
	case prod["koa"]:
		pkg.Framework, pkg.FrameworkEvidence = "koa", pkg.Manifest+": dependencies.koa"
	case prod["express"]:
		pkg.Framework, pkg.FrameworkEvidence = "express", pkg.Manifest+": dependencies.express"
	default:
		for _, b := range []string{"vite", "react-scripts", "@angular/cli", "parcel"} {
			_, dev := pj.DevDeps[b]
			if dev || prod[b] {
				pkg.Framework, pkg.FrameworkEvidence = "spa", fmt.Sprintf("%s: %s and no server framework", pkg.Manifest, b)
				break
			}
		}
	}
	pkg.HasPublic = exists(fsys, path.Join(dir, "public"))
	pkg.OutDir = "dist"
	if pkg.TypeScript {
		out, err := tsOutDir(fsys, dir)
		if err != nil {
			return pkg, err
		}
		if out != "" {
			pkg.OutDir = out
		}
	}
	if pkg.Framework == "spa" && pj.DevDeps["react-scripts"] != "" {
		pkg.OutDir = "build"
	}
	nodeEntry(fsys, &pkg)
	pkg.Sources = nodeSources(fsys, dir)
	pkg.Port, pkg.PortEvidence, pkg.PortEnv = nodePort(fsys, pkg.Sources)
	return pkg, nil
}

var nodeCommand = regexp.MustCompile(`^node\s+(?:-{1,2}\S+\s+)*([^\s&|;]+)`)

// nodeEntry finds the file node should run: the start script's (or
// start:prod's) `node FILE`, else main when it exists, else a conventional
// file.
func nodeEntry(fsys fs.FS, pkg *NodePackage) {
	if pkg.Framework == "next" || pkg.Framework == "spa" {
		return
	}
	for _, s := range []string{"start", "start:prod", "serve"} {
		if m := nodeCommand.FindStringSubmatch(strings.TrimSpace(pkg.Scripts[s])); m != nil {
			pkg.Entry, pkg.EntryEvidence = m[1], fmt.Sprintf("%s: scripts.%s %q", pkg.Manifest, s, pkg.Scripts[s])
			return
		}
	}
	if pkg.Main != "" {
		main := path.Clean(pkg.Main)
		inBuild := pkg.TypeScript && strings.HasPrefix(main, pkg.OutDir+"/")
		if exists(fsys, path.Join(pkg.Dir, main)) || inBuild {
			pkg.Entry, pkg.EntryEvidence = main, pkg.Manifest+": main"
			return
		}
		pkg.EntryProblem = fmt.Sprintf("main %q does not exist", pkg.Main)
	}
	for _, f := range []string{"server.js", "index.js", "app.js", "src/server.js", "src/index.js"} {
		if exists(fsys, path.Join(pkg.Dir, f)) {
			pkg.Entry, pkg.EntryEvidence = f, path.Join(pkg.Dir, f)+" exists"
			return
		}
	}
}

// tsOutDir reads compilerOptions.outDir from tsconfig.json (JSON with
// comments and trailing commas, as tsc accepts).
func tsOutDir(fsys fs.FS, dir string) (string, error) {
	data, err := readOptional(fsys, path.Join(dir, "tsconfig.json"))
	if err != nil || data == nil {
		return "", err
	}
	var cfg struct {
		CompilerOptions struct {
			OutDir string `json:"outDir"`
		} `json:"compilerOptions"`
	}
	if err := json.Unmarshal(jsonc(data), &cfg); err != nil {
		return "", nil
	}
	if cfg.CompilerOptions.OutDir == "" {
		return "", nil
	}
	out := path.Clean(cfg.CompilerOptions.OutDir)
	if out == "." || !fs.ValidPath(out) {
		return "", nil // compiled in place or outside: nothing dockerize can copy
	}
	return out, nil
}

// jsonc strips comments and trailing commas outside strings.
func jsonc(data []byte) []byte {
	var out []byte
	inString := false
	for i := 0; i < len(data); i++ {
		c := data[i]
		switch {
		case inString:
			out = append(out, c)
			if c == '\\' && i+1 < len(data) {
				i++
				out = append(out, data[i])
			} else if c == '"' {
				inString = false
			}
		case c == '"':
			inString = true
			out = append(out, c)
		case c == '/' && i+1 < len(data) && data[i+1] == '/':
			for i < len(data) && data[i] != '\n' {
				i++
			}
			out = append(out, '\n')
		case c == '/' && i+1 < len(data) && data[i+1] == '*':
			i += 2
			for i+1 < len(data) && !(data[i] == '*' && data[i+1] == '/') {
				i++
			}
			i++
		default:
			out = append(out, c)
		}
	}
	return regexp.MustCompile(`,(\s*[}\]])`).ReplaceAll(out, []byte("$1"))
}

var standaloneRE = regexp.MustCompile(`output\s*:\s*['"]standalone['"]`)

// nextStandalone reports whether next.config sets output: 'standalone'.
func nextStandalone(fsys fs.FS, dir string) (bool, string) {
	for _, f := range []string{"next.config.js", "next.config.mjs", "next.config.ts", "next.config.cjs"} {
		data, err := fs.ReadFile(fsys, path.Join(dir, f))
		if err != nil {
			continue
		}
		if standaloneRE.Match(data) {
			return true, ""
		}
		return false, fmt.Sprintf("%s does not set output: 'standalone'", path.Join(dir, f))
	}
	return false, "no next.config.js sets output: 'standalone'"
}

var (
	envPortRE    = regexp.MustCompile(`process\.env\.(PORT|HTTP_PORT)\s*(?:\|\||\?\?)\s*['"]?([0-9]{2,5})`)
	listenPortRE = regexp.MustCompile(`\.listen\(\s*(?:\{\s*port\s*:\s*)?['"]?([0-9]{2,5})\b`)
)

// nodeSources lists the package's own JavaScript and TypeScript: not
// dependencies, build output, tests or nested packages.
func nodeSources(fsys fs.FS, dir string) []string {
	var files []string
	fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			switch d.Name() {
			case "node_modules", "dist", "build", ".next", "coverage", "test", "tests", "__tests__":
				return fs.SkipDir
			}
			if p != dir && (strings.HasPrefix(d.Name(), ".") || exists(fsys, path.Join(p, "package.json"))) {
				return fs.SkipDir
			}
			return nil
		}
		switch path.Ext(p) {
		case ".js", ".mjs", ".cjs", ".ts", ".mts":
			if !strings.HasSuffix(p, ".d.ts") && !strings.Contains(p, ".test.") && !strings.Contains(p, ".spec.") {
				files = append(files, p)
			}
		}
		return nil
	})
	sort.Strings(files)
	return files
}

// nodePort scans the package's sources for the port: a $PORT default
// (process.env.PORT || 3000) or a literal listen(3000).
func nodePort(fsys fs.FS, files []string) (int, string, string) {
	for _, f := range files {
		data, err := fs.ReadFile(fsys, f)
		if err != nil {
			continue
		}
		if m := envPortRE.FindSubmatchIndex(data); m != nil {
			port, _ := strconv.Atoi(string(data[m[4]:m[5]]))
			if port > 0 && port <= 65535 {
				line, _ := position(data, int64(m[0]))
				return port, fmt.Sprintf("%s:%d: $%s defaults to %d", f, line, data[m[2]:m[3]], port), string(data[m[2]:m[3]])
			}
		}
	}
	for _, f := range files {
		data, _ := fs.ReadFile(fsys, f)
		if m := listenPortRE.FindSubmatchIndex(data); m != nil {
			port, _ := strconv.Atoi(string(data[m[2]:m[3]]))
			if port > 0 && port <= 65535 {
				line, _ := position(data, int64(m[0]))
				return port, fmt.Sprintf("%s:%d: listen(%d)", f, line, port), ""
			}
		}
	}
	return 0, "", ""
}

// nodeClients are the npm packages that are clients of a backing service.
var nodeClients = []clientRule{
	{"postgres", "pg"}, {"postgres", "pg-promise"}, {"postgres", "postgres"}, {"postgres", "@neondatabase/serverless"},
	{"mysql", "mysql"}, {"mysql", "mysql2"},
	{"redis", "redis"}, {"redis", "ioredis"}, {"redis", "@redis/client"},
	{"mongodb", "mongodb"}, {"mongodb", "mongoose"},
	{"kafka", "kafkajs"}, {"kafka", "@confluentinc/kafka-javascript"},
	{"amqp", "amqplib"}, {"amqp", "amqp-connection-manager"},
}

var nodeEnvRE = regexp.MustCompile(`\bprocess\.env(?:\.([A-Za-z_][A-Za-z0-9_]*)|\[['"]([A-Za-z_][A-Za-z0-9_]*)['"]\])`)

// NodeServices lists a Node.js project's services: the workspace packages
// (or the root package, without workspaces) that serve or are built sites.
// A package with no server framework, bundler, node entry it starts or
// listening port is a library and is left out.
func NodeServices(fsys fs.FS, p *Project) ([]Service, error) {
	n := p.Node()
	if n == nil {
		return nil, nil
	}
	var out []Service
	for _, pkg := range n.Packages {
		if len(n.Workspaces) > 0 && pkg.Dir == "." {
			continue
		}
		s, ok := nodeService(pkg)
		if !ok {
			continue
		}
		if len(n.Workspaces) > 0 {
			s.Select = map[string]string{"path": pkg.Dir}
		}
		pj, err := readPackageJSON(fsys, pkg.Manifest)
		if err != nil {
			return nil, err
		}
		var clients []Client
		for _, dep := range sortedKeys(deps(pj)) {
			if kind := clientFor(nodeClients, dep); kind != "" {
				clients = addClient(clients, kind, pkg.Manifest+": dependencies."+dep)
			}
		}
		if len(clients) > 0 {
			s.Clients = withEnv(clients, nodeEnvReads(fsys, pkg.Dir))
		}
		out = append(out, s)
	}
	return out, nil
}

// nodeService says whether a package is a service, and what it runs.
func nodeService(pkg NodePackage) (Service, bool) {
	name := pkg.Name
	if name == "" {
		name = path.Base(pkg.Dir)
	}
	s := Service{Name: ServiceName(name), Path: pkg.Dir, Stack: Node, Port: pkg.Port, PortEvidence: pkg.PortEvidence}
	switch {
	case pkg.Framework == "spa":
		s.Runs, s.Evidence = "static site (built, served by nginx)", pkg.FrameworkEvidence
	case pkg.Framework == "next":
		s.Runs, s.Evidence = "next start", pkg.FrameworkEvidence
	case pkg.Framework != "" && pkg.Entry != "":
		s.Runs, s.Evidence = "node "+pkg.Entry, pkg.FrameworkEvidence+"; "+pkg.EntryEvidence
	case pkg.Framework != "":
		s.Runs, s.Evidence = pkg.Framework+" server", pkg.FrameworkEvidence
	case pkg.Entry != "" && (pkg.Scripts["start"] != "" || pkg.Port != 0):
		s.Runs, s.Evidence = "node "+pkg.Entry, pkg.EntryEvidence
		if pkg.Port != 0 {
			s.Evidence += "; " + pkg.PortEvidence
		}
	default:
		return Service{}, false
	}
	return s, true
}

func nodeEnvReads(fsys fs.FS, dir string) []envRead {
	reads := readEnvs(fsys, nodeSources(fsys, dir), nodeEnvRE)
	return reads
}
