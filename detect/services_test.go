package detect_test

import (
	"testing"
	"testing/fstest"

	"github.com/dockerize-dev/dockerize/stacks"
)

func TestDiscoverLists(t *testing.T) {
	fsys := fstest.MapFS{
		"go.mod":                               {Data: []byte("module example.com/shop\n\ngo 1.24.4\n\nrequire github.com/jackc/pgx/v5 v5.7.1\n")},
		"cmd/api/main.go":                      {Data: []byte("package main\n\nimport (\"net/http\"; \"os\")\n\nfunc main() {\n\t_ = os.Getenv(\"DATABASE_URL\")\n\thttp.ListenAndServe(\":8088\", nil)\n}\n")},
		"cmd/worker/main.go":                   {Data: []byte("package main\n\nfunc main() {}\n")},
		"internal/db/db.go":                    {Data: []byte("package db\n")},
		"frontend/package.json":                {Data: []byte(`{"name":"@shop/frontend","devDependencies":{"vite":"6.0.0"}}`)},
		"frontend/node_modules/x/package.json": {Data: []byte(`{`)},
		"services/lib/package.json":            {Data: []byte(`{"name":"lib","main":"index.js"}`)},
		"services/lib/index.js":                {Data: []byte("module.exports = 1\n")},
	}
	svcs, err := stacks.Discover(fsys)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, s := range svcs {
		got[s.Name] = s.Path + " " + string(s.Stack)
	}
	want := map[string]string{"api": "cmd/api go", "worker": "cmd/worker go", "frontend": "frontend node"}
	if len(got) != len(want) {
		t.Fatalf("services = %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
	api := svcs[0]
	if api.Port != 8088 || len(api.Clients) != 1 || api.Clients[0].Kind != "postgres" || api.Clients[0].EnvVar != "DATABASE_URL" {
		t.Errorf("api = %+v", api)
	}
}
