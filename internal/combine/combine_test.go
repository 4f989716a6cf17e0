package combine

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
)

// goService is the shape dockerize writes for one Go main: a deps stage
// every main shares, a build stage of its own and a runtime stage.
func goService(name string) []byte {
	return []byte(`# syntax=docker/dockerfile:1
# Dockerfile for ` + name + `.
# Build: docker build -t ` + name + ` .

# Dependencies first.
FROM golang:1.26-bookworm AS deps
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download

# Build stage.
FROM deps AS build
COPY . .
RUN go build -o /out/` + name + ` ./cmd/` + name + `

# Runtime stage.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/` + name + ` /usr/local/bin/` + name + `
RUN --mount=type=bind,from=deps,source=/src/go.mod,target=/x true
ENTRYPOINT ["/usr/local/bin/` + name + `"]
`)
}

func stages(t *testing.T, df []byte) []instructions.Stage {
	t.Helper()
	res, err := parser.Parse(bytes.NewReader(df))
	if err != nil {
		t.Fatalf("BuildKit cannot parse the result: %v\n%s", err, df)
	}
	st, _, err := instructions.Parse(res.AST, nil)
	if err != nil {
		t.Fatalf("BuildKit cannot read the stages: %v\n%s", err, df)
	}
	return st
}

func TestTargetPerService(t *testing.T) {
	out, err := Dockerfiles([]Part{{Target: "api", Dockerfile: goService("api")}, {Target: "worker", Dockerfile: goService("worker")}})
	if err != nil {
		t.Fatal(err)
	}
	text := string(out)
	st := stages(t, out)
	var names []string
	for _, s := range st {
		names = append(names, s.Name)
	}
	// deps is equal in both, so it is written once under its own name; the
	// build stages differ, so each is prefixed; the runtimes are the targets.
	if got, want := strings.Join(names, " "), "deps api-build api worker-build worker"; got != want {
		t.Fatalf("stages = %q, want %q\n%s", got, want, text)
	}
	if st[1].BaseName != "deps" || st[3].BaseName != "deps" {
		t.Errorf("build stages start from %q and %q, want the shared deps", st[1].BaseName, st[3].BaseName)
	}
	for _, want := range []string{
		"COPY --from=api-build /out/api", "COPY --from=worker-build /out/worker",
		"from=deps,source=/src/go.mod",
		"docker build --target api -t api .", "docker build --target worker -t worker .",
		"# One Dockerfile, one target per service: api, worker.",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("result lacks %q:\n%s", want, text)
		}
	}
	if n := strings.Count(text, "# syntax=docker/dockerfile:1"); n != 1 || !strings.HasPrefix(text, "# syntax=") {
		t.Errorf("the syntax directive appears %d times, or not first:\n%s", n, text)
	}
	if n := strings.Count(text, "RUN go mod download"); n != 1 {
		t.Errorf("the shared dependency step is written %d times, want once", n)
	}
}

// A stage name of one service that is another service's name must not
// take that name: each target stays the service's runtime.
func TestStageNameClashesWithATarget(t *testing.T) {
	a := []byte("FROM alpine:3.22 AS b\nRUN echo a > /a\n\nFROM alpine:3.22\nCOPY --from=b /a /a\n")
	b := []byte("FROM alpine:3.22 AS b\nRUN echo b > /b\n\nFROM alpine:3.22\nCOPY --from=b /b /b\n")
	out, err := Dockerfiles([]Part{{Target: "a", Dockerfile: a}, {Target: "b", Dockerfile: b}})
	if err != nil {
		t.Fatal(err)
	}
	st := stages(t, out)
	byName := map[string]instructions.Stage{}
	for _, s := range st {
		if _, dup := byName[s.Name]; dup {
			t.Fatalf("stage %q defined twice:\n%s", s.Name, out)
		}
		byName[s.Name] = s
	}
	target := byName["b"]
	if len(target.Commands) != 1 || !strings.Contains(fmt.Sprint(target.Commands[0]), "/b /b") {
		t.Errorf("target b is not b's runtime stage:\n%s", out)
	}
}

func TestRefused(t *testing.T) {
	df := []byte("FROM alpine:3.22\n")
	for _, tc := range []struct {
		parts []Part
		want  string
	}{
		{nil, "no Dockerfiles"},
		{[]Part{{Target: "API", Dockerfile: df}}, "not a stage name"},
		{[]Part{{Target: "a", Dockerfile: df}, {Target: "a", Dockerfile: df}}, "both called"},
		{[]Part{{Target: "a", Dockerfile: []byte("RUN true\n")}}, "no FROM"},
		{[]Part{{Target: "a", Dockerfile: []byte("FROM a b c d\n")}}, "cannot read"},
	} {
		_, err := Dockerfiles(tc.parts)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: err = %v, want %q", tc.parts, err, tc.want)
		}
	}
}

func FuzzDockerfiles(f *testing.F) {
	f.Add(goService("api"), goService("worker"))
	f.Fuzz(func(t *testing.T, a, b []byte) {
		out, err := Dockerfiles([]Part{{Target: "a", Dockerfile: a}, {Target: "b", Dockerfile: b}})
		if err != nil {
			return
		}
		if !parses(a) || !parses(b) {
			return
		}
		// Two Dockerfiles BuildKit reads make one it reads, with a stage
		// per target.
		res, err := parser.Parse(bytes.NewReader(out))
		if err != nil {
			t.Fatalf("result does not parse: %v\n%s", err, out)
		}
		st, _, err := instructions.Parse(res.AST, nil)
		if err != nil {
			t.Fatalf("result's stages do not parse: %v\n%s", err, out)
		}
		found := map[string]bool{}
		for _, s := range st {
			found[s.Name] = true
		}
		if !found["a"] || !found["b"] {
			t.Fatalf("result has no stage a or b:\n%s", out)
		}
	})
}

func parses(df []byte) bool {
	res, err := parser.Parse(bytes.NewReader(df))
	if err != nil {
		return false
	}
	st, _, err := instructions.Parse(res.AST, nil)
	return err == nil && len(st) > 0
}
