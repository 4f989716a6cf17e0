package registry

import (
	"context"
	"fmt"
	"net/http"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/remote"
)

// Resolver finds the digest a tag points to.
type Resolver struct {
	// Mirror, when set, is asked instead of each image's own registry.
	Mirror string
	// Keychain supplies credentials; nil means the user's Docker
	// credentials (~/.docker/config.json and its helpers).
	Keychain authn.Keychain
	// Transport is for tests; nil means the default.
	Transport http.RoundTripper
}

// Digest returns the digest ref's tag points to (sha256:...). For a
// multi-platform image it is the index's digest, not one platform's
// manifest, so a pinned FROM still builds for every platform.
func (r Resolver) Digest(ctx context.Context, ref string) (string, error) {
	parsed, err := Parse(ref)
	if err != nil {
		return "", err
	}
	query := parsed.TagRef()
	where := ""
	if r.Mirror != "" {
		m, err := Mirror(parsed.String(), r.Mirror)
		if err != nil {
			return "", err
		}
		mp, _ := Parse(m)
		query, where = mp.TagRef(), " through the mirror "+r.Mirror
	}
	tag, err := name.NewTag(query)
	if err != nil {
		return "", fmt.Errorf("image %s: %w", ref, err)
	}
	kc := r.Keychain
	if kc == nil {
		kc = authn.DefaultKeychain
	}
	opts := []remote.Option{remote.WithContext(ctx), remote.WithAuthFromKeychain(kc)}
	if r.Transport != nil {
		opts = append(opts, remote.WithTransport(r.Transport))
	}
	// HEAD costs no pull quota on Docker Hub; some registries answer it
	// without the digest header, so fall back to GET.
	desc, err := remote.Head(tag, opts...)
	if err != nil {
		full, gerr := remote.Get(tag, opts...)
		if gerr != nil {
			return "", fmt.Errorf("resolving %s%s: %w; check that the registry is reachable and that you are logged in to it (docker login)", ref, where, gerr)
		}
		return full.Digest.String(), nil
	}
	return desc.Digest.String(), nil
}
