package detect

import (
	"bytes"
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

// Rust is a Cargo project.
const Rust Stack = "rust"

// Rust returns what the Rust detector found, else nil.
func (p *Project) Rust() *RustProject { return detailOf[RustProject](p, Rust) }

// DetectRust recognises a Cargo package or workspace at the root of fsys.
func DetectRust(fsys fs.FS, p *Project) (string, error) {
	r, err := readRust(fsys)
	if err != nil || r == nil {
		return "", err
	}
	p.setDetail(Rust, r)
	for _, f := range r.Facts() {
		p.add(f.Name, f.Value, f.Evidence)
	}
	return "Cargo.toml", nil
}

// RustProject is what detection found in a Cargo project.
type RustProject struct {
	// Workspace is true when the root Cargo.toml has [workspace]; Members
	// are the member directories, globs expanded, sorted.
	Workspace bool     `json:"workspace,omitempty"`
	Members   []string `json:"members,omitempty"`
	// Manifests are the Cargo.toml files and Cargo.lock, for the
	// dependency step's COPY.
	Manifests []string      `json:"manifests"`
	Lockfile  bool          `json:"lockfile"`
	Packages  []RustPackage `json:"packages"`
	// Bins are every binary target of the root package and the members.
	Bins []RustBin `json:"bins"`
	// DefaultRun is the root package's default-run binary, "" when unset.
	DefaultRun string `json:"defaultRun,omitempty"`
	// RustVersion is the release to build with: a numeric toolchain
	// channel, else rust-version (the minimum the project supports).
	RustVersion         string `json:"rustVersion,omitempty"`
	RustVersionEvidence string `json:"rustVersionEvidence,omitempty"`
	// Toolchain is rust-toolchain.toml (or the legacy rust-toolchain file).
	Toolchain *RustToolchain `json:"toolchain,omitempty"`
	// SysCrates are the -sys crates in Cargo.lock; those with a Library
	// need that system library at run time.
	SysCrates []SysCrate `json:"sysCrates,omitempty"`
	// Static is true when no crate needs a system library at run time, so
	// the binary can be linked statically.
	Static bool `json:"static"`
	// TLS is rustls, native-tls or "" (no TLS crate), with the evidence.
	TLS         string `json:"tls,omitempty"`
	TLSEvidence string `json:"tlsEvidence,omitempty"`
	// Framework is axum, actix-web, warp, rocket, poem or hyper.
	Framework         string `json:"framework,omitempty"`
	FrameworkEvidence string `json:"frameworkEvidence,omitempty"`
	// BuildTools are Debian packages .cargo/config.toml makes the build
	// need (clang, lld, mold), with the evidence.
	BuildTools         []string `json:"buildTools,omitempty"`
	BuildToolsEvidence string   `json:"buildToolsEvidence,omitempty"`
	// BuildTarget is [build] target from .cargo/config.toml, which moves
	// the output under target/<triple>/.
	BuildTarget string `json:"buildTarget,omitempty"`
	// SQLxOffline is true when .sqlx/ or sqlx-data.json holds sqlx's prepared queries, so the
	// build must set SQLX_OFFLINE=true (no database at build time).
	SQLxOffline bool `json:"sqlxOffline,omitempty"`
	// SQLxMacros names a sqlx query macro in the sources (query!,
	// query_as!), which checks its query against a database at compile
	// time unless the prepared queries are committed.
	SQLxMacros string `json:"sqlxMacros,omitempty"`
	// Rocket reads its address and port from Rocket.toml and ROCKET_*
	// variables, and listens on 127.0.0.1 by default.
	RocketAddress string `json:"rocketAddress,omitempty"`
	Port          int    `json:"port,omitempty"`
	PortEvidence  string `json:"portEvidence,omitempty"`
	PortEnv       string `json:"portEnv,omitempty"`
	// Own is what the project's own Dockerfile says, nil when it ships
	// none that builds or starts one of its binaries.
	Own *RustOwn `json:"own,omitempty"`
	// Problems are things that will not work in a container.
	Problems []string `json:"problems,omitempty"`
}

// RustPackage is one Cargo package: the root or a workspace member.
type RustPackage struct {
	Dir         string `json:"dir"`
	Name        string `json:"name"`
	Edition     string `json:"edition,omitempty"`
	RustVersion string `json:"rustVersion,omitempty"`
	// Features are the [features] table; DefaultFeatures its default list.
	Features     map[string][]string `json:"features,omitempty"`
	Dependencies []string            `json:"dependencies,omitempty"`
	Lib          bool                `json:"lib,omitempty"`
}

// RustBin is a binary target.
type RustBin struct {
	Name     string `json:"name"`
	Path     string `json:"path"`
	Package  string `json:"package"`
	Evidence string `json:"evidence"`
}

// RustToolchain is what rust-toolchain.toml pins.
type RustToolchain struct {
	File       string   `json:"file"`
	Channel    string   `json:"channel"`
	Components []string `json:"components,omitempty"`
	Targets    []string `json:"targets,omitempty"`
	Profile    string   `json:"profile,omitempty"`
}

// SysCrate is a crate that builds or links C code.
type SysCrate struct {
	Crate string `json:"crate"`
	// Library is the system library needed at run time ("libssl"), ""
	// when the crate compiles its C code in (ring, zstd-sys, a vendored
	// OpenSSL).
	Library  string `json:"library,omitempty"`
	Evidence string `json:"evidence"`
}

// sysCrates maps -sys crates to the system library they link, and to the
// crate whose presence in Cargo.lock means the C code is built in instead.
func sysCrates() map[string]struct{ library, vendored string } {
	return map[string]struct{ library, vendored string }{
		"openssl-sys":       {"libssl", "openssl-src"},
		"pq-sys":            {"libpq", "pq-src"},
		"mysqlclient-sys":   {"libmysqlclient", "mysqlclient-src"},
		"libsqlite3-sys":    {"libsqlite3", ""},
		"curl-sys":          {"libcurl", ""},
		"libz-sys":          {"libz", ""},
		"ring":              {"", ""},
		"aws-lc-sys":        {"", ""},
		"zstd-sys":          {"", ""},
		"bzip2-sys":         {"", ""},
		"lzma-sys":          {"", ""},
		"libgit2-sys":       {"", ""},
		"tikv-jemalloc-sys": {"", ""},
	}
}

type cargoManifest struct {
	Package *struct {
		Name        string `toml:"name"`
		Edition     any    `toml:"edition"`
		RustVersion any    `toml:"rust-version"`
		DefaultRun  string `toml:"default-run"`
		Autobins    *bool  `toml:"autobins"`
	} `toml:"package"`
	Workspace *struct {
		Members []string `toml:"members"`
		Exclude []string `toml:"exclude"`
		Package struct {
			Edition     string `toml:"edition"`
			RustVersion string `toml:"rust-version"`
		} `toml:"package"`
		Dependencies map[string]any `toml:"dependencies"`
	} `toml:"workspace"`
	Lib *struct {
		Path string `toml:"path"`
	} `toml:"lib"`
	Bin []struct {
		Name string `toml:"name"`
		Path string `toml:"path"`
	} `toml:"bin"`
	Features     map[string][]string `toml:"features"`
	Dependencies map[string]any      `toml:"dependencies"`
}

// cargoNameRE is what Cargo accepts as a package or target name.
var cargoNameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$`)

// rustReleaseRE is a Rust release: 1.80 or 1.80.1.
var rustReleaseRE = regexp.MustCompile(`^1\.\d{1,3}(\.\d{1,3})?$`)

var (
	rustChannelRE  = regexp.MustCompile(`^(stable|beta|nightly)(-\d{4}-\d{2}-\d{2})?$`)
	targetTripleRE = regexp.MustCompile(`^[a-z0-9_]+(-[a-z0-9_]+){1,4}$`)
)

// ErrCargo is returned for a Cargo project dockerize cannot build as it
// stands.
var ErrCargo = errors.New("cargo project")

// readRust reads a Cargo project at the root of fsys. It returns nil and no
// error for a directory without Cargo.toml.
func readRust(fsys fs.FS) (*RustProject, error) {
	if !exists(fsys, "Cargo.toml") {
		return nil, nil
	}
	var root cargoManifest
	if err := readTOML(fsys, "Cargo.toml", &root); err != nil {
		return nil, err
	}
	r := &RustProject{Manifests: []string{"Cargo.toml"}}
	if root.Package == nil && root.Workspace == nil {
		return nil, fmt.Errorf("%w: Cargo.toml has neither [package] nor [workspace]; run dockerize in the crate's or workspace's root", ErrCargo)
	}
	if r.Lockfile = exists(fsys, "Cargo.lock"); r.Lockfile {
		r.Manifests = append(r.Manifests, "Cargo.lock")
	}
	manifests := map[string]*cargoManifest{".": &root}
	if root.Workspace != nil {
		r.Workspace = true
		members, err := workspaceMembers(fsys, root.Workspace.Members, root.Workspace.Exclude)
		if err != nil {
			return nil, err
		}
		r.Members = members
		for _, dir := range members {
			var m cargoManifest
			name := path.Join(dir, "Cargo.toml")
			if err := readTOML(fsys, name, &m); err != nil {
				return nil, err
			}
			if m.Package == nil {
				return nil, fmt.Errorf("%w: %s has no [package]; fix the workspace members in Cargo.toml", ErrCargo, name)
			}
			manifests[dir] = &m
			r.Manifests = append(r.Manifests, name)
		}
	}
	dirs := make([]string, 0, len(manifests))
	for d := range manifests {
		dirs = append(dirs, d)
	}
	sort.Strings(dirs)
	for _, dir := range dirs {
		m := manifests[dir]
		if m.Package == nil {
			continue
		}
		pkg, bins, err := rustPackage(fsys, dir, m, &root)
		if err != nil {
			return nil, err
		}
		r.Packages = append(r.Packages, pkg)
		r.Bins = append(r.Bins, bins...)
	}
	if root.Package != nil && root.Package.DefaultRun != "" {
		if !cargoNameRE.MatchString(root.Package.DefaultRun) {
			return nil, fmt.Errorf("%w: Cargo.toml: default-run %q is not a Cargo target name", ErrCargo, truncate(root.Package.DefaultRun, 40))
		}
		r.DefaultRun = root.Package.DefaultRun
	}
	if err := rustToolchain(fsys, r); err != nil {
		return nil, err
	}
	if err := rustLock(fsys, r, manifests); err != nil {
		return nil, err
	}
	rustFramework(r)
	if err := cargoConfig(fsys, r); err != nil {
		return nil, err
	}
	// sqlx 0.7+ keeps prepared queries in .sqlx/, older releases in sqlx-data.json.
	r.SQLxOffline = (exists(fsys, ".sqlx") || exists(fsys, "sqlx-data.json")) && r.depends("sqlx")
	if r.depends("sqlx") && !r.SQLxOffline {
		r.SQLxMacros = sqlxMacros(fsys, r)
	}
	rustPort(fsys, r)
	rustOwnDockerfile(fsys, r)
	return r, nil
}

func (r *RustProject) depends(crate string) bool {
	for _, p := range r.Packages {
		for _, d := range p.Dependencies {
			if d == crate {
				return true
			}
		}
	}
	return false
}

// workspaceMembers expands the members globs to directories with a
// Cargo.toml, inside the project.
func workspaceMembers(fsys fs.FS, patterns, exclude []string) ([]string, error) {
	excluded := map[string]bool{}
	for _, e := range exclude {
		excluded[path.Clean(e)] = true
	}
	set := map[string]bool{}
	for _, pat := range patterns {
		clean := path.Clean(pat)
		if !fs.ValidPath(clean) || strings.HasPrefix(clean, "../") {
			return nil, fmt.Errorf("%w: workspace member %q is outside the project; dockerize builds what is inside the directory", ErrCargo, truncate(pat, 60))
		}
		matches, err := fs.Glob(fsys, clean)
		if err != nil {
			return nil, fmt.Errorf("%w: workspace member %q: %v", ErrCargo, truncate(pat, 60), err)
		}
		if len(matches) == 0 && !strings.ContainsAny(clean, "*?[") {
			return nil, fmt.Errorf("%w: workspace member %s has no Cargo.toml; fix [workspace] members in Cargo.toml", ErrCargo, clean)
		}
		for _, m := range matches {
			// A glob such as "*" also matches files (Cargo.lock): only
			// folders with a Cargo.toml are members, as Cargo has it.
			if st, err := fs.Stat(fsys, m); err != nil || !st.IsDir() {
				continue
			}
			if m != "." && !excluded[m] && exists(fsys, path.Join(m, "Cargo.toml")) {
				set[m] = true
			}
		}
	}
	return sortedKeys(set), nil
}

// rustPackage reads one package's name, versions, features and binaries
// (the [[bin]] tables, src/main.rs and src/bin/).
func rustPackage(fsys fs.FS, dir string, m, root *cargoManifest) (RustPackage, []RustBin, error) {
	manifest := path.Join(dir, "Cargo.toml")
	name := m.Package.Name
	if !cargoNameRE.MatchString(name) {
		return RustPackage{}, nil, fmt.Errorf("%w: %s: package name %q is not a Cargo name", ErrCargo, manifest, truncate(name, 40))
	}
	pkg := RustPackage{Dir: dir, Name: name, Features: m.Features}
	pkg.Edition = inherited(m.Package.Edition, root, "edition")
	pkg.RustVersion = inherited(m.Package.RustVersion, root, "rust-version")
	for dep, spec := range m.Dependencies {
		// A renamed dependency (foo = { package = "bar" }) is bar.
		if t, ok := spec.(map[string]any); ok {
			if p, ok := t["package"].(string); ok {
				dep = p
			}
		}
		pkg.Dependencies = append(pkg.Dependencies, dep)
	}
	sort.Strings(pkg.Dependencies)
	pkg.Lib = m.Lib != nil || exists(fsys, path.Join(dir, "src/lib.rs"))
	var bins []RustBin
	seen := map[string]bool{}
	add := func(b RustBin) error {
		if !cargoNameRE.MatchString(b.Name) {
			return fmt.Errorf("%w: %s: binary name %q is not a Cargo target name", ErrCargo, manifest, truncate(b.Name, 40))
		}
		if seen[b.Name] {
			return nil
		}
		seen[b.Name] = true
		bins = append(bins, b)
		return nil
	}
	explicit := map[string]bool{}
	for _, b := range m.Bin {
		p := b.Path
		if p == "" {
			for _, c := range []string{"src/bin/" + b.Name + ".rs", "src/bin/" + b.Name + "/main.rs"} {
				if exists(fsys, path.Join(dir, c)) {
					p = c
				}
			}
			if p == "" && b.Name == name {
				p = "src/main.rs"
			}
		}
		full := path.Clean(path.Join(dir, p))
		if p == "" || !fs.ValidPath(full) || !exists(fsys, full) {
			return pkg, nil, fmt.Errorf("%w: %s: [[bin]] %q: no source file %s; fix its path", ErrCargo, manifest, truncate(b.Name, 40), truncate(p, 60))
		}
		explicit[full] = true
		if err := add(RustBin{Name: b.Name, Path: full, Package: name, Evidence: fmt.Sprintf("%s: [[bin]] name = %q", manifest, b.Name)}); err != nil {
			return pkg, nil, err
		}
	}
	if main := path.Join(dir, "src/main.rs"); exists(fsys, main) && !explicit[main] {
		if err := add(RustBin{Name: name, Path: main, Package: name, Evidence: main}); err != nil {
			return pkg, nil, err
		}
	}
	if m.Package.Autobins == nil || *m.Package.Autobins {
		entries, _ := fs.ReadDir(fsys, path.Join(dir, "src/bin"))
		for _, e := range entries {
			p := path.Join(dir, "src/bin", e.Name())
			bin := strings.TrimSuffix(e.Name(), ".rs")
			switch {
			case e.IsDir() && exists(fsys, path.Join(p, "main.rs")):
				p = path.Join(p, "main.rs")
			case !e.IsDir() && strings.HasSuffix(e.Name(), ".rs"):
			default:
				continue
			}
			if explicit[p] {
				continue
			}
			if err := add(RustBin{Name: bin, Path: p, Package: name, Evidence: p}); err != nil {
				return pkg, nil, err
			}
		}
	}
	return pkg, bins, nil
}

// inherited resolves a package key that may say { workspace = true }.
func inherited(v any, root *cargoManifest, key string) string {
	switch v := v.(type) {
	case string:
		return v
	case int64:
		return strconv.FormatInt(v, 10)
	case map[string]any:
		if w, _ := v["workspace"].(bool); w && root.Workspace != nil {
			if key == "edition" {
				return root.Workspace.Package.Edition
			}
			return root.Workspace.Package.RustVersion
		}
	}
	return ""
}

// rustToolchain reads rust-toolchain.toml (or rust-toolchain) and picks the
// release: a numeric channel, else the newest rust-version of the packages.
func rustToolchain(fsys fs.FS, r *RustProject) error {
	for _, name := range []string{"rust-toolchain.toml", "rust-toolchain"} {
		if !exists(fsys, name) {
			continue
		}
		data, err := readLimited(fsys, name)
		if err != nil {
			return err
		}
		tc := &RustToolchain{File: name}
		text := strings.TrimSpace(string(data))
		if name == "rust-toolchain" && !strings.Contains(text, "[toolchain]") {
			tc.Channel = firstLine(data)
		} else {
			var f struct {
				Toolchain struct {
					Channel    string   `toml:"channel"`
					Components []string `toml:"components"`
					Targets    []string `toml:"targets"`
					Profile    string   `toml:"profile"`
				} `toml:"toolchain"`
			}
			if err := readTOML(fsys, name, &f); err != nil {
				return err
			}
			tc.Channel, tc.Components, tc.Targets, tc.Profile = f.Toolchain.Channel, f.Toolchain.Components, f.Toolchain.Targets, f.Toolchain.Profile
		}
		if tc.Channel == "" {
			return fmt.Errorf("%w: %s names no channel; add channel = \"1.85\" (a release) or remove the file", ErrCargo, name)
		}
		if !rustReleaseRE.MatchString(tc.Channel) && !rustChannelRE.MatchString(tc.Channel) {
			return fmt.Errorf("%w: %s: channel %q is not a Rust release (1.85.0), stable, beta or nightly", ErrCargo, name, truncate(tc.Channel, 40))
		}
		r.Toolchain = tc
		if rustReleaseRE.MatchString(tc.Channel) {
			r.RustVersion, r.RustVersionEvidence = tc.Channel, fmt.Sprintf("%s: channel = %q", name, tc.Channel)
			return nil
		}
		break
	}
	for _, p := range r.Packages {
		if p.RustVersion == "" {
			continue
		}
		if !rustReleaseRE.MatchString(p.RustVersion) {
			return fmt.Errorf("%w: %s: rust-version %q is not a Rust release like 1.85", ErrCargo, path.Join(p.Dir, "Cargo.toml"), truncate(p.RustVersion, 40))
		}
		if r.RustVersion == "" || rustLess(r.RustVersion, p.RustVersion) {
			r.RustVersion = p.RustVersion
			r.RustVersionEvidence = fmt.Sprintf("%s: rust-version = %q", path.Join(p.Dir, "Cargo.toml"), p.RustVersion)
		}
	}
	return nil
}

func rustLess(a, b string) bool {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < 3; i++ {
		var x, y int
		if i < len(pa) {
			x, _ = strconv.Atoi(pa[i])
		}
		if i < len(pb) {
			y, _ = strconv.Atoi(pb[i])
		}
		if x != y {
			return x < y
		}
	}
	return false
}

// rustLock reads Cargo.lock's packages for -sys crates and TLS stacks.
func rustLock(fsys fs.FS, r *RustProject, manifests map[string]*cargoManifest) error {
	if !r.Lockfile {
		r.Static = true
		return nil
	}
	var lock struct {
		Package []struct {
			Name         string   `toml:"name"`
			Dependencies []string `toml:"dependencies"`
		} `toml:"package"`
	}
	if err := readTOML(fsys, "Cargo.lock", &lock); err != nil {
		return err
	}
	in := map[string]bool{}
	dependents := map[string][]string{}
	for _, p := range lock.Package {
		in[p.Name] = true
		for _, d := range p.Dependencies {
			// "name version (source)" when several versions are locked.
			d, _, _ = strings.Cut(d, " ")
			dependents[d] = append(dependents[d], p.Name)
		}
	}
	known := sysCrates()
	names := sortedKeys(in)
	bundledSQLite := sqliteBundled(manifests, dependents["libsqlite3-sys"])
	for _, name := range names {
		k, ok := known[name]
		if !ok {
			continue
		}
		sc := SysCrate{Crate: name, Library: k.library, Evidence: "Cargo.lock: " + name}
		switch {
		case k.vendored != "" && in[k.vendored]:
			sc.Library, sc.Evidence = "", fmt.Sprintf("Cargo.lock: %s with %s (built in)", name, k.vendored)
		case name == "libsqlite3-sys" && bundledSQLite != "":
			sc.Library, sc.Evidence = "", "Cargo.lock: libsqlite3-sys, bundled ("+bundledSQLite+")"
		}
		r.SysCrates = append(r.SysCrates, sc)
	}
	r.Static = true
	for _, sc := range r.SysCrates {
		if sc.Library != "" {
			r.Static = false
		}
	}
	switch {
	case in["openssl-sys"] || in["native-tls"]:
		r.TLS, r.TLSEvidence = "native-tls", "Cargo.lock: openssl-sys"
		if !in["openssl-sys"] {
			r.TLSEvidence = "Cargo.lock: native-tls"
		}
	case in["rustls"]:
		r.TLS, r.TLSEvidence = "rustls", "Cargo.lock: rustls"
	}
	return nil
}

// sqliteBundled says why libsqlite3-sys compiles SQLite in, "" when it
// links the system's: sqlx's SQLite driver bundles it unless told not to,
// and a "bundled" feature on rusqlite, libsqlite3-sys or diesel asks for it.
func sqliteBundled(manifests map[string]*cargoManifest, dependents []string) string {
	for _, d := range dependents {
		if d == "sqlx-sqlite" {
			return "sqlx-sqlite"
		}
	}
	dirs := make([]string, 0, len(manifests))
	for d := range manifests {
		dirs = append(dirs, d)
	}
	sort.Strings(dirs)
	for _, dir := range dirs {
		m := manifests[dir]
		deps := m.Dependencies
		if m.Workspace != nil && dir == "." {
			merged := map[string]any{}
			for k, v := range m.Dependencies {
				merged[k] = v
			}
			for k, v := range m.Workspace.Dependencies {
				merged[k] = v
			}
			deps = merged
		}
		// A feature that turns on a bundled SQLite (vaultwarden's
		// sqlite = ["libsqlite3-sys/bundled"]).
		for _, feat := range sortedFeatureNames(m.Features) {
			for _, v := range m.Features[feat] {
				if v == "libsqlite3-sys/bundled" || v == "rusqlite/bundled" {
					return fmt.Sprintf("%s: [features] %s = %q", path.Join(dir, "Cargo.toml"), feat, v)
				}
			}
		}
		for _, crate := range []string{"rusqlite", "libsqlite3-sys", "diesel"} {
			t, ok := deps[crate].(map[string]any)
			if !ok {
				continue
			}
			feats, _ := t["features"].([]any)
			for _, f := range feats {
				if s, _ := f.(string); s == "bundled" || s == "sqlite-bundled" {
					return path.Join(dir, "Cargo.toml") + ": " + crate + " features bundled"
				}
			}
		}
	}
	return ""
}

func sortedFeatureNames(f map[string][]string) []string {
	names := make([]string, 0, len(f))
	for k := range f {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

// rustFramework names the web framework the binaries' packages depend on.
func rustFramework(r *RustProject) {
	for _, fw := range []string{"axum", "actix-web", "rocket", "warp", "poem", "hyper"} {
		for _, p := range r.Packages {
			for _, d := range p.Dependencies {
				if d == fw {
					r.Framework = fw
					r.FrameworkEvidence = fmt.Sprintf("%s: [dependencies] %s", path.Join(p.Dir, "Cargo.toml"), fw)
					return
				}
			}
		}
	}
}

// cargoConfig reads .cargo/config.toml for settings that change the build:
// a linker the build image must have, a default target.
func cargoConfig(fsys fs.FS, r *RustProject) error {
	name := ".cargo/config.toml"
	if !exists(fsys, name) {
		if name = ".cargo/config"; !exists(fsys, name) {
			return nil
		}
	}
	var cfg struct {
		Build struct {
			Target    any `toml:"target"`
			Rustflags any `toml:"rustflags"`
		} `toml:"build"`
		Target map[string]struct {
			Linker    string `toml:"linker"`
			Rustflags any    `toml:"rustflags"`
		} `toml:"target"`
	}
	if err := readTOML(fsys, name, &cfg); err != nil {
		return err
	}
	if t, ok := cfg.Build.Target.(string); ok {
		if !targetTripleRE.MatchString(t) {
			return fmt.Errorf("%w: %s: [build] target %q is not a target triple", ErrCargo, name, truncate(t, 60))
		}
		r.BuildTarget = t
	}
	gnu := cfg.Target["x86_64-unknown-linux-gnu"]
	flags := strings.Join(append(stringList(cfg.Build.Rustflags), append(stringList(gnu.Rustflags), "linker="+gnu.Linker)...), " ")
	tools := map[string]bool{}
	for tool, re := range map[string]*regexp.Regexp{
		"clang": regexp.MustCompile(`linker=(\S*/)?clang\b`),
		"lld":   regexp.MustCompile(`-fuse-ld=(\S*/)?lld\b|linker=(\S*/)?(ld\.)?lld\b`),
		"mold":  regexp.MustCompile(`-fuse-ld=(\S*/)?mold\b|linker=(\S*/)?mold\b`),
	} {
		if re.MatchString(flags) {
			tools[tool] = true
		}
	}
	if len(tools) > 0 {
		r.BuildTools = sortedKeys(tools)
		r.BuildToolsEvidence = name + ": [target.x86_64-unknown-linux-gnu] links with " + strings.Join(r.BuildTools, " and ")
	}
	return nil
}

func stringList(v any) []string {
	switch v := v.(type) {
	case string:
		return strings.Fields(v)
	case []any:
		var out []string
		for _, e := range v {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

var (
	// TcpListener::bind("0.0.0.0:3000"), HttpServer::bind("127.0.0.1:8080"),
	// "0.0.0.0:3000".parse()
	rsAddrRE = regexp.MustCompile(`"((?:\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[[0-9a-fA-F:]*\]|localhost)?:(\d{1,5}))"`)
	// .bind(("127.0.0.1", 8080)) in actix-web
	rsTupleRE = regexp.MustCompile(`\(\s*"([^"]*)"\s*,\s*(\d{1,5})\s*\)`)
	// SocketAddr::from(([0, 0, 0, 0], 3000)), warp::serve(r).run(([127, 0, 0, 1], 3030))
	rsArrayRE = regexp.MustCompile(`\(\s*\[\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*\]\s*,\s*(\d{1,5})\s*\)`)
	// env::var("PORT").unwrap_or_else(|_| "8080".to_string())
	rsEnvRE = regexp.MustCompile(`var\(\s*"(PORT|HTTP_PORT|SERVER_PORT)"\s*\)[^;]{0,120}?"(\d{1,5})"`)
)

// rustPort finds the listen address in the binaries' sources, and Rocket's
// in Rocket.toml.
func rustPort(fsys fs.FS, r *RustProject) {
	found := func(port int, ev, host string, file string, line int) {
		if port <= 0 || port > 65535 {
			return
		}
		if host == "127.0.0.1" || host == "localhost" || host == "[::1]" {
			r.Problems = append(r.Problems, fmt.Sprintf("%s:%d listens on %s only, which nothing outside the container reaches; listen on 0.0.0.0", file, line, host))
		}
		if r.Port == 0 {
			r.Port, r.PortEvidence = port, ev
		}
	}
	if r.Framework == "rocket" {
		r.RocketAddress = "127.0.0.1"
		r.Port, r.PortEvidence = 8000, "rocket's default port"
		if data, err := readLimited(fsys, "Rocket.toml"); err == nil {
			var cfg map[string]struct {
				Address string `toml:"address"`
				Port    int    `toml:"port"`
			}
			if _, err := toml.Decode(string(data), &cfg); err == nil {
				for _, profile := range []string{"default", "global", "release"} {
					if c, ok := cfg[profile]; ok {
						if c.Address != "" {
							r.RocketAddress = c.Address
						}
						if c.Port > 0 && c.Port <= 65535 {
							r.Port, r.PortEvidence = c.Port, fmt.Sprintf("Rocket.toml: [%s] port = %d", profile, c.Port)
						}
					}
				}
			}
		}
		return
	}
	for _, b := range r.Bins {
		files := []string{b.Path}
		// main.rs often calls into the library, which binds.
		for _, p := range r.Packages {
			if p.Name == b.Package && p.Lib {
				files = append(files, path.Join(p.Dir, "src/lib.rs"), path.Join(p.Dir, "src/startup.rs"), path.Join(p.Dir, "src/server.rs"))
			}
		}
		for _, f := range files {
			data, err := fs.ReadFile(fsys, f)
			if err != nil || len(data) > 1<<20 {
				continue
			}
			text := string(data)
			if m := rsEnvRE.FindStringSubmatchIndex(text); m != nil {
				if r.PortEnv == "" {
					r.PortEnv = text[m[2]:m[3]]
				}
				p, _ := strconv.Atoi(text[m[4]:m[5]])
				found(p, fmt.Sprintf("%s:%d: $%s defaults to %s", f, lineAt(text, m[0]), text[m[2]:m[3]], text[m[4]:m[5]]), "", f, 0)
			}
			for _, m := range rsAddrRE.FindAllStringSubmatchIndex(text, 4) {
				if rsConnects(text, m[0]) {
					continue
				}
				p, _ := strconv.Atoi(text[m[4]:m[5]])
				host := ""
				if m[2] >= 0 {
					host = strings.TrimSuffix(text[m[2]:m[3]], ":"+text[m[4]:m[5]])
				}
				found(p, fmt.Sprintf("%s:%d: %s", f, lineAt(text, m[0]), text[m[0]:m[1]]), host, f, lineAt(text, m[0]))
			}
			for _, m := range rsTupleRE.FindAllStringSubmatchIndex(text, 4) {
				if rsConnects(text, m[0]) {
					continue
				}
				p, _ := strconv.Atoi(text[m[4]:m[5]])
				found(p, fmt.Sprintf("%s:%d: (%q, %d)", f, lineAt(text, m[0]), text[m[2]:m[3]], p), text[m[2]:m[3]], f, lineAt(text, m[0]))
			}
			for _, m := range rsArrayRE.FindAllStringSubmatchIndex(text, 4) {
				host := strings.Join([]string{text[m[2]:m[3]], text[m[4]:m[5]], text[m[6]:m[7]], text[m[8]:m[9]]}, ".")
				p, _ := strconv.Atoi(text[m[10]:m[11]])
				found(p, fmt.Sprintf("%s:%d: ([%s], %d)", f, lineAt(text, m[0]), strings.ReplaceAll(host, ".", ", "), p), host, f, lineAt(text, m[0]))
			}
		}
	}
}

// sqlxMacroRE is a use of sqlx's compile-time checked query macros.
var sqlxMacroRE = regexp.MustCompile(`\bquery(?:_as|_scalar|_file|_file_as)?(?:_unchecked)?!\s*\(`)

// sqlxMacros finds the first sqlx query macro in the packages' src/
// trees, reading at most a few hundred files.
func sqlxMacros(fsys fs.FS, r *RustProject) string {
	found, read := "", 0
	for _, p := range r.Packages {
		fs.WalkDir(fsys, path.Join(p.Dir, "src"), func(name string, d fs.DirEntry, err error) error {
			if err != nil || found != "" || read > 500 {
				return fs.SkipDir
			}
			if d.IsDir() || !strings.HasSuffix(name, ".rs") {
				return nil
			}
			read++
			data, err := readLimited(fsys, name)
			if err != nil || !bytes.Contains(data, []byte("sqlx")) {
				return nil
			}
			if m := sqlxMacroRE.FindIndex(data); m != nil {
				found = fmt.Sprintf("%s:%d: %s", name, lineAt(string(data), m[0]), strings.TrimSpace(string(data[m[0]:m[1]-1])))
			}
			return nil
		})
	}
	return found
}

// rsConnects tells whether the address at i is what a client connects to
// (TcpStream::connect("127.0.0.1:3030") in a health check), not where the
// program listens.
func rsConnects(text string, i int) bool {
	line := text[strings.LastIndexByte(text[:i], '\n')+1 : i]
	return strings.Contains(line, "connect(")
}

// Facts lists what was found, each with its evidence.
func (r *RustProject) Facts() []Fact {
	var f []Fact
	add := func(name, value, ev string) { f = append(f, Fact{Name: name, Value: value, Evidence: ev}) }
	if r.Workspace {
		add("workspace", strings.Join(r.Members, ", "), "Cargo.toml: [workspace] members")
	}
	for _, b := range r.Bins {
		add("binary", b.Name, b.Evidence)
	}
	if r.RustVersion != "" {
		add("rust version", r.RustVersion, r.RustVersionEvidence)
	}
	if r.Framework != "" {
		add("framework", r.Framework, r.FrameworkEvidence)
	}
	for _, s := range r.SysCrates {
		if s.Library != "" {
			add("system library", s.Library, s.Evidence)
		}
	}
	if r.TLS != "" {
		add("tls", r.TLS, r.TLSEvidence)
	}
	if len(r.BuildTools) > 0 {
		add("build tools", strings.Join(r.BuildTools, ", "), r.BuildToolsEvidence)
	}
	if r.Port != 0 {
		add("port", strconv.Itoa(r.Port), r.PortEvidence)
	}
	if o := r.Own; o != nil {
		if o.Bin != "" {
			add("binary started", o.Bin, o.BinEvidence)
		}
		if o.Features != "" {
			add("features", o.Features, o.FeaturesEvidence)
		}
		for _, e := range o.Env {
			add("env", e.Name+"="+e.Value, e.Evidence)
		}
		for _, rf := range o.Files {
			add("runtime file", rf.Path, rf.Evidence)
		}
	}
	return f
}
