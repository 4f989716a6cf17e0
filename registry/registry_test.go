package registry

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	ggcr "github.com/google/go-containerregistry/pkg/registry"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/random"
	"github.com/google/go-containerregistry/pkg/v1/remote"

	"github.com/dockerize-dev/dockerize/internal/testkit"
)

func testRegistry(t *testing.T) string {
	host, _ := testkit.Registry(t, nil)
	return host
}

func pushImage(t *testing.T, ref string) string { return testkit.PushRandom(t, ref, 256) }

// pushIndex pushes a two-platform index and returns the index's digest and
// one platform's manifest digest.
func pushIndex(t *testing.T, ref string) (index, amd64 string) {
	t.Helper()
	var adds []mutate.IndexAddendum
	var first string
	for _, arch := range []string{"amd64", "arm64"} {
		img, err := random.Image(128, 1)
		if err != nil {
			t.Fatal(err)
		}
		if first == "" {
			d, _ := img.Digest()
			first = d.String()
		}
		adds = append(adds, mutate.IndexAddendum{Add: img, Descriptor: v1.Descriptor{Platform: &v1.Platform{OS: "linux", Architecture: arch}}})
	}
	idx := mutate.AppendManifests(mutate.IndexMediaType(emptyIdx(), "application/vnd.oci.image.index.v1+json"), adds...)
	tag, err := name.NewTag(ref)
	if err != nil {
		t.Fatal(err)
	}
	if err := remote.WriteIndex(tag, idx); err != nil {
		t.Fatal(err)
	}
	d, _ := idx.Digest()
	return d.String(), first
}

func resolver() Resolver { return Resolver{Keychain: authn.NewMultiKeychain()} }

func TestDigestOfIndexNotPlatform(t *testing.T) {
	host := testRegistry(t)
	index, amd64 := pushIndex(t, host+"/library/golang:1.24-bookworm")
	got, err := resolver().Digest(context.Background(), host+"/library/golang:1.24-bookworm")
	if err != nil {
		t.Fatal(err)
	}
	if got != index || got == amd64 {
		t.Errorf("digest = %s, want the index %s (not the amd64 manifest %s)", got, index, amd64)
	}
}

func TestDigestThroughMirror(t *testing.T) {
	host := testRegistry(t)
	want := pushImage(t, host+"/library/golang:1.24-bookworm")
	pushImage(t, host+"/gcr.io/distroless/static-debian12:nonroot")
	r := resolver()
	r.Mirror = host
	got, err := r.Digest(context.Background(), "golang:1.24-bookworm")
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Errorf("digest = %s, want %s", got, want)
	}
	if _, err := r.Digest(context.Background(), "gcr.io/distroless/static-debian12:nonroot"); err != nil {
		t.Errorf("a gcr.io image through the mirror: %v", err)
	}
}

const dockerfile = `# syntax=%[1]s/docker/dockerfile:1.12
FROM --platform=$BUILDPLATFORM %[1]s/library/golang:1.24-bookworm AS build
RUN true

FROM build AS test
RUN true

FROM scratch AS empty

FROM %[1]s/gcr.io/distroless/static-debian12:nonroot
COPY --from=build /x /x
`

func TestPinAndRefresh(t *testing.T) {
	host := testRegistry(t)
	golang := pushImage(t, host+"/library/golang:1.24-bookworm")
	static := pushImage(t, host+"/gcr.io/distroless/static-debian12:nonroot")
	syntax := pushImage(t, host+"/docker/dockerfile:1.12")
	ctx := context.Background()
	src := []byte(strings.ReplaceAll(dockerfile, "%[1]s", host))

	out, changes, err := Pin(ctx, src, resolver().Digest)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"# syntax=" + host + "/docker/dockerfile:1.12@" + syntax + "\n",
		"FROM --platform=$BUILDPLATFORM " + host + "/library/golang:1.24-bookworm@" + golang + " AS build\n",
		"FROM build AS test\n",
		"FROM scratch AS empty\n",
		"FROM " + host + "/gcr.io/distroless/static-debian12:nonroot@" + static + "\n",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("pinned file lacks %q:\n%s", want, out)
		}
	}
	if len(changes) != 3 {
		t.Errorf("changes = %+v, want 3 (syntax and two images)", changes)
	}
	for _, c := range changes {
		if c.Status != Pinned {
			t.Errorf("%+v: want pinned", c)
		}
	}

	// Pinning again changes nothing.
	again, changes, err := Pin(ctx, out, resolver().Digest)
	if err != nil || string(again) != string(out) {
		t.Fatalf("second pin changed the file (err %v):\n%s", err, again)
	}
	for _, c := range changes {
		if c.Status != Current {
			t.Errorf("%+v: want current", c)
		}
	}

	// The tag moves: the digest is refreshed, the tag kept.
	moved := pushImage(t, host+"/library/golang:1.24-bookworm")
	refreshed, changes, err := Pin(ctx, out, resolver().Digest)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(refreshed), "golang:1.24-bookworm@"+moved+" AS build") || strings.Contains(string(refreshed), golang) {
		t.Errorf("digest not refreshed:\n%s", refreshed)
	}
	stale := 0
	for _, c := range changes {
		if c.Status == Refreshed {
			stale++
		}
	}
	if stale != 1 {
		t.Errorf("changes = %+v, want one refreshed", changes)
	}
}

func TestPinUnreachableRegistry(t *testing.T) {
	s := httptest.NewServer(ggcr.New())
	host := strings.TrimPrefix(s.URL, "http://")
	s.Close()
	src := []byte("FROM " + host + "/library/golang:1.24\nFROM " + host + "/x:1\n")
	out, _, err := Pin(context.Background(), src, resolver().Digest)
	if err == nil || out != nil {
		t.Fatalf("want an error and no content, got %v, %q", err, out)
	}
	if !strings.Contains(err.Error(), "check that the registry is reachable") {
		t.Errorf("error does not say what to do: %v", err)
	}
}

func TestPinUnknownTag(t *testing.T) {
	host := testRegistry(t)
	_, _, err := Pin(context.Background(), []byte("FROM "+host+"/library/golang:9.99\n"), resolver().Digest)
	if err == nil || !strings.Contains(err.Error(), "golang:9.99") {
		t.Errorf("err = %v, want the image named", err)
	}
}

func TestMirror(t *testing.T) {
	cases := []struct{ ref, mirror, want string }{
		{"golang:1.24-bookworm", "mirror.example.internal", "mirror.example.internal/library/golang:1.24-bookworm"},
		{"nginxinc/nginx-unprivileged:1.28", "mirror.example.internal", "mirror.example.internal/nginxinc/nginx-unprivileged:1.28"},
		{"docker.io/library/node:22", "mirror.example.internal/", "mirror.example.internal/library/node:22"},
		{"gcr.io/distroless/static-debian12:nonroot", "harbor.example.com:8443/proxy", "harbor.example.com:8443/proxy/gcr.io/distroless/static-debian12:nonroot"},
		{"golang:1.24@sha256:" + strings.Repeat("a", 64), "m.example", "m.example/library/golang:1.24@sha256:" + strings.Repeat("a", 64)},
		{"m.example/library/golang:1.24", "m.example", "m.example/library/golang:1.24"},
		{"$BASE", "m.example", "$BASE"},
		{"golang:1.24", "", "golang:1.24"},
		{"localhost:5000/app:1", "m.example", "m.example/localhost:5000/app:1"},
	}
	for _, c := range cases {
		got, err := Mirror(c.ref, c.mirror)
		if err != nil || got != c.want {
			t.Errorf("Mirror(%q, %q) = %q, %v; want %q", c.ref, c.mirror, got, err, c.want)
		}
	}
}

func TestValidateMirror(t *testing.T) {
	for _, ok := range []string{"mirror.example.internal", "localhost:5000", "harbor.example.com/dockerhub-proxy"} {
		if err := ValidateMirror(ok); err != nil {
			t.Errorf("ValidateMirror(%q) = %v", ok, err)
		}
	}
	for _, bad := range []string{"https://mirror.example.internal", "mirror", "mirror.example/UPPER"} {
		if err := ValidateMirror(bad); err == nil {
			t.Errorf("ValidateMirror(%q) accepted", bad)
		}
	}
}

func TestParseKeepsTag(t *testing.T) {
	d := "sha256:" + strings.Repeat("b", 64)
	r, err := Parse("golang:1.24@" + d)
	if err != nil || r.Tag != "1.24" || r.Digest != d || r.String() != "golang:1.24@"+d {
		t.Errorf("Parse = %+v, %v", r, err)
	}
}

func FuzzPin(f *testing.F) {
	f.Add("FROM golang:1.24 AS build\nFROM build\n")
	f.Add("# syntax=docker/dockerfile:1\nFROM --platform=$X a/b:c@sha256:" + strings.Repeat("0", 64) + "\n")
	f.Add("FROM \\\n  golang:1.24\n")
	fixed := func(context.Context, string) (string, error) { return "sha256:" + strings.Repeat("c", 64), nil }
	f.Fuzz(func(t *testing.T, df string) {
		out, _, err := Pin(context.Background(), []byte(df), fixed)
		if err == nil {
			// Pinning twice is stable.
			again, _, err := Pin(context.Background(), out, fixed)
			if err != nil || string(again) != string(out) {
				t.Errorf("second pin differs (err %v):\n%s\n---\n%s", err, out, again)
			}
		}
	})
}

func emptyIdx() v1.ImageIndex { return empty.Index }
