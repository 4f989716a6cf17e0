package detect_test

import (
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dockerize-dev/dockerize/detect"
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

// list is "name path stack project" per service, in discovery order.
func list(t *testing.T, fsys fstest.MapFS) []string {
	t.Helper()
	svcs, err := stacks.Discover(fsys)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, s := range svcs {
		out = append(out, s.Name+" "+s.Path+" "+string(s.Stack)+" "+s.Project)
	}
	return out
}

func file(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }

const pomHead = `<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>`

func TestDiscoverSources(t *testing.T) {
	for _, tc := range []struct {
		name string
		fsys fstest.MapFS
		want []string
	}{{
		name: "go.work modules with a main; a library module is not one",
		fsys: fstest.MapFS{
			"go.work":         file("go 1.24.4\n\nuse (\n\t./gateway\n\t./shared\n)\n"),
			"gateway/go.mod":  file("module example.com/gateway\n\ngo 1.24.4\n"),
			"gateway/main.go": file("package main\n\nfunc main() {}\n"),
			"shared/go.mod":   file("module example.com/shared\n\ngo 1.24.4\n"),
			"shared/s.go":     file("package shared\n"),
		},
		want: []string{"gateway gateway go ."},
	}, {
		name: "node workspace: servers and built sites, not libraries",
		fsys: fstest.MapFS{
			"package.json":              file(`{"name":"mono","private":true,"workspaces":["apps/*","packages/*"]}`),
			"package-lock.json":         file(`{"lockfileVersion":3,"packages":{}}`),
			"apps/api/package.json":     file(`{"name":"@m/api","scripts":{"start":"node server.js"},"dependencies":{"express":"4.21.2"}}`),
			"apps/api/server.js":        file("require('express')().listen(4000)\n"),
			"apps/site/package.json":    file(`{"name":"@m/site","scripts":{"build":"vite build"},"devDependencies":{"vite":"6.0.7"}}`),
			"packages/ui/package.json":  file(`{"name":"@m/ui","main":"index.js"}`),
			"packages/ui/index.js":      file("module.exports = {}\n"),
			"packages/cfg/package.json": file(`{"name":"@m/eslint-config","main":"index.js","dependencies":{"eslint":"9.0.0"}}`),
		},
		want: []string{"api apps/api node .", "site apps/site node ."},
	}, {
		name: "maven reactor: runnable modules only",
		fsys: fstest.MapFS{
			"pom.xml":                       file(pomHead + `<groupId>g</groupId><artifactId>parent</artifactId><version>1</version><packaging>pom</packaging><modules><module>lib</module><module>app</module></modules></project>`),
			"lib/pom.xml":                   file(pomHead + `<parent><groupId>g</groupId><artifactId>parent</artifactId><version>1</version></parent><artifactId>lib</artifactId></project>`),
			"app/pom.xml":                   file(pomHead + `<parent><groupId>g</groupId><artifactId>parent</artifactId><version>1</version></parent><artifactId>orders-app</artifactId><build><plugins><plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-jar-plugin</artifactId><configuration><archive><manifest><mainClass>g.Main</mainClass></manifest></archive></configuration></plugin></plugins></build></project>`),
			"app/src/main/java/g/Main.java": file("package g; public class Main { public static void main(String[] a) {} }\n"),
		},
		want: []string{"orders-app app maven ."},
	}, {
		name: "backend/ and frontend/ with no root project; services/* and apps/*",
		fsys: fstest.MapFS{
			"README.md":                   file("# repo\n"),
			"backend/go.mod":              file("module example.com/b\n\ngo 1.24.4\n"),
			"backend/main.go":             file("package main\n\nfunc main() {}\n"),
			"frontend/package.json":       file(`{"name":"web","scripts":{"build":"vite build"},"devDependencies":{"vite":"6.0.7"}}`),
			"services/mail/go.mod":        file("module example.com/mail\n\ngo 1.24.4\n"),
			"services/mail/main.go":       file("package main\n\nfunc main() {}\n"),
			"services/docs/README.md":     file("not a project\n"),
			"apps/admin/package.json":     file(`{"name":"admin","scripts":{"start":"node index.js"},"dependencies":{"fastify":"5.0.0"}}`),
			"apps/admin/index.js":         file("require('fastify')().listen({port: 3001})\n"),
			"tools/gen/go.mod":            file("module example.com/gen\n\ngo 1.24.4\n"),
			"tools/gen/main.go":           file("package main\n\nfunc main() {}\n"),
			"node_modules/x/package.json": file(`{`),
		},
		want: []string{"b backend go backend", "web frontend node frontend", "mail services/mail go services/mail", "admin apps/admin node apps/admin"},
	}, {
		name: "nothing deployable",
		fsys: fstest.MapFS{
			"go.mod": file("module example.com/lib\n\ngo 1.24.4\n"),
			"lib.go": file("package lib\n"),
		},
		want: nil,
	}} {
		t.Run(tc.name, func(t *testing.T) {
			got := list(t, tc.fsys)
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("services:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

// Two services with the same name get the project directory in front.
func TestDiscoverUniqueNames(t *testing.T) {
	got := list(t, fstest.MapFS{
		"services/a/go.mod":  file("module example.com/a\n\ngo 1.24.4\n"),
		"services/a/main.go": file("package main\n\nfunc main() {}\n"),
		"services/b/go.mod":  file("module example.com/a\n\ngo 1.24.4\n"),
		"services/b/main.go": file("package main\n\nfunc main() {}\n"),
	})
	seen := map[string]bool{}
	for _, s := range got {
		name := strings.Fields(s)[0]
		if seen[name] {
			t.Errorf("name %q twice: %v", name, got)
		}
		seen[name] = true
	}
	if len(got) != 2 {
		t.Errorf("services = %v, want two", got)
	}
}

// Test programs are never services; examples are only when the module has
// no other program.
func TestDiscoverGoTestsAndExamples(t *testing.T) {
	main := file("package main\n\nfunc main() {}\n")
	got := list(t, fstest.MapFS{
		"go.mod":                                file("module example.com/srv\n\ngo 1.24.4\n"),
		"main.go":                               main,
		"plugin/example/clock/main.go":          main,
		"plugin/testing/broken/nothing/main.go": main,
		"internal/x/testdata/tool/main.go":      main,
	})
	if strings.Join(got, ",") != "srv . go ." {
		t.Errorf("services = %v, want only the server", got)
	}
	got = list(t, fstest.MapFS{
		"go.mod":                 file("module example.com/examples\n\ngo 1.24.4\n"),
		"examples/hello/main.go": main,
		"examples/bye/main.go":   main,
	})
	if len(got) != 2 {
		t.Errorf("services = %v, want both examples of a repository of examples", got)
	}
}

// TestNodeSourcesSkipOutputTrees: a package's own sources are read for the
// variables it reads, never a vendor/, target/ or out/ tree under it.
func TestNodeSourcesSkipOutputTrees(t *testing.T) {
	fsys := fstest.MapFS{
		"package.json":      file(`{"name":"api","main":"server.js","scripts":{"start":"node server.js"},"dependencies":{"express":"4.21.2","pg":"8.13.1"}}`),
		"package-lock.json": file(`{"lockfileVersion":3,"packages":{}}`),
		"server.js":         file("require('express')().listen(3000)\n"),
		"vendor/db.js":      file("process.env.PG_VENDOR\n"),
		"target/db.js":      file("process.env.PG_TARGET\n"),
		"out/db.js":         file("process.env.PG_OUT\n"),
	}
	envVar := func() string {
		svcs, err := stacks.Discover(fsys)
		if err != nil {
			t.Fatal(err)
		}
		if len(svcs) != 1 || len(svcs[0].Clients) != 1 {
			t.Fatalf("services = %+v, want one with a postgres client", svcs)
		}
		return svcs[0].Clients[0].EnvVar
	}
	if got := envVar(); got != "" {
		t.Errorf("postgres env var = %q, read from a tree that is not the package's sources; want none", got)
	}
	fsys["src/db.js"] = file("process.env.PG_URL\n")
	if got := envVar(); got != "PG_URL" {
		t.Errorf("postgres env var = %q, want PG_URL from src/db.js", got)
	}
}

// TestDiscoverFromTheRootFound: given the root project detect already
// found, discovery lists the same services as on its own.
func TestDiscoverFromTheRootFound(t *testing.T) {
	fsys := fstest.MapFS{
		"package.json":             file(`{"name":"shop","private":true,"workspaces":["apps/*"]}`),
		"package-lock.json":        file(`{"lockfileVersion":3,"packages":{}}`),
		"apps/web/package.json":    file(`{"name":"@shop/web","main":"server.js","scripts":{"start":"node server.js"},"dependencies":{"express":"4.21.2"}}`),
		"apps/web/server.js":       file("require('express')().listen(3000)\n"),
		"services/orders/go.mod":   file("module example.com/orders\n\ngo 1.24.4\n"),
		"services/orders/main.go":  file("package main\n\nfunc main() {}\n"),
		"services/orders/x/lib.go": file("package x\n"),
	}
	root, err := stacks.Detect(fsys, detect.Options{})
	if err != nil {
		t.Fatal(err)
	}
	from, err := stacks.DiscoverFrom(fsys, root)
	if err != nil {
		t.Fatal(err)
	}
	alone, err := stacks.Discover(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if len(alone) != 2 || !reflect.DeepEqual(from, alone) {
		t.Errorf("from the root found: %+v\non its own: %+v\nwant the same two services", from, alone)
	}
}
