package detect

import (
	"slices"
	"strings"
	"testing"
)

// tagged is a module whose internal/app package has a file behind the
// migrate tag, which adds a runtime file, and one behind debug.
func tagged(build map[string]string) map[string]string {
	files := map[string]string{
		"go.mod":               "module example.com/shop\n\ngo 1.26\n",
		"cmd/app/main.go":      "package main\n\nimport \"example.com/shop/internal/app\"\n\nfunc main() { app.Run() }\n",
		"internal/app/app.go":  "package app\n\nimport \"net/http\"\n\nfunc Run() { migrate(); http.ListenAndServe(\":8080\", nil) }\n",
		"internal/app/none.go": "//go:build !migrate\n\npackage app\n\nfunc migrate() {}\n",
		"internal/app/migrate.go": "// Migrations.\n\n//go:build migrate && linux\n\npackage app\n\n" +
			"import \"os\"\n\nfunc migrate() { os.ReadDir(\"migrations\") }\n\nvar src = \"file://migrations\"\n",
		"internal/app/debug.go":   "//go:build debug\n\npackage app\n",
		"internal/app/win.go":     "//go:build windows && migrate\n\npackage app\n",
		"internal/app/it_test.go": "//go:build integration\n\npackage app\n",
		"migrations/1.up.sql":     "CREATE TABLE t (id int);\n",
	}
	for k, v := range build {
		files[k] = v
	}
	return files
}

func TestBuildTagsFromTheProjectsBuild(t *testing.T) {
	for _, tc := range []struct {
		name, file, line, want string
	}{
		{"makefile", "Makefile", "run:\n\tgo run -tags migrate ./cmd/app\n", "migrate"},
		{"equals list", "Makefile", "build:\n\tCGO_ENABLED=0 go build -tags=netgo,migrate -o bin/app ./cmd/app\n", "netgo,migrate"},
		{"quoted", "Dockerfile", "RUN go build -tags \"migrate netgo\" -o /bin/app ./cmd/app\n", "migrate,netgo"},
		{"goreleaser", ".goreleaser.yaml", "builds:\n  - main: ./cmd/app\n    tags:\n      - netgo\n      - migrate\n    ldflags: -s\n", "netgo,migrate"},
		{"goreleaser inline", ".goreleaser.yml", "builds:\n  - tags: [migrate]\n", "migrate"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := goProject(t, tagged(map[string]string{tc.file: tc.line}))
			m := p.Go().Modules[0]
			if m.BuildTags == nil || strings.Join(m.BuildTags.Tags, ",") != tc.want || !strings.HasPrefix(m.BuildTags.Evidence, tc.file+":") {
				t.Fatalf("build tags = %+v, want %s from %s", m.BuildTags, tc.want, tc.file)
			}
			main := m.Mains[0]
			if len(main.Files) != 1 || main.Files[0].Path != "migrations" {
				t.Errorf("runtime files = %+v, want migrations, read by the tagged file", main.Files)
			}
			var gated []string
			for _, g := range main.Gated {
				gated = append(gated, g.File)
			}
			if !slices.Equal(gated, []string{"internal/app/debug.go"}) {
				t.Errorf("gated = %v, want only debug.go (the windows file never builds here, tests never count)", gated)
			}
		})
	}
}

func TestBuildTagsIgnored(t *testing.T) {
	for _, tc := range []struct{ name, file, line string }{
		{"test tags", "Makefile", "test:\n\tgo test -tags migrate ./...\n"},
		{"a tag that gates nothing", "Makefile", "build:\n\tgo build -tags netgo ./cmd/app\n"},
		{"not a tag", "Makefile", "build:\n\tgo build -tags 'migrate;id' ./cmd/app\n"},
		{"integration", "Makefile", "it:\n\tgo build -tags integration ./...\n"},
		{"no build file", "README.md", "go build -tags migrate ./cmd/app\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := goProject(t, tagged(map[string]string{tc.file: tc.line}))
			m := p.Go().Modules[0]
			if m.BuildTags != nil {
				t.Errorf("build tags = %+v, want none", m.BuildTags)
			}
			if len(m.Mains[0].Files) != 0 {
				t.Errorf("runtime files = %+v, want none without the tag", m.Mains[0].Files)
			}
			var gated []string
			for _, g := range m.Mains[0].Gated {
				gated = append(gated, g.File+"="+strings.Join(g.Tags, ","))
			}
			if !slices.Equal(gated, []string{"internal/app/debug.go=debug", "internal/app/migrate.go=migrate"}) {
				t.Errorf("gated = %v", gated)
			}
		})
	}
}
