package plan

import (
	"errors"
	"fmt"
	"github.com/dockerize-dev/dockerize/release"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dockerize-dev/dockerize/detect"
)

func project(t *testing.T, files map[string]string) *detect.Project {
	t.Helper()
	p, err := detectFiles(files)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// detectFiles detects the project files make up, with this package's
// stacks in detection order.
func detectFiles(files map[string]string) (*detect.Project, error) {
	m := fstest.MapFS{}
	for k, v := range files {
		m[k] = &fstest.MapFile{Data: []byte(v)}
	}
	return detect.Detect(m, []detect.Detector{
		{Stack: detect.Go, Detect: detect.DetectGo},
		{Stack: detect.Maven, Detect: detect.DetectMaven},
		{Stack: detect.Python, Detect: detect.DetectPython},
		{Stack: detect.Rust, Detect: detect.DetectRust},
		{Stack: detect.Node, Detect: detect.DetectNode},
	}, detect.Options{})
}

// newPlan plans p with this package's stacks; their list, in detection
// order, is stacks.All.
func newPlan(p *detect.Project, a Answers) (*Plan, error) {
	all := []Stack{GoStack(), MavenStack(), PythonStack(), RustStack(), NodeStack()}
	var table []Image
	for _, s := range all {
		table = append(table, s.Images...)
	}
	for _, s := range all {
		if s.Name == p.Stack {
			return New(p, a, s, table)
		}
	}
	return nil, fmt.Errorf("no stack %s", p.Stack)
}

var service = map[string]string{
	"go.mod":  "module github.com/acme/svc\n\ngo 1.23\n\ntoolchain go1.23.2\n",
	"main.go": "package main\nimport \"net/http\"\nfunc main() { http.ListenAndServe(\":9000\", nil) }\n",
}

func decision(p *Plan, name string) string {
	for _, d := range p.Decisions {
		if d.Name == name {
			return d.Value + " (" + d.Evidence + ")"
		}
	}
	return ""
}

func TestPrecedence(t *testing.T) {
	pl, err := newPlan(project(t, service), Answers{Version: "t"})
	if err != nil {
		t.Fatal(err)
	}
	if pl.Port != 9000 || pl.BuildImage.String() != "golang:1.23.2-bookworm" {
		t.Errorf("detected: port %d image %s", pl.Port, pl.BuildImage)
	}
	pl, err = newPlan(project(t, service), Answers{Values: map[string]string{"port": "8443", "go-version": "go1.24"}, Version: "t"})
	// A minor the release table no longer knows is taken as the user wrote it.
	if err != nil {
		t.Fatal(err)
	}
	if pl.Port != 8443 || pl.BuildImage.String() != "golang:1.24-bookworm" {
		t.Errorf("answers: port %d image %s", pl.Port, pl.BuildImage)
	}
	if d := decision(pl, "port"); d != "8443 (--port)" {
		t.Errorf("port decision %q", d)
	}
	noVersion := map[string]string{"go.mod": "module x\n", "main.go": "package main\nfunc main() {}\n"}
	pl, err = newPlan(project(t, noVersion), Answers{Version: "t"})
	if err != nil {
		t.Fatal(err)
	}
	def, _ := LookupImage(GoImages(), "go.build")
	if pl.BuildImage.String() != def.Ref("") || pl.Port != defaultPort || !strings.HasPrefix(decision(pl, "port"), "8080 (default") {
		t.Errorf("defaults: image %s port %d (%s)", pl.BuildImage, pl.Port, decision(pl, "port"))
	}
}

// TestGoToolchainRule checks the rule that turns go.mod into a Go release
// that exists: a toolchain line exactly, a supported minor at its newest
// patch, an unsupported one at the oldest supported release.
func TestGoToolchainRule(t *testing.T) {
	im, _ := release.Lookup("golang")
	newest, oldest := im.Newest[0], im.Newest[len(im.Newest)-1]
	oldestMinor := strings.Join(strings.Split(oldest, ".")[:2], ".")
	for _, c := range []struct {
		in        string
		toolchain bool
		want, why string
	}{
		{"1.24.6", true, "1.24.6", "toolchain line"},
		{"1.15", false, oldest, "no longer supported"},
		{"1.25.1", false, oldest, "no longer supported"},
		{oldestMinor, false, oldest, "newest patch of Go " + oldestMinor},
		{oldestMinor + ".0", false, oldest, "newest patch"},
		{"1.99", false, "1.99.0", "newer than the release table"},
		{"1.99.3", false, "1.99.3", "newer than the release table"},
		{"", false, newest, "newest supported"},
		{"2.1", false, oldest, "no Go 1 minor"},
	} {
		got, why := goToolchain(c.in, c.toolchain)
		if got != c.want || !strings.Contains(why, c.why) {
			t.Errorf("goToolchain(%q, %v) = %q (%s), want %q (%s)", c.in, c.toolchain, got, why, c.want, c.why)
		}
		if release.Parse(got) == nil || strings.Count(got, ".") != 2 {
			t.Errorf("goToolchain(%q) = %q, not an exact patch release", c.in, got)
		}
	}
	files := map[string]string{"go.mod": "module x\n\ngo 1.15\n", "main.go": "package main\nfunc main() {}\n"}
	pl, err := newPlan(project(t, files), Answers{Version: "t"})
	if err != nil {
		t.Fatal(err)
	}
	if pl.BuildImage.String() != "golang:"+oldest+"-bookworm" || !strings.Contains(decision(pl, "go version"), "go.mod:3: go 1.15; go 1.15 is a minimum") {
		t.Errorf("go 1.15: image %s (%s)", pl.BuildImage, decision(pl, "go version"))
	}
}

func TestCgoNeedsGlibc(t *testing.T) {
	files := map[string]string{
		"go.mod":  "module x\n\ngo 1.24\n",
		"main.go": "package main\n\n// #include <stdlib.h>\nimport \"C\"\n\nfunc main() {}\n",
	}
	pl, err := newPlan(project(t, files), Answers{Version: "t"})
	if err != nil {
		t.Fatal(err)
	}
	if !pl.Go().CGO || pl.Go().CrossCompile || !strings.Contains(pl.RuntimeImage.String(), "base-debian12") {
		t.Errorf("cgo plan: cgo=%v cross=%v runtime=%s", pl.Go().CGO, pl.Go().CrossCompile, pl.RuntimeImage)
	}
	_, err = newPlan(project(t, files), Answers{Values: map[string]string{"runtime": RuntimeStatic}, Version: "t"})
	if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "main.go") {
		t.Errorf("static runtime for cgo: err = %v", err)
	}
}

func TestSeveralMainsIsAQuestion(t *testing.T) {
	files := map[string]string{
		"go.mod":        "module x\n\ngo 1.24\n",
		"cmd/a/main.go": "package main\nfunc main() {}\n",
		"cmd/b/main.go": "package main\nfunc main() {}\n",
	}
	_, err := newPlan(project(t, files), Answers{Version: "t"})
	var missing *MissingError
	if !errors.As(err, &missing) || missing.Question.Name != "main" || strings.Join(missing.Question.Options, ",") != "cmd/a,cmd/b" {
		t.Fatalf("err = %v, want a question for --main", err)
	}
}

func TestRootMainWinsOverCmd(t *testing.T) {
	files := map[string]string{
		"go.mod":           "module example.com/hugo\n\ngo 1.24\n",
		"main.go":          "package main\nfunc main() {}\n",
		"cmd/tool/main.go": "package main\nfunc main() {}\n",
	}
	pl, err := newPlan(project(t, files), Answers{Version: "t"})
	if err != nil || pl.Go().Package.String() != "." || pl.Go().Binary.String() != "hugo" {
		t.Fatalf("plan %+v err %v, want the root package", pl, err)
	}
}

func TestIgnoreKeepsWhatTheBuildNeeds(t *testing.T) {
	files := map[string]string{
		"go.mod":            "module x\n\ngo 1.24\n",
		"go.sum":            "",
		"main.go":           "package main\nimport _ \"embed\"\n//go:embed static/index.html\nvar page string\nfunc main() {}\n",
		"static/index.html": "<p>hi</p>",
		".gitignore":        "*.sum\nstatic/\n/bin\n*.log\n",
	}
	pl, err := newPlan(project(t, files), Answers{Version: "t"})
	if err != nil {
		t.Fatal(err)
	}
	var all []string
	for _, s := range pl.Ignore.Sections {
		all = append(all, s.Patterns...)
	}
	joined := " " + strings.Join(all, " ") + " "
	for _, bad := range []string{" **/*.sum ", " **/static "} {
		if strings.Contains(joined, bad) {
			t.Errorf(".dockerignore has %q, which hides a file the build needs", bad)
		}
	}
	if !strings.Contains(joined, " **/*.log ") {
		t.Errorf(".gitignore's *.log was not merged: %s", joined)
	}
	if len(pl.Ignore.Kept) != 2 {
		t.Errorf("kept = %v, want the two dropped patterns explained", pl.Ignore.Kept)
	}
}

func TestCompareVersions(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{{"1.9", "1.10", -1}, {"1.22", "1.22.0", -1}, {"1.24.4", "1.24.4", 0}, {"1.25", "1.24.9", 1}, {"", "1.2", -1}} {
		if got := compareVersions(c.a, c.b); got != c.want {
			t.Errorf("compareVersions(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

func TestSourceURL(t *testing.T) {
	for mod, want := range map[string]string{
		"github.com/acme/svc/v2": "https://github.com/acme/svc",
		"gitlab.com/acme/svc":    "https://gitlab.com/acme/svc",
		"example.com/svc":        "",
		"github.com/acme":        "",
	} {
		if got := sourceURL(mod); got != want {
			t.Errorf("sourceURL(%q) = %q, want %q", mod, got, want)
		}
	}
}

func TestBuildTags(t *testing.T) {
	files := map[string]string{
		"go.mod":   "module x\n\ngo 1.24\n",
		"main.go":  "package main\nfunc main() {}\n",
		"debug.go": "//go:build debug\n\npackage main\n",
		"Makefile": "build:\n\tgo build -tags debug .\n",
	}
	pl, err := newPlan(project(t, files), Answers{Version: "t"})
	if err != nil {
		t.Fatal(err)
	}
	if pl.Go().Tags.String() != "debug" || !strings.Contains(decisions(pl, "build tags"), "Makefile:2") {
		t.Errorf("tags = %q (%s), want debug from the Makefile", pl.Go().Tags, decisions(pl, "build tags"))
	}
	delete(files, "Makefile")
	pl, err = newPlan(project(t, files), Answers{Version: "t"})
	if err != nil {
		t.Fatal(err)
	}
	if !pl.Go().Tags.IsZero() || !strings.Contains(decisions(pl, "note"), "debug.go") || !strings.Contains(decisions(pl, "note"), "--tags debug") {
		t.Errorf("no tags: tags = %q, note = %q", pl.Go().Tags, decisions(pl, "note"))
	}
	pl, err = newPlan(project(t, files), Answers{Values: map[string]string{"tags": "debug,netgo"}, Version: "t"})
	if err != nil || pl.Go().Tags.String() != "debug,netgo" || decisions(pl, "note") != "" {
		t.Errorf("--tags debug,netgo: tags = %v, note = %q, err = %v", pl, decisions(pl, "note"), err)
	}
	for _, bad := range []string{"a b", "x;id", "a,,b", "-x", "a\nRUN id"} {
		if _, err := newPlan(project(t, files), Answers{Values: map[string]string{"tags": bad}, Version: "t"}); !errors.Is(err, ErrInvalid) {
			t.Errorf("--tags %q: err = %v, want ErrInvalid", bad, err)
		}
	}
}

func TestGoLoopbackWithNoOverrideWarns(t *testing.T) {
	for src, warn := range map[string]bool{
		`http.ListenAndServe("127.0.0.1:8080", nil)`:                           true,
		`(&http.Server{Addr: "localhost:9000"}).ListenAndServe()`:              true,
		`http.ListenAndServe(":8080", nil)`:                                    false,
		`http.ListenAndServe(*flag.String("addr", "127.0.0.1:8080", ""), nil)`: false,
	} {
		files := map[string]string{
			"go.mod":  "module x\n\ngo 1.24\n",
			"main.go": "package main\n\nimport (\n\t\"flag\"\n\t\"net/http\"\n)\n\nvar _ = flag.Parse\n\nfunc main() { " + src + " }\n",
		}
		pl, err := newPlan(project(t, files), Answers{Version: "t"})
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(decisions(pl, "warning"), "loopback address only"); got != warn {
			t.Errorf("%s: warning %v, want %v (%s)", src, got, warn, decisions(pl, "warning"))
		}
	}
}

func TestGoScratchRuntime(t *testing.T) {
	files := map[string]string{
		"go.mod":  "module x\n\ngo 1.24\n",
		"main.go": "package main\n\nimport _ \"time/tzdata\"\n\nfunc main() {}\n",
	}
	pl, err := newPlan(project(t, files), Answers{Values: map[string]string{"runtime": "scratch"}, Version: "t"})
	if err != nil {
		t.Fatal(err)
	}
	if !pl.Go().Scratch || pl.Go().ZoneInfo || !pl.RuntimeImage.IsZero() || decisions(pl, "time zones") != "in the binary (it imports time/tzdata)" {
		t.Errorf("scratch: %+v, time zones %q", pl.Go(), decisions(pl, "time zones"))
	}
	files["main.go"] = "package main\n\n// #include <stdlib.h>\nimport \"C\"\n\nfunc main() {}\n"
	_, err = newPlan(project(t, files), Answers{Values: map[string]string{"runtime": "scratch"}, Version: "t"})
	if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "--runtime glibc") {
		t.Errorf("scratch for cgo: err = %v", err)
	}
}
