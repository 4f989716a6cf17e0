package realworld

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// The release tables the image checks use, dated: update them when a
// release lands (sources: go.dev/doc/devel/release, the Go module proxy's
// golang.org/toolchain versions, nodejs.org's release schedule, the
// official images' tag lists). Checked 2026-12-02.

// goRel is a Go minor's release date, its newest patch and the first
// patch with -bookworm images (0: all).
type goRel struct {
	Minor     int
	Released  string
	LastPatch int
	Bookworm  int
}

var goReleases = []goRel{
	{19, "2022-08-02", 13, 10},
	{20, "2023-02-01", 14, 5},
	{21, "2023-08-08", 13, 0},
	{22, "2024-02-06", 12, 0},
	{23, "2024-08-13", 12, 0},
	{24, "2025-02-11", 13, 0},
	{25, "2025-08-12", 14, 0},
	{26, "2026-02-10", 11, 0},
	{27, "2026-08-11", 4, 0},
}

// nodeBookwormMajors are the Node.js majors with -bookworm images.
var nodeBookwormMajors = map[int]bool{18: true, 19: true, 20: true, 21: true, 22: true, 23: true, 24: true, 25: true, 26: true}

// temurinReleases are the Java releases eclipse-temurin has images for.
var temurinReleases = map[int]bool{8: true, 11: true, 17: true, 18: true, 19: true, 20: true, 21: true, 22: true, 23: true, 24: true, 25: true, 26: true}

// distrolessJava are the distroless Java images that exist.
var distrolessJava = map[string]bool{"java17-debian12": true, "java21-debian12": true, "java17-debian13": true, "java21-debian13": true, "java25-debian13": true}

var (
	goTagRE     = regexp.MustCompile(`^1\.(\d+)(?:\.(\d+))?(?:-(.+))?$`)
	nodeTagRE   = regexp.MustCompile(`^(\d+)(?:\.(\d+)\.(\d+))?(?:-(.+))?$`)
	temurinTag  = regexp.MustCompile(`^(\d+)(?:[.u][0-9._+b]*)?-(jre|jdk)(?:-.+)?$`)
	distrolessR = regexp.MustCompile(`^gcr\.io/distroless/([a-z0-9-]+?)(?::[a-z0-9.-]+)?(?:@sha256:[0-9a-f]{64})?$`)
)

// imageExists says why an image reference cannot be pulled, or "".
// Images it has no table for are taken as existing.
func imageExists(ref, today string) string {
	name, tag, _ := strings.Cut(strings.SplitN(ref, "@", 2)[0], ":")
	switch name {
	case "golang":
		m := goTagRE.FindStringSubmatch(tag)
		if m == nil {
			return fmt.Sprintf("%s: not a golang version tag", ref)
		}
		minor, _ := strconv.Atoi(m[1])
		r, ok := goRelease(minor)
		if !ok {
			if minor < goReleases[0].Minor {
				return fmt.Sprintf("%s: Go 1.%d has no image with a current Debian (bookworm) variant", ref, minor)
			}
			return fmt.Sprintf("%s: Go 1.%d is not released", ref, minor)
		}
		if m[2] != "" {
			patch, _ := strconv.Atoi(m[2])
			if patch > r.LastPatch {
				return fmt.Sprintf("%s: Go 1.%d.%d is not released (newest 1.%d.%d)", ref, minor, patch, minor, r.LastPatch)
			}
			if strings.HasPrefix(m[3], "bookworm") && patch < r.Bookworm {
				return fmt.Sprintf("%s: bookworm images start at 1.%d.%d", ref, minor, r.Bookworm)
			}
		}
	case "node":
		m := nodeTagRE.FindStringSubmatch(tag)
		if m == nil {
			return ""
		}
		major, _ := strconv.Atoi(m[1])
		if strings.HasPrefix(m[4], "bookworm") && !nodeBookwormMajors[major] {
			return fmt.Sprintf("%s: Node.js %d has no bookworm image", ref, major)
		}
	case "eclipse-temurin":
		m := temurinTag.FindStringSubmatch(tag)
		if m == nil {
			return ""
		}
		n, _ := strconv.Atoi(m[1])
		if !temurinReleases[n] {
			return fmt.Sprintf("%s: Temurin has no Java %d image", ref, n)
		}
	default:
		if m := distrolessR.FindStringSubmatch(ref); m != nil && strings.HasPrefix(m[1], "java") && !distrolessJava[m[1]] {
			return fmt.Sprintf("%s: no such distroless Java image", ref)
		}
	}
	return ""
}

func goRelease(minor int) (goRel, bool) {
	for _, r := range goReleases {
		if r.Minor == minor {
			return r, true
		}
	}
	return goReleases[0], false
}

// goSupported says why a golang tag is not a supported Go release on the
// given day, or "": Go supports the two newest minors.
func goSupported(tag, today string) string {
	m := goTagRE.FindStringSubmatch(tag)
	if m == nil {
		return "not a Go version"
	}
	minor, _ := strconv.Atoi(m[1])
	var released []int
	for _, r := range goReleases {
		if r.Released <= today {
			released = append(released, r.Minor)
		}
	}
	if len(released) < 2 {
		return ""
	}
	oldest := released[len(released)-2]
	if minor < oldest {
		return fmt.Sprintf("Go 1.%d is no longer supported on %s (supported: 1.%d and 1.%d)", minor, today, oldest, released[len(released)-1])
	}
	return ""
}

var javaTagRE = regexp.MustCompile(`(?:^|:)(\d+)(?:[.u][0-9._+b]*)?-(?:jre|jdk)|distroless/java(\d+)-|-eclipse-temurin-(\d+)$`)

// javaRelease is the Java release of the last image naming one (the
// runtime's, or for a runtime jlink makes, the JDK it is linked from), or "".
func javaRelease(images []string) string {
	got := ""
	for _, im := range images {
		if m := javaTagRE.FindStringSubmatch(im); m != nil {
			got = m[1] + m[2] + m[3]
		}
	}
	return got
}
