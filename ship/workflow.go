package ship

import (
	"fmt"
	"regexp"
	"strings"
)

// CI is a CI system dockerize writes a workflow for.
type CI string

// The CI systems dockerize writes for.
const (
	GitHub CI = "github"
	GitLab CI = "gitlab"
)

// CIs lists the supported CI systems, for flag help and errors.
func CIs() []string { return []string{string(GitHub), string(GitLab)} }

// WorkflowOptions are the choices a CI workflow leaves to the user.
type WorkflowOptions struct {
	// Registry is where the images go (host and namespace). Empty: the CI's
	// own registry (GitHub's ghcr.io/OWNER/REPO, GitLab's project registry),
	// with the credentials the CI gives every job.
	Registry string
	// Branch is the branch whose pushes publish images; "main" when empty.
	Branch string
}

var branchRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._/-]{0,99}$`)

// WorkflowPath is where a CI system reads its workflow.
func WorkflowPath(ci CI) (string, error) {
	switch ci {
	case GitHub:
		return ".github/workflows/images.yaml", nil
	case GitLab:
		return ".gitlab-ci.yml", nil
	}
	return "", fmt.Errorf("unknown CI %q; choose one of %s", ci, strings.Join(CIs(), ", "))
}

// Workflow renders the CI workflow that builds every service of the bake
// file and pushes it, tagged from git (branch, semver tag without its v,
// sha-<short sha>), with a registry build cache per service. Credentials
// come only from the CI's secret store or its own job token.
func Workflow(ci CI, services []Service, opt WorkflowOptions) ([]byte, error) {
	if err := Validate(services); err != nil {
		return nil, err
	}
	if err := checkRegistry(opt.Registry); err != nil {
		return nil, err
	}
	if opt.Branch == "" {
		opt.Branch = "main"
	}
	if !branchRE.MatchString(opt.Branch) || strings.Contains(opt.Branch, "..") {
		return nil, fmt.Errorf("branch %q is not a plain git branch name", opt.Branch)
	}
	switch ci {
	case GitHub:
		return github(services, opt)
	case GitLab:
		return gitlab(services, opt)
	}
	return nil, fmt.Errorf("unknown CI %q; choose one of %s", ci, strings.Join(CIs(), ", "))
}

// tagScript derives the image tags from git: sha-<7>, plus the branch name
// (made a valid tag) on a branch, plus the version on a v<semver> tag. It
// reads REF_NAME, REF_KIND (branch|tag) and SHA, and is POSIX sh, so the
// same lines run in GitHub's bash and in the docker image's ash.
const tagScript = `tags="sha-$(printf %s "$SHA" | cut -c1-7)"
case "$REF_KIND" in
branch)
  tags="$(printf %s "$REF_NAME" | tr -c -- '-A-Za-z0-9_.' '-' | cut -c1-100),$tags"
  ;;
tag)
  case "$REF_NAME" in
  v[0-9]*.[0-9]*.[0-9]*) tags="${REF_NAME#v},$tags" ;;
  esac
  ;;
esac
`

// bakeScript runs the bake file with a registry cache per service: read
// always, written only when pushing.
func bakeScript(services []Service) string {
	var b strings.Builder
	b.WriteString("set --\n")
	for _, s := range services {
		fmt.Fprintf(&b, "set -- \"$@\" --set \"%s.cache-from=type=registry,ref=$REGISTRY/%s:buildcache\"\n", s.Name, s.Name)
	}
	b.WriteString("if [ \"$PUSH\" = true ]; then\n  set -- \"$@\" --push\n")
	for _, s := range services {
		fmt.Fprintf(&b, "  set -- \"$@\" --set \"%s.cache-to=type=registry,ref=$REGISTRY/%s:buildcache,mode=max\"\n", s.Name, s.Name)
	}
	b.WriteString("fi\ndocker buildx bake --file " + BakeFile + " \"$@\"\n")
	return b.String()
}

func github(services []Service, opt WorkflowOptions) ([]byte, error) {
	registry, host := "ghcr.io/${GITHUB_REPOSITORY,,}", "ghcr.io"
	user, pass := "${{ github.actor }}", "${{ secrets.GITHUB_TOKEN }}"
	if opt.Registry != "" {
		registry, host = opt.Registry, strings.SplitN(opt.Registry, "/", 2)[0]
		user, pass = "${{ secrets.REGISTRY_USERNAME }}", "${{ secrets.REGISTRY_PASSWORD }}"
	}
	push := "${{ github.event_name != 'pull_request' }}"
	steps := seq(
		mapping("uses", str("actions/checkout@v5")),
		mapping("uses", str("docker/setup-buildx-action@v3")),
		mapping(
			"name", str("Tags from git"),
			"id", str("tags"),
			"env", mapping("REF_NAME", str("${{ github.ref_name }}"), "REF_KIND", str("${{ github.ref_type }}"), "SHA", str("${{ github.sha }}")),
			"run", literal(tagScript+"echo \"tags=$tags\" >>\"$GITHUB_OUTPUT\"\necho \"registry="+registry+"\" >>\"$GITHUB_OUTPUT\"\n"),
		),
		mapping(
			"name", str("Log in to "+host),
			"if", str("github.event_name != 'pull_request'"),
			"uses", str("docker/login-action@v3"),
			"with", mapping("registry", str(host), "username", str(user), "password", str(pass)),
		),
		mapping(
			"name", str("Build every service (push except for pull requests)"),
			"env", mapping("REGISTRY", str("${{ steps.tags.outputs.registry }}"), "TAG", str("${{ steps.tags.outputs.tags }}"), "PUSH", str(push)),
			"run", literal(bakeScript(services)),
		),
	)
	root := mapping(
		"name", str("images"),
		"on", mapping(
			"push", mapping("branches", flow(strs(opt.Branch)), "tags", flow(strs("v*"))),
			"pull_request", mapping(),
		),
		"permissions", mapping("contents", str("read"), "packages", str("write")),
		"concurrency", mapping("group", str("images-${{ github.ref }}"), "cancel-in-progress", boolean(true)),
		"jobs", mapping("images", mapping(
			"runs-on", str("ubuntu-24.04"),
			"timeout-minutes", num(60),
			"steps", steps,
		)),
	)
	return encode("Builds every service with docker buildx bake and pushes the images,\ntagged with the branch, the version of a v* tag, and sha-<short sha>.\nWritten by dockerize init --all --ci github.", root)
}

func gitlab(services []Service, opt WorkflowOptions) ([]byte, error) {
	registry := "$CI_REGISTRY_IMAGE"
	login := `echo "$CI_REGISTRY_PASSWORD" | docker login --username "$CI_REGISTRY_USER" --password-stdin "$CI_REGISTRY"`
	if opt.Registry != "" {
		registry = opt.Registry
		login = `echo "$REGISTRY_PASSWORD" | docker login --username "$REGISTRY_USERNAME" --password-stdin "` + strings.SplitN(opt.Registry, "/", 2)[0] + `"`
	}
	script := "REF_NAME=\"${CI_COMMIT_TAG:-$CI_COMMIT_REF_NAME}\"\nREF_KIND=branch\nif [ -n \"$CI_COMMIT_TAG\" ]; then REF_KIND=tag; fi\nSHA=\"$CI_COMMIT_SHA\"\n" +
		tagScript + "export TAG=\"$tags\" REGISTRY=\"" + registry + "\"\n" +
		"PUSH=false\nif [ \"$CI_PIPELINE_SOURCE\" != merge_request_event ]; then\n  PUSH=true\n  " + login + "\nfi\n" +
		bakeScript(services)
	job := mapping(
		"image", str("docker:28.5.2-cli"),
		"services", seq(mapping("name", str("docker:28.5.2-dind"), "alias", str("docker"))),
		"variables", mapping("DOCKER_HOST", str("tcp://docker:2376"), "DOCKER_TLS_CERTDIR", str("/certs"), "DOCKER_TLS_VERIFY", str("1"), "DOCKER_CERT_PATH", str("/certs/client")),
		"rules", seq(
			mapping("if", str("$CI_PIPELINE_SOURCE == \"merge_request_event\"")),
			mapping("if", str("$CI_COMMIT_BRANCH == \""+opt.Branch+"\"")),
			mapping("if", str("$CI_COMMIT_TAG =~ /^v[0-9]/")),
		),
		"before_script", strs("docker buildx create --use --driver docker-container"),
		"script", seq(literal(script)),
	)
	root := mapping("images", job)
	return encode("Builds every service with docker buildx bake and pushes the images,\ntagged with the branch, the version of a v* tag, and sha-<short sha>.\nWritten by dockerize init --all --ci gitlab.", root)
}
