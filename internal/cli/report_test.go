package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dockerize-dev/dockerize/internal/iostreams"
	"github.com/dockerize-dev/dockerize/report"
)

func runCLIQuiet(dir string) (int, string, string) {
	var out, errOut bytes.Buffer
	code := Run([]string{"init", dir}, &iostreams.IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut})
	return code, out.String(), errOut.String()
}

const fleetGenerated = 15

func fleet(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	makeFleet(t, dir, fleetGenerated)
	return dir
}

func reportJSON(t *testing.T, dirs ...string) map[string]report.Row {
	t.Helper()
	code, stdout, stderr := runCLI(t, append([]string{"report", "-o", "json"}, dirs...)...)
	if code != 0 {
		t.Fatalf("report: exit %d: %s", code, stderr)
	}
	var r report.Report
	if err := json.Unmarshal([]byte(stdout), &r); err != nil {
		t.Fatalf("report -o json is not JSON: %v\n%s", err, stdout)
	}
	rows := map[string]report.Row{}
	for _, row := range r.Rows {
		rows[filepath.Base(row.Path)] = row
	}
	return rows
}

func findings(row report.Row) string {
	if !row.Dockerfile {
		return ""
	}
	return fmt.Sprintf("%d/%d/%d", row.Findings["error"], row.Findings["warning"], row.Findings["info"])
}

func TestReportFleet(t *testing.T) {
	rows := reportJSON(t, fleet(t))
	if want := fleetGenerated + len(handWritten) + 1; len(rows) != want {
		t.Fatalf("%d rows, want one per repository (%d)", len(rows), want)
	}
	for _, h := range handWritten {
		row, ok := rows[h.name]
		if !ok {
			t.Errorf("no row for %s", h.name)
			continue
		}
		got := []string{row.Stack, findings(row), row.Pinning, row.Version}
		want := []string{h.stack, h.findings, h.pinning, h.version}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%s: stack, findings, pinning, version = %q, want %q (rules %v, problem %q)", h.name, got, want, row.Rules, row.Problem)
		}
	}
	for _, name := range []string{"old-go", "legacy-node", "quarkus-runtime"} {
		if r, ok := rows[name]; ok && r.Drift != "not generated" {
			t.Errorf("%s (hand-written): drift %q, want not generated", name, r.Drift)
		}
	}
	if r := rows["old-go"]; r.Behind == nil || r.Behind.String() != "3 minor behind (1.27.4)" {
		t.Errorf("old-go behind = %+v, want 3 minor behind 1.27.4", r.Behind)
	}
	if r := rows["broken"]; r.Dockerfile != true || !strings.Contains(r.Problem, "Dockerfile") {
		t.Errorf("a Dockerfile that does not parse: %+v", r)
	}
	if r := rows["symlinked"]; r.Dockerfile || !strings.Contains(r.Problem, "not a regular file") {
		t.Errorf("a symlinked Dockerfile must not be read: %+v", r)
	}
	for i := 0; i < fleetGenerated; i++ {
		row := rows[fmt.Sprintf("gen-%03d", i)]
		stack := []string{"go", "node", "maven"}[i%3]
		if row.Stack != stack || !row.Dockerfile || row.Findings["error"] != 0 || row.Base == "" {
			t.Errorf("generated %s repository %d: %+v", stack, i, row)
		}
		if row.Drift != "current" {
			t.Errorf("generated %s repository %d: drift %q, want current (problem %q)", stack, i, row.Drift, row.Problem)
		}
		if stack == "go" && (row.BaseName != "distroless" || row.Pinning != "floating") {
			t.Errorf("generated Go repository %d: base %s (%s), pinning %s; want distroless, floating without --pin", i, row.Base, row.BaseName, row.Pinning)
		}
	}
}

// The drift column is dockerize check per repository: generated repositories
// that were edited, whose project moved, or that lost a file say so; the
// files are not changed by the report.
func TestReportDrift(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"current", "edited", "moved", "lost"} {
		repo := filepath.Join(dir, name)
		writeTree(t, repo, goProject("1.26.3", 8080))
		if code, _, stderr := runCLIQuiet(repo); code != 0 {
			t.Fatalf("dockerize init %s: exit %d: %s", repo, code, stderr)
		}
	}
	edited := filepath.Join(dir, "edited", "Dockerfile")
	data, err := os.ReadFile(edited)
	if err != nil {
		t.Fatal(err)
	}
	writeTree(t, filepath.Join(dir, "edited"), map[string]string{"Dockerfile": string(data) + "LABEL team=\"payments\"\n"})
	writeTree(t, filepath.Join(dir, "moved"), map[string]string{".dockerize.yaml": "port: 9090\n"})
	if err := os.Remove(filepath.Join(dir, "lost", ".dockerignore")); err != nil {
		t.Fatal(err)
	}
	writeTree(t, filepath.Join(dir, "by-hand"), map[string]string{"Dockerfile": "FROM golang:1.27.4\nCOPY . .\n", "go.mod": "module x\n\ngo 1.27\n"})
	// Findings are counted as dockerize lint counts them in the repository:
	// its lint.disable, and the project rules.
	writeTree(t, filepath.Join(dir, "settings"), map[string]string{
		"Dockerfile":      "FROM golang:1.27 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/a .\nFROM scratch\nCOPY --from=build /out/a /a\nUSER 1000\nEXPOSE 3000\nENTRYPOINT [\"/a\"]\n",
		".dockerize.yaml": "lint:\n  disable: [DZ016]\n",
		"go.mod":          "module x\n\ngo 1.27\n",
		"main.go":         "package main\n\nimport \"net/http\"\n\nfunc main() { _ = http.ListenAndServe(\":8080\", nil) }\n",
	})
	rows := reportJSON(t, dir)
	if r := rows["settings"]; r.Rules["DZ016"] != 0 || r.Rules["DZ102"] != 1 {
		t.Errorf("settings: rules %v, want DZ016 disabled by .dockerize.yaml and DZ102 (EXPOSE 3000, listens on 8080) counted", r.Rules)
	}
	for name, want := range map[string]string{
		"current":  "current",
		"edited":   "Dockerfile: local edit",
		"moved":    "Dockerfile: project change",
		"lost":     ".dockerignore: missing",
		"by-hand":  "not generated",
		"settings": "not generated",
	} {
		if got := rows[name].Drift; got != want {
			t.Errorf("%s: drift %q, want %q (problem %q)", name, got, want, rows[name].Problem)
		}
	}
	if after, _ := os.ReadFile(edited); !strings.HasSuffix(string(after), "LABEL team=\"payments\"\n") {
		t.Errorf("report changed an edited Dockerfile")
	}
	code, stdout, _ := runCLI(t, "report", dir)
	if code != 0 || !strings.Contains(stdout, "DRIFT") || !strings.Contains(stdout, "Dockerfile: project change") {
		t.Errorf("text report lacks the drift column (exit %d):\n%s", code, stdout)
	}
}

func TestReportText(t *testing.T) {
	dir := fleet(t)
	code, stdout, stderr := runCLI(t, "report", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	repos := fleetGenerated + len(handWritten) + 1
	if !strings.HasPrefix(lines[0], "REPOSITORY") || len(lines) < repos+2 {
		t.Fatalf("want a header, %d rows and a summary:\n%s", repos, stdout)
	}
	if !strings.Contains(stdout, fmt.Sprintf("%d repositories, %d with a Dockerfile", repos, repos-3)) {
		t.Errorf("summary line wrong:\n%s", lines[len(lines)-1])
	}
	if !strings.Contains(stdout, "3 minor behind (1.27.4)") || !strings.Contains(stdout, "broken: Dockerfile:") {
		t.Errorf("text report lacks the gap or the problem line:\n%s", stdout)
	}
}

func TestReportUsage(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"report"}, "at least one DIR"},
		{[]string{"report", filepath.Join(t.TempDir(), "nope")}, "pass a checkout or a directory of checkouts"},
		{[]string{"report", "-o", "xml", "."}, `--format "xml" is not known`},
		{[]string{"report", t.TempDir()}, "holds no repository"},
	} {
		code, stdout, stderr := runCLI(t, c.args...)
		if code != exitUsage || !strings.Contains(stderr, c.want) || stdout != "" {
			t.Errorf("%v: exit %d, stderr %q, stdout %q; want exit %d saying %q and nothing on stdout", c.args, code, stderr, stdout, exitUsage, c.want)
		}
	}
}
