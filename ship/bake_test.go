package ship

import (
	"context"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/docker/buildx/bake"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// readBake resolves the default group with buildx's own bake parser, with
// vars standing in for the environment.
func readBake(t *testing.T, data []byte, vars map[string]string) map[string]*bake.Target {
	t.Helper()
	targets, groups, err := bake.ReadTargets(context.Background(), []bake.File{{Name: BakeFile, Data: data}}, []string{"default"}, nil, nil, vars, nil)
	if err != nil {
		t.Fatalf("buildx cannot read the bake file: %v\n%s", err, data)
	}
	if g := groups["default"]; g == nil {
		t.Fatalf("no default group: %v", groups)
	}
	return targets
}

func TestBakeBuildxReadsEveryService(t *testing.T) {
	data := twice(t, func() ([]byte, error) { return Bake(repo(), "") })
	golden(t, "docker-bake.hcl", data)

	targets := readBake(t, data, map[string]string{})
	if len(targets) != len(repo()) {
		t.Fatalf("bake resolves %d targets, want one per service (%d)", len(targets), len(repo()))
	}
	for _, s := range repo() {
		got := targets[s.Name]
		if got == nil {
			t.Fatalf("no target %s", s.Name)
		}
		if *got.Context != s.Context || *got.Dockerfile != s.Dockerfile {
			t.Errorf("%s: context %s dockerfile %s, want %s %s", s.Name, *got.Context, *got.Dockerfile, s.Context, s.Dockerfile)
		}
		if s.Target != "" && (got.Target == nil || *got.Target != s.Target) {
			t.Errorf("%s: build target %v, want %s", s.Name, got.Target, s.Target)
		}
		if s.Target == "" && got.Target != nil {
			t.Errorf("%s: build target %s, want the last stage", s.Name, *got.Target)
		}
		if want := []string{s.Name + ":latest"}; !slices.Equal(got.Tags, want) {
			t.Errorf("%s: tags %v, want %v", s.Name, got.Tags, want)
		}
		if len(got.Platforms) != 0 {
			t.Errorf("%s: platforms %v, want the builder's own", s.Name, got.Platforms)
		}
		if len(got.CacheFrom) != 0 || len(got.CacheTo) != 0 {
			t.Errorf("%s: the bake file sets a cache; CI sets it", s.Name)
		}
	}
}

// TestBakeVariables: what CI passes in the environment reaches the tags and
// platforms; a registry given at init time is the default.
func TestBakeVariables(t *testing.T) {
	data, err := Bake(repo(), "")
	if err != nil {
		t.Fatal(err)
	}
	targets := readBake(t, data, map[string]string{"REGISTRY": "ghcr.io/acme/shop", "TAG": "main,sha-1a2b3c4", "PLATFORMS": "linux/amd64,linux/arm64"})
	api := targets["api"]
	if want := []string{"ghcr.io/acme/shop/api:main", "ghcr.io/acme/shop/api:sha-1a2b3c4"}; !slices.Equal(api.Tags, want) {
		t.Errorf("tags %v, want %v", api.Tags, want)
	}
	if want := []string{"linux/amd64", "linux/arm64"}; !slices.Equal(api.Platforms, want) {
		t.Errorf("platforms %v, want %v", api.Platforms, want)
	}

	data, err = Bake(repo(), "localhost:5000/team")
	if err != nil {
		t.Fatal(err)
	}
	if tags := readBake(t, data, map[string]string{})["web"].Tags; !slices.Equal(tags, []string{"localhost:5000/team/web:latest"}) {
		t.Errorf("with a default registry, tags %v", tags)
	}
}

func TestBakeRefusesBadValues(t *testing.T) {
	for _, tc := range []struct {
		name     string
		mutate   func(*Service)
		registry string
		want     string
	}{
		{"name with a quote", func(s *Service) { s.Name = `api"x` }, "", "name must be lowercase"},
		{"uppercase name", func(s *Service) { s.Name = "API" }, "", "name must be lowercase"},
		{"context outside", func(s *Service) { s.Context = "../other" }, "", "inside it"},
		{"absolute context", func(s *Service) { s.Context = "/etc" }, "", "inside it"},
		{"template in a path", func(s *Service) { s.Context = "apps/${x}" }, "", "holds characters"},
		{"dockerfile with a newline", func(s *Service) { s.Dockerfile = "Dockerfile\ntarget" }, "", "holds characters"},
		{"stage with a space", func(s *Service) { s.Target = "api x" }, "", "lowercase stage name"},
		{"port out of range", func(s *Service) { s.Port = 70000 }, "", "outside 1-65535"},
		{"env name", func(s *Service) { s.Env = []Env{{"A-B", "x"}} }, "", "not a shell identifier"},
		{"env value with a newline", func(s *Service) { s.Env = []Env{{"A", "x\ny: z"}} }, "", "control character"},
		{"evidence with a newline", func(s *Service) { s.Clients = []Client{{Kind: Redis, Evidence: "x\nservices:"}} }, "", "control character"},
		{"unknown backing", func(s *Service) { s.Clients = []Client{{Kind: "oracle"}} }, "", "unknown backing service"},
		{"registry with a quote", func(*Service) {}, `ghcr.io/"x`, "is not a registry host"},
		{"registry with a template", func(*Service) {}, "ghcr.io/${X}", "is not a registry host"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			services := repo()
			tc.mutate(&services[0])
			_, err := Bake(services, tc.registry)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err %v, want one saying %q", err, tc.want)
			}
		})
	}
	services := repo()
	services[1].Name = "api"
	if _, err := Bake(services, ""); err == nil || !strings.Contains(err.Error(), "two services are called") {
		t.Errorf("duplicate names: err %v", err)
	}
	if _, err := Bake(nil, ""); err == nil {
		t.Error("no services: no error")
	}
}

// hclValue parses `v = <quoted>` with HCL's own parser and evaluates it.
func hclValue(quoted string) (string, error) {
	f, diags := hclsyntax.ParseConfig([]byte("v = "+quoted+"\n"), "x.hcl", hcl.InitialPos)
	if diags.HasErrors() {
		return "", diags
	}
	attrs, diags := f.Body.JustAttributes()
	if diags.HasErrors() {
		return "", diags
	}
	v, diags := attrs["v"].Expr.Value(nil)
	if diags.HasErrors() {
		return "", diags
	}
	return v.AsString(), nil
}

func TestHCLStringIsALiteral(t *testing.T) {
	for _, s := range []string{"", "plain", `a"b`, `back\slash`, "${REGISTRY}", "%{ if true }x%{ endif }", "$${x}", "$$${x}", "line\nbreak", "tab\t", "\x01", "100%", "$", "ünï"} {
		got, err := hclValue(hclString(s))
		if err != nil || got != s {
			t.Errorf("hclString(%q) = %s reads back as %q, %v", s, hclString(s), got, err)
		}
	}
}

func FuzzHCLString(f *testing.F) {
	for _, s := range []string{"", "${x}", "%{x}", `"\`, "$${", "a\nb"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		// Validate refuses invalid UTF-8 and control characters before
		// any value is quoted; quoting must still hold for \n, \r and \t.
		if !utf8.ValidString(s) || checkText(strings.NewReplacer("\n", "", "\r", "", "\t", "").Replace(s)) != nil {
			return
		}
		got, err := hclValue(hclString(s))
		if err != nil || got != s {
			t.Fatalf("hclString(%q) = %s reads back as %q, %v", s, hclString(s), got, err)
		}
	})
}
