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
	// YarnDir is true when the project commits a .yarn folder (the yarn
	// release of yarnPath, a zero-install cache) that the install needs.
	YarnDir bool `json:"yarnDir,omitempty"`
	// NodeVersion is exact ("22.11.0") or a major ("22") from .nvmrc or
	// .node-version; Engines is package.json's engines.node range.
	NodeVersion         string `json:"nodeVersion,omitempty"`
	NodeVersionEvidence string `json:"nodeVersionEvidence,omitempty"`
	// NodeVersionIgnored says which .nvmrc or .node-version was read but
	// names no version an image tag can take (an nvm alias such as lts/*,
	// a range), so the evidence of the version chosen instead is true.
	NodeVersionIgnored string `json:"nodeVersionIgnored,omitempty"`
	Engines            string `json:"engines,omitempty"`
	// Workspaces are the workspace package directories, when the root is a
	// monorepo (npm/yarn workspaces or pnpm-workspace.yaml).
	Workspaces []string `json:"workspaces,omitempty"`
	// Npmrc is ".npmrc" when the root has one; NpmrcAuth is true when it
	// holds credentials (a token, a password) rather than settings only.
	Npmrc         string `json:"npmrc,omitempty"`
	NpmrcAuth     bool   `json:"npmrcAuth,omitempty"`
	NpmrcEvidence string `json:"npmrcEvidence,omitempty"`
	// PnpmWorkspace is true when pnpm-workspace.yaml lists the workspaces.
	PnpmWorkspace bool `json:"pnpmWorkspace,omitempty"`
	// Turbo says why the monorepo builds with Turborepo (turbo.json and
	// turbo in the root's dependencies), "" when it does not.
	Turbo    string        `json:"turbo,omitempty"`
	Packages []NodePackage `json:"packages"`
}

// NodePackage is one package.json: the root, or a workspace package.
type NodePackage struct {
	Dir     string            `json:"dir"`
	Name    string            `json:"name,omitempty"`
	Main    string            `json:"main,omitempty"`
	Type    string            `json:"type,omitempty"`
	Scripts map[string]string `json:"scripts,omitempty"`
	// Framework is express, fastify, koa, hapi, nestjs, next, nuxt, astro,
	// remix, sveltekit, hosted (built for a hosting platform) or spa (a client
	// side app with a bundler and no server), "" when none is known.
	Framework         string `json:"framework,omitempty"`
	FrameworkEvidence string `json:"frameworkEvidence,omitempty"`
	TypeScript        bool   `json:"typescript,omitempty"`
	// OutDir is where the build writes (tsconfig outDir, or the bundler's
	// default).
	OutDir string `json:"outDir,omitempty"`
	// NxApps are the browser applications of an Nx workspace whose build
	// script runs Nx; the image builds one of them.
	NxApps []NxApp `json:"nxApps,omitempty"`
	// WorkspaceDeps are the workspace packages it depends on at run time,
	// directly or not, by directory.
	WorkspaceDeps []string `json:"workspaceDeps,omitempty"`
	deps          []string
	// MoreOut are other directories the build writes that the server needs.
	MoreOut        []string `json:"moreOut,omitempty"`
	NextStandalone bool     `json:"nextStandalone,omitempty"`
	// HasPublic is true when the package has a public/ folder (Next.js
	// serves it).
	HasPublic bool `json:"hasPublic,omitempty"`
	// Entry is the file node runs, with the evidence; "" when unknown.
	Entry         string `json:"entry,omitempty"`
	EntryEvidence string `json:"entryEvidence,omitempty"`
	// EntryProblem says why an apparent entry was not taken (a main field
	// naming a file that does not exist).
	EntryProblem string `json:"entryProblem,omitempty"`
	// Start is the whole server command when a start script gave the
	// entry (node flags, arguments, the scripts that must run first).
	Start        *NodeStart `json:"start,omitempty"`
	Port         int        `json:"port,omitempty"`
	PortEvidence string     `json:"portEvidence,omitempty"`
	PortEnv      string     `json:"portEnv,omitempty"`
	// Loopback says where the server binds to localhost only (file:line
	// and why), so nothing outside the container reaches it; HostEnv is
	// the variable the code reads instead, when it reads one.
	Loopback string `json:"loopback,omitempty"`
	HostEnv  string `json:"hostEnv,omitempty"`
	// PrismaSchema is the Prisma schema (package.json prisma.schema, else
	// prisma/schema.prisma) when @prisma/client is a dependency: its client
	// must be generated after the source is in place.
	PrismaSchema         string `json:"prismaSchema,omitempty"`
	PrismaSchemaEvidence string `json:"prismaSchemaEvidence,omitempty"`
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
	Prisma         struct {
		Schema string `json:"schema"`
	} `json:"prisma"`
	Dependencies map[string]string `json:"dependencies"`
	DevDeps      map[string]string `json:"devDependencies"`
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
	if err := nodeNpmrc(fsys, n); err != nil {
		return "", err
	}
	ws, err := workspaces(fsys, root)
	if err != nil {
		return "", err
	}
	n.Workspaces = ws
	n.PnpmWorkspace = exists(fsys, "pnpm-workspace.yaml")
	if _, dev := root.DevDeps["turbo"]; len(ws) > 0 && exists(fsys, "turbo.json") && (dev || root.Dependencies["turbo"] != "") {
		n.Turbo = "turbo.json; package.json: turbo"
	}
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
		for d := range pj.Dependencies {
			pkg.deps = append(pkg.deps, d)
		}
		n.Packages = append(n.Packages, pkg)
	}
	workspaceDeps(n)
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
			n.YarnDir = exists(fsys, ".yarn/releases") || exists(fsys, ".yarn/cache")
		} else if strings.HasPrefix(n.PackageManagerVersion, "1.") || n.PackageManagerVersion == "" {
			n.YarnBerry = false
		} else {
			n.YarnBerry, n.YarnPnP = true, true
		}
	}
	return nil
}

// npmrcSettingRE is an .npmrc line that is plainly a setting: a lowercase
// npm key (legacy-peer-deps, engine-strict, @scope:registry) and a value
// with no ${VAR} (which npm fills from the environment, usually a token).
var npmrcSettingRE = regexp.MustCompile(`^[a-z@][a-z0-9@:/._-]*\s*=\s*[^$]*$`)

// npmrcSecretWords in a key mark a credential.
var npmrcSecretWords = []string{"_auth", "_password", "password", "username", "token", "cert", "key", "email"}

// nodeNpmrc reads the root .npmrc. One whose every line is a plain setting
// (legacy-peer-deps=true, a registry) is configuration the install needs;
// anything else may hold a credential and is treated as one.
func nodeNpmrc(fsys fs.FS, n *NodeProject) error {
	data, err := readOptional(fsys, ".npmrc")
	if err != nil || data == nil {
		return err
	}
	n.Npmrc = ".npmrc"
	for i, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' || line[0] == ';' {
			continue
		}
		key, _, _ := strings.Cut(line, "=")
		secret := !npmrcSettingRE.MatchString(line)
		for _, w := range npmrcSecretWords {
			secret = secret || strings.Contains(strings.ToLower(key), w)
		}
		if secret {
			n.NpmrcAuth = true
			// The line itself is not quoted: it may be the credential.
			n.NpmrcEvidence = fmt.Sprintf(".npmrc:%d: not a plain npm setting, so it may hold a credential", i+1)
			return nil
		}
	}
	n.NpmrcEvidence = ".npmrc: settings only, no credentials"
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
		if n.NodeVersionIgnored == "" {
			if len(v) > 64 {
				v = v[:64] + "..."
			}
			n.NodeVersionIgnored = fmt.Sprintf("%s holds %+q, not a major or exact version (such as 22 or 22.12.0)", f, v)
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

// workspaceDeps sets each package's WorkspaceDeps: the workspace packages
// its dependencies name, and theirs.
func workspaceDeps(n *NodeProject) {
	byName := map[string]int{}
	for i, pkg := range n.Packages[1:] {
		if pkg.Name != "" {
			byName[pkg.Name] = i + 1
		}
	}
	for i := range n.Packages {
		seen := map[int]bool{i: true}
		queue := []int{i}
		var dirs []string
		for len(queue) > 0 {
			cur := n.Packages[queue[0]]
			queue = queue[1:]
			for _, d := range cur.deps {
				if j, ok := byName[d]; ok && !seen[j] {
					seen[j] = true
					queue = append(queue, j)
					dirs = append(dirs, n.Packages[j].Dir)
				}
			}
		}
		sort.Strings(dirs)
		n.Packages[i].WorkspaceDeps = dirs
	}
}

// nodePackage reads one package's framework, build output, entry and port.
func nodePackage(fsys fs.FS, dir string, pj *packageJSON) (NodePackage, error) {
	pkg := NodePackage{Dir: dir, Name: pj.Name, Main: pj.Main, Type: pj.Type, Scripts: pj.Scripts, Manifest: path.Join(dir, "package.json")}
	prod := deps(pj)
	_, devTS := pj.DevDeps["typescript"]
	_, devKit := pj.DevDeps["@sveltejs/kit"]
	kit := devKit || prod["@sveltejs/kit"]
	pkg.TypeScript = (devTS || prod["typescript"]) && exists(fsys, path.Join(dir, "tsconfig.json"))
	switch {
	case prod["next"]:
		pkg.Framework, pkg.FrameworkEvidence = "next", pkg.Manifest+": dependencies.next"
		pkg.NextStandalone, pkg.EntryProblem = nextStandalone(fsys, dir)
	case prod["@nestjs/core"]:
		pkg.Framework, pkg.FrameworkEvidence = "nestjs", pkg.Manifest+": dependencies.@nestjs/core"
	case prod["nuxt"] || pj.DevDeps["nuxt"] != "":
		nodeNuxt(&pkg)
	case prod["astro"] || pj.DevDeps["astro"] != "":
		nodeAstro(fsys, &pkg)
	case prod["@hapi/hapi"]:
		pkg.Framework, pkg.FrameworkEvidence = "hapi", pkg.Manifest+": dependencies.@hapi/hapi"
	case prod["fastify"]:
		pkg.Framework, pkg.FrameworkEvidence = "fastify", pkg.Manifest+": dependencies.fastify"
	case prod["koa"]:
		pkg.Framework, pkg.FrameworkEvidence = "koa", pkg.Manifest+": dependencies.koa"
	case prod["express"]:
		pkg.Framework, pkg.FrameworkEvidence = "express", pkg.Manifest+": dependencies.express"
	case prod["@remix-run/serve"] || prod["@react-router/serve"]:
		pkg.Framework, pkg.FrameworkEvidence = "remix", pkg.Manifest+": dependencies.@remix-run/serve (a server, never static files)"
	case kit:
		nodeSvelteKit(fsys, &pkg)
	default:
		for _, b := range []string{"vite", "react-scripts", "@angular/cli", "parcel"} {
			_, dev := pj.DevDeps[b]
			if dev || prod[b] {
				pkg.Framework, pkg.FrameworkEvidence = "spa", fmt.Sprintf("%s: %s and no server framework", pkg.Manifest, b)
				break
			}
		}
	}
	if pkg.Framework == "spa" {
		pkg.NxApps = nxApps(fsys, &pkg)
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
	if kit {
		pkg.OutDir = "build" // adapter-node's out and adapter-static's pages default
	}
	if pkg.Framework == "nuxt" {
		pkg.OutDir = ".output"
	}
	if pkg.Framework == "remix" {
		pkg.OutDir = "build"
		if exists(fsys, path.Join(dir, "remix.config.js")) || exists(fsys, path.Join(dir, "remix.config.mjs")) {
			// The classic compiler writes the browser assets to public/build.
			pkg.MoreOut = []string{"public/build"}
		}
	}
	if pkg.Entry == "" {
		nodeEntry(fsys, &pkg, pj)
	}
	if prod["@prisma/client"] {
		schema, why := path.Join(dir, "prisma/schema.prisma"), "the Prisma default"
		if pj.Prisma.Schema != "" {
			schema, why = path.Join(dir, pj.Prisma.Schema), pkg.Manifest+": prisma.schema"
		}
		if fs.ValidPath(schema) && exists(fsys, schema) {
			pkg.PrismaSchema = schema
			pkg.PrismaSchemaEvidence = fmt.Sprintf("%s: dependencies.@prisma/client; schema %s (%s)", pkg.Manifest, schema, why)
		}
	}
	pkg.Sources = nodeSources(fsys, dir)
	if pkg.Port == 0 {
		pkg.Port, pkg.PortEvidence, pkg.PortEnv = nodePort(fsys, pkg.Sources)
	}
	if pkg.Loopback == "" {
		pkg.Loopback, pkg.HostEnv = nodeLoopback(fsys, pkg.Sources, pkg.Framework)
	}
	return pkg, nil
}

// nodeEntry finds the file node should run: the start scripts' server
// command (following `npm run X` chains and compound scripts), else main
// when it exists, else a conventional file.
func nodeEntry(fsys fs.FS, pkg *NodePackage, pj *packageJSON) {
	if pkg.Framework == "next" || pkg.Framework == "spa" || pkg.Framework == "hosted" {
		return
	}
	if entry, why := nxEntry(fsys, pkg); entry != "" {
		pkg.Entry, pkg.EntryEvidence = entry, why
		return
	}
	if st := nodeScriptStart(fsys, pkg, pj); st != nil && !st.Dev {
		if file := st.file(); file != "" {
			pkg.Entry, pkg.EntryEvidence = file, st.Evidence
			pkg.Start = st
			return
		}
		if strings.HasPrefix(st.Argv[0], "./node_modules/.bin/") {
			// A server CLI from the dependencies (remix-serve): it runs
			// as it is, and listens on $PORT, default 3000.
			pkg.Start, pkg.EntryEvidence = st, st.Evidence
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
			case "test", "tests", "__tests__":
				return fs.SkipDir
			}
			if p != dir && heavyDir(d.Name()) {
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
		if m := hapiPortRE.FindSubmatchIndex(data); m != nil {
			if port, _ := strconv.Atoi(string(data[m[2]:m[3]])); port > 0 && port <= 65535 {
				line, _ := position(data, int64(m[0]))
				return port, fmt.Sprintf("%s:%d: server({ port: %d })", f, line, port), ""
			}
		}
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

var (
	// hostEnvRE: a host taken from the environment with a loopback
	// fallback (host: process.env.HOST || 'localhost').
	hostEnvRE = regexp.MustCompile(`process\.env\.([A-Z_][A-Z0-9_]*)\s*(?:\|\||\?\?)\s*['"](?:127\.0\.0\.1|localhost|::1)['"]`)
	// hapiPortRE and hapiLoopbackRE: hapi's Hapi.server({ port: 3000,
	// host: 'localhost' }).
	hapiPortRE     = regexp.MustCompile(`\bserver\(\s*\{[^}]*?\bport\s*:\s*([0-9]+)`)
	hapiLoopbackRE = regexp.MustCompile(`\bserver\(\s*\{[^}]*?\bhost\s*:\s*['"](127\.0\.0\.1|localhost|::1)['"]`)
	// listenLoopbackRE: listen(port, '127.0.0.1') or listen({ host: 'localhost' }).
	listenLoopbackRE = regexp.MustCompile(`\.listen\([^;]*?['"](127\.0\.0\.1|localhost|::1)['"]`)
	// fastifyListenRE: fastify's listen with an options object.
	fastifyListenRE = regexp.MustCompile(`\.listen\(\s*\{([^}]*)\}`)
	hostKeyRE       = regexp.MustCompile(`\bhost\b`)
)

// nodeLoopback finds a server that binds to localhost only: a loopback
// address in listen, a HOST variable whose fallback is loopback, or
// fastify's listen with no host (fastify listens on localhost by default).
func nodeLoopback(fsys fs.FS, files []string, framework string) (string, string) {
	for _, f := range files {
		data, err := fs.ReadFile(fsys, f)
		if err != nil {
			continue
		}
		if m := hostEnvRE.FindSubmatchIndex(data); m != nil {
			line, _ := position(data, int64(m[0]))
			return fmt.Sprintf("%s:%d: the host defaults to loopback unless $%s is set", f, line, data[m[2]:m[3]]), string(data[m[2]:m[3]])
		}
		if m := hapiLoopbackRE.FindSubmatchIndex(data); m != nil {
			line, _ := position(data, int64(m[0]))
			return fmt.Sprintf("%s:%d: the server's host is %s, so it listens there only", f, line, data[m[2]:m[3]]), ""
		}
		if m := listenLoopbackRE.FindSubmatchIndex(data); m != nil {
			line, _ := position(data, int64(m[0]))
			return fmt.Sprintf("%s:%d: listens on %s only", f, line, data[m[2]:m[3]]), ""
		}
		if framework != "fastify" {
			continue
		}
		if m := fastifyListenRE.FindSubmatchIndex(data); m != nil && !hostKeyRE.Match(data[m[2]:m[3]]) {
			line, _ := position(data, int64(m[0]))
			return fmt.Sprintf("%s:%d: fastify's listen has no host, so it listens on localhost only", f, line), ""
		}
	}
	return "", ""
}

// nodeNuxt: Nuxt builds a Nitro server into .output (its own node_modules
// included), which listens on $NITRO_PORT or $PORT, default 3000, on all
// interfaces.
func nodeNuxt(pkg *NodePackage) {
	pkg.Framework, pkg.FrameworkEvidence = "nuxt", pkg.Manifest+": nuxt (a Nitro server, never static files)"
	pkg.Entry, pkg.EntryEvidence = ".output/server/index.mjs", "nuxt build writes the Nitro server to .output/server/index.mjs"
	pkg.Port, pkg.PortEvidence, pkg.PortEnv = 3000, "Nitro's node server listens on $PORT, default 3000", "PORT"
}

// astroAdapterRE finds the adapter astro.config imports.
var astroAdapterRE = regexp.MustCompile(`from\s+['"](@astrojs/(?:node|vercel|netlify|cloudflare|deno)[a-z/-]*)['"]`)

// nodeAstro reads an Astro site's adapter: @astrojs/node builds a server
// (dist/server/entry.mjs, $HOST and $PORT, localhost:4321 by default),
// no adapter a static site in dist/, any other adapter a hosting
// platform's function, which no image can run.
func nodeAstro(fsys fs.FS, pkg *NodePackage) {
	where, adapter := path.Join(pkg.Dir, "astro.config.mjs"), ""
	for _, f := range []string{"astro.config.mjs", "astro.config.ts", "astro.config.js", "astro.config.mts"} {
		data, err := fs.ReadFile(fsys, path.Join(pkg.Dir, f))
		if err != nil {
			continue
		}
		where = path.Join(pkg.Dir, f)
		if m := astroAdapterRE.FindSubmatchIndex(data); m != nil {
			line, _ := position(data, int64(m[0]))
			where, adapter = fmt.Sprintf("%s:%d", where, line), string(data[m[2]:m[3]])
		}
		break
	}
	switch {
	case adapter == "@astrojs/node":
		pkg.Framework, pkg.FrameworkEvidence = "astro", where+": "+adapter
		pkg.Entry, pkg.EntryEvidence = "dist/server/entry.mjs", where+": the node adapter writes the server to dist/server/entry.mjs"
		pkg.Port, pkg.PortEvidence, pkg.PortEnv = 4321, "Astro's node server listens on $PORT, default 4321", "PORT"
		pkg.Loopback, pkg.HostEnv = where+": Astro's node server listens on localhost unless $HOST is set", "HOST"
	case adapter == "":
		pkg.Framework, pkg.FrameworkEvidence = "spa", pkg.Manifest+": astro with no adapter builds a static site to dist/"
	default:
		pkg.Framework, pkg.FrameworkEvidence = "hosted", where+": "+adapter
		pkg.EntryProblem = fmt.Sprintf("%s: Astro with %s builds for a hosting platform, not a server an image can run; switch to @astrojs/node in standalone mode (npx astro add node), or remove the adapter for a static site, and run dockerize again", where, adapter)
	}
}

// nodeSvelteKit reads a SvelteKit app's adapter: adapter-node builds a
// server (node build), adapter-static a static site; any other adapter
// builds for a hosting platform, which no image can run, and EntryProblem
// says what to switch to.
func nodeSvelteKit(fsys fs.FS, pkg *NodePackage) {
	adapter, where := svelteAdapter(fsys, pkg.Dir)
	switch adapter {
	case "@sveltejs/adapter-node":
		pkg.Framework, pkg.FrameworkEvidence = "sveltekit", where+": "+adapter
		pkg.Entry, pkg.EntryEvidence = "build/index.js", where+": adapter-node writes the server to build/"
		pkg.Port, pkg.PortEvidence, pkg.PortEnv = 3000, "adapter-node listens on $PORT, default 3000", "PORT"
	case "@sveltejs/adapter-static":
		pkg.Framework, pkg.FrameworkEvidence = "spa", where+": "+adapter+" writes a static site to build/"
	default:
		if where == "" {
			where = path.Join(pkg.Dir, "svelte.config.js")
		}
		if adapter == "" {
			adapter = "no adapter"
		}
		pkg.Framework, pkg.FrameworkEvidence = "hosted", where+": "+adapter
		pkg.EntryProblem = fmt.Sprintf("%s: SvelteKit with %s builds for a hosting platform, not a server an image can run; switch to @sveltejs/adapter-node (npm install -D @sveltejs/adapter-node, then import adapter from '@sveltejs/adapter-node' in svelte.config.js), or to @sveltejs/adapter-static for a site with no server routes, and run dockerize again", where, adapter)
	}
}

// nxEntry: a start script that runs Nx (nx serve) starts a dev server; the
// runnable file is where the project's Nx build target writes its main
// (project.json build: outputPath dist/api, main src/main.ts -> dist/api/main.js).
func nxEntry(fsys fs.FS, pkg *NodePackage) (string, string) {
	start := strings.TrimSpace(pkg.Scripts["start"])
	if start != "nx" && !strings.HasPrefix(start, "nx ") {
		return "", ""
	}
	for _, p := range nxProjects(fsys, pkg.Dir) {
		if p.Dir != pkg.Dir || nodeBrowserExecutor(p.Executor) || p.Main == "" {
			continue
		}
		base := strings.TrimSuffix(path.Base(p.Main), path.Ext(p.Main))
		entry := path.Join(p.OutputPath, base+".js")
		if pkg.Dir != "." {
			entry = strings.TrimPrefix(entry, pkg.Dir+"/")
		}
		if !fs.ValidPath(entry) || !safeArg.MatchString(entry) {
			continue
		}
		return entry, fmt.Sprintf("%s: scripts.start %q runs Nx; %s: build (%s) writes main %s to %s", pkg.Manifest, start, path.Join(p.Dir, "project.json"), p.Executor, p.Main, p.OutputPath)
	}
	return "", ""
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
