package plan

import (
	"errors"
	"fmt"
	"path"
	"regexp"
	"strconv"
	"strings"

	"github.com/Masterminds/semver/v3"

	"github.com/dockerize-dev/dockerize/detect"
	"github.com/dockerize-dev/dockerize/internal/dfvalue"
	"github.com/dockerize-dev/dockerize/release"
)

// NodeStack is what the plan knows of Node.js.
func NodeStack() Stack {
	return Stack{Name: detect.Node, Plan: planNode, Images: NodeImages(), Templates: "node", Questions: nodeQuestions(), Offer: nodeOffer, Checks: nodeChecks}
}

// nodeQuestions are the Node.js flags and settings.
func nodeQuestions() []Question {
	return []Question{
		{
			Name: "node-version", Help: "the version, a major (22) or exact (22.12.0) (default: .nvmrc, .node-version, engines.node, current LTS)",
			Kind: KindInput, Prompt: "Which Node.js version?", Validate: matches(nodeVersionRE, "a major (22) or an exact version (22.12.0)"),
		},
		{Name: "package-manager", Help: "npm, pnpm or yarn, optionally @version (default: packageManager field, then the lockfile)"},
		{
			Name: "start", Help: "the file node runs, e.g. dist/server.js (default: the start script's node FILE, then main)",
			Kind: KindInput, Prompt: "Which file starts the app (node FILE)?", Validate: insideProject,
		},
		{Name: "build", Type: TypeBool, Help: "require the build script to run"},
		{Name: "require-lockfile", Type: TypeBool, Help: "refuse a project with no lockfile instead of resolving one in the image"},
		{Name: "no-build", Type: TypeBool, Help: "do not run the build script"},
		{Name: "path", Help: "the workspace package to build, e.g. apps/api", Kind: KindSelect, Prompt: "Which workspace app should the image run?"},
		{
			Name: "runtime", Help: "the server's runtime image: distroless (node on distroless cc: no package manager, no shell) or slim (the node slim image) (default: distroless)",
			Kind: KindSelect, Prompt: "Which runtime image?", Options: []string{NodeRuntimeDistroless, NodeRuntimeSlim}, Default: NodeRuntimeDistroless,
		},
	}
}

// NodeImages are the Node.js rows of the base-image table.
func NodeImages() []Image {
	return []Image{
		{
			Key: "node.build", Repository: "node", Tag: "{version}-bookworm", DefaultVersion: "26",
			Why: "official Node.js image with Debian's compilers and python3, for packages with native addons",
		},
		{
			Key: "node.runtime", Repository: "node", Tag: "{version}-bookworm-slim", DefaultVersion: "26",
			Why: "the same Node.js without compilers; has the node user (1000:1000)",
		},
		{
			Key: "node.runtime.distroless", Repository: "gcr.io/distroless/cc-debian12", Tag: "nonroot",
			Why: "distroless cc: glibc and libstdc++ for the node binary, no package manager or shell, runs as nonroot (65532)",
		},
		{
			Key: "node.runtime.spa", Repository: "nginxinc/nginx-unprivileged", Tag: NewestRelease("nginxinc/nginx-unprivileged", "1.28") + "-bookworm",
			Why: "nginx that runs as a non-root user (101) on port 8080, for single-page apps with no server",
		},
	}
}

// NodeLTS lists the Node.js long-term-support lines, newest first: a range
// in engines.node resolves to the newest of these it allows.
func NodeLTS() []string { return []string{"26", "24", "22", "20", "18"} }

// Tool versions the generated Dockerfiles pin. Debian's tini is the init
// that forwards signals to node; corepack installs pnpm and yarn at the
// version the project asks for.
const (
	TiniVersion     = "0.19.0-1+b3"
	CorepackVersion = "0.36.0"
	// TiniSHA256Amd64 and TiniSHA256Arm64 are the sha256 sums of Debian's
	// tini_<TiniVersion>_<arch>.deb in the Debian pool: an image fetches
	// the package by URL (no apt-get update) and checks it.
	TiniSHA256Amd64 = "7d1947665fa40e55f218fefad773dc6de66458d0b39eaa292cdcadfc7c996632"
	TiniSHA256Arm64 = "335dee1e36c0bf61f11c9fe9740012966a3183bd50405b73ed19477293c28f7f"
	// DefaultPnpm and DefaultYarn are used when package.json has no
	// packageManager field.
	DefaultPnpm = "9.15.9"
	DefaultYarn = "1.22.22"
)

// NodeKind is what a Node.js image runs.
type NodeKind string

// The kinds of Node.js apps.
const (
	NodeServer NodeKind = "server" // node runs Entry
	NodeNext   NodeKind = "next"   // the Next.js standalone server
	NodeSPA    NodeKind = "spa"    // static files served by nginx
)

// IsServer, IsNext and IsSPA let templates test the kind.
func (k NodeKind) IsServer() bool { return k == NodeServer }

// IsNext reports a Next.js standalone server.
func (k NodeKind) IsNext() bool { return k == NodeNext }

// IsSPA reports a single-page app served by nginx.
func (k NodeKind) IsSPA() bool { return k == NodeSPA }

// Node returns the Node.js part of a Node.js plan, else nil.
func (pl *Plan) Node() *NodePlan { n, _ := pl.Detail.(*NodePlan); return n }

// NodePlan is the Node.js-specific part of a plan.
type NodePlan struct {
	Version string
	// PackageManager is npm, pnpm or yarn; Corepack is the pinned corepack
	// that installs pnpm or yarn (PackageManagerSpec, e.g. pnpm@9.15.9).
	PackageManager     dfvalue.Word
	PackageManagerSpec *dfvalue.Word
	Corepack           *dfvalue.Word
	Manifests          []Copy
	Install            dfvalue.Shell // the frozen install with dev dependencies
	InstallProd        dfvalue.Shell // the frozen install of production dependencies, where there is no Prune
	// Prune turns the build's install into the runtime's production
	// dependencies, nil where the runtime installs them itself.
	Prune       *dfvalue.Shell
	CacheTarget dfvalue.Word   // the package manager's download store
	Build       *dfvalue.Shell // the build command, nil for none
	BuildCache  *dfvalue.Word  // a cache mount the build keeps between builds (.next/cache)
	Kind        NodeKind
	// Entry is what node runs, relative to WORKDIR /app.
	Entry dfvalue.Path
	// Cmd is the runtime command, in exec form.
	Cmd dfvalue.Exec
	// AppDir is the app's directory ("." or a workspace package).
	AppDir dfvalue.Path
	OutDir dfvalue.Path
	// Tini is Debian's tini, fetched by URL in a stage of its own.
	Tini TiniDeb
	// HasPublic is true when a Next.js app has a public/ folder.
	HasPublic bool
	// PnP is true for yarn Plug'n'Play: node needs -r ./.pnp.cjs.
	PnP bool
	// MoreOut are other build outputs the runtime copies (remix's public/build).
	MoreOut []dfvalue.Path
	// WorkspaceOut are the build outputs of the workspace packages the app
	// depends on, from the project root.
	WorkspaceOut []dfvalue.Path
	// LockStage resolves a lockfile (LockFile) in the image when the
	// project has none; nil when it has one.
	LockStage *dfvalue.Shell
	LockFile  dfvalue.Path
	// NpmrcSecret is true when .npmrc holds credentials: the installs mount
	// it as the build secret npmrc instead of copying it.
	NpmrcSecret bool
	// Generate is the Prisma client generation the build stage runs after
	// the source copy; the runtime takes node_modules/.prisma from it.
	Generate *dfvalue.Shell
	// HostEnv is the variable the server reads its host from; the image
	// sets it to 0.0.0.0.
	HostEnv *dfvalue.EnvKey
	// Distroless is true when the server runs on distroless cc with the
	// build image's node binary, and no package manager.
	Distroless bool
}

// HasBuildStage reports a build stage: the app is built, or its Prisma
// client generated, on an install with the dev dependencies.
func (np *NodePlan) HasBuildStage() bool { return np.Build != nil || np.Generate != nil }

// The Node.js server runtimes --runtime accepts.
const (
	NodeRuntimeDistroless = "distroless"
	NodeRuntimeSlim       = "slim"
)

// The runtime user of the Node.js images and of nginx-unprivileged.
const (
	nodeUser  = 1000
	nginxUser = 101
)

var nodeVersionRE = regexp.MustCompile(`^[0-9]+(\.[0-9]+\.[0-9]+)?$`)

func planNode(pl *Plan, p *detect.Project, a Answers) error {
	n := p.Node()
	pkg, err := chooseApp(n, a)
	if err != nil {
		return err
	}
	np := &NodePlan{}
	np.AppDir = pl.path(pkg.Dir, pkg.Manifest+": the workspace package directory", "rename it to letters, digits and ._@+-")
	if pkg.OutDir != "" {
		np.OutDir = pl.path(pkg.OutDir, path.Join(pkg.Dir, "tsconfig.json")+": the build's output directory (outDir)", "set outDir to a plain directory such as dist")
	}
	for _, o := range pkg.MoreOut {
		np.MoreOut = append(np.MoreOut, pl.path(o, pkg.Manifest+": a build output", "rename it"))
	}
	pl.Detail = np
	pl.title = nodeName(pkg, p)
	if pkg.Dir != "." {
		pl.decide("app", pkg.Dir, "--path")
	}

	if err := nodePackageManager(pl, np, n, a); err != nil {
		return err
	}
	nodeLifecycle(pl, np, n, pkg)
	if err := nodeVersion(pl, np, n, a); err != nil {
		return err
	}
	if pl.BuildImage, err = pl.imageRef(a, "node.build", np.Version); err == nil {
		np.Tini = pl.tiniDeb()
	}
	if err != nil {
		return err
	}

	nextStart := false
	var nx *detect.NxApp
	switch {
	case pkg.Framework == "next" && !pkg.NextStandalone && a.String("start") == "":
		// next start: the whole app with its production dependencies.
		// Standalone output would ship only what the server uses.
		nextStart = true
		np.Kind, np.OutDir = NodeServer, mustPath(path.Join(pkg.Dir, ".next"))
		if pkg.Dir != "." {
			np.OutDir = mustPath(".next")
		}
		bin := "node_modules/next/dist/bin/next"
		if np.PackageManager.String() == "pnpm" {
			bin = path.Join(np.AppDir.String(), bin) // pnpm links direct dependencies into the package
		}
		args := []string{"node", bin, "start"}
		if pkg.Dir != "." {
			args = append(args, np.AppDir.String())
		}
		np.Cmd = pl.exec("the start command", args...)
		pl.decide("framework", "Next.js, run with next start", pkg.FrameworkEvidence)
		pl.decide("start", strings.Join(args, " "), "no standalone output: "+pkg.EntryProblem+"; add output: 'standalone' to it for a smaller image that ships only the files the server uses, and run dockerize again")
	case pkg.Framework == "hosted":
		return errors.New(pkg.EntryProblem)
	case pkg.Framework == "next" && !pkg.NextStandalone:
		np.Kind = NodeServer
	case pkg.Framework == "next":
		np.Kind, np.Entry = NodeNext, mustPath("server.js")
		np.HasPublic = pkg.HasPublic
		pl.decide("framework", "Next.js standalone", pkg.FrameworkEvidence)
	case pkg.Framework == "spa":
		np.Kind = NodeSPA
		pl.decide("framework", "static single-page app", pkg.FrameworkEvidence)
		if len(pkg.NxApps) > 0 {
			if nx, err = chooseNxApp(pkg, a); err != nil {
				return err
			}
			np.OutDir = pl.path(nx.Out, nx.Evidence, "set the build's output path to a plain directory such as dist/apps/web")
		}
	default:
		np.Kind = NodeServer
		if pkg.Framework != "" {
			pl.decide("framework", pkg.Framework, pkg.FrameworkEvidence)
		}
	}

	// The build: the package's build script, unless --no-build.
	script := pkg.Scripts["build"]
	switch {
	case a.Bool("no-build") && a.Bool("build"):
		return fmt.Errorf("%w: --build and --no-build contradict each other; pass one", ErrInvalid)
	case a.Bool("no-build"):
		pl.decide("build", "none", "--no-build")
	case nx != nil:
		b := nxBuild(pl, np.PackageManager.String(), nx.Name)
		np.Build = &b
		pl.decide("build", b.String(), fmt.Sprintf("%s: scripts.build %q runs Nx; %s", pkg.Manifest, script, nx.Evidence))
	case script != "" && n.Turbo != "" && pkg.Dir != "." && pkg.Name != "":
		// Turborepo builds the package's workspace dependencies first
		// (dependsOn ^build), which a plain run of its script would not.
		b := turboBuild(pl, np.PackageManager.String(), pkg.Name)
		np.Build = &b
		pl.decide("build", b.String(), fmt.Sprintf("%s: scripts.build %q; %s: turbo builds its workspace dependencies first", pkg.Manifest, script, n.Turbo))
		// What turbo built for the dependencies is what they run from.
		for _, dir := range pkg.WorkspaceDeps {
			for _, dep := range n.Packages[1:] {
				if dep.Dir == dir && dep.Scripts["build"] != "" && dep.OutDir != "" {
					out := path.Join(dep.Dir, dep.OutDir)
					np.WorkspaceOut = append(np.WorkspaceOut, pl.path(out, dep.Manifest+": the build output of a workspace dependency", "set its outDir to a plain directory such as dist"))
					pl.decide("workspace output", out, fmt.Sprintf("%s depends on %s (%s), whose build writes %s", pkg.Manifest, dep.Name, dep.Manifest, dep.OutDir))
				}
			}
		}
	case script != "":
		b := runScript(pl, np.PackageManager.String(), "build", np.AppDir)
		np.Build = &b
		pl.decide("build", b.String(), fmt.Sprintf("%s: scripts.build %q", pkg.Manifest, script))
	case pkg.Start != nil && len(pkg.Start.Before) > 0:
		// The start script builds first (npm run compile && node dist/x.js).
		var b dfvalue.Shell
		for _, before := range pkg.Start.Before {
			b = b.And(runScript(pl, np.PackageManager.String(), before, np.AppDir))
		}
		np.Build = &b
		pl.decide("build", strings.ReplaceAll(b.String(), " \\\n    && ", " && "), pkg.Start.Evidence)
	case a.Bool("build"):
		return fmt.Errorf("%w: --build was given, but %s has no build script; add one or drop --build", ErrInvalid, pkg.Manifest)
	case np.Kind != NodeServer || pkg.TypeScript || nextStart:
		return fmt.Errorf("%s has no build script, and a %s project must be built; add \"build\" to its scripts", pkg.Manifest, map[bool]string{true: "TypeScript", false: pkg.Framework}[pkg.TypeScript])
	}

	if np.Build != nil && (np.Kind == NodeNext || nextStart) {
		// Next.js keeps its compiler cache in .next/cache: a cache mount
		// carries it to the next build, which then recompiles only what
		// changed. The mount is not part of the image.
		if w, err := dfvalue.NewWord(path.Join("/app", np.AppDir.String(), ".next/cache")); err == nil {
			np.BuildCache = &w
			pl.decide("build cache", w.String(), "Next.js's compiler cache, kept in a cache mount between builds")
		}
	}
	if pkg.PrismaSchema != "" {
		schema := pl.path(pkg.PrismaSchema, pkg.PrismaSchemaEvidence, "move the schema to prisma/schema.prisma")
		exec := map[string][]string{"npm": {"npx", "--no-install"}, "pnpm": {"pnpm", "exec"}, "yarn": {"yarn"}}[np.PackageManager.String()]
		g := pl.command("the Prisma client generation", append(exec, "prisma", "generate", "--schema", schema.String())...)
		np.Generate = &g
		pl.decide("prisma", g.String()+" after the source copy; the runtime takes the generated client", pkg.PrismaSchemaEvidence)
	}

	var startCmd []string
	if np.Kind == NodeServer && !nextStart {
		switch {
		case a.String("start") != "":
			entry := strings.TrimPrefix(strings.TrimSpace(a.String("start")), "node ")
			var err error
			if np.Entry, err = dfvalue.NewPath(entry); err != nil {
				return fmt.Errorf("%w: --start %s must be a file inside the app, such as dist/server.js: %w", ErrInvalid, dfvalue.Quote(a.String("start")), err)
			}
			pl.decide("start", "node "+entry, "--start")
		case pkg.Entry == "" && pkg.Start != nil && len(pkg.Start.Argv) > 0:
			// A server CLI from the dependencies (remix-serve).
			startCmd = append([]string(nil), pkg.Start.Argv...)
			if pkg.Dir != "." {
				startCmd[0] = path.Join(pkg.Dir, startCmd[0])
			}
			pl.decide("start", strings.Join(startCmd, " "), pkg.EntryEvidence)
		case pkg.Entry != "":
			np.Entry = pl.path(pkg.Entry, pkg.EntryEvidence+": the file node runs", "write the start script as node path/to/file.js with a plain relative path, or pass --start")
			pl.decide("start", "node "+pkg.Entry, pkg.EntryEvidence)
			if i := pkg.Start.FileIndex(); i >= 0 {
				startCmd = append([]string(nil), pkg.Start.Argv...)
				startCmd[i] = np.AppDir.Join(np.Entry).String()
				if len(startCmd) > 2 {
					pl.redecide("start", strings.Join(startCmd, " "), pkg.EntryEvidence)
				}
			}
		default:
			reason := fmt.Sprintf("%s has no start script that runs node, and no main file", pkg.Manifest)
			if pkg.EntryProblem != "" {
				reason += " (" + pkg.EntryProblem + ")"
			}
			return &MissingError{Question: Lookup(nodeQuestions(), "start"), Reason: reason}
		}
		if !np.Entry.IsZero() {
			np.Entry = np.AppDir.Join(np.Entry)
		}
	}
	switch {
	case np.Kind == NodeNext:
		np.Cmd = pl.exec("the start command", "node", np.AppDir.Prefix().String()+"server.js")
	case nextStart:
	case startCmd != nil && np.PnP && startCmd[0] == "node":
		np.Cmd = pl.exec("the start command", append([]string{"node", "-r", "./.pnp.cjs"}, startCmd[1:]...)...)
	case startCmd != nil:
		np.Cmd = pl.exec("the start command", startCmd...)
	case np.Kind == NodeServer && np.PnP:
		np.Cmd = pl.exec("the start command", "node", "-r", "./.pnp.cjs", np.Entry.String())
	case np.Kind == NodeServer:
		np.Cmd = pl.exec("the start command", "node", np.Entry.String())
	}

	// Port and user.
	defPort, portSource := 3000, "default for Node.js servers; pass --port if it listens elsewhere"
	runtimeKey := "node.runtime"
	pl.UID, pl.GID = nodeUser, nodeUser
	userWhy := "the node user of the official image"
	runtimeWhy := ""
	switch r := a.String("runtime"); {
	case np.Kind == NodeSPA:
		if r != "" {
			return fmt.Errorf("%w: a single-page app is served by nginx; --runtime does not apply", ErrInvalid)
		}
		runtimeKey, defPort, portSource = "node.runtime.spa", 8080, "nginx-unprivileged listens on 8080"
		pl.UID, pl.GID = nginxUser, nginxUser
		userWhy = "the nginx user of nginx-unprivileged"
	case r == NodeRuntimeSlim:
		runtimeWhy = "--runtime slim"
	case r == "" || r == NodeRuntimeDistroless:
		// node alone, copied from the build image: npm, corepack, yarn
		// and a shell stay out of the image the server runs in.
		runtimeKey, np.Distroless = "node.runtime.distroless", true
		pl.UID, pl.GID = distrolessNonroot, distrolessNonroot
		userWhy = "the nonroot user of the distroless runtime"
		runtimeWhy = "default, node " + np.Version + " copied from the build image (--runtime slim keeps the node slim image)"
		if r != "" {
			runtimeWhy = "--runtime distroless, node " + np.Version + " copied from the build image"
		}
	default:
		return fmt.Errorf("%w: --runtime %s is not a Node.js runtime; use %s or %s", ErrInvalid, dfvalue.Quote(r), NodeRuntimeDistroless, NodeRuntimeSlim)
	}
	if a.Int("port") != 0 && np.Kind == NodeSPA {
		return fmt.Errorf("%w: a single-page app is served by nginx on port 8080; --port does not apply", ErrInvalid)
	}
	var found []portFound
	serverCLI := np.Kind == NodeServer && np.Entry.IsZero() && len(startCmd) > 0 && !nextStart
	switch {
	case nextStart:
		portSource = "next start listens on $PORT, default 3000"
	case serverCLI && pkg.Port == 0:
		portSource = path.Base(startCmd[0]) + " listens on $PORT, default 3000"
	case np.Kind == NodeServer:
		found = append(found, portFound{pkg.Port, pkg.PortEvidence})
	}
	pl.choosePort(a.Int("port"), found, defPort, portSource)
	if np.Kind == NodeServer {
		pl.PortEnv = pl.envKey(pkg.PortEnv, pkg.PortEvidence+": the port variable")
		nodeLoopback(pl, np, pkg)
	}
	if np.Kind == NodeNext || nextStart || serverCLI {
		pl.PortEnv = pl.envKey("PORT", "Next.js") // Next.js standalone reads PORT and HOSTNAME
	}
	rt, _ := pl.image(runtimeKey)
	if pl.RuntimeImage, err = pl.imageRef(a, runtimeKey, np.Version); err != nil {
		return err
	}
	why := rt.Why
	if runtimeWhy != "" {
		why = runtimeWhy + "; " + rt.Why
	}
	pl.decide("runtime", pl.RuntimeImage.String(), why)
	pl.decide("user", fmt.Sprintf("%d:%d", pl.UID, pl.GID), userWhy)

	pl.setLabel("org.opencontainers.image.title", dfvalue.NewComment(pl.title).String())
	np.Manifests = nodeManifests(pl, n, np)
	pl.Ignore = nodeIgnore(p, np)
	nodePrune(np)
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
	if a.String("path") != "" {
		want := path.Clean(strings.TrimPrefix(a.String("path"), "./"))
		for _, app := range n.Packages[0].NxApps {
			if app.Dir == want {
				return &n.Packages[0], nil // the Nx workspace builds it
			}
		}
		for i := range n.Packages {
			if n.Packages[i].Dir == want {
				return &n.Packages[i], nil
			}
		}
		if len(dirs) == 0 {
			return nil, fmt.Errorf("%w: --path %s: this project has no workspaces", ErrInvalid, a.String("path"))
		}
		return nil, fmt.Errorf("%w: --path %s is not a workspace package; use one of: %s", ErrInvalid, a.String("path"), strings.Join(dirs, ", "))
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
		Question: preset(nodeQuestions(), "path", apps[0], apps...),
		Reason:   "this is a workspace with several packages",
	}
}

// chooseNxApp picks the Nx application the image serves: --path, else
// the only one.
func chooseNxApp(pkg *detect.NodePackage, a Answers) (*detect.NxApp, error) {
	var dirs []string
	for i, app := range pkg.NxApps {
		if want := path.Clean(strings.TrimPrefix(a.String("path"), "./")); app.Dir == want {
			return &pkg.NxApps[i], nil
		}
		dirs = append(dirs, app.Dir)
	}
	if len(dirs) == 1 {
		return &pkg.NxApps[0], nil
	}
	return nil, &MissingError{
		Question: preset(nodeQuestions(), "path", dirs[0], dirs...),
		Reason:   fmt.Sprintf("this Nx workspace has %d applications, and one image serves one", len(dirs)),
	}
}

// turboBuild builds one workspace package, and what it depends on, with
// the monorepo's own turbo.
func turboBuild(pl *Plan, pm, name string) dfvalue.Shell {
	what := "the workspace package name " + dfvalue.Quote(name)
	args := []string{"turbo", "run", "build", "--filter=" + name}
	switch pm {
	case "npm":
		return pl.command(what, append([]string{"npx", "--no-install"}, args...)...)
	case "pnpm":
		return pl.command(what, append([]string{"pnpm", "exec"}, args...)...)
	}
	return pl.command(what, append([]string{"yarn"}, args...)...)
}

// nxBuild builds one Nx project with the workspace's own nx.
func nxBuild(pl *Plan, pm, project string) dfvalue.Shell {
	what := "the Nx project " + dfvalue.Quote(project)
	switch pm {
	case "npm":
		return pl.command(what, "npx", "--no-install", "nx", "build", project)
	case "pnpm":
		return pl.command(what, "pnpm", "exec", "nx", "build", project)
	}
	return pl.command(what, "yarn", "nx", "build", project)
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
	if a.String("package-manager") != "" {
		name, v, _ := strings.Cut(a.String("package-manager"), "@")
		switch name {
		case "npm", "pnpm", "yarn":
		case "bun":
			return fmt.Errorf("%w: bun is not supported yet; use npm, pnpm or yarn", ErrInvalid)
		default:
			return fmt.Errorf("%w: --package-manager %q is not one of npm, pnpm, yarn", ErrInvalid, a.String("package-manager"))
		}
		pm, version, source = name, v, "--package-manager"
	}
	if pm == "bun" {
		return fmt.Errorf("bun (%s) is not supported yet: dockerize builds npm, pnpm and yarn projects; pass --package-manager npm if the project also works with npm", source)
	}
	lockfile := n.Lockfile
	if a.String("package-manager") != "" && pm != n.PackageManager {
		lockfile = ""
	}
	np.PackageManager = mustWord(pm)
	lock := []string{lockfile}
	if lockfile == "" {
		generated, ok := lockOnly(pm)
		if a.Bool("require-lockfile") || !ok || (pm == "yarn" && n.YarnBerry) {
			return fmt.Errorf("no lockfile for %s: the image must install exactly the versions you tested; run `%s` and commit the lockfile, then run dockerize again", pm, lockCommand(pm))
		}
		// No lockfile (a template, or one the project ignores on
		// purpose): resolve one once, in its own stage, so the build and
		// the runtime install the same versions; and say loudly that
		// they are not the versions anyone tested.
		np.LockStage, np.LockFile, lock = &generated, mustPath(lockName(pm)), nil
		pl.decide("warning", fmt.Sprintf("no lockfile: the image resolves the newest versions package.json allows (%s in a lock stage), so each build may install different ones; commit a lockfile (`%s`) to pin them, or pass --require-lockfile to refuse", generated, lockCommand(pm)), "no "+lockName(pm))
	}
	switch pm {
	case "npm":
		np.Install, np.InstallProd, np.CacheTarget = dfvalue.MustCommand("npm", "ci"), dfvalue.MustCommand("npm", "ci", "--omit=dev"), mustWord("/root/.npm")
	case "pnpm":
		if version == "" {
			version = DefaultPnpm
		}
		np.Install = dfvalue.MustCommand("pnpm", "install", "--frozen-lockfile")
		np.InstallProd = dfvalue.MustCommand("pnpm", "install", "--frozen-lockfile", "--prod")
		np.CacheTarget = mustWord("/root/.local/share/pnpm/store")
	case "yarn":
		switch {
		case n.YarnBerry && n.YarnPnP:
			if version == "" {
				return errors.New("yarn berry needs its version: add \"packageManager\": \"yarn@4.x.y\" to package.json (yarn set version does) and run dockerize again")
			}
			// Plug'n'Play: no node_modules; node runs with the .pnp.cjs
			// hook. The install checks the (zero-install) cache and
			// writes .pnp.cjs; dev dependencies stay in the cache.
			np.PnP = true
			np.Install = dfvalue.MustCommand("yarn", "install", "--immutable")
			np.InstallProd = np.Install
			np.CacheTarget = mustWord("/root/.yarn/berry/cache")
			lock = append(lock, ".yarnrc.yml")
			pl.decide("yarn", "Plug'n'Play: node runs with -r ./.pnp.cjs; the install reads the committed .yarn folder", ".yarnrc.yml: no nodeLinker (pnp is yarn's default)")
		case n.YarnBerry:
			if version == "" {
				return errors.New("yarn berry needs its version: add \"packageManager\": \"yarn@4.x.y\" to package.json (yarn set version does) and run dockerize again")
			}
			np.Install = dfvalue.MustCommand("yarn", "install", "--immutable")
			np.InstallProd = dfvalue.MustCommand("yarn", "workspaces", "focus", "--all", "--production")
			np.CacheTarget = mustWord("/root/.yarn/berry/cache")
			lock = append(lock, ".yarnrc.yml")
		default:
			if version == "" {
				version = DefaultYarn
			}
			np.Install = dfvalue.MustCommand("yarn", "install", "--frozen-lockfile")
			np.InstallProd = dfvalue.MustCommand("yarn", "install", "--frozen-lockfile", "--production")
			np.CacheTarget = mustWord("/usr/local/share/.cache/yarn")
		}
	}
	if pm != "npm" {
		if !pmVersionRE.MatchString(version) {
			if source == "--package-manager" {
				return fmt.Errorf("%w: --package-manager %s@%s: the version is not a release such as 9.15.9; pass %s@x.y.z", ErrInvalid, pm, dfvalue.Quote(version), pm)
			}
			return fmt.Errorf("%s: %s version %s is not a release such as 9.15.9; set \"packageManager\": \"%s@x.y.z\" in package.json or pass --package-manager %s@x.y.z", dfvalue.NewComment(source), pm, dfvalue.Quote(version), pm, pm)
		}
		np.Corepack = new(mustWord(CorepackVersion))
		np.PackageManagerSpec = new(mustWord(pm + "@" + version))
	}
	np.Manifests = []Copy{{Sources: pl.paths("the lockfile", "rename it", append([]string{"package.json"}, lock...)...), Dest: mustPath(".").DirDest()}}
	pl.decide("package manager", pm+versionAt(version), source)
	if pm == "yarn" && n.YarnBerry && n.YarnDir {
		np.Manifests = append(np.Manifests, Copy{Sources: pl.paths("the yarn folder", "rename it", ".yarn"), Dest: mustPath(".yarn").DirDest()})
	}
	switch {
	case n.Npmrc != "" && n.NpmrcAuth:
		np.NpmrcSecret = true
		pl.decide("npmrc", "kept out of the build context and passed to the install as a secret: docker build --secret id=npmrc,src=.npmrc", n.NpmrcEvidence)
	case n.Npmrc != "":
		lock = append(lock, n.Npmrc)
		np.Manifests = []Copy{{Sources: pl.paths("the lockfile", "rename it", append([]string{"package.json"}, lock...)...), Dest: mustPath(".").DirDest()}}
		pl.decide("npmrc", "copied with the manifests: the install reads its settings", n.NpmrcEvidence)
	}
	return nil
}

// lockOnly is the command that writes a lockfile without installing.
func lockOnly(pm string) (dfvalue.Shell, bool) {
	switch pm {
	case "npm":
		return dfvalue.MustCommand("npm", "install", "--package-lock-only", "--ignore-scripts"), true
	case "pnpm":
		return dfvalue.MustCommand("pnpm", "install", "--lockfile-only", "--ignore-scripts"), true
	}
	return dfvalue.Shell{}, false
}

func lockName(pm string) string {
	switch pm {
	case "pnpm":
		return "pnpm-lock.yaml"
	case "yarn":
		return "yarn.lock"
	}
	return "package-lock.json"
}

// lifecycleScripts are the scripts an install runs for the project itself.
var lifecycleScripts = []string{"preinstall", "install", "postinstall", "prepare"}

// nodeLifecycle keeps the project's own install scripts out of the
// installs: they run before the source is copied, so `husky install`,
// `prisma generate` or an asset build there fail. The dependencies' own
// scripts (native addons) still run, by a rebuild after the install.
func nodeLifecycle(pl *Plan, np *NodePlan, n *detect.NodeProject, app *detect.NodePackage) {
	if np.PackageManager.String() == "yarn" && n.YarnBerry {
		return // berry: yarn workspaces focus runs no root scripts of its own choice
	}
	var found []string
	seen := map[string]bool{}
	for _, pkg := range []*detect.NodePackage{&n.Packages[0], app} {
		if seen[pkg.Dir] {
			continue
		}
		seen[pkg.Dir] = true
		for _, s := range lifecycleScripts {
			if v := pkg.Scripts[s]; v != "" {
				found = append(found, fmt.Sprintf("%s: scripts.%s %q", pkg.Manifest, s, v))
			}
		}
	}
	if len(found) == 0 {
		return
	}
	rebuild := dfvalue.MustCommand("npm", "rebuild")
	if np.PackageManager.String() == "pnpm" {
		rebuild = dfvalue.MustCommand("pnpm", "rebuild")
	}
	// The installs are dockerize's own commands, plain words.
	np.InstallProd = dfvalue.MustCommand(append(strings.Fields(np.InstallProd.String()), "--ignore-scripts")...).And(rebuild)
	np.Install = dfvalue.MustCommand(append(strings.Fields(np.Install.String()), "--ignore-scripts")...).And(rebuild)
	pl.decide("install scripts", "the installs run with --ignore-scripts, then "+rebuild.String()+" for the dependencies' native addons; the project's own scripts need the source, which is not there yet", strings.Join(found, "; "))
}

// nodeLoopback: a server that binds to localhost cannot be reached through
// a published port. When the code takes its host from a variable, the image
// sets it to 0.0.0.0; when it does not, the header and stderr say which
// line to change.
func nodeLoopback(pl *Plan, np *NodePlan, pkg *detect.NodePackage) {
	switch {
	case pkg.Loopback == "":
	case pkg.HostEnv != "":
		np.HostEnv = pl.envKey(pkg.HostEnv, pkg.Loopback+": the host variable")
		pl.decide("host", pkg.HostEnv+"=0.0.0.0, so the port is reachable from outside the container", pkg.Loopback)
	default:
		pl.decide("warning", "the server listens on localhost only, so nothing outside the container reaches it; make it listen on 0.0.0.0 (e.g. listen({ port, host: '0.0.0.0' })) and run dockerize again", pkg.Loopback)
	}
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

func runScript(pl *Plan, pm, script string, dir dfvalue.Path) dfvalue.Shell {
	what := "the " + script + " script"
	if dir.String() == "." {
		return pl.command(what, pm, "run", script)
	}
	switch pm {
	case "pnpm":
		return pl.command(what, "pnpm", "--filter", dir.Rel().String(), "run", script)
	case "yarn":
		return pl.command(what, "yarn", "--cwd", dir.String(), "run", script)
	}
	return pl.command(what, "npm", "run", script, "--workspace", dir.String())
}

// pmVersionRE is the version a packageManager field may name: semver,
// with an optional pre-release and build (a +sha hash, as corepack writes).
var pmVersionRE = regexp.MustCompile(`^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$`)

// mustWord and mustPath hold dockerize's own constants; they panic only on
// a mistake in this source, never on project data.
func mustWord(s string) dfvalue.Word {
	w, err := dfvalue.NewWord(s)
	if err != nil {
		panic(err)
	}
	return w
}

func mustPath(s string) dfvalue.Path {
	p, err := dfvalue.NewPath(s)
	if err != nil {
		panic(err)
	}
	return p
}

// nodeVersion: the flag, then .nvmrc/.node-version, then the newest LTS that
// engines.node allows, then the current LTS.
func nodeVersion(pl *Plan, np *NodePlan, n *detect.NodeProject, a Answers) error {
	def, _ := pl.image("node.build")
	flag := versionFlag{"node-version", "v", nodeVersionRE, "a Node.js version", "a major (22) or an exact version (22.12.0)"}
	project := func() (string, string, error) {
		if n.NodeVersion != "" {
			return nodeImageVersion(n.NodeVersion, n.NodeVersionEvidence)
		}
		if n.Engines == "" {
			return "", "", nil
		}
		c, err := semver.NewConstraint(n.Engines)
		if err != nil {
			return "", "", fmt.Errorf("package.json: engines.node %q is not a version range (%v); fix it or pass --node-version", n.Engines, err)
		}
		for _, lts := range NodeLTS() {
			if c.Check(semver.MustParse(lts + ".999.999")) {
				return lts, fmt.Sprintf("the newest LTS that engines.node %q allows", n.Engines), nil
			}
		}
		return "", "", fmt.Errorf("package.json: engines.node %q allows no Node.js LTS line (%s); pass --node-version", n.Engines, strings.Join(NodeLTS(), ", "))
	}
	defWhy := "default: the current LTS; no .nvmrc, .node-version or engines.node"
	if n.NodeVersionIgnored != "" {
		defWhy = "default: the current LTS; " + n.NodeVersionIgnored + ", and no engines.node; pass --node-version to choose"
	}
	var err error
	np.Version, err = pl.chooseVersion("node version", a, flag, project, def.DefaultVersion, defWhy)
	if err != nil {
		return err
	}
	// A major becomes its newest release, so the image tag names one
	// release (DZ016) and a rebuild next month builds the same Node.js.
	if full := NewestRelease("node", np.Version); full != np.Version {
		d := &pl.Decisions[len(pl.Decisions)-1]
		d.Value, d.Evidence = full, d.Evidence+"; the newest "+np.Version+".x release (release table of "+release.AsOf+")"
		np.Version = full
	}
	return nil
}

// NodeOldestImage is the oldest Node.js major with a bookworm image: older
// lines left support before Debian bookworm and were never built on it.
const NodeOldestImage = 18

// NodeOldestSupported is the oldest Node.js line still supported on the
// release table's date (Node.js 20 left support on 2026-04-30).
const NodeOldestSupported = "22"

// nodeImageVersion keeps a version from .nvmrc or .node-version when an
// image exists for it; a line with none (16.18.0) builds with the oldest
// supported line's newest release instead, and says which rule chose it.
func nodeImageVersion(v, evidence string) (string, string, error) {
	major, _, _ := strings.Cut(v, ".")
	if m, err := strconv.Atoi(major); err != nil || m >= NodeOldestImage {
		return v, evidence, nil
	}
	newest := NodeOldestSupported
	if im, ok := release.Lookup("node"); ok {
		if exact, ok := im.NewestIn(NodeOldestSupported); ok {
			newest = exact
		}
	}
	return newest, fmt.Sprintf("%s; Node.js %s is no longer supported and has no bookworm image: the oldest supported line's newest release (release table of %s)", evidence, major, release.AsOf), nil
}

// nodeManifests: the root manifest and lockfile, then every workspace
// package's package.json, which a frozen install of a workspace needs.
func nodeManifests(pl *Plan, n *detect.NodeProject, np *NodePlan) []Copy {
	copies := np.Manifests
	if len(n.Workspaces) > 0 {
		if n.PnpmWorkspace {
			copies[0].Sources = append(copies[0].Sources, mustPath("pnpm-workspace.yaml"))
		}
		for _, pkg := range n.Packages[1:] {
			what, fix := "the workspace package "+dfvalue.Quote(pkg.Dir), "rename its directory to letters, digits and ._@+-"
			copies = append(copies, Copy{Sources: pl.paths(what, fix, pkg.Manifest), Dest: pl.path(pkg.Dir, what, fix).DirDest()})
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
	if n := p.Node(); n.Npmrc != "" && !n.NpmrcAuth {
		needed = append(needed, n.Npmrc)
	}
	if np.PnP {
		needed = append(needed, ".pnp.cjs", ".yarn/cache", ".yarn/releases")
	}
	for _, pkg := range p.Node().Packages {
		needed = append(needed, pkg.Manifest)
		needed = append(needed, pkg.Sources...)
	}
	if np.Build == nil && np.Kind == "server" && !np.Entry.IsZero() {
		// No build step: what node runs is committed (often in dist/).
		needed = append(needed, np.Entry.String())
	}
	finishIgnore(&f, p.Gitignore, needed)
	return f
}

// nodeOffer lists what a user may still change about a Node.js plan.
func nodeOffer(pl *Plan) []Question {
	n := pl.Node()
	qs := []Question{preset(nodeQuestions(), "node-version", n.Version)}
	if n.Kind == NodeServer && !n.Entry.IsZero() {
		entry := strings.TrimPrefix(strings.TrimPrefix(n.Entry.String(), n.AppDir.String()+"/"), "./")
		qs = append(qs, preset(nodeQuestions(), "start", entry))
	}
	if n.Kind != NodeSPA {
		qs = append(qs, portQuestion(pl))
	}
	return qs
}

// TiniDeb is the stage that fetches Debian's tini package from the Debian
// pool by URL and checks it against its sha256 for the target architecture
// (no apt-get update), on Image, for the images that run tini as PID 1.
type TiniDeb struct {
	Image                 dfvalue.Image
	Version, Amd64, Arm64 dfvalue.Word
}

// tiniDeb is the tini stage on the build image: call it once that is set.
func (pl *Plan) tiniDeb() TiniDeb {
	return TiniDeb{pl.BuildImage, mustWord(TiniVersion), mustWord(TiniSHA256Amd64), mustWord(TiniSHA256Arm64)}
}

// nodePrune chooses, where a build stage installs the dev dependencies
// too, to make the runtime's production dependencies by pruning that
// install rather than installing again: nothing is resolved, fetched or
// linked twice, and the two installs no longer share the cores. npm and
// pnpm prune by the lockfile; yarn installs again (yarn 1 has no prune,
// berry's focus is its production install).
func nodePrune(np *NodePlan) {
	if !np.HasBuildStage() || !np.Kind.IsServer() {
		return
	}
	var p dfvalue.Shell
	switch np.PackageManager.String() {
	case "npm":
		p = dfvalue.MustCommand("npm", "prune", "--omit=dev")
	case "pnpm":
		p = dfvalue.MustCommand("pnpm", "prune", "--prod")
	default:
		return
	}
	np.Prune = &p
}
