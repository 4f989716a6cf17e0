package detect

import (
	"errors"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
)

func goProject(t *testing.T, files map[string]string) *Project {
	t.Helper()
	p, err := Detect(mapFS(files), goOnly(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func mapFS(files map[string]string) fstest.MapFS {
	m := fstest.MapFS{}
	for name, data := range files {
		m[name] = &fstest.MapFile{Data: []byte(data)}
	}
	return m
}

func TestGoVersionPrefersToolchain(t *testing.T) {
	p := goProject(t, map[string]string{
		"go.mod":  "module example.com/x\n\ngo 1.22.0\n\ntoolchain go1.23.4\n",
		"main.go": "package main\nfunc main() {}\n",
	})
	m := p.Go().Modules[0]
	if m.GoVersion != "1.23.4" || m.GoVersionEvidence != "go.mod:5: toolchain go1.23.4" {
		t.Errorf("got %q (%s), want 1.23.4 from the toolchain line", m.GoVersion, m.GoVersionEvidence)
	}
}

func TestMainPackagesSkipNonCode(t *testing.T) {
	p := goProject(t, map[string]string{
		"go.mod":                        "module example.com/x\n\ngo 1.24\n",
		"cmd/a/main.go":                 "package main\nfunc main() {}\n",
		"vendor/example.com/y/main.go":  "package main\nfunc main() {}\n",
		"node_modules/z/main.go":        "package main\nfunc main() {}\n",
		"testdata/main.go":              "package main\nfunc main() {}\n",
		".hidden/main.go":               "package main\nfunc main() {}\n",
		"_old/main.go":                  "package main\nfunc main() {}\n",
		"nested/go.mod":                 "module example.com/nested\n",
		"nested/main.go":                "package main\nfunc main() {}\n",
		"gen/gen.go":                    "//go:build ignore\n\npackage main\nfunc main() {}\n",
		"internal/windows/main_only.go": "//go:build windows\n\npackage main\nfunc main() {}\n",
	})
	var dirs []string
	for _, m := range p.Go().Modules[0].Mains {
		dirs = append(dirs, m.Dir)
	}
	if strings.Join(dirs, ",") != "cmd/a" {
		t.Errorf("main packages = %v, want only cmd/a", dirs)
	}
}

func TestCgoFromTheImportGraph(t *testing.T) {
	// A package the main package imports calls C.
	p := goProject(t, map[string]string{
		"go.mod":        "module example.com/x\n\ngo 1.24\n",
		"main.go":       "package main\n\nimport _ \"example.com/x/db\"\n\nfunc main() {}\n",
		"db/db.go":      "package db\n\n// #include <stdio.h>\nimport \"C\"\n",
		"db/db_test.go": "package db\n",
	})
	if m := p.Go().Modules[0]; !m.CGO || m.CGOEvidence != `db/db.go: import "C"` || !m.Mains[0].CGO {
		t.Errorf("cgo = %v (%s), want true from db/db.go", m.CGO, m.CGOEvidence)
	}
	// The same package, imported by nothing the program is built from.
	p = goProject(t, map[string]string{
		"go.mod":   "module example.com/x\n\ngo 1.24\n",
		"main.go":  "package main\n\nfunc main() {}\n",
		"db/db.go": "package db\n\n// #include <stdio.h>\nimport \"C\"\n",
	})
	if m := p.Go().Modules[0]; m.CGO || m.Mains[0].CGO {
		t.Errorf("cgo = %v (%s) from a package the program does not import", m.CGO, m.CGOEvidence)
	}
	const sqliteMod = "module example.com/x\n\ngo 1.24\n\nrequire github.com/mattn/go-sqlite3 v1.14.22\n"
	// Imported on linux: cgo, citing the import and go.mod's line.
	p = goProject(t, map[string]string{
		"go.mod":       sqliteMod,
		"main.go":      "package main\n\nimport _ \"example.com/x/store\"\n\nfunc main() {}\n",
		"store/sql.go": "package store\n\nimport _ \"github.com/mattn/go-sqlite3\"\n",
	})
	if m := p.Go().Modules[0].Mains[0]; !m.CGO || m.CGOEvidence != "store/sql.go:3 (go.mod:5): imports github.com/mattn/go-sqlite3, which needs cgo" {
		t.Errorf("cgo = %v (%s), want true from store/sql.go:3", m.CGO, m.CGOEvidence)
	}
	// Required, but imported only by a file of another platform: no cgo.
	p = goProject(t, map[string]string{
		"go.mod":               sqliteMod,
		"main.go":              "package main\n\nimport _ \"example.com/x/store\"\n\nfunc main() {}\n",
		"store/sql.go":         "package store\n",
		"store/sql_openbsd.go": "package store\n\nimport _ \"github.com/mattn/go-sqlite3\"\n",
	})
	if m := p.Go().Modules[0]; m.CGO || m.Mains[0].CGO {
		t.Errorf("cgo = %v (%s) from a require line and an openbsd-only import", m.CGO, m.CGOEvidence)
	}
	// gorm's sqlite driver wraps go-sqlite3.
	p = goProject(t, map[string]string{
		"go.mod":  "module example.com/x\n\ngo 1.24\n",
		"main.go": "package main\n\nimport _ \"gorm.io/driver/sqlite\"\n\nfunc main() {}\n",
	})
	if m := p.Go().Modules[0].Mains[0]; !m.CGO || !strings.Contains(m.CGOEvidence, "main.go:3: imports gorm.io/driver/sqlite") {
		t.Errorf("cgo = %v (%s), want true from gorm's sqlite driver", m.CGO, m.CGOEvidence)
	}
	p = goProject(t, map[string]string{
		"go.mod":    "module example.com/x\n\ngo 1.24\n",
		"main.go":   "package main\nfunc main() {}\n",
		"c_test.go": "package main\n\nimport \"C\"\n",
	})
	if p.Go().Modules[0].CGO {
		t.Error("a test file importing C made the build cgo")
	}
}

func TestPortDetection(t *testing.T) {
	cases := []struct {
		name, src string
		port      int
		env       string
	}{
		{"literal", `http.ListenAndServe(":8080", nil)`, 8080, ""},
		{"host and port", `http.ListenAndServe("0.0.0.0:9000", nil)`, 9000, ""},
		{"constant", "const addr = \":7000\"\nfunc f() { http.ListenAndServe(addr, nil) }", 7000, ""},
		{"server Addr", `s := &http.Server{Addr: ":6060"}; s.ListenAndServe()`, 6060, ""},
		{"gin Run", `r.Run(":8081")`, 8081, ""},
		{"net.Listen", `net.Listen("tcp", ":5432")`, 5432, ""},
		{"env with if default", "port := os.Getenv(\"PORT\")\nif port == \"\" {\n port = \"3000\"\n}\nhttp.ListenAndServe(\":\"+port, nil)", 3000, "PORT"},
		{"env with cmp.Or", `port := cmp.Or(os.Getenv("PORT"), "4000")`, 4000, "PORT"},
		{"flag string", `addr := flag.String("addr", ":8000", "listen address")`, 8000, ""},
		{"flag int", `port := flag.Int("port", 9999, "port")`, 9999, ""},
		{"unrelated flag", `n := flag.Int("workers", 8, "workers")`, 0, ""},
		{"out of range", `http.ListenAndServe(":99999", nil)`, 0, ""},
		{"dynamic", `http.ListenAndServe(os.Args[1], nil)`, 0, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := "package main\n"
			if strings.HasPrefix(c.src, "const") {
				src += c.src + "\n"
			} else {
				src += "func main() {\n" + c.src + "\n}\n"
			}
			port, ev, env, _ := findPort(mapFS(map[string]string{"main.go": src}), []string{"main.go"})
			if port != c.port || env != c.env {
				t.Errorf("port %d env %q (%s), want %d %q", port, env, ev, c.port, c.env)
			}
			if port != 0 && !strings.HasPrefix(ev, "main.go:") {
				t.Errorf("evidence %q does not name the file and line", ev)
			}
		})
	}
}

func TestBinaryFromModule(t *testing.T) {
	for mod, want := range map[string]string{
		"github.com/acme/tool":    "tool",
		"github.com/acme/tool/v2": "tool",
		"hello":                   "hello",
		"example.com/v2":          "example.com",
	} {
		if got := binaryFromModule(mod); got != want {
			t.Errorf("binaryFromModule(%q) = %q, want %q", mod, got, want)
		}
	}
}

func TestMalformedGoMod(t *testing.T) {
	_, err := Detect(mapFS(map[string]string{"go.mod": "module x\n\ngo 1.24\nrequire (\n"}), goOnly(), Options{})
	if err == nil || !strings.Contains(err.Error(), "go.mod:") || !strings.Contains(err.Error(), "fix go.mod") {
		t.Errorf("err = %v, want go.mod:LINE and what to do", err)
	}
	_, err = Detect(mapFS(map[string]string{"go.mod": "go 1.24\n"}), goOnly(), Options{})
	if err == nil || !strings.Contains(err.Error(), "no module line") {
		t.Errorf("err = %v, want no module line", err)
	}
}

func TestWorkspaceOutsideProject(t *testing.T) {
	_, err := Detect(mapFS(map[string]string{"go.work": "go 1.24\n\nuse ../elsewhere\n"}), goOnly(), Options{})
	if err == nil || !strings.Contains(err.Error(), "points outside the project") {
		t.Errorf("err = %v, want outside-the-project error", err)
	}
}

// deniedFS fails to read one directory, as an unreadable folder would.
type deniedFS struct {
	fstest.MapFS
	dir string
}

func (d deniedFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if name == d.dir {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrPermission}
	}
	return d.MapFS.ReadDir(name)
}

func TestUnreadableDirectory(t *testing.T) {
	fsys := deniedFS{mapFS(map[string]string{
		"go.mod":      "module example.com/x\n\ngo 1.24\n",
		"main.go":     "package main\nfunc main() {}\n",
		"secret/s.go": "package secret\n",
	}), "secret"}
	_, err := Detect(fsys, goOnly(), Options{})
	if !errors.Is(err, fs.ErrPermission) || !strings.Contains(err.Error(), "cannot read secret") {
		t.Errorf("err = %v, want a permission error naming secret", err)
	}
}

func TestGitignoreConversion(t *testing.T) {
	got := gitignorePatterns([]byte("# c\n\n/bin/\n*.log\nbuild/out\n!keep.log\n**/tmp\n*\n"))
	want := []string{"bin", "**/*.log", "build/out", "!**/keep.log", "**/tmp"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("got %v, want %v", got, want)
	}
}

// goOnly is the Go detector alone; the order of all detectors is tested
// with their list in package stacks.
func goOnly() []Detector { return []Detector{{Stack: Go, Markers: "go.mod", Detect: DetectGo}} }

func TestModuleOneLevelDownIsNamed(t *testing.T) {
	_, err := Detect(mapFS(map[string]string{
		"README.md":           "# app\n",
		".hidden/go.mod":      "module example.com/hidden\n",
		"backend/go.mod":      "module example.com/backend\n\ngo 1.26\n",
		"backend/app/main.go": "package main\n\nfunc main() {}\n",
		"frontend/index.html": "<p></p>",
	}), goOnly(), Options{})
	if !errors.Is(err, ErrNoStack) || !strings.Contains(err.Error(), "backend/ holds a go project (backend/go.mod): run dockerize init backend") {
		t.Errorf("error %v, want one naming backend/go.mod", err)
	}
	_, err = Detect(mapFS(map[string]string{"docs/README.md": "x"}), goOnly(), Options{})
	if !errors.Is(err, ErrNoStack) || strings.Contains(err.Error(), "holds") {
		t.Errorf("error %v, want the plain no-project error", err)
	}
}
