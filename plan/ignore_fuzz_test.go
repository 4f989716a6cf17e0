package plan_test

import (
	"bytes"
	"io/fs"
	"path"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/moby/patternmatcher"
	"github.com/moby/patternmatcher/ignorefile"

	"github.com/dockerize-dev/dockerize/detect"
	"github.com/dockerize-dev/dockerize/plan"
	"github.com/dockerize-dev/dockerize/render"
	"github.com/dockerize-dev/dockerize/stacks"
	"github.com/dockerize-dev/dockerize/templates"
)

// FuzzDockerignore generates the .dockerignore of a Go project with a
// fuzzed .gitignore and a fuzzed source file name, and checks it with the
// engine's own reader and matcher: it parses; every line is a comment, a
// blank or a pattern the plan holds (a file name never escapes a comment);
// no secret is sent, at any depth, whatever the .gitignore negates; the env
// templates and the files the build needs are sent.
func FuzzDockerignore(f *testing.F) {
	f.Add("!.env\n!*.pem\n!.git\n", "cmd/tool.go")
	f.Add("*.go\nmain.go\n/go.mod\n", "internal/x\n!**/.env/a.go")
	f.Add("!**/.env\n!id_rsa\n**\n!secrets\n", "secrets/s.go")
	f.Add("#c\n\\#x\n[\n!\n/\n", "a\rb.go")
	f.Fuzz(func(t *testing.T, gitignore, source string) {
		files := fstest.MapFS{
			"go.mod":     {Data: []byte("module example.com/app\n\ngo 1.24.4\n")},
			"main.go":    {Data: []byte("package main\n\nfunc main() {}\n")},
			".gitignore": {Data: []byte(gitignore)},
		}
		extra := ""
		if fs.ValidPath(source) && strings.HasSuffix(source, ".go") && !strings.HasPrefix(source, "go.") {
			extra = source
			files[source] = &fstest.MapFile{Data: []byte("package main\n")}
		}
		p, err := stacks.Detect(files, detect.Options{})
		if err != nil {
			return // a tree detection refuses writes nothing
		}
		pl, err := stacks.Plan(p, plan.Answers{Version: "fuzz"})
		if err != nil {
			return
		}
		out, err := render.Render(pl, templates.FS)
		if err != nil {
			t.Fatalf("render: %v", err)
		}
		var ignore []byte
		for _, o := range out {
			if o.Path == ".dockerignore" {
				ignore = o.Data
			}
		}
		patterns, err := ignorefile.ReadAll(bytes.NewReader(ignore))
		if err != nil {
			t.Fatalf("ignorefile: %v", err)
		}
		want := map[string]bool{}
		for _, s := range pl.Ignore.Sections {
			for _, p := range s.Patterns {
				want[p] = true
			}
		}
		for _, line := range strings.Split(string(ignore), "\n") {
			if line != "" && !strings.HasPrefix(line, "#") && !want[line] {
				t.Fatalf("line %q is not one of the plan's patterns:\n%s", line, ignore)
			}
		}
		pm, err := patternmatcher.New(patterns)
		if err != nil {
			t.Fatalf("the engine rejects the patterns: %v\n%s", err, ignore)
		}
		for _, depth := range []string{"", "a", "a/b/c"} {
			for _, s := range []string{".env", ".env.local", "id_rsa", "k.pem", ".git/config", "secrets/x", ".npmrc", "terraform.tfstate"} {
				excluded, err := pm.MatchesOrParentMatches(path.Join(depth, s))
				if err != nil {
					t.Fatalf("the engine cannot match: %v\n%s", err, ignore)
				}
				if !excluded {
					t.Fatalf("%s is sent:\n%s", path.Join(depth, s), ignore)
				}
			}
		}
		needed := []string{"go.mod", "main.go"}
		if extra != "" && expressible(extra) {
			needed = append(needed, extra)
		}
		for _, n := range needed {
			if hidden, _ := pm.MatchesOrParentMatches(n); hidden && isSource(p, n) {
				t.Fatalf("%s, which the build needs, is hidden:\n%s", n, ignore)
			}
		}
	})
}

// expressible reports whether a .dockerignore line can name the file: not
// with a control character, nor with spaces at an end (the reader trims).
func expressible(name string) bool {
	return name == strings.TrimSpace(name) && !strings.HasPrefix(name, "#") &&
		strings.IndexFunc(name, func(r rune) bool { return r < 0x20 || r == 0x7f }) < 0
}

// isSource reports whether detection took name as a file of the build.
func isSource(p *detect.Project, name string) bool {
	if name == "go.mod" {
		return true
	}
	for _, m := range p.Go().Modules {
		for _, s := range m.Sources {
			if s == name {
				return true
			}
		}
	}
	return false
}
