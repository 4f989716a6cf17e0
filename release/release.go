// Package release is dockerize's dated table of the newest base-image
// releases it knows, and the version arithmetic that says how far a tag is
// behind them. It knows nothing of Dockerfiles; lint and report ask it.
//
// The table is data, checked by hand against the registries named in each
// row on the date in AsOf. When plan's base-image table needs exact
// versions, it should read them from here, so one table stays true.
package release

import (
	"strconv"
	"strings"
)

// AsOf is the day the table was last checked.
const AsOf = "2026-12-01"

// Scheme says how an image's tags spell an exact release.
type Scheme int

const (
	// SemVer tags are exact with three numbers: 1.27.4, 26.10.0-alpine.
	SemVer Scheme = iota
	// Point tags are exact with two numbers: a Debian point release, 13.8.
	Point
	// Update tags are exact with three numbers and a build after _: the
	// Temurin form 21.0.12.1_1-jre.
	Update
	// Untagged images publish no version tags at all (distroless): only a
	// digest pins them.
	Untagged
)

// Image is one row of the table.
type Image struct {
	// Repository as written on Docker Hub (golang, eclipse-temurin) or its
	// registry path without the host (distroless/static-debian12).
	Repository string
	Scheme     Scheme
	// Newest lists the newest release of each line, newest line first.
	Newest []string
	// Aliases maps moving tag words to the line they stood for on AsOf
	// (lts -> 26, trixie -> 13 for debian).
	Aliases map[string]string
	// Source says where the versions were read.
	Source string
}

// Images returns the table. A function, so no caller can change it.
func Images() []Image {
	debian := map[string]string{"stable": "13", "trixie": "13", "bookworm": "12", "oldstable": "12"}
	return []Image{
		// Go supports its two newest minors, so these lines are exactly the
		// supported ones: plan builds go.mod's minimum with them.
		{Repository: "golang", Scheme: SemVer, Newest: []string{"1.27.4", "1.26.11"}, Source: "Go module proxy, golang.org/toolchain"},
		{Repository: "node", Scheme: SemVer, Newest: []string{"26.10.0", "25.9.0", "24.21.0", "22.23.3", "20.20.2"},
			Aliases: map[string]string{"lts": "26", "current": "26"}, Source: "npm registry, package node"},
		{Repository: "maven", Scheme: SemVer, Newest: []string{"3.10.1", "3.9.16"}, Source: "Maven Central, org.apache.maven:maven-core"},
		// Temurin 17 is the OpenJDK update Debian's security archive ships
		// (openjdk-17 17.0.21.1+2): Temurin tags the same update and build.
		{Repository: "eclipse-temurin", Scheme: Update, Newest: []string{"25.0.3_9", "21.0.12.1_1", "17.0.21.1_2", "11.0.32_9"},
			Source: "Adoptium release lists (temurin21, temurin11); Debian bookworm-security openjdk-17 for 17; Temurin-25.0.3+9 (2026-04-21), the JDK 25 the build machines carry, for 25"},
		// nginx's stable line the SPA runtime uses; the crates.io package
		// nginx-src 1.28.5+1.28.3 ships the 1.28.3 source (nginx.org names
		// 1.28.2 on 2026-02-04).
		{Repository: "nginxinc/nginx-unprivileged", Scheme: SemVer, Newest: []string{"1.28.3"}, Source: "crates.io nginx-src 1.28.5+1.28.3; nginx.org news"},
		{Repository: "debian", Scheme: Point, Newest: []string{"13.8", "12.15"}, Aliases: debian, Source: "Debian archive Release files"},
		{Repository: "distroless", Scheme: Untagged, Source: "gcr.io/distroless publishes only moving tags (latest, nonroot, debug, debug-nonroot)"},
	}
}

// JavaLTS are the Java long-term-support lines Eclipse Temurin builds and
// supports on AsOf (adoptium.net/support), oldest first. Its images exist
// only for these and the current feature release, so plan builds any
// other release with the nearest of these at or above it.
func JavaLTS() []int { return []int{8, 11, 17, 21, 25} }

// Name returns the table's name for an image reference's repository: the
// registry host and Docker Hub's library/ are dropped, and every distroless
// image is "distroless". mirror.example/library/golang -> golang.
func Name(repository string) string {
	parts := strings.Split(repository, "/")
	if len(parts) > 1 && (strings.ContainsAny(parts[0], ".:") || parts[0] == "localhost") {
		parts = parts[1:]
	}
	if len(parts) > 1 && parts[0] == "library" {
		parts = parts[1:]
	}
	for _, p := range parts[:len(parts)-1] {
		if p == "distroless" {
			return "distroless"
		}
	}
	return strings.Join(parts, "/")
}

// Lookup returns the row for an image repository, as written in a FROM line.
func Lookup(repository string) (Image, bool) {
	name := Name(repository)
	for _, im := range Images() {
		if im.Repository == name {
			return im, true
		}
	}
	return Image{}, false
}

// NewestIn returns the newest release of the line that version belongs to:
// "22" and "22.12.0" both give node's newest 22.x. A line word (lts,
// trixie) is read through the aliases first.
func (im Image) NewestIn(version string) (string, bool) {
	if v, ok := im.Aliases[version]; ok {
		version = v
	}
	want := Parse(version)
	if len(want) == 0 {
		return "", false
	}
	// A three-number tag's line is its first two numbers (golang 1.26);
	// otherwise its first (node 22, temurin 21).
	n := 1
	if im.Repository == "golang" {
		n = 2
	}
	if len(want) < n {
		n = len(want)
	}
	for _, v := range im.Newest {
		if samePrefix(Parse(v), want, n) {
			return v, true
		}
	}
	return "", false
}

// Gap is how far a version is behind the newest release in the table.
type Gap struct {
	Newest string `json:"newest"`
	// Major, Minor and Patch count releases between: golang 1.25.3 is 2
	// minor behind 1.27.4; node 22.12.0 is 4 major behind 26.10.0. Only the
	// first non-zero field is set: a version two majors behind is not also
	// "some minors" behind in any useful sense.
	Major int `json:"major,omitempty"`
	Minor int `json:"minor,omitempty"`
	Patch int `json:"patch,omitempty"`
}

// String says the gap in words: "up to date", "4 major behind (26.10.0)".
func (g Gap) String() string {
	switch {
	case g.Major > 0:
		return strconv.Itoa(g.Major) + " major behind (" + g.Newest + ")"
	case g.Minor > 0:
		return strconv.Itoa(g.Minor) + " minor behind (" + g.Newest + ")"
	case g.Patch > 0:
		return strconv.Itoa(g.Patch) + " patch behind (" + g.Newest + ")"
	}
	return "up to date"
}

// Behind compares version with the newest release in the table. For golang,
// whose major is always 1, the minor counts as the line. A version that
// names only a line (node 22) is compared at that precision.
func (im Image) Behind(version string) (Gap, bool) {
	if v, ok := im.Aliases[version]; ok {
		version = v
	}
	have := Parse(version)
	if len(have) == 0 || len(im.Newest) == 0 {
		return Gap{}, false
	}
	newest := im.Newest[0]
	top := Parse(newest)
	g := Gap{Newest: newest}
	for i := 0; i < len(have) && i < len(top) && i < 3; i++ {
		if d := top[i] - have[i]; d != 0 {
			if d < 0 {
				return g, true // newer than the table knows
			}
			switch i {
			case 0:
				g.Major = d
			case 1:
				g.Minor = d
			case 2:
				g.Patch = d
			}
			return g, true
		}
	}
	return g, true
}

// Parse reads the numbers of a version: "21.0.12.1_1" -> [21 0 12 1 1],
// "1.27" -> [1 27]. It stops at the first part that is not a number, and
// returns nil for a version with no leading number.
func Parse(version string) []int {
	var out []int
	for _, part := range strings.FieldsFunc(version, func(r rune) bool { return r == '.' || r == '_' }) {
		n, err := strconv.Atoi(part)
		if err != nil || n < 0 {
			break
		}
		out = append(out, n)
	}
	return out
}

func samePrefix(a, b []int, n int) bool {
	if len(a) < n || len(b) < n {
		return false
	}
	for i := 0; i < n; i++ {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
