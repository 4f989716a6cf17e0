package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// rustToolchains maps each Rust release a stand-in can be made for to the
// rustup toolchain on this machine that is that release. Only the gnu target
// is installed; crates come from crates.io.
func rustToolchains() map[string]string {
	return map[string]string{
		"1.95":   "1.95.0-x86_64-unknown-linux-gnu",
		"1.95.0": "1.95.0-x86_64-unknown-linux-gnu",
	}
}

// rustRecipe makes rust:<version>-bookworm and rust:<version>-slim-bookworm:
// the machine's rustup toolchain of that release (rustc, cargo, the standard
// library; no documentation, as rustup's minimal profile) with rustup and its
// proxies, laid out as the official images lay them out: RUSTUP_HOME
// /usr/local/rustup, CARGO_HOME /usr/local/cargo, /usr/local/cargo/bin on
// PATH, so the crate registry a Dockerfile caches is
// /usr/local/cargo/registry. The full tag carries what buildpack-deps does
// for -sys crates (pkg-config, libssl-dev, libpq-dev, make, git); the slim
// one gcc and libc6-dev only. CARGO_HTTP_CAINFO trusts the host's CA bundle
// (this network re-signs TLS), never the generated Dockerfiles.
func rustRecipe(ctx context.Context, s *standins, ref string) error {
	_, tag := repository(ref)
	version, slim := strings.CutSuffix(tag, "-slim-bookworm")
	if !slim {
		var ok bool
		if version, ok = strings.CutSuffix(tag, "-bookworm"); !ok {
			return fmt.Errorf("only -bookworm and -slim-bookworm tags are made here, not %s", tag)
		}
	}
	toolchain, ok := rustToolchains()[version]
	if !ok {
		return fmt.Errorf("no rustup toolchain for Rust %s on this machine: only 1.95 (rustToolchains() in test/e2e/standin_rust_test.go)", version)
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return err
	}
	rustupHome := os.Getenv("RUSTUP_HOME")
	if rustupHome == "" {
		rustupHome = filepath.Join(home, ".rustup")
	}
	cargoHome := os.Getenv("CARGO_HOME")
	if cargoHome == "" {
		cargoHome = filepath.Join(home, ".cargo")
	}
	src, err := filepath.EvalSymlinks(filepath.Join(rustupHome, "toolchains", toolchain))
	if err != nil {
		return fmt.Errorf("the rustup toolchain %s is not installed here (%w): rustup toolchain install %s --profile minimal", toolchain, err, version)
	}
	rustup, err := filepath.EvalSymlinks(filepath.Join(cargoHome, "bin", "rustup"))
	if err != nil {
		return fmt.Errorf("rustup is not installed here: %w", err)
	}
	if err := s.dependency(ctx, "debian:bookworm-slim"); err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "standin-rust")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	// Hard links where the file system allows, so the 600 MB toolchain is
	// not copied twice before the engine reads it.
	tc := filepath.Join(dir, "toolchain")
	if err := os.MkdirAll(tc, 0o755); err != nil {
		return err
	}
	for _, sub := range []string{"bin", "lib", "libexec", "etc"} {
		if _, err := os.Stat(filepath.Join(src, sub)); err != nil {
			continue
		}
		if _, err := run(ctx, "", "cp", "-al", filepath.Join(src, sub), tc); err != nil {
			if _, err := run(ctx, "", "cp", "-a", filepath.Join(src, sub), tc); err != nil {
				return err
			}
		}
	}
	if _, err := run(ctx, "", "cp", rustup, filepath.Join(dir, "rustup")); err != nil {
		return err
	}
	bundle, _, err := hostCAs()
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "ca-certificates.crt"), bundle, 0o644); err != nil {
		return err
	}
	settings := fmt.Sprintf("version = \"12\"\ndefault_toolchain = %q\nprofile = \"minimal\"\nauto_self_update = \"disable\"\n", toolchain)
	if err := os.WriteFile(filepath.Join(dir, "settings.toml"), []byte(settings), 0o644); err != nil {
		return err
	}
	packages := "ca-certificates gcc libc6-dev"
	if !slim {
		packages += " g++ make pkg-config libssl-dev libpq-dev git curl"
	}
	return buildImage(ctx, ref, fmt.Sprintf(`FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends %s \
    && rm -rf /var/lib/apt/lists/*
COPY ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY toolchain /usr/local/rustup/toolchains/%s
COPY settings.toml /usr/local/rustup/settings.toml
COPY rustup /usr/local/cargo/bin/rustup
RUN cd /usr/local/cargo/bin \
    && for p in cargo rustc rustdoc cargo-clippy clippy-driver rustfmt cargo-fmt rust-gdb rust-lldb; do ln rustup "$p"; done \
    && chmod -R a+w /usr/local/cargo
ENV RUSTUP_HOME=/usr/local/rustup CARGO_HOME=/usr/local/cargo RUST_VERSION=%s \
    PATH=/usr/local/cargo/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    CARGO_HTTP_CAINFO=/etc/ssl/certs/ca-certificates.crt
`, packages, toolchain, strings.TrimSuffix(toolchain, "-x86_64-unknown-linux-gnu")), dir)
}
