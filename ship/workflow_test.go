package ship

import (
	"io"
	"os/exec"
	"strings"
	"testing"

	"github.com/rhysd/actionlint"
	"go.yaml.in/yaml/v3"
)

// actionlintFindings runs actionlint's own linter (its expression, action
// input and injection checks; shellcheck too when it is installed).
func actionlintFindings(t *testing.T, data []byte) []string {
	t.Helper()
	l, err := actionlint.NewLinter(io.Discard, &actionlint.LinterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	errs, err := l.Lint(".github/workflows/images.yaml", data, nil)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range errs {
		out = append(out, e.Error())
	}
	return out
}

func TestGitHubWorkflowPassesActionlint(t *testing.T) {
	for _, tc := range []struct {
		name string
		opt  WorkflowOptions
	}{
		{"github", WorkflowOptions{}},
		{"github-registry", WorkflowOptions{Registry: "registry.example.com/shop", Branch: "trunk"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := twice(t, func() ([]byte, error) { return Workflow(GitHub, repo(), tc.opt) })
			golden(t, tc.name+".yaml", data)
			if f := actionlintFindings(t, data); len(f) > 0 {
				t.Errorf("actionlint:\n%s\n%s", strings.Join(f, "\n"), data)
			}
			s := string(data)
			for _, svc := range repo() {
				if !strings.Contains(s, svc.Name+".cache-from=type=registry,ref=$REGISTRY/"+svc.Name+":buildcache") {
					t.Errorf("no registry cache for %s", svc.Name)
				}
			}
			if tc.opt.Registry != "" && !strings.Contains(s, "secrets.REGISTRY_PASSWORD") {
				t.Error("a custom registry's password does not come from the secret store")
			}
		})
	}
}

// TestActionlintFindsProblems proves the referee is awake: a workflow that
// pastes an untrusted expression into a script fails it.
func TestActionlintFindsProblems(t *testing.T) {
	bad := []byte("on: push\njobs:\n  x:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo ${{ github.event.head_commit.message }}\n      - uses: docker/login-action@v3\n        with:\n          pasword: x\n")
	if f := actionlintFindings(t, bad); len(f) < 2 {
		t.Errorf("actionlint found %v in a workflow with a script injection and a misspelt input", f)
	}
}

func TestGitLabWorkflow(t *testing.T) {
	data := twice(t, func() ([]byte, error) { return Workflow(GitLab, repo(), WorkflowOptions{}) })
	golden(t, "gitlab.yaml", data)
	var doc struct {
		Images struct {
			Image    string
			Script   []string
			Services []map[string]string
			Rules    []map[string]string
		}
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Images.Script) != 1 || !strings.Contains(doc.Images.Script[0], "docker buildx bake") {
		t.Fatalf("script %q", doc.Images.Script)
	}
	// The script is valid sh (the docker image's shell is ash).
	cmd := exec.Command("sh", "-n")
	cmd.Stdin = strings.NewReader(doc.Images.Script[0])
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("sh -n: %v\n%s", err, out)
	}
	if !strings.Contains(doc.Images.Script[0], `"$CI_REGISTRY_PASSWORD" | docker login`) {
		t.Error("the GitLab job does not log in with the job's registry token")
	}
}

// TestTagsFromGit runs the tag script as CI does, for each kind of ref.
func TestTagsFromGit(t *testing.T) {
	for _, tc := range []struct{ kind, ref, want string }{
		{"branch", "main", "main,sha-1a2b3c4"},
		{"branch", "feature/login page", "feature-login-page,sha-1a2b3c4"},
		{"tag", "v1.4.2", "1.4.2,sha-1a2b3c4"},
		{"tag", "release-7", "sha-1a2b3c4"},
		{"", "refs/pull/3/merge", "sha-1a2b3c4"},
	} {
		cmd := exec.Command("sh", "-euc", tagScript+`printf %s "$tags"`)
		cmd.Env = []string{"PATH=/usr/bin:/bin", "REF_KIND=" + tc.kind, "REF_NAME=" + tc.ref, "SHA=1a2b3c4d5e6f7a8b9c0d"}
		out, err := cmd.Output()
		if err != nil || string(out) != tc.want {
			t.Errorf("%s %q: tags %q (%v), want %q", tc.kind, tc.ref, out, err, tc.want)
		}
	}
}

func TestWorkflowRefusesBadOptions(t *testing.T) {
	for _, opt := range []WorkflowOptions{{Registry: "ghcr.io/acme; rm -rf /"}, {Branch: "main\"; exit"}, {Branch: "a..b"}} {
		if _, err := Workflow(GitHub, repo(), opt); err == nil {
			t.Errorf("%+v: no error", opt)
		}
	}
	if _, err := Workflow("jenkins", repo(), WorkflowOptions{}); err == nil || !strings.Contains(err.Error(), "github, gitlab") {
		t.Errorf("unknown CI: %v", err)
	}
}
