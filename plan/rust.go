package plan

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/dockerize-dev/dockerize/detect"
	"github.com/dockerize-dev/dockerize/internal/dfvalue"
)

// RustStack is what the plan knows of Rust.
func RustStack() Stack {
	return Stack{Name: detect.Rust, Plan: planRust, Images: RustImages(), Templates: "rust", Questions: rustQuestions(), Offer: rustOffer, Checks: rustChecks}
}

// rustQuestions are the Rust flags and settings.
func rustQuestions() []Question {
	return []Question{
		{
			Name: "rust-version", Help: "the Rust release to build with, 1.95 or 1.95.0 (default: rust-toolchain.toml, then rust-version)",
			Kind: KindInput, Prompt: "Which Rust release?", Validate: matches(rustVersionRE, "a Rust release such as 1.95 or 1.95.0"),
		},
		{
			Name: "bin", Help: "the binary target to build and run, when the project has several (default: default-run, or the only one)",
			Kind: KindInput, Prompt: "Which binary?", Validate: matches(cargoNameRE, "a Cargo target name"),
		},
		{
			Name: "package", Help: "the workspace package whose binary to build, by name (default: the root package, or the only one with a binary)",
			Kind: KindInput, Prompt: "Which workspace package?", Validate: matches(cargoNameRE, "a Cargo package name"),
		},
		{
			Name: "features", Help: "Cargo features to enable, comma-separated (default: the crate's default features)",
			Kind: KindInput, Prompt: "Which Cargo features?", Validate: matches(rustFeaturesRE, "feature names separated by commas, e.g. postgres,tls"),
		},
	}
}

// rustLibraries maps the system libraries -sys crates link to the pinned
// Debian 12 package that carries each at run time.
func rustLibraries() map[string]string {
	return map[string]string{
		"libpq":          "libpq5=15.18-0+deb12u1",
		"libmysqlclient": "libmariadb3=1:10.11.18-0+deb12u1",
		"libz":           "zlib1g=1:1.2.13.dfsg-1",
		"libsqlite3":     "libsqlite3-0=3.40.1-2+deb12u2",
		"libcurl":        "libcurl4=7.88.1-10+deb12u15",
	}
}

// rustBuildTools maps the linkers .cargo/config.toml may ask for to the
// pinned Debian 12 package the build stage installs.
func rustBuildTools() map[string]string {
	return map[string]string{
		"clang": "clang=1:14.0-55.7~deb12u1",
		"lld":   "lld=1:14.0-55.7~deb12u1",
		"mold":  "mold=1.10.1+dfsg-1",
	}
}

// rustCACertificates is Debian 12's CA bundle, which the slim image lacks.
const rustCACertificates = "ca-certificates=20230311+deb12u1"

// RustRuntimePackages lists the pinned Debian packages a Rust plan may
// install (at build or run time), for the test that checks each is still the mirror's candidate.
func RustRuntimePackages() []string {
	out := []string{rustCACertificates}
	for _, p := range rustLibraries() {
		out = append(out, p)
	}
	for _, p := range rustBuildTools() {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// RustImages are the Rust rows of the base-image table.
func RustImages() []Image {
	return []Image{
		{
			Key: "rust.build", Repository: "rust", Tag: "{version}-bookworm", DefaultVersion: RustReleases()[0],
			Why: "official Rust toolchain on Debian 12 with gcc and the common -dev libraries (libssl-dev, libpq-dev)",
		},
		{
			Key: "rust.runtime.static", Repository: "gcr.io/distroless/static-debian12", Tag: "nonroot",
			Why: "no shell or libc, CA certificates and tzdata, runs as nonroot (65532); for a binary with glibc linked in statically",
		},
		{
			Key: "rust.runtime.debian", Repository: "debian", Tag: NewestRelease("debian", "12") + "-slim",
			Why: "Debian 12 slim, the glibc of the rust build image, with the system libraries the binary links installed at pinned versions",
		},
		{
			Key: "rust.runtime.cc", Repository: "gcr.io/distroless/cc-debian12", Tag: "nonroot",
			Why: "glibc, libgcc and libssl3 of Debian 12, runs as nonroot (65532); for a binary that links OpenSSL",
		},
	}
}

// RustReleases are the Rust releases the build image can be, newest first:
// a minimum (rust-version) resolves to the newest, a line (1.95) to its
// newest patch release, so every tag is exact.
func RustReleases() []string { return []string{"1.95.0"} }

// Rust returns the Rust part of a Rust plan, else nil.
func (pl *Plan) Rust() *RustPlan { r, _ := pl.Detail.(*RustPlan); return r }

// RustPlan is the Rust-specific part of a plan. Every value a template
// prints is a checked dfvalue.
type RustPlan struct {
	Version string
	// Manifests are the Cargo.toml files and Cargo.lock, copied to the
	// same paths; StubMains and StubLibs are the crate roots the
	// dependency step fakes (an empty main or lib), so only the
	// dependencies compile there; Dirs are the folders they need.
	Manifests []Copy
	StubMains dfvalue.Paths
	StubLibs  dfvalue.Paths
	Dirs      dfvalue.Paths
	// Static links glibc in (-C target-feature=+crt-static, with an
	// explicit target so build scripts and proc-macros stay dynamic).
	Static bool
	// RuntimePackages are the pinned Debian packages of the system
	// libraries the binary links (libpq5, libmariadb3, zlib1g), installed
	// into a Debian slim runtime; none on distroless.
	RuntimePackages []dfvalue.Word
	// BuildPackages are the pinned Debian packages of the linkers the
	// project's .cargo/config.toml links with (clang, lld, mold).
	BuildPackages []dfvalue.Word
	// Cargo are cargo build's flags (--release --locked, features,
	// package), without --bin.
	Cargo dfvalue.Shell
	Bin   dfvalue.Name
	// SQLxOffline makes the builds set SQLX_OFFLINE=true; Rocket sets
	// ROCKET_ADDRESS and ROCKET_PORT in the image.
	SQLxOffline, Rocket bool
	Tini                TiniDeb
	Entrypoint          dfvalue.Exec
}

var (
	rustVersionRE  = regexp.MustCompile(`^1\.[0-9]{1,3}(\.[0-9]{1,3})?$`)
	cargoNameRE    = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$`)
	rustFeaturesRE = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_+./-]*(,[A-Za-z0-9_][A-Za-z0-9_+./-]*)*$`)
)

// rustUser is distroless's nonroot user.
const rustUser = 65532

func planRust(pl *Plan, p *detect.Project, a Answers) error {
	r := p.Rust()
	rp := &RustPlan{}
	pl.Detail = rp
	if !r.Lockfile {
		return fmt.Errorf("no Cargo.lock: the image must build exactly the versions you tested; run `cargo generate-lockfile` and commit Cargo.lock")
	}
	var err error
	if rp.Version, err = rustVersion(pl, r, a); err != nil {
		return err
	}
	if pl.BuildImage, err = pl.imageRef(a, "rust.build", rp.Version); err == nil {
		rp.Tini = pl.tiniDeb()
	}
	if err != nil {
		return err
	}
	for _, tool := range r.BuildTools {
		pkg, ok := rustBuildTools()[tool]
		if !ok {
			return fmt.Errorf("%s makes the build need %s, which dockerize does not know how to install; remove that linker setting for the image build", r.BuildToolsEvidence, tool)
		}
		rp.BuildPackages = append(rp.BuildPackages, mustWord(pkg))
		name, _, _ := strings.Cut(pkg, "=")
		pl.decide("build tool", name, r.BuildToolsEvidence+"; installed in the build stage only")
	}
	if r.BuildTarget != "" {
		return fmt.Errorf(".cargo/config.toml sets [build] target = %q, which moves the output; dockerize builds for the image's own platform: remove it for the image build", r.BuildTarget)
	}
	if err := rustBin(pl, rp, r, a); err != nil {
		return err
	}
	if err := rustStubs(rp, r); err != nil {
		return err
	}
	cargo := []string{"--release", "--locked"}
	if pkg := a.String("package"); pkg != "" {
		cargo = append(cargo, "--package", pkg)
	}
	if f := a.String("features"); f != "" {
		if !rustFeaturesRE.MatchString(f) {
			return fmt.Errorf("%w: --features %q is not feature names separated by commas; use one such as postgres,tls", ErrInvalid, f)
		}
		cargo = append(cargo, "--features", f)
		pl.decide("features", f, "--features")
	} else if o := r.Own; o != nil && o.Features != "" && rustFeaturesRE.MatchString(o.Features) {
		cargo = append(cargo, "--features", o.Features)
		pl.decide("features", o.Features, o.FeaturesEvidence+"; --features changes them")
	}
	rp.Cargo = pl.command("cargo flags", cargo...)
	if r.SQLxMacros != "" {
		return fmt.Errorf("%s: sqlx's query macros check each query against a live database at compile time, and an image build has none; run `cargo sqlx prepare` (sqlx-cli) with the database up, commit the .sqlx directory (sqlx-data.json before sqlx 0.7), and run dockerize again: the build then compiles with SQLX_OFFLINE=true", r.SQLxMacros)
	}
	if r.SQLxOffline {
		rp.SQLxOffline = true
		pl.decide("sqlx", "offline", ".sqlx/ holds the prepared queries, so the build needs no database")
	}

	key := "rust.runtime.static"
	var libs []string
	seen := map[string]bool{}
	for _, c := range r.SysCrates {
		if c.Library == "" {
			continue
		}
		libs = append(libs, c.Evidence)
		if c.Library == "libssl" || seen[c.Library] {
			continue // distroless cc carries libssl3
		}
		seen[c.Library] = true
		pkg, ok := rustLibraries()[c.Library]
		if !ok {
			return fmt.Errorf("%s needs %s at run time, which dockerize does not know how to install yet; enable the crate's bundled or static feature if it has one", c.Evidence, c.Library)
		}
		rp.RuntimePackages = append(rp.RuntimePackages, mustWord(pkg))
		name, _, _ := strings.Cut(pkg, "=")
		pl.decide("native library", name, c.Evidence+", linked at run time; the rust image has its -dev package")
	}
	switch {
	case len(rp.RuntimePackages) > 0:
		// Debian's own packages of the libraries, the same release the
		// build image linked against; ca-certificates for TLS clients.
		key = "rust.runtime.debian"
		rp.RuntimePackages = append(rp.RuntimePackages, mustWord(rustCACertificates))
		sort.Slice(rp.RuntimePackages, func(i, j int) bool { return rp.RuntimePackages[i].String() < rp.RuntimePackages[j].String() })
		pl.decide("link", "dynamic (glibc and the system libraries)", strings.Join(libs, "; "))
	case len(libs) > 0:
		key = "rust.runtime.cc"
		pl.decide("link", "dynamic (glibc, libssl3)", strings.Join(libs, "; "))
	default:
		rp.Static = true
		pl.decide("link", "static (glibc linked in)", "no crate in Cargo.lock needs a system library at run time")
	}
	rt, _ := pl.image(key)
	if pl.RuntimeImage, err = pl.imageRef(a, key, ""); err != nil {
		return err
	}
	pl.decide("runtime", pl.RuntimeImage.String(), rt.Why)

	for _, problem := range r.Problems {
		pl.decide("warning", problem, "the app must listen on 0.0.0.0 to be reached from outside the container")
	}
	pl.choosePort(a.Int("port"), []portFound{{r.Port, r.PortEvidence}}, defaultPort, "default; pass --port if the program listens elsewhere")
	if r.PortEnv != "" {
		if !portEnvRE.MatchString(r.PortEnv) {
			return fmt.Errorf("%s: %q is not an environment variable name", r.PortEvidence, r.PortEnv)
		}
		pl.PortEnv = pl.envKey(r.PortEnv, r.PortEvidence+": the port variable")
	}
	if o := r.Own; o != nil {
		for _, f := range o.Files {
			if !pl.copyFile(f.Path, f.At, f.Evidence+"; the program reads it from its working directory") {
				pl.decide("warning", "not copied: "+f.Path, f.Evidence+": not a plain relative path; copy it yourself")
			}
		}
		for _, e := range o.Env {
			if pl.PortEnv != nil && pl.PortEnv.String() == e.Name {
				continue
			}
			if err := pl.setEnv(e.Name, e.Value, e.Evidence+"; docker run -e still overrides it"); err != nil {
				pl.decide("warning", "not set: "+e.Name, err.Error())
			}
		}
	}
	if r.Framework == "rocket" {
		rp.Rocket = true
		pl.decide("bind", "ROCKET_ADDRESS=0.0.0.0", "rocket listens on 127.0.0.1 unless told")
	}
	rp.Entrypoint = pl.exec("the binary", "/usr/local/bin/tini", "--", "/usr/local/bin/"+rp.Bin.String())
	pl.decide("init", "tini "+TiniVersion, "a Rust program as PID 1 ignores SIGTERM unless it installs a handler, so docker stop would wait 10 s")
	pl.UID, pl.GID = rustUser, rustUser
	userWhy := "distroless's nonroot user"
	if len(rp.RuntimePackages) > 0 {
		userWhy = "nonroot, created in the runtime base with distroless's numbers"
	}
	pl.decide("user", fmt.Sprintf("%d:%d", pl.UID, pl.GID), userWhy)
	pl.title = rp.Bin.String()
	pl.setLabel("org.opencontainers.image.title", rp.Bin.String())
	pl.Ignore = rustIgnore(p, rp)
	return nil
}

// rustVersion: the flag, then a numeric toolchain channel or rust-version
// (a minimum, so the newest release at or above it), then the default.
func rustVersion(pl *Plan, r *detect.RustProject, a Answers) (string, error) {
	def, _ := pl.image("rust.build")
	flag := versionFlag{"rust-version", "", rustVersionRE, "a Rust release", "one such as 1.95 or 1.95.0"}
	project := func() (string, string, error) {
		if r.RustVersion == "" {
			return "", "", nil
		}
		if !rustVersionRE.MatchString(r.RustVersion) {
			return "", "", fmt.Errorf("%s names Rust %q, which is not a release; pass --rust-version", r.RustVersionEvidence, r.RustVersion)
		}
		if r.Toolchain != nil && r.Toolchain.Channel == r.RustVersion {
			return r.RustVersion, r.RustVersionEvidence, nil
		}
		// rust-version is the oldest release the crate supports.
		for _, rel := range RustReleases() {
			if !versionLess(rel, r.RustVersion) {
				return rel, "the newest release at or above " + r.RustVersionEvidence, nil
			}
		}
		return "", "", fmt.Errorf("%s asks for Rust %s, newer than any release dockerize knows (%s); pass --rust-version", r.RustVersionEvidence, r.RustVersion, strings.Join(RustReleases(), ", "))
	}
	v, err := pl.chooseVersion("rust version", a, flag, project, def.DefaultVersion, "default: no rust-toolchain.toml or rust-version")
	if err != nil {
		return "", err
	}
	if strings.Count(v, ".") == 1 {
		for _, rel := range RustReleases() {
			if strings.HasPrefix(rel, v+".") {
				pl.redecide("rust version", rel, lastEvidence(pl, "rust version")+"; "+v+" is "+rel+", its newest release")
				return rel, nil
			}
		}
		return "", fmt.Errorf("%w: Rust %s is not a line dockerize knows (%s); pass --rust-version with one of them", ErrInvalid, v, strings.Join(RustReleases(), ", "))
	}
	return v, nil
}

// versionLess compares dotted release numbers.
func versionLess(a, b string) bool {
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
			return x < y
		}
	}
	return false
}

// rustBin picks the binary: --bin, then default-run, then the only one.
func rustBin(pl *Plan, rp *RustPlan, r *detect.RustProject, a Answers) error {
	bins, defaultRun := r.Bins, r.DefaultRun
	if pkg := a.String("package"); pkg != "" {
		if !cargoNameRE.MatchString(pkg) {
			return fmt.Errorf("%w: --package %q is not a Cargo package name", ErrInvalid, pkg)
		}
		var pkgs []string
		found := false
		for _, p := range r.Packages {
			pkgs = append(pkgs, p.Name)
			found = found || p.Name == pkg
		}
		if !found {
			return fmt.Errorf("%w: --package %q is not a package of this project; use one of: %s", ErrInvalid, pkg, strings.Join(pkgs, ", "))
		}
		bins = nil
		for _, b := range r.Bins {
			if b.Package == pkg {
				bins = append(bins, b)
			}
		}
		if len(r.Packages) == 0 || r.Packages[0].Name != pkg {
			defaultRun = "" // default-run is the root package's
		}
		pl.decide("package", pkg, "--package")
	}
	var names []string
	for _, b := range bins {
		names = append(names, b.Name)
	}
	pick := func(name, why string) error {
		for _, b := range bins {
			if b.Name == name {
				if !cargoNameRE.MatchString(b.Name) {
					return fmt.Errorf("%s: %q is not a Cargo target name; rename it", b.Evidence, b.Name)
				}
				n, err := dfvalue.NewName(b.Name)
				if err != nil {
					return fmt.Errorf("%s: %w; rename it", b.Evidence, err)
				}
				rp.Bin = n
				pl.decide("binary", b.Name, why+" ("+b.Evidence+")")
				return nil
			}
		}
		return fmt.Errorf("%w: %s %q is not a binary of this project; use one of: %s", ErrInvalid, why, name, strings.Join(names, ", "))
	}
	switch {
	case a.String("bin") != "":
		if !cargoNameRE.MatchString(a.String("bin")) {
			return fmt.Errorf("%w: --bin %q is not a Cargo target name", ErrInvalid, a.String("bin"))
		}
		return pick(a.String("bin"), "--bin")
	case defaultRun != "":
		return pick(defaultRun, "default-run")
	case len(bins) > 1 && r.Own != nil && r.Own.Bin != "" && slices.Contains(names, r.Own.Bin):
		return pick(r.Own.Bin, r.Own.BinEvidence)
	case len(bins) == 1:
		return pick(bins[0].Name, "the only binary")
	case len(bins) == 0 && a.String("package") != "":
		return fmt.Errorf("%w: package %s has no binary target; pass --package with one that has", ErrInvalid, a.String("package"))
	case len(bins) == 0:
		return fmt.Errorf("this Cargo project has no binary target (src/main.rs, src/bin/*.rs or [[bin]]): a library has nothing to run in an image")
	}
	return &MissingError{Question: preset(rustQuestions(), "bin", "", names...), Reason: "this project has several binaries"}
}

// rustStubs lists the manifests to copy and the crate roots to fake, for
// every package of the project, so the dependency step compiles every
// dependency of the workspace and none of its own code.
func rustStubs(rp *RustPlan, r *detect.RustProject) error {
	// One COPY per folder, each file to the same path.
	byDir := map[string]int{}
	for _, m := range r.Manifests {
		if !pythonPath(m) {
			return fmt.Errorf("%q: dockerize copies only manifests inside the project with plain names (letters, digits, . _ - /); rename it", m)
		}
		dest := path.Dir(m)
		src := mustPath(m)
		if i, ok := byDir[dest]; ok {
			rp.Manifests[i].Sources = append(rp.Manifests[i].Sources, src)
			continue
		}
		byDir[dest] = len(rp.Manifests)
		rp.Manifests = append(rp.Manifests, Copy{Sources: dfvalue.Paths{src}, Dest: mustPath(dest).DirDest()})
	}
	dirs := map[string]bool{}
	add := func(list *dfvalue.Paths, p string) error {
		p = path.Clean(p)
		if !pythonPath(p) {
			return fmt.Errorf("%q: a crate root must be a plain path inside the project (letters, digits, . _ - /); rename it", p)
		}
		*list = append(*list, mustPath(p))
		if d := path.Dir(p); d != "." {
			dirs[d] = true
		}
		return nil
	}
	for _, b := range r.Bins {
		if err := add(&rp.StubMains, b.Path); err != nil {
			return err
		}
	}
	for _, pkg := range r.Packages {
		if pkg.Lib {
			if err := add(&rp.StubLibs, path.Join(pkg.Dir, "src/lib.rs")); err != nil {
				return err
			}
		}
	}
	var ds []string
	for d := range dirs {
		ds = append(ds, d)
	}
	sort.Strings(ds)
	for _, d := range ds {
		rp.Dirs = append(rp.Dirs, mustPath(d))
	}
	byName := func(ps dfvalue.Paths) func(i, j int) bool {
		return func(i, j int) bool { return ps[i].String() < ps[j].String() }
	}
	sort.Slice(rp.StubMains, byName(rp.StubMains))
	sort.Slice(rp.StubLibs, byName(rp.StubLibs))
	return nil
}

// rustIgnore is the .dockerignore of a Rust build.
func rustIgnore(p *detect.Project, rp *RustPlan) IgnoreFile {
	f := IgnoreFile{Sections: commonIgnore()}
	f.Sections = append(f.Sections, IgnoreSection{"Build output is made in the image", []string{"**/target"}})
	var needed []string
	for _, c := range rp.Manifests {
		for _, src := range c.Sources {
			needed = append(needed, src.String())
		}
	}
	finishIgnore(&f, p.Gitignore, needed)
	return f
}

// rustOffer lists what a user may still change about a Rust plan.
func rustOffer(pl *Plan) []Question {
	return []Question{preset(rustQuestions(), "rust-version", pl.Rust().Version), portQuestion(pl)}
}
