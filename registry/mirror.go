// Package registry talks to container registries: it rewrites image
// references to pull through a team's mirror, and resolves tags to the
// digests that pin them. Only pinning touches the network.
package registry

import (
	"fmt"
	"strings"

	"github.com/google/go-containerregistry/pkg/name"
)

// dockerHub is the registry go-containerregistry assigns to references that
// name none.
const dockerHub = name.DefaultRegistry

// Ref is an image reference split into the parts dockerize rewrites.
type Ref struct {
	// Repository is fully qualified: registry host and path, with Docker
	// Hub's implicit library/ made explicit (index.docker.io/library/golang).
	Repository name.Repository
	Tag        string
	Digest     string // sha256:..., or ""
}

// Parse splits an image reference such as golang:1.24,
// gcr.io/distroless/static-debian12:nonroot or name:tag@sha256:...
// Unlike name.ParseReference it keeps the tag of a tag@digest reference,
// which pinning must preserve so people and Renovate can read it.
func Parse(ref string) (Ref, error) {
	var r Ref
	base := ref
	if at := strings.LastIndex(ref, "@"); at >= 0 {
		base, r.Digest = ref[:at], ref[at+1:]
		if _, err := name.NewDigest("x@" + r.Digest); err != nil {
			return Ref{}, fmt.Errorf("image %q: the digest is malformed: %w", ref, err)
		}
	}
	// A colon after the last slash starts the tag; one before it is a port.
	if c := strings.LastIndex(base, ":"); c > strings.LastIndex(base, "/") {
		base, r.Tag = base[:c], base[c+1:]
		if r.Tag == "" {
			return Ref{}, fmt.Errorf("image %q has an empty tag after the colon", ref)
		}
	}
	repo, err := name.NewRepository(base)
	if err != nil {
		return Ref{}, fmt.Errorf("image %q is not a valid reference: %w", ref, err)
	}
	if r.Tag != "" {
		if _, err := name.NewTag(base + ":" + r.Tag); err != nil {
			return Ref{}, fmt.Errorf("image %q: %w", ref, err)
		}
	}
	r.Repository = repo
	return r, nil
}

// String writes the reference back: repository[:tag][@digest]. Docker Hub
// references keep their short form (golang, not index.docker.io/library/golang).
func (r Ref) String() string {
	s := r.Repository.Name()
	if r.Repository.RegistryStr() == dockerHub {
		s = strings.TrimPrefix(r.Repository.RepositoryStr(), "library/")
	}
	if r.Tag != "" {
		s += ":" + r.Tag
	}
	if r.Digest != "" {
		s += "@" + r.Digest
	}
	return s
}

// TagRef is the reference a registry resolves for the tag (the digest left
// out), fully qualified.
func (r Ref) TagRef() string {
	tag := r.Tag
	if tag == "" {
		tag = "latest"
	}
	return r.Repository.Name() + ":" + tag
}

// ValidateMirror checks a registry-mirror setting: a registry host with an
// optional port and path, e.g. mirror.example.internal or
// harbor.example.com:8443/dockerhub-proxy.
func ValidateMirror(mirror string) error {
	if strings.Contains(mirror, "://") {
		return fmt.Errorf("registry-mirror %q should be a registry host and optional path, without a scheme (e.g. mirror.example.internal)", mirror)
	}
	host, _, _ := strings.Cut(mirror, "/")
	if !strings.ContainsAny(host, ".:") && host != "localhost" {
		return fmt.Errorf("registry-mirror %q does not start with a registry host (a name with a dot or a port, e.g. mirror.example.internal)", mirror)
	}
	if _, err := name.NewRepository(strings.TrimSuffix(mirror, "/")+"/x", name.StrictValidation); err != nil {
		return fmt.Errorf("registry-mirror %q is not a registry host and path: %w", mirror, err)
	}
	return nil
}

// Mirror rewrites ref to pull through mirror. Docker Hub images keep their
// path with library/ made explicit (golang:1.24 becomes
// MIRROR/library/golang:1.24), the convention of pull-through caches such as
// Harbor's and Artifactory's Docker Hub proxies; images from other registries
// get the registry host as the first path element
// (MIRROR/gcr.io/distroless/static-debian12:nonroot). References that
// already point at the mirror, or use build arguments, are left alone.
func Mirror(ref, mirror string) (string, error) {
	mirror = strings.TrimSuffix(mirror, "/")
	if mirror == "" || strings.Contains(ref, "$") || strings.HasPrefix(ref, mirror+"/") {
		return ref, nil
	}
	r, err := Parse(ref)
	if err != nil {
		return "", err
	}
	path := r.Repository.RepositoryStr()
	if reg := r.Repository.RegistryStr(); reg != dockerHub {
		path = reg + "/" + path
	}
	out := mirror + "/" + path
	if r.Tag != "" {
		out += ":" + r.Tag
	}
	if r.Digest != "" {
		out += "@" + r.Digest
	}
	return out, nil
}
