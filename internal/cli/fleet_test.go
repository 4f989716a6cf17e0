package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// A fleet of repositories for report's tests: some written by dockerize
// init, some by hand in the shapes real projects ship, some broken.

func writeTree(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func goProject(goVersion string, port int) map[string]string {
	return map[string]string{
		"go.mod":  "module example.com/svc\n\ngo " + goVersion + "\n",
		"main.go": fmt.Sprintf("package main\n\nimport \"net/http\"\n\nfunc main() { _ = http.ListenAndServe(\":%d\", nil) }\n", port),
	}
}

func nodeProject(nvmrc string) map[string]string {
	return map[string]string{
		"package.json":      `{"name":"web","version":"1.0.0","scripts":{"start":"node server.js"}}` + "\n",
		"package-lock.json": `{"name":"web","version":"1.0.0","lockfileVersion":3,"requires":true,"packages":{"":{"name":"web","version":"1.0.0"}}}` + "\n",
		"server.js":         "require('http').createServer((q, s) => s.end('ok')).listen(3000)\n",
		".nvmrc":            nvmrc + "\n",
	}
}

func mavenProject(release string) map[string]string {
	return map[string]string{
		"pom.xml": `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>com.example</groupId>
  <artifactId>orders</artifactId>
  <version>1.0.0</version>
  <properties><maven.compiler.release>` + release + `</maven.compiler.release></properties>
  <build><plugins><plugin>
    <groupId>org.apache.maven.plugins</groupId>
    <artifactId>maven-jar-plugin</artifactId>
    <version>3.4.2</version>
    <configuration><archive><manifest><mainClass>com.example.App</mainClass></manifest></archive></configuration>
  </plugin></plugins></build>
</project>
`,
		"src/main/java/com/example/App.java": "package com.example;\n\npublic class App { public static void main(String[] args) {} }\n",
	}
}

// handWritten are Dockerfiles as teams write them, each with the row it
// must get: stack, findings "errors/warnings/infos", pinning, version. The
// findings are dockerize lint's in the repository, project rules included.
var handWritten = []struct {
	name, dockerfile string
	files            map[string]string
	stack, findings  string
	pinning, version string
}{
	{"quarkus-runtime", "FROM registry.access.redhat.com/ubi9/openjdk-21-runtime:1.23-6.1762849023\nCOPY --chown=185 target/quarkus-app/ /deployments/\nEXPOSE 8080\nUSER 185\nENTRYPOINT [\"/opt/jboss/container/java/run/run-java.sh\"]\n",
		mavenProject("21"), "maven", "0/0/0", "exact", "1.23"},
	{"spring-layered", "FROM eclipse-temurin:21 AS builder\nWORKDIR /application\nCOPY target/*.jar application.jar\nRUN java -Djarmode=layertools -jar application.jar extract\n\nFROM eclipse-temurin:21\nWORKDIR /application\nCOPY --from=builder /application/dependencies/ ./\nCOPY --from=builder /application/application/ ./\nEXPOSE 8080\nENTRYPOINT [\"java\", \"org.springframework.boot.loader.launch.JarLauncher\"]\n",
		mavenProject("21"), "maven", "1/2/0", "floating", "21"},
	{"nx-api", "FROM node:lts-alpine\nWORKDIR /app\nCOPY dist/apps/api ./\nUSER 1000:1000\nEXPOSE 3000\nCMD [\"node\", \"main.js\"]\n",
		nodeProject("22"), "node", "1/1/0", "floating", "lts"}, // DZ103: the project starts server.js, the image main.js
	{"distroless-go", "FROM golang:1.27.4-trixie AS build\nWORKDIR /src\nCOPY go.mod ./\nRUN --mount=type=cache,target=/go/pkg/mod go mod download\nCOPY . .\nRUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build CGO_ENABLED=0 go build -o /app .\n\nFROM gcr.io/distroless/static-debian13:nonroot@sha256:0000000000000000000000000000000000000000000000000000000000000000\nCOPY --from=build /app /app\nEXPOSE 8080\nENTRYPOINT [\"/app\"]\n",
		goProject("1.27.4", 8080), "go", "0/0/0", "digest", "debian13"},
	{"legacy-node", "FROM node:latest\nWORKDIR /app\nCOPY . .\nRUN npm install\nCMD npm start\n",
		nodeProject("20"), "node", "5/3/0", "floating", ""},
	{"old-go", "FROM golang:1.24.4-bookworm AS build\nWORKDIR /src\nCOPY go.mod ./\nRUN --mount=type=cache,target=/go/pkg/mod go mod download\nCOPY . .\nRUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build go build -o /app .\n\nFROM golang:1.24.4-bookworm\nCOPY --from=build /app /app\nUSER 65532:65532\nEXPOSE 8080\nENTRYPOINT [\"/app\"]\n",
		goProject("1.24.4", 8080), "go", "1/0/0", "exact", "1.24.4"},
	{"arg-base", "ARG NODE_VERSION=22.12.0\nFROM node:${NODE_VERSION}-bookworm-slim\nWORKDIR /app\nCOPY dist/ ./\nUSER 1000:1000\nEXPOSE 3000\nCMD [\"node\", \"main.js\"]\n",
		nodeProject("22"), "node", "1/0/0", "unknown", ""}, // DZ103 as nx-api
	{"no-dockerfile", "", goProject("1.26.3", 8080), "go", "", "", ""},
	{"docs-only", "", map[string]string{"README.md": "# docs\n"}, "-", "", "", ""},
	{"broken", "FROM\n", goProject("1.26.3", 8080), "go", "1/0/0", "", ""},
	{"<img src=x onerror=alert(1)>", "FROM alpine:3.20.3<script>alert(1)<\nUSER 1000\nEXPOSE 80\nCMD [\"/bin/true\"]\n",
		nil, "-", "1/1/0", "invalid", "3.20.3"},
}

// makeFleet writes n generated repositories (dockerize init on Go, Node and
// Maven projects) and every hand-written one under dir.
func makeFleet(t testing.TB, dir string, generated int) {
	t.Helper()
	gens := []func(i int) map[string]string{
		func(i int) map[string]string { return goProject([]string{"1.24.4", "1.26.3", "1.27.4"}[i%3], 8080+i) },
		func(i int) map[string]string { return nodeProject([]string{"22", "22.12.0", "24", "26"}[i%4]) },
		func(i int) map[string]string { return mavenProject([]string{"17", "21"}[i%2]) },
	}
	for i := 0; i < generated; i++ {
		repo := filepath.Join(dir, fmt.Sprintf("gen-%03d", i))
		writeTree(t, repo, gens[i%len(gens)](i/len(gens)))
		if code, _, stderr := runCLIQuiet(repo); code != 0 {
			t.Fatalf("dockerize init %s: exit %d: %s", repo, code, stderr)
		}
	}
	for _, h := range handWritten {
		repo := filepath.Join(dir, h.name)
		writeTree(t, repo, h.files)
		if h.files == nil {
			if err := os.MkdirAll(repo, 0o755); err != nil {
				t.Fatal(err)
			}
		}
		if h.dockerfile != "" {
			writeTree(t, repo, map[string]string{"Dockerfile": h.dockerfile})
		}
	}
	// A Dockerfile that is a symlink out of the repository is not followed.
	outside := filepath.Join(t.TempDir(), "Dockerfile")
	writeTree(t, filepath.Dir(outside), map[string]string{"Dockerfile": "FROM scratch\n"})
	link := filepath.Join(dir, "symlinked")
	writeTree(t, link, goProject("1.26.3", 8080))
	if err := os.Symlink(outside, filepath.Join(link, "Dockerfile")); err != nil {
		t.Fatal(err)
	}
}
