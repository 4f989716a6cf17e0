package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var repo = map[string]string{
	"go.mod":                     "module example.com/shop\n\ngo 1.24.4\n",
	"cmd/api/main.go":            "package main\n\nimport \"net/http\"\n\nfunc main() { http.ListenAndServe(\":8000\", nil) }\n",
	"cmd/jobs/main.go":           "package main\n\nimport \"net/http\"\n\nfunc main() { http.ListenAndServe(\":8001\", nil) }\n",
	"backend/go.mod":             "module example.com/backend\n\ngo 1.24.4\n",
	"backend/main.go":            "package main\n\nimport \"net/http\"\n\nfunc main() { http.ListenAndServe(\":9000\", nil) }\n",
	"frontend/package.json":      `{"name":"web","scripts":{"build":"vite build"},"devDependencies":{"vite":"6.0.7"}}`,
	"frontend/package-lock.json": `{"name":"web","lockfileVersion":3,"requires":true,"packages":{"":{"name":"web","devDependencies":{"vite":"6.0.7"}},"node_modules/vite":{"version":"6.0.7","dev":true}}}`,
}

// On a terminal, init --all shows the services found, all ticked; what is
// left ticked is written and saved to .dockerize.yaml, and the next run
// takes the saved choice without asking.
func TestInitAllUntick(t *testing.T) {
	dir := project(t, repo)
	code, fake, stderr := runPrompted(t, dir, []string{"api,web"}, "--all")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if len(fake.Asked) != 1 || !strings.Contains(fake.Asked[0], "Services to write") {
		t.Fatalf("asked %q, want one services question", fake.Asked)
	}
	if _, err := os.Stat(filepath.Join(dir, "backend", "Dockerfile")); !os.IsNotExist(err) {
		t.Error("backend/Dockerfile written, but backend was unticked")
	}
	bake := read(t, filepath.Join(dir, "docker-bake.hcl"))
	if !strings.Contains(bake, `targets = ["api", "web"]`) {
		t.Errorf("bake file targets are not the ticked services:\n%s", bake)
	}
	if got := read(t, filepath.Join(dir, ".dockerize.yaml")); !strings.Contains(got, "services:\n  - api\n  - web\n") {
		t.Errorf(".dockerize.yaml = %q, want the ticked services", got)
	}
	// A one-service group keeps its own Dockerfile, without a target.
	if df := read(t, filepath.Join(dir, "Dockerfile")); strings.Contains(df, "AS jobs") || strings.Contains(df, "one target per service") {
		t.Errorf("the root Dockerfile has more than the api:\n%s", df)
	}

	code, fake, stderr = runPrompted(t, dir, nil, "--all")
	if code != 0 {
		t.Fatalf("second run: exit %d\n%s", code, stderr)
	}
	if len(fake.Asked) != 0 {
		t.Errorf("second run asked %q; the saved choice answers it", fake.Asked)
	}
	if !strings.Contains(stderr, "2 of 4 services") {
		t.Errorf("second run did not take the saved choice:\n%s", stderr)
	}
}

// Unticking everything writes nothing.
func TestInitAllNoneTicked(t *testing.T) {
	dir := project(t, repo)
	code, _, stderr := runPrompted(t, dir, []string{"-"}, "--all")
	if code == 0 || !strings.Contains(stderr, "no service chosen") {
		t.Fatalf("exit %d, want a no-service error:\n%s", code, stderr)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if _, ok := repo[e.Name()]; !ok && e.Name() != "cmd" && e.Name() != "backend" && e.Name() != "frontend" {
			t.Errorf("%s written", e.Name())
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "backend", "Dockerfile")); !os.IsNotExist(err) {
		t.Error("backend/Dockerfile written")
	}
}

// A service that cannot be planned stops the whole set before anything is
// written, and the error names the --services that leave it out.
func TestInitAllOneServiceFails(t *testing.T) {
	files := map[string]string{}
	for k, v := range repo {
		files[k] = v
	}
	// bun is a package manager dockerize does not build with.
	delete(files, "frontend/package-lock.json")
	files["frontend/bun.lock"] = "{}\n"
	dir := project(t, files)
	code, _, stderr := runPrompted(t, dir, []string{""}, "--all")
	if code == 0 || !strings.Contains(stderr, "service web (frontend)") || !strings.Contains(stderr, "--services api,jobs,backend") {
		t.Fatalf("exit %d, want web's error with a --services hint:\n%s", code, stderr)
	}
	for _, f := range []string{"Dockerfile", "backend/Dockerfile", "docker-bake.hcl", "compose.yaml", ".dockerize.yaml"} {
		if _, err := os.Stat(filepath.Join(dir, f)); !os.IsNotExist(err) {
			t.Errorf("%s written although a service failed", f)
		}
	}
}
