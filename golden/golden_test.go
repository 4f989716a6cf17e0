// Package golden tests the whole generator: each case in cases/ is a small
// project and the exact Dockerfile and .dockerignore dockerize must write for
// it. Run `go test ./golden -update` (make golden) to rewrite the want/ files
// after an intended change, and review the diff.
package golden

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/pmezard/go-difflib/difflib"
	"golang.org/x/tools/txtar"

	"github.com/dockerize-dev/dockerize/internal/cli"
	"github.com/dockerize-dev/dockerize/internal/iostreams"
	"github.com/dockerize-dev/dockerize/internal/testkit"
	"github.com/dockerize-dev/dockerize/lint"
)

var update = flag.Bool("update", false, "rewrite the want/ files of every case from the current output")

// dockerize runs the CLI in-process, as the command would run it, and
// returns its exit code, standard output and standard error.
func dockerize(args ...string) (int, string, string) {
	io, _, out, errOut := iostreams.Test()
	code := cli.Run(args, io)
	return code, out.String(), errOut.String()
}

// outputs are the files each case's want/ holds.
var outputs = []string{"Dockerfile", ".dockerignore"}

func TestGolden(t *testing.T) {
	cases, err := filepath.Glob("cases/*.txtar")
	if err != nil || len(cases) == 0 {
		t.Fatalf("no cases found: %v", err)
	}
	for _, file := range cases {
		name := strings.TrimSuffix(filepath.Base(file), ".txtar")
		t.Run(name, func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			got := generate(t, ar)
			again := generate(t, ar)
			for _, out := range outputs {
				if !bytes.Equal(got.files[out], again.files[out]) {
					t.Errorf("%s differs between two runs on the same project:\n%s", out, diff(again.files[out], got.files[out]))
				}
			}
			if *update {
				writeWant(t, file, ar, got.files)
				return
			}
			for _, out := range outputs {
				want := wantFile(ar, out)
				if want == nil {
					t.Errorf("case has no want/%s; run go test ./golden -update", out)
					continue
				}
				if !bytes.Equal(want, got.files[out]) {
					t.Errorf("%s differs from want/%s (-want +got):\n%s", out, out, diff(want, got.files[out]))
				}
			}
			df := got.files["Dockerfile"]
			for _, w := range buildkitLint(t, df) {
				t.Errorf("BuildKit check: %s", w)
			}
			for _, f := range testkit.Hadolint(t, df) {
				t.Errorf("hadolint%s", f)
			}
			findings, err := lint.Check(df)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range findings {
				t.Errorf("lint %s line %d: %s", f.Rule, f.Line, f.Message)
			}
			for _, f := range got.project {
				t.Errorf("lint --project on the generated Dockerfile: %s", f)
			}
			// Running init again must find every file unchanged.
			if !strings.Contains(got.rerun, "unchanged Dockerfile") || !strings.Contains(got.rerun, "unchanged .dockerignore") {
				t.Errorf("a second init did not report the files unchanged:\n%s", got.rerun)
			}
		})
	}
}

type result struct {
	// project are lint --project's findings on the generated Dockerfile.
	project []string
	files   map[string][]byte
	rerun   string
}

// generate writes the case's project into a temporary directory and runs
// dockerize init there with the case's args, then once more.
func generate(t *testing.T, ar *txtar.Archive) result {
	t.Helper()
	dir := t.TempDir()
	var args []string
	for _, f := range ar.Files {
		switch {
		case f.Name == "args":
			args = strings.Fields(string(f.Data))
			continue
		case strings.HasPrefix(f.Name, "want/"):
			continue
		}
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	run := func() string {
		code, _, stderr := dockerize(append([]string{"init", dir}, args...)...)
		if code != 0 {
			t.Fatalf("dockerize init %s: exit %d\n%s", strings.Join(args, " "), code, stderr)
		}
		return stderr
	}
	run()
	res := result{files: map[string][]byte{}}
	for _, out := range outputs {
		data, err := os.ReadFile(filepath.Join(dir, out))
		if err != nil {
			t.Fatal(err)
		}
		res.files[out] = data
	}
	res.rerun = run()
	if len(args) == 0 {
		// Without flags the project alone decides, so lint --project must
		// find the generated file fits it (flags such as --port are not
		// saved, so a case with args may rightly differ).
		code, stdout, stderr := dockerize("lint", "--fail-on", "none", "-o", "json", filepath.Join(dir, "Dockerfile"))
		if code != 0 {
			t.Fatalf("dockerize lint: exit %d\n%s", code, stderr)
		}
		res.project = projectFindings.FindAllString(stdout, -1)
	}
	return res
}

// projectFindings matches the project rules (DZ101...) in lint's JSON.
var projectFindings = regexp.MustCompile(`"rule": "DZ1[0-9][0-9]"[^}]*`)

func wantFile(ar *txtar.Archive, name string) []byte {
	for _, f := range ar.Files {
		if f.Name == "want/"+name {
			return f.Data
		}
	}
	return nil
}

// writeWant replaces the case's want/ files, keeping everything else.
func writeWant(t *testing.T, file string, ar *txtar.Archive, got map[string][]byte) {
	t.Helper()
	var files []txtar.File
	for _, f := range ar.Files {
		if !strings.HasPrefix(f.Name, "want/") {
			files = append(files, f)
		}
	}
	for _, out := range outputs {
		files = append(files, txtar.File{Name: "want/" + out, Data: got[out]})
	}
	ar.Files = files
	if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
		t.Fatal(err)
	}
}

func diff(want, got []byte) string {
	d, _ := difflib.GetUnifiedDiffString(difflib.UnifiedDiff{
		A: difflib.SplitLines(string(want)), B: difflib.SplitLines(string(got)),
		FromFile: "want", ToFile: "got", Context: 3,
	})
	return d
}
