package plan

import (
	"errors"
	"fmt"
	"path"
	"regexp"
	"strings"

	"github.com/Masterminds/semver/v3"

	"github.com/dockerize-dev/dockerize/detect"
)

// NodePlan is the Node.js-specific part of a plan.
type NodePlan struct {
	Version string
	// PackageManager is npm, pnpm or yarn; Corepack is the pinned corepack
	// that installs pnpm or yarn (PackageManagerSpec, e.g. pnpm@9.15.9).
	PackageManager     string
	PackageManagerSpec string
	Corepack           string
	Manifests          []Copy
	Install            string // the frozen install with dev dependencies
	InstallProd        string // the frozen install of production dependencies
	CacheTarget        string // the package manager's download store
	Build              string // the build command, "" for none
	// Kind is "server" (node runs Entry), "next" (Next.js standalone) or
	// "spa" (static files served by nginx).
	Kind string
	// Entry is what node runs, relative to WORKDIR /app.
	Entry string
	// AppDir is the app's directory ("." or a workspace package).
	AppDir string
	OutDir string
	// TiniImage is where Debian's tini comes from: the build image.
	Tini string
	// HasPublic is true when a Next.js app has a public/ folder.
	HasPublic bool
}

// The runtime user of the Node.js images and of nginx-unprivileged.
const (
	nodeUser  = 1000
	nginxUser = 101
)

var nodeVersionRE = regexp.MustCompile(`^[0-9]+(\.[0-9]+\.[0-9]+)?$`)

func planNode(pl *Plan, p *detect.Project, a Answers) error {
	n := p.Node
	pkg, err := chooseApp(n, a)
	if err != nil {
		return err
	}
	np := &NodePlan{AppDir: pkg.Dir, OutDir: pkg.OutDir, Tini: TiniVersion}
	pl.Node = np
	pl.Name = nodeName(pkg, p)
	if pkg.Dir != "." {
		pl.decide("app", pkg.Dir, "--path")
	}

	if err := nodePackageManager(pl, np, n, a); err != nil {
		return err
	}
	if err := nodeVersion(pl, np, n, a); err != nil {
		return err
	}
	if pl.BuildImage, err = a.imageRef("node.build", np.Version); err != nil {
		return err
	}

	switch {
	case pkg.Framework == "next":
		if !pkg.NextStandalone {
			return fmt.Errorf("%s: a Next.js image needs standalone output, so it ships only the server and the files it uses; add output: 'standalone' to next.config.js (nextConfig = { output: 'standalone' }) and run dockerize again", pkg.EntryProblem)
		}
		np.Kind, np.Entry = "next", "server.js"
		np.HasPublic = pkg.HasPublic
		pl.decide("framework", "Next.js standalone", pkg.FrameworkEvidence)
	case pkg.Framework == "spa":
		np.Kind = "spa"
		pl.decide("framework", "static single-page app", pkg.FrameworkEvidence)
	default:
		np.Kind = "server"
		if pkg.Framework != "" {
			pl.decide("framework", pkg.Framework, pkg.FrameworkEvidence)
		}
	}

	// The build: the package's build script, unless --no-build.
	script := pkg.Scripts["build"]
	switch {
	case a.NoBuild && a.Build:
		return fmt.Errorf("%w: --build and --no-build contradict each other; pass one", ErrInvalid)
	case a.NoBuild:
		pl.decide("build", "none", "--no-build")
	case script != "":
		np.Build = runScript(np.PackageManager, "build", pkg.Dir)
		pl.decide("build", np.Build, fmt.Sprintf("%s: scripts.build %q", pkg.Manifest, script))
	case a.Build:
		return fmt.Errorf("%w: --build was given, but %s has no build script; add one or drop --build", ErrInvalid, pkg.Manifest)
	case np.Kind != "server" || pkg.TypeScript:
		return fmt.Errorf("%s has no build script, and a %s project must be built; add \"build\" to its scripts", pkg.Manifest, map[bool]string{true: "TypeScript", false: pkg.Framework}[pkg.TypeScript])
	}

	if np.Kind == "server" {
		switch {
		case a.Start != "":
			np.Entry = strings.TrimPrefix(strings.TrimSpace(a.Start), "node ")
			if strings.Contains(np.Entry, "..") || path.IsAbs(np.Entry) {
				return fmt.Errorf("%w: --start %s must be a file inside the app", ErrInvalid, a.Start)
			}
			pl.decide("start", "node "+np.Entry, "--start")
		case pkg.Entry != "":
			np.Entry = pkg.Entry
			pl.decide("start", "node "+np.Entry, pkg.EntryEvidence)
		default:
			reason := fmt.Sprintf("%s has no start script that runs node, and no main file", pkg.Manifest)
			if pkg.EntryProblem != "" {
				reason += " (" + pkg.EntryProblem + ")"
			}
			return &MissingError{Question: Question{Key: "Start", Flag: "start", Kind: KindInput, Validate: insideProject, Prompt: "Which file starts the app (node FILE)?"}, Reason: reason}
		}
		if pkg.Dir != "." {
			np.Entry = path.Join(pkg.Dir, np.Entry)
		}
	}

	// Port and user.
	defPort, portSource := 3000, "default for Node.js servers; pass --port if it listens elsewhere"
	runtimeKey := "node.runtime"
	pl.UID, pl.GID = nodeUser, nodeUser
	userWhy := "the node user of the official image"
	if np.Kind == "spa" {
		runtimeKey, defPort, portSource = "node.runtime.spa", 8080, "nginx-unprivileged listens on 8080"
		pl.UID, pl.GID = nginxUser, nginxUser
		userWhy = "the nginx user of nginx-unprivileged"
	}
	if a.Port != 0 && np.Kind == "spa" {
		return fmt.Errorf("%w: a single-page app is served by nginx on port 8080; --port does not apply", ErrInvalid)
	}
	var found []portFound
	if np.Kind == "server" {
		found = append(found, portFound{pkg.Port, pkg.PortEvidence})
	}
	pl.choosePort(a.Port, found, defPort, portSource)
	if np.Kind == "server" {
		pl.PortEnv = pkg.PortEnv
	}
	if np.Kind == "next" {
		pl.PortEnv = "PORT" // Next.js standalone reads PORT and HOSTNAME
	}
	rt, _ := LookupImage(runtimeKey)
	if pl.RuntimeImage, err = a.imageRef(runtimeKey, np.Version); err != nil {
		return err
	}
	pl.decide("runtime", pl.RuntimeImage, rt.Why)
	pl.decide("user", fmt.Sprintf("%d:%d", pl.UID, pl.GID), userWhy)

	pl.Labels = []Label{{"org.opencontainers.image.title", pl.Name}}
	np.Manifests = nodeManifests(n, np)
	pl.Ignore = nodeIgnore(p, np)
	return nil
}

// chooseApp picks the package to build: --path, else the root when it is an
// app, else the only workspace package that is one.
func chooseApp(n *detect.NodeProject, a Answers) (*detect.NodePackage, error) {
	isApp := func(pkg *detect.NodePackage) bool {
		return pkg.Entry != "" || pkg.Framework != "" || pkg.Scripts["start"] != ""
	}
	var dirs []string
	for _, pkg := range n.Packages[1:] {
		dirs = append(dirs, pkg.Dir)
	}
	if a.Path != "" {
		want := path.Clean(strings.TrimPrefix(a.Path, "./"))
		for i := range n.Packages {
			if n.Packages[i].Dir == want {
				return &n.Packages[i], nil
			}
		}
		if len(dirs) == 0 {
			return nil, fmt.Errorf("%w: --path %s: this project has no workspaces", ErrInvalid, a.Path)
		}
		return nil, fmt.Errorf("%w: --path %s is not a workspace package; use one of: %s", ErrInvalid, a.Path, strings.Join(dirs, ", "))
	}
	if len(n.Packages) == 1 || isApp(&n.Packages[0]) {
		return &n.Packages[0], nil
	}
	var apps []string
	var only *detect.NodePackage
	for i := range n.Packages[1:] {
		if pkg := &n.Packages[i+1]; isApp(pkg) {
			apps = append(apps, pkg.Dir)
			only = pkg
		}
	}
	if len(apps) == 1 {
		return only, nil
	}
	if len(apps) == 0 {
		apps = dirs
	}
	return nil, &MissingError{
		Question: Question{Key: "Path", Flag: "path", Kind: KindSelect, Prompt: "Which workspace app should the image run?", Options: apps, Default: apps[0]},
		Reason:   "this is a workspace with several packages",
	}
}

func nodeName(pkg *detect.NodePackage, p *detect.Project) string {
	name := pkg.Name
	if i := strings.LastIndex(name, "/"); i >= 0 {
		name = name[i+1:] // @scope/name
	}
	if name == "" {
		name = path.Base(pkg.Dir)
		if name == "." {
			name = "app"
		}
	}
	return name
}

// nodePackageManager picks the install commands: the flag, else detection.
func nodePackageManager(pl *Plan, np *NodePlan, n *detect.NodeProject, a Answers) error {
	pm, version, source := n.PackageManager, n.PackageManagerVersion, n.PackageManagerEvidence
	if a.PackageManager != "" {
		name, v, _ := strings.Cut(a.PackageManager, "@")
		switch name {
		case "npm", "pnpm", "yarn":
		case "bun":
			return fmt.Errorf("%w: bun is not supported yet; use npm, pnpm or yarn", ErrInvalid)
		default:
			return fmt.Errorf("%w: --package-manager %q is not one of npm, pnpm, yarn", ErrInvalid, a.PackageManager)
		}
		pm, version, source = name, v, "--package-manager"
	}
	if pm == "bun" {
		return fmt.Errorf("bun (%s) is not supported yet: dockerize builds npm, pnpm and yarn projects; pass --package-manager npm if the project also works with npm", source)
	}
	if n.Lockfile == "" || (a.PackageManager != "" && pm != n.PackageManager) {
		return fmt.Errorf("no lockfile for %s: the image must install exactly the versions you tested; run `%s` and commit the lockfile, then run dockerize again", pm, lockCommand(pm))
	}
	np.PackageManager = pm
	lock := []string{n.Lockfile}
	switch pm {
	case "npm":
		np.Install, np.InstallProd, np.CacheTarget = "npm ci", "npm ci --omit=dev", "/root/.npm"
	case "pnpm":
		if version == "" {
			version = DefaultPnpm
		}
		np.Install = "pnpm install --frozen-lockfile"
		np.InstallProd = "pnpm install --frozen-lockfile --prod"
		np.CacheTarget = "/root/.local/share/pnpm/store"
	case "yarn":
		switch {
		case n.YarnBerry && n.YarnPnP:
			return errors.New("yarn Plug'n'Play (.yarnrc.yml without nodeLinker) keeps no node_modules, which node cannot run from in an image without PnP hooks; set nodeLinker: node-modules in .yarnrc.yml and run yarn install, then run dockerize again")
		case n.YarnBerry:
			if version == "" {
				return errors.New("yarn berry needs its version: add \"packageManager\": \"yarn@4.x.y\" to package.json (yarn set version does) and run dockerize again")
			}
			np.Install = "yarn install --immutable"
			np.InstallProd = "yarn workspaces focus --all --production"
			np.CacheTarget = "/root/.yarn/berry/cache"
			lock = append(lock, ".yarnrc.yml")
		default:
			if version == "" {
				version = DefaultYarn
			}
			np.Install = "yarn install --frozen-lockfile"
			np.InstallProd = "yarn install --frozen-lockfile --production"
			np.CacheTarget = "/usr/local/share/.cache/yarn"
		}
	}
	if pm != "npm" {
		np.Corepack = CorepackVersion
		np.PackageManagerSpec = pm + "@" + version
	}
	np.Manifests = []Copy{{Sources: append([]string{"package.json"}, lock...), Dest: "./"}}
	pl.decide("package manager", pm+versionAt(version), source)
	return nil
}

func versionAt(v string) string {
	if v == "" {
		return ""
	}
	return "@" + v
}

func lockCommand(pm string) string {
	switch pm {
	case "pnpm":
		return "pnpm install"
	case "yarn":
		return "yarn install"
	}
	return "npm install --package-lock-only"
}

func runScript(pm, script, dir string) string {
	if dir == "." {
		return pm + " run " + script
	}
	switch pm {
	case "pnpm":
		return "pnpm --filter ./" + dir + " run " + script
	case "yarn":
		return "yarn --cwd " + dir + " run " + script
	}
	return "npm run " + script + " --workspace " + dir
}

// nodeVersion: the flag, then .nvmrc/.node-version, then the newest LTS that
// engines.node allows, then the current LTS.
func nodeVersion(pl *Plan, np *NodePlan, n *detect.NodeProject, a Answers) error {
	def, _ := LookupImage("node.build")
	switch {
	case a.NodeVersion != "":
		v := strings.TrimPrefix(a.NodeVersion, "v")
		if !nodeVersionRE.MatchString(v) {
			return fmt.Errorf("%w: --node-version %q is not a Node.js version; use a major (22) or an exact version (22.12.0)", ErrInvalid, a.NodeVersion)
		}
		np.Version = v
		pl.decide("node version", v, "--node-version")
	case n.NodeVersion != "":
		np.Version = n.NodeVersion
		pl.decide("node version", n.NodeVersion, n.NodeVersionEvidence)
	case n.Engines != "":
		c, err := semver.NewConstraint(n.Engines)
		if err != nil {
			return fmt.Errorf("package.json: engines.node %q is not a version range (%v); fix it or pass --node-version", n.Engines, err)
		}
		for _, lts := range NodeLTS() {
			if c.Check(semver.MustParse(lts + ".999.999")) {
				np.Version = lts
				pl.decide("node version", lts, fmt.Sprintf("the newest LTS that engines.node %q allows", n.Engines))
				return nil
			}
		}
		return fmt.Errorf("package.json: engines.node %q allows no Node.js LTS line (%s); pass --node-version", n.Engines, strings.Join(NodeLTS(), ", "))
	default:
		np.Version = def.DefaultVersion
		pl.decide("node version", np.Version, "default: the current LTS; no .nvmrc, .node-version or engines.node")
	}
	return nil
}

// nodeManifests: the root manifest and lockfile, then every workspace
// package's package.json, which a frozen install of a workspace needs.
func nodeManifests(n *detect.NodeProject, np *NodePlan) []Copy {
	copies := np.Manifests
	if len(n.Workspaces) > 0 {
		if n.PnpmWorkspace {
			copies[0].Sources = append(copies[0].Sources, "pnpm-workspace.yaml")
		}
		for _, pkg := range n.Packages[1:] {
			copies = append(copies, Copy{Sources: []string{pkg.Manifest}, Dest: "./" + pkg.Dir + "/"})
		}
	}
	return copies
}

// nodeIgnore is the .dockerignore of a Node.js build.
func nodeIgnore(p *detect.Project, np *NodePlan) IgnoreFile {
	f := IgnoreFile{Sections: commonIgnore()}
	f.Sections = append(f.Sections, IgnoreSection{"Dependencies and build output are made in the image", []string{
		"**/node_modules", "**/.next", "**/dist", "**/coverage", "**/.turbo", "**/.cache",
		"**/npm-debug.log*", "**/yarn-error.log", ".yarn/cache", ".yarn/install-state.gz", ".pnpm-store",
	}})
	needed := []string{"package.json", "package-lock.json", "pnpm-lock.yaml", "yarn.lock", ".yarnrc.yml", "tsconfig.json"}
	for _, pkg := range p.Node.Packages {
		needed = append(needed, pkg.Manifest)
		needed = append(needed, pkg.Sources...)
	}
	if np.Build == "" && np.Kind == "server" {
		// No build step: what node runs is committed (often in dist/).
		needed = append(needed, path.Join(np.AppDir, np.Entry))
	}
	finishIgnore(&f, p.Gitignore, needed)
	return f
}
