package ship

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/types"
)

// loadCompose reads compose.yaml with compose-spec's own loader (schema
// validation, interpolation with env, normalisation) in a repository that
// holds each service's Dockerfile.
func loadCompose(t *testing.T, data []byte, services []Service, env map[string]string) *types.Project {
	t.Helper()
	dir := t.TempDir()
	for _, s := range services {
		p := filepath.Join(dir, filepath.FromSlash(s.Context), filepath.FromSlash(s.Dockerfile))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("FROM scratch\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	p, err := loader.LoadWithContext(context.Background(), types.ConfigDetails{
		WorkingDir:  dir,
		ConfigFiles: []types.ConfigFile{{Filename: filepath.Join(dir, ComposeFile), Content: data}},
		Environment: env,
	}, func(o *loader.Options) { o.SetProjectName("shop", true) })
	if err != nil {
		t.Fatalf("compose-go cannot load compose.yaml: %v\n%s", err, data)
	}
	return p
}

func TestComposeLoadsEveryService(t *testing.T) {
	data := twice(t, func() ([]byte, error) { return Compose(repo(), ComposeOptions{}) })
	golden(t, "compose.yaml", data)
	p := loadCompose(t, data, repo(), nil)
	if len(p.Services) != len(repo()) {
		t.Fatalf("compose has %d services, want %d (no backing services unless asked): %v", len(p.Services), len(repo()), p.ServiceNames())
	}
	hostPorts := map[string]string{}
	for _, s := range repo() {
		got, ok := p.Services[s.Name]
		if !ok {
			t.Fatalf("no service %s", s.Name)
		}
		if got.Build == nil || got.Build.Dockerfile != s.Dockerfile || got.Build.Target != s.Target {
			t.Errorf("%s: build %+v, want dockerfile %s target %q", s.Name, got.Build, s.Dockerfile, s.Target)
		}
		if want := filepath.Join(p.WorkingDir, filepath.FromSlash(s.Context)); got.Build.Context != want {
			t.Errorf("%s: context %s, want %s", s.Name, got.Build.Context, want)
		}
		if len(got.Ports) != 1 || got.Ports[0].Target != uint32(s.Port) || got.Ports[0].HostIP != "127.0.0.1" {
			t.Fatalf("%s: ports %+v, want %d published on 127.0.0.1", s.Name, got.Ports, s.Port)
		}
		if other, clash := hostPorts[got.Ports[0].Published]; clash {
			t.Errorf("%s and %s publish the same host port %s", s.Name, other, got.Ports[0].Published)
		}
		hostPorts[got.Ports[0].Published] = s.Name
		for _, e := range s.Env {
			if v := got.Environment[e.Name]; v == nil || *v != e.Value {
				t.Errorf("%s: %s = %v, want the image's %q", s.Name, e.Name, v, e.Value)
			}
		}
		if len(got.DependsOn) != 0 {
			t.Errorf("%s depends on %v without --backing", s.Name, got.DependsOn)
		}
	}
	// The evidence is shown, and nothing is wired without being asked.
	for _, want := range []string{"uses postgres: github.com/jackc/pgx/v5 in go.mod; reads DATABASE_URL (cmd/api/main.go:21); dockerize init --all --backing adds a postgres service", "uses redis: github.com/redis/go-redis/v9 in go.mod; no connection variable seen", "reads SPRING_DATASOURCE_URL"} {
		if !strings.Contains(string(data), want) {
			t.Errorf("compose.yaml does not say %q", want)
		}
	}
}

func TestComposeHostPortVariable(t *testing.T) {
	data, err := Compose(repo(), ComposeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	p := loadCompose(t, data, repo(), map[string]string{"WEB_PORT": "19000"})
	if got := p.Services["web"].Ports[0].Published; got != "19000" {
		t.Errorf("WEB_PORT=19000 publishes web on %s", got)
	}
}

func TestComposeBacking(t *testing.T) {
	data := twice(t, func() ([]byte, error) { return Compose(repo(), ComposeOptions{Backing: true}) })
	golden(t, "compose-backing.yaml", data)
	p := loadCompose(t, data, repo(), map[string]string{"POSTGRES_PASSWORD": "pw"})
	// postgres for api (DATABASE_URL) and redis for web (REDIS_URL); not
	// redis for api (no variable seen) nor mysql (a JDBC URL).
	for _, want := range []string{"postgres", "redis"} {
		if _, ok := p.Services[want]; !ok {
			t.Errorf("no %s service: %v", want, p.ServiceNames())
		}
	}
	if _, ok := p.Services["mysql"]; ok {
		t.Error("a mysql service was added for a variable whose form is unclear")
	}
	api := p.Services["api"]
	if v := api.Environment["DATABASE_URL"]; v == nil || *v != "postgres://postgres:pw@postgres:5432/postgres?sslmode=disable" {
		t.Errorf("api DATABASE_URL = %v", v)
	}
	if _, ok := api.Environment["REDIS_URL"]; ok {
		t.Error("api got REDIS_URL, which it was never seen to read")
	}
	if d, ok := api.DependsOn["postgres"]; !ok || d.Condition != "service_healthy" {
		t.Errorf("api depends_on %+v, want postgres healthy", api.DependsOn)
	}
	if _, ok := api.DependsOn["redis"]; ok {
		t.Error("api waits for redis, whose address it was never seen to read")
	}
	if v := p.Services["web"].Environment["REDIS_URL"]; v == nil || *v != "redis://redis:6379" {
		t.Errorf("web REDIS_URL = %v", v)
	}
	if p.Services["postgres"].HealthCheck == nil {
		t.Error("postgres has no health check, so depends_on cannot wait for it")
	}

	// No password in the environment: compose refuses, saying which.
	dir := t.TempDir()
	_, err := loader.LoadWithContext(context.Background(), types.ConfigDetails{
		WorkingDir:  dir,
		ConfigFiles: []types.ConfigFile{{Filename: filepath.Join(dir, ComposeFile), Content: data}},
	}, func(o *loader.Options) { o.SetProjectName("shop", true); o.SkipResolveEnvironment = true })
	if err == nil || !strings.Contains(err.Error(), "set POSTGRES_PASSWORD") {
		t.Errorf("without POSTGRES_PASSWORD: err %v, want compose to ask for it", err)
	}
}

// TestComposeValuesStayValues: a value with compose's interpolation syntax,
// quotes, YAML syntax or a leading star reaches the container as written.
func TestComposeValuesStayValues(t *testing.T) {
	hostile := []string{"${HOME}", "$$", "a: b", "- x", "*alias", "&anchor", "'q'", `"dq"`, "# not a comment", "yes", "0123", "{x: 1}", "!!binary x", "%TAG", " lead", "trail ", ""}
	services := repo()[:1]
	for i, v := range hostile {
		services[0].Env = append(services[0].Env, Env{Name: "V" + itoa(i), Value: v})
	}
	data, err := Compose(services, ComposeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	p := loadCompose(t, data, services, map[string]string{"HOME": "/root"})
	for i, v := range hostile {
		if got := p.Services["api"].Environment["V"+itoa(i)]; got == nil || *got != v {
			t.Errorf("env value %q reads back as %v", v, got)
		}
	}
}

func TestComposeRefusesNameClash(t *testing.T) {
	services := repo()
	services[1].Name = "postgres"
	if _, err := Compose(services, ComposeOptions{Backing: true}); err == nil || !strings.Contains(err.Error(), "rename it") {
		t.Errorf("a service named like the backing service it needs: err %v", err)
	}
	if _, err := Compose(services, ComposeOptions{}); err != nil {
		t.Errorf("without --backing the name is free: %v", err)
	}
}

// FuzzComposeValue: any value Validate lets through reaches the container
// exactly as written, through YAML and compose's interpolation.
func FuzzComposeValue(f *testing.F) {
	for _, s := range []string{"${HOME}", "$$x", "a: b", "*x", "#", "'", "\"", "{", "~", "null"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		services := []Service{{Name: "app", Context: ".", Dockerfile: "Dockerfile", Port: 8080, Env: []Env{{"V", v}}}}
		if Validate(services) != nil {
			return
		}
		data, err := Compose(services, ComposeOptions{})
		if err != nil {
			t.Fatal(err)
		}
		p := loadCompose(t, data, services, nil)
		if got := p.Services["app"].Environment["V"]; got == nil || *got != v {
			t.Fatalf("value %q reads back as %v\n%s", v, got, data)
		}
	})
}
