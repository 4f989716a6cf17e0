package detect_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dockerize-dev/dockerize/detect"
	"github.com/dockerize-dev/dockerize/stacks"
)

func mapFS(files map[string]string) fstest.MapFS {
	m := fstest.MapFS{}
	for k, v := range files {
		m[k] = &fstest.MapFile{Data: []byte(v)}
	}
	return m
}

// A Python app beside a Node site is a service of its own, with the
// backing service its dependencies talk to and the variable it reads.
func TestPythonAndRustServices(t *testing.T) {
	fsys := mapFS(map[string]string{
		"backend/requirements.txt":   "flask==3.0.0\ngunicorn==23.0.0\nredis==5.0.0\n",
		"backend/app.py":             "import os\nfrom flask import Flask\napp = Flask(__name__)\ncache = os.environ.get(\"REDIS_URL\")\n",
		"backend/tests/test_app.py":  "from app import app\n",
		"frontend/package.json":      `{"name":"web","scripts":{"start":"node s.js"}}`,
		"frontend/s.js":              "require('http').createServer().listen(3000)\n",
		"services/edge/Cargo.toml":   "[package]\nname = \"edge\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[[bin]]\nname = \"edge\"\npath = \"src/main.rs\"\n\n[[bin]]\nname = \"xtask\"\npath = \"src/xtask.rs\"\n",
		"services/edge/Cargo.lock":   "version = 3\n",
		"services/edge/src/main.rs":  "fn main() {}\n",
		"services/edge/src/xtask.rs": "fn main() {}\n",
	})
	svcs, err := stacks.Discover(fsys)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]detect.Service{}
	for _, s := range svcs {
		got[s.Name] = s
	}
	app, ok := got["app"]
	if !ok || app.Stack != detect.Python || app.Path != "backend" || app.Runs != "gunicorn app:app" {
		t.Fatalf("python service %+v, want app in backend running gunicorn app:app (all: %+v)", app, svcs)
	}
	if len(app.Clients) != 1 || app.Clients[0].Kind != "redis" || app.Clients[0].EnvVar != "REDIS_URL" ||
		!strings.HasPrefix(app.Clients[0].Evidence, "backend/requirements.txt") {
		t.Errorf("python clients %+v, want redis through REDIS_URL from backend/requirements.txt", app.Clients)
	}
	edge, ok := got["edge"]
	if !ok || edge.Stack != detect.Rust || edge.Select["bin"] != "edge" {
		t.Errorf("rust service %+v, want edge selected with --bin edge", edge)
	}
	if _, ok := got["xtask"]; ok {
		t.Error("cargo xtask listed as a service")
	}
	if _, ok := got["web"]; !ok {
		t.Error("the Node site is missing")
	}
}

// A Python library (no app, no program) is no service.
func TestPythonLibraryIsNoService(t *testing.T) {
	fsys := mapFS(map[string]string{
		"pyproject.toml":      "[project]\nname = \"lib\"\nversion = \"1\"\ndependencies = [\"requests\"]\n",
		"src/lib/__init__.py": "def f():\n    return 1\n",
	})
	svcs, err := stacks.Discover(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if len(svcs) != 0 {
		t.Errorf("services %+v, want none", svcs)
	}
}
