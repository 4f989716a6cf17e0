package e2e

import (
	"archive/tar"
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
)

// No public image registry is reachable here, so every base image the
// generator names is made locally under the same name, keeping the official
// image's contract (PATH, users, working directory). A recipe makes the
// stand-ins of one repository; an image the generator names without a
// recipe fails the suite, so a new default can never go untested.
//
// To add a recipe: write a func(ctx, s, ref) in a file of its own and add it
// to recipes() under the image's repository.
type recipe func(ctx context.Context, s *standins, ref string) error

func recipes() map[string]recipe {
	return map[string]recipe{
		"debian":                            debianRecipe,
		"golang":                            golangRecipe,
		"gcr.io/distroless/static-debian12": distrolessStaticRecipe,
		"gcr.io/distroless/base-debian12":   distrolessBaseRecipe,
		"gcr.io/distroless/cc-debian12":     distrolessCCRecipe,
		"node":                              nodeRecipe,
		"nginxinc/nginx-unprivileged":       nginxUnprivilegedRecipe,
		"eclipse-temurin":                   temurinRecipe,
		"maven":                             mavenRecipe,
		"python":                            pythonRecipe,
		"rust":                              rustRecipe,
		// Repositories that name the language version, as in the image table.
		"gcr.io/distroless/java{version}-debian12": distrolessJavaRecipe,
	}
}

// standins builds stand-in images on demand, each at most once.
type standins struct {
	cache string // downloads kept between runs (root filesystem, toolchains)
	mu    sync.Mutex
	made  map[string]bool
	log   func(format string, args ...any)
}

func newStandins(log func(string, ...any)) *standins {
	cache := os.Getenv("DOCKERIZE_E2E_CACHE")
	if cache == "" {
		cache = "/var/cache/dockerize-e2e"
	}
	return &standins{cache: cache, made: map[string]bool{}, log: log}
}

// repository splits "gcr.io/distroless/static-debian12:nonroot" into its
// repository and tag.
func repository(ref string) (repo, tag string) {
	i := strings.LastIndex(ref, ":")
	if i < 0 || strings.Contains(ref[i:], "/") {
		return ref, "latest"
	}
	return ref[:i], ref[i+1:]
}

// ensure makes ref unless the engine already has it.
func (s *standins) ensure(ctx context.Context, ref string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.ensureLocked(ctx, ref)
}

func (s *standins) ensureLocked(ctx context.Context, ref string) error {
	if s.made[ref] || imageExists(ctx, ref) {
		s.made[ref] = true
		return nil
	}
	repo, _ := repository(ref)
	r, ok := recipeFor(repo)
	if !ok {
		return fmt.Errorf("no stand-in recipe for %s: add one in test/e2e (see recipes())", ref)
	}
	s.log("stand-in: making %s", ref)
	if err := r(ctx, s, ref); err != nil {
		return fmt.Errorf("making stand-in %s: %w", ref, err)
	}
	s.made[ref] = true
	return nil
}

// recipeFor finds repo's recipe: by name, or by a name with {version} in
// it (gcr.io/distroless/java{version}-debian12 makes java17-debian12).
func recipeFor(repo string) (recipe, bool) {
	all := recipes()
	if r, ok := all[repo]; ok {
		return r, true
	}
	for key, r := range all {
		prefix, suffix, ok := strings.Cut(key, "{version}")
		if ok && len(repo) > len(prefix)+len(suffix) && strings.HasPrefix(repo, prefix) && strings.HasSuffix(repo, suffix) {
			return r, true
		}
	}
	return nil, false
}

// dependency makes another stand-in a recipe builds on; the caller holds mu.
func (s *standins) dependency(ctx context.Context, ref string) error { return s.ensureLocked(ctx, ref) }

// buildImage builds a stand-in from a Dockerfile with the given context dir.
func buildImage(ctx context.Context, ref, dockerfile, contextDir string) error {
	if contextDir == "" {
		dir, err := os.MkdirTemp("", "standin-ctx")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		contextDir = dir
	}
	_, err := docker(ctx, []byte(dockerfile), "build", "-q", "-t", ref, "-f", "-", contextDir)
	return err
}

// debianMirror reads the Debian mirror from the machine's apt sources.
func debianMirror() string {
	for _, f := range []string{"/etc/apt/sources.list.d/debian.sources", "/etc/apt/sources.list"} {
		data, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		sc := bufio.NewScanner(bytes.NewReader(data))
		for sc.Scan() {
			fields := strings.Fields(sc.Text())
			switch {
			case len(fields) >= 2 && fields[0] == "URIs:" && !strings.Contains(fields[1], "security"):
				return fields[1]
			case len(fields) >= 3 && fields[0] == "deb" && !strings.Contains(fields[1], "security"):
				return fields[1]
			}
		}
	}
	return "http://deb.debian.org/debian"
}

// hostCAs are the host's trusted certificates: this network re-signs TLS with
// a local CA, which the stand-ins must trust as the host does.
func hostCAs() ([]byte, map[string][]byte, error) {
	bundle, err := os.ReadFile("/etc/ssl/certs/ca-certificates.crt")
	if err != nil {
		return nil, nil, err
	}
	local := map[string][]byte{}
	files, _ := filepath.Glob("/usr/local/share/ca-certificates/*.crt")
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, nil, err
		}
		local[filepath.Base(f)] = data
	}
	return bundle, local, nil
}

// debian12PointRE is an exact Debian 12 tag (12.15-slim).
var debian12PointRE = regexp.MustCompile(`^12\.[0-9]+-slim$`)

// debianRecipe makes debian:bookworm-slim from a minbase debootstrap, with
// the host's CA certificates.
func debianRecipe(ctx context.Context, s *standins, ref string) error {
	_, tag := repository(ref)
	if debian12PointRE.MatchString(tag) {
		// debian:12.15-slim is bookworm-slim at a point release: the
		// same stand-in, by the exact tag the generated files name.
		if err := s.dependency(ctx, "debian:bookworm-slim"); err != nil {
			return err
		}
		_, err := docker(ctx, nil, "tag", "debian:bookworm-slim", ref)
		return err
	}
	if tag != "bookworm-slim" && tag != "bookworm" {
		return fmt.Errorf("only bookworm is made here, not %s", tag)
	}
	rootfs := filepath.Join(s.cache, "debian-bookworm-rootfs")
	if _, err := os.Stat(filepath.Join(rootfs, "etc", "debian_version")); err != nil {
		os.RemoveAll(rootfs)
		if err := os.MkdirAll(s.cache, 0o755); err != nil {
			return err
		}
		s.log("stand-in: debootstrap bookworm (about half a minute)")
		if out, err := run(ctx, "", "debootstrap", "--variant=minbase", "bookworm", rootfs, debianMirror()); err != nil {
			return fmt.Errorf("%w\n%s", err, tail(out, 20))
		}
	}
	bundle, local, err := hostCAs()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Join(rootfs, "etc/ssl/certs"), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(rootfs, "etc/ssl/certs/ca-certificates.crt"), bundle, 0o644); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Join(rootfs, "usr/local/share/ca-certificates"), 0o755); err != nil {
		return err
	}
	for name, data := range local {
		if err := os.WriteFile(filepath.Join(rootfs, "usr/local/share/ca-certificates", name), data, 0o644); err != nil {
			return err
		}
	}
	os.RemoveAll(filepath.Join(rootfs, "var/lib/apt/lists"))
	os.MkdirAll(filepath.Join(rootfs, "var/lib/apt/lists/partial"), 0o755)
	tarCmd := exec.CommandContext(ctx, "tar", "-C", rootfs, "--numeric-owner", "-c", ".")
	data, err := tarCmd.Output()
	if err != nil {
		return fmt.Errorf("packing the root filesystem: %w", err)
	}
	_, err = docker(ctx, data, "import", "-c", `CMD ["bash"]`, "-", ref)
	return err
}

// distrolessStaticRecipe makes the static distroless image: no shell, no
// libc; passwd and group with root, nobody and nonroot (65532), CA
// certificates, /tmp, and USER 65532 for the :nonroot tag.
func distrolessStaticRecipe(ctx context.Context, s *standins, ref string) error {
	_, tag := repository(ref)
	if tag != "nonroot" {
		return fmt.Errorf("only the nonroot tag is made here, not %s", tag)
	}
	bundle, _, err := hostCAs()
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	dir := func(name string, mode int64, uid int) {
		tw.WriteHeader(&tar.Header{Typeflag: tar.TypeDir, Name: name, Mode: mode, Uid: uid, Gid: uid})
	}
	file := func(name string, data []byte) {
		tw.WriteHeader(&tar.Header{Typeflag: tar.TypeReg, Name: name, Mode: 0o644, Size: int64(len(data))})
		tw.Write(data)
	}
	for _, d := range []string{"etc/", "etc/ssl/", "etc/ssl/certs/", "home/", "root/", "usr/", "usr/local/", "usr/local/bin/", "var/"} {
		dir(d, 0o755, 0)
	}
	dir("tmp/", 0o1777, 0)
	dir("home/nonroot/", 0o700, 65532)
	file("etc/passwd", []byte("root:x:0:0:root:/root:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n"))
	file("etc/group", []byte("root:x:0:\nnobody:x:65534:\nnonroot:x:65532:\n"))
	file("etc/nsswitch.conf", []byte("hosts: files dns\n"))
	file("etc/ssl/certs/ca-certificates.crt", bundle)
	if err := tw.Close(); err != nil {
		return err
	}
	_, err = docker(ctx, buf.Bytes(), "import",
		"-c", "USER 65532", "-c", "WORKDIR /home/nonroot",
		"-c", "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
		"-c", "ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt",
		"-", ref)
	return err
}

// distrolessBaseRecipe makes the glibc distroless image: the static one plus
// Debian 12's libc6 files, which is what cgo binaries built on bookworm need.
func distrolessBaseRecipe(ctx context.Context, s *standins, ref string) error {
	static := "gcr.io/distroless/static-debian12:nonroot"
	if err := s.dependency(ctx, static); err != nil {
		return err
	}
	if err := s.dependency(ctx, "debian:bookworm-slim"); err != nil {
		return err
	}
	return buildImage(ctx, ref, fmt.Sprintf(`FROM debian:bookworm-slim AS libs
RUN mkdir /out && dpkg -L libc6 | while read -r f; do if [ ! -d "$f" ]; then echo "${f#/}"; fi; done \
    | tar -C / -cf - -T - | tar -C /out -xf -
FROM %s
COPY --from=libs /out/ /
`, static), "")
}

// knownRepositories lists the repositories that have recipes, sorted.
func knownRepositories() []string {
	var repos []string
	for r := range recipes() {
		repos = append(repos, r)
	}
	sort.Strings(repos)
	return repos
}

// debootstrapImage makes a minbase Debian root filesystem of suite, with the
// host's CA certificates, as the image ref. It is debianRecipe for any
// suite the machine's debootstrap and Debian mirror know (bookworm,
// trixie).
func debootstrapImage(ctx context.Context, s *standins, suite, ref string) error {
	if imageExists(ctx, ref) {
		return nil
	}
	rootfs := filepath.Join(s.cache, "debian-"+suite+"-rootfs")
	if _, err := os.Stat(filepath.Join(rootfs, "etc", "debian_version")); err != nil {
		os.RemoveAll(rootfs)
		if err := os.MkdirAll(s.cache, 0o755); err != nil {
			return err
		}
		s.log("stand-in: debootstrap %s (about half a minute)", suite)
		if out, err := run(ctx, "", "debootstrap", "--variant=minbase", suite, rootfs, debianMirror()); err != nil {
			os.RemoveAll(rootfs)
			return fmt.Errorf("%w\n%s", err, tail(out, 20))
		}
	}
	bundle, local, err := hostCAs()
	if err != nil {
		return err
	}
	files := map[string][]byte{"etc/ssl/certs/ca-certificates.crt": bundle}
	for name, data := range local {
		files["usr/local/share/ca-certificates/"+name] = data
	}
	for name, data := range files {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(rootfs, name)), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(rootfs, name), data, 0o644); err != nil {
			return err
		}
	}
	os.RemoveAll(filepath.Join(rootfs, "var/lib/apt/lists"))
	if err := os.MkdirAll(filepath.Join(rootfs, "var/lib/apt/lists/partial"), 0o755); err != nil {
		return err
	}
	data, err := exec.CommandContext(ctx, "tar", "-C", rootfs, "--numeric-owner", "-c", ".").Output()
	if err != nil {
		return fmt.Errorf("packing the %s root filesystem: %w", suite, err)
	}
	_, err = docker(ctx, data, "import", "-c", `CMD ["bash"]`, "-", ref)
	return err
}
