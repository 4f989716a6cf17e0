package plan

import (
	"errors"
	"strings"
	"testing"
)

const emptyLock = "version = 4\n"

func rustFiles(kv ...string) map[string]string {
	m := map[string]string{
		"Cargo.toml":  "[package]\nname = \"svc\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
		"Cargo.lock":  emptyLock + "\n[[package]]\nname = \"svc\"\nversion = \"0.1.0\"\n",
		"src/main.rs": "fn main() { let _ = std::net::TcpListener::bind(\"0.0.0.0:9100\"); }\n",
	}
	return with(m, kv...)
}

func TestRustPlan(t *testing.T) {
	pl, err := newPlan(project(t, rustFiles()), Answers{Version: "t"})
	if err != nil {
		t.Fatal(err)
	}
	rp := pl.Rust()
	if rp.Bin.String() != "svc" || !rp.Static || pl.Port != 9100 {
		t.Errorf("bin %q static %v port %d", rp.Bin, rp.Static, pl.Port)
	}
	if pl.BuildImage.String() != "rust:1.95.0-bookworm" || pl.RuntimeImage.String() != "gcr.io/distroless/static-debian12:nonroot" {
		t.Errorf("images %s %s", pl.BuildImage, pl.RuntimeImage)
	}
	if rp.Entrypoint.String() != `["/usr/local/bin/tini", "--", "/usr/local/bin/svc"]` {
		t.Errorf("entrypoint %s", rp.Entrypoint)
	}
	pl, err = newPlan(project(t, rustFiles()), Answers{Version: "t", Values: map[string]string{"features": "postgres,tls", "rust-version": "1.95"}})
	if err != nil {
		t.Fatal(err)
	}
	if pl.Rust().Cargo.String() != "--release --locked --features postgres,tls" || pl.Rust().Version != "1.95.0" {
		t.Errorf("cargo %q version %q", pl.Rust().Cargo, pl.Rust().Version)
	}
}

func TestRustPlanOpenSSLIsDynamic(t *testing.T) {
	files := rustFiles("Cargo.lock", emptyLock+"\n[[package]]\nname = \"svc\"\nversion = \"0.1.0\"\ndependencies = [\"openssl-sys\"]\n\n[[package]]\nname = \"openssl-sys\"\nversion = \"0.9.109\"\n")
	pl, err := newPlan(project(t, files), Answers{Version: "t"})
	if err != nil {
		t.Fatal(err)
	}
	if pl.Rust().Static || pl.RuntimeImage.String() != "gcr.io/distroless/cc-debian12:nonroot" {
		t.Errorf("static %v runtime %s", pl.Rust().Static, pl.RuntimeImage)
	}
}

func TestRustPlanRefuses(t *testing.T) {
	twoBins := rustFiles("src/main.rs", "", "src/bin/api.rs", "fn main() {}\n", "src/bin/worker.rs", "fn main() {}\n")
	cases := []struct {
		name  string
		files map[string]string
		a     map[string]string
		want  string
	}{
		{"no lockfile", rustFiles("Cargo.lock", ""), nil, "cargo generate-lockfile"},
		{"several binaries", twoBins, nil, "several binaries (api, worker): pass --bin"},
		{"unknown --bin", twoBins, map[string]string{"bin": "nope"}, `"nope" is not a binary of this project; use one of: api, worker`},
		{"hostile --bin", twoBins, map[string]string{"bin": "api;id"}, "is not a Cargo target name"},
		{"hostile --features", rustFiles(), map[string]string{"features": "tls --config x; id"}, "is not feature names"},
		{"a library only", rustFiles("src/main.rs", "", "src/lib.rs", "pub fn f() {}\n"), nil, "no binary target"},
		{"sqlx macros without prepared queries", rustFiles(
			"Cargo.toml", "[package]\nname = \"svc\"\nversion = \"0.1.0\"\n\n[dependencies]\nsqlx = \"0.8\"\n",
			"src/db.rs", "pub async fn n(p: &sqlx::PgPool) { sqlx::query!(\"SELECT 1\").fetch_one(p).await; }\n",
		), nil, "src/db.rs:1: query!: sqlx's query macros check each query against a live database"},
		{"rust line unknown", rustFiles(), map[string]string{"rust-version": "1.80"}, "is not a line dockerize knows"},
		{"rust-version newer than known", rustFiles("Cargo.toml", "[package]\nname = \"svc\"\nversion = \"0.1.0\"\nrust-version = \"1.99\"\n"), nil, "newer than any release"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := detectFiles(c.files)
			if err != nil {
				if strings.Contains(err.Error(), c.want) {
					return
				}
				t.Fatalf("detection: %v", err)
			}
			_, err = newPlan(p, Answers{Version: "t", Values: c.a})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want %q", err, c.want)
			}
			var missing *MissingError
			if c.name == "several binaries" && !errors.As(err, &missing) {
				t.Errorf("several binaries is not a MissingError (no prompt): %T", err)
			}
		})
	}
}

func TestVersionLess(t *testing.T) {
	for _, c := range []struct {
		a, b string
		less bool
	}{{"1.95.0", "1.95", false}, {"1.85", "1.95.0", true}, {"1.100.0", "1.99", false}, {"1.95.0", "1.95.1", true}} {
		if got := versionLess(c.a, c.b); got != c.less {
			t.Errorf("versionLess(%s, %s) = %v", c.a, c.b, got)
		}
	}
}

func TestRustPlanPackage(t *testing.T) {
	files := map[string]string{
		"Cargo.toml":      "[workspace]\nmembers = [\"api\", \"cli\"]\n",
		"Cargo.lock":      emptyLock,
		"api/Cargo.toml":  "[package]\nname = \"api\"\nversion = \"0.1.0\"\n",
		"api/src/main.rs": "fn main() {}\n",
		"cli/Cargo.toml":  "[package]\nname = \"cli\"\nversion = \"0.1.0\"\n",
		"cli/src/main.rs": "fn main() {}\n",
	}
	if _, err := newPlan(project(t, files), Answers{Version: "t"}); err == nil || !strings.Contains(err.Error(), "pass --bin") {
		t.Fatalf("two packages with binaries: %v, want a --bin question", err)
	}
	pl, err := newPlan(project(t, files), Answers{Version: "t", Values: map[string]string{"package": "cli"}})
	if err != nil {
		t.Fatal(err)
	}
	if pl.Rust().Bin.String() != "cli" || !strings.Contains(pl.Rust().Cargo.String(), "--package cli") {
		t.Errorf("bin %q cargo %q", pl.Rust().Bin, pl.Rust().Cargo)
	}
	if _, err := newPlan(project(t, files), Answers{Version: "t", Values: map[string]string{"package": "web"}}); err == nil || !strings.Contains(err.Error(), "use one of: api, cli") {
		t.Errorf("unknown package: %v", err)
	}
}

func TestRustSystemLibrariesOnDebian(t *testing.T) {
	lock := emptyLock + "\n[[package]]\nname = \"pq-sys\"\nversion = \"0.6.3\"\n\n[[package]]\nname = \"libz-sys\"\nversion = \"1.1.22\"\n\n[[package]]\nname = \"openssl-sys\"\nversion = \"0.9.109\"\n"
	p, err := detectFiles(rustFiles("Cargo.lock", lock))
	if err != nil {
		t.Fatal(err)
	}
	pl, err := newPlan(p, Answers{Version: "t"})
	if err != nil {
		t.Fatal(err)
	}
	var pkgs []string
	for _, w := range pl.Rust().RuntimePackages {
		pkgs = append(pkgs, w.String())
	}
	if got := strings.Join(pkgs, " "); got != "ca-certificates=20230311+deb12u1 libpq5=15.18-0+deb12u1 zlib1g=1:1.2.13.dfsg-1" {
		t.Errorf("runtime packages = %s", got)
	}
	if !strings.HasPrefix(pl.RuntimeImage.String(), "debian:12.") || pl.Rust().Static || pl.UID != 65532 {
		t.Errorf("runtime %s static %v uid %d", pl.RuntimeImage, pl.Rust().Static, pl.UID)
	}
}

func TestRustPlanFromTheProjectsDockerfile(t *testing.T) {
	files := rustFiles(
		"Cargo.toml", "[package]\nname = \"svc\"\nversion = \"0.1.0\"\n[features]\nsqlite = []\n[[bin]]\nname = \"svc\"\npath = \"src/main.rs\"\n[[bin]]\nname = \"svc-admin\"\npath = \"src/admin.rs\"\n",
		"src/admin.rs", "fn main() {}\n",
		"src/main.rs", "fn main() { let a = std::env::var(\"SVC_ADDR\").unwrap(); let b = std::env::var(\"SVC_MOTD\"); let _ = std::net::TcpListener::bind(a); }\n",
		"Dockerfile", "FROM rust\nRUN cargo build --release --features sqlite\nFROM debian\nENV SVC_ADDR=0.0.0.0:7400 SVC_MOTD=\"hello world\"\nCMD [\"/usr/bin/svc\"]\n",
	)
	pl, err := newPlan(project(t, files), Answers{Version: "t"})
	if err != nil {
		t.Fatal(err)
	}
	var env []string
	for _, e := range pl.Env {
		env = append(env, e.Name.String()+"="+e.Value.String())
	}
	if pl.Rust().Bin.String() != "svc" || pl.Rust().Cargo.String() != "--release --locked --features sqlite" || pl.Port != 7400 || strings.Join(env, " ") != "SVC_ADDR=0.0.0.0:7400" {
		t.Errorf("bin %q cargo %q port %d env %q; want svc, its features, 7400 and SVC_ADDR only (a value with a space is never written)", pl.Rust().Bin, pl.Rust().Cargo, pl.Port, env)
	}
	warned := false
	for _, d := range pl.Decisions {
		warned = warned || d.Name == "warning" && strings.Contains(d.Value, "SVC_MOTD")
	}
	if !warned {
		t.Error("the variable that could not be set safely is not named in a warning")
	}
	pl, err = newPlan(project(t, files), Answers{Version: "t", Values: map[string]string{"bin": "svc-admin", "features": "other"}})
	if err != nil {
		t.Fatal(err)
	}
	if pl.Rust().Bin.String() != "svc-admin" || !strings.HasSuffix(pl.Rust().Cargo.String(), "--features other") {
		t.Errorf("flags did not override the project's Dockerfile: bin %q cargo %q", pl.Rust().Bin, pl.Rust().Cargo)
	}
}
