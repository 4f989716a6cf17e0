package plan

import (
	"fmt"
	"strings"

	"github.com/dockerize-dev/dockerize/release"
)

// Image is one row of the base-image table: the single place that names the
// images dockerize builds on and the versions it falls back to. Each stack
// declares its rows (GoImages, NodeImages, MavenImages); stacks.Images is
// the whole table.
type Image struct {
	// Key is stack.role[.flavor], e.g. "go.build" or "go.runtime.static".
	Key        string
	Repository string
	// Tag is the tag, with {version} standing for the language version (which
	// may stand in Repository too) and {release} for the newest release of
	// that version's line in the dated release table (eclipse-temurin 21 ->
	// 21.0.12.1_1), so the tag names one release; a line the table does not
	// know is written as the version.
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
	tag := strings.ReplaceAll(im.Tag, "{version}", version)
	if strings.Contains(tag, "{release}") {
		tag = strings.ReplaceAll(tag, "{release}", NewestRelease(im.Repository, version))
	}
	return strings.ReplaceAll(im.Repository, "{version}", version) + ":" + tag
}

// NewestRelease returns the newest release of a line in the dated release
// table (node 22 -> 22.23.3, nginx 1.28 -> 1.28.3), or the line itself when
// the table does not know it. A version that already names a release (three
// numbers) is returned as it is.
func NewestRelease(repository, line string) string {
	im, ok := release.Lookup(repository)
	if !ok || len(release.Parse(line)) >= 3 {
		return line
	}
	for _, v := range im.Newest {
		if strings.HasPrefix(v, line+".") {
			return v
		}
	}
	return line
}

// LookupImage returns the row of table with the given key.
func LookupImage(table []Image, key string) (Image, error) {
	for _, im := range table {
		if im.Key == key {
			return im, nil
		}
	}
	return Image{}, fmt.Errorf("no base image %q in the image table", key)
}

// image returns the row of the plan's table with the given key.
func (pl *Plan) image(key string) (Image, error) { return LookupImage(pl.images, key) }
