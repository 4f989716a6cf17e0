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
