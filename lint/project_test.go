package lint

import (
	"strconv"
	"strings"
	"testing"

	"github.com/dockerize-dev/dockerize/detect"
)

func fact(v, ev string) detect.Fact { return detect.Fact{Value: v, Evidence: ev} }

// Each project rule on the shapes real Dockerfiles have: the finding names
// the rule, the line, and the project's evidence; the fitting file has none.
func TestCheckProject(t *testing.T) {
	goMod := Project{Stack: detect.Go, Version: fact("1.24.6", "go.mod:5: toolchain go1.24.6")}
	nvmrc := Project{Stack: detect.Node, Version: fact("22", ".nvmrc: 22")}
	engines := Project{Stack: detect.Node, Engines: fact(">=20 <23", "package.json: engines.node")}
	pom := Project{Stack: detect.Maven, Version: fact("21", "pom.xml:12: maven.compiler.release 21")}
	port := Project{Stack: detect.Go, Port: fact("8080", `main.go:9: http.ListenAndServe(":8080")`)}
	goMain := Project{Stack: detect.Go, Entry: fact("./cmd/api", "cmd/api/main.go: package main")}
	nodeStart := Project{Stack: detect.Node, Entry: fact("dist/main.js", `package.json: scripts.start "node dist/main.js"`)}
	jar := Project{Stack: detect.Maven, Entry: fact("orders-1.4.0.jar", "the jar the pom builds")}
	npmLock := Project{Stack: detect.Node, Lockfile: fact("package-lock.json", "package-lock.json in the project root")}
	pyVersion := Project{Stack: detect.Python, Version: fact("3.12", ".python-version: 3.12")}
	pyApp := Project{Stack: detect.Python, Entry: fact("app.main:app", "app/main.py:5: app = FastAPI()")}
	rustVersion := Project{Stack: detect.Rust, Version: fact("1.88", "Cargo.toml: rust-version = \"1.88\"")}
	rustBin := Project{Stack: detect.Rust, Entry: fact("api", "src/bin/api.rs")}
	ignore := func(p Project, text string, needed ...string) Project {
		p.DockerIgnore = []byte(text)
		for _, n := range needed {
			p.Needed = append(p.Needed, fact(n, "the module's go.mod"))
		}
		return p
	}
	for _, c := range []struct {
		name    string
		project Project
		df      string
		want    []string // rule@line: message parts; none = fits
	}{
		{"go too old for the toolchain line", goMod, "FROM golang:1.19 AS build\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\n",
			[]string{"DZ101@1", "Go 1.19", "Go 1.24.6 or newer", "go.mod:5: toolchain go1.24.6", "the build fails"}},
		{"go minor covers the patch", goMod, "FROM golang:1.24-bookworm AS build\nFROM scratch\n", nil},
		{"go newer", goMod, "FROM golang:1.27.4-bookworm AS build\nFROM scratch\n", nil},
		{"go through a mirror", goMod, "FROM mirror.example/library/golang:1.22.3 AS build\nFROM scratch\n", []string{"DZ101@1", "Go 1.22.3"}},
		{"node major differs from .nvmrc", nvmrc, "FROM node:20-alpine\nCMD [\"node\", \"x.js\"]\n", []string{"DZ101@1", "Node.js 20", "Node.js 22 (.nvmrc: 22)"}},
		{"node major matches", nvmrc, "FROM node:22.12.0-bookworm-slim\n", nil},
		{"node outside engines", engines, "FROM node:lts-alpine AS build\nFROM node:24-bookworm-slim\n", []string{"DZ101@2", `engines.node ">=20 <23" does not allow it (package.json: engines.node)`}},
		{"node inside engines", engines, "FROM node:22-bookworm-slim\n", nil},
		{"java build and runtime too old", pom, "FROM maven:3.9.9-eclipse-temurin-17 AS build\nFROM eclipse-temurin:17.0.21.1_2-jre\n",
			[]string{"DZ101@1", "Java 17", "Java 21 (pom.xml:12: maven.compiler.release 21)", "DZ101@2"}},
		{"java distroless too old", pom, "FROM maven:3.9.9-eclipse-temurin-21 AS build\nFROM gcr.io/distroless/java17-debian12:nonroot\n", []string{"DZ101@2", "Java 17"}},
		{"java fits", pom, "FROM maven:3.9.9-eclipse-temurin-21 AS build\nFROM eclipse-temurin:21-jre\n", nil},
		{"expose another port", port, "FROM scratch\nEXPOSE 3000\n", []string{"DZ102@2", "EXPOSE 3000", "listens on 8080", `main.go:9: http.ListenAndServe(":8080")`}},
		{"expose the port", port, "FROM scratch\nEXPOSE 8080/tcp\n", nil},
		{"no expose is DZ006's", port, "FROM scratch\n", nil},
		{"go builds another main", goMain, "FROM golang:1.27.4 AS build\nRUN go build -o /out/w ./cmd/worker\nFROM scratch\nCOPY --from=build /out/w /w\nENTRYPOINT [\"/w\"]\n",
			[]string{"DZ103@3", "never builds the main package ./cmd/api (cmd/api/main.go: package main)"}},
		{"go builds the main", goMain, "FROM golang:1.27.4 AS build\nRUN go build -o /out/api ./cmd/api\nFROM scratch\n", nil},
		{"node starts another file", nodeStart, "FROM node:22\nCOPY dist/ ./dist/\nCMD [\"node\", \"dist/server.js\"]\n", []string{"DZ103@3", "does not start dist/main.js", "scripts.start"}},
		{"node npm start", nodeStart, "FROM node:22\nCMD [\"npm\", \"start\"]\n", nil},
		{"node starts the file", nodeStart, "FROM node:22\nCMD [\"node\", \"dist/main.js\"]\n", nil},
		{"python line differs from .python-version", pyVersion, "FROM python:3.11.14-bookworm AS build\nFROM python:3.11.14-slim-bookworm\n",
			[]string{"DZ101@1", "Python 3.11.14", "pins Python 3.12 (.python-version: 3.12)", "DZ101@2"}},
		{"python patch of the line", pyVersion, "FROM python:3.12.8-bookworm AS build\nFROM python:3.12-slim\n", nil},
		{"rust older than rust-version", rustVersion, "FROM rust:1.80-bookworm AS build\nFROM gcr.io/distroless/cc-debian12:nonroot\n",
			[]string{"DZ101@1", "Rust 1.80", "Rust 1.88 (Cargo.toml: rust-version", "cargo refuses"}},
		{"rust newer", rustVersion, "FROM rust:1.95.0-bookworm AS build\nFROM scratch\n", nil},
		{"python runs another app", pyApp, "FROM python:3.12\nCMD [\"uvicorn\", \"main:app\", \"--host\", \"0.0.0.0\"]\n", []string{"DZ103@2", "does not run app.main:app"}},
		{"python runs the app", pyApp, "FROM python:3.12\nCMD [\"uvicorn\", \"app.main:app\", \"--host\", \"0.0.0.0\"]\n", nil},
		{"rust builds and runs another binary", rustBin, "FROM rust:1.95 AS build\nRUN cargo build --release --bin worker\nFROM scratch\nCOPY --from=build /src/target/release/worker /worker\nENTRYPOINT [\"/worker\"]\n",
			[]string{"DZ103@5", "neither builds nor runs the binary api (src/bin/api.rs)"}},
		{"rust builds the binary", rustBin, "FROM rust:1.95 AS build\nRUN cargo build --release --bin api\nFROM scratch\nCOPY --from=build /src/target/release/api /api\nENTRYPOINT [\"/api\"]\n", nil},
		{"maven runs another jar", jar, "FROM eclipse-temurin:21-jre\nCOPY target/billing-2.0.jar /app/app.jar\nENTRYPOINT [\"java\", \"-jar\", \"/app/app.jar\"]\n", []string{"DZ103@3", "orders-1.4.0.jar"}},
		{"maven wildcard jar", jar, "FROM eclipse-temurin:21-jre\nCOPY target/*.jar /app/app.jar\n", nil},
		{"lockfile copied, npm install ignores it", npmLock, "FROM node:22\nCOPY package.json package-lock.json ./\nRUN npm install\n",
			[]string{"DZ104@3", "package-lock.json is copied (line 2)", `"npm install" does not install from it`}},
		{"npm ci uses it", npmLock, "FROM node:22\nCOPY package.json package-lock.json ./\nRUN npm ci\n", nil},
		{"yarn without frozen", Project{Stack: detect.Node, Lockfile: fact("yarn.lock", "yarn.lock in the project root")}, "FROM node:22\nCOPY package.json yarn.lock ./\nRUN yarn install\n", []string{"DZ104@3", "yarn.lock"}},
		{"yarn immutable", Project{Stack: detect.Node, Lockfile: fact("yarn.lock", "")}, "FROM node:22\nCOPY package.json yarn.lock ./\nRUN yarn install --immutable\n", nil},
		{"copies a lockfile the project lacks", npmLock, "FROM node:22\nCOPY package.json yarn.lock ./\nRUN yarn install --frozen-lockfile\n", []string{"DZ104@2", "COPY yarn.lock, but the project's lockfile is package-lock.json"}},
		{"dockerignore hides a copied file", ignore(npmLock, "*.json\n"), "FROM node:22\nCOPY package.json package-lock.json ./\nRUN npm ci\n",
			[]string{"DZ105@2", `COPY package.json, but .dockerignore's "*.json" hides it`, "package-lock.json"}},
		{"dockerignore hides a needed file from COPY . .", ignore(goMod, "go.*\n", "go.mod"), "FROM golang:1.27.4 AS build\nCOPY . .\nFROM scratch\n",
			[]string{"DZ105@2", `the build needs go.mod (the module's go.mod), but .dockerignore's "go.*" leaves it out of COPY .`}},
		{"dockerignore exception", ignore(goMod, "go.*\n!go.mod\n", "go.mod"), "FROM golang:1.27.4 AS build\nCOPY . .\nFROM scratch\n", nil},
		{"dockerignore hides a directory", ignore(goMod, "cmd\n", "cmd/api"), "FROM golang:1.27.4 AS build\nCOPY . .\nFROM scratch\n", []string{"DZ105@2", "cmd/api"}},
		{"ignore comment", port, "FROM scratch\n# dockerize-lint ignore=DZ102\nEXPOSE 3000\n", nil},
	} {
		findings, err := CheckProject([]byte(c.df), c.project, Options{})
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		var got []string
		for _, f := range findings {
			got = append(got, f.Rule+"@"+strconv.Itoa(f.Line)+": "+f.Message)
		}
		all := strings.Join(got, "\n")
		if c.want == nil {
			if len(findings) != 0 {
				t.Errorf("%s: want no finding, got\n%s", c.name, all)
			}
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(all, w) {
				t.Errorf("%s: findings lack %q:\n%s", c.name, w, all)
			}
		}
	}
}

func TestCheckProjectDisable(t *testing.T) {
	p := Project{Stack: detect.Go, Port: fact("8080", "main.go:9")}
	for _, id := range []string{"DZ102", "expose-detected-port"} {
		findings, err := CheckProject([]byte("FROM scratch\nEXPOSE 3000\n"), p, Options{Disable: []string{id}})
		if err != nil || len(findings) != 0 {
			t.Errorf("--disable %s: %v %v", id, findings, err)
		}
	}
	if !Known("DZ105") || !Known("dockerignore-hides-needed") {
		t.Errorf("project rules are not known to --disable")
	}
}

// Which RUN lines count as installs, and which honour a yarn lockfile.
func TestInstallHonoursLockfile(t *testing.T) {
	for text, want := range map[string]bool{
		"yarn":                       true,
		"yarn --production":          true,
		"yarn install && yarn build": true,
		"yarn build":                 false,
		"yarn workspaces focus --all --production": true,
		"npm run build":                         false,
		"npm ci --omit=dev":                     true,
		"pnpm install --frozen-lockfile --prod": true,
	} {
		if got := installCmd.MatchString(text); got != want {
			t.Errorf("installCmd(%q) = %v, want %v", text, got, want)
		}
	}
	for text, want := range map[string]bool{
		"yarn install --immutable":                 true,
		"yarn workspaces focus --all --production": true,
		"yarn install":                             false,
		"YARN_ENABLE_IMMUTABLE_INSTALLS=true yarn": true,
	} {
		if got := lockfiles["yarn.lock"].MatchString(text); got != want {
			t.Errorf("yarn.lock honoured by %q = %v, want %v", text, got, want)
		}
	}
}
