package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
)

// golangBase is Debian with what the official golang:*-bookworm images carry
// besides Go: a C toolchain for cgo, git, and CA certificates.
const golangBase = "dockerize-standin/golang-base:bookworm"

// goMinorPatches fixes the Go release a minor-only tag (golang:1.23-bookworm)
// stands for: that minor's newest patch on the Go module proxy when it was
// chosen. Fixed rather than looked up, so a stand-in made today and one made
// next month are the same image; TestGoMinorPatchesOnProxy checks that each
// still downloads. Add a row when the generator starts naming a new minor.
func goMinorPatches() map[string]string {
	return map[string]string{
		"1.21": "1.21.13",
		"1.22": "1.22.12",
		"1.23": "1.23.12",
		"1.24": "1.24.13",
		"1.25": "1.25.14",
		"1.26": "1.26.11",
	}
}

// goRelease turns "1.24.4" into itself and "1.23" into its fixed patch.
func goRelease(version string) (string, error) {
	if strings.Count(version, ".") == 2 {
		return version, nil
	}
	full, ok := goMinorPatches()[version]
	if !ok {
		return "", fmt.Errorf("no fixed patch release for Go %s: add one to goMinorPatches() in test/e2e/standin_go_test.go", version)
	}
	return full, nil
}

// goToolchainModule is the Go module proxy's name for a Go release.
func goToolchainModule(full string) string {
	return "golang.org/toolchain@v0.0.1-go" + full + ".linux-amd64"
}

// golangRecipe makes golang:<version>-bookworm: the Go toolchain module of
// that version, from the Go module proxy, installed where the official image
// installs Go, with its environment (GOPATH=/go, GOTOOLCHAIN=local, WORKDIR
// /go).
func golangRecipe(ctx context.Context, s *standins, ref string) error {
	_, tag := repository(ref)
	version, ok := strings.CutSuffix(tag, "-bookworm")
	if !ok {
		return fmt.Errorf("only -bookworm tags are made here, not %s", tag)
	}
	full, err := goRelease(version)
	if err != nil {
		return err
	}
	if err := s.dependency(ctx, "debian:bookworm-slim"); err != nil {
		return err
	}
	if !imageExists(ctx, golangBase) {
		s.log("stand-in: making %s", golangBase)
		err := buildImage(ctx, golangBase, `FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates gcc libc6-dev make pkg-config git \
    && update-ca-certificates && rm -rf /var/lib/apt/lists/*
`, "")
		if err != nil {
			return err
		}
	}
	s.log("stand-in: Go %s from the module proxy", full)
	// go mod download keeps the zip in the module cache, so a second
	// machine run or a rebuilt image does not fetch it again.
	out, err := run(ctx, "", "go", "mod", "download", "-json", goToolchainModule(full))
	if err != nil {
		return err
	}
	var mod struct{ Dir string }
	if err := json.Unmarshal([]byte(out), &mod); err != nil || mod.Dir == "" {
		return fmt.Errorf("reading go mod download output: %v\n%s", err, out)
	}
	// Older toolchain zips carry no exec bits; the official image has them.
	return buildImage(ctx, ref, fmt.Sprintf(`FROM %s
COPY . /usr/local/go
RUN chmod -R a+rX /usr/local/go && chmod a+x /usr/local/go/bin/* /usr/local/go/pkg/tool/*/* \
    && mkdir -p /go/src /go/bin && chmod -R 1777 /go
ENV GOLANG_VERSION=%s GOTOOLCHAIN=local GOPATH=/go
ENV PATH=/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
WORKDIR /go
`, golangBase, full), mod.Dir)
}
