package lint

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"

	"github.com/dockerize-dev/dockerize/release"
)

// ImageRef is a FROM line's image reference, split into its parts.
type ImageRef struct {
	// Repository with its registry host, as written: gcr.io/distroless/static-debian12.
	Repository string `json:"repository"`
	Tag        string `json:"tag,omitempty"`
	Digest     string `json:"digest,omitempty"`
}

// ParseImageRef splits name[:tag][@digest]; a registry port (host:5000/x)
// is not a tag.
func ParseImageRef(ref string) ImageRef {
	var r ImageRef
	if at := strings.Index(ref, "@"); at >= 0 {
		ref, r.Digest = ref[:at], ref[at+1:]
	}
	slash := strings.LastIndex(ref, "/")
	if colon := strings.LastIndex(ref, ":"); colon > slash {
		ref, r.Tag = ref[:colon], ref[colon+1:]
	}
	r.Repository = ref
	return r
}

func (r ImageRef) String() string {
	s := r.Repository
	if r.Tag != "" {
		s += ":" + r.Tag
	}
	if r.Digest != "" {
		s += "@" + r.Digest
	}
	return s
}

// Version returns the release the tag names, without its variant:
// "22.12.0" for 22.12.0-bookworm-slim, "21" for 21-jre, "lts" for
// lts-alpine, "" for alpine.
func (r ImageRef) Version() string {
	v, _ := splitTag(r.Repository, r.Tag)
	return v
}

// tagVersion matches the leading release of a tag: numbers joined by dots
// and Temurin's _build (21.0.12.1_1).
var tagVersion = regexp.MustCompile(`^v?([0-9]+(?:[._][0-9]+)*)(.*)$`)

// splitTag splits a tag into the release it names and its variant suffix.
// A leading word that the table knows as a line (lts, trixie for debian) is
// the release; any other word is a variant of the newest release
// (golang:trixie is the newest Go on trixie).
func splitTag(repository, tag string) (version, variant string) {
	if m := tagVersion.FindStringSubmatch(tag); m != nil {
		return m[1], m[2]
	}
	word, rest, _ := strings.Cut(tag, "-")
	if rest != "" {
		rest = "-" + rest
	}
	if im, ok := release.Lookup(repository); ok {
		if _, ok := im.Aliases[word]; ok {
			return word, rest
		}
	}
	return "", "-" + tag
}

// dateStamp is a build date or timestamp in a tag (bookworm-20241111-slim,
// ubuntu-1745885067): such tags name one build and are never moved.
var dateStamp = regexp.MustCompile(`(^|[-_.])[0-9]{8,}([-_.]|$)`)

// releaseSuffix is a vendor build after the version, as in UBI's
// 1.21-1.1752065749: the tag names one build.
var releaseSuffix = regexp.MustCompile(`^-[0-9]+(\.[0-9]+)+($|-)`)

// floating describes why a tag moves, or "" when it names one release. It
// does not judge latest and missing tags (DZ003), nor images that publish no
// version tags (distroless): no better tag exists for them, and digests are
// dockerize's opt-in (init --pin, dockerize pin), so Pinning reports them
// as moving but lint does not.
func floating(r ImageRef) string {
	if r.Digest != "" || dateStamp.MatchString(r.Tag) {
		return ""
	}
	version, variant := splitTag(r.Repository, r.Tag)
	nums := release.Parse(version)
	scheme := release.SemVer
	im, known := release.Lookup(r.Repository)
	if known {
		scheme = im.Scheme
	}
	switch {
	case len(nums) == 0 && version != "":
		return fmt.Sprintf("%s is a moving line, not a release", version)
	case len(nums) == 0:
		return "the tag names no version"
	case !known && releaseSuffix.MatchString(variant):
		return ""
	case !known && len(nums) >= 2 && nums[0] >= 2000:
		return "" // calendar versions (2026.11) name one monthly release
	case scheme == release.Point && len(nums) >= 2:
		return ""
	case scheme == release.Update && len(nums) >= 3 && strings.Contains(version, "_"):
		return ""
	case scheme == release.Update:
		return fmt.Sprintf("%s names no update and build", version)
	case len(nums) >= 3:
		return ""
	case len(nums) == 1:
		return fmt.Sprintf("%s names only a major version", version)
	}
	return fmt.Sprintf("%s names no patch release", version)
}

// suggestTag returns the tag to use instead of a floating one: the newest
// release dockerize knows on the same line, with the same variant.
func suggestTag(r ImageRef) (string, bool) {
	im, ok := release.Lookup(r.Repository)
	if !ok || len(im.Newest) == 0 {
		return "", false
	}
	version, variant := splitTag(r.Repository, r.Tag)
	newest := im.Newest[0]
	if version != "" {
		n, ok := im.NewestIn(version)
		if !ok {
			return "", false
		}
		newest = n
	}
	return ImageRef{Repository: r.Repository, Tag: newest + variant}.String(), true
}

// exactForm is what an exact tag looks like, for images the table does not
// know or lines it has no release for.
func exactForm(r ImageRef) string {
	version, variant := splitTag(r.Repository, r.Tag)
	nums := release.Parse(version)
	form := "X.Y.Z"
	switch len(nums) {
	case 1:
		form = fmt.Sprintf("%d.Y.Z", nums[0])
	case 2:
		form = fmt.Sprintf("%d.%d.Z", nums[0], nums[1])
	}
	if im, ok := release.Lookup(r.Repository); ok && im.Scheme == release.Update {
		form = strings.TrimSuffix(form, ".Z") + ".U_BUILD"
		if len(nums) == 1 {
			form = fmt.Sprintf("%d.0.U_BUILD", nums[0])
		}
	}
	return ImageRef{Repository: r.Repository, Tag: form + variant}.String()
}

// externalBases returns the stages whose FROM names an image (not an earlier
// stage, scratch, or a build argument), with the image reference.
func externalBases(df *Dockerfile) ([]*instructions.Stage, []ImageRef) {
	names := stageNames(df)
	var stages []*instructions.Stage
	var refs []ImageRef
	for i := range df.Stages {
		s := &df.Stages[i]
		base := s.BaseName
		if names[strings.ToLower(base)] || base == "scratch" || strings.Contains(base, "$") {
			continue
		}
		stages = append(stages, s)
		refs = append(refs, ParseImageRef(base))
	}
	return stages, refs
}

func checkExactTag(df *Dockerfile) []Finding {
	var out []Finding
	stages, refs := externalBases(df)
	for i, r := range refs {
		if r.Tag == "" || r.Tag == "latest" || untagged(r) {
			continue
		}
		why := floating(r)
		if why == "" {
			continue
		}
		var msg string
		if s, ok := suggestTag(r); ok {
			msg = fmt.Sprintf("FROM %s floats: %s; use %s (the newest dockerize knows on %s) or pin a digest with dockerize pin", r, why, s, release.AsOf)
		} else {
			msg = fmt.Sprintf("FROM %s floats: %s; name one exact release the image publishes, such as %s, or pin a digest with dockerize pin", r, why, exactForm(r))
		}
		out = append(out, Finding{Line: stageLine(stages[i]), Message: msg})
	}
	return out
}

// Pinning says how firmly a reference fixes its image: "digest", "exact"
// (a tag naming one release), "floating" (latest, no tag, a line such as
// 22 or lts, or distroless's nonroot, which moves with every rebuild), or
// "invalid" when it is not an image reference at all.
func Pinning(r ImageRef) string {
	if _, err := name.ParseReference(r.String()); err != nil {
		return "invalid"
	}
	switch {
	case r.Digest != "":
		return "digest"
	case r.Tag == "" || r.Tag == "latest" || untagged(r) || floating(r) != "":
		return "floating"
	}
	return "exact"
}

// untagged reports an image whose publisher gives no version tags, so only a
// digest pins it.
func untagged(r ImageRef) bool {
	im, ok := release.Lookup(r.Repository)
	return ok && im.Scheme == release.Untagged
}

// distrolessNonroot matches the distroless tags whose default user is
// nonroot (65532): nonroot and debug-nonroot, also per architecture.
var distrolessNonroot = regexp.MustCompile(`^(debug-)?nonroot(-(amd64|arm64|arm|s390x|ppc64le|riscv64))?$`)

// runsAsNonroot reports a base image whose own default user is not root, so
// a final stage without USER is still not root.
func runsAsNonroot(r ImageRef) bool {
	return release.Name(r.Repository) == "distroless" && distrolessNonroot.MatchString(r.Tag)
}

// finalBase follows FROM <stage> back to the image the final stage is built
// on; ok is false for scratch, a build argument or an empty file.
func finalBase(df *Dockerfile) (ImageRef, bool) {
	s := finalStage(df)
	seen := map[string]bool{}
	for s != nil {
		base := strings.ToLower(s.BaseName)
		if seen[base] {
			return ImageRef{}, false
		}
		seen[base] = true
		var next *instructions.Stage
		for i := range df.Stages {
			if strings.ToLower(df.Stages[i].Name) == base && &df.Stages[i] != s {
				next = &df.Stages[i]
			}
		}
		if next == nil {
			if base == "scratch" || strings.Contains(base, "$") {
				return ImageRef{}, false
			}
			return ParseImageRef(s.BaseName), true
		}
		s = next
	}
	return ImageRef{}, false
}

// FinalBase returns the image the final stage is built on, following FROM
// <stage> back to an image. ok is false when it cannot be named: scratch, a
// build argument (the raw FROM is then in Repository), or an empty file.
func (df *Dockerfile) FinalBase() (ImageRef, bool) {
	if r, ok := finalBase(df); ok {
		return r, true
	}
	if s := finalStage(df); s != nil {
		return ImageRef{Repository: s.BaseName}, false
	}
	return ImageRef{}, false
}
