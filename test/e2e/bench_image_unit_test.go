//go:build e2e

package e2e

import (
	"archive/tar"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
)

func TestImageFactsClassify(t *testing.T) {
	var f imageFacts
	for _, e := range []struct {
		name string
		typ  byte
	}{
		{"bin/", tar.TypeDir},
		{"bin/sh", tar.TypeSymlink},
		{"usr/bin/apt-get", tar.TypeReg},
		{"usr/local/bin/npm", tar.TypeSymlink},
		{"usr/local/lib/node_modules/npm/bin/npm", tar.TypeReg},
		{"app/node_modules/.bin/yarn", tar.TypeSymlink}, // a dependency's bin, not the image's package manager
		{"app/server.js", tar.TypeReg},
		{"./usr/local/bin/node", tar.TypeReg},
	} {
		f.classify(e.name, e.typ)
	}
	f.managers = uniqueSorted(f.managers)
	if f.files != 7 {
		t.Errorf("files = %d, want 7 (directories are not counted)", f.files)
	}
	if !reflect.DeepEqual(f.shell, []string{"bin/sh"}) {
		t.Errorf("shell = %v, want [bin/sh]", f.shell)
	}
	if !reflect.DeepEqual(f.managers, []string{"apt-get", "npm"}) {
		t.Errorf("managers = %v, want [apt-get npm]", f.managers)
	}
}

const plainLog = `#1 [internal] load build definition from Dockerfile
#1 DONE 0.0s
#5 [base 2/3] WORKDIR /app
#5 CACHED
#7 [tini 1/1] RUN apt-get update
#7 0.512 Get:1 http://deb.debian.org/debian bookworm InRelease
#6 [base 3/3] RUN npm install --global corepack@0.36.0
#6 DONE 8.2s
#7 DONE 23.6s
`

func TestTimeline(t *testing.T) {
	got := steps(plainLog)
	want := []step{
		{id: 1, name: "[internal] load build definition from Dockerfile"},
		{id: 5, name: "[base 2/3] WORKDIR /app", cached: true},
		{id: 7, name: "[tini 1/1] RUN apt-get update", took: 23600 * time.Millisecond},
		{id: 6, name: "[base 3/3] RUN npm install --global corepack@0.36.0", took: 8200 * time.Millisecond},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("steps:\n%+v\nwant:\n%+v", got, want)
	}
	tl := timeline("x:dockerize", 33*time.Second, plainLog)
	slowest := strings.Index(tl, "23.6 s  [tini 1/1] RUN apt-get update")
	next := strings.Index(tl, "8.2 s  [base 3/3]")
	if slowest < 0 || next < slowest || strings.Contains(tl, "s  [internal]") || !strings.Contains(tl, "WORKDIR /app (cached)") {
		t.Errorf("timeline does not list the steps slowest first:\n%s", tl)
	}
	if !strings.HasSuffix(tl, plainLog) {
		t.Error("timeline does not end with the whole log")
	}
}

func TestImageColumns(t *testing.T) {
	d := measure{startup: 1500 * time.Millisecond, facts: imageFacts{files: 120}}
	n := measure{startup: 3 * time.Second, facts: imageFacts{files: 9000, shell: []string{"bin/sh"}, managers: []string{"apt-get", "npm"}}}
	want := " 1.50 / 3.00 (0.50x) | 120 / 9000 | no / yes | no / apt-get npm |"
	if got := imageColumns(d, n); got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	if got := imageColumns(measure{}, n); !strings.HasPrefix(got, " n/a / 3.00 (0x) | n/a / 9000") {
		t.Errorf("unmeasured figures should read n/a: %q", got)
	}
}

func TestFailureLine(t *testing.T) {
	for _, c := range []struct{ log, want string }{
		{"#6 [4/4] RUN go build -o /app .\n#6 sha256:4d85\n#6 0.157 /bin/sh: 1: go: not found\n#6 ERROR: executor failed running [/bin/sh -c go build -o /app .]: exit code: 127\n",
			"/bin/sh: 1: go: not found"},
		{"#8 2.070 [INFO] Downloading from central: https://repo.maven.apache.org/maven2/x.pom\n#8 2.199 [INFO] Required toolchain: jdk [ version='[17,)' ]\n#8 2.201 [ERROR] No toolchain found for type jdk\n#8 2.202 [INFO] BUILD FAILURE\n",
			"No toolchain found for type jdk"},
		{"#5 0.412 ui/serve.go:10:12: pattern build/*: no matching files found\n", "ui/serve.go:10:12: pattern build/*: no matching files found"},
		{"#5 0.100 compiling\n#5 0.200 exit 3\n", "exit 3"},
		{"#5 ERROR: failed to copy\n", "see the log"},
	} {
		if got := failureLine(c.log); got != c.want {
			t.Errorf("failureLine(%q) = %q, want %q", c.log, got, c.want)
		}
	}
}

func TestRowNaiveFails(t *testing.T) {
	d := measure{cold: 15 * time.Second, rebuild: 700 * time.Millisecond, size: 6e6, pushed: 5.78e6, startup: 270 * time.Millisecond,
		facts: imageFacts{files: 11}}
	got := rowNaiveFails("go-embed-ui", d, "a | b")
	want := "| go-embed-ui (the naive build fails: a \\| b) | 15.0 / fails | 0.7 / fails | 6.0 / fails | 5.78 / fails | 0.27 / fails | 11 / fails | no / fails | no / fails |"
	if got != want {
		t.Errorf("rowNaiveFails:\n got %s\nwant %s", got, want)
	}
	if cells := strings.Count(got, " | ") + 1; cells != strings.Count(imageColumnsHeader, "|")+5 {
		t.Errorf("the row has %d cells, the header %d", cells, strings.Count(imageColumnsHeader, "|")+5)
	}
}

func TestBaseImages(t *testing.T) {
	for _, c := range []struct {
		df, froms, build string
	}{
		// Go with a web UI: the first stage is Node.js, the build is Go.
		{"FROM node:26 AS ui\nFROM golang:1.26 AS build\nFROM gcr.io/distroless/static\n", "node:26 golang:1.26 gcr.io/distroless/static", "golang:1.26"},
		// Node.js: build is FROM deps, FROM pm, FROM base.
		{"FROM node:22 AS base\nFROM base AS pm\nFROM pm AS deps\nFROM deps AS build\nFROM node:22 AS tini\nFROM gcr.io/distroless/cc\n", "node:22 gcr.io/distroless/cc", "node:22"},
		// No stage named build: the first base image.
		{"FROM maven:3 AS jre\nFROM eclipse-temurin:21-jre\n", "maven:3 eclipse-temurin:21-jre", "maven:3"},
		{"FROM golang:1.26 AS Build\nFROM scratch\n", "golang:1.26", "golang:1.26"},
	} {
		res, err := parser.Parse(strings.NewReader(c.df))
		if err != nil {
			t.Fatal(err)
		}
		stages, _, err := instructions.Parse(res.AST, nil)
		if err != nil {
			t.Fatal(err)
		}
		froms, build, err := baseImages(stages)
		if err != nil || strings.Join(froms, " ") != c.froms || build != c.build {
			t.Errorf("baseImages(%q) = %v, %q, %v; want %s, %s", c.df, froms, build, err, c.froms, c.build)
		}
	}
	res, _ := parser.Parse(strings.NewReader("FROM scratch\nCOPY a /a\n"))
	stages, _, _ := instructions.Parse(res.AST, nil)
	if _, _, err := baseImages(stages); err == nil {
		t.Error("a Dockerfile on scratch alone has no base image to build on, and should say so")
	}
}
