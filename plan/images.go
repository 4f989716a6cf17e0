package plan

import (
	"fmt"
	"strings"
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
