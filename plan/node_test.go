package plan

import (
	"errors"
	"strings"
	"testing"
)

func TestNodeInstallScripts(t *testing.T) {
	cases := []struct {
		name, pkg, lock, prod string
		extra                 map[string]string
	}{
		{"no scripts", `{"scripts":{"start":"node index.js"}}`, "package-lock.json", "npm ci --omit=dev", nil},
		{"husky prepare", `{"scripts":{"start":"node index.js","prepare":"husky"}}`, "package-lock.json", "npm ci --omit=dev --ignore-scripts \\\n    && npm rebuild", nil},
		{"prisma postinstall", `{"scripts":{"start":"node index.js","postinstall":"prisma generate"}}`, "package-lock.json", "npm ci --omit=dev --ignore-scripts \\\n    && npm rebuild", nil},
		{"pnpm", `{"packageManager":"pnpm@9.15.9","scripts":{"start":"node index.js","prepare":"is-ci || husky"}}`, "pnpm-lock.yaml", "pnpm install --frozen-lockfile --prod --ignore-scripts \\\n    && pnpm rebuild", nil},
		{"yarn classic", `{"scripts":{"start":"node index.js","preinstall":"node check.js"}}`, "yarn.lock", "yarn install --frozen-lockfile --production --ignore-scripts \\\n    && npm rebuild", nil},
	}
	for _, c := range cases {
		files := map[string]string{"package.json": c.pkg, c.lock: "", "index.js": "require('http').createServer().listen(3000)\n"}
		pl, err := newPlan(project(t, files), Answers{Version: "t"})
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got := pl.Node().InstallProd.String(); got != c.prod {
			t.Errorf("%s: production install %q, want %q", c.name, got, c.prod)
		}
		said := false
		for _, d := range pl.Decisions {
			if d.Name == "install scripts" {
				said = true
				if !strings.Contains(d.Evidence, "package.json: scripts.") {
					t.Errorf("%s: evidence %q does not name the script", c.name, d.Evidence)
				}
			}
		}
		if said != strings.Contains(c.prod, "--ignore-scripts") {
			t.Errorf("%s: header decision present = %v", c.name, said)
		}
	}
}

func TestNodeNoLockfile(t *testing.T) {
	files := func(pkg string) map[string]string {
		return map[string]string{"package.json": pkg, "index.js": "require('http').createServer().listen(3000)\n"}
	}
	cases := []struct {
		name, pkg string
		a         Answers
		stage     string
		refused   string
	}{
		{"npm", `{"scripts":{"start":"node index.js"}}`, Answers{}, "npm install --package-lock-only --ignore-scripts", ""},
		{"pnpm", `{"packageManager":"pnpm@9.15.9","scripts":{"start":"node index.js"}}`, Answers{}, "pnpm install --lockfile-only --ignore-scripts", ""},
		{"required", `{"scripts":{"start":"node index.js"}}`, Answers{Values: map[string]string{"require-lockfile": "true"}}, "", "run `npm install --package-lock-only` and commit the lockfile"},
		{"yarn has no lock-only mode", `{"packageManager":"yarn@1.22.22","scripts":{"start":"node index.js"}}`, Answers{}, "", "run `yarn install` and commit the lockfile"},
	}
	for _, c := range cases {
		c.a.Version = "t"
		pl, err := newPlan(project(t, files(c.pkg)), c.a)
		if c.refused != "" {
			if err == nil || !strings.Contains(err.Error(), c.refused) {
				t.Errorf("%s: err %v, want %q", c.name, err, c.refused)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if ls := pl.Node().LockStage; ls == nil || ls.String() != c.stage {
			t.Errorf("%s: lock stage %v, want %q", c.name, ls, c.stage)
		}
		if len(pl.Decisions) == 0 || pl.Decisions[0].Name != "warning" || !strings.Contains(pl.Decisions[0].Value, "no lockfile") {
			t.Errorf("%s: the first decision is not the no-lockfile warning: %v", c.name, pl.Decisions)
		}
		for _, m := range pl.Node().Manifests {
			for _, s := range m.Sources {
				if strings.Contains(s.String(), "lock") {
					t.Errorf("%s: copies %s from the project, which has none", c.name, s)
				}
			}
		}
	}
}

func TestNodeVersionWithNoImage(t *testing.T) {
	cases := []struct{ nvmrc, want, why string }{
		{"22.12.0", "22.12.0", ".nvmrc: 22.12.0"},
		{"18", "18", ".nvmrc: 18"},
		{"16.18.0", "22.23.3", "Node.js 16 is no longer supported and has no bookworm image"},
		{"v14", "22.23.3", "Node.js 14 is no longer supported"},
	}
	for _, c := range cases {
		files := map[string]string{"package.json": `{"scripts":{"start":"node index.js"}}`, "package-lock.json": "{}", ".nvmrc": c.nvmrc + "\n", "index.js": ""}
		pl, err := newPlan(project(t, files), Answers{Version: "t"})
		if err != nil {
			t.Fatalf("%s: %v", c.nvmrc, err)
		}
		if pl.Node().Version != c.want {
			t.Errorf(".nvmrc %s: version %s, want %s", c.nvmrc, pl.Node().Version, c.want)
		}
		for _, d := range pl.Decisions {
			if d.Name == "node version" && !strings.Contains(d.Evidence, c.why) {
				t.Errorf(".nvmrc %s: evidence %q, want %q", c.nvmrc, d.Evidence, c.why)
			}
		}
	}
}

func TestNodePrismaAndNextStart(t *testing.T) {
	files := map[string]string{
		"package.json":      `{"name":"web","scripts":{"build":"next build","start":"next start","postinstall":"prisma generate"},"dependencies":{"next":"15.1.0","@prisma/client":"^6"},"devDependencies":{"prisma":"^6"},"prisma":{"schema":"db/schema.prisma"}}`,
		"package-lock.json": "{}",
		"next.config.mjs":   "export default { reactStrictMode: true };\n",
		"db/schema.prisma":  "generator client { provider = \"prisma-client-js\" }\n",
	}
	pl, err := newPlan(project(t, files), Answers{Version: "t"})
	if err != nil {
		t.Fatal(err)
	}
	n := pl.Node()
	if got := strings.Join(n.Cmd.Args(), " "); got != "node node_modules/next/dist/bin/next start" || n.Kind != NodeServer || n.OutDir.String() != ".next" {
		t.Errorf("next without standalone: kind %s cmd %q outDir %s", n.Kind, got, n.OutDir)
	}
	if n.Generate == nil || n.Generate.String() != "npx --no-install prisma generate --schema db/schema.prisma" {
		t.Errorf("prisma: generate %q", n.Generate)
	}
	if !strings.Contains(n.Install.String(), "--ignore-scripts") || !strings.Contains(n.InstallProd.String(), "--ignore-scripts") {
		t.Errorf("postinstall prisma generate must not run in the installs: %q / %q", n.Install, n.InstallProd)
	}
	said := map[string]string{}
	for _, d := range pl.Decisions {
		said[d.Name] = d.Value + " (" + d.Evidence + ")"
	}
	if !strings.Contains(said["start"], "next.config.mjs does not set output: 'standalone'") {
		t.Errorf("the header must name the config file to change: %s", said["start"])
	}
	if pl.PortEnv == nil || pl.PortEnv.String() != "PORT" || pl.Port != 3000 {
		t.Errorf("port %d env %s", pl.Port, pl.PortEnv)
	}
	files["next.config.mjs"] = "export default { output: 'standalone' };\n"
	pl, err = newPlan(project(t, files), Answers{Version: "t"})
	if err != nil || pl.Node().Kind != NodeNext {
		t.Errorf("standalone: %v %v", pl.Node().Kind, err)
	}
}

func TestNodeYarnPnP(t *testing.T) {
	files := map[string]string{
		"package.json":                  `{"name":"pnp","packageManager":"yarn@3.1.1","scripts":{"start":"yarn node index.js"},"dependencies":{"express":"^4"}}`,
		"yarn.lock":                     "",
		".yarnrc.yml":                   "yarnPath: .yarn/releases/yarn-3.1.1.cjs\n",
		".yarn/releases/yarn-3.1.1.cjs": "",
		".yarn/cache/express-npm-4.zip": "",
		".pnp.cjs":                      "",
		"index.js":                      "require('express')().listen(3000)\n",
	}
	pl, err := newPlan(project(t, files), Answers{Version: "t"})
	if err != nil {
		t.Fatal(err)
	}
	n := pl.Node()
	if got := strings.Join(n.Cmd.Args(), " "); got != "node -r ./.pnp.cjs index.js" || !n.PnP {
		t.Errorf("pnp: cmd %q", got)
	}
	if len(n.Manifests) != 2 || n.Manifests[1].Sources.String() != ".yarn" {
		t.Errorf("the .yarn folder is not copied before the install: %+v", n.Manifests)
	}
	if strings.Contains(pl.Ignore.String(), "\n.yarn/cache\n") {
		t.Errorf(".dockerignore hides the zero-install cache:\n%s", pl.Ignore)
	}
	delete(files, ".yarn/releases/yarn-3.1.1.cjs")
	files["package.json"] = `{"name":"pnp","scripts":{"start":"node index.js"}}`
	if _, err := newPlan(project(t, files), Answers{Version: "t"}); err == nil || !strings.Contains(err.Error(), "packageManager") {
		t.Errorf("berry without a version: %v", err)
	}
}

// An .nvmrc that names no version (an nvm alias) is not silently dropped:
// the default's evidence says what was read and why it was not taken.
func TestNvmrcAliasIsNamed(t *testing.T) {
	pl, err := newPlan(project(t, map[string]string{
		"package.json":      `{"name":"a","version":"1.0.0","scripts":{"start":"node server.js"}}`,
		"package-lock.json": `{"name":"a","version":"1.0.0","lockfileVersion":3,"requires":true,"packages":{"":{"name":"a","version":"1.0.0"}}}`,
		"server.js":         "require('http').createServer(() => {}).listen(3000)\n",
		".nvmrc":            "lts/*\n",
	}), Answers{Version: "t"})
	if err != nil {
		t.Fatal(err)
	}
	if got := decisions(pl, "node version"); !strings.Contains(got, `.nvmrc holds "lts/*", not a major or exact version`) || !strings.Contains(got, "--node-version") {
		t.Errorf("node version evidence %q, want it to name .nvmrc's alias and the flag", got)
	}
}

func TestNxApplicationsAreAChoice(t *testing.T) {
	files := map[string]string{
		"package.json":            `{"name":"shop","scripts":{"build":"nx build"},"devDependencies":{"nx":"21.6.5","vite":"6.3.6"}}`,
		"package-lock.json":       `{"name":"shop","lockfileVersion":3,"packages":{}}`,
		"apps/web/project.json":   `{"name":"web","projectType":"application","targets":{"build":{"executor":"@nx/vite:build","options":{"outputPath":"dist/apps/web"}}}}`,
		"apps/admin/project.json": `{"name":"admin","projectType":"application","targets":{"build":{"outputs":["{projectRoot}/dist"]}}}`,
		"apps/api/project.json":   `{"name":"api","projectType":"application","targets":{"build":{"executor":"@nx/esbuild:esbuild","options":{"outputPath":"dist/apps/api","main":"apps/api/src/main.ts"}}}}`,
		"libs/ui/project.json":    `{"name":"ui","projectType":"library"}`,
	}
	_, err := newPlan(project(t, files), Answers{Version: "t"})
	var missing *MissingError
	if !errors.As(err, &missing) || missing.Question.Name != "path" || strings.Join(missing.Question.Options, ",") != "apps/admin,apps/web" {
		t.Fatalf("two browser apps (the node bundle is no site): err = %v", err)
	}
	for dir, want := range map[string]string{"apps/web": "dist/apps/web", "./apps/admin": "apps/admin/dist"} {
		pl, err := newPlan(project(t, files), Answers{Values: map[string]string{"path": dir}, Version: "t"})
		if err != nil {
			t.Fatal(err)
		}
		name := strings.TrimPrefix(dir, "./apps/")
		name = strings.TrimPrefix(name, "apps/")
		if pl.Node().OutDir.String() != want || pl.Node().Build.String() != "npx --no-install nx build "+name {
			t.Errorf("--path %s: out %s, build %s", dir, pl.Node().OutDir, pl.Node().Build)
		}
	}
}
