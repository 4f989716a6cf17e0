package detect

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func rustOf(t *testing.T, files map[string]string) *RustProject {
	t.Helper()
	r, err := readRust(mapFS(files))
	if err != nil {
		t.Fatal(err)
	}
	if r == nil {
		t.Fatal("not detected as a Cargo project")
	}
	return r
}

func lock(crates ...string) string {
	var b strings.Builder
	b.WriteString("version = 4\n")
	for _, c := range crates {
		name, deps, _ := strings.Cut(c, ">")
		b.WriteString("\n[[package]]\nname = \"" + name + "\"\nversion = \"1.0.0\"\n")
		if deps != "" {
			b.WriteString("dependencies = [\n")
			for _, d := range strings.Split(deps, ",") {
				b.WriteString(" \"" + d + "\",\n")
			}
			b.WriteString("]\n")
		}
	}
	return b.String()
}

// An axum service, pure Rust, shaped after tokio-rs/axum's examples.
func TestRustAxum(t *testing.T) {
	r := rustOf(t, map[string]string{
		"Cargo.toml":  "[package]\nname = \"inventory\"\nversion = \"0.1.0\"\nedition = \"2021\"\nrust-version = \"1.95\"\n\n[dependencies]\naxum = \"0.8\"\ntokio = { version = \"1\", features = [\"full\"] }\n",
		"Cargo.lock":  lock("inventory>axum,tokio", "axum", "tokio", "ring"),
		"src/main.rs": "#[tokio::main]\nasync fn main() {\n    let listener = tokio::net::TcpListener::bind(\"0.0.0.0:3000\").await.unwrap();\n}\n",
	})
	if want := []RustBin{{"inventory", "src/main.rs", "inventory", "src/main.rs"}}; !reflect.DeepEqual(r.Bins, want) {
		t.Errorf("bins %+v", r.Bins)
	}
	if r.RustVersion != "1.95" || r.RustVersionEvidence != `Cargo.toml: rust-version = "1.95"` {
		t.Errorf("rust version %s (%s)", r.RustVersion, r.RustVersionEvidence)
	}
	if !r.Static || r.Framework != "axum" || r.Port != 3000 || r.PortEvidence != `src/main.rs:3: "0.0.0.0:3000"` {
		t.Errorf("static %v framework %s port %d (%s)", r.Static, r.Framework, r.Port, r.PortEvidence)
	}
	if want := []SysCrate{{Crate: "ring", Evidence: "Cargo.lock: ring"}}; !reflect.DeepEqual(r.SysCrates, want) {
		t.Errorf("sys crates %+v", r.SysCrates)
	}
	if !reflect.DeepEqual(r.Manifests, []string{"Cargo.toml", "Cargo.lock"}) {
		t.Errorf("manifests %v", r.Manifests)
	}
}

// actix-web with sqlx over rustls, a library bound from main, a linker set in
// .cargo/config.toml: shaped after LukeMathWalker/zero-to-production.
func TestRustActixZeroToProduction(t *testing.T) {
	r := rustOf(t, map[string]string{
		"Cargo.toml":           "[package]\nname = \"zero2prod\"\nedition = \"2021\"\n\n[lib]\npath = \"src/lib.rs\"\n\n[[bin]]\npath = \"src/main.rs\"\nname = \"zero2prod\"\n\n[dependencies]\nactix-web = \"4\"\nsqlx = { version = \"0.8\", default-features = false, features = [\"runtime-tokio-rustls\", \"postgres\"] }\n",
		"Cargo.lock":           lock("zero2prod>actix-web,sqlx", "actix-web", "sqlx", "rustls", "ring"),
		"src/main.rs":          "fn main() { zero2prod::run() }\n",
		"src/lib.rs":           "pub fn run() {}\n",
		"src/startup.rs":       "let listener = TcpListener::bind(\"127.0.0.1:8000\")?;\n",
		".cargo/config.toml":   "[target.x86_64-unknown-linux-gnu]\nrustflags = [\"-C\", \"linker=clang\", \"-C\", \"link-arg=-fuse-ld=lld\"]\n",
		".sqlx/query-abc.json": "{}",
	})
	if len(r.Bins) != 1 || r.Bins[0].Evidence != `Cargo.toml: [[bin]] name = "zero2prod"` {
		t.Errorf("bins %+v", r.Bins)
	}
	if r.TLS != "rustls" || !r.Static || !r.SQLxOffline || r.Framework != "actix-web" {
		t.Errorf("tls %s static %v sqlx offline %v framework %s", r.TLS, r.Static, r.SQLxOffline, r.Framework)
	}
	if !reflect.DeepEqual(r.BuildTools, []string{"clang", "lld"}) {
		t.Errorf("build tools %v", r.BuildTools)
	}
	if r.Port != 8000 || len(r.Problems) != 1 || !strings.Contains(r.Problems[0], "src/startup.rs:1 listens on 127.0.0.1") {
		t.Errorf("port %d problems %v", r.Port, r.Problems)
	}
}

// A workspace with several binaries, rust-toolchain.toml and openssl-sys,
// features and a PORT variable: shaped after dani-garcia/vaultwarden and
// meilisearch/meilisearch.
func TestRustWorkspaceOpenSSL(t *testing.T) {
	r := rustOf(t, map[string]string{
		"Cargo.toml":                  "[workspace]\nmembers = [\"crates/*\"]\nexclude = [\"crates/skip\"]\n\n[workspace.package]\nrust-version = \"1.80\"\nedition = \"2021\"\n",
		"rust-toolchain.toml":         "[toolchain]\nchannel = \"1.95.0\"\ncomponents = [\"rustfmt\", \"clippy\"]\nprofile = \"minimal\"\n",
		"Cargo.lock":                  lock("api>openssl", "openssl>openssl-sys", "openssl-sys", "worker", "libsqlite3-sys"),
		"crates/api/Cargo.toml":       "[package]\nname = \"api\"\nedition.workspace = true\nrust-version.workspace = true\n\n[features]\ndefault = [\"sqlite\"]\nsqlite = []\n\n[dependencies]\nopenssl = \"0.10\"\n",
		"crates/api/src/main.rs":      "fn main() {\n    let port = std::env::var(\"PORT\").unwrap_or_else(|_| \"7000\".to_string());\n}\n",
		"crates/api/src/bin/admin.rs": "fn main() {}\n",
		"crates/worker/Cargo.toml":    "[package]\nname = \"worker\"\n\n[dependencies]\nrusqlite = { version = \"0.32\", features = [\"bundled\"] }\n",
		"crates/worker/src/main.rs":   "fn main() {}\n",
		"crates/skip/Cargo.toml":      "[package]\nname = \"skip\"\n",
		"crates/README.md":            "",
	})
	if !r.Workspace || !reflect.DeepEqual(r.Members, []string{"crates/api", "crates/worker"}) {
		t.Errorf("members %v", r.Members)
	}
	var names []string
	for _, b := range r.Bins {
		names = append(names, b.Package+"/"+b.Name)
	}
	if want := []string{"api/api", "api/admin", "worker/worker"}; !reflect.DeepEqual(names, want) {
		t.Errorf("bins %v, want %v", names, want)
	}
	if r.RustVersion != "1.95.0" || r.Toolchain == nil || r.Toolchain.Profile != "minimal" {
		t.Errorf("rust version %s toolchain %+v", r.RustVersion, r.Toolchain)
	}
	if r.Packages[0].RustVersion != "1.80" || r.Packages[0].Edition != "2021" || !reflect.DeepEqual(r.Packages[0].Features["default"], []string{"sqlite"}) {
		t.Errorf("inherited package keys: %+v", r.Packages[0])
	}
	if r.Static || r.TLS != "native-tls" {
		t.Errorf("static %v tls %s", r.Static, r.TLS)
	}
	if want := []SysCrate{
		{Crate: "libsqlite3-sys", Evidence: "Cargo.lock: libsqlite3-sys, bundled (crates/worker/Cargo.toml: rusqlite features bundled)"},
		{Crate: "openssl-sys", Library: "libssl", Evidence: "Cargo.lock: openssl-sys"},
	}; !reflect.DeepEqual(r.SysCrates, want) {
		t.Errorf("sys crates %+v", r.SysCrates)
	}
	if r.Port != 7000 || r.PortEnv != "PORT" {
		t.Errorf("port %d env %s", r.Port, r.PortEnv)
	}
}

func TestRustSQLiteBundledByFeature(t *testing.T) {
	r := rustOf(t, map[string]string{
		"Cargo.toml":  "[package]\nname = \"vault\"\n\n[features]\nsqlite = [\"libsqlite3-sys/bundled\"]\n\n[dependencies]\nlibsqlite3-sys = { version = \"0.37\", optional = true }\n",
		"Cargo.lock":  lock("vault>libsqlite3-sys", "libsqlite3-sys"),
		"src/main.rs": "fn main() {}\n",
	})
	if !r.Static || r.SysCrates[0].Evidence != `Cargo.lock: libsqlite3-sys, bundled (Cargo.toml: [features] sqlite = "libsqlite3-sys/bundled")` {
		t.Errorf("static %v %+v", r.Static, r.SysCrates)
	}
}

func TestRustVendoredOpenSSLIsStatic(t *testing.T) {
	r := rustOf(t, map[string]string{
		"Cargo.toml":  "[package]\nname = \"x\"\n",
		"Cargo.lock":  lock("openssl-sys>openssl-src", "openssl-src"),
		"src/main.rs": "fn main() {}\n",
	})
	if !r.Static || r.SysCrates[0].Library != "" {
		t.Errorf("vendored OpenSSL: static %v %+v", r.Static, r.SysCrates)
	}
}

// warp and rocket bind addresses, shaped after seanmonstar/warp's examples
// and dani-garcia/vaultwarden's Rocket.toml.
func TestRustWarpAndRocket(t *testing.T) {
	r := rustOf(t, map[string]string{
		"Cargo.toml":  "[package]\nname = \"hello\"\n\n[dependencies]\nwarp = \"0.3\"\n",
		"src/main.rs": "async fn main() {\n    warp::serve(routes).run(([127, 0, 0, 1], 3030)).await;\n}\n",
	})
	if r.Port != 3030 || len(r.Problems) != 1 || r.Framework != "warp" {
		t.Errorf("warp: port %d problems %v", r.Port, r.Problems)
	}
	r = rustOf(t, map[string]string{
		"Cargo.toml":  "[package]\nname = \"vault\"\n\n[dependencies]\nrocket = \"0.5\"\n",
		"Rocket.toml": "[default]\nport = 8088\n",
		"src/main.rs": "fn main() {}\n",
	})
	if r.Port != 8088 || r.RocketAddress != "127.0.0.1" || r.PortEvidence != "Rocket.toml: [default] port = 8088" {
		t.Errorf("rocket: port %d address %s (%s)", r.Port, r.RocketAddress, r.PortEvidence)
	}
}

func TestRustBadInput(t *testing.T) {
	cases := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"bad toml", map[string]string{"Cargo.toml": "[package]\nname = \"x\nedition = 2021\n"}, "Cargo.toml:2"},
		{"no package", map[string]string{"Cargo.toml": "[dependencies]\n"}, "neither [package] nor [workspace]"},
		{"bad name", map[string]string{"Cargo.toml": "[package]\nname = \"x; rm -rf /\"\n"}, "not a Cargo name"},
		{"bad bin name", map[string]string{"Cargo.toml": "[package]\nname = \"x\"\n[[bin]]\nname = \"a b\"\npath = \"src/main.rs\"\n", "src/main.rs": ""}, "not a Cargo target name"},
		{"missing bin", map[string]string{"Cargo.toml": "[package]\nname = \"x\"\n[[bin]]\nname = \"api\"\n"}, "no source file"},
		{"bin outside", map[string]string{"Cargo.toml": "[package]\nname = \"x\"\n[[bin]]\nname = \"api\"\npath = \"../../etc/passwd\"\n"}, "no source file"},
		{"member outside", map[string]string{"Cargo.toml": "[workspace]\nmembers = [\"../other\"]\n"}, "outside the project"},
		{"member missing", map[string]string{"Cargo.toml": "[workspace]\nmembers = [\"api\"]\n"}, "has no Cargo.toml"},
		{"bad channel", map[string]string{"Cargo.toml": "[package]\nname = \"x\"\n", "rust-toolchain.toml": "[toolchain]\nchannel = \"1.80; curl\"\n"}, "not a Rust release"},
		{"bad rust-version", map[string]string{"Cargo.toml": "[package]\nname = \"x\"\nrust-version = \"latest\"\n"}, "rust-version"},
		{"bad target", map[string]string{"Cargo.toml": "[package]\nname = \"x\"\n", ".cargo/config.toml": "[build]\ntarget = \"x86_64 && id\"\n"}, "not a target triple"},
		{"bad lock", map[string]string{"Cargo.toml": "[package]\nname = \"x\"\n", "Cargo.lock": "[[package]\n"}, "Cargo.lock:2"},
	}
	for _, c := range cases {
		_, err := readRust(mapFS(c.files))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
		if err != nil && !errors.Is(err, ErrCargo) && !strings.Contains(err.Error(), "fix the TOML") {
			t.Errorf("%s: %v is neither ErrCargo nor a TOML error", c.name, err)
		}
	}
	if r, err := readRust(mapFS(map[string]string{"main.rs": "fn main() {}"})); r != nil || err != nil {
		t.Errorf("no Cargo.toml: %v %v", r, err)
	}
}

func TestRustLegacyToolchainFile(t *testing.T) {
	r := rustOf(t, map[string]string{"Cargo.toml": "[package]\nname = \"x\"\nrust-version = \"1.70\"\n", "rust-toolchain": "stable\n", "src/main.rs": ""})
	if r.Toolchain.Channel != "stable" || r.RustVersion != "1.70" {
		t.Errorf("toolchain %+v version %s", r.Toolchain, r.RustVersion)
	}
}

// FuzzRustProject feeds arbitrary manifests to Cargo detection.
func FuzzRustProject(f *testing.F) {
	f.Add("[package]\nname = \"x\"\n[[bin]]\nname = \"y\"\npath = \"src/main.rs\"\n", lock("x>openssl-sys", "openssl-sys"), "[toolchain]\nchannel = \"1.95\"\n", "fn main() { TcpListener::bind(\"0.0.0.0:80\"); }")
	f.Add("[workspace]\nmembers = [\"*\", \"a/**\"]\n", "", "", "(([0, 0, 0, 0], 99999))")
	f.Add("[package]\nname = \"x\"\nrust-version = { workspace = true }\n", "[[package]]\nname = 1\n", "nightly", "var(\"PORT\") \"0\"")
	f.Fuzz(func(t *testing.T, cargo, cargoLock, toolchain, main string) {
		files := map[string]string{"Cargo.toml": cargo, "src/main.rs": main, "a/Cargo.toml": cargo}
		if cargoLock != "" {
			files["Cargo.lock"] = cargoLock
		}
		if toolchain != "" {
			files["rust-toolchain.toml"] = toolchain
		}
		r, err := readRust(mapFS(files))
		if err != nil {
			return
		}
		if r == nil {
			t.Fatal("Cargo.toml present but no project and no error")
		}
		for _, b := range r.Bins {
			if !cargoNameRE.MatchString(b.Name) {
				t.Fatalf("binary name %q passed", b.Name)
			}
		}
		if r.RustVersion != "" && !rustReleaseRE.MatchString(r.RustVersion) {
			t.Fatalf("rust version %q passed", r.RustVersion)
		}
		if r.Port < 0 || r.Port > 65535 {
			t.Fatalf("port %d", r.Port)
		}
		for _, fact := range r.Facts() {
			if fact.Evidence == "" {
				t.Fatalf("fact %s without evidence", fact.Name)
			}
		}
	})
}

func TestRustMembersGlobSkipsFiles(t *testing.T) {
	r, err := readRust(mapFS(map[string]string{
		"Cargo.toml":        "[workspace]\nmembers = [\"*\"]\n",
		"Cargo.lock":        "version = 4\n",
		"README.md":         "examples\n",
		"hello/Cargo.toml":  "[package]\nname = \"hello\"\nversion = \"0.1.0\"\n",
		"hello/src/main.rs": "fn main() {}\n",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(r.Members, ",") != "hello" {
		t.Errorf("members %v, want [hello]", r.Members)
	}
}

// A health-check binary connects to the server on 127.0.0.1: that address is
// where it connects, not where anything listens, so it neither sets the port
// nor warns (shaped after static-web-server's and warp services' probes).
func TestRustClientAddressIsNotAListener(t *testing.T) {
	r := rustOf(t, map[string]string{
		"Cargo.toml":             "[package]\nname = \"todos\"\n\n[dependencies]\nwarp = \"0.3\"\n",
		"src/bin/healthcheck.rs": "fn main() {\n    let s = std::net::TcpStream::connect(\"127.0.0.1:3030\").unwrap();\n    let t = std::net::TcpStream::connect((\"localhost\", 3031)).unwrap();\n}\n",
		"src/main.rs":            "async fn main() {\n    warp::serve(routes).run(([0, 0, 0, 0], 3030)).await;\n}\n",
	})
	if r.Port != 3030 || r.PortEvidence != "src/main.rs:2: ([0, 0, 0, 0], 3030)" || len(r.Problems) != 0 {
		t.Errorf("port %d (%s) problems %v", r.Port, r.PortEvidence, r.Problems)
	}
	r = rustOf(t, map[string]string{
		"Cargo.toml":  "[package]\nname = \"probe\"\n",
		"src/main.rs": "fn main() {\n    let s = std::net::TcpStream::connect(\"127.0.0.1:3030\").unwrap();\n}\n",
	})
	if r.Port != 0 || len(r.Problems) != 0 {
		t.Errorf("a client alone: port %d problems %v", r.Port, r.Problems)
	}
}
