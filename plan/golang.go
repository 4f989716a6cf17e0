package plan

import (
	"cmp"
	"fmt"
	"maps"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/dockerize-dev/dockerize/detect"
	"github.com/dockerize-dev/dockerize/internal/dfvalue"
	"github.com/dockerize-dev/dockerize/release"
)

// GoStack is what the plan knows of Go.
func GoStack() Stack {
	return Stack{Name: detect.Go, Plan: planGo, Images: GoImages(), Templates: "go", Questions: goQuestions(), Offer: goOffer, Checks: goChecks}
}

// goQuestions are the Go flags and settings.
func goQuestions() []Question {
	return []Question{
		{Name: "main", Help: "the main package directory to build, e.g. cmd/api", Kind: KindSelect, Prompt: "Which main package should the image run?"},
		{Name: "module", Help: "the go.work module to build"},
		{
			Name: "go-version", Help: "the toolchain version (default: go.mod's toolchain or go line)",
			Kind: KindInput, Prompt: "Which Go version builds it?", Validate: matches(goVersionRE, "a Go release such as 1.24 or 1.24.4"),
		},
		{
			Name: "tags", Help: "build tags for go build, comma-separated (default: the tags the project's own build passes)",
			Kind: KindInput, Prompt: "Which build tags?", Validate: matches(goTagsRE, "build tags such as migrate or netgo,osusergo"),
		},
		{
			Name: "runtime", Help: "the runtime image flavour: static, glibc or scratch (default: static, glibc for cgo)",
			Kind: KindSelect, Prompt: "Which runtime image?", Options: []string{RuntimeStatic, RuntimeGlibc, RuntimeScratch}, Default: RuntimeStatic,
		},
	}
}

// GoImages are the Go rows of the base-image table.
func GoImages() []Image {
	return []Image{
		{
			Key: "go.build", Repository: "golang", Tag: "{version}-bookworm", DefaultVersion: newestGo(),
			Why: "official Go image on Debian 12, the same glibc as the distroless runtimes",
		},
		{
			Key: "go.runtime.static", Repository: "gcr.io/distroless/static-debian12", Tag: "nonroot",
			Why: "no shell or libc, CA certificates and tzdata, runs as nonroot (65532); for CGO_ENABLED=0 binaries",
		},
		{
			Key: "go.runtime.glibc", Repository: "gcr.io/distroless/base-debian12", Tag: "nonroot",
			Why: "glibc and openssl for cgo binaries built on Debian 12, runs as nonroot (65532)",
		},
	}
}

// Go returns the Go part of a Go plan, else nil.
func (pl *Plan) Go() *GoPlan { g, _ := pl.Detail.(*GoPlan); return g }

// GoPlan is the Go-specific part of a plan.
type GoPlan struct {
	Version string
	// Package is the main package to build, as go build takes it ("." or
	// "./cmd/api"), relative to the build's working directory /src.
	Package dfvalue.Path
	Binary  dfvalue.Name
	// Entrypoint runs the binary, in exec form.
	Entrypoint dfvalue.Exec
	CGO        bool
	Vendor     bool
	// Tags are go build's -tags, comma-separated; zero for none.
	Tags dfvalue.Word
	// Frontend is the Node.js stage that builds the web UI the program
	// embeds; nil for none.
	Frontend *GoFrontend
	// Scratch is true for a FROM scratch runtime; ZoneInfo then copies Go's
	// zoneinfo.zip for a program that loads time zones.
	Scratch, ZoneInfo bool
	// CrossCompile builds on the build machine's platform for the target
	// one; off for cgo, which needs a C toolchain for the target.
	CrossCompile bool
	// Manifests are copied, in order, before the dependency download.
	Manifests []Copy
	// Download is false when dependencies are vendored.
	Download bool
	// args are the program's arguments, part of Entrypoint: the
	// subcommand that starts the server, a listen flag, and flags naming
	// where runtime files are in the image.
	args []string
	// Workdir is the runtime stage's working directory, set when the
	// program reads project files from it.
	Workdir *dfvalue.Word
}

// requiredPortEnvs are the port variables dockerize sets when the app
// requires one: their value is the port the image exposes.
var requiredPortEnvs = map[string]bool{"PORT": true, "HTTP_PORT": true, "SERVER_PORT": true, "APP_PORT": true}

// goWorkdir is the runtime stage's working directory when the program reads
// project files from it.
const goWorkdir = "/app"

// goArgRE is an argument dockerize passes as it is.
var goArgRE = regexp.MustCompile(`^-{0,2}[A-Za-z0-9][A-Za-z0-9._-]*(=/?[A-Za-z0-9._/:-]+)?$`)

// goRuntime applies what detection found the program needs at start: the
// server subcommand of a CLI and the files it opens from its working
// directory, copied under goWorkdir (a flag names their place when its
// default is relative to the source tree).
func goRuntime(pl *Plan, gp *GoPlan, main *detect.MainPackage) error {
	if main.Command != "" {
		gp.args = append(gp.args, main.Command)
		pl.decide("command", main.Command, main.CommandEvidence)
	}
	if main.ListenFlag != "" {
		// All interfaces, on the port the image exposes (--port included).
		arg := fmt.Sprintf("--%s=0.0.0.0:%d", main.ListenFlag, pl.Port)
		gp.args = append(gp.args, arg)
		pl.decide("listen", arg, main.ListenEvidence+", unreachable from outside the container")
	}
	if main.Loopback != "" {
		pl.decide("warning", "the server listens on a loopback address only, so nothing outside the container reaches it; listen on :PORT (all interfaces) or read the address from a flag or variable, and run dockerize again", main.Loopback)
	}
	if le := main.ListenEnv; le != nil && main.ListenFlag == "" {
		value := le.Value
		if value == "" {
			value = fmt.Sprintf("0.0.0.0:%d", pl.Port)
		}
		if err := pl.setEnv(le.Name, value, le.Evidence+"; set so the app answers from outside the container"); err != nil {
			return err
		}
	}
	var names, why []string
	for _, r := range main.RequiredEnv {
		if pl.PortEnv == nil && requiredPortEnvs[r.Name] {
			// The port variable the app exits without: the image sets
			// it to the port it exposes.
			pl.PortEnv = pl.envKey(r.Name, r.Evidence)
			pl.decide("port variable", fmt.Sprintf("%s=%d", r.Name, pl.Port), r.Evidence+": the app exits without it, so the image sets it to the port it exposes")
			continue
		}
		if r.Value != "" {
			// The project's own image sets it: so does this one, and
			// docker run -e still overrides it.
			if err := pl.setEnv(r.Name, r.Value, r.Evidence+"; "+r.ValueEvidence); err == nil {
				continue
			}
		}
		names = append(names, r.Name)
		why = append(why, r.Evidence)
	}
	if len(names) > 0 {
		verb := " are"
		if len(names) == 1 {
			verb = " is"
		}
		pl.decide("warning", "the app exits at start unless "+strings.Join(names, ", ")+verb+" set, and the image does not set them",
			strings.Join(why, "; ")+": pass them with docker run -e NAME=value")
	}
	for _, f := range main.Files {
		why := f.Evidence
		if f.Flag != "" {
			why += "; relative to the source tree, so -" + f.Flag + " names its place in the image"
		}
		if !pl.copyFile(f.Path, f.At, why) {
			continue // not a plain path: left to the user, never quoted into the file
		}
		if f.Example {
			pl.decide("warning", "copied "+f.Path+" as "+f.At+", so the app starts: its values are the project's examples, not yours",
				f.Evidence+"; override each with docker run -e NAME=value (godotenv.Load keeps variables already set), or mount your own "+f.At)
		}
		if gp.Workdir == nil {
			w, err := dfvalue.NewWord(goWorkdir)
			pl.check(err, "the working directory", "report this")
			gp.Workdir = &w
		}
		if f.Flag != "" {
			gp.args = append(gp.args, "-"+f.Flag+"="+path.Join(goWorkdir, f.At))
		}
	}
	for _, a := range gp.args {
		if !goArgRE.MatchString(a) {
			return fmt.Errorf("the start argument %q is not a plain word, flag or path; pass --main and set the command yourself with docker run", a)
		}
	}
	return nil
}

// goScratch plans a FROM scratch runtime: the binary, the build image's CA
// bundle, an /etc/passwd and /etc/group naming the numeric non-root user,
// and Go's own zoneinfo when the code loads time zones by name.
func goScratch(pl *Plan, gp *GoPlan, main *detect.MainPackage, source string) {
	gp.Scratch = true
	pl.decide("runtime", "scratch", source+"; the image holds the binary, the CA bundle and /etc/passwd")
	pl.decide("user", fmt.Sprintf("%d:%d", pl.UID, pl.GID), "nonroot, written to the image's /etc/passwd and /etc/group")
	switch {
	case main.TZData:
		pl.decide("time zones", "in the binary", "it imports time/tzdata")
	case main.TimeZones != "":
		gp.ZoneInfo = true
		pl.decide("time zones", "Go's zoneinfo.zip, as ZONEINFO", main.TimeZones+": scratch has no /usr/share/zoneinfo")
	default:
		pl.decide("time zones", "none", "the code loads no time zone by name; a dependency that does needs import _ \"time/tzdata\" or --runtime static")
	}
}

// chooseTags sets go build's -tags: --tags, else the tags the project's
// own build passes. Files of the program that a tag left unset keeps out
// are named, with the flag that brings them in.
func chooseTags(pl *Plan, gp *GoPlan, a Answers, mod *detect.GoModule, main *detect.MainPackage) error {
	var tags []string
	switch given := a.String("tags"); {
	case given != "" && !goTagsRE.MatchString(given):
		return fmt.Errorf("%w: --tags %s is not a list of build tags; use letters, digits, _ and . separated by commas, such as migrate,netgo", ErrInvalid, dfvalue.Quote(given))
	case given != "":
		tags = strings.Split(a.String("tags"), ",")
		pl.decide("build tags", a.String("tags"), "--tags")
	case mod.BuildTags != nil:
		tags = mod.BuildTags.Tags
		pl.decide("build tags", strings.Join(tags, ","), mod.BuildTags.Evidence+": the project's own build sets them")
	}
	if len(tags) > 0 {
		w, err := dfvalue.NewWord(strings.Join(tags, ","))
		pl.check(err, "the build tags", "pass --tags with letters, digits, _ and . only")
		gp.Tags = w
	}
	var left []string
	need := map[string]bool{}
	for _, g := range main.Gated {
		missing := slices.DeleteFunc(slices.Clone(g.Tags), func(t string) bool { return slices.Contains(tags, t) })
		if len(missing) == len(g.Tags) {
			left = append(left, g.File)
			for _, t := range g.Tags {
				need[t] = true
			}
		}
	}
	if len(left) > 0 {
		names := slices.Sorted(maps.Keys(need))
		if len(left) > 3 {
			left = append(left[:3], "...")
		}
		pl.decide("note", "left out of the build: "+strings.Join(left, ", ")+" (build tags "+strings.Join(names, ", ")+")",
			"pass --tags "+strings.Join(names, ",")+" if the image should build with them")
	}
	return nil
}

// Copy is one COPY of files into a directory of the build stage.
type Copy struct {
	Sources dfvalue.Paths
	Dest    dfvalue.Path
}

// The Go runtime flavours --runtime accepts.
const (
	RuntimeStatic  = "static"
	RuntimeGlibc   = "glibc"
	RuntimeScratch = "scratch"
)

// distrolessNonroot is the nonroot user of the distroless images.
const distrolessNonroot = 65532

// defaultPort is used when neither the user nor the code says.
const defaultPort = 8080

var goVersionRE = regexp.MustCompile(`^1\.[0-9]+(\.[0-9]+)?$`)

// goTagsRE is a comma-separated list of build tags.
var goTagsRE = regexp.MustCompile(`^[A-Za-z0-9_.]+(,[A-Za-z0-9_.]+)*$`)

func planGo(pl *Plan, p *detect.Project, a Answers) error {
	g := p.Go()
	mod, main, err := chooseMain(g, a)
	if err != nil {
		return err
	}
	gp := &GoPlan{CGO: main.CGO, Vendor: mod.Vendor && !g.Workspace}
	pl.Detail = gp
	pl.title = main.Binary
	bin, err := dfvalue.NewName(main.Binary)
	pl.check(err, fmt.Sprintf("the binary name of the main package %s (from its directory or go.mod module)", dfvalue.Quote(main.Dir)), "rename the directory or module to letters, digits and ._@+-, or pass --main")
	gp.Binary = bin
	gp.Entrypoint = pl.exec("the entrypoint", "/usr/local/bin/"+bin.String())
	pl.decide("main package", main.Dir, mainSource(a, g, main))

	// Version: the flag, then go.mod (the workspace's highest), then the table.
	flag := versionFlag{"go-version", "go", goVersionRE, "a Go release", "a version such as 1.27 or 1.27.4"}
	project := func() (string, string, error) {
		v, ev, pinned := workspaceVersion(g, mod)
		if v == "" {
			return "", "", nil
		}
		// The version becomes the build image's tag, so anything but a
		// release (a custom toolchain name, a tag with a digest) is
		// refused rather than written into FROM.
		if !goVersionRE.MatchString(v) {
			return "", "", fmt.Errorf("%s: %q is not a Go release such as 1.24.4, so no golang image is tagged with it; fix the line (toolchain go1.24.4) or pass --go-version", ev, v)
		}
		v, why := goToolchain(v, pinned)
		return v, ev + "; " + why, nil
	}
	def, defWhy := goToolchain("", false)
	if gp.Version, err = pl.chooseVersion("go version", a, flag, project, def, "go.mod names no Go version; "+defWhy); err != nil {
		return err
	}
	if given := a.String("go-version"); given != "" {
		if full := goFlagVersion(gp.Version); full != gp.Version {
			gp.Version = full
			d := &pl.Decisions[len(pl.Decisions)-1]
			d.Value, d.Evidence = full, "--go-version "+oneLine(given)+": the newest patch of that minor (release table of "+release.AsOf+")"
		}
	}
	if pl.BuildImage, err = pl.imageRef(a, "go.build", gp.Version); err != nil {
		return err
	}

	if err := chooseTags(pl, gp, a, mod, main); err != nil {
		return err
	}
	if main.Frontend != nil {
		if gp.Frontend, err = goFrontend(pl, a, main.Frontend); err != nil {
			return err
		}
	}

	// Runtime: cgo binaries need glibc; everything else runs on static.
	runtime := RuntimeStatic
	source := "default: no cgo, so a static binary"
	if gp.CGO {
		runtime, source = RuntimeGlibc, "cgo: "+main.CGOEvidence
	}
	switch a.String("runtime") {
	case "":
	case RuntimeStatic:
		if gp.CGO {
			return fmt.Errorf("%w: --runtime static cannot run a cgo binary (%s); use --runtime glibc", ErrInvalid, main.CGOEvidence)
		}
		runtime, source = a.String("runtime"), "--runtime"
	case RuntimeGlibc:
		runtime, source = a.String("runtime"), "--runtime"
	case RuntimeScratch:
		if gp.CGO {
			return fmt.Errorf("%w: --runtime scratch cannot run a cgo binary (%s), which needs glibc; use --runtime glibc", ErrInvalid, main.CGOEvidence)
		}
		runtime, source = RuntimeScratch, "--runtime scratch: a static binary needs no base image"
	default:
		return fmt.Errorf("%w: --runtime %s is not a Go runtime; use %s, %s or %s", ErrInvalid, dfvalue.Quote(a.String("runtime")), RuntimeStatic, RuntimeGlibc, RuntimeScratch)
	}
	gp.CrossCompile = !gp.CGO
	pl.UID, pl.GID = distrolessNonroot, distrolessNonroot
	if runtime == RuntimeScratch {
		goScratch(pl, gp, main, source)
	} else {
		if pl.RuntimeImage, err = pl.imageRef(a, "go.runtime."+runtime, ""); err != nil {
			return err
		}
		pl.decide("runtime", pl.RuntimeImage.String(), source)
		pl.decide("user", fmt.Sprintf("%d:%d", pl.UID, pl.GID), "the nonroot user of the distroless runtime")
	}

	pl.choosePort(a.Int("port"), []portFound{{main.Port, main.PortEvidence}},
		defaultPort, "default: no listen address found in the code; pass --port if it listens elsewhere")
	pl.PortEnv = pl.envKey(main.PortEnv, main.PortEvidence+": the port variable")
	if err := goRuntime(pl, gp, main); err != nil {
		return err
	}
	gp.Entrypoint = pl.exec("the entrypoint", append([]string{"/usr/local/bin/" + bin.String()}, gp.args...)...)

	// The build runs in /src, the project root, so packages are named from it.
	gp.Package = pl.path(main.Dir, "the main package directory", "rename it to letters, digits and ._@+-").Rel()
	gp.Manifests = goManifests(pl, g, mod)
	gp.Download = !gp.Vendor
	if gp.Vendor {
		gp.Manifests = nil
	}

	pl.setLabel("org.opencontainers.image.title", dfvalue.NewComment(pl.title).String())
	if src := sourceURL(mod.Path); src != "" {
		pl.setLabel("org.opencontainers.image.source", src)
	}
	pl.Ignore = goIgnore(p, mod, gp, pl.Files)
	return nil
}

// goManifests lists what go mod download needs, in COPY order: go.work and
// every workspace module's go.mod and go.sum, or the module's own, then the
// go.mod of every module replaced by a local directory.
func goManifests(pl *Plan, g *detect.GoProject, mod *detect.GoModule) []Copy {
	var copies []Copy
	seen := map[string]bool{}
	add := func(dir string, files []string) {
		if seen[dir] {
			return
		}
		seen[dir] = true
		what := "the module directory " + dfvalue.Quote(dir) + " (go.mod, go.work use or replace)"
		fix := "rename it to letters, digits and ._@+-"
		copies = append(copies, Copy{Sources: pl.paths(what, fix, files...), Dest: pl.path(cmp.Or(dir, "."), what, fix).DirDest()})
	}
	mods := []detect.GoModule{*mod}
	if g.Workspace {
		files := []string{"go.work"}
		if g.HasWorkSum {
			files = append(files, "go.work.sum")
		}
		add("", files)
		mods = g.Modules
	}
	for _, m := range mods {
		add(m.Dir, moduleManifests(m))
	}
	for _, m := range mods {
		for _, dir := range m.LocalReplaces {
			add(dir, []string{path.Join(dir, "go.mod")})
		}
	}
	return copies
}

func moduleManifests(m detect.GoModule) []string {
	files := []string{path.Join(m.Dir, "go.mod")}
	if m.HasGoSum {
		files = append(files, path.Join(m.Dir, "go.sum"))
	}
	return files
}

// chooseMain picks the main package to build: --main, else the module root
// when it is package main, else the only one there is.
func chooseMain(g *detect.GoProject, a Answers) (*detect.GoModule, *detect.MainPackage, error) {
	mods := g.Modules
	if a.String("module") != "" {
		want := path.Clean(strings.TrimPrefix(a.String("module"), "./"))
		var dirs []string
		mods = nil
		for _, m := range g.Modules {
			dirs = append(dirs, m.Dir)
			if m.Dir == want || m.Path == a.String("module") {
				mods = append(mods, m)
			}
		}
		if len(mods) == 0 {
			return nil, nil, fmt.Errorf("%w: --module %s is not a module of this project; use one of: %s", ErrInvalid, a.String("module"), strings.Join(dirs, ", "))
		}
	}
	type candidate struct {
		mod  *detect.GoModule
		main *detect.MainPackage
	}
	var all []candidate
	var dirs []string
	for i := range mods {
		for j := range mods[i].Mains {
			all = append(all, candidate{&mods[i], &mods[i].Mains[j]})
			dirs = append(dirs, mods[i].Mains[j].Dir)
		}
	}
	if a.String("main") != "" {
		want := path.Clean(strings.TrimPrefix(a.String("main"), "./"))
		if path.IsAbs(want) || !validRel(want) {
			return nil, nil, fmt.Errorf("%w: --main %s points outside the project; pass a directory inside it, such as cmd/NAME", ErrInvalid, a.String("main"))
		}
		for _, c := range all {
			if c.main.Dir == want {
				return c.mod, c.main, nil
			}
		}
		if len(dirs) == 0 {
			return nil, nil, fmt.Errorf("%w: --main %s is not a main package, and this project has none", ErrInvalid, a.String("main"))
		}
		return nil, nil, fmt.Errorf("%w: --main %s is not a main package; use one of: %s", ErrInvalid, a.String("main"), strings.Join(dirs, ", "))
	}
	switch {
	case len(all) == 0:
		var paths []string
		for _, m := range mods {
			paths = append(paths, m.Path)
		}
		return nil, nil, fmt.Errorf("no main package found in %s: dockerize containerizes programs and this looks like a library; add a main package (for example cmd/NAME/main.go) or pass --main DIR", strings.Join(paths, ", "))
	case len(all) == 1:
		return all[0].mod, all[0].main, nil
	}
	for _, c := range all {
		if c.main.Dir == c.mod.Dir && len(mods) == 1 {
			return c.mod, c.main, nil
		}
	}
	return nil, nil, &MissingError{
		Question: preset(goQuestions(), "main", dirs[0], dirs...),
		Reason:   fmt.Sprintf("several main packages found"),
	}
}

func mainSource(a Answers, g *detect.GoProject, m *detect.MainPackage) string {
	if a.String("main") != "" {
		return "--main"
	}
	return m.File + ": package main"
}

// workspaceVersion is the Go version the build needs: the module's, or in a
// workspace the highest of go.work's and every module's, since the go
// command refuses a workspace whose go.work or modules need a newer Go.
func workspaceVersion(g *detect.GoProject, mod *detect.GoModule) (v, evidence string, toolchain bool) {
	if !g.Workspace {
		return mod.GoVersion, mod.GoVersionEvidence, mod.GoToolchain
	}
	v, evidence, toolchain = g.WorkspaceGoVersion, "go.work", g.WorkspaceToolchain
	for _, m := range g.Modules {
		if compareVersions(m.GoVersion, v) > 0 {
			v, evidence, toolchain = m.GoVersion, m.GoVersionEvidence, m.GoToolchain
		}
	}
	return v, evidence, toolchain
}

// goToolchain turns what go.mod asks for into a Go release that exists and
// is supported, and says which rule chose it. A go line is a minimum, not a
// pin: a toolchain line is taken exactly; else the go line's minor at its
// newest patch while that minor is supported; else the oldest supported
// minor's newest patch. The supported minors and their newest patches are
// the golang row of the dated release table (package release).
func goToolchain(v string, toolchain bool) (string, string) {
	im, _ := release.Lookup("golang")
	asOf := " (release table of " + release.AsOf + ")"
	if len(im.Newest) == 0 {
		return v, "taken as written: the release table has no Go row"
	}
	if v == "" {
		return im.Newest[0], "the newest supported release" + asOf
	}
	nums := release.Parse(v)
	if toolchain && len(nums) >= 3 {
		return v, "the toolchain line, taken exactly"
	}
	if len(nums) < 2 || nums[0] != 1 {
		return im.Newest[len(im.Newest)-1], "go " + v + " names no Go 1 minor, so the oldest supported release" + asOf
	}
	minor := fmt.Sprintf("1.%d", nums[1])
	if newest, ok := im.NewestIn(minor); ok {
		return newest, "go " + v + " is a minimum: the newest patch of Go " + minor + asOf
	}
	top := release.Parse(im.Newest[0])
	if len(top) >= 2 && nums[1] > top[1] {
		// Newer than the table knows: a go line names a release that
		// exists, and the .0 of a minor is its first release.
		if len(nums) < 3 {
			v = minor + ".0"
		}
		return v, "newer than the release table of " + release.AsOf + ", taken as written"
	}
	oldest := im.Newest[len(im.Newest)-1]
	return oldest, "go " + v + " is a minimum and Go " + minor + " is no longer supported: the oldest supported release" + asOf
}

// newestGo is the newest supported Go release in the release table.
func newestGo() string { v, _ := goToolchain("", false); return v }

// goFlagVersion expands a --go-version that names only a minor the release
// table knows (1.27) to that minor's newest patch, so the tag is exact.
func goFlagVersion(v string) string {
	if strings.Count(v, ".") != 1 {
		return v
	}
	im, _ := release.Lookup("golang")
	if newest, ok := im.NewestIn(v); ok {
		return newest
	}
	return v
}

// compareVersions compares dotted Go versions numerically ("1.9" < "1.10").
func compareVersions(a, b string) int {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(as) || i < len(bs); i++ {
		var x, y int
		if i < len(as) {
			fmt.Sscan(as[i], &x)
		}
		if i < len(bs) {
			fmt.Sscan(bs[i], &y)
		}
		if x != y {
			if x < y {
				return -1
			}
			return 1
		}
	}
	switch {
	case a == b:
		return 0
	case len(as) < len(bs):
		return -1
	case len(as) > len(bs):
		return 1
	}
	return 0
}

// sourceURL turns a module path on a well-known forge into the repository's
// web address; other module paths say nothing reliable about their source.
func sourceURL(mod string) string {
	parts := strings.Split(mod, "/")
	switch parts[0] {
	case "github.com", "gitlab.com", "bitbucket.org", "codeberg.org":
		if len(parts) >= 3 {
			return "https://" + strings.Join(parts[:3], "/")
		}
	}
	return ""
}

func validRel(p string) bool {
	return p == "." || (p != ".." && !strings.HasPrefix(p, "../"))
}

// goIgnore is the .dockerignore of a Go build.
func goIgnore(p *detect.Project, mod *detect.GoModule, gp *GoPlan, files []FileCopy) IgnoreFile {
	f := IgnoreFile{Sections: commonIgnore()}
	out := []string{"bin", "dist", "**/*.test", "**/*.out", "**/coverage.*"}
	if !gp.Vendor {
		// A vendor tree that go.mod does not use would only slow the build.
		out = append(out, "vendor")
	}
	if !p.Go().Workspace {
		// A developer's local go.work would switch the build into workspace
		// mode with paths that do not exist in the image.
		out = append(out, "go.work", "go.work.sum")
	}
	f.Sections = append(f.Sections, IgnoreSection{"Go build output and local dependencies", out})
	var needed []string
	if p.Go().Workspace {
		needed = append(needed, "go.work", "go.work.sum")
	}
	for _, m := range p.Go().Modules {
		needed = append(needed, moduleManifests(m)...)
		needed = append(needed, m.Sources...)
	}
	if gp.Vendor {
		needed = append(needed, path.Join(mod.Dir, "vendor/modules.txt"))
	}
	for _, f := range files {
		needed = append(needed, f.Src.String())
	}
	if fe := gp.Frontend; fe != nil {
		// The image installs and builds the UI: a local install or build
		// would only slow the context down, and the embed takes the
		// image's own build.
		out := fe.Out.String()
		f.Sections = append(f.Sections, IgnoreSection{"The web UI's dependencies and build, made in the image", []string{fe.Dir.String() + "/node_modules", out}})
		needed = slices.DeleteFunc(needed, func(n string) bool { return n == out || strings.HasPrefix(n, out+"/") })
		needed = append(needed, fe.Dir.String())
	}
	finishIgnore(&f, p.Gitignore, needed)
	return f
}

// goOffer lists what a user may still change about a Go plan.
func goOffer(pl *Plan) []Question {
	g := pl.Go()
	qs := []Question{preset(goQuestions(), "go-version", g.Version)}
	if !g.CGO {
		qs = append(qs, preset(goQuestions(), "runtime", RuntimeStatic))
	}
	return append(qs, portQuestion(pl))
}
