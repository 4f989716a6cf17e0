package plan

import (
	"fmt"
	"strings"
)

// Image is one row of the base-image table: the single place that names the
// images dockerize builds on and the versions it falls back to.
type Image struct {
	// Key is stack.role[.flavor], e.g. "go.build" or "go.runtime.static".
	Key        string
	Repository string
	// Tag is the tag, with {version} standing for the language version (which
	// may stand in Repository too).
	Tag string
	// DefaultVersion is used when the project names no version.
	DefaultVersion string
	// Why explains the choice, for `dockerize images` and the README.
	Why string
}

// Ref returns repository:tag for a language version (ignored by images with
// no {version} in their tag or repository; distroless names the version in
// the repository, e.g. java21-debian12).
func (im Image) Ref(version string) string {
	if version == "" {
		version = im.DefaultVersion
	}
	return strings.ReplaceAll(im.Repository, "{version}", version) + ":" + strings.ReplaceAll(im.Tag, "{version}", version)
}

// Images returns the base-image table. It is a function, not a variable, so
// no caller can change the table another caller sees.
func Images() []Image {
	return []Image{
		{
			Key: "go.build", Repository: "golang", Tag: "{version}-bookworm", DefaultVersion: "1.24",
			Why: "official Go image on Debian 12, the same glibc as the distroless runtimes",
		},
		{
			Key: "go.runtime.static", Repository: "gcr.io/distroless/static-debian12", Tag: "nonroot",
			Why: "no shell or libc, CA certificates and tzdata, runs as nonroot (65532); for CGO_ENABLED=0 binaries",
		},
		{
			Key: "node.build", Repository: "node", Tag: "{version}-bookworm", DefaultVersion: "26",
			Why: "official Node.js image with Debian's compilers and python3, for packages with native addons",
		},
		{
			Key: "node.runtime", Repository: "node", Tag: "{version}-bookworm-slim", DefaultVersion: "26",
			Why: "the same Node.js without compilers; has the node user (1000:1000)",
		},
		{
			Key: "node.runtime.spa", Repository: "nginxinc/nginx-unprivileged", Tag: "1.28-bookworm",
			Why: "nginx that runs as a non-root user (101) on port 8080, for single-page apps with no server",
		},
		{
			Key: "maven.build", Repository: "maven", Tag: "3.9.9-eclipse-temurin-{version}", DefaultVersion: "21",
			Why: "Maven 3.9 on the Temurin JDK, for projects without a Maven wrapper",
		},
		{
			Key: "maven.build.wrapper", Repository: "eclipse-temurin", Tag: "{version}-jdk", DefaultVersion: "21",
			Why: "the Temurin JDK, for projects whose committed Maven wrapper picks Maven",
		},
		{
			Key: "maven.runtime", Repository: "eclipse-temurin", Tag: "{version}-jre", DefaultVersion: "21",
			Why: "the Temurin JRE: runs the jar, no compiler",
		},
		{
			Key: "maven.runtime.distroless", Repository: "gcr.io/distroless/java{version}-debian12", Tag: "nonroot", DefaultVersion: "21",
			Why: "the distroless Java image: a JRE without shell or package manager, runs as nonroot (65532); Java 17 and 21",
		},
		{
			Key: "go.runtime.glibc", Repository: "gcr.io/distroless/base-debian12", Tag: "nonroot",
			Why: "glibc and openssl for cgo binaries built on Debian 12, runs as nonroot (65532)",
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
	// DefaultPnpm and DefaultYarn are used when package.json has no
	// packageManager field.
	DefaultPnpm = "9.15.9"
	DefaultYarn = "1.22.22"
)

// MavenDependencyPlugin is the maven-dependency-plugin version whose
// go-offline resolves dependencies in their own cached step; pinned so the
// step does not depend on the project's plugin management.
const MavenDependencyPlugin = "3.8.1"

// LookupImage returns the table row with the given key.
func LookupImage(key string) (Image, error) {
	for _, im := range Images() {
		if im.Key == key {
			return im, nil
		}
	}
	return Image{}, fmt.Errorf("no base image %q in the image table", key)
}
