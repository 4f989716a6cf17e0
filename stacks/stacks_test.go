package stacks

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dockerize-dev/dockerize/detect"
	"github.com/dockerize-dev/dockerize/templates"
)

func TestGoAndMavenComeBeforeNode(t *testing.T) {
	main := &fstest.MapFile{Data: []byte("package main\nfunc main() {}\n")}
	pkg := &fstest.MapFile{Data: []byte(`{"scripts":{"build":"vite build"}}`)}
	p, err := Detect(fstest.MapFS{"go.mod": {Data: []byte("module x\n\ngo 1.24\n")}, "main.go": main, "package.json": pkg}, detect.Options{})
	if err != nil || p.Stack != detect.Go || len(p.Stacks) != 2 {
		t.Fatalf("stack %v of %v, err %v; want go first of go and node", p.Stack, p.Stacks, err)
	}
	p, err = Detect(fstest.MapFS{"pom.xml": {Data: []byte("<project><artifactId>a</artifactId></project>")}, "package.json": pkg}, detect.Options{})
	if err != nil || p.Stack != detect.Maven {
		t.Fatalf("stack %v of %v, err %v; want maven first of maven and node", p.Stack, p.Stacks, err)
	}
}

// TestEveryStackIsComplete checks each row of the list: a detector, a
// planner, base images of its own, a template folder with both templates,
// and that no template folder belongs to no stack.
func TestEveryStackIsComplete(t *testing.T) {
	folders := map[string]bool{}
	entries, _ := fs.ReadDir(templates.FS, ".")
	for _, e := range entries {
		if e.IsDir() && e.Name() != "partials" {
			folders[e.Name()] = true
		}
	}
	keys := map[string]bool{}
	for _, s := range All() {
		if s.Detect == nil || s.Plan.Plan == nil || s.Plan.Offer == nil || s.Markers == "" || s.Title == "" {
			t.Errorf("%s: the row lacks a detector, planner, offer, markers or title", s.Name)
		}
		if s.Plan.Name != s.Name {
			t.Errorf("%s: its plan is for %s", s.Name, s.Plan.Name)
		}
		if len(s.Plan.Images) == 0 {
			t.Errorf("%s names no base image", s.Name)
		}
		for _, im := range s.Plan.Images {
			if keys[im.Key] {
				t.Errorf("image key %s is declared twice", im.Key)
			}
			keys[im.Key] = true
		}
		for _, name := range []string{"Dockerfile.tmpl", "dockerignore.tmpl"} {
			if _, err := fs.Stat(templates.FS, s.Plan.Templates+"/"+name); err != nil {
				t.Errorf("%s: templates/%s/%s: %v", s.Name, s.Plan.Templates, name, err)
			}
		}
		delete(folders, s.Plan.Templates)
		if s.Plan.Checks == nil {
			t.Errorf("%s: no Checks, so lint --project knows nothing of its projects", s.Name)
		}
		if s.Build.DepStep == nil || s.Build.BuildStep == nil || s.Build.Naive == nil || len(s.Build.Sources.Markers) == 0 {
			t.Errorf("%s: the real-build suite's needs are incomplete", s.Name)
		}
	}
	for f := range folders {
		t.Errorf("templates/%s belongs to no stack", f)
	}
}

func TestNaivePythonInstallsTheAddedServer(t *testing.T) {
	df := "RUN pip install -r requirements.txt\nRUN pip install --no-cache-dir gunicorn==23.0.0\nCMD [\"gunicorn\", \"app:app\"]\n"
	got, err := naivePython(df, "python:3.11.14-bookworm", "8000")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(got, "RUN pip install -r requirements.txt && pip install gunicorn==23.0.0\n") {
		t.Errorf("the naive Dockerfile cannot start the server dockerize's runs:\n%s", got)
	}
}

func TestNaiveBaselinesBuildWhatDockerizeBuilds(t *testing.T) {
	py, err := naivePython("ENV PYTHONDONTWRITEBYTECODE=1 PATH=/opt/venv/bin:$PATH PYTHONPATH=/app/src\nCMD [\"uvicorn\", \"inventory.main:app\"]\n", "python:3.11.14-bookworm", "8000")
	if err != nil || !strings.Contains(py, "ENV PYTHONPATH=/app/src\n") {
		t.Errorf("a src layout's naive baseline cannot import its package (%v):\n%s", err, py)
	}
	rs, err := naiveRust("#   binary: ledger (--bin (crates/ledger/src/main.rs))\n    && cargo build --release --locked --features sqlite --target \"$TRIPLE\" --bin ledger \\\n", "rust:1.95.0-bookworm", "7400")
	if err != nil || !strings.Contains(rs, "RUN cargo build --release --locked --features sqlite --bin ledger\n") {
		t.Errorf("the naive baseline drops the features (%v):\n%s", err, rs)
	}
	rs, err = naiveRust("    && apt-get install -y --no-install-recommends clang=1:14.0-55.7~deb12u1 lld=1:14.0-55.7~deb12u1 \\\n"+
		"ENV APP_ENVIRONMENT=production\n    && cargo build --release --locked --bin newsletter \\\n", "rust:1.95.0-bookworm", "8100")
	if err != nil || !strings.Contains(rs, "install -y --no-install-recommends clang=1:14.0-55.7~deb12u1 lld=1:14.0-55.7~deb12u1\n") || !strings.Contains(rs, "ENV APP_ENVIRONMENT=production\n") {
		t.Errorf("the naive baseline cannot link or start like the generated one (%v):\n%s", err, rs)
	}
}
