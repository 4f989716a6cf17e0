package render

import (
	"bytes"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dockerize-dev/dockerize/detect"
	"github.com/dockerize-dev/dockerize/plan"
	"github.com/dockerize-dev/dockerize/templates"
)

// minimalPlans has one small valid plan per stack with templates, so every
// embedded template is executed.
func minimalPlans() []*plan.Plan {
	return []*plan.Plan{{
		Stack: detect.Go, Generator: "dockerize test", Name: "app", Port: 8080, UID: 1, GID: 1,
		BuildImage: "golang:1.24-bookworm", RuntimeImage: "gcr.io/distroless/static-debian12:nonroot",
		Labels: []plan.Label{{Key: "a", Value: "b"}},
		Go:     &plan.GoPlan{Version: "1.24", Package: ".", Binary: "app", Download: true, Manifests: []plan.Copy{{Sources: []string{"go.mod"}, Dest: "./"}}},
	}, {
		Stack: detect.Node, Generator: "dockerize test", Name: "app", Port: 3000, UID: 1000, GID: 1000,
		BuildImage: "node:22-bookworm", RuntimeImage: "node:22-bookworm-slim",
		Labels: []plan.Label{{Key: "a", Value: "b"}},
		Node: &plan.NodePlan{Version: "22", PackageManager: "npm", Manifests: []plan.Copy{{Sources: []string{"package.json", "package-lock.json"}, Dest: "./"}},
			Install: "npm ci", InstallProd: "npm ci --omit=dev", CacheTarget: "/root/.npm", Kind: "server", Entry: "index.js", AppDir: ".", Tini: "0.19.0-1"},
	}, {
		Stack: detect.Maven, Generator: "dockerize test", Name: "app", Port: 8080, UID: 10001, GID: 10001,
		BuildImage: "maven:3.9.9-eclipse-temurin-21", RuntimeImage: "eclipse-temurin:21-jre",
		Labels: []plan.Label{{Key: "a", Value: "b"}},
		Maven: &plan.MavenPlan{JavaVersion: "21", POMs: []plan.Copy{{Sources: []string{"pom.xml"}, Dest: "./"}}, GoOffline: "mvn -B dependency:go-offline",
			Package: "mvn -B package -DskipTests", Layout: "jar", Jar: "target/app.jar", JarName: "app.jar", Entrypoint: []string{"java", "-jar", "/app/app.jar"}},
	}}
}

func TestEveryStackTemplateRenders(t *testing.T) {
	stacks := map[string]bool{}
	entries, _ := templates.FS.ReadDir(".")
	for _, e := range entries {
		if e.IsDir() && e.Name() != "partials" {
			stacks[e.Name()] = false
		}
	}
	for _, p := range minimalPlans() {
		files, err := Render(p, templates.FS)
		if err != nil {
			t.Fatalf("%s: %v", p.Stack, err)
		}
		stacks[string(p.Stack)] = true
		for _, f := range files {
			if !bytes.HasSuffix(f.Data, []byte("\n")) || bytes.HasSuffix(f.Data, []byte("\n\n")) {
				t.Errorf("%s/%s does not end in exactly one newline", p.Stack, f.Path)
			}
			if bytes.Contains(f.Data, []byte(" \n")) {
				t.Errorf("%s/%s has trailing spaces", p.Stack, f.Path)
			}
		}
	}
	for s, done := range stacks {
		if !done {
			t.Errorf("templates/%s has no minimal plan in this test", s)
		}
	}
}

func TestBrokenTemplateNamesFileAndLine(t *testing.T) {
	tfs := fstest.MapFS{
		"go/Dockerfile.tmpl":    {Data: []byte("FROM x\n{{ .Nope }\n")},
		"go/dockerignore.tmpl":  {Data: []byte("x\n")},
		"partials/partial.tmpl": {Data: []byte("")},
	}
	_, err := Render(minimalPlans()[0], tfs)
	if err == nil || !strings.Contains(err.Error(), "Dockerfile.tmpl:2") {
		t.Errorf("err = %v, want the file and line", err)
	}
	tfs["go/Dockerfile.tmpl"] = &fstest.MapFile{Data: []byte("FROM {{ .NoSuchField }}\n")}
	_, err = Render(minimalPlans()[0], tfs)
	if err == nil || !strings.Contains(err.Error(), "NoSuchField") {
		t.Errorf("err = %v, want the unknown field named", err)
	}
}

func TestNormalize(t *testing.T) {
	got := string(normalize([]byte("\n\nFROM a  \n\n\n\nRUN b\t\n\n")))
	if got != "FROM a\n\nRUN b\n" {
		t.Errorf("normalize = %q", got)
	}
}
