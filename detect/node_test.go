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

func TestNodeNpmrc(t *testing.T) {
	cases := []struct {
		npmrc string
		auth  bool
	}{
		{"legacy-peer-deps=true\nmin-release-age=14\n", false},
		{"# settings\nengine-strict=true\n@acme:registry=https://npm.acme.dev/\n", false},
		{"//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n", true},
		{"legacy-peer-deps=true\n//npm.acme.dev/:_authToken=abc123\n", true},
		{"_auth=dXNlcjpwYXNz\n", true},
		{"TOKEN=x\n", true},
		{"npm_0123456789abcdef\n", true},
		{"registry=https://npm.acme.dev/\nemail=me@acme.dev\n", true},
	}
	for _, c := range cases {
		n := nodeProject(t, map[string]string{"package.json": `{}`, ".npmrc": c.npmrc})
		if n.Npmrc != ".npmrc" || n.NpmrcAuth != c.auth {
			t.Errorf("%q: npmrc %q auth %v, want auth %v (%s)", c.npmrc, n.Npmrc, n.NpmrcAuth, c.auth, n.NpmrcEvidence)
		}
		if strings.Contains(n.NpmrcEvidence, "abc123") || strings.Contains(n.NpmrcEvidence, "npm_0123") {
			t.Errorf("%q: the evidence quotes the credential: %s", c.npmrc, n.NpmrcEvidence)
		}
	}
	if n := nodeProject(t, map[string]string{"package.json": `{}`}); n.Npmrc != "" {
		t.Errorf("no .npmrc: got %q", n.Npmrc)
	}
}

func TestNodeStartScripts(t *testing.T) {
	cases := []struct {
		name, pkg string
		extra     map[string]string
		entry     string
		argv      string
		before    string
	}{
		{"npm run chain", `{"scripts":{"start":"npm run start-server","start-server":"node server/server.js"}}`, nil, "server/server.js", "node server/server.js", ""},
		{"compound build", `{"scripts":{"start":"npm run build && node dist/server.js","build":"tsc"}}`, nil, "dist/server.js", "node dist/server.js", "build"},
		{"cross-env", `{"scripts":{"start":"cross-env NODE_ENV=production node --enable-source-maps dist/main.js"}}`, nil, "dist/main.js", "node --enable-source-maps dist/main.js", ""},
		{"start:prod first", `{"scripts":{"start":"nest start","start:prod":"node dist/main"}}`, nil, "dist/main", "node dist/main", ""},
		{"require flag", `{"scripts":{"start":"node -r dotenv/config src/index.js"}}`, nil, "src/index.js", "node -r dotenv/config src/index.js", ""},
		{"pm2 ecosystem", `{"scripts":{"start":"pm2 start ecosystem.config.json --no-daemon"}}`, map[string]string{"ecosystem.config.json": `{"apps":[{"name":"app","script":"src/index.js"}]}`}, "src/index.js", "node src/index.js", ""},
		{"shell syntax is not taken", `{"scripts":{"start":"node $(cat entry)"},"main":"index.js"}`, map[string]string{"index.js": ""}, "index.js", "", ""},
		{"tsx from devDependencies is not taken", `{"scripts":{"start":"tsx src/index.ts"},"devDependencies":{"tsx":"^4"}}`, nil, "", "", ""},
		{"a cycle ends", `{"scripts":{"start":"npm run serve","serve":"npm start"}}`, nil, "", "", ""},
	}
	for _, c := range cases {
		files := map[string]string{"package.json": c.pkg}
		for k, v := range c.extra {
			files[k] = v
		}
		n := nodeProject(t, files)
		pkg := n.Packages[0]
		if pkg.Entry != c.entry {
			t.Errorf("%s: entry %q, want %q (%s)", c.name, pkg.Entry, c.entry, pkg.EntryEvidence)
		}
		argv, before := "", ""
		if pkg.Start != nil {
			argv, before = strings.Join(pkg.Start.Argv, " "), strings.Join(pkg.Start.Before, " ")
		}
		if argv != c.argv || before != c.before {
			t.Errorf("%s: argv %q before %q, want %q %q", c.name, argv, before, c.argv, c.before)
		}
	}
}

func TestNodeLoopback(t *testing.T) {
	cases := []struct {
		name, pkg, src string
		loopback       string
		env            string
	}{
		{"fastify without host", `{"dependencies":{"fastify":"^5"}}`, "await app.listen({ port: process.env.PORT ?? 3000 })\n", "server.js:1: fastify's listen has no host", ""},
		{"fastify with host", `{"dependencies":{"fastify":"^5"}}`, "await app.listen({ port: 3000, host: '0.0.0.0' })\n", "", ""},
		{"express on 127.0.0.1", `{"dependencies":{"express":"^4"}}`, "const app = require('express')()\napp.listen(3000, '127.0.0.1')\n", "server.js:2: listens on 127.0.0.1 only", ""},
		{"HOST with a loopback fallback", `{}`, "const host = process.env.HOST || \"localhost\"\nserver.listen(8080, host)\n", "server.js:1: the host defaults to loopback unless $HOST is set", "HOST"},
		{"express without host", `{"dependencies":{"express":"^4"}}`, "require('express')().listen({ port: 3000 })\n", "", ""},
	}
	for _, c := range cases {
		n := nodeProject(t, map[string]string{"package.json": c.pkg, "server.js": c.src, "test/server.test.js": "app.listen(3000, 'localhost')\n"})
		pkg := n.Packages[0]
		if !strings.HasPrefix(pkg.Loopback, c.loopback) || (c.loopback == "") != (pkg.Loopback == "") || pkg.HostEnv != c.env {
			t.Errorf("%s: loopback %q env %q, want %q %q", c.name, pkg.Loopback, pkg.HostEnv, c.loopback, c.env)
		}
	}
}

func TestNodeSvelteKitAdapter(t *testing.T) {
	cases := []struct {
		adapter, framework, entry, problem string
	}{
		{"@sveltejs/adapter-node", "sveltekit", "build/index.js", ""},
		{"@sveltejs/adapter-static", "spa", "", ""},
		{"@sveltejs/adapter-vercel", "hosted", "", "switch to @sveltejs/adapter-node"},
		{"@sveltejs/adapter-auto", "hosted", "", "svelte.config.js:1: SvelteKit with @sveltejs/adapter-auto"},
	}
	for _, c := range cases {
		n := nodeProject(t, map[string]string{
			"package.json":     `{"scripts":{"build":"vite build"},"devDependencies":{"@sveltejs/kit":"^2","vite":"^6","` + c.adapter + `":"^5"}}`,
			"svelte.config.js": "import adapter from '" + c.adapter + "';\nexport default { kit: { adapter: adapter() } };\n",
			"server.js":        "",
		})
		pkg := n.Packages[0]
		if pkg.Framework != c.framework || pkg.Entry != c.entry || !strings.Contains(pkg.EntryProblem, c.problem) || (c.problem == "") != (pkg.EntryProblem == "") {
			t.Errorf("%s: framework %q entry %q problem %q", c.adapter, pkg.Framework, pkg.Entry, pkg.EntryProblem)
		}
		if pkg.OutDir != "build" {
			t.Errorf("%s: outDir %q, want build", c.adapter, pkg.OutDir)
		}
	}
}

func TestNodeRemixServe(t *testing.T) {
	n := nodeProject(t, map[string]string{
		"package.json":      `{"scripts":{"build":"remix build","start":"remix-serve ./build/index.js"},"dependencies":{"@remix-run/serve":"^2","@remix-run/node":"^2"},"devDependencies":{"vite":"^5","@remix-run/dev":"^2"}}`,
		"remix.config.js":   "module.exports = {};\n",
		"app/root.tsx":      "",
		"vite.config.ts":    "",
		"public/robots.txt": "",
	})
	pkg := n.Packages[0]
	if pkg.Framework != "remix" || pkg.OutDir != "build" || strings.Join(pkg.MoreOut, ",") != "public/build" {
		t.Errorf("a remix server is not a static site: framework %q outDir %q more %v", pkg.Framework, pkg.OutDir, pkg.MoreOut)
	}
	if pkg.Start == nil || strings.Join(pkg.Start.Argv, " ") != "./node_modules/.bin/remix-serve ./build/index.js" {
		t.Errorf("start %+v", pkg.Start)
	}
}

func TestNodeNxEntry(t *testing.T) {
	files := map[string]string{
		"package.json": `{"scripts":{"start":"nx serve","build":"nx build"},"dependencies":{"express":"^4"}}`,
		"project.json": `{"name":"api","projectType":"application","targets":{"build":{"executor":"@nx/esbuild:esbuild","options":{"outputPath":"dist/api","main":"src/main.ts"}}}}`,
		"src/main.ts":  "",
	}
	pkg := nodeProject(t, files).Packages[0]
	if pkg.Entry != "dist/api/main.js" || !strings.Contains(pkg.EntryEvidence, "project.json: build (@nx/esbuild:esbuild) writes main src/main.ts to dist/api") {
		t.Errorf("nx: entry %q (%s)", pkg.Entry, pkg.EntryEvidence)
	}
	// An Angular app's build is a browser bundle, never a node entry.
	files["project.json"] = `{"name":"web","projectType":"application","targets":{"build":{"executor":"@nx/angular:application","options":{"outputPath":{"base":"dist/apps/web"},"browser":"src/main.ts"}}}}`
	if pkg := nodeProject(t, files).Packages[0]; strings.HasPrefix(pkg.Entry, "dist/") {
		t.Errorf("browser build taken as the entry: %q", pkg.Entry)
	}
	if got := nxOutputPath([]byte(`{"base":"dist/apps/shop","browser":""}`), "@nx/angular:application"); got != "dist/apps/shop" {
		t.Errorf("outputPath {base, browser: \"\"}: %q", got)
	}
	if got := nxOutputPath([]byte(`"dist/apps/shop"`), "@nx/angular:application"); got != "dist/apps/shop/browser" {
		t.Errorf("angular:application string outputPath: %q", got)
	}
}

func TestAstroAdapters(t *testing.T) {
	pj := `{"name":"site","scripts":{"build":"astro build"},"dependencies":{"astro":"5.14.1"}}`
	for _, tc := range []struct{ config, framework, entry string }{
		{"import { defineConfig } from 'astro/config';\nexport default defineConfig({});\n", "spa", ""},
		{"import node from \"@astrojs/node\";\nexport default { adapter: node({ mode: 'standalone' }) };\n", "astro", "dist/server/entry.mjs"},
		{"import vercel from '@astrojs/vercel';\nexport default { adapter: vercel() };\n", "hosted", ""},
	} {
		pkg := nodeProject(t, map[string]string{"package.json": pj, "astro.config.mjs": tc.config}).Packages[0]
		if pkg.Framework != tc.framework || pkg.Entry != tc.entry {
			t.Errorf("%q: framework %q entry %q, want %q %q", tc.config, pkg.Framework, pkg.Entry, tc.framework, tc.entry)
		}
		if tc.framework == "astro" && (pkg.HostEnv != "HOST" || pkg.Port != 4321) {
			t.Errorf("astro node: host env %q port %d", pkg.HostEnv, pkg.Port)
		}
		if tc.framework == "hosted" && !strings.Contains(pkg.EntryProblem, "@astrojs/node") {
			t.Errorf("hosted astro: problem %q does not name the node adapter", pkg.EntryProblem)
		}
	}
}

func TestHapiPortAndHost(t *testing.T) {
	pkg := nodeProject(t, map[string]string{
		"package.json": `{"name":"api","main":"index.js","dependencies":{"@hapi/hapi":"21.4.3"}}`,
		"index.js":     "const server = Hapi.server({ port: 8000, host: 'localhost' });\n",
	}).Packages[0]
	if pkg.Framework != "hapi" || pkg.Port != 8000 || !strings.Contains(pkg.Loopback, "index.js:1") || pkg.HostEnv != "" {
		t.Errorf("hapi: %+v", pkg)
	}
}
