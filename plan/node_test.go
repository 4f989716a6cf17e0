package plan

import (
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
		if got := pl.Node().InstallProd; got != c.prod {
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
		if pl.Node().LockStage != c.stage {
			t.Errorf("%s: lock stage %q, want %q", c.name, pl.Node().LockStage, c.stage)
		}
		if len(pl.Decisions) == 0 || pl.Decisions[0].Name != "warning" || !strings.Contains(pl.Decisions[0].Value, "no lockfile") {
			t.Errorf("%s: the first decision is not the no-lockfile warning: %v", c.name, pl.Decisions)
		}
		for _, m := range pl.Node().Manifests {
			for _, s := range m.Sources {
				if strings.Contains(s, "lock") {
					t.Errorf("%s: copies %s from the project, which has none", c.name, s)
				}
			}
		}
	}
}
