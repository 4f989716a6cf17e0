package golden

import (
	"sort"
	"testing"

	"golang.org/x/tools/txtar"
)

// neededCases are projects whose build needs a file that one of the
// built-in patterns would hide.
var neededCases = map[string]map[string]string{
	"go file named coverage.go": {
		"go.mod":      "module example.com/app\n\ngo 1.24.4\n",
		"main.go":     "package main\n\nfunc main() { report() }\n",
		"coverage.go": "package main\n\nfunc report() {}\n",
	},
	"go embeds dist": {
		"go.mod":          "module example.com/app\n\ngo 1.24.4\n",
		"main.go":         "package main\n\nimport \"embed\"\n\n//go:embed dist\nvar site embed.FS\n\nfunc main() { _ = site }\n",
		"dist/index.html": "<h1>hi</h1>\n",
		"dist/app.js":     "console.log(1)\n",
	},
	"go embeds a file in bin": {
		"go.mod":          "module example.com/app\n\ngo 1.24.4\n",
		"main.go":         "package main\n\nimport _ \"embed\"\n\n//go:embed bin/migrate.sql\nvar migrate string\n\nfunc main() { _ = migrate }\n",
		"bin/migrate.sql": "select 1;\n",
	},
	"go package named secrets": {
		"go.mod":                      "module example.com/app\n\ngo 1.24.4\n",
		"main.go":                     "package main\n\nimport \"example.com/app/internal/secrets\"\n\nfunc main() { secrets.Load() }\n",
		"internal/secrets/secrets.go": "package secrets\n\nfunc Load() {}\n",
	},
	"java package named build": {
		"pom.xml": `<project><modelVersion>4.0.0</modelVersion><groupId>g</groupId><artifactId>app</artifactId><version>1</version>
<properties><maven.compiler.release>17</maven.compiler.release></properties>
<build><plugins><plugin><artifactId>maven-jar-plugin</artifactId><configuration><archive><manifest><mainClass>org.example.build.Main</mainClass></manifest></archive></configuration></plugin></plugins></build></project>`,
		"src/main/java/org/example/build/Main.java": "package org.example.build;\n\npublic class Main { public static void main(String[] a) {} }\n",
	},
	"node runs a committed dist": {
		"package.json":      `{"name": "app", "scripts": {"start": "node dist/server.js"}}`,
		"package-lock.json": `{"name": "app", "lockfileVersion": 3, "requires": true, "packages": {"": {"name": "app"}}}`,
		"dist/server.js":    "require('http').createServer().listen(3000)\n",
	},
}

// TestBuiltInRulesNeverHideWhatTheBuildNeeds runs init on each project and
// checks, as TestIgnoreSendsWhatTheBuildUses does for the golden cases,
// that every file the build uses passes through the .dockerignore.
func TestBuiltInRulesNeverHideWhatTheBuildNeeds(t *testing.T) {
	for name, files := range neededCases {
		t.Run(name, func(t *testing.T) {
			ar := &txtar.Archive{}
			var names []string
			for n := range files {
				names = append(names, n)
			}
			sort.Strings(names)
			for _, n := range names {
				ar.Files = append(ar.Files, txtar.File{Name: n, Data: []byte(files[n])})
			}
			ar.Files = append(ar.Files, txtar.File{Name: "args", Data: []byte("--yes")})
			got := generate(t, ar)
			pm := matcher(t, got.files[".dockerignore"])
			used := usedFiles(t, ar, writeInput(t, ar), got.files["Dockerfile"])
			for _, n := range names {
				if _, ok := used[n]; !ok && n != "package-lock.json" {
					t.Errorf("the test does not see that the build uses %s", n)
				}
			}
			for f, why := range used {
				if excluded, _ := pm.MatchesOrParentMatches(f); excluded {
					t.Errorf(".dockerignore hides %s, which the build uses (%s):\n%s", f, why, got.files[".dockerignore"])
				}
			}
		})
	}
}
