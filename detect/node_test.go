package detect

import (
	"errors"
	"strings"
	"testing"
)

func nodeProject(t *testing.T, files map[string]string) *NodeProject {
	t.Helper()
	p, err := Detect(mapFS(files), nodeOnly(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if p.Stack != Node {
		t.Fatalf("stack = %s, want node", p.Stack)
	}
	return p.Node()
}

func TestPackageManagerOrder(t *testing.T) {
	cases := []struct {
		files       map[string]string
		pm, version string
		berry, pnp  bool
	}{
		{map[string]string{"package.json": `{"packageManager":"pnpm@9.15.9+sha512.abc"}`, "pnpm-lock.yaml": ""}, "pnpm", "9.15.9", false, false},
		{map[string]string{"package.json": `{"packageManager":"yarn@4.9.2"}`, "yarn.lock": "", ".yarnrc.yml": "nodeLinker: node-modules\n"}, "yarn", "4.9.2", true, false},
		{map[string]string{"package.json": `{}`, "yarn.lock": "", ".yarnrc.yml": "enableTelemetry: false\n"}, "yarn", "", true, true},
		{map[string]string{"package.json": `{}`, "yarn.lock": ""}, "yarn", "", false, false},
		{map[string]string{"package.json": `{}`, "npm-shrinkwrap.json": "{}"}, "npm", "", false, false},
		{map[string]string{"package.json": `{}`, "bun.lockb": ""}, "bun", "", false, false},
		{map[string]string{"package.json": `{}`}, "npm", "", false, false},
	}
	for _, c := range cases {
		n := nodeProject(t, c.files)
		if n.PackageManager != c.pm || n.PackageManagerVersion != c.version || n.YarnBerry != c.berry || n.YarnPnP != c.pnp {
			t.Errorf("%v: got %s@%s berry=%v pnp=%v", c.files, n.PackageManager, n.PackageManagerVersion, n.YarnBerry, n.YarnPnP)
		}
	}
}

func TestStackOption(t *testing.T) {
	both := append(goOnly(), nodeOnly()...)
	p, err := Detect(mapFS(map[string]string{"go.mod": "module x\n", "main.go": "package main\nfunc main() {}\n", "package.json": "{}"}), both, Options{Stack: Node})
	if err != nil || p.Stack != Node || len(p.Stacks) != 1 {
		t.Fatalf("--stack node: %v %v", p, err)
	}
	if _, err := Detect(mapFS(map[string]string{"package.json": "{}"}), both, Options{Stack: "cobol"}); err == nil || !strings.Contains(err.Error(), "use one of go, node") {
		t.Errorf("an unknown stack: %v", err)
	}
	if _, err := Detect(mapFS(map[string]string{"go.mod": "module x\n"}), both, Options{Stack: Node}); !errors.Is(err, ErrNoStack) || !strings.Contains(err.Error(), "(package.json)") {
		t.Errorf("not a node project: %v", err)
	}
}

func TestNodeEntry(t *testing.T) {
	cases := []struct {
		name  string
		files map[string]string
		entry string
	}{
		{"start script wins over a wrong main", map[string]string{"package.json": `{"main":"index.js","scripts":{"start":"node --enable-source-maps server.js"}}`, "server.js": ""}, "server.js"},
		{"start:prod when start runs a CLI", map[string]string{"package.json": `{"scripts":{"start":"nest start","start:prod":"node dist/main"}}`}, "dist/main"},
		{"main that exists", map[string]string{"package.json": `{"main":"lib/app.js"}`, "lib/app.js": ""}, "lib/app.js"},
		{"main in a TypeScript build", map[string]string{"package.json": `{"main":"dist/index.js","devDependencies":{"typescript":"5"}}`, "tsconfig.json": "{}"}, "dist/index.js"},
		{"conventional file", map[string]string{"package.json": `{}`, "index.js": ""}, "index.js"},
		{"nothing", map[string]string{"package.json": `{"main":"index.js"}`}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := nodeProject(t, c.files).Packages[0].Entry; got != c.entry {
				t.Errorf("entry %q, want %q", got, c.entry)
			}
		})
	}
}

func TestNodePortAndFramework(t *testing.T) {
	n := nodeProject(t, map[string]string{
		"package.json":        `{"dependencies":{"express":"4"}}`,
		"src/app.js":          "const port = process.env.PORT ?? 8081;\napp.listen(port);\n",
		"src/app.test.js":     "app.listen(9999)",
		"node_modules/x/a.js": "listen(1234)",
	})
	pkg := n.Packages[0]
	if pkg.Framework != "express" || pkg.Port != 8081 || pkg.PortEnv != "PORT" || !strings.HasPrefix(pkg.PortEvidence, "src/app.js:1:") {
		t.Errorf("got %+v", pkg)
	}
}

func TestTSConfigWithComments(t *testing.T) {
	n := nodeProject(t, map[string]string{
		"package.json":  `{"devDependencies":{"typescript":"5"}}`,
		"tsconfig.json": "{\n // c\n \"compilerOptions\": { /* x */ \"outDir\": \"./build/\", \"a\": \"//not a comment\", },\n}\n",
	})
	if out := n.Packages[0].OutDir; out != "build" {
		t.Errorf("outDir %q, want build", out)
	}
}

func TestWorkspaces(t *testing.T) {
	n := nodeProject(t, map[string]string{
		"package.json":                       `{"workspaces":{"packages":["apps/*","!apps/skip"]}}`,
		"apps/a/package.json":                `{"name":"a"}`,
		"apps/a/node_modules/x/package.json": `{}`,
		"pnpm-workspace.yaml":                "packages:\n  - libs/*\n",
		"libs/l/package.json":                `{"name":"l"}`,
	})
	if got := strings.Join(n.Workspaces, ","); got != "apps/a,libs/l" || !n.PnpmWorkspace {
		t.Errorf("workspaces %q pnpm=%v", got, n.PnpmWorkspace)
	}
}

func FuzzPackageJSON(f *testing.F) {
	f.Add(`{"name":"x","scripts":{"start":"node a.js"},"workspaces":["a/*"],"packageManager":"pnpm@9"}`)
	f.Add(`{"workspaces":{"packages":1}}`)
	f.Add(`{"engines":{"node":">=20"},"main":["x"]}`)
	f.Add("{\n\"a\":,}")
	f.Fuzz(func(t *testing.T, pj string) {
		_, _ = Detect(mapFS(map[string]string{"package.json": pj, "a/b/package.json": pj, "tsconfig.json": pj, ".nvmrc": pj}), nodeOnly(), Options{})
	})
}

func nodeOnly() []Detector {
	return []Detector{{Stack: Node, Markers: "package.json", Detect: DetectNode}}
}
